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
#: The generated column of the clocks' stopped outcomes (:data:`CLOCK_FLAGS_SQL`).
CLOCK_FLAGS_COLUMN = "moeen_clock_flags"
#: What the fast path reads besides the grouping: every column the figures need.
#: The clocks' stopped outcomes come from :data:`CLOCK_FLAGS_COLUMN`, a running clock's from its deadline.
MEASURE_COLUMNS = (
    "creation", "response_by", "resolution_by", "on_hold_since", "moeen_reopen_count",
    "moeen_response_seconds", "moeen_resolution_seconds", "moeen_tier1_seconds", "moeen_tier2_seconds",
    "feedback_rating", TIER_FLAGS_COLUMN, CLOCK_FLAGS_COLUMN,
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


#: The two clocks: each one's deadline, when it stopped, whether it was met then, when its business
#: time counts as measured (``{t}``: the table prefix), and its bits in :data:`CLOCK_FLAGS_COLUMN`.
#: A stopped clock is met ⇔ its business time ≤ its target (``core.sla.target_met``): the
#: stored business seconds against the pinned target; Helpdesk's own SLA (no target of
#: ours) by its deadline. A running clock, off hold, is missed once business time passed
#: since its deadline: past it on the wall clock and not in the grace lists of
#: :func:`grace_params` (due in the calendar's current closed time, ``core.sla.breach_cutoff``).
#: By name, which every index of the table covers (the pinned calendar is not in the fast
#: path's covering index).
CLOCKS = {
    "response": {
        "deadline": "{t}response_by",
        "stopped": "({t}first_responded_on IS NOT NULL OR {t}resolution_date IS NOT NULL)",
        "met": "IF({t}moeen_response_target > 0, {t}moeen_response_seconds <= {t}moeen_response_target,"
        " IFNULL({t}first_responded_on, {t}resolution_date) <= {t}response_by)",
        "measured": "({t}moeen_sla_start IS NOT NULL AND {t}first_responded_on IS NOT NULL)",
        "value": "{t}moeen_response_seconds",
        "shift": 0,
    },
    "resolution": {
        "deadline": "{t}resolution_by",
        "stopped": "({t}resolution_date IS NOT NULL)",
        "met": "IF({t}moeen_resolution_target > 0, {t}moeen_resolution_seconds <= {t}moeen_resolution_target,"
        " {t}resolution_date <= {t}resolution_by)",
        "measured": "({t}moeen_sla_start IS NOT NULL AND {t}resolution_date IS NOT NULL)",
        "value": "{t}moeen_resolution_seconds",
        "shift": 3,
    },
}


def _clock(metric: str, part: str, t: str = "t.") -> str:
    return CLOCKS[metric][part].format(t=t)


def _running_missed(metric: str) -> str:
    return (
        f"t.on_hold_since IS NULL AND %(now)s > {_clock(metric, 'deadline')}"
        f" AND t.name NOT IN %({metric}_grace)s"
    )


def met_sql(metric: str) -> str:
    """1 met, 0 missed, NULL undecided: from the ticket's columns (the general path)."""
    return f"""(CASE
    WHEN {_clock(metric, "deadline")} IS NULL THEN NULL
    WHEN {_clock(metric, "stopped")} THEN {_clock(metric, "met")}
    WHEN {_running_missed(metric)} THEN 0
  END)"""


RESPONSE_MET_SQL = met_sql("response")
RESOLUTION_MET_SQL = met_sql("resolution")
#: metric -> (value column, "measured" condition)
TIME_COLUMNS = {m: (_clock(m, "value"), _clock(m, "measured")) for m in CLOCKS}

#: What a clock's stopped state decided, as bits of one generated TINYINT on HD Ticket
#: (``AS (CLOCK_FLAGS_SQL) VIRTUAL``, moeen_helpdesk.report_indexes), which the covering indexes
#: hold instead of the five columns it is computed from (first response, resolution date, SLA
#: start, the two pinned targets): per clock, at its shift, two bits of state — 0 no deadline
#: (or undecidable), 1 running, 2 stopped and missed, 3 stopped and met — and one bit "measured".
#: A running clock still needs ``now`` and the grace lists: the fast paths read its deadline.
CLOCK_FLAGS_SQL = "({})".format(
    " + ".join(
        f"{1 << c['shift']} * ((CASE WHEN {_clock(m, 'deadline', '')} IS NULL THEN 0"
        f" WHEN {_clock(m, 'stopped', '')} THEN (CASE {_clock(m, 'met', '')} WHEN 1 THEN 3 WHEN 0 THEN 2 ELSE 0 END)"
        f" ELSE 1 END) + 4 * IFNULL({_clock(m, 'measured', '')}, 0))"
        for m, c in CLOCKS.items()
    )
)
#: The columns the clock flags are computed from.
CLOCK_BASE_COLUMNS = (
    "response_by", "first_responded_on", "resolution_by", "resolution_date", "moeen_sla_start",
    "moeen_response_target", "moeen_response_seconds", "moeen_resolution_target", "moeen_resolution_seconds",
)  # fmt: skip


def fast_met_sql(metric: str) -> str:
    """:func:`met_sql` from the clock flags (and, for a running clock, its deadline): the fast paths."""
    state = f"((t.{CLOCK_FLAGS_COLUMN} >> {CLOCKS[metric]['shift']}) & 3)"
    return (
        f"(CASE {state} WHEN 3 THEN 1 WHEN 2 THEN 0 WHEN 1 THEN IF({_running_missed(metric)}, 0, NULL) END)"
    )


#: metric -> (value column, "measured" condition) from the clock flags: the fast paths.
FAST_TIME_COLUMNS = {
    m: (_clock(m, "value"), f"((t.{CLOCK_FLAGS_COLUMN} & {4 << c['shift']}) > 0)") for m, c in CLOCKS.items()
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
