"""Measured delivery time per service, cached in "Moeen Service Delivery" (issue 15).

The rules (window, minimum, median / p90, the load rule, the words) are
:mod:`moeen_helpdesk.core.delivery`'s. This module:

* :func:`refresh` (hourly, and on demand with :func:`refresh_now`) recomputes the table
  set-based: one grouped query over HD Ticket for the measured times — the stored
  business durations ``moeen_resolution_seconds`` of :func:`moeen_helpdesk.review.record_durations`
  (the service's calendar, hold excluded) of tickets resolved in the window — and one grouped
  query for the daily open counts of each service; one row per service, replaced at once.
  The words («عادةً خلال يومي عمل؛ …», "Usually within …") are made at the refresh, in Arabic and
  English on the service's calendar, and stored with the figures.
* :func:`for_services` reads the table (one query) for the portal and the SLA review, and
  :func:`words` gives a row as both show it: the catalog only reads.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, getdate, now_datetime

from moeen_helpdesk.compliance import sql as compliance_sql
from moeen_helpdesk.compliance.fast import group_concat_session, parse_packed
from moeen_helpdesk.compliance.sql import REPORT_ROLES, TIME_COLUMNS
from moeen_helpdesk.core import delivery as core
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.core.review import WORKING_DAY_SECONDS
from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.portal.times import calendar_info
from moeen_helpdesk.sla.business_time import default_calendar_name
from moeen_helpdesk.utils import throw_core

DOCTYPE = "Moeen Service Delivery"
SETTINGS = "Moeen Settings"
FIELDS = [
    "service", "unit", "tickets", "enough_data", "median_seconds", "p90_seconds", "window_days",
    "window_from", "min_tickets", "open_now", "usual_open", "loaded", "refreshed_at", "words_ar", "words_en",
]  # fmt: skip


#: What the portal and the review read of a row.
SHOWN = ("service", "tickets", "median_seconds", "p90_seconds", "loaded", "words_ar", "words_en")


def settings() -> tuple[int, int]:
    """(window in days, minimum of measured tickets) from Moeen Settings, the core's defaults when unset."""
    values = frappe.db.get_values_from_single(
        ["delivery_window_days", "delivery_min_tickets"], None, SETTINGS, as_dict=True
    )
    row = values[0] if values else {}
    window = cint(row.get("delivery_window_days")) or core.DEFAULT_WINDOW_DAYS
    minimum = row.get("delivery_min_tickets")
    minimum = core.DEFAULT_MIN_TICKETS if minimum in (None, "") else cint(minimum)
    return window, minimum


# ------------------------------------------------------------------------- refresh
def measured_times(since: dt.datetime, now: dt.datetime) -> dict[str, list[int]]:
    """Service -> business seconds to resolution of its tickets resolved in [since, now]
    (one GROUP BY; a ticket is measured as the compliance figures measure it)."""
    value, measured = TIME_COLUMNS["resolution"]
    limit = group_concat_session()
    rows = frappe.db.sql(
        f"""SELECT t.moeen_service AS service, GROUP_CONCAT({value}) AS seconds
            FROM `{compliance_sql.TICKET_TABLE}` t
            WHERE t.resolution_date >= %(since)s AND t.resolution_date <= %(now)s
              AND IFNULL(t.moeen_service, '') != '' AND {measured}
            GROUP BY t.moeen_service""",
        {"since": since, "now": now},
        as_dict=True,
    )
    out = {}
    for r in rows:
        values = parse_packed(r.seconds, limit)
        if values is None:
            frappe.throw(_("Too many tickets to measure service {0}").format(r.service))
        out[r.service] = values
    return out


def open_history(first_day: dt.date, now: dt.datetime) -> dict[str, dict]:
    """Service -> {"opening", "created": {day: n}, "resolved": {day: n}, "open_now", "created_total"}:
    one grouped query over the tickets (open = created and not yet resolved)."""
    start = dt.datetime.combine(first_day, dt.time())
    rows = frappe.db.sql(
        f"""SELECT service, kind, day, COUNT(*) AS n FROM (
              SELECT t.moeen_service AS service, 'c' AS kind, DATE(t.creation) AS day
                FROM `{compliance_sql.TICKET_TABLE}` t WHERE t.creation >= %(start)s AND t.creation <= %(now)s
              UNION ALL
              SELECT t.moeen_service, 'r', DATE(t.resolution_date)
                FROM `{compliance_sql.TICKET_TABLE}` t
                WHERE t.resolution_date >= %(start)s AND t.resolution_date <= %(now)s AND t.creation <= %(now)s
              UNION ALL
              SELECT t.moeen_service, 'o', NULL
                FROM `{compliance_sql.TICKET_TABLE}` t
                WHERE t.creation < %(start)s AND (t.resolution_date IS NULL OR t.resolution_date >= %(start)s)
              UNION ALL
              SELECT t.moeen_service, 'n', NULL
                FROM `{compliance_sql.TICKET_TABLE}` t WHERE t.resolution_date IS NULL AND t.creation <= %(now)s
            ) x WHERE IFNULL(service, '') != '' GROUP BY service, kind, day""",
        {"start": start, "now": now},
        as_dict=True,
    )
    out: dict[str, dict] = {}
    for r in rows:
        h = out.setdefault(
            r.service, {"opening": 0, "created": {}, "resolved": {}, "open_now": 0, "created_total": 0}
        )
        n = cint(r.n)
        if r.kind == "c":
            h["created"][getdate(r.day)] = n
            h["created_total"] += n
        elif r.kind == "r":
            h["resolved"][getdate(r.day)] = n
        elif r.kind == "o":
            h["opening"] = n
        else:
            h["open_now"] = n
    return out


