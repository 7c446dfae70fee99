"""The ``before_request`` hook: Frappe's REST document routes get their shape checked, and the form
values of calls to the app's methods (and the Frappe methods it overrides) and of doc methods are
bounded before Frappe (sanitising a Guest's input) or the app parses them."""

import json
import re

import frappe
from frappe import _

from moeen_helpdesk.core.inputs import MAX_DEPTH, json_depth, value_problem
from moeen_helpdesk.guard.errors import InputNotAnObject, InputTooDeep, InvalidArguments
from moeen_helpdesk.guard.values import check_input

APP_METHOD_PREFIX = "moeen_helpdesk."
DOC_METHOD_CMDS = (
    "run_doc_method",
    "runserverobj",
    "frappe.handler.run_doc_method",
    "frappe.desk.form.run_method.runserverobj",
)


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
