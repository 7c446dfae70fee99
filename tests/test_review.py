import ast
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moeen_helpdesk.core import review as R
from moeen_helpdesk.core.errors import ValidationError
from moeen_helpdesk.core.review import (
    Recommendation,
    compliance,
    default_ladder,
    humanize_seconds,
    median,
    p90,
    percentile,
    recommend_target,
    wilson_interval,
)

MIN = 60
H = 3600
WD = 8.5 * 3600  # 30600


# ----------------------------------------------------------------------- percentile
def test_percentile_nearest_rank():
    data = [15, 20, 35, 40, 50]
    assert [percentile(data, q) for q in (5, 30, 40, 50, 100)] == [15, 20, 20, 35, 50]
    assert percentile([50, 40, 35, 20, 15], 40) == 20  # order of input does not matter
    assert percentile(range(1, 101), 29) == 29  # exact rank, no float drift (0.29 * 100)
    assert percentile(range(1, 101), 85) == 85
    assert percentile(range(1, 11), 85) == 9  # ceil(8.5) = 9th value
    assert percentile(range(1, 11), 90) == 9
    assert percentile(range(1, 11), 90.5) == 10
    assert percentile(range(1, 1001), 33.3) == 333


def test_percentile_ties_and_tiny_samples():
    assert percentile([7, 7, 7, 9], 50) == 7
    assert percentile([7, 7, 7, 9], 75) == 7
    assert percentile([7, 7, 7, 9], 76) == 9
    assert percentile([5], 0.001) == 5 and percentile([5], 100) == 5
    assert percentile([3, 1], 50) == 1 and percentile([3, 1], 50.1) == 3 and percentile([3, 1], 100) == 3
    assert percentile([], 50) is None
    assert percentile([None, 4, None], 50) == 4
    assert percentile([None], 50) is None


@pytest.mark.parametrize("q", [0, -1, 100.0001, 101, float("nan"), None, "50", True])
def test_percentile_q_out_of_range(q):
    with pytest.raises(ValidationError) as e:
        percentile([1, 2], q)
    assert e.value.template == "The percentile must be greater than 0 and at most 100, got {0}"


def test_percentile_rejects_non_numbers():
    for bad in (float("nan"), "3", True):
        with pytest.raises(ValidationError):
            percentile([1, bad], 50)


def test_median_and_p90():
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5
    assert median([5]) == 5
    assert median([1, 2]) == 1.5
    assert median([]) is None and median([None]) is None
    assert p90(range(1, 11)) == 9
    assert p90(range(1, 21)) == 18
    assert p90([10]) == 10
    assert p90([]) is None


values_st = st.lists(
    st.integers(min_value=-(10**6), max_value=10**6) | st.floats(-1e6, 1e6, allow_nan=False),
    min_size=1,
    max_size=60,
)
q_st = st.floats(min_value=0.001, max_value=100)


@settings(max_examples=300, deadline=None)
@given(values_st, q_st)
def test_property_percentile_is_element_and_nearest_rank(values, q):
    p = percentile(values, q)
    assert p in values
    n = len(values)
    # at least q% are <= p, and fewer than q% are < p
    assert sum(v <= p for v in values) * 100 >= q * n * (1 - 1e-12)
    assert sum(v < p for v in values) * 100 < q * n * (1 + 1e-12)


@settings(max_examples=300, deadline=None)
@given(values_st, q_st, q_st)
def test_property_percentile_monotone_in_q(values, q1, q2):
    lo, hi = sorted((q1, q2))
    assert percentile(values, lo) <= percentile(values, hi)
    assert min(values) <= percentile(values, lo) and percentile(values, 100) == max(values)


# --------------------------------------------------------------------- recommendation
def rec(value, n=20, **kw):
    """A sample of n tickets whose 85th percentile is ``value`` (all equal)."""
    return recommend_target([value] * n, **kw)


