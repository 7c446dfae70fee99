"""Malformed input gets a translated 4xx, never a 500: one decorator and one request check.

* :func:`endpoint` wraps every whitelisted function and doc method of the app (under
  ``@frappe.whitelist``, right above ``def``): the permission check it is given runs first,
  then the call's arguments are bound to the signature (a missing or unexpected argument is
  refused with 417), every value is bounded in size and nesting (and must be text a database
  can store), a ``doctype`` argument must name a DocType (404), and an error of the
  function's own input handling (``ValueError``, ``TypeError``, ``KeyError``,
  ``RecursionError``) becomes a 417 / 400 (logged, so a real bug stays visible). Frappe's
  own validation of annotated argument types runs here too, after the permission check (an
  ill-typed argument from a caller who may not call the function gets the 403, not a 417
  that would tell them the function's signature).
* :func:`after_request` (the ``after_request`` hook): a JSON request body Frappe cannot parse
  (invalid, or nested so deeply that the parser overflows) fails in Frappe's request set-up,
  before any other hook, as a 500; it is the client's error and is answered 400.
* :func:`before_request` (the ``before_request`` hook) bounds the form values of calls to the
  app's methods (and Frappe's methods it overrides) and of ``run_doc_method`` before Frappe sanitises a Guest's input (which
  parses JSON-looking strings and would overflow on deep nesting).

A refused call raises before anything is written; Frappe rolls the request back on errors.
"""

import functools
import inspect
import json
import re

import frappe
from frappe import _
from frappe.model import default_fields
from frappe.translate import get_language
from frappe.utils.typing_validations import transform_parameter_types

from moeen_helpdesk.core import report_filters as filters_rule
from moeen_helpdesk.core.inputs import (
    BAD_FIELD,
    MAX_DEPTH,
    MAX_VALUE_CHARS,
    body_problem,
    filters_problem,
    json_depth,
    list_view_problem,
    value_problem,
)

APP_METHOD_PREFIX = "moeen_helpdesk."
DOC_METHOD_CMDS = (
    "run_doc_method",
    "runserverobj",
    "frappe.handler.run_doc_method",
    "frappe.desk.form.run_method.runserverobj",
)


class InvalidArguments(frappe.ValidationError):
    """A call with missing, unexpected or unusable arguments (HTTP 417)."""

    http_status_code = 417


class InputTooDeep(frappe.ValidationError):
    http_status_code = 400


class InputTooLarge(frappe.ValidationError):
    http_status_code = 413


class InputNotAnObject(frappe.ValidationError):
    http_status_code = 400


class InputNotText(frappe.ValidationError):
    http_status_code = 400


#: Paging arguments: a negative one would reach SQL as ``LIMIT -5``.
PAGING_ARGUMENTS = frozenset(
    ("page_length", "page_len", "limit", "start", "limit_start", "limit_page_length")
)


def check_paging(arguments: dict):
    """Paging arguments (after Frappe's type conversion) are never negative."""
    for name in PAGING_ARGUMENTS & arguments.keys():
        value = arguments[name]
        if isinstance(value, int | float) and value < 0:
            frappe.throw(_("The input {0} cannot be negative").format(name), InvalidArguments)
        if isinstance(value, str) and value.strip().startswith("-"):
            frappe.throw(_("The input {0} cannot be negative").format(name), InvalidArguments)


#: Arguments that carry list-query filters on the call's ``doctype``.
FILTER_ARGUMENTS = frozenset(("filters", "or_filters", "default_filters", "current_filters"))
#: Columns every table has besides the default fields (Frappe's assignment, tags, comments, likes).
META_COLUMNS = frozenset(("_assign", "_user_tags", "_comments", "_liked_by", "_seen"))


def _has_field(doctype: str, field: str) -> bool:
    field = field.rsplit(".", 1)[-1].strip("`")
    if field in default_fields or field in META_COLUMNS:
        return True
    return (
        bool(doctype) and frappe.db.exists("DocType", doctype) and frappe.get_meta(doctype).has_field(field)
    )


def check_filters(doctype: str, value, name: str, pseudo_filters=(), any_field: bool = False):
    """List-query filters on ``doctype`` must have Frappe's shape and name its fields
    (otherwise Frappe's query builder fails with a 500, or MariaDB with an unknown column)."""
    if isinstance(value, str):
        if not value.strip():
            return
        try:
            value = json.loads(value)
        except ValueError:
            frappe.throw(_("The input {0} is not valid JSON").format(name), InvalidArguments)

    def known(other: str | None, field: str) -> bool:
        return any_field or field in pseudo_filters or _has_field(other or doctype, field)

    if problem := filters_problem(value, known):
        kind, where = problem
        if kind == BAD_FIELD:
            frappe.throw(_("Unknown field in the filters: {0}").format(where), InvalidArguments)
        frappe.throw(_("The filters {0} are not valid").format(name), InvalidArguments)


