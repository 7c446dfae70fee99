"""Survey links (signed tokens) and the e-mails: the first one (a background job after the
commit) and the hourly reminder / retry / expiry."""

from __future__ import annotations

from urllib.parse import urlencode

import frappe
from frappe.utils import add_to_date, get_url, now_datetime

from moeen_helpdesk.core import surveys as core
from moeen_helpdesk.surveys.settings import (
    EMAIL_TEMPLATE,
    EXPIRED,
    PAGE_ROUTE,
    PENDING,
    REQUEST,
    VIA_PORTAL_PARAM,
    aware,
    settings,
    signing_secret,
    utc_now,
)
from moeen_helpdesk.utils import outgoing_email_ready


def token_for(req) -> str:
    return core.sign_token({"s": req.name, "n": req.nonce}, signing_secret(), aware(req.expires_at))


def survey_url(req, lang: str | None = None, via: str | None = None) -> str:
    """The survey link; ``via="portal"`` marks the link the portal offers (for the report's
    delivery channels), the e-mail's link has none."""
    query = {"token": token_for(req)}
    if lang:
        query["lang"] = lang
    if via == VIA_PORTAL_PARAM:
        query["via"] = via
    return get_url(f"{PAGE_ROUTE}?{urlencode(query)}")


def send_request(request: str, reminder: bool = False) -> bool:
    """Queue the survey email (or its reminder) of a pending request. Background job."""
    if not frappe.db.exists(REQUEST, request):
        return False  # its transaction was rolled back
    req = frappe.get_doc(REQUEST, request)
    if req.status != PENDING or not req.nonce:
        return False
    if reminder and (req.reminded_at or not req.sent_at):
        return False
    if not reminder and req.sent_at:
        return False
    if not outgoing_email_ready():
        return False  # the portal offers the survey anyway; the hourly job tries again for a day
    s = settings()
    template_name = (
        s.email_template if frappe.db.exists("Email Template", s.email_template) else EMAIL_TEMPLATE
    )
    template = frappe.get_doc("Email Template", template_name)
    name = frappe.db.get_value("User", req.beneficiary_user, "full_name") if req.beneficiary_user else None
    args = {
        "survey_url": survey_url(req),
        "survey_url_en": survey_url(req, "en"),
        "beneficiary_name": name or "",
        "reference_doctype": req.reference_doctype,
        "reference_name": req.reference_name,
        "trigger": req.trigger,
        "expires_on": frappe.utils.format_date(req.expires_at, "yyyy-mm-dd"),
        "is_reminder": bool(reminder),
    }
    email = template.get_formatted_email(args)
    frappe.db.savepoint("moeen_survey_email")
    try:
        frappe.sendmail(
            recipients=[req.beneficiary_email],
            subject=email["subject"],
            message=email["message"],
            reference_doctype=REQUEST,
            reference_name=req.name,
            add_unsubscribe_link=0,
            delayed=True,
        )
    except Exception:
        frappe.db.rollback(save_point="moeen_survey_email")
        frappe.clear_last_message()
        frappe.log_error(
            title="Moeen survey email not queued", reference_doctype=REQUEST, reference_name=req.name
        )
        return False
    req.db_set("reminded_at" if reminder else "sent_at", now_datetime(), update_modified=False)
    return True


def send_reminders():
    """Hourly: expire old requests, send the one reminder that is due, and retry
    first emails that were not queued (no worker, no email account) within a day."""
    now = now_datetime()
    for name in frappe.get_all(REQUEST, {"status": PENDING, "expires_at": ["<=", now]}, pluck="name"):
        frappe.db.set_value(REQUEST, name, "status", EXPIRED)
    s = settings()
    if not s.enabled:
        return
    if s.send_reminder:
        rows = frappe.get_all(
            REQUEST,
            {
                "status": PENDING,
                "reminded_at": ["is", "not set"],
                "sent_at": ["<=", add_to_date(now, hours=-s.reminder_delay_hours)],
            },
            ["name", "sent_at", "reminded_at", "expires_at"],
        )
        now_utc = utc_now()
        for row in rows:
            if core.reminder_due(
                aware(row.sent_at),
                now_utc,
                s.reminder_delay_hours,
                bool(row.reminded_at),
                False,
                aware(row.expires_at),
            ):
                _safely(send_request, row.name, reminder=True)
    unsent = frappe.get_all(
        REQUEST,
        {
            "status": PENDING,
            "sent_at": ["is", "not set"],
            "creation": ["between", [add_to_date(now, hours=-24), add_to_date(now, hours=-1)]],
        },
        pluck="name",
    )
    for name in unsent:
        _safely(send_request, name)


def _safely(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except Exception:
        if frappe.flags.in_test:
            raise
        frappe.log_error(title="Moeen survey email failed")
