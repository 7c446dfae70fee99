"""What the portal shows in words, from the core: targets («خلال يومي عمل»), weekly hours grouped
by days, the usual working day, the page language and the catalog search's Arabic folding."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moeen_helpdesk.core.calendar import (
    WEEKDAYS,
    WorkCalendar,
    day_totals,
    hours_groups,
    is_round_the_clock,
    usual_day_seconds,
)
from moeen_helpdesk.core.language import DEFAULT_LANGUAGE, normalize, requested_language
from moeen_helpdesk.core.review import DAYS, WORKING_DAY_SECONDS, WORKING_HOURS, duration_words

H = 3600
SUN_THU = {day: ([["07:30", "16:00"]] if day in WEEKDAYS[:5] else []) for day in WEEKDAYS}


def test_duration_words_arabic_and_english():
    assert duration_words(2 * WORKING_DAY_SECONDS, language="ar")["text"] == "خلال يومي عمل"
    assert duration_words(2 * WORKING_DAY_SECONDS, language="en")["text"] == "within 2 working days"
    three = duration_words(3 * H, language="en")
    assert (three["value"], three["unit"], three["text"]) == (3, WORKING_HOURS, "within 3 working hours")
    # a round-the-clock calendar counts plain days and hours
    day = duration_words(86400, 86400, True, language="ar")
    assert (day["unit"], day["text"]) == (DAYS, "خلال يوم")
    assert duration_words(3 * H, 86400, True, language="en")["text"] == "within 3 hours"


@pytest.mark.parametrize("nothing", [None, "", 0, -5, "abc", "0"])
def test_duration_words_without_a_target(nothing):
    assert duration_words(nothing) is None


def test_duration_words_reads_numbers_given_as_text():
    assert duration_words("7200", language="en")["seconds"] == 7200


def test_weekly_hours_grouped_by_days():
    assert hours_groups(SUN_THU) == [("sunday", "thursday", (("07:30", "16:00"),))]
    split = dict(SUN_THU, thursday=[["08:00", "12:00"], ["13:00", "15:00"]], saturday=[["09:00", "11:00"]])
    assert hours_groups(split) == [
        ("sunday", "wednesday", (("07:30", "16:00"),)),
        ("thursday", "thursday", (("08:00", "12:00"), ("13:00", "15:00"))),
        ("saturday", "saturday", (("09:00", "11:00"),)),
    ]
    # the same hours on days that do not follow each other are two groups
    gap = dict(SUN_THU, tuesday=[])
    assert [g[:2] for g in hours_groups(gap)] == [("sunday", "monday"), ("wednesday", "thursday")]
    assert hours_groups({day: [] for day in WEEKDAYS}) == []


def test_day_totals_usual_day_and_round_the_clock():
    assert day_totals(SUN_THU) == [30600] * 5 + [0, 0]
    assert usual_day_seconds(SUN_THU, 1) == 30600
    short_thursday = dict(SUN_THU, thursday=[["07:30", "12:00"]])
    assert usual_day_seconds(short_thursday, 1) == 30600
    # a tie goes to the first in the week (Sunday first)
    tie = {
        d: ([["08:00", "12:00"]] if d in ("sunday", "monday") else [["08:00", "14:00"]]) for d in WEEKDAYS[:4]
    }
    tie.update({d: [] for d in WEEKDAYS[4:]})
    assert usual_day_seconds(tie, 1) == 4 * H
    assert usual_day_seconds({day: [] for day in WEEKDAYS}, 123) == 123
    always = {day: [["00:00", "24:00"]] for day in WEEKDAYS}
    assert is_round_the_clock(always) and not is_round_the_clock(SUN_THU)
    assert day_totals({**SUN_THU, "friday": [["09:00:30", "10:00"]]})[5] == 3570


@given(st.lists(st.integers(0, 47), min_size=7, max_size=7))
def test_day_totals_agree_with_the_engine(half_hours):
    weekly = {
        day: ([["00:00", f"{n // 2:02d}:{30 * (n % 2):02d}"]] if n else [])
        for day, n in zip(WEEKDAYS, half_hours, strict=True)
    }
    cal = WorkCalendar.from_dict({"weekly": weekly})
    assert day_totals(cal.to_dict()["weekly"]) == [n * 1800 for n in half_hours]


def test_requested_language():
    assert requested_language("ar") == "ar"
    assert requested_language("EN-us") == "en"
    for other in (None, "", "fr", 5, "a"):
        assert requested_language(other) is None
    assert DEFAULT_LANGUAGE == "ar"


def test_search_normalisation_folds_arabic_variants():
    assert normalize("إعادة  تعيين") == normalize("اعاده تعيين") == "اعاده تعيين"
    assert normalize("مُعِين") == "معين"  # tashkeel dropped
    assert normalize("الـبـريد") == "البريد"  # tatweel dropped
    assert normalize("  Password   RESET ") == "password reset"
    assert normalize(None) == ""
