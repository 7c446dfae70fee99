"""Compliance figures from SQL aggregates, equal to :func:`moeen_helpdesk.core.review.compliance`.

The report shell pushes the work into the database: one ``GROUP BY`` query with
counts and sums per group, one window query per business-time column that returns
only the rows at the ranks the median and the 90th percentile need, and one
``GROUP BY`` over the survey answers. :func:`assemble` turns those rows into the
dicts :func:`~moeen_helpdesk.core.review.compliance` returns for per-ticket rows,
so the two can be compared (``tests/test_figures.py`` does, on random data).

No Frappe here.

Row shapes (group keys under their own names in every row):

- counts rows: ``tickets``, ``response_applicable``, ``response_met``,
  ``resolution_applicable``, ``resolution_met``, ``reopened_tickets``,
  ``breaches_tier1``, ``breaches_tier2`` (missing or None count as 0);
- rank rows: ``metric`` (``"response"`` / ``"resolution"``), ``n`` (measured values in
  the group), ``rn`` (1-based rank in ascending order) and ``v`` (the value), for at
  least the ranks of :func:`ranks_needed`;
- satisfaction rows: ``rated``, ``satisfied`` (ratings 4-5), ``rating_sum``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from moeen_helpdesk.core.errors import ValidationError
from moeen_helpdesk.core.review import METRICS, group_order

#: The business-time columns that get a median and a 90th percentile.
TIME_METRICS: tuple[str, ...] = ("response", "resolution")
COUNTS: tuple[str, ...] = (
    "tickets",
    "response_applicable",
    "response_met",
    "resolution_applicable",
    "resolution_met",
    "reopened_tickets",
    "breaches_tier1",
    "breaches_tier2",
)


def median_ranks(n: int) -> tuple[int, int]:
    """1-based ranks whose values average to the median of ``n`` sorted values (equal for odd n)."""
    return (n + 1) // 2, n // 2 + 1


def p90_rank(n: int) -> int:
    """1-based nearest rank of the 90th percentile: ceil(9n/10), in integers."""
    return max((9 * n + 9) // 10, 1)


def ranks_needed(n: int) -> set[int]:
    """The ranks a group of ``n`` values must return (empty for n = 0)."""
    if n <= 0:
        return set()
    return {*median_ranks(n), p90_rank(n)}


def values_at_ranks(runs: Sequence[Sequence[int]], ranks: Iterable[int]) -> dict[int, int]:
    """The values at ``ranks`` (1-based) of all the values of ``runs``, each a sorted list of
    integers, taken together in order — without merging them: for each rank a binary search over
    the values, counting each run's values up to a value by bisection (a few dozen steps of one
    bisection per run, where a merge would touch every value)."""
    runs = [r for r in runs if r]
    n = sum(map(len, runs))
    lowest, highest = (min(r[0] for r in runs), max(r[-1] for r in runs)) if runs else (0, 0)
    out = {}
    for k in ranks:
        if not 1 <= k <= n:
            raise ValidationError("There is no rank {0} in a group of {1} values", k, n)
        if len(runs) == 1:
            out[k] = runs[0][k - 1]
            continue
        lo, hi = lowest, highest
        while lo < hi:  # the smallest value with at least k values up to it
            mid = (lo + hi) // 2
            if sum(bisect_right(r, mid) for r in runs) >= k:
                hi = mid
            else:
                lo = mid + 1
        out[k] = lo
    return out


#: The same rule in SQL for a window query with columns ``rn`` and ``n``.
RANKS_SQL = "rn IN ((n + 1) DIV 2, n DIV 2 + 1, GREATEST((9 * n + 9) DIV 10, 1))"


def stats_from_ranks(n: int, at: Mapping[int, Any]) -> tuple[Any, Any]:
    """(median, p90) of a group from its values at the needed ranks; (None, None) for n = 0."""
    if not n:
        return None, None
    missing = ranks_needed(n) - set(at)
    if missing:
        raise ValidationError("The ranks {0} of a group of {1} values are missing", sorted(missing), n)
    lo, hi = median_ranks(n)
    med = at[lo] if lo == hi else (at[lo] + at[hi]) / 2
    return med, at[p90_rank(n)]


def _share(num: int, den: int) -> float | None:
    return num / den if den else None


def _int(value: Any) -> int:
    return int(value) if value is not None else 0


def _key(row: Mapping[str, Any], keys: Sequence[str]) -> tuple:
    return tuple(row.get(k) for k in keys)


def _number(value: Any) -> Any:
    """SQL integers may come back as Decimal; the core's outputs are plain int / float."""
    if value is None or isinstance(value, int | float):
        return value
    as_int = int(value)
    return as_int if as_int == value else float(value)


