"""Who is calling: the Contacts and Users with a phone number, for every path that needs it.

A ticket from a call and linking a call (``moeen_helpdesk.api.calls``) and the "Call
Completed" survey (``moeen_helpdesk.surveys``) recognise a caller through
:func:`identify_caller` only; whether two spellings are one number is the core's rule
(:func:`moeen_helpdesk.core.channels.normalise_phone`).

Stored numbers are pre-selected by the trailing digits of the number (on the digits of
what is stored, so spaces, dashes and "+" do not matter), then kept when the core says
they are the same number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import frappe
from frappe.utils import validate_email_address

from moeen_helpdesk.core import channels as core

PHONES_SQL = """
SELECT p.parent AS contact, NULL AS user, p.phone AS phone FROM `tabContact Phone` p
WHERE p.parenttype = 'Contact' AND REGEXP_REPLACE(COALESCE(p.phone, ''), '[^0-9]', '') LIKE %(like)s
UNION ALL
SELECT c.name, NULL, c.phone FROM `tabContact` c
WHERE REGEXP_REPLACE(COALESCE(c.phone, ''), '[^0-9]', '') LIKE %(like)s
UNION ALL
SELECT c.name, NULL, c.mobile_no FROM `tabContact` c
WHERE REGEXP_REPLACE(COALESCE(c.mobile_no, ''), '[^0-9]', '') LIKE %(like)s
UNION ALL
SELECT NULL, u.name, u.phone FROM `tabUser` u
WHERE u.enabled = 1 AND REGEXP_REPLACE(COALESCE(u.phone, ''), '[^0-9]', '') LIKE %(like)s
UNION ALL
SELECT NULL, u.name, u.mobile_no FROM `tabUser` u
WHERE u.enabled = 1 AND REGEXP_REPLACE(COALESCE(u.mobile_no, ''), '[^0-9]', '') LIKE %(like)s
"""


@dataclass(frozen=True)
class Caller:
    """The people a phone number belongs to."""

    number: str = ""  #: normalised ("" when the call has no number)
    contacts: tuple[str, ...] = ()  #: every Contact with the number (with or without an email)
    #: email -> its Contact (None: a User's own number, no Contact of theirs has it)
    people: dict[str, str | None] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        """Exactly one person (one email) has the number."""
        return len(self.people) == 1

    @property
    def email(self) -> str | None:
        return next(iter(self.people)) if self.known else None

    @property
    def contact(self) -> str | None:
        return next(iter(self.people.values())) if self.known else None


def caller_number(call) -> str | None:
    """The beneficiary's side of a TP Call Log: the caller of an incoming call, the callee of an outgoing one."""
    return call.get("to") if call.get("type") == "Outgoing" else call.get("from")


def _email(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    return value if value and validate_email_address(value) else None


def contact_email(contact: str) -> str | None:
    """A Contact's email: its own, else its primary (or first) Contact Email, else its user's."""
    row = frappe.db.get_value("Contact", contact, ["email_id", "user"], as_dict=True) or {}
    email = _email(row.get("email_id"))
    if email:
        return email
    emails = frappe.get_all(
        "Contact Email",
        filters={"parent": contact, "parenttype": "Contact"},
        pluck="email_id",
        order_by="is_primary desc, idx asc",
        limit=1,
    )
    return _email(emails[0] if emails else None) or _email(row.get("user"))


def identify_caller(number: str | None) -> Caller:
    """The Contacts and Users whose phone number is ``number`` (any spelling), by email."""
    key = core.normalise_phone(number)
    if not key:
        return Caller()
    rows = frappe.db.sql(PHONES_SQL, {"like": "%" + core.lookup_tail(number)}, as_dict=True)
    rows = [r for r in rows if core.normalise_phone(r.phone) == key]
    contacts = tuple(sorted({r.contact for r in rows if r.contact}))
    people: dict[str, str | None] = {}
    for contact in contacts:
        email = contact_email(contact)
        if email:
            people.setdefault(email, contact)
    for user in sorted({r.user for r in rows if r.user}):
        email = _email(user)
        if email and email not in people:
            from frappe.contacts.doctype.contact.contact import get_contact_name

            people[email] = get_contact_name(email) or None
    return Caller(key, contacts, dict(sorted(people.items())))
