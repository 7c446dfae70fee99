"""Tests of the business-time engine (moeen_helpdesk.core.calendar).

Property tests compare the engine with a brute-force reference written here: it
cuts the UTC time line into 15-minute blocks and asks zoneinfo for the wall time
of each block. Window edges are drawn on a 15-minute grid and every zone used
changes offset on a 15-minute UTC boundary, so a block is wholly open or wholly
closed and the block sums are exact.
"""

import ast
import re
import time as _time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from moeen_helpdesk.core import calendar as calmod
from moeen_helpdesk.core.calendar import WEEKDAYS, WorkCalendar
from moeen_helpdesk.core.errors import ValidationError

US = 1_000_000
UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
W = [["07:30", "16:00"]]
CC_WEEKLY = {
    "sunday": W,
    "monday": W,
    "tuesday": W,
    "wednesday": W,
    "thursday": W,
    "friday": [],
    "saturday": [],
}
RAMADAN_WEEKLY = {d: ([["10:00", "15:00"]] if CC_WEEKLY[d] else []) for d in WEEKDAYS}
ALL_DAY = {d: [["00:00", "24:00"]] for d in WEEKDAYS}


def cc(**extra):
    return WorkCalendar.from_dict({"timezone": "Asia/Riyadh", "weekly": CC_WEEKLY, **extra})


def raises(template):
    """Context manager: a ValidationError with exactly this template."""

    class _Ctx:
        def __enter__(self):
            self.cm = pytest.raises(ValidationError)
            self.info = self.cm.__enter__()
            return self.info

        def __exit__(self, *exc):
            out = self.cm.__exit__(*exc)
            assert self.info.value.template == template, self.info.value.template
            assert template in calmod.MESSAGES
            return out

    return _Ctx()


# ---------------------------------------------------------------- examples


def test_thursday_afternoon_two_hours_lands_sunday_morning():
    # 2026-01-15 is a Thursday.
    assert cc().add_business_seconds(datetime(2026, 1, 15, 15, 0), 2 * 3600) == datetime(2026, 1, 18, 8, 30)


def test_friday_start_counts_from_sunday_opening():
    cal = cc()
    start = datetime(2026, 1, 16, 10, 0)  # Friday
    assert cal.add_business_seconds(start, 3600) == datetime(2026, 1, 18, 8, 30)
    assert cal.add_business_seconds(start, 1) == datetime(2026, 1, 18, 7, 30, 1)
    assert cal.next_open(start) == datetime(2026, 1, 18, 7, 30)


def test_deadline_may_fall_exactly_at_closing_time():
    cal = cc()
    assert cal.add_business_seconds(datetime(2026, 1, 15, 15, 0), 3600) == datetime(2026, 1, 15, 16, 0)
    # A full working day from opening ends at that day's closing, not the next opening.
    assert cal.add_business_seconds(datetime(2026, 1, 18, 7, 30), 8.5 * 3600) == datetime(2026, 1, 18, 16, 0)
    # Starting exactly at closing time: the next second is Sunday's first.
    assert cal.add_business_seconds(datetime(2026, 1, 15, 16, 0), 1) == datetime(2026, 1, 18, 7, 30, 1)


def test_start_inside_window_and_multi_week_targets():
    cal = cc()
    start = datetime(2026, 1, 18, 12, 0)  # Sunday noon
    week = 5 * 8.5 * 3600
    assert cal.add_business_seconds(start, week) == datetime(2026, 1, 25, 12, 0)
    assert cal.add_business_seconds(start, 52 * week) == start + timedelta(weeks=52)
    assert cal.business_seconds_between(start, start + timedelta(weeks=52)) == 52 * week


def test_zero_seconds_returns_start_unchanged_even_when_closed():
    cal = cc()
    friday = datetime(2026, 1, 16, 23, 59, 59, 5)
    assert cal.add_business_seconds(friday, 0) is friday
    assert cal.add_business_seconds(friday, 0.0) is friday


