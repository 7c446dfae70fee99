"""Office calendars: field conversions, the cached engine calendars, the shipped calendars,
Hijri holiday generation and its bench command.

* :func:`get_calendar` is the engine calendar (:class:`moeen_helpdesk.core.calendar.WorkCalendar`)
  of a "Moeen Office Calendar", built once per version of the document; the controller calls
  :func:`forget_calendar` when one changes. :func:`time_text` / :func:`date_text` turn the
  document's Time and Date fields into the engine's texts.

* :func:`ship_default_calendars` creates "Contact Center" (Sunday–Thursday
  07:30–16:00, Asia/Riyadh) and "Portal 24x7" (every day 00:00–24:00) when missing.
* :func:`generate_for` appends the generated holidays (and Ramadan-hours
  overrides) of a range of Hijri years to a calendar. Generated rows carry a
  stable key (``eid_al_fitr-1447``, ``national_day-2026``, ``ramadan-1447``…);
  a row whose key is already there is left as it is, so regenerating adds no
  duplicates and keeps what an admin moved or edited (a moon sighting moves Eid).
  A holiday with exactly the same dates as an existing row, and an override
  overlapping an existing one, are not added either.
* ``bench --site S moeen-generate-holidays --calendar "Contact Center" --from 1447
  --to 1449 [--fitr-days 10 --adha-days 10 --ramadan-hours 09:00-14:00]``.
"""

import re
from datetime import date, datetime, time, timedelta

import click
import frappe
from frappe import _
from frappe.commands import get_site, pass_context
from frappe.model.document import Document
from frappe.utils import getdate

from moeen_helpdesk.core.calendar import WEEKDAYS, WorkCalendar
from moeen_helpdesk.core.channels import CONTACT_CENTER
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.core.hijri_holidays import generate_holidays
from moeen_helpdesk.utils import throw_core

DOCTYPE = "Moeen Office Calendar"
MIDNIGHT = "24:00"

_TIME_TEXT = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$")


def blank(value) -> bool:
    """Empty field value. Not plain falsiness: 00:00 reads back as a falsy ``timedelta(0)``."""
    return value is None or value == ""


def time_text(value) -> str | None:
    """A Time field's value (``timedelta`` from the database, ``time`` or text) as
    ``HH:MM`` / ``HH:MM:SS`` for the engine; ``None`` when empty. Text that is not
    a time is passed through for the engine to refuse with its own message."""
    if blank(value):
        return None
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
    elif isinstance(value, datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
    elif isinstance(value, time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
    else:
        m = _TIME_TEXT.match(str(value).strip())
        if not m:
            return str(value)
        seconds = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3) or 0)
    h, rest = divmod(seconds, 3600)
    mi, s = divmod(rest, 60)
    return f"{h:02d}:{mi:02d}" if not s else f"{h:02d}:{mi:02d}:{s:02d}"


def date_text(value) -> str | None:
    if blank(value):
        return None
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return getdate(value).strftime("%Y-%m-%d")


def empty_week() -> dict:
    return {day: [] for day in WEEKDAYS}


PORTAL = "Portal 24x7"
SUN_THU = WEEKDAYS[:5]

DEFAULT_CALENDARS = {
    CONTACT_CENTER: [(day, "07:30", "16:00") for day in SUN_THU],
    PORTAL: [(day, "00:00", MIDNIGHT) for day in WEEKDAYS],
}


# ---------------------------------------------------------------------------
# Cached loader
# ---------------------------------------------------------------------------

# (site, calendar name) -> (modified, WorkCalendar). One entry per calendar: a
# changed `modified` replaces it, so the dict never grows beyond the calendars.
_CACHE: dict[tuple[str, str], tuple[str, WorkCalendar]] = {}