@pytest.mark.parametrize(
    "p,expected",
    [
        (0, 15 * MIN),  # minimum one step
        (1, 15 * MIN),
        (15 * MIN, 15 * MIN),
        (15 * MIN + 1, 30 * MIN),
        (44 * MIN, 45 * MIN),
        (59 * MIN, H),
        (H, H),  # 1 hour is the last 15-minute rung
        (H + 1, 2 * H),  # then whole hours
        (3 * H, 3 * H),
        (7 * H + 1, 8 * H),
        (8 * H, 8 * H),
        (8 * H + 1, WD),  # 8 h < p <= 8.5 h: capped at one working day, not 9 h
        (WD, WD),
        (WD + 1, 1.5 * WD),  # then half working days
        (2 * WD, 2 * WD),
        (2 * WD + 1, 2.5 * WD),
        (5 * WD, 5 * WD),
        (5 * WD + 1, 6 * WD),  # then whole working days
        (9.2 * WD, 10 * WD),
    ],
)
def test_recommendation_rounding_at_each_ladder_step(p, expected):
    r = rec(p)
    assert r.seconds == expected and isinstance(r.seconds, int)
    assert r.enough_data and r.sample == 20 and r.reason == R.REASON_OK
    assert r.percentile_seconds == p


def test_recommendation_uses_the_share_percentile_and_reports_current():
    sample = [i * MIN for i in range(1, 101)]  # 1..100 minutes
    r = recommend_target(sample, current_target=60 * MIN)
    assert r.percentile_seconds == 85 * MIN and r.seconds == 2 * H
    assert r.met_share_at_current == 0.6
    r = recommend_target(sample, share=0.5, current_target=100 * MIN)
    assert r.percentile_seconds == 50 * MIN and r.seconds == H and r.met_share_at_current == 1.0
    assert recommend_target(sample, share=1).seconds == 2 * H
    # None entries are ignored
    assert recommend_target(sample + [None] * 5).sample == 100


def test_recommendation_custom_working_day_and_ladder():
    assert rec(8 * H + 1, working_day_seconds=8 * H).seconds == 12 * H  # just over 1 wd of 8 h -> 1.5 wd
    ladder = ((600, 60), (None, 600))
    assert rec(125, unit_ladder=ladder).seconds == 180
    assert rec(601, unit_ladder=ladder).seconds == 1200
    for bad in (
        (),
        ((600, 60),),
        ((None, 60), (None, 60)),
        ((600, 0), (None, 60)),
        ((600, 60), (500, 60), (None, 1)),
    ):
        with pytest.raises(ValidationError):
            rec(100, unit_ladder=bad)


def test_too_few_tickets():
    r = recommend_target([100] * 19, current_target=90)
    assert r == Recommendation(None, 0.0, 19, False, "too few tickets", None)
    assert recommend_target([]) == Recommendation(None, None, 0, False, "too few tickets", None)
    assert recommend_target([], min_sample=0).enough_data is False
    assert recommend_target([100], min_sample=1).seconds == 15 * MIN
    assert recommend_target([None] * 30).sample == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"share": 0},
        {"share": 1.01},
        {"share": float("nan")},
        {"min_sample": -1},
        {"min_sample": 2.5},
        {"working_day_seconds": 0},
        {"working_day_seconds": float("inf")},
        {"current_target": "1h"},
    ],
)
def test_recommendation_input_validation(kwargs):
    with pytest.raises(ValidationError):
        recommend_target([1] * 30, **kwargs)
    with pytest.raises(ValidationError) as e:
        recommend_target([1, -5] * 15)
    assert e.value.template == "Business time cannot be negative, got {0}"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.floats(min_value=0, max_value=60 * WD, allow_nan=False) | st.integers(0, 10**7),
        min_size=1,
        max_size=80,
    ),
    st.floats(min_value=0.01, max_value=1),
)
def test_property_recommendation_at_least_percentile_and_on_ladder(values, share):
    r = recommend_target(values, share=share, min_sample=1, current_target=values[0])
    p = percentile(values, share * 100)
    assert r.percentile_seconds == p
    assert r.seconds >= p
    assert sum(v <= r.seconds for v in values) >= share * len(values) * (1 - 1e-12)
    value, unit = humanize_seconds(r.seconds)
    assert unit in R.UNITS
    if unit == "minutes":
        assert value % 15 == 0 and 15 <= value <= 60 or r.seconds == 0
    elif unit == "hours":
        assert value == int(value) and 1 <= value <= 8
    else:
        assert (value * 2) == int(value * 2) and value >= 1
        if value > 5:
            assert value == int(value)
    assert 0 < r.met_share_at_current <= 1


def test_default_ladder_shape():
    assert default_ladder() == ((3600, 900), (WD, 3600), (5 * WD, WD / 2), (None, WD))


