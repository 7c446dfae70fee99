"""Tier figures (OLA): per group, tickets that reached tier 2, the tier targets decided and met
and the business time per tier."""

from __future__ import annotations

import frappe
from frappe.utils import cint

from moeen_helpdesk.compliance import sql
from moeen_helpdesk.compliance.counts import exact
from moeen_helpdesk.compliance.fast import (
    add_runs,
    catalog_services,
    fast_conditions,
    fast_path,
    fine_groups,
    group_concat_session,
    rollup,
    sorted_packed,
)
from moeen_helpdesk.compliance.filters import (
    alias_of,
    conditions,
    from_sql,
    group_keys,
    needs_join,
    row_key,
    select_keys,
)
from moeen_helpdesk.compliance.general import rank_rows
from moeen_helpdesk.compliance.sql import (
    DIMENSIONS,
    IN_TIERS_SQL,
    OVER1_SQL,
    OVER2_SQL,
    REACHED_SQL,
    RESOLVED_SQL,
    TIER_FLAG_SQL,
)
from moeen_helpdesk.core import figures
from moeen_helpdesk.core.review import group_order

TIERS = ("tier1", "tier2")  # the measured times per tier, as the rows name their lists

# ------------------------------------------------------------------- tier figures (OLA)
#: Tier counts in three packed sums (21-bit fields; a group of 2^21 tickets or more takes
#: the general path). A tier's part is decided when it went over its target, or is done:
#: tier 1 escalated or the ticket resolved; tier 2 the ticket resolved (after reaching it).
#: On the tier flags the covering indexes hold (``sql.TIER_FLAG_SQL``).
TIER_FIELD = 1 << 21
_F = TIER_FLAG_SQL
TIER_COUNT_SQL = f"""COUNT(*) AS tickets,
      CAST(SUM(IF({_F["over1"]}, {TIER_FIELD}, IF({_F["reached"]} OR {_F["resolved"]}, 1, 0))) AS CHAR)
        AS tier1_packed,
      CAST(SUM(IF({_F["reached"]}, 1 + IF({_F["over2"]}, {TIER_FIELD}, IF({_F["resolved"]}, {TIER_FIELD ** 2}, 0)),
             0)) AS CHAR) AS tier2_packed"""


_O1, _O2 = f"IFNULL({OVER1_SQL}, 0)", f"IFNULL({OVER2_SQL}, 0)"
_R, _S = REACHED_SQL, RESOLVED_SQL
#: The same counts one by one (the general path, on the tier columns themselves).
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
        for r in frappe.db.sql(f"SELECT name, tier1_target, tier2_target FROM `{sql.SERVICE_TABLE}`")
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
        services = catalog_services()
        cond = fast_conditions(filters, services)
        if cond is None:
            return []
        where, params = cond
        limit = group_concat_session()

        def fine(row):  # as the row arrives (compliance.split)
            key = rollup(path.fine_values(row, keys), keys, services)
            runs = [sorted_packed(row[f"{tier}_values"], limit) for tier in TIERS]
            return key, row.get("moeen_service"), unpack_tiers(row), runs

        rows = fine_groups(
            path,
            keys,
            f"""{TIER_COUNT_SQL},
              GROUP_CONCAT(t.moeen_tier1_seconds) AS tier1_values,
              GROUP_CONCAT(IF({_F["reached"]}, t.moeen_tier2_seconds, NULL)) AS tier2_values""",
            where,
            params,
            limit,
            fine,
            extra=f" AND {_F['in_tiers']}",
        )
        for key, service, c, runs in rows or ():
            if c is None or None in runs:
                rows = None
                break
            t1, t2 = (targets.get(service) or (False, False)) if service else (False, False)
            _add_tier(acc.setdefault(key, {}), c, t1, t2)
            add_runs(lists, key, TIERS, runs)
    if rows is None:
        acc, lists = {}, {}
        where, params, join = conditions(filters)
        where += f" AND {IN_TIERS_SQL}"
        service_sql = DIMENSIONS["service"][0]
        general = frappe.db.sql(
            f"""SELECT {select_keys(keys)} {service_sql} AS `_service`, {TIER_PLAIN_SQL}
                FROM {from_sql(needs_join(keys, join))}
                WHERE {where}
                GROUP BY {"".join(f"`{alias_of(k)}`, " for k in keys)} `_service`""",
            params,
            as_dict=True,
        )
        for r in general:
            key = row_key(r, keys)
            t1, t2 = targets.get(r._service) or (False, False)
            _add_tier(acc.setdefault(key, {}), {c: cint(r[c]) for c in TIER_COUNTS}, t1, t2)
        join = needs_join(keys, join)
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
        for tier in TIERS:
            got = lists.get(key, {}).get(tier)
            if isinstance(got, dict):  # general path: {rank: (n, value)}
                n = next(iter(got.values()))[0] if got else 0
                med, p = figures.stats_from_ranks(n, {rn: v for rn, (_n, v) in got.items()})
            else:  # fast path: each fine group's sorted list
                runs = got or []
                n = sum(map(len, runs))
                med, p = figures.stats_from_ranks(n, figures.values_at_ranks(runs, figures.ranks_needed(n)))
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
