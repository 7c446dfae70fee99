"""Tier actions: the acting user and the ticket as a core ``Actor`` / ``TicketContext``, the actions
available now, and an accepted transition applied to the ticket, recorded and notified."""

from dataclasses import asdict
from datetime import datetime

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, now_datetime

from moeen_helpdesk.core import tiers as core
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.sla.on_save import status_category
from moeen_helpdesk.tiers.assignment import settle_assignment, sync_rotation
from moeen_helpdesk.tiers.log import log_activity, log_rows, record_transition, timeline_text
from moeen_helpdesk.tiers.notifications import notify_after_commit
from moeen_helpdesk.tiers.resolution import reply_to_beneficiary
from moeen_helpdesk.tiers.teams import (
    ADMIN_ROLES,
    LOG,
    TIER1,
    TIER2,
    intake_team,
    tier_teams,
    tiers_enabled,
    verifiers,
)
from moeen_helpdesk.tiers.times import tier_times
from moeen_helpdesk.utils import throw_core


# ------------------------------------------------------------------ actor & context
def actor_for(user: str | None = None) -> core.Actor:
    user = user or frappe.session.user
    roles = frozenset(frappe.get_roles(user))
    teams = frozenset(
        frappe.get_all("HD Team Member", filters={"user": user, "parenttype": "HD Team"}, pluck="parent")
    )
    is_admin = user == "Administrator" or bool(roles & set(ADMIN_ROLES))
    return core.Actor(user=user, roles=roles, teams=teams, is_admin=is_admin)


def current_state(doc) -> str | None:
    """The ticket's tier state; a ticket from before the tiers were set up (no state)
    counts as Tier 1 (Resolved when its status is) once a tier-1 team exists."""
    if doc.get("moeen_tier_state"):
        return doc.moeen_tier_state
    if not tiers_enabled():
        return None
    return core.RESOLVED if status_category(doc.get("status")) == "Resolved" else core.TIER1


def tier1_home(doc) -> str | None:
    """The tier-1 team a ticket returns to: the one that escalated it, else the intake team."""
    tier1 = tier_teams()[TIER1]
    if doc.get("agent_group") in tier1 and doc.get("moeen_tier_state") == core.TIER1:
        return doc.agent_group
    last = frappe.get_all(
        LOG,
        filters={"ticket": doc.name, "action": core.ESCALATE},
        pluck="team_before",
        order_by="at desc, creation desc",
        limit=1,
    )
    if last and last[0] in tier1:
        return last[0]
    return intake_team()


def context_for(doc, state: str | None = None) -> core.TicketContext:
    service_unit = (
        frappe.get_cached_value("Moeen Service", doc.moeen_service, "tier2_team")
        if doc.get("moeen_service")
        else None
    )
    return core.TicketContext(
        state=state or current_state(doc),
        team=doc.get("agent_group") or None,
        service_unit=service_unit or None,
        tier2_teams=tier_teams()[TIER2],
        verifiers=verifiers(doc.get("agent_group")),
        completed_by=doc.get("moeen_completed_by") or None,
        allow_self_verify=False,
        raised_by=doc.get("raised_by") or None,
        tier1_team=tier1_home(doc),
    )


# ------------------------------------------------------------------- transitions
def resolved_status() -> str:
    """Helpdesk's "Resolved" status, or the first enabled status of the Resolved category."""
    row = frappe.db.get_value("HD Ticket Status", "Resolved", ["category", "enabled"], as_dict=True)
    if row and row.category == "Resolved" and cint(row.enabled):
        return "Resolved"
    found = frappe.get_all(
        "HD Ticket Status",
        filters={"category": "Resolved", "enabled": 1},
        pluck="name",
        order_by="`order` asc",
        limit=1,
    )
    if not found:
        frappe.throw(_("No enabled ticket status of the Resolved category"))
    return found[0]


