"""The satisfaction surveys the portal offers ("My tickets", the ticket's page): pending as soon
as the request exists, whether or not its e-mail went out (:mod:`moeen_helpdesk.surveys`)."""

from __future__ import annotations

import frappe

from moeen_helpdesk.portal.attachments import TICKET
from moeen_helpdesk.surveys.answers import pending_for


def pending_surveys() -> list[dict]:
    """The logged-in beneficiary's pending surveys (empty, and logged, when they cannot be read:
    the page shows the rest)."""
    try:
        return list(pending_for(frappe.session.user) or [])
    except Exception:
        frappe.clear_last_message()
        frappe.log_error(title="Moeen portal: pending surveys")
        return []


def ticket_survey(name: str) -> dict | None:
    """The pending survey of one of the user's tickets (offered on the ticket's page), or None."""
    return next(
        (
            s
            for s in pending_surveys()
            if s.get("reference_doctype") == TICKET and s.get("reference_name") == name
        ),
        None,
    )
