"""Tests of the Umm al-Qura holiday generator (moeen_helpdesk.core.hijri_holidays)."""

import ast
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from moeen_helpdesk.core import hijri_holidays as hh
from moeen_helpdesk.core.calendar import WEEKDAYS, WorkCalendar
from moeen_helpdesk.core.errors import ValidationError
from moeen_helpdesk.core.hijri_holidays import generate_holidays, hijri_year_of

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

# Published Umm al-Qura dates.
SHAWWAL_1 = {1445: date(2024, 4, 10), 1446: date(2025, 3, 30), 1447: date(2026, 3, 20)}
DHU_AL_HIJJAH_10 = {1445: date(2024, 6, 16), 1446: date(2025, 6, 6)}
RAMADAN_1 = {1446: date(2025, 3, 1), 1447: date(2026, 2, 18)}


def by_key(result):
    return {h["key"]: h for h in result["holidays"] + result["overrides"]}


@pytest.mark.parametrize("year,first", sorted(SHAWWAL_1.items()))
def test_eid_al_fitr_starts_on_1_shawwal_for_4_days(year, first):
    h = by_key(generate_holidays(year, year))[f"eid_al_fitr-{year}"]
    assert (h["from"], h["to"]) == (first, first + timedelta(days=3))
    assert h["name_en"] == f"Eid al-Fitr break {year}"
    assert type(h["from"]) is date


@pytest.mark.parametrize("year,eid", sorted(DHU_AL_HIJJAH_10.items()))
def test_eid_al_adha_starts_on_arafah_by_default(year, eid):
    h = by_key(generate_holidays(year, year))[f"eid_al_adha-{year}"]
    assert (h["from"], h["to"]) == (eid - timedelta(days=1), eid + timedelta(days=2))
    h = by_key(generate_holidays(year, year, adha_starts_on="eid", adha_days=3))[f"eid_al_adha-{year}"]
    assert (h["from"], h["to"]) == (eid, eid + timedelta(days=2))


@pytest.mark.parametrize("year,first", sorted(RAMADAN_1.items()))
def test_ramadan_override_runs_to_the_day_before_eid(year, first):
    result = generate_holidays(year, year, ramadan_weekly=RAMADAN_WEEKLY)
    o = by_key(result)[f"ramadan-{year}"]
    assert o["from"] == first
    assert o["to"] == SHAWWAL_1[year] - timedelta(days=1)
    assert o["weekly"] == RAMADAN_WEEKLY
    assert generate_holidays(year, year)["overrides"] == []


def test_1447_in_full():
    result = generate_holidays(1447, 1447)
    got = [(h["key"], h["from"], h["to"]) for h in result["holidays"]]
    # 1447 AH runs from 2025-06-26 to 2026-06-15, overlapping Gregorian 2025 and 2026.
    # Only the fixed holidays inside it: National Day 2025 and Founding Day 2026.
    assert got == [
        ("national_day-2025", date(2025, 9, 23), date(2025, 9, 23)),
        ("founding_day-2026", date(2026, 2, 22), date(2026, 2, 22)),
        ("eid_al_fitr-1447", date(2026, 3, 20), date(2026, 3, 23)),
        ("eid_al_adha-1447", date(2026, 5, 26), date(2026, 5, 29)),
    ]
    names = by_key(result)
    assert names["eid_al_fitr-1447"]["name_ar"] == "إجازة عيد الفطر ١٤٤٧هـ"
    assert names["eid_al_adha-1447"]["name_ar"] == "إجازة عيد الأضحى ١٤٤٧هـ"
    assert names["national_day-2025"]["name_ar"] == "اليوم الوطني السعودي ٢٠٢٥م"


def test_fixed_holidays_are_deduplicated_and_not_shifted():
    result = generate_holidays(1445, 1447)
    keys = [h["key"] for h in result["holidays"]]
    assert len(keys) == len(set(keys))
    national = [h["from"] for h in result["holidays"] if h["key"].startswith("national_day")]
    # 1445-1447 AH: 2023-07-19 to 2026-06-15
    assert national == [date(y, 9, 23) for y in (2023, 2024, 2025)]
    # 2024-02-22 was a Thursday, 2025-02-22 a Saturday: kept as is.
    assert date(2025, 2, 22) in [h["from"] for h in result["holidays"]]
    froms = [h["from"] for h in result["holidays"]]
    assert froms == sorted(froms)


def test_fixed_holidays_only_from_the_year_they_were_decreed():
    keys = {h["key"] for h in generate_holidays(1424, 1443)["holidays"]}
    assert "founding_day-2021" not in keys and "founding_day-2022" in keys
    assert "national_day-2004" not in keys and "national_day-2005" in keys


def test_fixed_holidays_only_inside_the_requested_years():
    """1447-1448 AH run from 2025-06-26 to 2026-06-05: Founding Day 2025 (1446 AH) and
    National Day 2027 (1449 AH) are outside."""
    keys = {h["key"] for h in generate_holidays(1447, 1448)["holidays"]}
    assert {"national_day-2025", "founding_day-2026", "national_day-2026", "founding_day-2027"} <= keys
    assert "founding_day-2025" not in keys and "national_day-2027" not in keys
    first, last = date(2025, 6, 26), date(2027, 6, 5)
    for h in generate_holidays(1447, 1448)["holidays"]:
        if h["key"].startswith(("founding", "national")):
            assert first <= h["from"] <= last