def check_list_view(doctype: str, columns, rows, order_by):
    """A list view's columns, rows and sort order must name fields of ``doctype`` (Helpdesk's
    list API fails with a 500 on anything else)."""
    if problem := list_view_problem(columns, rows, order_by, lambda field: _has_field(doctype, field)):
        frappe.throw(_("Unknown field in the list view: {0}").format(problem[1]), InvalidArguments)


def known_doctype(doctype) -> str:
    """A ``doctype`` argument must name an existing DocType (404 otherwise)."""
    if not isinstance(doctype, str) or not doctype or not frappe.db.exists("DocType", doctype):
        frappe.throw(_("DocType {0} not found").format(doctype), frappe.DoesNotExistError)
    return doctype


def staff_only():
    """Permission check of the desk's own calls: a website user (a beneficiary) or Guest is
    refused before any argument is looked at."""
    user = frappe.session.user
    if user == "Guest" or frappe.get_cached_value("User", user, "user_type") != "System User":
        frappe.throw(_("Only the service desk's staff may do this"), frappe.PermissionError)


def roles_only(*roles: str):
    """A permission check for ``endpoint(check=...)``: one of ``roles`` (or Administrator)."""

    def check():
        if frappe.session.user != "Administrator" and not set(roles) & set(frappe.get_roles()):
            frappe.throw(_("You are not permitted to do this"), frappe.PermissionError)

    return check


def check_input(value, name: str = "", depth: int = 0):
    """Refuse a value that is too large or nested too deeply (strings, lists, dicts)."""
    if depth > MAX_DEPTH:
        frappe.throw(_("The input {0} is nested too deeply").format(name), InputTooDeep)
    if isinstance(value, str):
        if len(value) > MAX_VALUE_CHARS:
            frappe.throw(_("The input {0} is too large").format(name), InputTooLarge)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no database can store it
            frappe.throw(_("The input {0} is not valid text").format(name), InputNotText)
        stripped = value.lstrip()[:1]
        if stripped in ("[", "{") and json_depth(value) + depth > MAX_DEPTH:
            frappe.throw(_("The input {0} is nested too deeply").format(name), InputTooDeep)
    elif isinstance(value, dict):
        if len(value) > MAX_VALUE_CHARS:
            frappe.throw(_("The input {0} is too large").format(name), InputTooLarge)
        for k, v in value.items():
            check_input(k, name, depth + 1)
            check_input(v, name, depth + 1)
    elif isinstance(value, list | tuple):
        if len(value) > MAX_VALUE_CHARS:
            frappe.throw(_("The input {0} is too large").format(name), InputTooLarge)
        for v in value:
            check_input(v, name, depth + 1)


