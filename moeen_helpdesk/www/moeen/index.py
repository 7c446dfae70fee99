"""/moeen — the portal's home: search and browse the catalog by category, the contact center."""

import frappe
from frappe import _

from moeen_helpdesk.portal import catalog, pages

no_cache = 1
sitemap = 0


def get_context(context):
    user, _lang = pages.setup_page(context, "home")
    context.title = _("Moeen services platform")
    search = (frappe.form_dict.get("q") or "").strip()[:200]
    category = (frappe.form_dict.get("category") or "").strip()[:140]
    context.catalog = catalog.catalog(user, search, category)
    context.all_count = sum(c["count"] for c in context.catalog["categories"])
    return context