# --------------------------------------------------------------------------- humanize
@pytest.mark.parametrize(
    "seconds,expected",
    [
        (0, (0, "minutes")),
        (1, (1, "minutes")),
        (45 * MIN, (45, "minutes")),
        (59 * MIN + 1, (60, "minutes")),
        (H, (1, "hours")),
        (1.5 * H, (1.5, "hours")),
        (H + MIN, (61, "minutes")),
        (3 * H, (3, "hours")),
        (8 * H, (8, "hours")),
        (WD, (1, "working days")),
        (1.5 * WD, (1.5, "working days")),
        (2 * WD, (2, "working days")),
        (2 * WD + H, (18, "hours")),
        (9 * H, (9, "hours")),
        (10 * WD, (10, "working days")),
    ],
)
def test_humanize_seconds(seconds, expected):
    got = humanize_seconds(seconds)
    assert got == expected
    assert type(got[0]) is type(expected[0])


def test_humanize_custom_day_and_validation():
    assert humanize_seconds(16 * H, working_day_seconds=8 * H) == (2, "working days")
    assert humanize_seconds(12 * H, working_day_seconds=8 * H) == (1.5, "working days")
    with pytest.raises(ValidationError):
        humanize_seconds(-1)
    with pytest.raises(ValidationError):
        humanize_seconds(60, working_day_seconds=0)
    with pytest.raises(ValidationError):
        humanize_seconds(None)


# -------------------------------------------------------------------------- compliance
def row(service, tier="Tier 1", **kw):
    base = dict(
        service=service,
        tier=tier,
        response_met=None,
        resolution_met=None,
        response_seconds=None,
        resolution_seconds=None,
        reopened=0,
        breach_tier=None,
        rating=None,
    )
    base.update(kw)
    return base


ROWS = [
    # service A, tier 1
    row("A", response_met=True, resolution_met=True, response_seconds=100, resolution_seconds=1000, rating=5),
    row(
        "A",
        response_met=True,
        resolution_met=False,
        response_seconds=300,
        resolution_seconds=5000,
        breach_tier="Tier 1",
        reopened=2,
        rating=3,
    ),
    row(
        "A",
        response_met=False,
        resolution_met=None,
        response_seconds=900,
        resolution_seconds=None,
        breach_tier="Tier 1",
    ),
    row("A", response_met=True, resolution_met=True, response_seconds=200, resolution_seconds=2000, rating=4),
    # service A, tier 2
    row(
        "A",
        "Tier 2",
        response_met=True,
        resolution_met=False,
        response_seconds=50,
        resolution_seconds=9000,
        breach_tier="Tier 2",
        reopened=1,
        rating=1,
    ),
    # service B (tier missing -> None group)
    {"service": "B", "response_met": None, "resolution_met": None},
    # no service
    row(None, response_met=True, resolution_met=True, response_seconds=10, resolution_seconds=20, rating=4),
]


def test_compliance_by_service_hand_computed():
    a, b, none = compliance(ROWS, ["service"])
    assert a == {
        "service": "A",
        "tickets": 5,
        "response_applicable": 5,
        "response_met": 4,
        "response_met_share": 0.8,
        "resolution_applicable": 4,
        "resolution_met": 2,
        "resolution_met_share": 0.5,
        "response_median": 200,  # 50 100 200 300 900
        "response_p90": 900,  # ceil(4.5) = 5th
        "resolution_median": 3500,  # 1000 2000 5000 9000 -> (2000 + 5000) / 2
        "resolution_p90": 9000,  # ceil(3.6) = 4th
        "reopened_tickets": 2,
        "reopen_rate": 0.4,
        "breaches_tier1": 2,
        "breaches_tier2": 1,
        "rated": 4,
        "satisfied": 2,  # 5 and 4
        "csat": 0.5,
        "mean_rating": 13 / 4,
    }
    assert b == {
        "service": "B",
        "tickets": 1,
        "response_applicable": 0,
        "response_met": 0,
        "response_met_share": None,
        "resolution_applicable": 0,
        "resolution_met": 0,
        "resolution_met_share": None,
        "response_median": None,
        "response_p90": None,
        "resolution_median": None,
        "resolution_p90": None,
        "reopened_tickets": 0,
        "reopen_rate": 0.0,
        "breaches_tier1": 0,
        "breaches_tier2": 0,
        "rated": 0,
        "satisfied": 0,
        "csat": None,
        "mean_rating": None,
    }
    assert none["service"] is None and none["tickets"] == 1 and none["csat"] == 1.0