def test_hijri_year_of():
    assert hijri_year_of(date(2025, 6, 25)) == 1446
    assert hijri_year_of(date(2025, 6, 26)) == 1447
    assert hijri_year_of(date(2026, 12, 1)) == 1448


def test_options_switch_off_and_shift():
    result = generate_holidays(
        1447,
        1447,
        include_founding_day=False,
        include_national_day=False,
        fitr_start_offset_days=-3,
        fitr_days=10,
    )
    assert [h["key"] for h in result["holidays"]] == ["eid_al_fitr-1447", "eid_al_adha-1447"]
    fitr = result["holidays"][0]
    assert (fitr["from"], fitr["to"]) == (date(2026, 3, 17), date(2026, 3, 26))
    adha = by_key(generate_holidays(1447, 1447, adha_start_offset_days=1))["eid_al_adha-1447"]
    assert adha["from"] == date(2026, 5, 27)


def test_output_feeds_the_calendar_directly():
    gen = generate_holidays(1447, 1447, ramadan_weekly=RAMADAN_WEEKLY)
    cal = WorkCalendar.from_dict({"weekly": CC_WEEKLY, **gen})
    # Ramadan hours on Wednesday 2026-02-18 (1 Ramadan); Founding Day 02-22 (Sunday) is closed.
    assert cal.windows_on(date(2026, 2, 18)) == [(datetime(2026, 2, 18, 10), datetime(2026, 2, 18, 15))]
    assert cal.windows_on(date(2026, 2, 22)) == []
    # Thursday 2026-03-19 (last day of Ramadan) 14:00 + 2 h: 1 h, then Eid 03-20..03-23,
    # then Tuesday 03-24 at normal hours.
    assert cal.add_business_seconds(datetime(2026, 3, 19, 14), 7200) == datetime(2026, 3, 24, 8, 30)


@pytest.mark.parametrize(
    "args,kwargs,template",
    [
        ((1342, 1447), {}, "Hijri year {0} is outside the supported range {1}–{2}"),
        ((1447, 1501), {}, "Hijri year {0} is outside the supported range {1}–{2}"),
        (("1447", 1447), {}, "Hijri year {0} is outside the supported range {1}–{2}"),
        ((1448, 1447), {}, "The first Hijri year {0} is after the last {1}"),
        ((1447, 1447), {"fitr_days": 0}, "{0} must be a whole number of days from 1 to 30, not {1}"),
        ((1447, 1447), {"adha_days": 31}, "{0} must be a whole number of days from 1 to 30, not {1}"),
        ((1447, 1447), {"adha_days": 2.5}, "{0} must be a whole number of days from 1 to 30, not {1}"),
        (
            (1447, 1447),
            {"fitr_start_offset_days": -31},
            "{0} must be a whole number of days from -30 to 30, not {1}",
        ),
        (
            (1447, 1447),
            {"adha_start_offset_days": True},
            "{0} must be a whole number of days from -30 to 30, not {1}",
        ),
        ((1447, 1447), {"adha_starts_on": "nahr"}, 'adha_starts_on must be "arafah" or "eid", not {0}'),
        ((1447, 1447), {"ramadan_weekly": {"sunday": []}}, "The weekly hours are missing {0}"),
    ],
)
def test_bad_inputs_are_refused(args, kwargs, template):
    with pytest.raises(ValidationError) as info:
        generate_holidays(*args, **kwargs)
    assert info.value.template == template


def test_whole_supported_range_generates():
    result = generate_holidays(hh.MIN_HIJRI_YEAR, hh.MAX_HIJRI_YEAR, ramadan_weekly=RAMADAN_WEEKLY)
    assert len(result["overrides"]) == hh.MAX_HIJRI_YEAR - hh.MIN_HIJRI_YEAR + 1
    fitr = {
        h["key"].split("-")[1]: h["from"] for h in result["holidays"] if h["key"].startswith("eid_al_fitr")
    }
    for o in result["overrides"]:
        year = o["key"].split("-")[1]
        assert o["to"] == fitr[year] - timedelta(days=1)
        if int(year) >= 1365:  # the early Umm al-Qura table has a few 28/31-day months
            assert 28 <= (o["to"] - o["from"]).days <= 29  # 29 or 30 days of Ramadan


def test_messages_cover_every_template_and_have_arabic():
    src = Path(hh.__file__).read_text(encoding="utf-8")
    used = {
        ast.literal_eval(m.group(1))
        for m in re.finditer(r"ValidationError\(\s*(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')", src)
    }
    assert used and used == set(hh.MESSAGES)
    assert set(hh.MESSAGES_AR) == set(hh.MESSAGES)
    for en, ar in hh.MESSAGES_AR.items():
        assert re.search(r"[\u0600-\u06FF]", ar)
        assert sorted(re.findall(r"\{\d+\}", en)) == sorted(re.findall(r"\{\d+\}", ar)), en
