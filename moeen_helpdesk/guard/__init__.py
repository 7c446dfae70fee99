"""Malformed input gets a translated 4xx, never a 500: one decorator and one request check.

* :func:`.endpoints.endpoint` wraps every whitelisted function and doc method of the app (under
  ``@frappe.whitelist``, right above ``def``): the permission check it is given runs first,
  then the call's arguments are bound to the signature (a missing or unexpected argument is
  refused with 417), every value is bounded in size and nesting (and must be text a database
  can store), a ``doctype`` argument must name a DocType (404), and an error of the
  function's own input handling (``ValueError``, ``TypeError``, ``KeyError``,
  ``RecursionError``) becomes a 417 / 400 (logged, so a real bug stays visible). Frappe's
  own validation of annotated argument types runs here too, after the permission check (an
  ill-typed argument from a caller who may not call the function gets the 403, not a 417
  that would tell them the function's signature).
* :func:`.parse_errors.after_request` (the ``after_request`` hook): a JSON request body Frappe cannot parse
  (invalid, or nested so deeply that the parser overflows) fails in Frappe's request set-up,
  before any other hook, as a 500; it is the client's error and is answered 400.
* :func:`.request.before_request` (the ``before_request`` hook) bounds the form values of calls to the
  app's methods (and Frappe's methods it overrides) and of ``run_doc_method`` before Frappe sanitises a Guest's input (which
  parses JSON-looking strings and would overflow on deep nesting).

A refused call raises before anything is written; Frappe rolls the request back on errors.

One module per section:

* :mod:`.errors` — the refusals and their HTTP status;
* :mod:`.values` — one argument's size, nesting and text; paging; a known ``doctype``;
* :mod:`.filters` — list-query filters and list views name fields of the doctype;
* :mod:`.endpoints` — :func:`.endpoints.endpoint` and the permission checks it is given;
* :mod:`.request` — :func:`.request.before_request`: REST document shapes, bounds on form values;
* :mod:`.parse_errors` — :func:`.parse_errors.after_request`: unparseable JSON answered 400;
* :mod:`.reports` — :func:`.reports.report_filters`, the reports' filters checked.

The hooks name the section modules. The paths older hooks named are re-exported: Frappe keeps
the hooks in its cache until the next migrate, so between an upgrade's code and its migrate a
request still reaches ``moeen_helpdesk.guard.before_request`` / ``after_request``.
"""

from moeen_helpdesk.guard.parse_errors import after_request
from moeen_helpdesk.guard.request import before_request

__all__ = ["after_request", "before_request"]
