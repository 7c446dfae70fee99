"""Compliance figures on HD Tickets, aggregated in the database.

For a period (by ticket creation, site time) and any grouping, per group:

* tickets; the share of response and of resolution targets met, where a target
  counts once it is decided: met or missed when the clock stopped (first response /
  resolution), missed when an open ticket that is not on hold has used business time
  past its deadline (not for a deadline at closing time while the calendar is closed),
  undecided otherwise;
* median and 90th percentile (nearest rank) of the business time to the first
  response and to resolution — ``moeen_response_seconds`` / ``moeen_resolution_seconds``,
  stored per ticket by :func:`moeen_helpdesk.review.record_durations` on the ticket's
  own calendar with hold time excluded (a ticket counts once it has an SLA start and a
  first response / a resolution);
* reopen rate (tickets reopened at least once); breaches attributed to tier 1 / tier 2
  (``moeen_overrun_tier``; a ticket over both tiers' targets counts for both);
* satisfaction beside them, per rated ticket: the ticket's rating as the satisfaction
  survey ("Moeen Survey Response") writes it back to Helpdesk's ``feedback_rating`` (0.2-1.0
  for 1-5; the latest answer of the ticket) — CSAT (ratings 4-5) and mean rating. One
  rating per ticket, as :func:`moeen_helpdesk.core.review.compliance` counts it, and read
  in the same pass as everything else (joining 200,000 answers to their tickets cost
  0.6 s of the 2 s budget at 1,000,000 tickets). Empty when the surveys are not installed.

Two ways to the same numbers (a test keeps them equal):

* **fast**: one ``GROUP BY service, channel, beneficiary type`` (or ``team``) over a
  covering index of :data:`FAST_PATHS` (read in index order: no temporary table) returns per fine group
  the counts and the measured times as ``GROUP_CONCAT`` lists; Python rolls the fine
  groups up to the grouping asked for (service, category, kind, channel, beneficiary
  type and their combinations; or team) and takes the percentiles of the merged lists.
* **general** (tier, other combinations, or when the index is missing): ``GROUP BY``
  with counts and sums, and one window query per time column that returns only the
  rows at the ranks the median and the p90 need.

Either way :func:`moeen_helpdesk.core.figures.assemble` maps the rows to the output of
:func:`moeen_helpdesk.core.review.compliance`.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import add_days, cint, get_datetime, get_first_day, getdate, now_datetime, today

from moeen_helpdesk.core import figures
from moeen_helpdesk.core.review import group_order
from moeen_helpdesk.guard import endpoint, roles_only

#: Tables (the benchmark may point them at a scratch copy).
TICKET_TABLE = "tabHD Ticket"
SERVICE_TABLE = "tabMoeen Service"
SERVICE_DOCTYPE = "Moeen Service"
SURVEY_DOCTYPE = "Moeen Survey Response"
SURVEY_TABLE: str | None = None  # None: "tab" + SURVEY_DOCTYPE when that table exists

#: Who may read the figures (the reports' roles).
REPORT_ROLES = ("System Manager", "Moeen Service Manager", "Tier 1 Supervisor", "Tier 2 Lead")

#: What the fast path reads besides the grouping: every column the figures need.
MEASURE_COLUMNS = (
    "creation", "response_by", "first_responded_on", "resolution_by", "resolution_date", "on_hold_since",
    "moeen_sla_start", "moeen_reopen_count", "moeen_overrun_tier", "moeen_response_seconds",
    "moeen_resolution_seconds", "moeen_tier_state", "moeen_tier1_seconds", "moeen_tier2_seconds",
    "feedback_rating", "moeen_response_target", "moeen_resolution_target",
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


class FastPath:
    """A covering index (added by moeen_helpdesk.report_indexes): its fine grouping
    first (the tier reached last), then creation and the measures. Read in index order,
    ``GROUP BY`` a prefix of the fine grouping needs no temporary table; the fine groups roll
    up in Python to ``keys`` (category and kind through the service) and take the filters in
    ``filters``."""

    def __init__(self, index: str, fine: tuple[str, ...], columns: tuple[str, ...], keys: set):
        fine, columns = (*fine, "tier"), (*columns, TIER_COLUMN)
        self.index, self.fine, self.keys, self.filters = index, fine, keys | {"tier"}, keys | {"tier"}
        self.sql = tuple(f"t.{c}" for c in columns)
        self.columns = columns + MEASURE_COLUMNS

    def serves(self, keys, filters: dict) -> bool:
        if not set(keys) <= self.keys:
            return False
        if any(_values(filters.get(k)) is not None for k in DIMENSIONS if k not in self.filters):
            return False
        return has_index(TICKET_TABLE, self.index)

    def _grouped(self, keys) -> tuple[str, ...]:
        """The index prefix to group by: the tier reached only when it is asked for."""
        return self.sql if "tier" in keys else self.sql[:-1]

    def group_by(self, keys) -> str:
        return ", ".join(self._grouped(keys))

    def fine_values(self, row, keys) -> dict:
        out = {
            k: row[c.split(".", 1)[1]] or None for k, c in zip(self.fine, self._grouped(keys), strict=False)
        }
        if "tier" in out:
            out["tier"] = TIER_NAMES.get(cint(out["tier"]))
        return out


CATALOG_KEYS = {"service", "category", "kind", "channel", "beneficiary_type"}
#: Every grouping of two keys (and every filter of its keys) has a path: the catalog's, the
#: teams' by service, the teams' by channel and beneficiary type; the tier reached with each.
FAST_PATHS = (
    FastPath(
        "moeen_report_cover_index",
        ("service", "channel", "beneficiary_type"),
        ("moeen_service", "moeen_channel", "moeen_beneficiary_type"),
        CATALOG_KEYS,
    ),
    FastPath(
        "moeen_report_team_index",
        ("team", "service"),
        ("agent_group", "moeen_service"),
        {"team", "service", "category", "kind"},
    ),
    FastPath(
        "moeen_report_team_audience_index",
        ("team", "channel", "beneficiary_type"),
        ("agent_group", "moeen_channel", "moeen_beneficiary_type"),
        {"team", "channel", "beneficiary_type"},
    ),
)
COVER_INDEX = FAST_PATHS[0].index

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
OVER1_SQL = "(t.moeen_overrun_tier LIKE '%%Tier 1%%')"  # NULL (no overrun) counts as 0 in SUM()
OVER2_SQL = "(t.moeen_overrun_tier LIKE '%%Tier 2%%')"
#: reached tier 2 (the same as TIER_SQL = 'Tier 2' for tickets in the tiers, cheaper)
REACHED_SQL = _REACHED.format(t="t.")
IN_TIERS_SQL = _IN_TIERS.format(t="t.")

#: One CASE per target gives both counts: SUM() of 2^32 per decided target plus 1 per met
#: one; decided = sum >> 32, met = sum & (2^32 - 1) (no group reaches 2^32 tickets).
PACK = 1 << 32


def _packed(met_sql: str) -> str:
    return f"CAST(SUM(CASE {met_sql} WHEN 1 THEN {PACK + 1} WHEN 0 THEN {PACK} ELSE 0 END) AS CHAR)"


#: The ticket's 1-5 rating is ROUND(feedback_rating * 5) (the survey writes rating / 5):
#: rated from 0.1 (rating 1), satisfied (4-5) from 0.7.
SATISFACTION_SQL = f"""CAST(SUM(CASE WHEN t.feedback_rating >= 0.7 THEN {PACK + 1} WHEN t.feedback_rating >= 0.1 THEN 1 END)
        AS CHAR) AS rated_packed,
      SUM(ROUND(t.feedback_rating * 5)) AS rating_sum"""
NO_SATISFACTION_SQL = "0 AS rated_packed, 0 AS rating_sum"
#: Reopened and over tier 1 / tier 2 in one sum of 21-bit fields (the fast path's fine groups,
#: fewer than 2^21 tickets each; most tickets have no overrun and skip the LIKEs).
FIELD = 1 << 21
FLAGS_SQL = f"""CAST(SUM(IF(t.moeen_overrun_tier IS NULL, t.moeen_reopen_count > 0,
        (t.moeen_reopen_count > 0) + {FIELD} * IFNULL({OVER1_SQL}, 0) + {FIELD * FIELD} * IFNULL({OVER2_SQL}, 0)))
        AS CHAR) AS flags_packed"""
FLAGS_PLAIN_SQL = f"""SUM(t.moeen_reopen_count > 0) AS reopened_tickets,
      SUM({OVER1_SQL}) AS breaches_tier1, SUM({OVER2_SQL}) AS breaches_tier2"""


#: The running clocks of the period due since the earliest breach cutoff and before now (on
#: columns the covering indexes hold: the few names found get their pinned calendar next).
GRACE_SQL = """SELECT t.name, t.response_by, t.resolution_by, t.first_responded_on
    FROM {source} WHERE {where} AND t.moeen_sla_start IS NOT NULL AND t.resolution_date IS NULL
      AND t.on_hold_since IS NULL AND (
        (t.first_responded_on IS NULL AND t.response_by >= %(grace_from)s AND t.response_by < %(now)s)
        OR (t.resolution_by >= %(grace_from)s AND t.resolution_by < %(now)s))"""


def grace_params(where: str, params: dict, source: str) -> dict:
    """``params`` with the running clocks of the period that are past their deadline on the
    wall clock but not late: due at or after their calendar's breach cutoff (no business
    time since the deadline; ``moeen_helpdesk.sla.breach_cutoffs``) — ``response_grace``
    and ``resolution_grace``, ticket names (``('',)`` when none, for ``NOT IN``). No query
    while every calendar is open (each cutoff is now)."""
    from moeen_helpdesk.sla import breach_cutoffs

    now = params["now"] = get_datetime(params["now"])
    cutoffs = breach_cutoffs(now)
    response, resolution = [], []
    grace_from = min(cutoffs.values(), default=now)
    rows = []
    if grace_from < now:
        rows = frappe.db.sql(
            GRACE_SQL.format(source=source, where=where), {**params, "grace_from": grace_from}, as_dict=True
        )
    if rows:
        calendars = dict(
            frappe.db.sql(
                f"SELECT name, moeen_sla_calendar FROM `{TICKET_TABLE}` WHERE name IN %(names)s",
                {"names": tuple(r.name for r in rows)},
            )
        )
        for r in rows:
            cut = cutoffs.get(calendars.get(r.name))
            if cut is None:
                continue
            if not r.first_responded_on and r.response_by and cut <= r.response_by < now:
                response.append(r.name)
            if r.resolution_by and cut <= r.resolution_by < now:
                resolution.append(r.name)
    return {
        **params,
        "response_grace": tuple(response) or ("",),
        "resolution_grace": tuple(resolution) or ("",),
    }


def count_columns_sql(packed: bool = False) -> str:
    """The counts of a group (and its satisfaction while the surveys are installed);
    ``packed``: the flags in one sum (groups of fewer than 2^21 tickets). The parameters
    need :func:`grace_params`."""
    return f"""COUNT(*) AS tickets,
      {_packed(RESPONSE_MET_SQL)} AS response_packed,
      {_packed(RESOLUTION_MET_SQL)} AS resolution_packed,
      {FLAGS_SQL if packed else FLAGS_PLAIN_SQL},
      {SATISFACTION_SQL if surveys_installed() else NO_SATISFACTION_SQL}"""


def exact(value) -> int:
    """A packed SUM, read as text (``CAST(… AS CHAR)``): beyond 2^53 a DECIMAL that Frappe's
    driver hands back as a float (and ``cint``) would lose the low fields of a large group."""
    return int(value or 0)


def unpack_counts(row: dict) -> dict | None:
    """The counts of :func:`count_columns_sql` (a row with its column names): ``figures.COUNTS``
    and the satisfaction counts (rated, satisfied, rating_sum). None if packed fields may overflow."""
    out = {"tickets": cint(row["tickets"])}
    for metric in ("response", "resolution"):
        packed = exact(row[f"{metric}_packed"])
        out[f"{metric}_applicable"], out[f"{metric}_met"] = packed >> 32, packed & (PACK - 1)
    if "flags_packed" in row:
        if out["tickets"] >= FIELD:
            return None
        flags = exact(row["flags_packed"])
        out["reopened_tickets"], out["breaches_tier1"], out["breaches_tier2"] = (
            flags % FIELD,
            flags // FIELD % FIELD,
            flags // (FIELD * FIELD),
        )
    else:
        for c in ("reopened_tickets", "breaches_tier1", "breaches_tier2"):
            out[c] = cint(row[c])
    out["rating_sum"] = cint(row["rating_sum"])
    rated = exact(row["rated_packed"])
    out["rated"], out["satisfied"] = rated & (PACK - 1), rated >> 32
    return out


SATISFACTION_KEYS = ("rated", "satisfied", "rating_sum")


def _split(keys, groups: dict) -> tuple[list[dict], list[dict]]:
    """Per-group counts -> (counts rows, satisfaction rows) for ``figures.assemble``."""
    counts, sat = [], []
    for key, c in groups.items():
        if not c["tickets"]:
            continue
        base = dict(zip(keys, key, strict=True))
        counts.append({**base, **{k: c[k] for k in figures.COUNTS}})
        sat.append({**base, **{k: c[k] for k in SATISFACTION_KEYS}})
    return counts, sat


# --------------------------------------------------------------------------- filters
def period(filters: dict) -> tuple:
    """(first day, last day) of the period; the default is the last 30 days."""
    to_date = getdate(filters.get("to_date") or today())
    from_date = getdate(filters.get("from_date") or add_days(to_date, -29))
    if from_date > to_date:
        frappe.throw(_("The period must start on or before its last day"))
    return from_date, to_date


def group_keys(value) -> list[str]:
    """Grouping keys from a name, a comma-separated text or a list (unknown names refused)."""
    if not value:
        return []
    keys = value.split(",") if isinstance(value, str) else list(value)
    keys = list(dict.fromkeys(k.strip() for k in keys if k and k.strip()))
    for k in keys:
        if k not in DIMENSIONS:
            frappe.throw(_("Unknown grouping {0}").format(k))
    return keys


def _values(value) -> tuple | None:
    if value in (None, "", [], ()):
        return None
    return tuple(value) if isinstance(value, list | tuple | set) else (value,)


def conditions(filters: dict) -> tuple[str, dict, bool]:
    """(WHERE clause, parameters, needs the service join) for the period and the filters."""
    from_date, to_date = period(filters)
    params = {"from": from_date, "to_next": add_days(to_date, 1), "now": filters.get("now") or now_datetime()}
    where = ["t.creation >= %(from)s", "t.creation < %(to_next)s"]
    join = False
    for key in DIMENSIONS:
        values = _values(filters.get(key))
        if values is None:
            continue
        column = FILTER_COLUMNS.get(key) or DIMENSIONS[key][0]
        join = join or DIMENSIONS[key][1]
        where.append(f"{column} IN %({key})s")
        params[key] = values
    where = " AND ".join(where)
    return where, grace_params(where, params, _from(join)), join


def _from(join: bool, index: str | None = None) -> str:
    sql = f"`{TICKET_TABLE}` t"
    if index:
        sql += f" FORCE INDEX (`{index}`)"
    if join:
        sql += f" LEFT JOIN `{SERVICE_TABLE}` s ON s.name = t.moeen_service"
    return sql


def _alias(key: str) -> str:
    """Column alias of a grouping key: GROUP BY resolves a name against the tables' columns
    first (a joined table may have a column of that name), so the aliases are prefixed."""
    return f"g_{key}"


def _select_keys(keys: list[str]) -> str:
    return "".join(f"{DIMENSIONS[k][0]} AS `{_alias(k)}`, " for k in keys)


def _group(keys: list[str]) -> str:
    return ("GROUP BY " + ", ".join(f"`{_alias(k)}`" for k in keys)) if keys else ""


def _key(row, keys) -> tuple:
    return tuple(row[_alias(k)] for k in keys)


def _renamed(row, keys) -> dict:
    out = {k: v for k, v in row.items() if not k.startswith("g_")}
    out.update(zip(keys, _key(row, keys), strict=True))
    return out


def _needs_join(keys: list[str], join: bool) -> bool:
    return join or any(DIMENSIONS[k][1] for k in keys)


_INDEX_SEEN: dict = {}


def has_index(table: str, name: str) -> bool:
    key = (frappe.local.site, table, name)
    if not _INDEX_SEEN.get(key):
        _INDEX_SEEN[key] = bool(frappe.db.has_index(table, name))
    return _INDEX_SEEN[key]


def survey_table() -> str | None:
    """The survey answers' table, or None when the surveys are not installed."""
    if SURVEY_TABLE:
        return SURVEY_TABLE
    if not frappe.db.table_exists(SURVEY_DOCTYPE):
        return None
    return f"tab{SURVEY_DOCTYPE}"


