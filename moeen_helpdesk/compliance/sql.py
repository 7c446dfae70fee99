"""The SQL both paths share: the tables, the grouping and filter keys (dimensions), the
measured columns, the met rules of a stopped or running clock, the tier reached, the packed sums.

The table names are read here at call time (``sql.TICKET_TABLE``): the report benchmark points
them at scratch tables."""

from __future__ import annotations

import frappe

#: Tables (the benchmark may point them at a scratch copy).
TICKET_TABLE = "tabHD Ticket"
SERVICE_TABLE = "tabMoeen Service"
SERVICE_DOCTYPE = "Moeen Service"
SURVEY_DOCTYPE = "Moeen Survey Response"
SURVEY_TABLE: str | None = None  # None: "tab" + SURVEY_DOCTYPE when that table exists

#: Who may read the figures (the reports' roles).
REPORT_ROLES = ("System Manager", "Moeen Service Manager", "Tier 1 Supervisor", "Tier 2 Lead")

#: The generated column of the tier flags (:data:`TIER_FLAGS_SQL`).
TIER_FLAGS_COLUMN = "moeen_tier_flags"
#: What the fast path reads besides the grouping: every column the figures need.
MEASURE_COLUMNS = (
    "creation", "response_by", "first_responded_on", "resolution_by", "resolution_date", "on_hold_since",
    "moeen_sla_start", "moeen_reopen_count", "moeen_response_seconds", "moeen_resolution_seconds",
    "moeen_tier1_seconds", "moeen_tier2_seconds", "feedback_rating", "moeen_response_target",
    "moeen_resolution_target", TIER_FLAGS_COLUMN,
)  # fmt: skip


TIER1, TIER2 = "Tier 1", "Tier 2"
#: A ticket reached tier 2 once it was escalated (or spent time there); ``{t}`` is the table prefix.
_REACHED = "({t}moeen_tier2_seconds > 0 OR {t}moeen_tier_state IN ('Escalated', 'Tier 2', 'Completed'))"
_IN_TIERS = "IFNULL({t}moeen_tier_state, '') != ''"
#: The furthest tier a ticket reached.
TIER_SQL = f"(CASE WHEN {_REACHED} THEN 'Tier 2' WHEN {_IN_TIERS} THEN 'Tier 1' END)".format(t="t.")
#: The same as a number (0: not in the tiers), for the generated column the fast paths group by:
#: :data:`TIER_COLUMN` is ``AS (TIER_COLUMN_SQL) VIRTUAL`` on HD Ticket (moeen_helpdesk.report_indexes).
TIER_COLUMN = "moeen_tier_reached"
TIER_COLUMN_SQL = f"(CASE WHEN {_REACHED} THEN 2 WHEN {_IN_TIERS} THEN 1 ELSE 0 END)".format(t="")
TIER_NUMBERS = {TIER1: 1, TIER2: 2}
TIER_NAMES = {n: name for name, n in TIER_NUMBERS.items()}


#: grouping / filter key -> (SQL expression, needs the service join). Category and kind
#: are the service's (the catalog's current ones).
DIMENSIONS: dict[str, tuple[str, bool]] = {
    "service": ("NULLIF(t.moeen_service, '')", False),
    "category": ("NULLIF(s.category, '')", True),
    "tier": (TIER_SQL, False),
    "team": ("NULLIF(t.agent_group, '')", False),
    "channel": ("NULLIF(t.moeen_channel, '')", False),
    "beneficiary_type": ("NULLIF(t.moeen_beneficiary_type, '')", False),
    "kind": ("NULLIF(s.kind, '')", True),
}
#: Plain columns for equality filters (an index can serve them).
FILTER_COLUMNS = {
    "service": "t.moeen_service",
    "category": "s.category",
    "team": "t.agent_group",
    "channel": "t.moeen_channel",
    "beneficiary_type": "t.moeen_beneficiary_type",
    "kind": "s.kind",
}
DIMENSION_LABELS = {
    "service": "Service",
    "category": "Category",
    "tier": "Tier Reached",
    "team": "Team",
    "channel": "Channel",
    "beneficiary_type": "Beneficiary Type",
    "kind": "Kind",
}
DIMENSION_LINKS = {"service": "Moeen Service", "category": "Moeen Service Category", "team": "HD Team"}
#: The label of tickets without a service, where reports name the groups.
NO_SERVICE = "No service"


def service_names(codes, language: str | None = None) -> dict[str, str]:
    """Service code -> its name in ``language`` (default: the user's), the other language's
    name when that one is empty."""
    codes = sorted({c for c in codes if c})
    if not codes:
        return {}
    arabic = (language or frappe.local.lang or "en")[:2] == "ar"
    rows = frappe.get_all(
        SERVICE_DOCTYPE,
        filters={"name": ["in", codes]},
        fields=["name", "service_name_ar", "service_name_en"],
    )
    return {
        r.name: (
            (r.service_name_ar or r.service_name_en) if arabic else (r.service_name_en or r.service_name_ar)
        )
        or r.name
        for r in rows
    }


