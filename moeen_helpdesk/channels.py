"""The channels' Frappe glue: who is calling, and the unified contact center.

**The contact center** (number, hours, open now) is built here only: the portal's pages and
``moeen_helpdesk.api.portal.contact_center`` show :func:`contact_center`, the call log's
form (``moeen_helpdesk.api.calls.contact_center_status``) shows :func:`contact_center_status`.
Its number and calendar name are :mod:`moeen_helpdesk.core.channels`' constants.

**Who is calling**: the Contacts and Users with a phone number, for every path that needs it.

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
from datetime import datetime

import frappe
from frappe import _
from frappe.contacts.doctype.contact.contact import get_contact_name
from frappe.utils import now_datetime, validate_email_address

from moeen_helpdesk.calendars import DOCTYPE as CALENDAR
from moeen_helpdesk.calendars import get_calendar
from moeen_helpdesk.core import channels as core
from moeen_helpdesk.core.calendar import DEFAULT_TIMEZONE
from moeen_helpdesk.core.channels import CONTACT_CENTER, CONTACT_PHONE
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.portal.times import calendar_info, format_when, hours_summary
from moeen_helpdesk.sla.business_time import default_calendar_name, site_zone
from moeen_helpdesk.utils import throw_core

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
            people[email] = get_contact_name(email) or None
    return Caller(key, contacts, dict(sorted(people.items())))


# --------------------------------------------------------------------------- the contact center


def contact_center() -> dict:
    """The unified contact center as the portal shows it: phone, weekly hours (its calendar, else
    the default calendar) and whether it is open now."""
    name = CONTACT_CENTER if frappe.db.exists(CALENDAR, CONTACT_CENTER) else default_calendar_name()
    info = calendar_info(name)
    out = {
        "name": _("Unified Contact Center"),
        "phone": CONTACT_PHONE,
        "phone_href": f"tel:{CONTACT_PHONE}",
        "calendar": name,
        "hours": hours_summary(info) or _("Sunday to Thursday, 7:30 am to 4:00 pm"),
        "timezone": info["timezone"] if info else DEFAULT_TIMEZONE,
        "open_now": None,
        "status_text": "",
        "next_open": None,
        "portal_hours": _("The Moeen platform is available around the clock"),
    }
    if info:
        now = now_datetime().replace(tzinfo=site_zone())
        cal = info["calendar"]
        out["open_now"] = bool(cal.is_open(now))
        out["status_text"] = _("Open now") if out["open_now"] else _("Closed now")
        if not out["open_now"]:
            try:
                out["next_open"] = format_when(cal.next_open(now), info["timezone"])
            except Exception:  # a calendar without any open time ahead
                out["next_open"] = None
    return out


def contact_center_status(now: datetime) -> dict:
    """The contact center's hours on ``now``'s date (in its zone) and whether it is open, for the
    desk (only the calendar "Contact Center"; nothing when it does not exist)."""
    out = {
        "calendar": None,
        "timezone": None,
        "date": None,
        "is_open": None,
        "windows": [],
        "next_open": None,
    }
    if not frappe.db.exists(CALENDAR, CONTACT_CENTER):
        return out
    cal = get_calendar(CONTACT_CENTER)
    local = now.astimezone(cal.timezone)
    day = local.date()
    windows = []
    for start, end in cal.windows_on(day):
        windows.append(
            {"from": start.strftime("%H:%M"), "to": "24:00" if end.date() > day else end.strftime("%H:%M")}
        )
    is_open = cal.is_open(local)
    next_open = None
    if not is_open:
        try:
            next_open = cal.next_open(local).strftime("%Y-%m-%d %H:%M")
        except CoreError as e:
            throw_core(e)
    out.update(
        calendar=CONTACT_CENTER,
        timezone=str(cal.timezone),
        date=day.isoformat(),
        is_open=is_open,
        windows=windows,
        next_open=next_open,
        now=local.strftime("%H:%M"),
    )
    return out