def test_negative_seconds_refused():
    with raises("The number of seconds cannot be negative: {0}"):
        cc().add_business_seconds(datetime(2026, 1, 15), -1)
    with raises("The number of seconds must be a number, not {0}"):
        cc().add_business_seconds(datetime(2026, 1, 15), "60")
    with raises("The number of seconds must be a number, not {0}"):
        cc().add_business_seconds(datetime(2026, 1, 15), float("nan"))


def test_timedelta_and_float_targets():
    cal = cc()
    start = datetime(2026, 1, 15, 15, 0)
    assert cal.add_business_seconds(start, timedelta(hours=2)) == datetime(2026, 1, 18, 8, 30)
    assert cal.add_business_seconds(start, 1.5) == datetime(2026, 1, 15, 15, 0, 1, 500000)


@pytest.mark.parametrize("zone", ["Asia/Riyadh", "America/New_York", "Europe/London", "Australia/Lord_Howe"])
def test_24_7_calendar_equals_plain_elapsed_time(zone):
    cal = WorkCalendar.from_dict({"timezone": zone, "weekly": ALL_DAY})
    tz = ZoneInfo(zone)
    for start in (
        datetime(2026, 3, 7, 12, tzinfo=tz),
        datetime(2026, 10, 24, 23, 15, 7, tzinfo=tz),
        datetime(2026, 1, 1, tzinfo=UTC),
    ):
        for secs in (1, 3600, 86400, 30 * 86400, 400 * 86400):
            got = cal.add_business_seconds(start, secs)
            assert got == start.astimezone(UTC) + timedelta(seconds=secs)  # real elapsed time
            assert cal.business_seconds_between(start, got) == secs
    assert cal.is_open(datetime(2026, 6, 1, 0, 0))
    # No gap at midnight: 24:00 chains into the next day's 00:00.
    assert cal.next_open(datetime(2026, 6, 1)) == datetime(2026, 6, 1)


def test_ramadan_override_hours():
    cal = cc(overrides=[{"from": "2026-02-18", "to": "2026-03-19", "weekly": RAMADAN_WEEKLY}])
    # Wednesday 2026-02-18 14:00, 2 h: 1 h today (until 15:00), 1 h from Thursday 10:00.
    assert cal.add_business_seconds(datetime(2026, 2, 18, 14, 0), 7200) == datetime(2026, 2, 19, 11, 0)
    # Before the override the normal hours apply; the day before it starts is normal.
    assert cal.add_business_seconds(datetime(2026, 2, 17, 15, 0), 7200) == datetime(2026, 2, 18, 11, 0)
    assert cal.windows_on(date(2026, 2, 18)) == [(datetime(2026, 2, 18, 10), datetime(2026, 2, 18, 15))]
    assert cal.windows_on(date(2026, 2, 17)) == [(datetime(2026, 2, 17, 7, 30), datetime(2026, 2, 17, 16))]
    assert not cal.is_open(datetime(2026, 2, 18, 9, 0))
    assert cal.next_open(datetime(2026, 2, 18, 9, 0)) == datetime(2026, 2, 18, 10, 0)
    # Override ends (inclusive) on Thursday 03-19; Sunday 03-22 is back to normal.
    assert cal.add_business_seconds(datetime(2026, 3, 19, 14, 0), 7200) == datetime(2026, 3, 22, 8, 30)


def test_holiday_range_and_holiday_inside_override_wins():
    cal = cc(
        holidays=["2026-09-23", ["2026-03-19", "2026-03-28"]],
        overrides=[{"from": "2026-02-18", "to": "2026-03-19", "weekly": RAMADAN_WEEKLY}],
    )
    # Wednesday 03-18 14:00 (Ramadan hours): 1 h today; 03-19 is a holiday inside the
    # override; the range runs to Saturday 03-28, so Sunday 03-29 at normal hours.
    assert cal.add_business_seconds(datetime(2026, 3, 18, 14, 0), 7200) == datetime(2026, 3, 29, 8, 30)
    assert cal.windows_on(date(2026, 3, 19)) == []
    assert cal.windows_on(date(2026, 3, 24)) == []
    assert not cal.is_open(datetime(2026, 3, 19, 11, 0))
    assert cal.business_seconds_between(datetime(2026, 3, 18), datetime(2026, 3, 30)) == 5 * 3600 + 8.5 * 3600
    # Single-day holiday (Wednesday 09-23).
    assert cal.add_business_seconds(datetime(2026, 9, 22, 15, 0), 7200) == datetime(2026, 9, 24, 8, 30)


