"""Notifications of a transition: the team or user told, as Notification Log entries in each
user's language, enqueued after the commit."""

from functools import partial

import frappe

from moeen_helpdesk.core import tiers as core
from moeen_helpdesk.tiers.teams import LOG, team_members, verifiers
from moeen_helpdesk.utils import URGENT_QUEUE


# ----------------------------------------------------------------- notifications
def notify_after_commit(ticket: str, tr: core.Transition):
    recipients = []
    if tr.action in (core.ESCALATE, core.RETURN, core.REOPEN):
        recipients = team_members(tr.team_after)
    elif tr.action == core.COMPLETE:
        recipients = verifiers(tr.team_after)
    elif tr.action == core.REJECT:
        recipients = [
            u
            for u in frappe.get_all(
                LOG,
                filters={"ticket": ticket, "action": core.COMPLETE},
                pluck="user",
                order_by="at desc, creation desc",
                limit=1,
            )
            if u
        ]
    recipients = sorted({u for u in recipients if u and u != tr.actor})
    if not recipients:
        return
    kwargs = {
        "ticket": ticket,
        "action": tr.action,
        "team": tr.team_after,
        "by": tr.actor,
        "reason": tr.reason,
        "users": recipients,
    }
    frappe.db.after_commit.add(
        partial(frappe.enqueue, "moeen_helpdesk.tiers.notifications.notify", queue=URGENT_QUEUE, **kwargs)
    )


NOTICES = {
    core.ESCALATE: "Ticket {0} was escalated to your team {1}",
    core.RETURN: "Ticket {0} was returned to tier 1 ({1})",
    core.REOPEN: "Ticket {0} was reopened and is back at tier 1 ({1})",
    core.COMPLETE: "Ticket {0} was completed and awaits your verification",
    core.REJECT: "Your completion of ticket {0} was rejected",
}


def notify(ticket: str, action: str, team: str | None, by: str | None, reason: str | None, users: list[str]):
    """Notification Log entries (the desk's bell), in each user's language (a background job:
    the worker commits)."""
    subject_of = frappe.db.get_value("HD Ticket", ticket, "subject")
    for user in users:
        lang = frappe.db.get_value("User", user, "language") or "ar"
        subject = frappe._(NOTICES[action], lang=lang).format(ticket, team or "-")
        frappe.get_doc(
            {
                "doctype": "Notification Log",
                "for_user": user,
                "from_user": by,
                "type": "Alert",
                "subject": subject,
                "document_type": "HD Ticket",
                "document_name": ticket,
                "email_content": reason or subject_of,
            }
        ).insert(ignore_permissions=True)
