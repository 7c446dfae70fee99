"""Moeen Office Calendar: working hours, holidays and overrides of a support channel.

The document is only storage and a form; the rules live in the pure core
(:class:`moeen_helpdesk.core.calendar.WorkCalendar`), which every save goes
through, so a calendar the engine would refuse is never stored. The field conversions and the
cached loader of engine calendars are :mod:`moeen_helpdesk.calendars`' (this controller imports
that module, never the other way round).

24:00: a Frappe Time field cannot hold 24:00 (it reads back as 00:00), so a window
that runs to the end of the day ticks **Until Midnight** (its end time is then
ignored) and reaches the engine as ``"24:00"``.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from moeen_helpdesk.calendars import (
    MIDNIGHT,
    blank,
    date_text,
    empty_week,
    forget_calendar,
    generate_for,
    time_text,
)
from moeen_helpdesk.core.calendar import DEFAULT_TIMEZONE, WorkCalendar
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.core.hijri_holidays import hijri_year_of
from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.utils import throw_core, translate_core


class MoeenOfficeCalendar(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        from moeen_helpdesk.moeen_helpdesk.doctype.moeen_calendar_holiday.moeen_calendar_holiday import (
            MoeenCalendarHoliday,
        )
        from moeen_helpdesk.moeen_helpdesk.doctype.moeen_calendar_override.moeen_calendar_override import (
            MoeenCalendarOverride,
        )
        from moeen_helpdesk.moeen_helpdesk.doctype.moeen_calendar_window.moeen_calendar_window import (
            MoeenCalendarWindow,
        )

        adha_days: DF.Int
        calendar_name: DF.Data
        fitr_days: DF.Int
        hijri_year_from: DF.Int
        hijri_year_to: DF.Int
        holidays: DF.Table[MoeenCalendarHoliday]
        overrides: DF.Table[MoeenCalendarOverride]
        ramadan_end: DF.Time | None
        ramadan_start: DF.Time | None
        timezone: DF.Autocomplete
        windows: DF.Table[MoeenCalendarWindow]

    # end: auto-generated types
    def __setup__(self):
        # Frappe fills every empty Time field of a new document with the current
        # time; the Ramadan hours must stay empty unless someone sets them.
        self.dont_update_if_missing = ["ramadan_start", "ramadan_end"]

    def validate(self):
        self.calendar_name = (self.calendar_name or "").strip()
        self.timezone = (self.timezone or "").strip() or DEFAULT_TIMEZONE
        self._check_rows()
        spec = self.to_spec()
        # The weekly maps one by one first, so that an error names the override it is in.
        try:
            WorkCalendar.from_dict({"timezone": spec["timezone"], "weekly": spec["weekly"]})
        except CoreError as e:
            throw_core(e)
        for ov in spec["overrides"]:
            try:
                WorkCalendar.from_dict({"timezone": spec["timezone"], "weekly": ov["weekly"]})
            except CoreError as e:
                frappe.throw(_("Override {0}: {1}").format(ov["key"], translate_core(e)))
        try:
            WorkCalendar.from_dict(spec)
        except CoreError as e:
            throw_core(e)

    def _check_rows(self):
        keys = set()
        for row in self.overrides:
            row.key = (row.key or "").strip()
            if row.key and row.key in keys:
                frappe.throw(_("Overrides row {0}: the key {1} is used twice").format(row.idx, row.key))
            keys.add(row.key)
        for row in self.windows:
            row.override_key = (row.override_key or "").strip()
            if row.until_midnight:
                row.end_time = None
            elif not blank(row.start_time) and time_text(row.end_time) in (None, "00:00"):
                frappe.throw(
                    _(
                        "Windows row {0}: give an end time, or tick Until Midnight for a window that ends at 24:00"
                    ).format(row.idx)
                )
            if row.override_key and row.override_key not in keys:
                frappe.throw(
                    _("Windows row {0}: no override has the key {1}").format(row.idx, row.override_key)
                )

    def to_spec(self) -> dict:
        """The calendar in the engine's spec format (see :mod:`moeen_helpdesk.core.calendar`).

        Base week: window rows without an override key. Each override gets the
        window rows whose key equals its own (no rows: closed during the override);
        overrides carry their ``key`` too, which the engine ignores."""
        weeks: dict[str, dict] = {"": empty_week()}
        for row in self.overrides:
            weeks.setdefault((row.key or "").strip(), empty_week())
        for row in self.windows:
            if not row.weekday or blank(row.start_time):
                continue  # the mandatory check reports it
            week = weeks.setdefault((row.override_key or "").strip(), empty_week())
            end = MIDNIGHT if row.until_midnight else time_text(row.end_time)
            week.setdefault(row.weekday.strip().lower(), []).append([time_text(row.start_time), end])
        holidays = []
        for row in self.holidays:
            lo, hi = date_text(row.from_date), date_text(row.to_date)
            if not lo:
                continue
            holidays.append(lo if not hi or hi == lo else [lo, hi])
        overrides = []
        for row in self.overrides:
            lo, hi = date_text(row.from_date), date_text(row.to_date)
            if not lo or not hi:
                continue
            key = (row.key or "").strip()
            overrides.append({"key": key, "from": lo, "to": hi, "weekly": weeks[key]})
        return {
            "timezone": (self.timezone or "").strip() or DEFAULT_TIMEZONE,
            "weekly": weeks[""],
            "holidays": holidays,
            "overrides": overrides,
        }

    def onload(self):
        self.set_onload("hijri_year", hijri_year_of(getdate(today())))

    def on_update(self):
        forget_calendar(self.name)

    def on_trash(self):
        forget_calendar(self.name)

    def after_rename(self, old, new, merge=False):
        forget_calendar(old)
        forget_calendar(new)

    @frappe.whitelist()
    @endpoint(check=lambda self: self.check_permission("write"))
    def generate_hijri_holidays(
        self,
        hijri_year_from: int,
        hijri_year_to: int,
        fitr_days: int = 4,
        adha_days: int = 4,
        ramadan_start: str | None = None,
        ramadan_end: str | None = None,
    ) -> dict:
        """Append the missing generated holidays (and Ramadan overrides when both
        Ramadan times are given) for the Hijri years, save, and return the counts."""
        return generate_for(
            self,
            hijri_year_from,
            hijri_year_to,
            fitr_days=fitr_days,
            adha_days=adha_days,
            ramadan_start=ramadan_start,
            ramadan_end=ramadan_end,
        )