def test_override_spanning_holidays_and_holiday_from_generator_shape():
    spec = {
        "weekly": CC_WEEKLY,
        "holidays": [{"key": "x", "name_en": "X", "from": date(2026, 3, 1), "to": date(2026, 3, 3)}],
        "overrides": [
            {
                "key": "r",
                "name_ar": "ر",
                "from": date(2026, 2, 25),
                "to": date(2026, 3, 5),
                "weekly": RAMADAN_WEEKLY,
            }
        ],
    }
    cal = WorkCalendar.from_dict(spec)
    # Thursday 02-26 14:00 + 2h -> 1 h Thursday, Sun-Tue holiday, Wednesday 03-04 10:00 + 1 h.
    assert cal.add_business_seconds(datetime(2026, 2, 26, 14), 7200) == datetime(2026, 3, 4, 11)
    assert cal.to_dict()["holidays"] == [["2026-03-01", "2026-03-03"]]


def test_windows_chain_through_midnight():
    weekly = {d: [] for d in WEEKDAYS}
    weekly["monday"] = [["20:00", "24:00"]]
    weekly["tuesday"] = [["00:00", "04:00"], ["12:00", "13:00"], ["13:00", "14:00"]]
    cal = WorkCalendar.from_dict({"weekly": weekly})
    mon = datetime(2026, 1, 12, 23, 0)
    assert cal.add_business_seconds(mon, 3600) == datetime(2026, 1, 13, 0, 0)
    assert cal.add_business_seconds(mon, 7200) == datetime(2026, 1, 13, 1, 0)
    assert cal.is_open(datetime(2026, 1, 13, 0, 0))
    assert not cal.is_open(datetime(2026, 1, 13, 4, 0))
    assert cal.add_business_seconds(datetime(2026, 1, 13, 3), 3600 + 7200) == datetime(2026, 1, 13, 14)
    assert cal.windows_on(date(2026, 1, 12)) == [(datetime(2026, 1, 12, 20), datetime(2026, 1, 13, 0))]
    assert cal.business_seconds_between(datetime(2026, 1, 12), datetime(2026, 1, 14)) == 10 * 3600


def test_naive_in_naive_out_aware_in_aware_out():
    cal = cc()
    naive = cal.add_business_seconds(datetime(2026, 1, 15, 15), 7200)
    assert naive.tzinfo is None
    start_utc = datetime(2026, 1, 15, 12, tzinfo=UTC)  # 15:00 in Riyadh
    aware = cal.add_business_seconds(start_utc, 7200)
    assert aware.tzinfo is UTC and aware == datetime(2026, 1, 18, 5, 30, tzinfo=UTC)
    ny = ZoneInfo("America/New_York")
    got = cal.add_business_seconds(start_utc.astimezone(ny), 7200)
    assert got.tzinfo is ny and got == aware
    assert cal.next_open(datetime(2026, 1, 16, 12, tzinfo=UTC)) == datetime(2026, 1, 18, 4, 30, tzinfo=UTC)
    assert cal.is_open(datetime(2026, 1, 15, 12, 59, tzinfo=UTC))
    assert not cal.is_open(datetime(2026, 1, 15, 13, 0, tzinfo=UTC))
    with raises("Cannot mix naive and aware date-times"):
        cal.business_seconds_between(datetime(2026, 1, 15), start_utc)
    with raises("Expected a date and time, got {0}"):
        cal.add_business_seconds(date(2026, 1, 15), 60)


def test_between_return_types_and_empty_interval():
    cal = cc()
    a, b = datetime(2026, 1, 15, 15), datetime(2026, 1, 18, 8, 30)
    assert cal.business_seconds_between(a, b) == 7200 and type(cal.business_seconds_between(a, b)) is int
    got = cal.business_seconds_between(a, b.replace(microsecond=250000))
    assert type(got) is float and got == 7200.25
    assert cal.business_seconds_between(b, a) == 0
    assert cal.business_seconds_between(a, a) == 0


