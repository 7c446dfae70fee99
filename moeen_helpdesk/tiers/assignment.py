"""Assignment inside a team: the team's Assignment Rule kept to the members on shift, the waiting
tickets handed out (every 5 minutes), the assignees after a transition, and the HD Team / HD Agent
handlers that keep the rotations current."""

import json
from datetime import datetime

import frappe
from frappe.automation.doctype.assignment_rule.assignment_rule import apply
from frappe.desk.form import assign_to
from frappe.utils import cint, now_datetime

from moeen_helpdesk import intake
from moeen_helpdesk.calendars import get_calendar
from moeen_helpdesk.sla.business_time import to_aware
from moeen_helpdesk.tiers.teams import (
    LOAD_BALANCING,
    OPEN_STATES,
    ROUND_ROBIN,
    TIER1,
    TIER2,
    forget_tier_teams,
    team_members,
    tier_teams,
)


# ---------------------------------------------------------------------- assignment
def _site_aware(now: datetime):
    return to_aware(now)


def on_shift(agent, now: datetime | None = None) -> bool:
    """An HD Agent row (is_active, moeen_away, moeen_shift_calendar) may take tickets now."""
    if not cint(agent.get("is_active")) or cint(agent.get("moeen_away")):
        return False
    calendar = agent.get("moeen_shift_calendar")
    if not calendar:
        return True
    try:
        return get_calendar(calendar).is_open(_site_aware(now or now_datetime()))
    except frappe.DoesNotExistError:
        return False


def members_on_shift(team: str, now: datetime | None = None) -> list[str]:
    """The team's members (in the team's order) who are on shift now and not away."""
    members = team_members(team)
    if not members:
        return []
    agents = {
        a.name: a
        for a in frappe.get_all(
            "HD Agent",
            filters={"name": ["in", members]},
            fields=["name", "is_active", "moeen_away", "moeen_shift_calendar"],
        )
    }
    now = now or now_datetime()
    return [u for u in members if u in agents and on_shift(agents[u], now)]


def sync_rotation(team: str, now: datetime | None = None) -> list[str] | None:
    """Make a tier team's Assignment Rule assign among the members on shift now.

    Returns the users the rule now holds (empty: the rule is disabled and new tickets
    wait in the team's queue), or None for a team outside the tiers. Saves the rule
    only when something changed."""
    row = frappe.db.get_value(
        "HD Team", team, ["moeen_tier", "moeen_dispatch", "assignment_rule"], as_dict=True
    )
    if not row or not row.moeen_tier or not row.assignment_rule:
        return None
    if not frappe.db.exists("Assignment Rule", row.assignment_rule):
        return None
    users = members_on_shift(team, now)
    rule = frappe.get_doc("Assignment Rule", row.assignment_rule)
    wanted = LOAD_BALANCING if row.moeen_dispatch == LOAD_BALANCING else ROUND_ROBIN
    disabled = 0 if users else 1
    condition = intake.deferred_condition(rule.assign_condition)  # assigns after the intake commits
    if (
        [r.user for r in rule.users] == users
        and rule.rule == wanted
        and cint(rule.disabled) == disabled
        and rule.assign_condition == condition
    ):
        return users
    rule.rule = wanted
    rule.disabled = disabled
    rule.assign_condition = condition
    rule.set("users", [{"user": u} for u in users])
    rule.flags.ignore_mandatory = True  # nobody on shift: no users, and the rule is disabled
    rule.save(ignore_permissions=True)
    return users


def sync_all_rotations(now: datetime | None = None) -> dict[str, list[str]]:
    teams = tier_teams()
    out = {}
    for team in teams[TIER1] + teams[TIER2]:
        users = sync_rotation(team, now)
        if users is not None:
            out[team] = users
    return out


WAITING_SQL = """
SELECT t.name FROM `tabHD Ticket` t
WHERE t.agent_group IN %(teams)s AND t.moeen_tier_state IN %(states)s
  AND t.status IN (SELECT s.name FROM `tabHD Ticket Status` s WHERE s.category = 'Open')
  AND COALESCE(t._assign, '') IN ('', '[]')
ORDER BY t.creation ASC
LIMIT %(limit)s
"""


def waiting_tickets(teams: list[str], limit: int = 500) -> list[str]:
    if not teams:
        return []
    return [
        r[0]
        for r in frappe.db.sql(WAITING_SQL, {"teams": tuple(teams), "states": OPEN_STATES, "limit": limit})
    ]


def assign_waiting_tickets(now: datetime | None = None, batch: int = 500) -> int:
    """Scheduler (every 5 minutes): refresh who is on shift in each tier team, then let
    the teams' rules assign the open tickets that wait unassigned — all of them, a page of
    ``batch`` at a time, each committed at once (``intake.assign_each``). Returns how many
    tickets got an assignee."""
    rotations = sync_all_rotations(now)
    staffed = [team for team, users in rotations.items() if users]
    frappe.db.commit()  # nosemgrep: the rotations hold before any ticket is assigned by them
    tried = intake.assign_each(lambda limit: waiting_tickets(staffed, limit), batch)
    return sum(tried.values())


def assignees(ticket: str) -> list[str]:
    raw = frappe.db.get_value("HD Ticket", ticket, "_assign")
    try:
        return json.loads(raw) if raw else []
    except ValueError:
        return []


def settle_assignment(doc, team_changed: bool, take: str | None = None):
    """After a transition: nobody outside the ticket's team stays assigned; ``take``
    (the user who accepted it) becomes the assignee; otherwise the team's rule assigns."""
    current = assignees(doc.name)
    members = set(team_members(doc.agent_group))
    keep = [u for u in current if u in members]
    if take:
        keep = [take] if take in members or not members else keep
    for user in current:
        if user not in keep:
            assign_to.remove("HD Ticket", doc.name, user, ignore_permissions=True)
    if take and take not in current and take in keep:
        assign_to.add(
            {"assign_to": [take], "doctype": "HD Ticket", "name": doc.name}, ignore_permissions=True
        )
    elif team_changed and not keep:
        apply(doctype="HD Ticket", name=doc.name)


# ------------------------------------------------------------ HD Team / HD Agent
def on_team_change(doc, method=None, *args, **kwargs):
    """HD Team on_update / on_trash / after_rename: forget the cached tier teams and
    bring the team's rule to who is on shift."""
    forget_tier_teams()
    frappe.db.after_commit.add(forget_tier_teams)
    frappe.db.after_rollback.add(forget_tier_teams)
    if method != "on_trash" and doc.get("moeen_tier") and not doc.is_new():
        sync_rotation(doc.name)


def on_agent_change(doc, method=None):
    """HD Agent on_update: an agent going away (or changing shifts) leaves the rotations now."""
    if not (
        doc.has_value_changed("moeen_away")
        or doc.has_value_changed("moeen_shift_calendar")
        or doc.has_value_changed("is_active")
    ):
        return
    tiered = set(tier_teams()[TIER1] + tier_teams()[TIER2])
    for team in frappe.get_all(
        "HD Team Member", filters={"user": doc.name, "parenttype": "HD Team"}, pluck="parent"
    ):
        if team in tiered:
            sync_rotation(team)