def surveys_installed() -> bool:
    return survey_table() is not None


# ----------------------------------------------------------------------- fast path
def fast_path(keys, filters: dict, by_service: bool = False) -> FastPath | None:
    """The covering index that serves this grouping and these filters, if any (``by_service``:
    one whose fine groups carry the service, for the service's tier targets)."""
    return next(
        (p for p in FAST_PATHS if p.serves(keys, filters) and (not by_service or "service" in p.fine)), None
    )


def can_use_fast(keys, filters: dict) -> bool:
    return fast_path(keys, filters) is not None


def _services() -> dict[str, dict]:
    return {
        r.name: r for r in frappe.db.sql(f"SELECT name, category, kind FROM `{SERVICE_TABLE}`", as_dict=True)
    }


def fast_conditions(filters: dict, services: dict) -> tuple[str, dict] | None:
    """WHERE clause on covered columns only: category and kind become a list of services.
    None when the filters leave no service."""
    from_date, to_date = period(filters)
    params = {"from": from_date, "to_next": add_days(to_date, 1), "now": filters.get("now") or now_datetime()}
    where = ["t.creation >= %(from)s", "t.creation < %(to_next)s"]
    scope = None
    for key, field in (("service", None), ("category", "category"), ("kind", "kind")):
        values = _values(filters.get(key))
        if values is None:
            continue
        names = set(values) if field is None else {n for n, s in services.items() if s.get(field) in values}
        scope = names if scope is None else scope & names
    if scope is not None:
        if not scope:
            return None
        where.append("t.moeen_service IN %(services)s")
        params["services"] = tuple(sorted(scope))
    for key, column in (
        ("channel", "t.moeen_channel"),
        ("beneficiary_type", "t.moeen_beneficiary_type"),
        ("team", "t.agent_group"),
    ):
        values = _values(filters.get(key))
        if values is not None:
            where.append(f"{column} IN %({key})s")
            params[key] = values
    tiers = _values(filters.get("tier"))
    if tiers is not None:
        where.append(f"t.{TIER_COLUMN} IN %(tier)s")
        params["tier"] = tuple(TIER_NUMBERS.get(v, -1) for v in tiers)
    where = " AND ".join(where)
    return where, grace_params(where, params, _from(False))