def test_dst_days_count_real_seconds():
    ny = WorkCalendar.from_dict({"timezone": "America/New_York", "weekly": ALL_DAY})
    assert ny.business_seconds_between(datetime(2026, 3, 8), datetime(2026, 3, 9)) == 23 * 3600
    assert ny.business_seconds_between(datetime(2026, 11, 1), datetime(2026, 11, 2)) == 25 * 3600
    weekly = {d: [["01:00", "04:00"]] for d in WEEKDAYS}
    night = WorkCalendar.from_dict({"timezone": "America/New_York", "weekly": weekly})
    assert night.business_seconds_between(datetime(2026, 3, 8), datetime(2026, 3, 9)) == 2 * 3600
    assert night.business_seconds_between(datetime(2026, 11, 1), datetime(2026, 11, 2)) == 4 * 3600
    # Spring forward: 01:30 + 1 h of open time is 03:30 wall (02:xx does not exist).
    assert night.add_business_seconds(datetime(2026, 3, 8, 1, 30), 3600) == datetime(2026, 3, 8, 3, 30)


def test_fold_results_carry_fold_attribute():
    london = WorkCalendar.from_dict({"timezone": "Europe/London", "weekly": ALL_DAY})
    start = datetime(2026, 10, 25, 0, 30)  # clocks go back at 02:00 BST -> 01:00 GMT
    first = london.add_business_seconds(start, 3600)
    second = london.add_business_seconds(start, 7200)
    assert (first, first.fold) == (datetime(2026, 10, 25, 1, 30), 0)
    assert (second, second.fold) == (datetime(2026, 10, 25, 1, 30), 1)
    assert london.business_seconds_between(first, second) == 3600
    # Naive input in a gap is read with fold=0 (PEP 495): 01:30 GMT offset -> 02:30 BST.
    gap = london.add_business_seconds(datetime(2026, 3, 29, 1, 30), 60)
    assert gap == datetime(2026, 3, 29, 2, 31)


def test_no_open_time_is_refused_not_looped():
    closed = {d: [] for d in WEEKDAYS}
    cal = WorkCalendar.from_dict({"weekly": closed})
    with raises("The calendar has no open hours"):
        cal.add_business_seconds(datetime(2026, 1, 1), 1)
    with raises("The calendar has no open time in the {0} years after {1}"):
        cal.next_open(datetime(2026, 1, 1))
    assert cal.business_seconds_between(datetime(2026, 1, 1), datetime(2030, 1, 1)) == 0
    assert cal.add_business_seconds(datetime(2026, 1, 1), 0) == datetime(2026, 1, 1)
    # Open only during an override: the time is used, then the search gives up.
    only = WorkCalendar.from_dict(
        {"weekly": closed, "overrides": [{"from": "2026-02-01", "to": "2026-02-01", "weekly": ALL_DAY}]}
    )
    assert only.add_business_seconds(datetime(2026, 1, 1), 3600) == datetime(2026, 2, 1, 1)
    with raises("The calendar has no open time in the {0} years after {1}"):
        only.add_business_seconds(datetime(2026, 1, 1), 86400 + 1)
    # A calendar whose only open time is hidden by holidays.
    hidden = WorkCalendar.from_dict(
        {
            "weekly": closed,
            "holidays": [["2026-01-01", "2026-12-31"]],
            "overrides": [{"from": "2026-02-01", "to": "2026-02-01", "weekly": ALL_DAY}],
        }
    )
    with raises("The calendar has no open time in the {0} years after {1}"):
        hidden.add_business_seconds(datetime(2026, 1, 1), 1)


def test_absurd_targets_are_refused_quickly():
    t0 = _time.perf_counter()
    with raises("The deadline would fall more than {0} years after {1}"):
        cc().add_business_seconds(datetime(2026, 1, 1), 10**13)
    with raises("The date {0} is outside the supported range"):
        cc().add_business_seconds(datetime.max, 60)
    assert _time.perf_counter() - t0 < 2


