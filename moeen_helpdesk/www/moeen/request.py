"""/moeen/request?service=CODE — the request form of one service (eligibility checked on the server)."""

import frappe
from frappe import _

from moeen_helpdesk.portal import catalog, pages

no_cache = 1
sitemap = 0


def get_context(context):
    user, _lang = pages.setup_page(context, "request")
    code = (frappe.form_dict.get("service") or "").strip()
    context.title = _("Request a service")
    context.service = None
    context.error = None
    if not code:
        context.error = _("Choose a service from the catalog first.")
        context.http_status_code = 404
        return context
    try:
        context.service = catalog.service_detail(user, code)
    except (frappe.DoesNotExistError, frappe.PermissionError, frappe.ValidationError) as e:
        frappe.clear_last_message()
        frappe.local.message_log = []
        context.error = str(e) or _("This service cannot be requested.")
        context.http_status_code = 404 if isinstance(e, frappe.DoesNotExistError) else 403
        return context
    context.title = context.service["name"]
    return context