def test_compliance_by_two_keys_order_and_none_last():
    groups = compliance(ROWS, ["service", "tier"])
    assert [(g["service"], g["tier"]) for g in groups] == [
        ("A", "Tier 1"),
        ("A", "Tier 2"),
        ("B", None),
        (None, "Tier 1"),
    ]
    a1 = groups[0]
    assert (a1["tickets"], a1["response_met_share"], a1["resolution_met_share"]) == (4, 0.75, 2 / 3)
    assert (a1["response_median"], a1["response_p90"]) == (250, 900)  # 100 200 300 900
    assert (a1["resolution_median"], a1["resolution_p90"]) == (2000, 5000)  # 1000 2000 5000
    assert (a1["reopen_rate"], a1["breaches_tier1"], a1["csat"], a1["mean_rating"]) == (0.25, 2, 2 / 3, 4.0)
    a2 = groups[1]
    assert (a2["tickets"], a2["response_median"], a2["csat"], a2["breaches_tier2"]) == (1, 50, 0.0, 1)


def test_compliance_overall_and_edge_cases():
    (total,) = compliance(ROWS, [])
    assert total["tickets"] == 7 and total["response_met"] == 5 and total["response_applicable"] == 6
    assert total["rated"] == 5 and total["mean_rating"] == 17 / 5
    assert compliance([], ["service"]) == [] and compliance([], []) == []
    assert compliance(ROWS, "service") == compliance(ROWS, ["service"])
    # mixed key types still give a deterministic order
    assert [g["k"] for g in compliance([{"k": 1}, {"k": "x"}, {"k": None}], ["k"])][-1] is None
    # a generator of rows is consumed once
    assert compliance((r for r in ROWS), ["service"])[0]["tickets"] == 5


@pytest.mark.parametrize(
    "rows,group_by,template",
    [
        ([row("A", rating=6)], ["service"], "The rating {0} is outside the range 1 to 5"),
        ([row("A", rating=0)], ["service"], "The rating {0} is outside the range 1 to 5"),
        ([row("A", breach_tier="Tier 3")], ["service"], "Unknown breach tier {0}"),
        ([row("A")], ["service", "service"], "The grouping keys must be distinct names"),
        ([row("A")], ["tickets"], "The grouping key {0} clashes with an output column"),
        ([row("A", response_seconds=float("nan"))], ["service"], "Values must be numbers, got {0}"),
    ],
)
def test_compliance_validation(rows, group_by, template):
    with pytest.raises(ValidationError) as e:
        compliance(rows, group_by)
    assert e.value.template == template


def _naive(rows, keys):
    """A direct, slow restatement of the definitions, to cross-check compliance()."""
    out = {}
    for r in rows:
        out.setdefault(tuple(r.get(k) for k in keys), []).append(r)
    result = []
    for key, rs in out.items():

        def share(flag, rs=rs):
            app = [r[flag] for r in rs if r[flag] is not None]
            return sum(app) / len(app) if app else None

        resp = [r["response_seconds"] for r in rs if r["response_seconds"] is not None]
        ratings = [r["rating"] for r in rs if r["rating"] is not None]
        result.append(
            {
                "key": key,
                "tickets": len(rs),
                "response_met_share": share("response_met"),
                "resolution_met_share": share("resolution_met"),
                "response_median": median(resp),
                "response_p90": p90(resp),
                "reopen_rate": sum(1 for r in rs if r["reopened"]) / len(rs),
                "breaches_tier1": sum(r["breach_tier"] == "Tier 1" for r in rs),
                "csat": sum(x >= 4 for x in ratings) / len(ratings) if ratings else None,
                "mean_rating": sum(ratings) / len(ratings) if ratings else None,
            }
        )
    return result


