"""Where beneficiaries land, and what Helpdesk's own customer portal offers them.

* After ``/login`` a beneficiary lands on ``/moeen`` (``role_home_page`` in hooks.py: Frappe
  sends a website user to ``get_home_page()``, which reads the role home pages); ``/me`` lists
  "Moeen" in its sidebar (``portal_menu_items``) and the navbar's account menu offers it
  (:func:`update_website_context`).
* Helpdesk's customer portal: ``/helpdesk/my-tickets…`` opened from a link (a Helpdesk
  e-mail, a bookmark) is sent to the Moeen pages (``website_redirects``); inside Helpdesk's
  single-page app, a ticket without a service from a beneficiary is refused with a pointer to
  the catalog (``tickets.validate``, "Beneficiaries Must Choose a Service", on for new sites).
* The quick filters Helpdesk offers on that portal leave out this app's fields
  (:func:`get_quick_filters`, an ``override_whitelisted_methods`` entry): they are internal to
  the desk, and the Moeen Service link filter made the browser search a doctype beneficiaries
  may not read (a 403 toast).
"""

import frappe
from frappe import _
from helpdesk.api.doc import get_quick_filters as helpdesk_quick_filters

from moeen_helpdesk.beneficiaries import ROLE
from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.utils import is_agent

HOME = "/moeen"
APP_FIELD_PREFIX = "moeen_"


def is_beneficiary_session() -> bool:
    user = frappe.session.user
    return user not in ("Guest", "Administrator") and ROLE in frappe.get_roles(user)


def update_website_context(context):
    """Website pages: the account menu of a beneficiary starts with the way back to Moeen."""
    if not is_beneficiary_session():
        return None
    items = list(context.get("post_login") or [])
    if any(item.get("url") == HOME for item in items):
        return None
    return {"post_login": [{"label": _("Moeen"), "url": HOME}, *items]}


@frappe.whitelist()
@endpoint
def get_quick_filters(doctype: str, show_customer_portal_fields: bool = False):
    """Helpdesk's quick filters; for anyone who is not an agent, the customer portal's set
    without this app's fields (whatever the caller asked for)."""
    if is_agent():
        return helpdesk_quick_filters(doctype, show_customer_portal_fields)
    filters = helpdesk_quick_filters(doctype, True)
    return [f for f in filters if not str(f.get("name") or "").startswith(APP_FIELD_PREFIX)]
