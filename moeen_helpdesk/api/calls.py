"""The phone channel: tickets from the contact center's calls (Telephony's TP Call Log).

* ``create_ticket_from_call(call_log, subject, service=None)``: a tier-1 agent opens a
  ticket for the caller: channel "Phone", raised by the email of the Contact whose
  phone number matches the caller's (refused when no contact, or several, match,
  or the contact has no email). The call is linked to the ticket (the call log's
  ``links`` table, which Helpdesk shows on the ticket).
* ``link_call(call_log, ticket)``: link a call to an existing ticket.
* ``contact_center_status()``: the contact center's hours today and whether it is open
  now (:func:`moeen_helpdesk.channels.contact_center_status`).

The caller is recognised by :func:`moeen_helpdesk.channels.identify_caller`, the one
caller lookup (the call survey uses it too): +966 50 123 4567, 00966501234567,
0501234567 and 501234567 are the same number (:mod:`moeen_helpdesk.core.channels`).
"""

from datetime import datetime, timezone

import frappe
from frappe import _

from moeen_helpdesk import channels
from moeen_helpdesk.channels import caller_number, identify_caller
from moeen_helpdesk.core import tiers as core
from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.tiers.log import log_activity
from moeen_helpdesk.tiers.transitions import actor_for
from moeen_helpdesk.utils import NotEligibleError

CALL_LOG = "TP Call Log"


def _require_tier1():
    actor = actor_for()
    if not (actor.is_admin or actor.roles & core.TIER1_ROLES):
        frappe.throw(
            _("Only tier 1 (the contact center) may open or link tickets from calls"), NotEligibleError
        )


def raiser_for_number(number: str | None) -> tuple[str | None, str]:
    """(contact, email) of the one beneficiary with this phone number, or a clear refusal."""
    caller = identify_caller(number)
    if not caller.number:
        frappe.throw(_("The call has no caller number"))
    if not caller.contacts and not caller.people:
        frappe.throw(
            _("No contact has the phone number {0}; add the number to the caller's contact first").format(
                number
            )
        )
    if not caller.people:
        frappe.throw(
            _("The contact {0} has no email address; add one before opening a ticket").format(
                ", ".join(caller.contacts)
            )
        )
    if not caller.known:
        frappe.throw(
            _(
                "Several contacts have the phone number {0} ({1}); open the ticket from the desk and choose the contact"
            ).format(number, ", ".join(caller.people))
        )
    return caller.contact, caller.email


def _link(call, ticket: str):
    call.link_with_reference_doc("HD Ticket", ticket)
    call.save(ignore_permissions=True)
    log_activity(ticket, _("linked the call {0} ({1})").format(call.name, caller_number(call) or "-"))


@frappe.whitelist(methods=["POST"])
@endpoint(check=_require_tier1)
def create_ticket_from_call(call_log: str, subject: str, service: str | None = None) -> str:
    _require_tier1()
    call = frappe.get_doc(CALL_LOG, call_log)
    subject = (subject or "").strip()
    if not subject:
        frappe.throw(_("Please give the ticket a subject"), frappe.MandatoryError)
    contact, email = raiser_for_number(caller_number(call))
    ticket = frappe.get_doc(
        {
            "doctype": "HD Ticket",
            "subject": subject,
            "raised_by": email,
            "contact": contact,
            "moeen_channel": "Phone",
            "moeen_service": service or None,
            "via_customer_portal": 0,
        }
    )
    ticket.insert()
    _link(call, ticket.name)
    return ticket.name


@frappe.whitelist(methods=["POST"])
@endpoint(check=_require_tier1)
def link_call(call_log: str, ticket: str) -> dict:
    _require_tier1()
    call = frappe.get_doc(CALL_LOG, call_log)
    doc = frappe.get_doc("HD Ticket", ticket)
    doc.check_permission("read")
    if not call.has_link("HD Ticket", doc.name):
        _link(call, doc.name)
    return {"call_log": call.name, "ticket": doc.name}


@frappe.whitelist()
@endpoint
def contact_center_status() -> dict:
    return channels.contact_center_status(datetime.now(timezone.utc))
