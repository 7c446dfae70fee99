"""/moeen/ticket?name=N — one of the beneficiary's tickets: conversation, attachments, reply, close, reopen."""

import frappe
from frappe import _

from moeen_helpdesk.portal import pages, surveys, tickets

no_cache = 1
sitemap = 0


def get_context(context):
    user, _lang = pages.setup_page(context, "ticket")
    name = (frappe.form_dict.get("name") or "").strip()
    context.title = _("Ticket")
    context.ticket = None
    context.error = None
    context.created = bool(frappe.form_dict.get("created"))
    try:
        doc = tickets.get_ticket_for(user, name)
    except (frappe.DoesNotExistError, frappe.PermissionError) as e:
        frappe.clear_last_message()
        frappe.local.message_log = []
        context.error = str(e)
        context.http_status_code = 404 if isinstance(e, frappe.DoesNotExistError) else 403
        return context
    context.ticket = tickets.ticket_detail(user, doc)
    context.survey = surveys.ticket_survey(doc.name)
    context.title = _("Ticket #{0}").format(doc.name)
    return context
