"""Work queues: the HD Ticket filters of each queue for a user (their teams and roles now) and the
queue's tickets as the user may see them."""

import frappe
from frappe import _

from moeen_helpdesk.core import tiers as core
from moeen_helpdesk.tiers.teams import LOG, OPEN_STATES, TIER1, TIER2, TIER2_STATES, tier_teams
from moeen_helpdesk.tiers.transitions import actor_for

# ------------------------------------------------------------------------ queues
QUEUES = ("my_tier", "escalated_by_us", "awaiting_verification", "waiting")
LIST_FIELDS = [
    "name",
    "subject",
    "moeen_tier_state",
    "agent_group",
    "status",
    "priority",
    "moeen_service",
    "_assign",
    "modified",
    "moeen_tier1_seconds",
    "moeen_tier2_seconds",
    "moeen_overrun_tier",
]


#: Tickets nobody is assigned to: Frappe keeps ``_assign`` as a JSON list of quoted users
#: (empty, NULL or "[]" when nobody is). Frappe compares NULL as '' for "not like".
UNASSIGNED = ["not like", '%"%']


def queue_filters(kind: str, user: str | None = None) -> dict:
    """The HD Ticket filters of a work queue for a user, evaluated now (the user's teams
    and roles as they are):

    * ``my_tier``: open tickets in the user's teams (tier 1: state Tier 1; a unit:
      Escalated / Tier 2 / Completed);
    * ``escalated_by_us``: tickets a tier-1 team of the user escalated that tier 2 still holds;
    * ``awaiting_verification``: Completed tickets of the units the user leads;
    * ``waiting``: open tickets of the user's teams that nobody is assigned to."""
    if kind not in QUEUES:
        frappe.throw(_("Unknown queue {0}").format(kind))
    user = user or frappe.session.user
    actor = actor_for(user)
    teams = tier_teams()
    mine = sorted(actor.teams & set(teams[TIER1] + teams[TIER2]))
    if kind == "my_tier":
        return {"agent_group": ["in", mine or [""]], "moeen_tier_state": ["in", list(OPEN_STATES)]}
    if kind == "waiting":
        return {
            "agent_group": ["in", mine or [""]],
            "moeen_tier_state": ["in", list(OPEN_STATES)],
            "_assign": UNASSIGNED,
        }
    if kind == "escalated_by_us":
        ours = sorted(actor.teams & set(teams[TIER1]))
        if not ours and (actor.is_admin or core.TIER1_SUPERVISOR in actor.roles):
            ours = teams[TIER1]
        names = frappe.get_all(
            LOG,
            filters={"action": core.ESCALATE, "team_before": ["in", ours or [""]]},
            pluck="ticket",
            distinct=True,
        )
        return {"name": ["in", names or [""]], "moeen_tier_state": ["in", list(TIER2_STATES)]}
    led = mine if (core.TIER2_LEAD in actor.roles or actor.is_admin) else []
    led = [t for t in led if t in teams[TIER2]] or (teams[TIER2] if actor.is_admin else [])
    return {"agent_group": ["in", led or [""]], "moeen_tier_state": core.COMPLETED}


def queue(kind: str, user: str | None = None, limit: int = 100) -> list[dict]:
    """Tickets of a work queue (:func:`queue_filters`), as the user may see them."""
    return frappe.get_list(
        "HD Ticket",
        filters=queue_filters(kind, user),
        fields=LIST_FIELDS,
        order_by="modified desc",
        limit_page_length=limit,
    )