def test_long_targets_are_fast():
    cal = cc(holidays=[["2026-03-19", "2026-03-28"], "2026-09-23"])
    ny = WorkCalendar.from_dict({"timezone": "America/New_York", "weekly": CC_WEEKLY})
    start = datetime(2026, 1, 15, 15)
    for c in (cal, ny):
        c.add_business_seconds(start, 10)  # warm the zone cache
        t0 = _time.perf_counter()
        for secs in (3600, 30 * 86400, 365 * 86400):
            c.add_business_seconds(start, secs)
        assert _time.perf_counter() - t0 < 0.05


def test_windows_on_and_round_trip():
    spec = {
        "timezone": "Europe/London",
        "weekly": {**CC_WEEKLY, "saturday": [["09:00", "12:00"], ["13:00", "24:00"]]},
        "holidays": ["2026-09-23", ["2026-03-19", "2026-03-28"]],
        "overrides": [{"from": "2026-02-18", "to": "2026-03-19", "weekly": RAMADAN_WEEKLY}],
    }
    cal = WorkCalendar.from_dict(spec)
    assert cal.to_dict() == spec
    assert WorkCalendar.from_dict(cal.to_dict()) == cal
    assert cal.timezone == ZoneInfo("Europe/London")
    assert cal.windows_on(date(2026, 1, 17)) == [
        (datetime(2026, 1, 17, 9), datetime(2026, 1, 17, 12)),
        (datetime(2026, 1, 17, 13), datetime(2026, 1, 18, 0)),
    ]
    assert cal.windows_on(date(2026, 1, 16)) == []
    minimal = WorkCalendar.from_dict({"weekly": CC_WEEKLY})
    assert minimal.to_dict() == {
        "timezone": "Asia/Riyadh",
        "weekly": CC_WEEKLY,
        "holidays": [],
        "overrides": [],
    }


def _weekly(**changes):
    return {**CC_WEEKLY, **changes}


