"""/moeen/tickets — the beneficiary's own tickets (with what is waiting for them) and pending surveys."""

import frappe
from frappe import _

from moeen_helpdesk.portal import pages, surveys, tickets

no_cache = 1
sitemap = 0

TABS = (
    ("", "All"),
    ("open", "In progress"),
    ("waiting", "Waiting for you"),
    ("resolved", "Resolved"),
)


def get_context(context):
    user, _lang = pages.setup_page(context, "tickets")
    context.title = _("My tickets")
    status = (frappe.form_dict.get("status") or "").strip().lower()
    if status not in tickets.STATUS_FILTERS:
        status = ""
    context.status = status
    context.tabs = [{"key": key, "label": _(label)} for key, label in TABS]
    context.tickets = tickets.my_tickets(user, status or None)
    context.waiting_count = sum(1 for t in context.tickets if t["waiting_for_you"]) if not status else None
    context.surveys = surveys.pending_surveys()
    return context
