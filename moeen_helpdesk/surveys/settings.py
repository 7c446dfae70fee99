"""The surveys' doctypes and constants, "Moeen Survey Settings" with their defaults, the links'
signing secret, and the stored (naive, site time) date-times as aware ones."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import frappe
from frappe.utils import cint, get_datetime, get_system_timezone
from frappe.utils.password import get_decrypted_password, set_encrypted_password

TEMPLATE = "Moeen Survey Template"
REQUEST = "Moeen Survey Request"
RESPONSE = "Moeen Survey Response"
SETTINGS = "Moeen Survey Settings"
EMAIL_TEMPLATE = "Moeen Satisfaction Survey"
TICKET = "HD Ticket"
CALL_LOG = "TP Call Log"
TICKET_RESOLVED = "Ticket Resolved"
CALL_COMPLETED = "Call Completed"
PENDING, ANSWERED, EXPIRED = "Pending", "Answered", "Expired"
SECRET_KEY = "moeen_survey_secret"  # site config key, and the __Auth field name
PAGE_ROUTE = "/moeen-survey"
VIA_PORTAL_PARAM = "portal"  # ?via=portal: the link the portal offers
VIA_EMAIL, VIA_PORTAL = "E-mail link", "Portal"  # Moeen Survey Request.answered_via
SEND_METHOD = "moeen_helpdesk.surveys.sending.send_request"


def settings() -> frappe._dict:
    """Moeen Survey Settings with their defaults (one query; read only when a
    trigger fires, so no cache to go stale)."""
    doc = frappe.db.get_singles_dict(SETTINGS)

    def value(field, default):
        v = doc.get(field)
        return default if v is None or v == "" else cint(v)

    return frappe._dict(
        enabled=value("enabled", 1),
        ticket_surveys=value("ticket_surveys", 1),
        call_surveys=value("call_surveys", 1),
        send_reminder=value("send_reminder", 1),
        reminder_delay_hours=max(0, value("reminder_delay_hours", 48)),
        expiry_days=max(1, value("expiry_days", 14)),
        email_template=doc.get("email_template") or EMAIL_TEMPLATE,
    )


def aware(value) -> datetime | None:
    """A stored (naive, system time zone) datetime as an aware one."""
    if not value:
        return None
    dt = get_datetime(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ZoneInfo(get_system_timezone()))
    return dt


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def signing_secret(create: bool = True) -> str | None:
    """The HMAC key of survey links: site config ``moeen_survey_secret``, else the
    generated key stored encrypted; generated (once) when missing and ``create``."""
    configured = frappe.conf.get(SECRET_KEY)
    if configured:
        return str(configured)
    secret = get_decrypted_password(SETTINGS, SETTINGS, SECRET_KEY, raise_exception=False)
    if not secret and create:
        secret = secrets.token_urlsafe(32)
        set_encrypted_password(SETTINGS, SETTINGS, secret, SECRET_KEY)
    return secret
