"""Saudi public holidays generated from the Umm al-Qura calendar (``hijridate``).

Pure Python (no Frappe). :func:`generate_holidays` returns holidays and optional
Ramadan overrides in a shape that :class:`moeen_helpdesk.core.calendar.WorkCalendar`
accepts directly (``"holidays"`` items and ``"overrides"`` items are mappings with
``from``/``to``; their ``key``/``name_en``/``name_ar`` are ignored by the engine).

Rules
-----
* Eid al-Fitr: starts on 1 Shawwal plus ``fitr_start_offset_days`` (negative to
  start before Eid, e.g. a university break), lasts ``fitr_days`` days (4 by
  default, the statutory private-sector holiday).
* Eid al-Adha: starts on the Day of Arafah (9 Dhu al-Hijjah) by default, or on
  Eid day (10 Dhu al-Hijjah) with ``adha_starts_on="eid"``, plus
  ``adha_start_offset_days``; lasts ``adha_days`` days (4 by default).
* Founding Day (22 February, a holiday since 2022) and National Day
  (23 September, a holiday since 2005) whenever that date falls inside the Hijri
  years asked for (1 Muharram of the first year to the last day of Dhu al-Hijjah
  of the last), once each: 1447 AH (2025-06-26 to 2026-06-15) holds National Day
  2025 and Founding Day 2026, not Founding Day 2025. When one falls on a Friday or Saturday
  the date is kept as is: no observed-day shifting.
* Ramadan hours: an override from 1 Ramadan to the last day of Ramadan (the day
  before 1 Shawwal), only when ``ramadan_weekly`` is given.

The Umm al-Qura dates are the official Saudi ones as published in advance; the
actual Eid may be moved by a moon sighting, so a generated list should be
reviewed each year.
"""

from __future__ import annotations

from datetime import date, timedelta

from hijridate import Gregorian, Hijri
from hijridate.ummalqura import HIJRI_RANGE

from moeen_helpdesk.core.calendar import _parse_weekly
from moeen_helpdesk.core.errors import ValidationError

__all__ = ["generate_holidays", "hijri_year_of", "MIN_HIJRI_YEAR", "MAX_HIJRI_YEAR"]

MIN_HIJRI_YEAR = HIJRI_RANGE[0][0]  # 1343
MAX_HIJRI_YEAR = HIJRI_RANGE[1][0]  # 1500

FOUNDING_DAY_SINCE = 2022
NATIONAL_DAY_SINCE = 2005

SHAWWAL, RAMADAN, DHU_AL_HIJJAH = 10, 9, 12

_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _ar(n: int) -> str:
    return str(n).translate(_AR_DIGITS)


def _hijri(year: int, month: int, day: int) -> date:
    g = Hijri(year, month, day).to_gregorian()
    return date(g.year, g.month, g.day)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_days(name: str, value) -> None:
    if not _is_int(value) or not 1 <= value <= 30:
        raise ValidationError("{0} must be a whole number of days from 1 to 30, not {1}", name, value)


def _check_offset(name: str, value) -> None:
    if not _is_int(value) or not -30 <= value <= 30:
        raise ValidationError("{0} must be a whole number of days from -30 to 30, not {1}", name, value)


def hijri_year_of(day: date) -> int:
    """The Umm al-Qura Hijri year a Gregorian date falls in."""
    return Gregorian(day.year, day.month, day.day).to_hijri().year


