"""Malformed input gets a translated 4xx, never a 500: one decorator and one request check.

* :func:`endpoint` wraps every whitelisted function and doc method of the app (under
  ``@frappe.whitelist``, right above ``def``): the permission check it is given runs first,
  then the call's arguments are bound to the signature (a missing or unexpected argument is
  refused with 417), every value is bounded in size and nesting, and an error of the
  function's own input handling (``ValueError``, ``TypeError``, ``KeyError``,
  ``RecursionError``) becomes a 417 / 400 (logged, so a real bug stays visible). Frappe's
  own type validation (``require_type_annotated_api_methods``) runs before it and answers
  417 for an ill-typed argument.
* :func:`before_request` (the ``before_request`` hook) bounds the form values of calls to the
  app's methods (and Frappe's methods it overrides) and of ``run_doc_method`` before Frappe sanitises a Guest's input (which
  parses JSON-looking strings and would overflow on deep nesting).

A refused call raises before anything is written; Frappe rolls the request back on errors.
"""

import functools
import inspect
import re

import frappe
from frappe import _

from moeen_helpdesk.core.inputs import MAX_DEPTH, MAX_VALUE_CHARS, json_depth

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


def check_input(value, name: str = "", depth: int = 0):
    """Refuse a value that is too large or nested too deeply (strings, lists, dicts)."""
    if depth > MAX_DEPTH:
        frappe.throw(_("The input {0} is nested too deeply").format(name), InputTooDeep)
    if isinstance(value, str):
        if len(value) > MAX_VALUE_CHARS:
            frappe.throw(_("The input {0} is too large").format(name), InputTooLarge)
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


def endpoint(fn=None, *, check=None):
    """Decorate a whitelisted function or doc method (below ``@frappe.whitelist``).

    ``check``: a permission check called first (with ``self`` for a doc method), before the
    arguments are looked at."""

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


def before_request():
    """Bound the input of calls to the app's methods (and the Frappe methods it overrides)
    before Frappe (sanitising a Guest's input) or the app parses it. Doc methods of other
    apps get the nesting bound only."""
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
