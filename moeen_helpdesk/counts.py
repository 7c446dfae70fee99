"""Counts and searches that answer only over what the caller may read.

Frappe 15.92 reads that take a doctype and filters, checked one by one:

* ``frappe.client.get_count`` — ``frappe.db.count``: **no permission at all** (a site-wide
  number, and with a ``like`` filter an oracle on other people's text). Overridden:
  :func:`get_count` counts through Frappe's permission-aware list query.
* ``frappe.desk.search.search_link`` / ``search_widget`` — ``ignore_user_permissions=1``
  from the caller turns off *every* permission of the list query (``ignore_permissions``)
  for anyone with role-level read, and HD Ticket gives every user that. Overridden: the
  flag is honoured only for doctypes whose records the caller may all read anyway.
* ``frappe.desk.listview.get_group_by_count`` — its ``assigned_to`` branch counts over an
  unrestricted query. Overridden: that branch counts only the records the caller may list.
* ``frappe.desk.reportview.get_count`` / ``get`` / ``get_list``, ``frappe.client.get_list`` /
  ``get_value``, the other ``get_group_by_count`` fields and the sidebar stats go through
  ``frappe.get_list`` (permissions and Helpdesk's query conditions applied): left as they are.
"""

import frappe
from frappe import _
from frappe.client import get_safe_filters
from frappe.desk.listview import get_group_by_count as frappe_group_by_count
from frappe.desk.reportview import execute
from frappe.desk.search import search_link as frappe_search_link
from frappe.desk.search import search_widget as frappe_search_widget
from frappe.model.db_query import DatabaseQuery
from frappe.permissions import get_role_permissions

from moeen_helpdesk.guard.endpoints import endpoint

COUNT_ROLES = ("System Manager", "Administrator")


def _filters(filters):
    return get_safe_filters(filters)


def _list_query(doctype: str, filters) -> str:
    return execute(
        doctype,
        filters=filters,
        fields=[f"distinct `tab{doctype}`.name"],
        order_by=None,
        limit_page_length=None,
        run=0,
    )


@frappe.whitelist()
@endpoint
def get_count(
    doctype: str, filters: str | dict | list | None = None, debug: bool = False, cache: bool = False
) -> int:
    """``frappe.client.get_count`` over the records the caller may read."""
    meta = frappe.get_meta(doctype)
    if meta.istable:
        # A child table has no permissions of its own: only system managers count its rows.
        if not set(COUNT_ROLES) & set(frappe.get_roles()):
            frappe.throw(_("You cannot count the rows of {0}").format(_(doctype)), frappe.PermissionError)
        return frappe.db.count(doctype, _filters(filters))
    if meta.issingle:
        return 1 if frappe.has_permission(doctype, "read") else 0
    if not frappe.has_permission(doctype, "read"):
        frappe.throw(_("No permission for {0}").format(_(doctype)), frappe.PermissionError)
    query = _list_query(doctype, _filters(filters))
    return frappe.db.sql(f"select count(*) from ({query}) p")[0][0]  # nosemgrep: built by Frappe's query


def _may_ignore_user_permissions(doctype: str) -> bool:
    """Only where the caller reads every record anyway: role-level read that is not limited
    to their own records, and no permission query conditions (Helpdesk's, the app's)."""
    try:
        perms = get_role_permissions(frappe.get_meta(doctype))
        if not perms.get("read") or perms.get("if_owner", {}).get("read"):
            return False
        return not DatabaseQuery(doctype).get_permission_query_conditions()
    except Exception:
        return False


def _user_permissions_flag(doctype: str, ignore_user_permissions) -> bool:
    return bool(ignore_user_permissions) and _may_ignore_user_permissions(doctype)


@frappe.whitelist()
@endpoint
def search_link(
    doctype: str,
    txt: str,
    query: str | None = None,
    filters: str | dict | list | None = None,
    page_length: int = 10,
    searchfield: str | None = None,
    reference_doctype: str | None = None,
    ignore_user_permissions: bool = False,
) -> list:
    return frappe_search_link(
        doctype,
        txt,
        query=query,
        filters=filters,
        page_length=page_length,
        searchfield=searchfield,
        reference_doctype=reference_doctype,
        ignore_user_permissions=_user_permissions_flag(doctype, ignore_user_permissions),
    )


@frappe.whitelist()
@endpoint
def search_widget(
    doctype: str,
    txt: str,
    query: str | None = None,
    searchfield: str | None = None,
    start: int = 0,
    page_length: int = 10,
    filters: str | None | dict | list = None,
    filter_fields=None,
    as_dict: bool = False,
    reference_doctype: str | None = None,
    ignore_user_permissions: bool = False,
):
    return frappe_search_widget(
        doctype,
        txt,
        query=query,
        searchfield=searchfield,
        start=start,
        page_length=page_length,
        filters=filters,
        filter_fields=filter_fields,
        as_dict=as_dict,
        reference_doctype=reference_doctype,
        ignore_user_permissions=_user_permissions_flag(doctype, ignore_user_permissions),
    )


@frappe.whitelist()
@endpoint
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
    """``frappe.desk.listview.get_group_by_count``; "assigned to" counts only listable records."""
    if field != "assigned_to":
        return frappe_group_by_count(doctype, current_filters, field)
    names = frappe.get_list(
        doctype, filters=frappe.parse_json(current_filters), pluck="name", limit_page_length=None
    )
    if not names:
        return []
    return frappe.get_all(
        "ToDo",
        filters={
            "status": ["!=", "Cancelled"],
            "reference_type": doctype,
            "reference_name": ["in", names],
            "allocated_to": ["in", frappe.get_all("User", {"user_type": "System User"}, pluck="name")],
        },
        fields=["allocated_to as name", "count(*) as count"],
        group_by="allocated_to",
        order_by="count desc",
        limit=50,
    )
