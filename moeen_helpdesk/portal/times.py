"""Calendars and times as the portal shows them: a calendar's weekly hours in words
(«من الأحد إلى الخميس 07:30–16:00»), whether it runs round the clock, its usual working day,
and stored date-times in the calendar's zone («الأحد 29 نوفمبر 2026، 11:00»).

The rules (day totals, grouping of days) are :mod:`moeen_helpdesk.core.calendar`'s; targets in
words are :func:`moeen_helpdesk.core.review.duration_words`.
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo

import frappe
from babel.dates import get_day_names, get_month_names
from frappe import _
from frappe.utils import get_datetime

from moeen_helpdesk.calendars import get_calendar
from moeen_helpdesk.core.calendar import (
    DEFAULT_TIMEZONE,
    hours_groups,
    is_round_the_clock,
    usual_day_seconds,
)
from moeen_helpdesk.core.language import LRI, PDI
from moeen_helpdesk.core.review import WORKING_DAY_SECONDS
from moeen_helpdesk.portal.language import is_ar, lang
from moeen_helpdesk.sla.business_time import site_zone


def calendar_info(name: str | None, cache: dict | None = None) -> dict | None:
    """What the portal shows of an office calendar (None when it does not exist):
    the engine calendar, its weekly hours, its usual working day and whether it is 24/7."""
    if not name:
        return None
    if cache is not None and name in cache:
        return cache[name]
    try:
        cal = get_calendar(name)
    except frappe.DoesNotExistError:
        frappe.clear_last_message()
        info = None
    else:
        spec = cal.to_dict()
        weekly = spec["weekly"]
        info = {
            "name": name,
            "calendar": cal,
            "timezone": spec["timezone"],
            "weekly": weekly,
            "round_the_clock": is_round_the_clock(weekly),
            "working_day_seconds": usual_day_seconds(weekly, WORKING_DAY_SECONDS),
        }
    if cache is not None:
        cache[name] = info
    return info


def hours_summary(info: dict | None) -> str:
    """The weekly hours in words: «من الأحد إلى الخميس 07:30–16:00», "Sunday to Thursday 07:30–16:00",
    «على مدار الساعة» for a 24/7 calendar; empty without a calendar."""
    if not info:
        return ""
    if info["round_the_clock"]:
        return _("Around the clock")
    sep = "، " if is_ar() else ", "
    parts = []
    for first, last, windows in hours_groups(info["weekly"]):
        days = (
            _(first.title()) if first == last else _("{0} to {1}").format(_(first.title()), _(last.title()))
        )
        times = sep.join(f"{s}–{e}" for s, e in windows)
        parts.append(f"{days} {LRI}{times}{PDI}")
    return ("؛ " if is_ar() else "; ").join(parts)


@lru_cache(maxsize=4)
def _date_names(language: str) -> tuple[dict, dict]:
    """Babel's (CLDR) weekday and month names of a language (Monday=0, January=1)."""
    return dict(get_day_names("wide", locale=language)), dict(get_month_names("wide", locale=language))


def format_when(value, zone: str | None = None) -> dict | None:
    """A stored (naive, site time) date-time as ``{"iso", "text"}`` in ``zone`` (the calendar's):
    «الأحد 29 نوفمبر 2026، 11:00» / "Sunday 29 November 2026, 11:00" (CLDR's
    ``EEEE d MMMM y, HH:mm``, with the names looked up once per language: lists stay fast)."""
    if not value:
        return None
    dt = get_datetime(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=site_zone())
    dt = dt.astimezone(_zone(zone or DEFAULT_TIMEZONE))
    language = lang()
    days, months = _date_names(language)
    comma = "،" if language == "ar" else ","
    text = f"{days[dt.weekday()]} {dt.day} {months[dt.month]} {dt.year}{comma} {dt.hour:02d}:{dt.minute:02d}"
    return {"iso": dt.isoformat(), "text": text}


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