def _add(into: dict, counts: dict) -> None:
    for day, n in counts.items():
        into[day] = into.get(day, 0) + n


def unit_loads(services: list[dict], history: dict, first_day: dt.date, days: int, minimum: int) -> dict:
    """Unit -> (open now, usual open, loaded); a service without a tier-2 unit is its own unit."""
    members = defaultdict(list)
    for s in services:
        members[s["tier2_team"] or ("service", s["name"])].append(s["name"])
    loads = {}
    for unit, names in members.items():
        opening = open_now = created_total = 0
        created: dict = {}
        resolved: dict = {}
        for name in names:
            h = history.get(name)
            if not h:
                continue
            opening += h["opening"]
            open_now += h["open_now"]
            created_total += h["created_total"]
            _add(created, h["created"])
            _add(resolved, h["resolved"])
        usual = core.usual_open(core.daily_open_counts(opening, created, resolved, first_day, days))
        enough = created_total > 0 and created_total >= minimum
        loads[unit] = (open_now, usual, core.is_loaded(open_now, usual, enough))
    return loads


def refresh(now=None) -> int:
    """Recompute the table (every service, one row each); returns the number of rows."""
    now = get_datetime(now) if now else now_datetime()
    window, minimum = settings()
    try:
        since = core.window_start(now, window)
    except CoreError as e:
        throw_core(e)
    first_day = getdate(now) - dt.timedelta(days=window - 1)
    services = frappe.get_all("Moeen Service", fields=["name", "tier2_team", "calendar"], order_by="name asc")
    default_calendar, calendars = default_calendar_name(), {}
    times = measured_times(since, now)
    loads = unit_loads(services, open_history(first_day, now), first_day, window, minimum)
    rows = []
    for s in services:
        m = core.measure(times.get(s["name"], []), minimum)
        open_now, usual, loaded = loads[s["tier2_team"] or ("service", s["name"])]
        said = {"ar": "", "en": ""}
        if m.enough:
            info = calendar_info(s["calendar"] or default_calendar, calendars)
            wd = info["working_day_seconds"] if info else WORKING_DAY_SECONDS
            r24 = bool(info and info["round_the_clock"])
            for language in said:
                said[language] = core.delivery_words(m.median, m.p90, wd, r24, language, window)["text"]
        rows.append(
            (s["name"], s["tier2_team"] or None, m.tickets, int(m.enough), m.median, m.p90, window, since,
             minimum, open_now, usual, int(loaded), now, said["ar"], said["en"])
        )  # fmt: skip
    frappe.db.delete(DOCTYPE)
    if rows:
        stamp = now_datetime()
        frappe.db.bulk_insert(
            DOCTYPE,
            ["name", "creation", "modified", "owner", "modified_by", "docstatus", *FIELDS],
            [(r[0], stamp, stamp, "Administrator", "Administrator", 0, *r) for r in rows],
        )
    return len(rows)


def run_hourly():
    """Scheduler (hourly): refresh the table."""
    refresh()


@frappe.whitelist(methods=["POST"])
@endpoint
def refresh_now() -> dict:
    """On demand, for those who may read the compliance figures (checked here rather than with
    ``frappe.only_for``, which lets everybody through while tests run)."""
    if frappe.session.user != "Administrator" and set(REPORT_ROLES).isdisjoint(frappe.get_roles()):
        frappe.throw(
            _("Only those who read the compliance reports may refresh these figures"), frappe.PermissionError
        )
    return {"rows": refresh()}


# ---------------------------------------------------------------------------- read
def for_services(names) -> dict[str, dict]:
    """Service -> its cached row (one query; no row for a service not refreshed yet)."""
    names = [n for n in names if n]
    if not names:
        return {}
    rows = frappe.db.sql(  # plain SQL on the primary key: the catalog's only extra read
        f"""SELECT {", ".join(f"`{f}`" for f in SHOWN)} FROM `tab{DOCTYPE}` WHERE name IN %(names)s""",
        {"names": tuple(names)},
        as_dict=True,
    )
    return {r.service: r for r in rows}


def words(row, language: str) -> dict | None:
    """What the portal and the review show of a cached row, in ``language`` (the words stored at
    the refresh, on the service's calendar): ``{"text", "tickets", "median", "p90", "loaded"}`` —
    ``text`` empty without enough tickets, ``loaded`` the notice when the unit is unusually loaded.
    None when there is nothing to show."""
    if not row:
        return None
    text = (row.get("words_ar") if language == "ar" else row.get("words_en")) or ""
    loaded = cint(row.get("loaded"))
    if not text and not loaded:
        return None
    return {
        "text": text,
        "tickets": cint(row.get("tickets")),
        "median": row.get("median_seconds") if text else None,
        "p90": row.get("p90_seconds") if text else None,
        "loaded": _("Requests to this unit are taking longer than usual") if loaded else "",
    }
