"""The tier log: each accepted transition as a "Moeen Tier Transition" record and a line on Helpdesk's
ticket timeline (activity)."""

import frappe
from frappe import _
from helpdesk.helpdesk.doctype.hd_ticket_activity.hd_ticket_activity import log_ticket_activity

from moeen_helpdesk.core import tiers as core
from moeen_helpdesk.tiers.teams import LOG

TIMELINE = {
    core.RESOLVE: "resolved the ticket at tier 1",
    core.ESCALATE: "escalated the ticket to {0}",
    core.ACCEPT: "accepted the ticket for {0}",
    core.RETURN: "returned the ticket to tier 1 ({0})",
    core.COMPLETE: "completed the work; it awaits verification",
    core.REJECT: "rejected the completed work; it is back with {0}",
    core.VERIFY: "verified the work; the ticket is resolved",
    core.REOPEN: "reopened the ticket; it is back at tier 1 ({0})",
}


def timeline_text(tr: core.Transition) -> str:
    text = _(TIMELINE[tr.action]).format(tr.team_after or "-")
    if tr.reason:
        text += " — " + tr.reason
    return text


def log_activity(ticket: str, text: str):
    log_ticket_activity(ticket, text)


def record_transition(doc, tr: core.Transition) -> str:
    rec = frappe.get_doc(
        {
            "doctype": LOG,
            "ticket": doc.name,
            "action": tr.action,
            "from_state": tr.from_state,
            "to_state": tr.to_state,
            "team_before": tr.team_before,
            "team_after": tr.team_after,
            "user": tr.actor if frappe.db.exists("User", tr.actor) else None,
            "at": tr.at,
            "reason": tr.reason,
        }
    )
    rec.insert(ignore_permissions=True)
    return rec.name


def log_rows(ticket: str) -> list[dict]:
    return frappe.get_all(
        LOG,
        filters={"ticket": ticket},
        fields=["action", "from_state", "to_state", "at"],
        order_by="at asc, creation asc",
    )
