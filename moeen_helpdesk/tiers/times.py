"""Per-tier time: business seconds per tier on the ticket's calendar, hold periods excluded, the
overrun against the service's tier targets, and the hourly refresh of open tickets."""

import json
from datetime import datetime

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, now_datetime

from moeen_helpdesk.core import tiers as core
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.sla.business_time import business_seconds
from moeen_helpdesk.sla.on_save import status_category
from moeen_helpdesk.tiers.log import log_rows, record_transition
from moeen_helpdesk.tiers.teams import OPEN_STATES, TIER1, TIER2


# ------------------------------------------------------------------ per-tier time
def hold_periods(doc, now: datetime) -> list[tuple[datetime, datetime]]:
    """When the ticket's status was in a Paused category (from its version history)."""
    if not doc.get("name") or doc.is_new():
        return []
    periods, since = [], None
    versions = frappe.get_all(
        "Version",
        filters={"ref_doctype": "HD Ticket", "docname": doc.name},
        fields=["creation", "data"],
        order_by="creation asc",
    )
    for v in versions:
        try:
            changed = json.loads(v.data or "{}").get("changed") or []
        except ValueError:
            continue
        for row in changed:
            if not isinstance(row, list | tuple) or len(row) < 3 or row[0] != "status":
                continue
            paused = status_category(row[2]) == "Paused"
            if paused and since is None:
                since = get_datetime(v.creation)
            elif not paused and since is not None:
                periods.append((since, get_datetime(v.creation)))
                since = None
    if since is not None and since < now:
        periods.append((since, now))
    return [(a, b) for a, b in periods if b > a]


def service_tier_targets(service: str | None) -> dict[str, int | None]:
    if not service:
        return {TIER1: None, TIER2: None}
    t1, t2 = frappe.get_cached_value("Moeen Service", service, ["tier1_target", "tier2_target"]) or (
        None,
        None,
    )
    return {TIER1: cint(t1) or None, TIER2: cint(t2) or None}


def tier_times(doc, rows: list, now: datetime | None = None) -> dict:
    """The tier fields' values from the ticket's ordered transitions (mappings or records
    with from_state, to_state, at). The open span runs to ``now`` (never before the last
    transition). A log the core refuses leaves the stored values as they are."""
    rows = [
        {
            "action": r.get("action"),
            "from_state": r.get("from_state"),
            "to_state": r.get("to_state"),
            "at": get_datetime(r.get("at")),
        }
        for r in (dict(x) for x in rows)
    ]
    created = get_datetime(doc.creation) if doc.get("creation") else (rows[0]["at"] if rows else None)
    if created is None:
        return {}
    if rows and rows[0]["from_state"] != core.TIER1:
        # The ticket joined the tiers when it was reopened: count from there.
        created, rows = rows[0]["at"], rows[1:]
    now = get_datetime(now) if now else now_datetime()
    now = max([now, created] + [r["at"] for r in rows])
    try:
        spans = core.tier_spans(rows, created, now)
        seconds = core.time_per_tier(spans, lambda a, b: business_seconds(doc, a, b), hold_periods(doc, now))
    except CoreError:
        frappe.log_error(title=f"Tier times of {doc.name}", message=frappe.get_traceback())
        return {}
    over = core.overrun_tier(seconds, service_tier_targets(doc.get("moeen_service")))
    return {
        "moeen_tier1_seconds": int(seconds[TIER1]),
        "moeen_tier2_seconds": int(seconds[TIER2]),
        "moeen_overrun_tier": ", ".join(over) or None,
    }


def refresh_tier_times(ticket_name: str, now: datetime | None = None) -> dict:
    """Recompute and store a ticket's per-tier business seconds and overrun (no save hooks)."""
    doc = frappe.get_doc("HD Ticket", ticket_name)
    values = tier_times(doc, log_rows(ticket_name), now=now)
    if values:
        frappe.db.set_value("HD Ticket", ticket_name, values, update_modified=False)
    return values


def refresh_open_tickets(now: datetime | None = None) -> int:
    """Scheduler (hourly): the clocks of tickets still in a tier move on; a ticket that
    Helpdesk closed without its hooks (its daily auto-close) is recorded as resolved."""
    now = now or now_datetime()
    closed = frappe.db.sql(
        """SELECT t.name, t.moeen_tier_state, t.agent_group, t.modified FROM `tabHD Ticket` t
           JOIN `tabHD Ticket Status` s ON s.name = t.status
           WHERE t.moeen_tier_state IN %(states)s AND s.category = 'Resolved'""",
        {"states": OPEN_STATES},
        as_dict=True,
    )
    for row in closed:
        tr = core.Transition(
            action=core.RESOLVE,
            from_state=row.moeen_tier_state,
            to_state=core.RESOLVED,
            actor="Administrator",
            team_before=row.agent_group,
            team_after=row.agent_group,
            reason=_("Closed outside the tier actions"),
            at=get_datetime(row.modified),
        )
        doc = frappe.get_doc("HD Ticket", row.name)
        record_transition(doc, tr)
        frappe.db.set_value("HD Ticket", row.name, "moeen_tier_state", core.RESOLVED, update_modified=False)
        refresh_tier_times(row.name, now)
    names = frappe.get_all("HD Ticket", filters={"moeen_tier_state": ["in", OPEN_STATES]}, pluck="name")
    for name in names:
        refresh_tier_times(name, now)
    return len(names)