#: A stopped clock is met ⇔ its business time ≤ its target (``core.sla.target_met``): the
#: stored business seconds against the pinned target; Helpdesk's own SLA (no target of
#: ours) by its deadline. A running clock, off hold, is missed once business time passed
#: since its deadline: past it on the wall clock and not in the grace lists of
#: :func:`grace_params` (due in the calendar's current closed time, ``core.sla.breach_cutoff``).
#: By name, which every index of the table covers (the pinned calendar is not in the fast
#: path's covering index, already at InnoDB's key length).
RESPONSE_MET_SQL = """(CASE
    WHEN t.response_by IS NULL THEN NULL
    WHEN t.first_responded_on IS NOT NULL OR t.resolution_date IS NOT NULL THEN
      IF(t.moeen_response_target > 0, t.moeen_response_seconds <= t.moeen_response_target,
         IFNULL(t.first_responded_on, t.resolution_date) <= t.response_by)
    WHEN t.on_hold_since IS NULL AND %(now)s > t.response_by AND t.name NOT IN %(response_grace)s THEN 0
  END)"""
RESOLUTION_MET_SQL = """(CASE
    WHEN t.resolution_by IS NULL THEN NULL
    WHEN t.resolution_date IS NOT NULL THEN
      IF(t.moeen_resolution_target > 0, t.moeen_resolution_seconds <= t.moeen_resolution_target,
         t.resolution_date <= t.resolution_by)
    WHEN t.on_hold_since IS NULL AND %(now)s > t.resolution_by AND t.name NOT IN %(resolution_grace)s THEN 0
  END)"""
#: metric -> (value column, "measured" condition)
TIME_COLUMNS = {
    "response": (
        "t.moeen_response_seconds",
        "(t.moeen_sla_start IS NOT NULL AND t.first_responded_on IS NOT NULL)",
    ),
    "resolution": (
        "t.moeen_resolution_seconds",
        "(t.moeen_sla_start IS NOT NULL AND t.resolution_date IS NOT NULL)",
    ),
}
_OVER1, _OVER2 = "({t}moeen_overrun_tier LIKE '%%Tier 1%%')", "({t}moeen_overrun_tier LIKE '%%Tier 2%%')"
_RESOLVED = "({t}moeen_tier_state = 'Resolved')"
OVER1_SQL = _OVER1.format(t="t.")  # NULL (no overrun) counts as 0 in SUM()
OVER2_SQL = _OVER2.format(t="t.")
#: reached tier 2 (the same as TIER_SQL = 'Tier 2' for tickets in the tiers, cheaper)
REACHED_SQL = _REACHED.format(t="t.")
IN_TIERS_SQL = _IN_TIERS.format(t="t.")
RESOLVED_SQL = _RESOLVED.format(t="t.")

#: The tier facts the figures read, as the bits of one generated TINYINT: the covering indexes
#: hold :data:`TIER_FLAGS_COLUMN` (``AS (TIER_FLAGS_SQL) VIRTUAL`` on HD Ticket, added by
#: moeen_helpdesk.report_indexes) instead of the two varchar(140) columns it is computed from —
#: the room, within InnoDB's 3,072-byte key, for the service in the team-audience index (whose
#: tier targets the Tier Performance report counts). A NULL condition counts as false (0),
#: as it does in every SUM / IF / WHERE of the figures. The fast paths read the bits
#: (:data:`TIER_FLAG_SQL`), the general path the conditions themselves.
_TIER_BITS = {
    "over1": (1, _OVER1),
    "over2": (2, _OVER2),
    "reached": (4, _REACHED),
    "resolved": (8, _RESOLVED),
    "in_tiers": (16, _IN_TIERS),
}
TIER_FLAGS_SQL = "({})".format(
    " + ".join(f"{bit} * IFNULL({cond.format(t='')}, 0)" for bit, cond in _TIER_BITS.values())
).replace("%%", "%")  # DDL: no parameters
TIER_FLAG_SQL = {name: f"((t.{TIER_FLAGS_COLUMN} & {bit}) > 0)" for name, (bit, _cond) in _TIER_BITS.items()}
#: The columns the generated columns are computed from.
TIER_BASE_COLUMNS = ("moeen_tier_state", "moeen_tier2_seconds", "moeen_overrun_tier")

#: One CASE per target gives both counts: SUM() of 2^32 per decided target plus 1 per met
#: one; decided = sum >> 32, met = sum & (2^32 - 1) (no group reaches 2^32 tickets).
PACK = 1 << 32


def packed_sum(met_sql: str) -> str:
    return f"CAST(SUM(CASE {met_sql} WHEN 1 THEN {PACK + 1} WHEN 0 THEN {PACK} ELSE 0 END) AS CHAR)"


#: The ticket's 1-5 rating is ROUND(feedback_rating * 5) (the survey writes rating / 5):
#: rated from 0.1 (rating 1), satisfied (4-5) from 0.7.
SATISFACTION_SQL = f"""CAST(SUM(CASE WHEN t.feedback_rating >= 0.7 THEN {PACK + 1} WHEN t.feedback_rating >= 0.1 THEN 1 END)
        AS CHAR) AS rated_packed,
      SUM(ROUND(t.feedback_rating * 5)) AS rating_sum"""
NO_SATISFACTION_SQL = "0 AS rated_packed, 0 AS rating_sum"
#: Reopened and over tier 1 / tier 2 in one sum of 21-bit fields (the fast path's fine groups,
#: fewer than 2^21 tickets each; the overruns from the tier flags the covering indexes hold).
FIELD = 1 << 21
FLAGS_SQL = f"""CAST(SUM((t.moeen_reopen_count > 0) + {FIELD} * {TIER_FLAG_SQL["over1"]}
        + {FIELD * FIELD} * {TIER_FLAG_SQL["over2"]}) AS CHAR) AS flags_packed"""
FLAGS_PLAIN_SQL = f"""SUM(t.moeen_reopen_count > 0) AS reopened_tickets,
      SUM({OVER1_SQL}) AS breaches_tier1, SUM({OVER2_SQL}) AS breaches_tier2"""