def reopen_status(doc) -> str:
    return doc.ticket_reopen_status or "Open"


def do_transition(
    ticket: str,
    action: str,
    *,
    reason: str | None = None,
    target_team: str | None = None,
    at: datetime | None = None,
) -> dict:
    """Take a tier action on a ticket as the session user (``at``: the time of the
    action, now by default). Refused actions raise and change nothing."""
    user = frappe.session.user
    doc = frappe.get_doc("HD Ticket", ticket)
    if not frappe.has_permission("HD Ticket", "read", doc=doc, user=user):
        frappe.throw(_("You cannot see ticket {0}").format(ticket), frappe.PermissionError)
    state = current_state(doc)
    if state is None:
        frappe.throw(_("Ticket {0} is not handled in tiers: no team is set up as tier 1").format(ticket))
    at = get_datetime(at) if at else now_datetime()
    try:
        tr = core.apply(
            context_for(doc, state), actor_for(user), action, reason=reason, target_team=target_team, at=at
        )
    except CoreError as e:
        throw_core(e)
    name = apply_transition(doc, tr)
    return {
        "ticket": doc.name,
        "action": tr.action,
        "from_state": tr.from_state,
        "to_state": tr.to_state,
        "team": doc.agent_group,
        "status": doc.status,
        "transition": name,
    }


def apply_transition(doc, tr: core.Transition) -> str:
    """Apply an accepted transition to the ticket, record it and notify after commit."""
    team_before = doc.agent_group
    if tr.team_after and tr.team_after != doc.agent_group:
        doc.agent_group = tr.team_after
        sync_rotation(tr.team_after)  # the rule assigns on save among who is on shift now
    team_changed = doc.agent_group != team_before
    doc.moeen_tier_state = tr.to_state
    if tr.action == core.COMPLETE:
        doc.moeen_completed_by = tr.actor
    elif tr.action in (core.REJECT, core.RETURN, core.REOPEN):
        doc.moeen_completed_by = None
    if tr.action == core.ESCALATE:
        doc.moeen_escalation_reason = tr.reason
    if tr.to_state == core.RESOLVED:
        doc.status = resolved_status()
    elif tr.action == core.REOPEN and status_category(doc.status) == "Resolved":
        doc.status = reopen_status(doc)
    doc.status_category = status_category(doc.status) or doc.status_category
    doc.update(tier_times(doc, log_rows(doc.name) + [asdict(tr)], now=tr.at))
    doc.flags.moeen_tier_transition = True
    try:
        doc.save(ignore_permissions=True)
    finally:
        doc.flags.moeen_tier_transition = False
    name = record_transition(doc, tr)
    log_activity(doc.name, timeline_text(tr))
    settle_assignment(doc, team_changed, take=tr.actor if tr.action == core.ACCEPT else None)
    notify_after_commit(doc.name, tr)
    reply_to_beneficiary(doc, tr)
    return name


# --------------------------------------------------------------------- available
def available_for(ticket: str, user: str | None = None) -> dict:
    user = user or frappe.session.user
    doc = frappe.get_doc("HD Ticket", ticket)
    if not frappe.has_permission("HD Ticket", "read", doc=doc, user=user):
        frappe.throw(_("You cannot see ticket {0}").format(ticket), frappe.PermissionError)
    state = current_state(doc)
    out = {
        "ticket": ticket,
        "state": state,
        "state_label": _(state) if state else None,
        "team": doc.agent_group,
        "actions": [],
        "escalation_targets": [],
    }
    if state is None:
        return out
    ctx, actor = context_for(doc, state), actor_for(user)
    out["actions"] = [
        {"action": a, "label": _(core.ACTION_LABELS[a]), "reason_required": a in core.REASON_REQUIRED}
        for a in core.available_actions(ctx, actor)
    ]
    out["escalation_targets"] = core.escalation_targets(ctx, actor)
    out["service_unit"] = ctx.service_unit
    return out
