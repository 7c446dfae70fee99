"""The ``after_request`` hook: JSON the client sent that Frappe failed to parse is answered 400, not
500."""

import json

import frappe
from frappe import _
from frappe.translate import get_language

from moeen_helpdesk.core.inputs import body_problem
from moeen_helpdesk.guard.errors import InputTooDeep, InvalidArguments

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