INVALID = [
    (
        {"weekly": _weekly(sunday=[["07:30", "12:00"], ["11:00", "16:00"]])},
        "The windows {0}–{1} and {2}–{3} on {4} overlap",
    ),
    ({"weekly": _weekly(sunday=[["16:00", "07:30"]])}, "The window {0}–{1} on {2} must end after it starts"),
    ({"weekly": _weekly(sunday=[["08:00", "08:00"]])}, "The window {0}–{1} on {2} must end after it starts"),
    ({"weekly": _weekly(sunday=[["7:30", "16:00"]])}, "Bad time {0}: expected HH:MM"),
    ({"weekly": _weekly(sunday=[["07:30", "25:00"]])}, "Bad time {0}: expected HH:MM"),
    ({"weekly": _weekly(sunday=[["07:60", "16:00"]])}, "Bad time {0}: expected HH:MM"),
    ({"weekly": _weekly(sunday=[["07:30", "24:30"]])}, "Bad time {0}: expected HH:MM"),
    ({"weekly": _weekly(sunday=[[730, 1600]])}, "Bad time {0}: expected HH:MM"),
    ({"weekly": _weekly(sunday=[["24:00", "24:00"]])}, "24:00 can only end a window ({0})"),
    ({"weekly": _weekly(sunday=[["07:30"]])}, "Bad window {0} on {1}: expected a [start, end] pair"),
    ({"weekly": _weekly(sunday="07:30-16:00")}, "The hours for {0} must be a list of [start, end] pairs"),
    ({"weekly": {**CC_WEEKLY, "funday": []}}, "Unknown weekday {0}"),
    ({"weekly": {**CC_WEEKLY, "Sunday": []}}, "Weekday {0} is given twice"),
    ({"weekly": {k: v for k, v in CC_WEEKLY.items() if k != "friday"}}, "The weekly hours are missing {0}"),
    ({"weekly": [["07:30", "16:00"]]}, "The weekly hours must be a mapping of weekday to windows"),
    ({"weekly": CC_WEEKLY, "timezone": "Asia/Atlantis"}, "Unknown time zone {0}"),
    ({"weekly": CC_WEEKLY, "timezone": "../etc/passwd"}, "Unknown time zone {0}"),
    ({"weekly": CC_WEEKLY, "timezone": 3}, "Unknown time zone {0}"),
    (
        {
            "weekly": CC_WEEKLY,
            "overrides": [{"from": "2026-03-19", "to": "2026-02-18", "weekly": RAMADAN_WEEKLY}],
        },
        "The override {0} to {1} ends before it starts",
    ),
    (
        {
            "weekly": CC_WEEKLY,
            "overrides": [
                {"from": "2026-02-18", "to": "2026-03-19", "weekly": RAMADAN_WEEKLY},
                {"from": "2026-03-19", "to": "2026-03-30", "weekly": CC_WEEKLY},
            ],
        },
        "The overrides {0} to {1} and {2} to {3} overlap",
    ),
    (
        {"weekly": CC_WEEKLY, "overrides": [{"from": "2026-02-18", "to": "2026-03-19"}]},
        "Each override needs from, to and weekly: {0}",
    ),
    (
        {
            "weekly": CC_WEEKLY,
            "overrides": [{"from": "2026-02-18", "to": "2026-03-19", "weekly": {"sunday": []}}],
        },
        "The weekly hours are missing {0}",
    ),
    ({"weekly": CC_WEEKLY, "holidays": ["2026-02-30"]}, "Bad date {0}: expected YYYY-MM-DD"),
    ({"weekly": CC_WEEKLY, "holidays": ["2026/01/01"]}, "Bad date {0}: expected YYYY-MM-DD"),
    ({"weekly": CC_WEEKLY, "holidays": ["20260101"]}, "Bad date {0}: expected YYYY-MM-DD"),
    ({"weekly": CC_WEEKLY, "holidays": [datetime(2026, 1, 1)]}, "Bad date {0}: expected YYYY-MM-DD"),
    (
        {"weekly": CC_WEEKLY, "overrides": [{"from": "2026-02-xx", "to": "2026-03-19", "weekly": CC_WEEKLY}]},
        "Bad date {0}: expected YYYY-MM-DD",
    ),
    (
        {"weekly": CC_WEEKLY, "holidays": [["2026-03-28", "2026-03-19"]]},
        "The holiday range {0} to {1} ends before it starts",
    ),
    (
        {"weekly": CC_WEEKLY, "holidays": [["2026-03-28"]]},
        "Bad holiday {0}: expected a date or a [from, to] pair",
    ),
    ({"weekly": CC_WEEKLY, "holidays": [20260101]}, "Bad holiday {0}: expected a date or a [from, to] pair"),
    ({"weekly": CC_WEEKLY, "holidays": "2026-01-01"}, "The holidays must be a list"),
    ({"weekly": CC_WEEKLY, "overrides": {}}, "The overrides must be a list"),
    ({"weekly": CC_WEEKLY, "holiday": []}, "Unknown calendar field {0}"),
    ({"timezone": "Asia/Riyadh"}, "The calendar spec needs weekly hours"),
    ([("weekly", CC_WEEKLY)], "The calendar spec must be a mapping"),
]


@pytest.mark.parametrize("spec,template", INVALID, ids=[t for _, t in INVALID])
def test_invalid_specs_are_refused(spec, template):
    with raises(template):
        WorkCalendar.from_dict(spec)


def test_touching_windows_and_overlapping_holidays_are_fine():
    cal = cc(holidays=[["2026-01-01", "2026-01-10"], ["2026-01-05", "2026-01-12"], "2026-01-12"])
    assert cal.windows_on(date(2026, 1, 12)) == [] and cal.windows_on(date(2026, 1, 13)) != []
    WorkCalendar.from_dict({"weekly": _weekly(sunday=[["07:30", "12:00"], ["12:00", "16:00"]])})


def test_messages_cover_every_template_and_have_arabic():
    src = Path(calmod.__file__).read_text(encoding="utf-8")
    used = {
        ast.literal_eval(m.group(1)) for m in re.finditer(r'ValidationError\(\s*("(?:[^"\\]|\\.)*")', src)
    }
    assert used and used == set(calmod.MESSAGES)
    assert set(calmod.MESSAGES_AR) == set(calmod.MESSAGES)
    for en, ar in calmod.MESSAGES_AR.items():
        assert re.search(r"[\u0600-\u06FF]", ar)
        assert sorted(re.findall(r"\{\d+\}", en)) == sorted(re.findall(r"\{\d+\}", ar)), en


