"""The SLA's time: a ticket's calendar, the site's naive datetimes and the calendar's aware ones,
business seconds and the breach cutoffs of the calendars (for the SQL of the periodic job and
of the compliance figures)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
from frappe.utils import get_datetime, get_system_timezone

from moeen_helpdesk.calendars import get_calendar
from moeen_helpdesk.core import sla as clocks


def default_calendar_name() -> str | None:
    return frappe.db.get_single_value("Moeen Settings", "default_calendar") or None


def calendar_name_for_service(service: str | None) -> str | None:
    name = frappe.get_cached_value("Moeen Service", service, "calendar") if service else None
    return name or default_calendar_name()


def calendar_for_ticket(doc):
    """The WorkCalendar a ticket's clocks run on (pinned name first), or None."""
    name = doc.get("moeen_sla_calendar") or calendar_name_for_service(doc.get("moeen_service"))
    return get_calendar(name) if name else None


def site_zone() -> ZoneInfo:
    return ZoneInfo(get_system_timezone())


def to_aware(value) -> datetime | None:
    """A naive site datetime (as Frappe stores it) made aware in the site's zone."""
    if not value:
        return None
    dt = get_datetime(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=site_zone())


def to_site(value: datetime | None) -> datetime | None:
    """An aware datetime back to the site's naive wall time."""
    if value is None:
        return None
    return value.astimezone(site_zone()).replace(tzinfo=None)


class SiteCalendar:
    """A WorkCalendar that takes the site's naive datetimes (for ``core.sla.late``)."""

    def __init__(self, cal):
        self.cal = cal

    def business_seconds_between(self, a, b):
        return self.cal.business_seconds_between(to_aware(a), to_aware(b))


def breach_cutoffs(now) -> dict[str, datetime]:
    """Per calendar, its breach cutoff at ``now`` as site time
    (:func:`moeen_helpdesk.core.sla.breach_cutoff`): a clock still running on that
    calendar whose deadline lies before it is late — business time has passed since the
    deadline. A calendar the engine refuses is left out (judged by the wall clock)."""
    now = get_datetime(now)
    out = {}
    for name in frappe.get_all("Moeen Office Calendar", pluck="name", order_by="name"):
        try:
            out[name] = to_site(clocks.breach_cutoff(get_calendar(name), to_aware(now)))
        except Exception:
            continue
    return out


def cutoff_sql(column: str, now) -> str:
    """SQL for the breach cutoff of each row's calendar at ``now`` (``column`` holds the
    pinned calendar; :func:`breach_cutoffs`); rows without a calendar of ours (Helpdesk's
    own SLA) are judged by ``now``. Literal values (the statement may carry parameters)."""

    def text(value) -> str:
        return frappe.db.escape(str(value)).replace("%", "%%")

    def instant(value) -> str:
        return f"CAST({text(value)} AS DATETIME(6))"

    cases = " ".join(f"WHEN {text(n)} THEN {instant(c)}" for n, c in breach_cutoffs(now).items())
    at = instant(get_datetime(now))
    return f"(CASE {column} {cases} ELSE {at} END)" if cases else at


def business_seconds(doc, start, end) -> int:
    """Open seconds of the ticket's calendar between two site datetimes (0 without a calendar)."""
    cal = calendar_for_ticket(doc)
    if cal is None or not start or not end:
        return 0
    return int(cal.business_seconds_between(to_aware(start), to_aware(end)))
