"""Helpdesk's customer portal replies through ``run_doc_method`` (``override_whitelisted_methods``).

Helpdesk's portal (``/helpdesk/my-tickets/<id>``) posts a contact's reply as
``run_doc_method(dt="HD Ticket", dn=…, method="create_communication_via_contact", args=…)``, and
that method e-mails the agents before it stores the reply (see :mod:`moeen_helpdesk.replies`).
This override stores that one call's reply the app's way — message first, the agents' e-mail after
the commit — with the same permission check as Frappe's ``run_doc_method`` (read access to the
ticket). Every other call goes unchanged to Frappe's ``run_doc_method``.
"""

from typing import Any

import frappe
from frappe.handler import run_doc_method as frappe_run_doc_method

from moeen_helpdesk import replies
from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.guard.errors import InvalidArguments

PORTAL_REPLY = "create_communication_via_contact"


@frappe.whitelist(allow_guest=True)  # as Frappe's own: the document method decides who may call it
@endpoint
def run_doc_method(
    method: str,
    docs: Any = None,  # Any: every call of the desk passes through here, as loosely typed as before
    dt: Any = None,
    dn: Any = None,  # a ticket's number may come as a JSON number
    arg: Any = None,
    args: Any = None,
):
    if dt != replies.TICKET or method != PORTAL_REPLY or not dn or not isinstance(dn, str | int):
        _check_target(dt, docs)
        return frappe_run_doc_method(method=method, docs=docs, dt=dt, dn=dn, arg=arg, args=args)
    doc = frappe.get_doc(dt, dn)
    if not doc.has_permission("read"):
        frappe.throw(frappe._("Not permitted"), frappe.PermissionError)
    values = args or arg or {}
    if isinstance(values, str):
        try:
            values = frappe.parse_json(values)
        except ValueError:
            values = {}
    if not isinstance(values, dict) or not isinstance(values.get("message"), str):
        frappe.throw(frappe._("The message is missing"), frappe.ValidationError)
    attachments = values.get("attachments") or []
    if not isinstance(attachments, list) or not all(
        isinstance(a, dict) and a.get("name") for a in attachments
    ):
        frappe.throw(frappe._("The attachments are not valid"), frappe.ValidationError)
    for a in attachments:  # only the user's own uploads (Helpdesk's portal uploads them first)
        if frappe.db.get_value("File", a["name"], "owner") != frappe.session.user:
            frappe.throw(frappe._("The attachments are not valid"), frappe.PermissionError)
    replies.store_reply(doc, values["message"], attachments)
    frappe.response.docs.append(doc)


def _check_target(dt: Any, docs: Any):
    """Refuse (404 / 417) a call whose document type does not exist, before Frappe imports its
    controller (an unknown name there is an ImportError, answered with a 500)."""
    if not dt:
        if isinstance(docs, str):
            try:
                docs = frappe.parse_json(docs)
            except ValueError:
                docs = None
        dt = docs.get("doctype") if isinstance(docs, dict) else None
        if not dt:
            frappe.throw(frappe._("The document is missing"), InvalidArguments)
    if not isinstance(dt, str) or not frappe.db.exists("DocType", dt):
        frappe.throw(frappe._("No such document type"), frappe.DoesNotExistError)