# ------------------------------------------------- brute-force reference

BLOCK = 900 * US  # 15 minutes, in µs


class Reference:
    """Openness of 15-minute UTC blocks, straight from zoneinfo and the spec."""

    def __init__(self, spec):
        self.tz = ZoneInfo(spec.get("timezone", "Asia/Riyadh"))
        self.weekly = self._weekly(spec["weekly"])
        self.holidays = set()
        for h in spec.get("holidays", []):
            lo, hi = (h, h) if isinstance(h, str) else h
            d = date.fromisoformat(lo)
            while d <= date.fromisoformat(hi):
                self.holidays.add(d)
                d += timedelta(days=1)
        self.overrides = [
            (date.fromisoformat(o["from"]), date.fromisoformat(o["to"]), self._weekly(o["weekly"]))
            for o in spec.get("overrides", [])
        ]
        self.cache = {}

    @staticmethod
    def _weekly(weekly):
        def sec(t):
            h, m = t.split(":")
            return int(h) * 3600 + int(m) * 60

        names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        return [[(sec(a), sec(b)) for a, b in weekly[n]] for n in names]

    def windows(self, d):
        if d in self.holidays:
            return []
        for lo, hi, weekly in self.overrides:
            if lo <= d <= hi:
                return weekly[d.weekday()]
        return self.weekly[d.weekday()]

    def open_block(self, block_start_us):
        got = self.cache.get(block_start_us)
        if got is None:
            local = (EPOCH + timedelta(microseconds=block_start_us)).astimezone(self.tz)
            s = local.hour * 3600 + local.minute * 60 + local.second
            got = self.cache[block_start_us] = any(a <= s < b for a, b in self.windows(local.date()))
        return got

    def add(self, u, amount, limit_blocks=20_000):
        if amount == 0:
            return u
        blk = u - u % BLOCK
        t = u
        for _ in range(limit_blocks):
            nxt = blk + BLOCK
            if self.open_block(blk):
                if amount <= nxt - t:
                    return t + amount
                amount -= nxt - t
            t = blk = nxt
        return None

    def between(self, a, b):
        total = 0
        blk = a - a % BLOCK
        while blk < b:
            nxt = blk + BLOCK
            if self.open_block(blk):
                total += min(nxt, b) - max(blk, a)
            blk = nxt
        return total

    def next_open(self, u, limit_blocks=20_000):
        blk = u - u % BLOCK
        if self.open_block(blk):
            return u
        for _ in range(limit_blocks):
            blk += BLOCK
            if self.open_block(blk):
                return blk
        return None