def _refuse_arguments(sig: inspect.Signature, args: tuple, kwargs: dict):
    params = sig.parameters
    takes_any = any(p.kind is p.VAR_KEYWORD for p in params.values())
    unexpected = [] if takes_any else sorted(k for k in kwargs if k not in params)
    if unexpected:
        frappe.throw(_("Unexpected argument: {0}").format(", ".join(unexpected)), InvalidArguments)
    positional = [p.name for p in params.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    given = set(positional[: len(args)]) | set(kwargs)
    missing = [
        p.name
        for p in params.values()
        if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name not in given
    ]
    if missing:
        frappe.throw(_("Missing argument: {0}").format(", ".join(missing)), InvalidArguments)
    frappe.throw(_("The arguments of this call are not valid"), InvalidArguments)


def endpoint(fn=None, *, check=None, pseudo_filters=()):
    """Decorate a whitelisted function or doc method (below ``@frappe.whitelist``).

    ``check``: a permission check called first (with ``self`` for a doc method), before the
    arguments are looked at. ``pseudo_filters``: filter names the function itself resolves
    (not fields of the ``doctype``)."""

    def wrap(func):
        sig = inspect.signature(func)
        is_method = next(iter(sig.parameters), None) == "self"

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if check is not None:
                check(*args[:1]) if is_method else check()
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError:
                _refuse_arguments(sig, args, kwargs)
            for name, value in bound.arguments.items():
                if name != "self":
                    check_input(value, name)
            if "doctype" in bound.arguments:
                known_doctype(bound.arguments["doctype"])
                # A search with its own ``query`` function reads its filters its own way: shape only.
                any_field = bool(bound.arguments.get("query"))
                for name in FILTER_ARGUMENTS & bound.arguments.keys():
                    check_filters(
                        bound.arguments["doctype"], bound.arguments[name], name, pseudo_filters, any_field
                    )
            if getattr(frappe.local, "request", None) or frappe.flags.in_test:
                args, kwargs = transform_parameter_types(func, args, kwargs)
            check_paging(sig.bind(*args, **kwargs).arguments)
            try:
                return func(*args, **kwargs)
            except RecursionError:
                frappe.throw(_("The input is nested too deeply"), InputTooDeep)
            except (ValueError, TypeError, KeyError) as e:
                if isinstance(e, frappe.ValidationError | frappe.PermissionError) or hasattr(
                    e, "http_status_code"
                ):
                    raise
                frappe.log_error(title=f"Invalid input to {func.__module__}.{func.__qualname__}")
                frappe.throw(_("The request is not valid"), InvalidArguments)

        # ``frappe.whitelist`` validates the types of an annotated function before calling it,
        # i.e. before the permission check above: the wrapper shows it no annotations and
        # validates them itself, after the check (``inspect.signature`` still reads them).
        wrapper.__annotations__ = {}
        wrapper.__moeen_endpoint__ = True
        return wrapper

    return wrap(fn) if fn is not None else wrap


def is_endpoint(fn) -> bool:
    return bool(
        getattr(fn, "__moeen_endpoint__", False)
        or any(getattr(f, "__moeen_endpoint__", False) for f in _unwrapped(fn))
    )


def _unwrapped(fn):
    seen = 0
    while hasattr(fn, "__wrapped__") and seen < 10:
        fn = fn.__wrapped__
        seen += 1
        yield fn


def _request_cmd() -> str:
    """The method a request calls (``run_doc_method`` for any doc method, v1 or v2)."""
    request = getattr(frappe.local, "request", None)
    path = request.path if request is not None else ""
    if "/method/" in path:
        head, cmd = path.split("/method/", 1)
        return "run_doc_method" if "/document/" in head else cmd.strip("/")
    return frappe.local.form_dict.get("cmd") or ""


DOCTYPE_IN_JSON = re.compile(r'"doctype"\s*:\s*"([^"]{1,140})"')


def _doc_method_of_app(form: dict) -> bool:
    doctype = form.get("dt")
    if not doctype and isinstance(form.get("docs"), str):
        found = DOCTYPE_IN_JSON.search(form["docs"][:2000])
        doctype = found.group(1) if found else None
    return bool(doctype) and frappe.db.get_value("DocType", doctype, "module") == "Moeen Helpdesk"


REST_PREFIXES = ("/api/resource/", "/api/v1/resource/")


def check_rest_shape():
    """Frappe's REST document routes (v1) assume a well-formed request and fail with a 500
    when it is not (a JSON list as the document: ``list.pop``; a POST on a document without
    ``run_method``: ``KeyError``). Refuse those shapes with a translated 400 first."""
    request = getattr(frappe.local, "request", None)
    path = request.path if request is not None else ""
    prefix = next((p for p in REST_PREFIXES if path.startswith(p)), None)
    if prefix is None:
        return
    parts = [p for p in path[len(prefix) :].split("/") if p]
    form = frappe.local.form_dict or {}
    writes_document = (request.method == "POST" and len(parts) == 1) or (
        request.method == "PUT" and len(parts) >= 2
    )
    if writes_document:
        document = _rest_document(request, form)
        if not isinstance(document, dict):
            frappe.throw(_("The document must be sent as a JSON object"), InputNotAnObject)
        _check_field_values(parts[0], document)
    if request.method == "POST" and len(parts) >= 2 and not form.get("run_method"):
        frappe.throw(_("Name the document method to run (run_method)"), InvalidArguments)


def _check_field_values(doctype: str, document: dict):
    """Each value fits its field's type (a list for a Link field reaches Frappe's link
    checks and fails there with a 500)."""
    if not frappe.db.exists("DocType", doctype):
        return
    meta = frappe.get_meta(doctype)
    for key, value in document.items():
        df = meta.get_field(key) if isinstance(key, str) else None
        if df is not None and value_problem(df.fieldtype, value):
            frappe.throw(_("The value of {0} is not valid").format(key), InvalidArguments)


def _rest_document(request, form: dict):
    """The document a REST write carries, read as Frappe's v1 ``get_request_form_data`` does."""
    data = form.get("data")
    if data is None:
        data = request.get_data(as_text=True)
    if not isinstance(data, str):
        return data
    try:
        return json.loads(data)
    except ValueError:  # a form post (or nothing): Frappe takes the form's fields
        return dict(form)


def before_request():
    """Bound the input of calls to the app's methods (and the Frappe methods it overrides)
    before Frappe (sanitising a Guest's input) or the app parses it. Doc methods of other
    apps get the nesting bound only; Frappe's REST document routes get their shape checked."""
    check_rest_shape()
    cmd = _request_cmd()
    form = frappe.local.form_dict or {}
    target = (frappe.get_hooks("override_whitelisted_methods") or {}).get(cmd, [cmd])[-1]
    if target.startswith(APP_METHOD_PREFIX) or (cmd in DOC_METHOD_CMDS and _doc_method_of_app(form)):
        for name, value in form.items():
            check_input(value, name)
    elif cmd in DOC_METHOD_CMDS:
        for name, value in form.items():
            if isinstance(value, str) and value.lstrip()[:1] in ("[", "{") and json_depth(value) > MAX_DEPTH:
                frappe.throw(_("The input {0} is nested too deeply").format(name), InputTooDeep)


#: Errors of parsing the client's JSON that Frappe lets through as a 500.
PARSE_ERRORS = ("JSONDecodeError", "RecursionError")
#: Arguments Frappe's own endpoints parse as JSON (checked whatever they look like).
JSON_ARGUMENTS = ("filters", "or_filters", "fields", "args", "doc", "docs", "kwargs", "values", "names")


def after_request(response=None, request=None):
    """Answer 400 (not 500) when Frappe failed on JSON the client sent: a request body its
    request set-up could not parse, or an argument (``filters``, ``fields``, …) that Frappe's
    own endpoints parse without catching the error. Only when the client's input really is
    malformed: any other 500 is left as it is."""
    if response is None or request is None or response.status_code != 500:
        return
    problem = body_problem(request.get_data(as_text=True)) if request.is_json else None
    if problem is None and _exc_type(response) in PARSE_ERRORS:
        problem = _argument_problem(request)
    if problem is None:
        return
    try:
        frappe.local.lang = get_language()
    except Exception:
        frappe.local.lang = "en"
    text, exc = _body_refusal(problem)
    response.status_code = 400
    response.mimetype = "application/json"
    response.set_data(
        json.dumps(
            {
                "exc_type": exc.__name__,
                "exception": f"{exc.__module__}.{exc.__name__}: {text}",
                "_server_messages": json.dumps(
                    [json.dumps({"message": text, "title": _("Message"), "indicator": "red"})]
                ),
            }
        )
    )


def _exc_type(response) -> str | None:
    try:
        return (json.loads(response.get_data(as_text=True)) or {}).get("exc_type")
    except (ValueError, AttributeError):
        return None


def _argument_problem(request) -> str | None:
    """The problem of the first JSON-looking argument of the request that is not valid JSON."""
    items = [*request.args.items(), *request.form.items()]
    if request.is_json:
        try:
            body = json.loads(request.get_data(as_text=True))
        except ValueError:
            body = None
        if isinstance(body, dict):
            items += [(k, v) for k, v in body.items() if isinstance(v, str)]
    for name, value in items:
        looks_like_json = name in JSON_ARGUMENTS or value.lstrip()[:1] in ("[", "{")
        if looks_like_json and (problem := body_problem(value)):
            return problem
    return None


def _body_refusal(problem: str) -> tuple[str, type]:
    if problem == "too_deep":
        return _("The request is nested too deeply"), InputTooDeep
    return _("The request is not valid JSON"), InvalidArguments


def report_filters(filters) -> frappe._dict:
    """The filters of one of the app's reports, checked (``core.report_filters``): a translated
    417 naming the filter when one is malformed, before any query runs."""
    try:
        return frappe._dict(filters_rule.clean(filters))
    except filters_rule.BadFilter as e:
        frappe.throw(_report_filter_message(e), InvalidArguments)


def _report_filter_message(e) -> str:
    if e.reason == filters_rule.NOT_A_DATE:
        return _("The filter {0} must be a date").format(e.field)
    if e.reason == filters_rule.NOT_TEXT:
        return _("The filter {0} must be text").format(e.field)
    if e.reason == filters_rule.TOO_LONG:
        return _("The filter {0} is too long").format(e.field)
    return _("The report filters must be an object")