def assemble(
    group_by: Sequence[str],
    counts: Iterable[Mapping[str, Any]],
    ranks: Iterable[Mapping[str, Any]] = (),
    satisfaction: Iterable[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    """Per-group figures with the keys and :data:`~moeen_helpdesk.core.review.METRICS`.

    Groups come from the counts rows (a group with no tickets does not exist); rank
    and satisfaction rows of other groups are ignored. The output is sorted like
    :func:`~moeen_helpdesk.core.review.compliance`.
    """
    if isinstance(group_by, str):
        group_by = [group_by]
    keys = tuple(group_by)
    for k in keys:
        if k in METRICS:
            raise ValidationError("The grouping key {0} clashes with an output column", k)

    base: dict[tuple, dict[str, int]] = {}
    for row in counts:
        key = _key(row, keys)
        acc = base.setdefault(key, dict.fromkeys(COUNTS, 0))
        for c in COUNTS:
            acc[c] += _int(row.get(c))

    values: dict[tuple, dict[str, tuple[int, dict[int, Any]]]] = {}
    for row in ranks:
        metric = row.get("metric")
        if metric not in TIME_METRICS:
            raise ValidationError("Unknown time metric {0}", metric)
        per = values.setdefault(_key(row, keys), {})
        n, at = per.setdefault(metric, (_int(row.get("n")), {}))
        at[_int(row.get("rn"))] = _number(row.get("v"))

    sat: dict[tuple, list[int]] = {}
    for row in satisfaction:
        acc = sat.setdefault(_key(row, keys), [0, 0, 0])
        acc[0] += _int(row.get("rated"))
        acc[1] += _int(row.get("satisfied"))
        acc[2] += _int(row.get("rating_sum"))

    ordered = group_order(base)

    out = []
    for key in ordered:
        c = base[key]
        stats = {}
        for metric in TIME_METRICS:
            n, at = values.get(key, {}).get(metric, (0, {}))
            stats[metric] = stats_from_ranks(n, at)
        rated, satisfied, rating_sum = sat.get(key, (0, 0, 0))
        row = dict(zip(keys, key, strict=True))
        row.update(
            tickets=c["tickets"],
            response_applicable=c["response_applicable"],
            response_met=c["response_met"],
            response_met_share=_share(c["response_met"], c["response_applicable"]),
            resolution_applicable=c["resolution_applicable"],
            resolution_met=c["resolution_met"],
            resolution_met_share=_share(c["resolution_met"], c["resolution_applicable"]),
            response_median=stats["response"][0],
            response_p90=stats["response"][1],
            resolution_median=stats["resolution"][0],
            resolution_p90=stats["resolution"][1],
            reopened_tickets=c["reopened_tickets"],
            reopen_rate=_share(c["reopened_tickets"], c["tickets"]),
            breaches_tier1=c["breaches_tier1"],
            breaches_tier2=c["breaches_tier2"],
            rated=rated,
            satisfied=satisfied,
            csat=_share(satisfied, rated),
            mean_rating=_share(rating_sum, rated),
        )
        out.append(row)
    return out


MESSAGES_AR: dict[str, str] = {
    "The ranks {0} of a group of {1} values are missing": "الرُّتَب {0} من مجموعة من {1} قيمة غير موجودة",
    "Unknown time metric {0}": "مقياس الوقت {0} غير معروف",
}
