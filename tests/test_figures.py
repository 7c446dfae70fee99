"""The SQL-shaped aggregation (core.figures) gives exactly what core.review.compliance gives."""

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moeen_helpdesk.core.errors import ValidationError
from moeen_helpdesk.core.figures import (
    RANKS_SQL,
    assemble,
    median_ranks,
    p90_rank,
    ranks_needed,
    stats_from_ranks,
    values_at_ranks,
)
from moeen_helpdesk.core.review import METRICS, compliance, median, p90


def sql_like(rows, keys, all_ranks=False):
    """What the three queries of the report return for per-ticket rows."""
    counts = defaultdict(lambda: defaultdict(int))
    times = defaultdict(lambda: defaultdict(list))
    sat = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        key = tuple(r.get(k) for k in keys)
        c = counts[key]
        c["tickets"] += 1
        for m in ("response", "resolution"):
            met = r.get(f"{m}_met")
            if met is not None:
                c[f"{m}_applicable"] += 1
                c[f"{m}_met"] += 1 if met else 0
            if r.get(f"{m}_seconds") is not None:
                times[key][m].append(r[f"{m}_seconds"])
        c["reopened_tickets"] += 1 if r.get("reopened") else 0
        c["breaches_tier1"] += r.get("breach_tier") == "Tier 1"
        c["breaches_tier2"] += r.get("breach_tier") == "Tier 2"
        if r.get("rating") is not None:
            sat[key][0] += 1
            sat[key][1] += r["rating"] >= 4
            sat[key][2] += r["rating"]
    count_rows = [{**dict(zip(keys, k, strict=True)), **c} for k, c in counts.items()]
    rank_rows = []
    for key, per in times.items():
        for metric, values in per.items():
            values.sort()
            n = len(values)
            wanted = range(1, n + 1) if all_ranks else ranks_needed(n)
            for rn in wanted:
                rank_rows.append(
                    {
                        **dict(zip(keys, key, strict=True)),
                        "metric": metric,
                        "n": n,
                        "rn": rn,
                        "v": values[rn - 1],
                    }
                )
    sat_rows = [
        {**dict(zip(keys, k, strict=True)), "rated": a, "satisfied": b, "rating_sum": c}
        for k, (a, b, c) in sat.items()
    ]
    return count_rows, rank_rows, sat_rows


ticket = st.fixed_dictionaries(
    {
        "service": st.sampled_from(["A", "B", "C", None]),
        "channel": st.sampled_from(["Portal", "Phone", None]),
        "response_met": st.sampled_from([True, False, None]),
        "resolution_met": st.sampled_from([True, False, None]),
        "response_seconds": st.one_of(st.none(), st.integers(0, 10**6)),
        "resolution_seconds": st.one_of(st.none(), st.integers(0, 10**7)),
        "reopened": st.integers(0, 2),
        "breach_tier": st.sampled_from(["Tier 1", "Tier 2", None]),
        "rating": st.one_of(st.none(), st.integers(1, 5)),
    }
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(ticket, max_size=60),
    st.sampled_from([["service"], ["channel"], ["service", "channel"]]),
    st.booleans(),
)
def test_assemble_equals_compliance(rows, keys, all_ranks):
    counts, ranks, sat = sql_like(rows, keys, all_ranks)
    assert assemble(keys, counts, ranks, sat) == compliance(rows, keys)


def test_every_metric_and_a_worked_example():
    rows = [
        {
            "service": "A",
            "response_met": True,
            "response_seconds": 600,
            "resolution_seconds": 3600,
            "rating": 5,
        },
        {
            "service": "A",
            "response_met": False,
            "response_seconds": 7200,
            "reopened": 1,
            "breach_tier": "Tier 2",
        },
        {"service": "A", "response_met": None, "rating": 3},
        {"service": None, "resolution_met": True, "resolution_seconds": 10},
    ]
    counts, ranks, sat = sql_like(rows, ["service"])
    out = assemble(["service"], counts, ranks, sat)
    assert out == compliance(rows, ["service"])
    a = out[0]
    assert set(a) == {"service", *METRICS}
    assert (a["tickets"], a["response_met_share"], a["response_median"], a["response_p90"]) == (
        3,
        0.5,
        3900.0,
        7200,
    )
    assert (a["reopen_rate"], a["breaches_tier2"], a["csat"], a["mean_rating"]) == (1 / 3, 1, 0.5, 4.0)
    assert out[1]["service"] is None and out[1]["resolution_median"] == 10


@pytest.mark.parametrize("n", [1, 2, 3, 9, 10, 11, 19, 20, 21, 99, 100, 1001])
def test_ranks_match_the_core_and_the_sql_rule(n):
    values = list(range(100, 100 + n))
    at = {rn: values[rn - 1] for rn in ranks_needed(n)}
    assert stats_from_ranks(n, at) == (median(values), p90(values))
    lo, hi = median_ranks(n)
    # the SQL rule selects exactly these ranks
    rule = RANKS_SQL.replace("DIV", "//").replace("GREATEST", "max").replace(" IN ", " in ")
    assert {rn for rn in range(1, n + 1) if eval(rule, {"n": n, "rn": rn, "max": max})} == {
        lo,
        hi,
        p90_rank(n),
    }


def test_missing_ranks_and_unknown_metric_are_refused():
    with pytest.raises(ValidationError):
        stats_from_ranks(3, {1: 5})
    with pytest.raises(ValidationError):
        assemble(
            ["service"], [{"service": "A", "tickets": 1}], [{"service": "A", "metric": "x", "n": 1, "rn": 1}]
        )
    assert stats_from_ranks(0, {}) == (None, None)


@given(
    st.lists(st.lists(st.integers(-(2**31), 2**31 - 1), max_size=30), max_size=8),
    st.data(),
)
@settings(max_examples=300, deadline=None)
def test_values_at_ranks_of_sorted_runs_are_those_of_the_merged_values(runs, data):
    # the fast paths' fine groups each give a sorted list; a group of the report is several of them
    runs = [sorted(r) for r in runs]
    merged = sorted(v for r in runs for v in r)
    if not merged:
        with pytest.raises(ValidationError):
            values_at_ranks(runs, [1])
        return
    ranks = data.draw(st.sets(st.integers(1, len(merged)), min_size=1, max_size=5))
    assert values_at_ranks(runs, ranks) == {k: merged[k - 1] for k in ranks}
    for k in (0, len(merged) + 1):
        with pytest.raises(ValidationError):
            values_at_ranks(runs, [k])


def test_values_at_ranks_with_repeated_values_across_runs():
    runs = [[1, 5, 5, 9], [5, 5], [], [2, 5, 7]]  # merged: 1 2 5 5 5 5 5 7 9
    assert values_at_ranks(runs, {1, 2, 3, 7, 8, 9}) == {1: 1, 2: 2, 3: 5, 7: 5, 8: 7, 9: 9}
    assert values_at_ranks([[3, 4]], {2}) == {2: 4}
