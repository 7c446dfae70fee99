"""Report filters are checked before a query sees them (moeen_helpdesk.core.report_filters)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moeen_helpdesk.core.report_filters import (
    NOT_A_DATE,
    NOT_AN_OBJECT,
    NOT_TEXT,
    TOO_LONG,
    BadFilter,
    clean,
)


def test_what_the_forms_send_passes():
    filters = {"from_date": "2026-01-01", "to_date": "2026-06-30", "group_by": "service", "then_by": ""}
    assert clean(filters) == filters
    assert clean('{"service": "SIS-001", "period": "month"}') == {"service": "SIS-001", "period": "month"}
    assert clean(None) == clean("") == {}


def test_dates_are_normalised():
    assert clean({"from_date": dt.date(2026, 3, 1)}) == {"from_date": "2026-03-01"}
    assert clean({"to_date": "2026-03-01 10:00:00"}) == {"to_date": "2026-03-01"}
    now = dt.datetime(2026, 3, 1, 9, 30)
    assert clean({"now": now}) == {"now": now}
    assert clean({"now": "2026-03-01 09:30:00"}) == {"now": now}


def test_dimensions_may_be_lists():
    assert clean({"service": ["A", "B"], "channel": "Phone"}) == {"service": ["A", "B"], "channel": "Phone"}
    with pytest.raises(BadFilter):
        clean({"group_by": ["service", "tier"]})
    with pytest.raises(BadFilter):
        clean({"service": ["A", {"b": 1}]})


def test_unknown_filters_pass_untouched():
    assert clean({"prepared_report_name": ["x"]}) == {"prepared_report_name": ["x"]}


@pytest.mark.parametrize(
    ("raw", "field", "reason"),
    [
        ("{", "", NOT_AN_OBJECT),
        ("[1, 2]", "", NOT_AN_OBJECT),
        ("12", "", NOT_AN_OBJECT),
        ([1, 2], "", NOT_AN_OBJECT),
        ({"from_date": "not-a-date"}, "from_date", NOT_A_DATE),
        ({"to_date": "2026-13-45"}, "to_date", NOT_A_DATE),
        ({"from_date": ["x", "y"]}, "from_date", NOT_A_DATE),
        ({"from_date": 10**30}, "from_date", NOT_A_DATE),
        ({"now": "yesterday"}, "now", NOT_A_DATE),
        ({"group_by": ["x"]}, "group_by", NOT_TEXT),
        ({"service": [1, 2]}, "service", NOT_TEXT),
        ({"service": {"a": 1}}, "service", NOT_TEXT),
        ({"team": -1}, "team", NOT_TEXT),
        ({"channel": "x" * 141}, "channel", TOO_LONG),
    ],
)
def test_malformed_filters_are_named(raw, field, reason):
    with pytest.raises(BadFilter) as e:
        clean(raw)
    assert (e.value.field, e.value.reason) == (field, reason)


@given(
    st.recursive(
        st.none() | st.integers() | st.text(max_size=8),
        lambda v: st.lists(v) | st.dictionaries(st.text(max_size=8), v),
        max_leaves=8,
    )
)
def test_anything_is_either_clean_or_refused(raw):
    try:
        out = clean(raw)
    except BadFilter:
        return
    assert isinstance(out, dict)
