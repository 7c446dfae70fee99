"""The app's HTTP surface as an OpenAPI 3 document, built from the code (never by hand).

Every whitelisted function and doc method of the app, with its parameters and their
annotated types, the Frappe paths the app overrides (``override_whitelisted_methods``),
the app's Script Reports through Frappe's report runner, and the REST writes of a ticket a
beneficiary might try. The external fuzzer (``fuzz/``, schemathesis) reads it; so can
anyone who wants the API described. :func:`app_endpoints` is also what the in-process fuzz
test walks, so a new endpoint is fuzzed by both without editing either.
"""

import importlib
import inspect
import pkgutil
import types
import typing

import frappe

import moeen_helpdesk
from moeen_helpdesk.core.protected import protected_fields
from moeen_helpdesk.protection import app_fields

MODULE = "Moeen Helpdesk"
SKIPPED_PACKAGES = (".tests", ".patches")


def app_endpoints() -> tuple[list, list]:
    """(module functions, doc methods) of the app that are whitelisted."""
    for info in pkgutil.walk_packages(moeen_helpdesk.__path__, "moeen_helpdesk."):
        if any(part in info.name for part in SKIPPED_PACKAGES):
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # a module that needs what a site lacks is not an endpoint module
            continue
    functions, methods = [], []
    for fn in frappe.whitelisted:
        if not fn.__module__.startswith("moeen_helpdesk."):
            continue
        (methods if "." in fn.__qualname__ else functions).append(fn)
    return sorted(functions, key=path_of), sorted(methods, key=lambda f: f.__qualname__)


def path_of(fn) -> str:
    return f"{fn.__module__}.{fn.__name__}"


def params_of(fn) -> list[inspect.Parameter]:
    return [
        p
        for p in inspect.signature(fn).parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", dict: "object", list: "array"}


def schema_of(annotation) -> dict:
    """A JSON schema for a parameter annotation (anything else: no constraint)."""
    if annotation in JSON_TYPES:
        return {"type": JSON_TYPES[annotation]}
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        schemas = [schema_of(a) for a in options]
        nullable = len(options) < len(typing.get_args(annotation))
        if len(schemas) == 1:
            return {**schemas[0], "nullable": True} if nullable else schemas[0]
        return {"anyOf": schemas, "nullable": True} if nullable else {"anyOf": schemas}
    origin = typing.get_origin(annotation)
    if origin in JSON_TYPES:
        return {"type": JSON_TYPES[origin]}
    return {}


def body_of(params: list[inspect.Parameter]) -> dict:
    return {
        "type": "object",
        "properties": {p.name: schema_of(p.annotation) for p in params},
        "required": [p.name for p in params if p.default is inspect.Parameter.empty],
    }


def operation(summary: str, body: dict | None = None, guest: bool = False, parameters=None) -> dict:
    op = {
        "summary": summary[:200],
        "responses": {"200": {"description": "OK"}, "default": {"description": "a refusal (4xx)"}},
    }
    if body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if parameters:
        op["parameters"] = parameters
    if not guest:
        op["security"] = [{"token": []}]
    return op


def method_paths() -> dict:
    """``/api/method/...`` of each whitelisted function (and each Frappe path it overrides)."""
    functions, _methods = app_endpoints()
    overridden = {}
    for frappe_path, targets in (frappe.get_hooks("override_whitelisted_methods") or {}).items():
        overridden.setdefault(targets[-1], []).append(frappe_path)
    paths = {}
    for fn in functions:
        dotted = path_of(fn)
        allowed = set(frappe.allowed_http_methods_for_whitelisted_func.get(fn) or ["POST"])
        verb = "post" if "POST" in allowed else "get"
        summary = (inspect.getdoc(fn) or dotted).splitlines()[0]
        guest = fn in frappe.guest_methods
        body = body_of(params_of(fn))
        for path in (dotted, *overridden.get(dotted, [])):
            if path in ("run_doc_method",):  # the bare alias is the same as frappe.handler's
                continue
            if verb == "post":
                paths[f"/api/method/{path}"] = {"post": operation(summary, body, guest)}
            else:
                query = [
                    {"name": n, "in": "query", "required": n in body["required"], "schema": s}
                    for n, s in body["properties"].items()
                ]
                paths[f"/api/method/{path}"] = {"get": operation(summary, None, guest, query)}
    return paths


def doc_method_path() -> dict:
    """The app's doc methods through ``run_doc_method``."""
    _functions, methods = app_endpoints()
    classes = {m.__qualname__.split(".")[0] for m in methods}
    doctypes = sorted(
        d.name
        for d in frappe.get_all("DocType", {"module": MODULE}, ["name"])
        if d.name.replace(" ", "") in classes
    )
    body = {
        "type": "object",
        "properties": {
            "dt": {"type": "string", "enum": doctypes},
            "dn": {"type": "string"},
            "method": {"type": "string", "enum": sorted({m.__name__ for m in methods})},
            "args": {"type": "string"},
        },
        "required": ["dt", "dn", "method"],
    }
    return {"/api/method/frappe.handler.run_doc_method": {"post": operation("A doc method of the app", body)}}


def report_path() -> dict:
    reports = frappe.get_all("Report", {"module": MODULE, "report_type": "Script Report"}, pluck="name")
    body = {
        "type": "object",
        "properties": {
            "report_name": {"type": "string", "enum": sorted(reports)},
            "filters": {"anyOf": [{"type": "object"}, {"type": "string"}]},
        },
        "required": ["report_name"],
    }
    return {"/api/method/frappe.desk.query_report.run": {"post": operation("The app's reports", body)}}


def ticket_paths(own_tickets: list[str] | None) -> dict:
    """REST reads and writes of HD Ticket and Communication that a beneficiary could try: the
    writes carry the fields the desk decides (they must be refused)."""
    fields = sorted(protected_fields(app_fields()) | {"status", "via_customer_portal"})
    name = {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
    if own_tickets:
        name["schema"]["enum"] = list(own_tickets)
    listing = [
        {"name": "filters", "in": "query", "required": False, "schema": {"type": "string"}},
        {"name": "fields", "in": "query", "required": False, "schema": {"type": "string"}},
        {"name": "or_filters", "in": "query", "required": False, "schema": {"type": "string"}},
    ]
    write = {"type": "object", "properties": {f: {} for f in fields}, "minProperties": 1}
    return {
        "/api/resource/HD Ticket": {
            "get": operation("List tickets", parameters=listing),
            "post": operation("Create a ticket", {"type": "object", "properties": {f: {} for f in fields}}),
        },
        "/api/resource/HD Ticket/{name}": {
            "put": operation("Change a ticket", write, parameters=[name]),
        },
        "/api/resource/Communication": {"get": operation("List messages", parameters=listing)},
    }


def document(own_tickets: list[str] | None = None) -> dict:
    """``own_tickets``: the tickets REST writes aim at (a path parameter's values)."""
    paths = {**method_paths(), **doc_method_path(), **report_path(), **ticket_paths(own_tickets)}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Moeen Helpdesk", "version": moeen_helpdesk.__version__},
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "Authorization"}}
        },
    }
