"""The general path: ``GROUP BY`` with counts and sums, and one window query per time column
for the rows at the ranks the median and the p90 need."""

from __future__ import annotations

import frappe

from moeen_helpdesk.compliance.counts import count_columns_sql, unpack_counts
from moeen_helpdesk.compliance.filters import alias_of, from_sql, group_sql, renamed, row_key, select_keys
from moeen_helpdesk.compliance.sql import DIMENSIONS
from moeen_helpdesk.core import figures


# -------------------------------------------------------------------- general path
def count_rows(keys: list[str], where: str, params: dict, join: bool) -> list[dict]:
    rows = frappe.db.sql(
        f"""SELECT {select_keys(keys)} {count_columns_sql()}
            FROM {from_sql(join)}
            WHERE {where}
            {group_sql(keys)}""",
        params,
        as_dict=True,
    )
    return [{**dict(zip(keys, row_key(r, keys), strict=True)), **unpack_counts(r)} for r in rows if r.tickets]


def rank_rows(
    keys: list[str], where: str, params: dict, join: bool, metric: str, value: str, measured: str
) -> list[dict]:
    """Rows at the ranks the median and the p90 of ``value`` need, per group (window functions)."""
    dims = [DIMENSIONS[k][0] for k in keys]
    partition = ("PARTITION BY " + ", ".join(dims)) if dims else ""
    outer_keys = "".join(f"`{alias_of(k)}`, " for k in keys)
    rows = frappe.db.sql(
        f"""SELECT {outer_keys} n, rn, v FROM (
              SELECT {select_keys(keys)} {value} AS v,
                ROW_NUMBER() OVER ({partition} ORDER BY {value}) AS rn,
                COUNT(*) OVER ({partition}) AS n
              FROM {from_sql(join)}
              WHERE {where} AND {measured}
            ) x
            WHERE {figures.RANKS_SQL}""",
        params,
        as_dict=True,
    )
    return [{**renamed(r, keys), "metric": metric} for r in rows]