def get_calendar(name: str) -> WorkCalendar:
    """The engine calendar of a Moeen Office Calendar, built once per version of
    the document (keyed by its ``modified``) and process: a ticket save costs one
    indexed look-up, no rebuild. Raises ``frappe.DoesNotExistError``."""
    modified = frappe.db.get_value(DOCTYPE, name, "modified")
    if modified is None:
        frappe.get_doc(DOCTYPE, name)  # raises DoesNotExistError with Frappe's message
    key = (frappe.local.site, name)
    stamp = str(modified)
    hit = _CACHE.get(key)
    if hit and hit[0] == stamp:
        return hit[1]
    doc = frappe.get_doc(DOCTYPE, name)
    try:
        calendar = WorkCalendar.from_dict(doc.to_spec())
    except CoreError as e:
        throw_core(e)
    _CACHE[key] = (stamp, calendar)
    return calendar


def forget_calendar(name: str) -> None:
    _CACHE.pop((frappe.local.site, name), None)


def _window(day: str, start: str, end: str, override_key: str | None = None) -> dict:
    return {
        "weekday": day.title(),
        "start_time": start,
        "end_time": None if end == MIDNIGHT else end,
        "until_midnight": 1 if end == MIDNIGHT else 0,
        "override_key": override_key,
    }


def ship_default_calendars() -> list[str]:
    """Create the shipped calendars that are missing (an existing one is left as
    it is); returns the names created."""
    created = []
    for name, windows in DEFAULT_CALENDARS.items():
        if frappe.db.exists(DOCTYPE, name):
            continue
        frappe.get_doc(
            {
                "doctype": DOCTYPE,
                "calendar_name": name,
                "timezone": "Asia/Riyadh",
                "windows": [_window(*w) for w in windows],
            }
        ).insert(ignore_permissions=True)
        created.append(name)
    return created


def generate_for(
    calendar_name,
    hijri_from: int,
    hijri_to: int,
    *,
    fitr_days: int = 4,
    adha_days: int = 4,
    ramadan_start=None,
    ramadan_end=None,
    **core_options,
) -> dict:
    """Append the missing generated rows for Hijri years ``hijri_from``–``hijri_to``
    to a calendar (a name, or the document itself) and save it if anything was added.

    ``ramadan_start``/``ramadan_end`` (``HH:MM``; the end may be ``24:00``), both or
    neither: Ramadan hours Sunday–Thursday as an override per year. Other keyword
    options go to :func:`moeen_helpdesk.core.hijri_holidays.generate_holidays`
    (``fitr_start_offset_days``, ``adha_starts_on``, ``include_national_day``…).
    Returns ``{"holidays_added", "holidays_kept", "overrides_added", "overrides_kept"}``."""
    doc = calendar_name if isinstance(calendar_name, Document) else frappe.get_doc(DOCTYPE, calendar_name)
    doc.check_permission("write")

    start, end = time_text(ramadan_start), time_text(ramadan_end)
    if bool(start) != bool(end):
        frappe.throw(_("Give both the Ramadan start and end times, or neither"))
    ramadan_weekly = {day: [[start, end]] if day in SUN_THU else [] for day in WEEKDAYS} if start else None
    try:
        generated = generate_holidays(
            hijri_from,
            hijri_to,
            fitr_days=fitr_days,
            adha_days=adha_days,
            ramadan_weekly=ramadan_weekly,
            **core_options,
        )
    except CoreError as e:
        throw_core(e)

    counts = {"holidays_added": 0, "holidays_kept": 0, "overrides_added": 0, "overrides_kept": 0}
    keys = {(r.key or "").strip() for r in doc.holidays if r.key}
    ranges = {(date_text(r.from_date), date_text(r.to_date) or date_text(r.from_date)) for r in doc.holidays}
    for h in generated["holidays"]:
        lo, hi = date_text(h["from"]), date_text(h["to"])
        if h["key"] in keys or (lo, hi) in ranges:
            counts["holidays_kept"] += 1
            continue
        doc.append(
            "holidays",
            {
                "holiday_name_ar": h["name_ar"],
                "holiday_name_en": h["name_en"],
                "from_date": lo,
                "to_date": hi if hi != lo else None,
                "key": h["key"],
            },
        )
        keys.add(h["key"])
        ranges.add((lo, hi))
        counts["holidays_added"] += 1

    ov_keys = {(r.key or "").strip() for r in doc.overrides}
    ov_ranges = [(date_text(r.from_date), date_text(r.to_date)) for r in doc.overrides]
    for o in generated["overrides"]:
        lo, hi = date_text(o["from"]), date_text(o["to"])
        overlaps = any(a and b and a <= hi and lo <= b for a, b in ov_ranges)
        if o["key"] in ov_keys or overlaps:
            counts["overrides_kept"] += 1
            continue
        doc.append(
            "overrides",
            {
                "key": o["key"],
                "label_ar": o["name_ar"],
                "label_en": o["name_en"],
                "from_date": lo,
                "to_date": hi,
            },
        )
        for day in SUN_THU:
            doc.append("windows", _window(day, start, end, override_key=o["key"]))
        ov_keys.add(o["key"])
        ov_ranges.append((lo, hi))
        counts["overrides_added"] += 1

    if counts["holidays_added"] or counts["overrides_added"]:
        for table in ("holidays", "overrides"):
            rows = doc.get(table)
            rows.sort(key=lambda r: (date_text(r.from_date) or "", date_text(r.to_date) or ""))
            for i, row in enumerate(rows, 1):
                row.idx = i
        doc.save()
    return counts