def _rollup(fine: dict, keys, services: dict) -> tuple:
    """A fine group's values rolled up to the grouping keys (category / kind via the service)."""
    values = dict(fine)
    if "service" in fine:
        info = services.get(fine["service"]) or {}
        values["category"], values["kind"] = info.get("category") or None, info.get("kind") or None
    return tuple(values[k] for k in keys)


def parse_packed(text, limit: int) -> list[int] | None:
    """A GROUP_CONCAT list of integers; None when it may have been cut at ``limit``."""
    if not text:
        return []
    if len(text) >= limit - 24:
        return None
    return json.loads(f"[{text}]")


def group_concat_session():
    """Long enough GROUP_CONCAT results (each fine group's list must fit one packet)."""
    packet = cint(frappe.db.sql("SELECT @@max_allowed_packet")[0][0]) or 16 * 1024 * 1024
    limit = max(packet // 2 - 1024 * 1024, 1024 * 1024)  # two lists per row
    frappe.db.sql("SET SESSION group_concat_max_len = %s", limit)
    return limit


def _rank_rows_from(key_names, key: tuple, metric: str, values: list) -> list[dict]:
    values.sort()
    n = len(values)
    base = dict(zip(key_names, key, strict=True))
    return [
        {**base, "metric": metric, "n": n, "rn": rn, "v": values[rn - 1]} for rn in figures.ranks_needed(n)
    ]


def fast_lists(keys, filters: dict, path: FastPath) -> tuple[dict, dict] | None:
    """Per group (rolled up from the fine groups): the summed counts and the measured
    times ``{"response": [...], "resolution": [...]}``. None if a list was cut short."""
    services = _services()
    cond = fast_conditions(filters, services)
    if cond is None:
        return {}, {}
    where, params = cond
    limit = group_concat_session()
    r_value, r_measured = TIME_COLUMNS["response"]
    s_value, s_measured = TIME_COLUMNS["resolution"]
    rows = frappe.db.sql(
        f"""SELECT {path.group_by(keys)}, {count_columns_sql(packed=True)},
              GROUP_CONCAT(IF({r_measured}, {r_value}, NULL)) AS response_values,
              GROUP_CONCAT(IF({s_measured}, {s_value}, NULL)) AS resolution_values
            FROM {_from(False, path.index)}
            WHERE {where}
            GROUP BY {path.group_by(keys)}""",
        params,
        as_dict=True,
    )
    counts: dict[tuple, dict] = {}
    lists: dict[tuple, dict[str, list]] = {}
    for row in rows:
        key = _rollup(path.fine_values(row, keys), keys, services)
        acc = counts.setdefault(key, dict.fromkeys(figures.COUNTS + SATISFACTION_KEYS, 0))
        unpacked = unpack_counts(row)
        if unpacked is None:
            return None
        for c, v in unpacked.items():
            acc[c] += v
        per = lists.setdefault(key, {"response": [], "resolution": []})
        for metric in ("response", "resolution"):
            values = parse_packed(row[f"{metric}_values"], limit)
            if values is None:
                return None
            per[metric].extend(values)
    return counts, lists


# -------------------------------------------------------------------- general path
def count_rows(keys: list[str], where: str, params: dict, join: bool) -> list[dict]:
    rows = frappe.db.sql(
        f"""SELECT {_select_keys(keys)} {count_columns_sql()}
            FROM {_from(join)}
            WHERE {where}
            {_group(keys)}""",
        params,
        as_dict=True,
    )
    return [{**dict(zip(keys, _key(r, keys), strict=True)), **unpack_counts(r)} for r in rows if r.tickets]


def rank_rows(
    keys: list[str], where: str, params: dict, join: bool, metric: str, value: str, measured: str
) -> list[dict]:
    """Rows at the ranks the median and the p90 of ``value`` need, per group (window functions)."""
    dims = [DIMENSIONS[k][0] for k in keys]
    partition = ("PARTITION BY " + ", ".join(dims)) if dims else ""
    outer_keys = "".join(f"`{_alias(k)}`, " for k in keys)
    rows = frappe.db.sql(
        f"""SELECT {outer_keys} n, rn, v FROM (
              SELECT {_select_keys(keys)} {value} AS v,
                ROW_NUMBER() OVER ({partition} ORDER BY {value}) AS rn,
                COUNT(*) OVER ({partition}) AS n
              FROM {_from(join)}
              WHERE {where} AND {measured}
            ) x
            WHERE {figures.RANKS_SQL}""",
        params,
        as_dict=True,
    )
    return [{**_renamed(r, keys), "metric": metric} for r in rows]


# ------------------------------------------------------------------------ figures
def compliance(filters: dict | None = None, group_by=("service",), fast: bool | None = None) -> list[dict]:
    """Per-group figures (the keys and ``core.review.METRICS``) for the filters' period.

    ``filters``: from_date, to_date (dates, by ticket creation), service, category, tier,
    team, channel, beneficiary_type, kind (a value or a list); ``now`` (the instant open
    tickets are judged at; default now). ``group_by``: keys of :data:`DIMENSIONS`
    (empty: one row for everything). ``fast``: None picks the path; False forces the
    general one.
    """
    filters = dict(filters or {})
    keys = group_keys(group_by)
    path = fast_path(keys, filters) if fast is not False else None
    if path:
        got = fast_lists(keys, filters, path)
        if got is not None:
            counts, lists = got
            if not counts:
                return []
            ranks = []
            for key, per in lists.items():
                for metric, values in per.items():
                    ranks += _rank_rows_from(keys, key, metric, values)
            count_rows_, sat_rows = _split(keys, counts)
            return figures.assemble(keys, count_rows_, ranks, sat_rows)
    where, params, join = conditions(filters)
    join = _needs_join(keys, join)
    counts = count_rows(keys, where, params, join)
    if not counts:
        return []
    ranks = []
    for metric, (value, measured) in TIME_COLUMNS.items():
        ranks += rank_rows(keys, where, params, join, metric, value, measured)
    sat = [{**{k: r[k] for k in keys}, **{k: r.pop(k) for k in SATISFACTION_KEYS}} for r in counts]
    return figures.assemble(keys, counts, ranks, sat)


def durations(filters: dict | None = None, group_by=("service",)) -> dict[tuple, dict[str, list[int]]]:
    """The measured business times per group: ``{key: {"response": [...], "resolution": [...]}}``
    (for the review's recommendations, which need every value)."""
    filters = dict(filters or {})
    keys = group_keys(group_by)
    path = fast_path(keys, filters)
    if path:
        got = fast_lists(keys, filters, path)
        if got is not None:
            return got[1]
    where, params, join = conditions(filters)
    join = _needs_join(keys, join)
    out: dict[tuple, dict[str, list[int]]] = {}
    rows = frappe.db.sql(
        f"""SELECT {_select_keys(keys)}
              IF({TIME_COLUMNS["response"][1]}, {TIME_COLUMNS["response"][0]}, NULL) AS response,
              IF({TIME_COLUMNS["resolution"][1]}, {TIME_COLUMNS["resolution"][0]}, NULL) AS resolution
            FROM {_from(join)}
            WHERE {where}""",
        params,
        as_dict=True,
    )
    for r in rows:
        per = out.setdefault(_key(r, keys), {"response": [], "resolution": []})
        for metric in ("response", "resolution"):
            if r[metric] is not None:
                per[metric].append(int(r[metric]))
    return out


# ------------------------------------------------------------------- tier figures (OLA)
#: Tier counts in three packed sums (21-bit fields; a group of 2^21 tickets or more takes
#: the general path). A tier's part is decided when it went over its target, or is done:
#: tier 1 escalated or the ticket resolved; tier 2 the ticket resolved (after reaching it).
TIER_FIELD = 1 << 21
TIER_COUNT_SQL = f"""COUNT(*) AS tickets,
      CAST(SUM(IF({OVER1_SQL}, {TIER_FIELD}, IF({REACHED_SQL} OR t.moeen_tier_state = 'Resolved', 1, 0))) AS CHAR)
        AS tier1_packed,
      CAST(SUM(IF({REACHED_SQL}, 1 + IF({OVER2_SQL}, {TIER_FIELD}, IF(t.moeen_tier_state = 'Resolved', {TIER_FIELD ** 2}, 0)),
             0)) AS CHAR) AS tier2_packed"""


_O1, _O2 = f"IFNULL({OVER1_SQL}, 0)", f"IFNULL({OVER2_SQL}, 0)"
_R, _S = REACHED_SQL, "(t.moeen_tier_state = 'Resolved')"
#: The same counts one by one (the general path).
TIER_PLAIN_SQL = f"""COUNT(*) AS tickets, SUM({_R}) AS reached_tier2,
      SUM({_O1}) AS tier1_over, SUM({_O1} OR {_R} OR {_S}) AS tier1_done, SUM(({_R} OR {_S}) AND NOT {_O1}) AS tier1_ok,
      SUM({_R} AND {_O2}) AS tier2_over, SUM({_R} AND ({_O2} OR {_S})) AS tier2_done,
      SUM({_R} AND {_S} AND NOT {_O2}) AS tier2_ok"""
TIER_COUNTS = (
    "tickets",
    "reached_tier2",
    "tier1_over",
    "tier1_done",
    "tier1_ok",
    "tier2_over",
    "tier2_done",
    "tier2_ok",
)


def unpack_tiers(row) -> dict | None:
    """tickets, reached_tier2, tier1_over, tier1_done, tier1_ok, tier2_over, tier2_done, tier2_ok
    from a row of :data:`TIER_COUNT_SQL`; None if a field could overflow."""
    tickets = cint(row["tickets"])
    if tickets >= TIER_FIELD:
        return None
    p1, p2 = exact(row["tier1_packed"]), exact(row["tier2_packed"])
    over1, ok1 = p1 // TIER_FIELD, p1 % TIER_FIELD
    reached, over2, ok2 = p2 % TIER_FIELD, (p2 // TIER_FIELD) % TIER_FIELD, p2 // TIER_FIELD**2
    return {
        "tickets": tickets,
        "reached_tier2": reached,
        "tier1_over": over1,
        "tier1_done": over1 + ok1,
        "tier1_ok": ok1,
        "tier2_over": over2,
        "tier2_done": over2 + ok2,
        "tier2_ok": ok2,
    }


def _service_targets() -> dict[str, tuple[bool, bool]]:
    return {
        r[0]: (bool(r[1] and r[1] > 0), bool(r[2] and r[2] > 0))
        for r in frappe.db.sql(f"SELECT name, tier1_target, tier2_target FROM `{SERVICE_TABLE}`")
    }


def tier_rows(filters: dict | None = None, group_by=("service",), fast: bool | None = None) -> list[dict]:
    """Per group, over the tickets that went through the tiers: how many reached tier 2,
    the business time each tier took (median / p90 of ``moeen_tier1_seconds`` over all of
    them and of ``moeen_tier2_seconds`` over those that reached tier 2), tickets over
    each tier's target, and each tier's target decided (over it, or the tier's part done:
    tier 1 escalated or resolved, tier 2 resolved) and met (decided, not over) where the
    service has that target."""
    filters = dict(filters or {})
    keys = group_keys(group_by)
    targets = _service_targets()
    acc: dict[tuple, dict] = {}
    lists: dict[tuple, dict[str, list]] = {}
    rows = None
    path = fast_path(keys, filters, by_service=True) if fast is not False else None
    if path:
        services = _services()
        cond = fast_conditions(filters, services)
        if cond is None:
            return []
        where, params = cond
        limit = group_concat_session()
        rows = frappe.db.sql(
            f"""SELECT {path.group_by(keys)}, {TIER_COUNT_SQL},
                  GROUP_CONCAT(t.moeen_tier1_seconds) AS tier1_values,
                  GROUP_CONCAT(IF({REACHED_SQL}, t.moeen_tier2_seconds, NULL)) AS tier2_values
                FROM {_from(False, path.index)}
                WHERE {where} AND {IN_TIERS_SQL}
                GROUP BY {path.group_by(keys)}""",
            params,
            as_dict=True,
        )
        for row in rows:
            key = _rollup(path.fine_values(row, keys), keys, services)
            c = unpack_tiers(row)
            if c is None:
                rows = None
                break
            service = row.get("moeen_service")
            t1, t2 = (targets.get(service) or (False, False)) if service else (False, False)
            _add_tier(acc.setdefault(key, {}), c, t1, t2)
            per = lists.setdefault(key, {"tier1": [], "tier2": []})
            v1 = parse_packed(row.tier1_values, limit)
            v2 = parse_packed(row.tier2_values, limit)
            if v1 is None or v2 is None:
                rows = None
                break
            per["tier1"].extend(v1)
            per["tier2"].extend(v2)
    if rows is None:
        acc, lists = {}, {}
        where, params, join = conditions(filters)
        where += f" AND {IN_TIERS_SQL}"
        service_sql = DIMENSIONS["service"][0]
        general = frappe.db.sql(
            f"""SELECT {_select_keys(keys)} {service_sql} AS `_service`, {TIER_PLAIN_SQL}
                FROM {_from(_needs_join(keys, join))}
                WHERE {where}
                GROUP BY {"".join(f"`{_alias(k)}`, " for k in keys)} `_service`""",
            params,
            as_dict=True,
        )
        for r in general:
            key = _key(r, keys)
            t1, t2 = targets.get(r._service) or (False, False)
            _add_tier(acc.setdefault(key, {}), {c: cint(r[c]) for c in TIER_COUNTS}, t1, t2)
        join = _needs_join(keys, join)
        for metric, value, measured in (
            ("tier1", "t.moeen_tier1_seconds", "1 = 1"),
            ("tier2", "t.moeen_tier2_seconds", REACHED_SQL),
        ):
            for r in rank_rows(keys, where, params, join, metric, value, measured):
                per = lists.setdefault(tuple(r[k] for k in keys), {"tier1": {}, "tier2": {}})
                per[metric][cint(r["rn"])] = (cint(r["n"]), cint(r["v"]))
    out = []
    for key in group_order(acc):
        c = acc[key]
        if not c["tickets"]:
            continue
        row = dict(zip(keys, key, strict=True))
        row.update(c)
        row["escalation_rate"] = c["reached_tier2"] / c["tickets"]
        for tier in ("tier1", "tier2"):
            got = lists.get(key, {}).get(tier)
            if isinstance(got, dict):  # general path: {rank: (n, value)}
                n = next(iter(got.values()))[0] if got else 0
                med, p = figures.stats_from_ranks(n, {rn: v for rn, (_n, v) in got.items()})
            else:
                values = sorted(got or [])
                at = {rn: values[rn - 1] for rn in figures.ranks_needed(len(values))}
                med, p = figures.stats_from_ranks(len(values), at)
            row[f"{tier}_median"], row[f"{tier}_p90"] = med, p
            decided = c[f"{tier}_decided"]
            row[f"{tier}_met_share"] = c[f"{tier}_met"] / decided if decided else None
        out.append(row)
    return out


def _add_tier(acc: dict, c: dict, has_t1: bool, has_t2: bool):
    for name in (
        "tickets",
        "reached_tier2",
        "tier1_over",
        "tier2_over",
        "tier1_decided",
        "tier1_met",
        "tier2_decided",
        "tier2_met",
    ):
        acc.setdefault(name, 0)
    for name in ("tickets", "reached_tier2", "tier1_over", "tier2_over"):
        acc[name] += c[name]
    if has_t1:
        acc["tier1_decided"] += c["tier1_done"]
        acc["tier1_met"] += c["tier1_ok"]
    if has_t2:
        acc["tier2_decided"] += c["tier2_done"]
        acc["tier2_met"] += c["tier2_ok"]


# ------------------------------------------------------------------------- volume
BENEFICIARY_TYPES = ("Student", "Staff", "Faculty", "External")
CHANNELS = ("Portal", "Phone", "Email", "Walk-in")


def volume_rows(filters: dict | None = None) -> list[dict]:
    """Ticket counts per channel and beneficiary type (None: not set)."""
    filters = dict(filters or {})
    keys = ["channel", "beneficiary_type"]
    path = fast_path(keys, filters)
    if path:
        services = _services()
        cond = fast_conditions(filters, services)
        if cond is None:
            return []
        where, params = cond
        rows = frappe.db.sql(
            f"""SELECT {path.group_by(keys)}, COUNT(*) AS tickets FROM {_from(False, path.index)}
                WHERE {where} GROUP BY {path.group_by(keys)}""",
            params,
            as_dict=True,
        )
        out: dict[tuple, int] = {}
        for row in rows:
            key = _rollup(path.fine_values(row, keys), keys, services)
            out[key] = out.get(key, 0) + cint(row.tickets)
        return [frappe._dict(channel=k[0], beneficiary_type=k[1], tickets=n) for k, n in out.items()]
    where, params, join = conditions(filters)
    return frappe.db.sql(
        f"""SELECT NULLIF(t.moeen_channel, '') AS channel, NULLIF(t.moeen_beneficiary_type, '') AS beneficiary_type,
              COUNT(*) AS tickets
            FROM {_from(join)}
            WHERE {where}
            GROUP BY channel, beneficiary_type""",
        params,
        as_dict=True,
    )


# ------------------------------------------------------------------- number cards
def month_filters() -> dict:
    return {"from_date": get_first_day(today()), "to_date": getdate(today())}


def _pct(value) -> float | None:
    return None if value is None else round(value * 100, 1)


@frappe.whitelist()
@endpoint(check=roles_only(*REPORT_ROLES))
def compliance_this_month(filters: str | dict | list | None = None) -> dict | str:
    """Number card: share of resolution targets met, tickets created this month (decided ones)."""
    period_filters = month_filters()
    rows = compliance(period_filters, group_by=())
    share = rows[0]["resolution_met_share"] if rows else None
    if share is None:
        return "—"
    return {
        "value": _pct(share),
        "fieldtype": "Percent",
        "route": ["query-report", "SLA Compliance by Service"],
        "route_options": {k: str(v) for k, v in period_filters.items()},
    }


@frappe.whitelist()
@endpoint(check=roles_only(*REPORT_ROLES))
def csat_this_month(filters: str | dict | list | None = None) -> dict | str:
    """Number card: CSAT (share of ratings 4-5) of the surveys answered this month."""
    table = survey_table()
    if not table or (
        not SURVEY_TABLE
        and not all(frappe.db.has_column(SURVEY_DOCTYPE, c) for c in ("answered_at", "overall_rating"))
    ):
        return "—"
    start = get_first_day(today())
    rated, satisfied = frappe.db.sql(
        f"""SELECT COUNT(*), SUM(overall_rating >= 4) FROM `{table}`
            WHERE answered_at >= %(start)s AND answered_at < %(end)s AND overall_rating BETWEEN 1 AND 5""",
        {"start": start, "end": add_days(today(), 1)},
    )[0]
    if not rated:
        return "—"
    return {"value": _pct(int(satisfied or 0) / int(rated)), "fieldtype": "Percent"}
