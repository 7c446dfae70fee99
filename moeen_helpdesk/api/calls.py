"""The phone channel: tickets from the contact center's calls (Telephony's TP Call Log).

* ``create_ticket_from_call(call_log, subject, service=None)``: a tier-1 agent opens a
  ticket for the caller: channel "Phone", raised by the email of the Contact whose
  phone number matches the caller's (refused when no contact, or several, match,
  or the contact has no email). The call is linked to the ticket (the call log's
  ``links`` table, which Helpdesk shows on the ticket).
* ``link_call(call_log, ticket)``: link a call to an existing ticket.
* ``contact_center_status()``: the contact center's hours today and whether it is open
  now (calendar "Contact Center").

Numbers are compared on their digits only, by their last 9 digits (so +966 50 123 4567,
00966501234567 and 0501234567 are the same number); shorter numbers must match exactly.
"""

import re
from datetime import datetime, timezone

import frappe
from frappe import _

from moeen_helpdesk import tiers
from moeen_helpdesk.core import tiers as core
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.guard import endpoint
from moeen_helpdesk.utils import NotEligibleError, throw_core

CALL_LOG = "TP Call Log"
CONTACT_CENTER = "Contact Center"
KEY_DIGITS = 9


def _require_tier1():
    actor = tiers.actor_for()
    if not (actor.is_admin or actor.roles & core.TIER1_ROLES):
        frappe.throw(_("Only tier 1 (the contact center) may open or link tickets from calls"), NotEligibleError)


def digits(number: str | None) -> str:
    return re.sub(r"\D", "", number or "")


def number_key(number: str | None) -> str:
    d = digits(number)
    return d[-KEY_DIGITS:] if len(d) >= KEY_DIGITS else d


def caller_number(call) -> str | None:
    """The beneficiary's number: the caller of an incoming call, the callee of an outgoing one."""
    return call.get("to") if call.get("type") == "Outgoing" else call.get("from")


PHONES_SQL = """
SELECT p.parent AS contact, p.phone AS phone FROM `tabContact Phone` p
WHERE p.parenttype = 'Contact' AND REGEXP_REPLACE(COALESCE(p.phone, ''), '[^0-9]', '') LIKE %(like)s
UNION
SELECT c.name, c.phone FROM `tabContact` c
WHERE REGEXP_REPLACE(COALESCE(c.phone, ''), '[^0-9]', '') LIKE %(like)s
UNION
SELECT c.name, c.mobile_no FROM `tabContact` c
WHERE REGEXP_REPLACE(COALESCE(c.mobile_no, ''), '[^0-9]', '') LIKE %(like)s
"""


def contact_email(contact: str) -> str | None:
    row = frappe.db.get_value("Contact", contact, ["email_id", "user"], as_dict=True) or {}
    if row.get("email_id"):
        return row["email_id"].strip().lower()
    email = frappe.get_all("Contact Email", filters={"parent": contact, "parenttype": "Contact"},
                           pluck="email_id", order_by="is_primary desc, idx asc", limit=1)
    if email and email[0]:
        return email[0].strip().lower()
    return row.get("user") or None


def raiser_for_number(number: str | None) -> tuple[str, str]:
    """(contact, email) of the one beneficiary with this phone number, or a clear refusal."""
    key = number_key(number)
    if not key:
        frappe.throw(_("The call has no caller number"))
    rows = frappe.db.sql(PHONES_SQL, {"like": "%" + key}, as_dict=True)
    contacts = sorted({r.contact for r in rows if number_key(r.phone) == key})
    if not contacts:
        frappe.throw(_("No contact has the phone number {0}; add the number to the caller's contact first").format(number))
    by_email: dict[str, str] = {}
    for contact in contacts:
        email = contact_email(contact)
        if email:
            by_email.setdefault(email, contact)
    if not by_email:
        frappe.throw(_("The contact {0} has no email address; add one before opening a ticket").format(
            ", ".join(contacts)))
    if len(by_email) > 1:
        frappe.throw(_("Several contacts have the phone number {0} ({1}); open the ticket from the desk and choose the contact").format(
            number, ", ".join(sorted(by_email))))
    email, contact = next(iter(by_email.items()))
    return contact, email


def _link(call, ticket: str):
    call.link_with_reference_doc("HD Ticket", ticket)
    call.save(ignore_permissions=True)
    tiers._log_activity(ticket, _("linked the call {0} ({1})").format(call.name, caller_number(call) or "-"))


@frappe.whitelist(methods=["POST"])
@endpoint(check=_require_tier1)
def create_ticket_from_call(call_log: str, subject: str, service: str | None = None) -> str:
    _require_tier1()
    call = frappe.get_doc(CALL_LOG, call_log)
    subject = (subject or "").strip()
    if not subject:
        frappe.throw(_("Please give the ticket a subject"), frappe.MandatoryError)
    contact, email = raiser_for_number(caller_number(call))
    ticket = frappe.get_doc({
        "doctype": "HD Ticket",
        "subject": subject,
        "raised_by": email,
        "contact": contact,
        "moeen_channel": "Phone",
        "moeen_service": service or None,
        "via_customer_portal": 0,
    })
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


def status_at(now: datetime) -> dict:
    """The contact center's hours on ``now``'s date (in its zone) and whether it is open."""
    from moeen_helpdesk.calendars import get_calendar

    out = {"calendar": None, "timezone": None, "date": None, "is_open": None, "windows": [], "next_open": None}
    if not frappe.db.exists("Moeen Office Calendar", CONTACT_CENTER):
        return out
    cal = get_calendar(CONTACT_CENTER)
    local = now.astimezone(cal.timezone)
    day = local.date()
    windows = []
    for start, end in cal.windows_on(day):
        windows.append({"from": start.strftime("%H:%M"),
                        "to": "24:00" if end.date() > day else end.strftime("%H:%M")})
    is_open = cal.is_open(local)
    next_open = None
    if not is_open:
        try:
            next_open = cal.next_open(local).strftime("%Y-%m-%d %H:%M")
        except CoreError as e:
            throw_core(e)
    out.update(calendar=CONTACT_CENTER, timezone=str(cal.timezone), date=day.isoformat(), is_open=is_open,
               windows=windows, next_open=next_open, now=local.strftime("%H:%M"))
    return out


@frappe.whitelist()
@endpoint
def contact_center_status() -> dict:
    return status_at(datetime.now(timezone.utc))