@click.command("moeen-generate-holidays")
@click.option("--calendar", "calendar_name", required=True, help="Name of the Moeen Office Calendar.")
@click.option("--from", "hijri_from", type=int, required=True, help="First Hijri year, e.g. 1447.")
@click.option("--to", "hijri_to", type=int, required=True, help="Last Hijri year (inclusive).")
@click.option(
    "--fitr-days",
    type=int,
    default=4,
    show_default=True,
    help="Length of the Eid al-Fitr break from 1 Shawwal (statutory 4; the university's is longer).",
)
@click.option(
    "--adha-days",
    type=int,
    default=4,
    show_default=True,
    help="Length of the Eid al-Adha break from the Day of Arafah (statutory 4).",
)
@click.option(
    "--ramadan-hours",
    default=None,
    metavar="HH:MM-HH:MM",
    help="Ramadan hours Sunday–Thursday, added as an override per Ramadan (e.g. 09:00-14:00).",
)
@pass_context
def generate_holidays_command(
    context, calendar_name, hijri_from, hijri_to, fitr_days=4, adha_days=4, ramadan_hours=None
):
    """Add Eid, Founding Day, National Day (and Ramadan hours) to an office calendar.

    Idempotent: rows already present (same key) are kept as they are."""
    ramadan_start = ramadan_end = None
    if ramadan_hours:
        parts = [p.strip() for p in ramadan_hours.split("-")]
        if len(parts) != 2 or not all(parts):
            raise click.BadParameter("expected HH:MM-HH:MM, e.g. 09:00-14:00", param_hint="--ramadan-hours")
        ramadan_start, ramadan_end = parts

    site = get_site(context)
    frappe.init(site=site)
    frappe.connect()
    try:
        try:
            counts = generate_for(
                calendar_name,
                hijri_from,
                hijri_to,
                fitr_days=fitr_days,
                adha_days=adha_days,
                ramadan_start=ramadan_start,
                ramadan_end=ramadan_end,
            )
        except (frappe.ValidationError, frappe.PermissionError) as e:
            frappe.db.rollback()
            raise click.ClickException(str(e) or type(e).__name__) from None
        frappe.db.commit()
    finally:
        frappe.destroy()
    click.echo(
        f"{calendar_name}: {counts['holidays_added']} holidays added, {counts['holidays_kept']} already there; "
        f"{counts['overrides_added']} overrides added, {counts['overrides_kept']} already there"
    )
