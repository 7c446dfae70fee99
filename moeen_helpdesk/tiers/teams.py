"""Tier teams and intake: the tier states and fields, which HD Teams are tier 1 / tier 2 (cached), their
members and verifiers, and the routing of a new ticket onto tier 1 (``HD Ticket.before_insert``)."""

import frappe

from moeen_helpdesk.core import tiers as core

TIER1, TIER2 = core.TIER1_LABEL, core.TIER2_LABEL
LOG = "Moeen Tier Transition"
OPEN_STATES = (core.TIER1, core.ESCALATED, core.TIER2, core.COMPLETED)
TIER2_STATES = (core.ESCALATED, core.TIER2, core.COMPLETED)
ROUND_ROBIN, LOAD_BALANCING = "Round Robin", "Load Balancing"
ADMIN_ROLES = ("System Manager",)
#: Ticket fields written only by this package (cleared on intake; ``moeen_helpdesk.protection``
#: puts back anyone else's change).
TIER_FIELDS = (
    "moeen_tier_state",
    "moeen_completed_by",
    "moeen_escalation_reason",
    "moeen_tier1_seconds",
    "moeen_tier2_seconds",
    "moeen_overrun_tier",
)
CACHE_KEY = "moeen_helpdesk:tier_teams"
CACHE_SECONDS = 300


# --------------------------------------------------------------------------- teams
def tier_teams() -> dict[str, list[str]]:
    """``{"Tier 1": [...], "Tier 2": [...]}``, names sorted. Cached in Redis (cleared
    when a team changes, and expiring after 5 minutes in any case)."""
    teams = frappe.cache.get_value(CACHE_KEY, expires=True)
    if teams is None:
        teams = {TIER1: [], TIER2: []}
        if frappe.get_meta("HD Team").has_field("moeen_tier"):
            for row in frappe.get_all(
                "HD Team",
                filters={"moeen_tier": ["in", [TIER1, TIER2]]},
                fields=["name", "moeen_tier"],
                order_by="name asc",
            ):
                teams[row.moeen_tier].append(row.name)
        frappe.cache.set_value(CACHE_KEY, teams, expires_in_sec=CACHE_SECONDS)
    return teams


def forget_tier_teams():
    frappe.cache.delete_value(CACHE_KEY)


def intake_team() -> str | None:
    """The tier-1 team every new ticket lands on: the only one, or the first by name."""
    teams = tier_teams()[TIER1]
    return teams[0] if teams else None


def tiers_enabled() -> bool:
    return intake_team() is not None


def team_members(team: str | None) -> list[str]:
    if not team:
        return []
    return frappe.get_all(
        "HD Team Member", filters={"parent": team, "parenttype": "HD Team"}, pluck="user", order_by="idx asc"
    )


def verifiers(team: str | None) -> list[str]:
    members = team_members(team)
    if not members:
        return []
    return frappe.get_all(
        "Has Role",
        filters={"parent": ["in", members], "parenttype": "User", "role": core.TIER2_LEAD},
        pluck="parent",
        distinct=True,
    )


# -------------------------------------------------------------------------- intake
def on_tier_team(doc) -> bool:
    """The ticket is on a tier team's queue (tier 1 or tier 2)."""
    teams = tier_teams()
    return doc.get("agent_group") in teams[TIER1] + teams[TIER2]


def route_new_ticket(doc, method=None):
    """HD Ticket before_insert: put the new ticket on tier 1 (cached look-ups only).

    The tier fields are never taken from the raiser. Idempotent (``doc.flags.moeen_routed``)."""
    if doc.flags.moeen_routed:
        return
    doc.flags.moeen_routed = True
    for field in TIER_FIELDS:
        doc.set(field, None)
    team = intake_team()
    if not team:
        return
    doc.agent_group = team
    doc.moeen_tier_state = core.initial_state()
