"""The fast path: one ``GROUP BY`` over a covering index per fine group, the measured times as
``GROUP_CONCAT`` lists, rolled up in Python to the grouping asked for."""

from __future__ import annotations

import json

import frappe
from frappe.utils import add_days, cint, now_datetime

from moeen_helpdesk.compliance import sql
from moeen_helpdesk.compliance.counts import SATISFACTION_KEYS, count_columns_sql, unpack_counts
from moeen_helpdesk.compliance.filters import FastPathUnavailable, from_sql, has_index, period, values_of
from moeen_helpdesk.compliance.grace import grace_params
from moeen_helpdesk.compliance.split import grouped_rows
from moeen_helpdesk.compliance.sql import (
    DIMENSIONS,
    FAST_TIME_COLUMNS,
    MEASURE_COLUMNS,
    TIER_COLUMN,
    TIER_NAMES,
    TIER_NUMBERS,
)
from moeen_helpdesk.core import figures


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
        if any(values_of(filters.get(k)) is not None for k in DIMENSIONS if k not in self.filters):
            return False
        return has_index(sql.TICKET_TABLE, self.index, self.columns)

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
#: teams' by service, the teams' by channel and beneficiary type (and service: the Tier
#: Performance report's tier targets are the service's; the room for it is the tier flags'
#: TINYINT in place of two varchar(140) columns); the tier reached with each.
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
        ("team", "channel", "beneficiary_type", "service"),
        ("agent_group", "moeen_channel", "moeen_beneficiary_type", "moeen_service"),
        {"team", "channel", "beneficiary_type"} | {"service", "category", "kind"},
    ),
)
COVER_INDEX = FAST_PATHS[0].index


# ----------------------------------------------------------------------- fast path
def fast_path(keys, filters: dict, by_service: bool = False) -> FastPath | None:
    """The covering index that serves this grouping and these filters, if any (``by_service``:
    one whose fine groups carry the service, for the service's tier targets)."""
    return next(
        (p for p in FAST_PATHS if p.serves(keys, filters) and (not by_service or "service" in p.fine)), None
    )


def can_use_fast(keys, filters: dict) -> bool:
    return fast_path(keys, filters) is not None


def catalog_services() -> dict[str, dict]:
    return {
        r.name: r
        for r in frappe.db.sql(f"SELECT name, category, kind FROM `{sql.SERVICE_TABLE}`", as_dict=True)
    }


def fast_conditions(filters: dict, services: dict) -> tuple[str, dict] | None:
    """WHERE clause on covered columns only: category and kind become a list of services.
    None when the filters leave no service."""
    from_date, to_date = period(filters)
    params = {"from": from_date, "to_next": add_days(to_date, 1), "now": filters.get("now") or now_datetime()}
    where = ["t.creation >= %(from)s", "t.creation < %(to_next)s"]
    scope = None
    for key, field in (("service", None), ("category", "category"), ("kind", "kind")):
        values = values_of(filters.get(key))
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
        values = values_of(filters.get(key))
        if values is not None:
            where.append(f"{column} IN %({key})s")
            params[key] = values
    tiers = values_of(filters.get("tier"))
    if tiers is not None:
        where.append(f"t.{TIER_COLUMN} IN %(tier)s")
        params["tier"] = tuple(TIER_NUMBERS.get(v, -1) for v in tiers)
    where = " AND ".join(where)
    return where, grace_params(where, params, from_sql(False))


def rollup(fine: dict, keys, services: dict) -> tuple:
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


def sorted_packed(text, limit: int) -> list[int] | None:
    """:func:`parse_packed`, sorted."""
    values = parse_packed(text, limit)
    if values:
        values.sort()
    return values


def rank_rows_from(key_names, key: tuple, metric: str, runs: list[list[int]]) -> list[dict]:
    """The rank rows of one group from its fine groups' sorted lists."""
    n = sum(map(len, runs))
    base = dict(zip(key_names, key, strict=True))
    at = figures.values_at_ranks(runs, figures.ranks_needed(n))
    return [{**base, "metric": metric, "n": n, "rn": rn, "v": v} for rn, v in at.items()]


def add_runs(lists: dict, key: tuple, names: tuple[str, ...], runs: list) -> None:
    """A fine group's sorted lists (one per name) added to its group's; empty ones left out."""
    per = lists.setdefault(key, {name: [] for name in names})
    for name, run in zip(names, runs, strict=True):
        if run:
            per[name].append(run)


METRICS = ("response", "resolution")


def fine_groups(
    path: FastPath, keys, columns: str, where: str, params: dict, limit: int, each, extra: str = ""
):
    """``each(row)`` for the fine groups of ``path`` (its index read in order, ``GROUP BY`` the
    keys' prefix) with the SQL ``columns``, on the rows of ``where`` (and ``extra``); None when
    the index is being rebuilt (the caller takes the general path)."""
    try:
        return grouped_rows(
            lambda half: f"""SELECT {path.group_by(keys)}, {columns}
                FROM {from_sql(False, path.index)}
                WHERE {where}{extra}{half}
                GROUP BY {path.group_by(keys)}""",
            params,
            path,
            where,
            limit,
            each=each,
        )
    except FastPathUnavailable:
        return None


def fast_lists(keys, filters: dict, path: FastPath) -> tuple[dict, dict] | None:
    """Per group (rolled up from the fine groups): the summed counts and the measured times,
    each fine group's sorted, ``{"response": [[...], ...], "resolution": [...]}``. None if a
    list was cut short."""
    services = catalog_services()
    cond = fast_conditions(filters, services)
    if cond is None:
        return {}, {}
    where, params = cond
    limit = group_concat_session()
    r_value, r_measured = FAST_TIME_COLUMNS["response"]
    s_value, s_measured = FAST_TIME_COLUMNS["resolution"]

    def fine(row):  # as the row arrives (compliance.split)
        key = rollup(path.fine_values(row, keys), keys, services)
        return key, unpack_counts(row), [sorted_packed(row[f"{m}_values"], limit) for m in METRICS]

    rows = fine_groups(
        path,
        keys,
        f"""{count_columns_sql(fast=True)},
          GROUP_CONCAT(IF({r_measured}, {r_value}, NULL)) AS response_values,
          GROUP_CONCAT(IF({s_measured}, {s_value}, NULL)) AS resolution_values""",
        where,
        params,
        limit,
        fine,
    )
    if rows is None:
        return None
    counts: dict[tuple, dict] = {}
    lists: dict[tuple, dict[str, list]] = {}
    for key, unpacked, values in rows:
        if unpacked is None or None in values:
            return None
        acc = counts.setdefault(key, dict.fromkeys(figures.COUNTS + SATISFACTION_KEYS, 0))
        for c, v in unpacked.items():
            acc[c] += v
        add_runs(lists, key, METRICS, values)
    return counts, lists