rows_st = st.lists(
    st.fixed_dictionaries(
        {
            "service": st.sampled_from(["A", "B", None]),
            "channel": st.sampled_from(["web", "phone"]),
            "response_met": st.sampled_from([True, False, None]),
            "resolution_met": st.sampled_from([True, False, None]),
            "response_seconds": st.none() | st.integers(0, 10**5),
            "resolution_seconds": st.none() | st.integers(0, 10**6),
            "reopened": st.integers(0, 2),
            "breach_tier": st.sampled_from([None, "Tier 1", "Tier 2"]),
            "rating": st.sampled_from([None, 1, 2, 3, 4, 5]),
        }
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(rows_st)
def test_property_compliance_matches_naive_definition(rows):
    keys = ["service", "channel"]
    got = compliance(rows, keys)
    expected = {e["key"]: e for e in _naive(rows, keys)}
    assert len(got) == len(expected)
    assert sum(g["tickets"] for g in got) == len(rows)
    for g in got:
        e = expected[tuple(g[k] for k in keys)]
        for name, value in e.items():
            if name != "key":
                assert g[name] == pytest.approx(value) if value is not None else g[name] is None, name
    sort_keys = [tuple((v is None, v or "") for v in (g["service"], g["channel"])) for g in got]
    assert sort_keys == sorted(sort_keys)


# ------------------------------------------------------------------------------ wilson
def test_wilson_known_values():
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4) and high == pytest.approx(0.9433, abs=1e-4)
    low, high = wilson_interval(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-4) and high == pytest.approx(0.5962, abs=1e-4)
    assert wilson_interval(0, 10) == (0.0, pytest.approx(0.2775, abs=1e-4))
    assert wilson_interval(10, 10) == (pytest.approx(0.7225, abs=1e-4), 1.0)
    low, high = wilson_interval(8, 10, z=2.576)  # 99 %
    assert low < 0.4902 and high > 0.9433
    assert wilson_interval(0, 0) == (None, None)


@pytest.mark.parametrize(
    "args", [(11, 10), (-1, 10), (1, -1), (1.5, 10), (True, 10), (5, 10, 0), (5, 10, -1)]
)
def test_wilson_validation(args):
    with pytest.raises(ValidationError):
        wilson_interval(*args)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**6).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_property_wilson_contains_point_estimate(pair):
    k, n = pair
    low, high = wilson_interval(k, n)
    assert 0 <= low <= k / n <= high <= 1
    assert not math.isnan(low) and not math.isnan(high)


# ------------------------------------------------------------------------ translations
def test_every_template_has_an_arabic_translation_with_the_same_placeholders():
    tree = ast.parse(Path(R.__file__).read_text(encoding="utf-8"))
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("NotAllowed", "ValidationError"):
            assert isinstance(node.args[0], ast.Constant)
            used.add(node.args[0].value)
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            assert not any(n.split(".")[0] == "frappe" for n in names)
    assert used and used <= set(R.MESSAGES_AR)
    assert {R.REASON_OK, R.REASON_TOO_FEW} <= set(R.MESSAGES_AR)
    assert set(R.UNITS_AR) == set(R.UNITS)
    for template, arabic in R.MESSAGES_AR.items():
        assert sorted(re.findall(r"\{\d+\}", template)) == sorted(re.findall(r"\{\d+\}", arabic)), template
        assert re.search("[\u0600-\u06ff]", arabic)


# ------------------------------------------------------------------ counts in words
@pytest.mark.parametrize(
    "value,unit,en,ar",
    [
        (1, "hours", "1 hour", "ساعة"),
        (2, "hours", "2 hours", "ساعتين"),
        (3, "hours", "3 hours", "3 ساعات"),
        (11, "hours", "11 hours", "11 ساعة"),
        (1, "working days", "1 working day", "يوم عمل"),
        (2, "working days", "2 working days", "يومي عمل"),
        (1.5, "working days", "1.5 working days", "يوم عمل ونصف"),
        (10, "working days", "10 working days", "10 أيام عمل"),
        (103, "minutes", "103 minutes", "103 دقائق"),
        (1, "minutes", "1 minute", "دقيقة"),
        (24, "working hours", "24 working hours", "24 ساعة عمل"),
    ],
)
def test_count_words_singular_dual_plural(value, unit, en, ar):
    from moeen_helpdesk.core.review import count_words

    assert count_words(value, unit, "en") == en
    assert count_words(value, unit, "ar") == ar


def test_target_words_business_hours_and_working_days():
    from moeen_helpdesk.core.review import target_words

    wd = 8.5 * 3600
    assert target_words(24 * 3600, wd) == "24 working hours ≈ 3 working days"
    assert target_words(24 * 3600, wd, "ar") == "24 ساعة عمل ≈ 3 أيام عمل"
    assert target_words(17 * 3600, wd) == "17 working hours = 2 working days"
    assert target_words(17 * 3600, wd, "ar") == "17 ساعة عمل = يومي عمل"
    assert target_words(3600, wd) == "1 working hour"
    assert target_words(2 * 3600, wd, "ar") == "ساعتي عمل"
    assert target_words(2700, wd) == "45 minutes"
    assert target_words(wd * 1.5, wd) == "12.75 working hours = 1.5 working days"
    assert target_words(48 * 3600, 86400) == "48 hours = 2 days"
    assert target_words(0, wd) == "" and target_words(None, wd) == ""
