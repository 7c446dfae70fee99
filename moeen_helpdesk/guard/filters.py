"""List-query filters and a list view's columns, rows and sort order must name fields of the
doctype (Frappe's query builder and Helpdesk's list API fail with a 500 otherwise)."""

import json

import frappe
from frappe import _
from frappe.model import default_fields

from moeen_helpdesk.core.inputs import BAD_FIELD, filters_problem, list_view_problem
from moeen_helpdesk.guard.errors import InvalidArguments

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
