"""The views' queues in Helpdesk's list API, its ticket page's next / previous arrows and its
list's export: the queue pseudo-filter expanded for the session user."""

import json

import frappe
from frappe import _
from frappe.desk.reportview import export_query as frappe_export_query
from helpdesk.api.doc import get_list_data as helpdesk_get_list_data
from helpdesk.helpdesk.doctype.hd_ticket import api as hd_ticket_api

from moeen_helpdesk.agent_ui.views import QUEUE_FILTER
from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.guard.filters import check_list_view
from moeen_helpdesk.tiers.queues import queue_filters


def expand_queue_filter(filters):
    """Replace the pseudo-filter ``__moeen_queue`` with the queue's filters for the session user."""
    if isinstance(filters, str):
        try:
            filters = json.loads(filters or "{}")
        except ValueError:
            frappe.throw(_("Invalid filters"), frappe.ValidationError)
    if not isinstance(filters, dict) or QUEUE_FILTER not in filters:
        return filters

    filters = dict(filters)
    kind = filters.pop(QUEUE_FILTER)
    if isinstance(kind, list | tuple):  # ["=", "my_tier"]
        kind = kind[-1] if kind else None
    if not isinstance(kind, str):
        frappe.throw(_("Unknown queue {0}").format(kind), frappe.ValidationError)
    filters.update(queue_filters(kind))
    return filters


@frappe.whitelist()
@endpoint(pseudo_filters=(QUEUE_FILTER,))
def get_list_data(
    doctype: str,
    filters: dict | None = None,
    default_filters: dict | None = None,
    order_by: str = "modified desc",
    page_length: int = 20,
    columns: list | None = None,
    rows: list | None = None,
    show_customer_portal_fields: bool = False,
    view: dict | None = None,
    is_default: bool = False,
) -> dict:
    """Helpdesk's list API (``helpdesk.api.doc.get_list_data``, same arguments) with the
    Moeen queue pseudo-filter expanded; everything else is Helpdesk's."""
    check_list_view(doctype, columns, rows, order_by)
    return helpdesk_get_list_data(
        doctype=doctype,
        filters=expand_queue_filter(filters or {}),
        default_filters=default_filters or {},
        order_by=order_by,
        page_length=page_length,
        columns=columns or [],
        rows=rows or [],
        show_customer_portal_fields=show_customer_portal_fields,
        view=view,
        is_default=is_default,
    )


def queue_conditions(filters) -> list:
    """A view's filters (a dict, with the queue pseudo-filter or not) as a list of
    ``[field, operator, value]``, the queue's own filters added beside the others: a
    field may be filtered twice (``name`` by an escalation queue and by the page's
    selection or the current ticket)."""
    if isinstance(filters, str):
        try:
            filters = json.loads(filters or "{}")
        except ValueError:
            frappe.throw(_("Invalid filters"), frappe.ValidationError)
    if isinstance(filters, list):
        return filters
    if not isinstance(filters, dict):
        frappe.throw(_("Invalid filters"), frappe.ValidationError)
    queue = expand_queue_filter({QUEUE_FILTER: filters[QUEUE_FILTER]}) if QUEUE_FILTER in filters else {}
    out = []
    for source in ({k: v for k, v in filters.items() if k != QUEUE_FILTER}, queue):
        for field, value in source.items():
            if isinstance(value, list | tuple) and len(value) == 2 and isinstance(value[0], str):
                out.append([field, value[0], value[1]])
            else:
                out.append([field, "=", value])
    return out


NAVIGATION_LIMIT = 40  # as many as Helpdesk's own list of tickets to navigate


@frappe.whitelist()
@endpoint
def get_navigation_tickets(ticket: str, current_view: str | None = None):
    """Helpdesk's next / previous ticket list (``helpdesk.helpdesk.doctype.hd_ticket.api.
    get_navigation_tickets``, same arguments and answer); for a view with the queue
    pseudo-filter, the queue's tickets after Helpdesk's filters and order of the view."""
    filters = hd_ticket_api.get_navigation_filters(ticket, current_view)
    if not isinstance(filters, dict) or QUEUE_FILTER not in filters:
        return hd_ticket_api.get_navigation_tickets(ticket, current_view)
    tickets = frappe.get_list(
        "HD Ticket",
        pluck="name",
        filters=queue_conditions(filters),
        order_by=hd_ticket_api.get_navigation_order_by(current_view),
        limit=NAVIGATION_LIMIT,
    )
    return [ticket, *tickets]


@frappe.whitelist()
@endpoint
def export_query():
    """Frappe's ``frappe.desk.reportview.export_query`` (Helpdesk's list export) with the
    queue pseudo-filter of an HD Ticket list expanded; any other export is Frappe's."""
    filters = frappe.form_dict.get("filters")
    if frappe.form_dict.get("doctype") == "HD Ticket" and filters and QUEUE_FILTER in str(filters):
        frappe.form_dict["filters"] = json.dumps(queue_conditions(filters))
    return frappe_export_query()
