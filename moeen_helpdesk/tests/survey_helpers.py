"""Helpers of the survey integration tests."""

from contextlib import contextmanager
from unittest.mock import patch

import frappe

from moeen_helpdesk.surveys import settings as survey_settings
from moeen_helpdesk.tests.utils import doc_hooks

SURVEY_HOOKS = {
    "HD Ticket": ("on_update", "moeen_helpdesk.overrides.hd_ticket.on_update"),
    "TP Call Log": ("on_update", "moeen_helpdesk.overrides.tp_call_log.on_update"),
}


def hooks_wired() -> bool:
    hooks = frappe.get_hooks("doc_events") or {}
    return all(method in (hooks.get(dt, {}).get(event) or []) for dt, (event, method) in SURVEY_HOOKS.items())


def survey_hooks():
    """The survey doc_events, whether or not hooks.py wires them yet (added for the
    block when missing, never twice)."""
    return doc_hooks(*((dt, event, method) for dt, (event, method) in SURVEY_HOOKS.items()))


@contextmanager
def captured_jobs():
    """Record frappe.enqueue calls instead of queueing them; yields the list of
    (method, kwargs)."""
    calls = []

    def fake(method, *args, **kwargs):
        calls.append((method, kwargs))

    with patch("frappe.enqueue", side_effect=fake):
        yield calls


def send_jobs(calls) -> list[str]:
    """The survey requests whose email was enqueued."""
    return [kw.get("request") for method, kw in calls if method == survey_settings.SEND_METHOD]


def make_ticket(raised_by: str, subject: str = "Survey test", **values):
    doc = frappe.get_doc(
        {
            "doctype": "HD Ticket",
            "subject": subject,
            "raised_by": raised_by,
            "description": "<p>details</p>",
            **values,
        }
    )
    doc.insert(ignore_permissions=True)
    return doc


def resolved_in_memory(ticket, modified: str | None = None):
    """The ticket as ``on_update`` sees it right after a save that resolved it,
    without saving (so no hook runs): status Resolved, before-save state Open."""
    doc = frappe.get_doc("HD Ticket", ticket.name)
    before = frappe.get_doc("HD Ticket", ticket.name)
    before.status_category = "Open"
    doc.status = "Resolved"
    doc.status_category = "Resolved"
    if modified:
        doc.modified = modified
    doc._doc_before_save = before
    return doc


def email_rows(request: str) -> list[str]:
    return frappe.get_all(
        "Email Queue", {"reference_doctype": survey_settings.REQUEST, "reference_name": request}, pluck="name"
    )


def email_text(queue_name: str, kinds=("text/html",)) -> str:
    """The decoded HTML (or other) parts of a queued email."""
    import email

    msg = email.message_from_string(frappe.db.get_value("Email Queue", queue_name, "message"))
    parts = []
    for part in msg.walk():
        if part.get_content_type() in kinds:
            parts.append(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8"))
    return "\n".join(parts)


def request_of(doctype: str, name: str, **filters) -> list[frappe._dict]:
    return frappe.get_all(
        survey_settings.REQUEST,
        {"reference_doctype": doctype, "reference_name": name, **filters},
        ["*"],
        order_by="creation asc",
    )


def has_telephony() -> bool:
    return bool(frappe.db.exists("DocType", survey_settings.CALL_LOG))
