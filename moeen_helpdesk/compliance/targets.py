"""The figures per group (:func:`compliance`): the targets met, the measured times, reopens,
breaches and satisfaction, by the fast path when an index serves, else the general one; and the
measured times per group (:func:`durations`) for the periodic review."""

from __future__ import annotations

import frappe

from moeen_helpdesk.compliance.counts import SATISFACTION_KEYS, split_counts
from moeen_helpdesk.compliance.fast import fast_lists, fast_path, rank_rows_from
from moeen_helpdesk.compliance.filters import (
    conditions,
    from_sql,
    group_keys,
    needs_join,
    row_key,
    select_keys,
)
from moeen_helpdesk.compliance.general import count_rows, rank_rows
from moeen_helpdesk.compliance.sql import TIME_COLUMNS
from moeen_helpdesk.core import figures


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
                for metric, runs in per.items():
                    ranks += rank_rows_from(keys, key, metric, runs)
            count_rows_, sat_rows = split_counts(keys, counts)
            return figures.assemble(keys, count_rows_, ranks, sat_rows)
    where, params, join = conditions(filters)
    join = needs_join(keys, join)
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
            return {
                key: {metric: [v for run in runs for v in run] for metric, runs in per.items()}
                for key, per in got[1].items()
            }
    where, params, join = conditions(filters)
    join = needs_join(keys, join)
    out: dict[tuple, dict[str, list[int]]] = {}
    rows = frappe.db.sql(
        f"""SELECT {select_keys(keys)}
              IF({TIME_COLUMNS["response"][1]}, {TIME_COLUMNS["response"][0]}, NULL) AS response,
              IF({TIME_COLUMNS["resolution"][1]}, {TIME_COLUMNS["resolution"][0]}, NULL) AS resolution
            FROM {from_sql(join)}
            WHERE {where}""",
        params,
        as_dict=True,
    )
    for r in rows:
        per = out.setdefault(row_key(r, keys), {"response": [], "resolution": []})
        for metric in ("response", "resolution"):
            if r[metric] is not None:
                per[metric].append(int(r[metric]))
    return out