ZONES = ["Asia/Riyadh", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu"]
# Near DST changes of the zones above (2026) and a quiet date.
ANCHORS = [
    date(2026, 3, 8),
    date(2026, 3, 29),
    date(2026, 4, 5),
    date(2026, 10, 4),
    date(2026, 10, 25),
    date(2026, 11, 1),
    date(2026, 6, 15),
]


def _hhmm(slot):
    return f"{slot * 15 // 60:02d}:{slot * 15 % 60:02d}"


@st.composite
def day_windows(draw):
    points = sorted(draw(st.sets(st.integers(0, 96), max_size=6)))
    if len(points) % 2:
        points = points[:-1]
    wins = [[points[i], points[i + 1]] for i in range(0, len(points), 2)]
    for i in range(1, len(wins)):
        if draw(st.booleans()):  # sometimes make windows touch
            wins[i][0] = wins[i - 1][1]
    return [[_hhmm(a), _hhmm(b)] for a, b in wins]


weeklies = st.fixed_dictionaries({d: day_windows() for d in WEEKDAYS})


@st.composite
def scenarios(draw):
    anchor = draw(st.sampled_from(ANCHORS)) + timedelta(days=draw(st.integers(-4, 4)))
    weekly = draw(weeklies)
    assume(any(weekly[d] for d in WEEKDAYS))

    def day(offset):
        return (anchor + timedelta(days=offset)).isoformat()

    holidays = []
    for off, length in draw(st.lists(st.tuples(st.integers(-10, 60), st.integers(1, 8)), max_size=4)):
        holidays.append(day(off) if length == 1 else [day(off), day(off + length - 1)])
    overrides = []
    cursor = draw(st.integers(-10, 20))
    for gap, length, w in draw(
        st.lists(st.tuples(st.integers(0, 15), st.integers(1, 20), weeklies), max_size=2)
    ):
        lo = cursor + gap
        overrides.append({"from": day(lo), "to": day(lo + length - 1), "weekly": w})
        cursor = lo + length
    spec = {
        "timezone": draw(st.sampled_from(ZONES)),
        "weekly": weekly,
        "holidays": holidays,
        "overrides": overrides,
    }
    start = datetime.combine(anchor, datetime.min.time()) + timedelta(
        seconds=draw(st.integers(0, 86399)), microseconds=draw(st.sampled_from([0, 0, 0, 1, 499_999]))
    )
    start = start.replace(fold=draw(st.integers(0, 1)))
    return spec, start


def _utc_us(dt, tz):
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return (dt - EPOCH) // timedelta(microseconds=1)


PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(scenarios(), st.data())
def test_add_business_seconds_matches_reference(scenario, data):
    spec, start = scenario
    cal = WorkCalendar.from_dict(spec)
    ref = Reference(spec)
    weekly_open = sum(b - a for w in ref.weekly for a, b in w)
    amount = data.draw(st.integers(0, 3 * weekly_open))
    u0 = _utc_us(start, ref.tz)
    expected = ref.add(u0, amount * US)
    assume(expected is not None)
    aware = data.draw(st.booleans())
    given_start = (EPOCH + timedelta(microseconds=u0)) if aware else start
    got = cal.add_business_seconds(given_start, amount)
    assert (got.tzinfo is not None) == aware
    assert _utc_us(got, ref.tz) == expected
    if amount:
        assert cal.business_seconds_between(given_start, got) == pytest.approx(amount, abs=1e-6)


@PROPS
@given(scenarios(), st.integers(0, 40 * 86400 * US), st.booleans())
def test_business_seconds_between_matches_reference(scenario, length, aware):
    spec, start = scenario
    cal = WorkCalendar.from_dict(spec)
    ref = Reference(spec)
    ua = _utc_us(start, ref.tz)
    ub = ua + length
    expected = ref.between(ua, ub)
    if aware:
        a, b = EPOCH + timedelta(microseconds=ua), EPOCH + timedelta(microseconds=ub)
    else:
        a = start
        b = (EPOCH + timedelta(microseconds=ub)).astimezone(ref.tz).replace(tzinfo=None)
    got = cal.business_seconds_between(a, b)
    if a.microsecond or b.microsecond:
        assert isinstance(got, float) and got * US == pytest.approx(expected, abs=0.5)
    else:
        assert isinstance(got, int) and got * US == expected
    # Consistency with add: the deadline of `got` seconds is never after b.
    if expected:
        deadline = cal.add_business_seconds(a, got)
        assert _utc_us(deadline, ref.tz) <= ub


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_is_open_and_next_open_match_reference(scenario):
    spec, start = scenario
    cal = WorkCalendar.from_dict(spec)
    ref = Reference(spec)
    u0 = _utc_us(start, ref.tz)
    assert cal.is_open(start) == ref.open_block(u0 - u0 % BLOCK)
    expected = ref.next_open(u0)
    assume(expected is not None)
    got = cal.next_open(start)
    assert got.tzinfo is None
    assert _utc_us(got, ref.tz) == expected
    if expected == u0:
        assert got is start


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_round_trip_random_specs(scenario):
    spec, _ = scenario
    cal = WorkCalendar.from_dict(spec)
    assert WorkCalendar.from_dict(cal.to_dict()) == cal
    assert cal.to_dict()["weekly"] == spec["weekly"]
