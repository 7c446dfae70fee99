"""The checks of one argument's value: size, nesting and text (:func:`check_input`), paging that
is never negative, a ``doctype`` that names a DocType."""

import frappe
from frappe import _

from moeen_helpdesk.core.inputs import MAX_DEPTH, MAX_VALUE_CHARS, json_depth
from moeen_helpdesk.guard.errors import InputNotText, InputTooDeep, InputTooLarge, InvalidArguments

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


def known_doctype(doctype) -> str:
    """A ``doctype`` argument must name an existing DocType (404 otherwise)."""
    if not isinstance(doctype, str) or not doctype or not frappe.db.exists("DocType", doctype):
        frappe.throw(_("DocType {0} not found").format(doctype), frappe.DoesNotExistError)
    return doctype


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
