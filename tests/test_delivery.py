"""Measured delivery time beside the target (issue 15): the too-few-tickets rule, the window,
percentiles on business time, the words in Arabic and English, the "unusually loaded" rule."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moeen_helpdesk.core import delivery as d
from moeen_helpdesk.core.errors import ValidationError
from moeen_helpdesk.core.review import WORKING_DAY_SECONDS, percentile, readable_ceiling

H = 3600
WD = WORKING_DAY_SECONDS


def test_too_few_tickets_gives_no_number():
    m = d.measure([H] * 19, min_tickets=20)
    assert (m.tickets, m.median, m.p90, m.enough) == (19, None, None, False)
    m = d.measure([H] * 20, min_tickets=20)
    assert (m.tickets, m.median, m.p90, m.enough) == (20, H, H, True)
    # no tickets is never enough, even with a minimum of 0
    assert d.measure([], min_tickets=0).enough is False
    # unmeasured tickets (None) do not count towards the minimum
    assert d.measure([H] * 19 + [None], min_tickets=20).enough is False


def test_defaults_are_the_policy_window_and_minimum():
    assert (d.DEFAULT_WINDOW_DAYS, d.DEFAULT_MIN_TICKETS) == (90, 20)
    assert d.measure([H] * 19).enough is False


def test_percentiles_on_business_time():
    values = [i * H for i in range(1, 21)]  # 1..20 business hours
    m = d.measure(list(reversed(values)), min_tickets=20)
    assert m.median == 10.5 * H  # mean of the 10th and 11th
    assert m.p90 == 18 * H  # nearest rank: ceil(0.9 * 20) = 18th


@given(st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=200), st.integers(0, 50))
def test_measure_agrees_with_review_percentiles(values, minimum):
    m = d.measure(values, min_tickets=minimum)
    assert m.enough == (len(values) >= minimum)
    if m.enough:
        assert m.p90 == percentile(values, 90)
        assert min(values) <= m.median <= m.p90 <= max(values)
        assert sum(v <= m.p90 for v in values) >= 0.9 * len(values)


def test_window():
    now = dt.datetime(2026, 12, 1, 12, 0)
    assert d.window_start(now, 90) == dt.datetime(2026, 9, 2, 12, 0)
    assert d.in_window(dt.datetime(2026, 9, 2, 12, 0), now, 90)
    assert not d.in_window(dt.datetime(2026, 9, 2, 11, 59), now, 90)
    assert not d.in_window(now + dt.timedelta(seconds=1), now, 90)
    assert not d.in_window(None, now, 90)
    for bad in (0, -1, 1.5, True, "90"):
        with pytest.raises(ValidationError):
            d.window_start(now, bad)
    with pytest.raises(ValidationError):
        d.measure([1], min_tickets=-1)
    with pytest.raises(ValidationError):
        d.measure([-1], min_tickets=0)


def test_words_in_both_languages():
    en = d.delivery_words(2 * WD, 4 * WD, WD, False, "en", 90)
    assert en["text"] == "Usually within 2 working days; 9 in 10 within 4 working days (last 90 days)"
    ar = d.delivery_words(2 * WD, 4 * WD, WD, False, "ar", 90)
    assert ar["text"] == "عادةً خلال يومي عمل؛ 9 من كل 10 خلال 4 أيام عمل (آخر 90 يومًا)"
    assert (ar["usually"], ar["nine_in_ten"], ar["window"]) == (
        "عادةً خلال يومي عمل",
        "9 من كل 10 خلال 4 أيام عمل",
        "آخر 90 يومًا",
    )
    # measured times are rounded UP to a readable unit: 2 h 10 min -> 3 working hours
    assert d.delivery_words(2 * H + 600, 5 * H, language="en", window_days=30)["text"] == (
        "Usually within 3 working hours; 9 in 10 within 5 working hours (last 30 days)"
    )
    # a round-the-clock calendar counts plain days; an instant resolution reads 15 minutes
    assert d.delivery_words(0, 86400, 86400, True, "en", 7)["text"] == (
        "Usually within 15 minutes; 9 in 10 within 1 day (last 7 days)"
    )
    assert d.delivery_words(None, 4 * WD) is None


@given(st.floats(min_value=0, max_value=1e8, allow_nan=False), st.sampled_from([6 * H, WD, 24 * H]))
def test_readable_ceiling_never_understates(seconds, day):
    rounded = readable_ceiling(seconds, day)
    assert rounded >= seconds and rounded >= 900


def test_daily_open_counts_and_usual_level():
    first = dt.date(2026, 11, 1)
    created = {first: 3, first + dt.timedelta(days=2): 4}
    resolved = {first + dt.timedelta(days=1): 2, first + dt.timedelta(days=3): 10}
    daily = d.daily_open_counts(5, created, resolved, first, 4)
    assert daily == [8, 6, 10, 0]
    assert d.usual_open(daily) == 7.0
    assert d.usual_open([]) == 0.0


def test_load_rule():
    # open now >= max(2 x usual, usual + 5)
    assert d.is_loaded(20, 10) and not d.is_loaded(19, 10)
    assert d.is_loaded(6, 1) and not d.is_loaded(5, 1)  # a quiet unit needs 5 more than usual
    assert d.is_loaded(5, 0) and not d.is_loaded(4, 0)
    assert not d.is_loaded(100, 1, enough_history=False)


@given(st.integers(0, 1000), st.floats(min_value=0, max_value=1000, allow_nan=False))
def test_load_rule_is_monotonic(open_now, usual):
    if d.is_loaded(open_now, usual):
        assert d.is_loaded(open_now + 1, usual)
        assert open_now >= usual + d.LOAD_MARGIN