def generate_holidays(
    hijri_year_from: int,
    hijri_year_to: int,
    *,
    fitr_days: int = 4,
    fitr_start_offset_days: int = 0,
    adha_days: int = 4,
    adha_starts_on: str = "arafah",
    adha_start_offset_days: int = 0,
    include_founding_day: bool = True,
    include_national_day: bool = True,
    ramadan_weekly: dict | None = None,
) -> dict:
    """Holidays (and Ramadan overrides) for Hijri years ``hijri_year_from`` to
    ``hijri_year_to`` inclusive.

    Returns ``{"holidays": [...], "overrides": [...]}``; each item has ``key``,
    ``name_en``, ``name_ar``, ``from`` and ``to`` (``datetime.date``, inclusive),
    and overrides also ``weekly``. Both lists are sorted by ``from``.
    """
    for y in (hijri_year_from, hijri_year_to):
        if not _is_int(y) or not MIN_HIJRI_YEAR <= y <= MAX_HIJRI_YEAR:
            raise ValidationError(
                "Hijri year {0} is outside the supported range {1}–{2}", y, MIN_HIJRI_YEAR, MAX_HIJRI_YEAR
            )
    if hijri_year_from > hijri_year_to:
        raise ValidationError(
            "The first Hijri year {0} is after the last {1}", hijri_year_from, hijri_year_to
        )
    _check_days("fitr_days", fitr_days)
    _check_days("adha_days", adha_days)
    _check_offset("fitr_start_offset_days", fitr_start_offset_days)
    _check_offset("adha_start_offset_days", adha_start_offset_days)
    if adha_starts_on not in ("arafah", "eid"):
        raise ValidationError('adha_starts_on must be "arafah" or "eid", not {0}', adha_starts_on)
    if ramadan_weekly is not None:
        _parse_weekly(ramadan_weekly)  # same validation as a calendar's weekly hours

    holidays: list[dict] = []
    overrides: list[dict] = []
    adha_day = 9 if adha_starts_on == "arafah" else 10
    for y in range(hijri_year_from, hijri_year_to + 1):
        shawwal_1 = _hijri(y, SHAWWAL, 1)
        start = shawwal_1 + timedelta(days=fitr_start_offset_days)
        holidays.append(
            {
                "key": f"eid_al_fitr-{y}",
                "name_en": f"Eid al-Fitr break {y}",
                "name_ar": f"إجازة عيد الفطر {_ar(y)}هـ",
                "from": start,
                "to": start + timedelta(days=fitr_days - 1),
            }
        )
        start = _hijri(y, DHU_AL_HIJJAH, adha_day) + timedelta(days=adha_start_offset_days)
        holidays.append(
            {
                "key": f"eid_al_adha-{y}",
                "name_en": f"Eid al-Adha break {y}",
                "name_ar": f"إجازة عيد الأضحى {_ar(y)}هـ",
                "from": start,
                "to": start + timedelta(days=adha_days - 1),
            }
        )
        if ramadan_weekly is not None:
            overrides.append(
                {
                    "key": f"ramadan-{y}",
                    "name_en": f"Ramadan hours {y}",
                    "name_ar": f"دوام شهر رمضان {_ar(y)}هـ",
                    "from": _hijri(y, RAMADAN, 1),
                    "to": shawwal_1 - timedelta(days=1),
                    "weekly": ramadan_weekly,
                }
            )

    first = _hijri(hijri_year_from, 1, 1)
    last_month_len = Hijri(hijri_year_to, DHU_AL_HIJJAH, 1).month_length()
    last = _hijri(hijri_year_to, DHU_AL_HIJJAH, last_month_len)
    for gy in range(first.year, last.year + 1):
        d = date(gy, 2, 22)
        if include_founding_day and gy >= FOUNDING_DAY_SINCE and first <= d <= last:
            holidays.append(
                {
                    "key": f"founding_day-{gy}",
                    "name_en": f"Founding Day {gy}",
                    "name_ar": f"يوم التأسيس {_ar(gy)}م",
                    "from": d,
                    "to": d,
                }
            )
        d = date(gy, 9, 23)
        if include_national_day and gy >= NATIONAL_DAY_SINCE and first <= d <= last:
            holidays.append(
                {
                    "key": f"national_day-{gy}",
                    "name_en": f"Saudi National Day {gy}",
                    "name_ar": f"اليوم الوطني السعودي {_ar(gy)}م",
                    "from": d,
                    "to": d,
                }
            )

    holidays.sort(key=lambda h: (h["from"], h["to"], h["key"]))
    overrides.sort(key=lambda o: o["from"])
    return {"holidays": holidays, "overrides": overrides}


MESSAGES = (
    "Hijri year {0} is outside the supported range {1}–{2}",
    "The first Hijri year {0} is after the last {1}",
    "{0} must be a whole number of days from 1 to 30, not {1}",
    "{0} must be a whole number of days from -30 to 30, not {1}",
    'adha_starts_on must be "arafah" or "eid", not {0}',
)

MESSAGES_AR = {
    "Hijri year {0} is outside the supported range {1}–{2}": "السنة الهجرية {0} خارج النطاق المدعوم {1}–{2}",
    "The first Hijri year {0} is after the last {1}": "السنة الهجرية الأولى {0} تأتي بعد السنة الأخيرة {1}",
    "{0} must be a whole number of days from 1 to 30, not {1}": "يجب أن تكون قيمة {0} عددًا صحيحًا من الأيام بين 1 و30، لا {1}",
    "{0} must be a whole number of days from -30 to 30, not {1}": "يجب أن تكون قيمة {0} عددًا صحيحًا من الأيام بين -30 و30، لا {1}",
    'adha_starts_on must be "arafah" or "eid", not {0}': 'يجب أن تكون قيمة adha_starts_on إما "arafah" أو "eid"، لا {0}',
}
