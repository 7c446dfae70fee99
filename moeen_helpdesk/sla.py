"""SLA clocks on HD Tickets: per-service targets on the service's calendar.

The maths lives in :mod:`moeen_helpdesk.core.sla` and :mod:`moeen_helpdesk.core.calendar`;
this module loads the data, converts between the site's naive datetimes and the
calendar, and stores the results in Helpdesk's own fields (response_by,
resolution_by, agreement_status) so its agent UI shows them.
"""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, get_system_timezone, now_datetime
from helpdesk.helpdesk.doctype.hd_ticket_activity.hd_ticket_activity import log_ticket_activity

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


# ---------------------------------------------------------------------------
# Clocks on save (HD Ticket before_save, after Helpdesk's own apply_sla)


PINNED = (
    "moeen_sla_calendar",
    "moeen_sla_start",
    "moeen_response_target",
    "moeen_resolution_target",
    "moeen_resolution_start",
    "moeen_hold_since",
    "moeen_response_held",
    "moeen_resolution_held",
    "moeen_response_warn_at",
    "moeen_resolution_warn_at",
    "moeen_sla_state",
)


def service_targets(service: str, priority: str | None) -> clocks.Targets:
    doc = frappe.get_cached_doc("Moeen Service", service)
    per_priority = {
        r.priority: clocks.Targets(cint(r.response_target) or None, cint(r.resolution_target) or None)
        for r in doc.priority_targets
    }
    default = clocks.Targets(cint(doc.response_target) or None, cint(doc.resolution_target) or None)
    return clocks.pick_targets(default, per_priority, priority)


def warning_share() -> float:
    share = frappe.db.get_single_value("Moeen Settings", "warning_share")
    share = (share or 75) / 100
    return share if 0 < share < 1 else clocks.DEFAULT_WARNING_SHARE


def _add(cal, start, seconds):
    if seconds is None or not start:
        return None
    return to_site(cal.add_business_seconds(to_aware(start), seconds))


def _log(doc, text: str):
    """A line on Helpdesk's ticket timeline (only for saved tickets: changes, not intake)."""
    log_ticket_activity(doc.name, text)


def on_before_save(doc, method=None):
    """Pin, pause, reopen and recompute a ticket's clocks.

    Tickets without a service, or whose service has no targets, keep Helpdesk's own SLA.
    """
    if not doc.get("moeen_service"):
        if doc.get("moeen_sla_start"):  # the service was removed: Helpdesk's SLA applies again
            for field in PINNED:
                doc.set(field, None)
        return
    before = None if doc.is_new() else doc.get_doc_before_save()
    now = now_datetime()
    service_changed = before is not None and before.get("moeen_service") != doc.moeen_service
    priority_changed = before is not None and before.get("priority") != doc.priority

    if doc.is_new() or service_changed or not doc.get("moeen_sla_start") or priority_changed:
        targets = service_targets(doc.moeen_service, doc.priority)
        if targets.empty:
            for field in PINNED:
                doc.set(field, None)
            return
        restart = doc.is_new() or service_changed or not doc.get("moeen_sla_start")
        if restart:
            start = get_datetime(doc.creation) if doc.is_new() and doc.creation else now
            doc.moeen_sla_calendar = calendar_name_for_service(doc.moeen_service)
            doc.moeen_sla_start = start
            doc.moeen_resolution_start = start
            doc.moeen_response_held = doc.moeen_resolution_held = 0
            doc.moeen_sla_notified = 0
        doc.moeen_response_target = targets.response
        doc.moeen_resolution_target = targets.resolution
        if service_changed:
            _log(
                doc,
                _("changed the service from {0} to {1}; the SLA clocks restart").format(
                    before.get("moeen_service") or "-", doc.moeen_service
                ),
            )
        elif priority_changed and not doc.is_new():
            _log(doc, _("changed the priority to {0}; the SLA targets follow it").format(doc.priority))

    cal = calendar_for_ticket(doc)
    if cal is None:
        return
    # Helpdesk 1.25.1 fills status_category once and leaves it stale when the status changes;
    # the clocks (and the set-based job) need the category of the current status.
    doc.status_category = status_category(doc.status) or doc.status_category
    _track_hold_and_reopen(doc, before, cal, now)
    _recompute(doc, cal, now)
    if doc.is_new():
        # Helpdesk 1.25.1 checks holidays against the wrong parent; judge by our calendar.
        doc.raised_outside_working_hours = 0 if cal.is_open(to_aware(doc.moeen_sla_start)) else 1


def status_category(status: str | None) -> str | None:
    return frappe.get_cached_value("HD Ticket Status", status, "category") if status else None


def _track_hold_and_reopen(doc, before, cal, now):
    was = status_category(before.get("status")) if before is not None else None
    cat = doc.get("status_category")
    if cat == "Paused" and was != "Paused":
        doc.moeen_hold_since = now
    elif was == "Paused" and cat != "Paused" and doc.moeen_hold_since:
        since = to_aware(doc.moeen_hold_since)
        end = to_aware(now)
        for due_field, held_field, clock_done in (
            ("response_by", "moeen_response_held", doc.first_responded_on),
            ("resolution_by", "moeen_resolution_held", None),
        ):
            if clock_done:  # a hold after the first response does not move the response clock
                continue
            due = to_aware(before.get(due_field))  # ours: Helpdesk's apply_sla has rewritten doc's
            doc.set(held_field, cint(doc.get(held_field)) + clocks.held_seconds(cal, since, end, due))
        doc.moeen_hold_since = None
    if was in ("Resolved", "Closed") and cat == "Open":
        doc.moeen_reopen_count = cint(doc.moeen_reopen_count) + 1
        if frappe.db.get_single_value("Moeen Settings", "reopen_resets_resolution"):
            doc.moeen_resolution_start = now
            doc.moeen_resolution_held = 0
            doc.moeen_sla_notified = cint(doc.moeen_sla_notified) & ~(
                clocks.NOTICE_RESOLUTION_WARNING | clocks.NOTICE_RESOLUTION_BREACH
            )


def _recompute(doc, cal, now):
    doc.update(_deadlines(cal, doc, warning_share()))
    paused = doc.get("status_category") == "Paused"
    resolved_on = (
        get_datetime(doc.resolution_date)
        if doc.get("status_category") == "Resolved" and doc.get("resolution_date")
        else None
    )
    if doc.get("status_category") == "Resolved" and not resolved_on:
        resolved_on = now
    first = get_datetime(doc.first_responded_on) if doc.first_responded_on else None
    site_cal = SiteCalendar(cal)  # met ⇔ business time ≤ target (core.sla.late)
    doc.agreement_status = clocks.agreement_status(
        now,
        response_by=get_datetime(doc.response_by) if doc.response_by else None,
        resolution_by=get_datetime(doc.resolution_by) if doc.resolution_by else None,
        first_responded_on=first,
        resolved_on=resolved_on,
        paused=paused,
        calendar=site_cal,
    )
    if first is None and doc.response_by and not resolved_on:
        doc.moeen_sla_state = clocks.clock_state(
            now, get_datetime(doc.response_by), doc.moeen_response_warn_at, paused=paused, calendar=site_cal
        )
    else:
        doc.moeen_sla_state = clocks.clock_state(
            now,
            doc.resolution_by,
            doc.moeen_resolution_warn_at,
            done_on=resolved_on,
            paused=paused,
            calendar=site_cal,
        )


# ---------------------------------------------------------------------------
# The periodic job: set-based status refresh, then warnings and breach notices.

# The rule of core.sla.agreement_status / clock_state, in SQL (kept equal by a bench test).
# A first response is late only when it took more business time than its target
# (moeen_response_seconds, stored on save by moeen_helpdesk.review.record_durations);
# a running clock once business time passed since its deadline: {cutoff} is
# cutoff_sql (the calendar's breach cutoff at now).
RESPONSE_LATE_SQL = (
    "first_responded_on IS NOT NULL AND first_responded_on > response_by"
    " AND (moeen_response_target IS NULL OR moeen_response_seconds > moeen_response_target)"
)
STATUS_SQL = f"""
UPDATE `tabHD Ticket` SET
  agreement_status = CASE
    WHEN response_by IS NOT NULL AND {RESPONSE_LATE_SQL}
      THEN 'Failed'
    WHEN status_category = 'Paused' THEN 'Paused'
    WHEN response_by IS NOT NULL AND first_responded_on IS NULL AND {{cutoff}} > response_by THEN 'Failed'
    WHEN resolution_by IS NOT NULL AND {{cutoff}} > resolution_by THEN 'Failed'
    WHEN response_by IS NOT NULL AND first_responded_on IS NULL THEN 'First Response Due'
    ELSE 'Resolution Due'
  END,
  moeen_sla_state = CASE
    WHEN status_category = 'Paused' THEN 'paused'
    WHEN first_responded_on IS NULL AND response_by IS NOT NULL THEN CASE
      WHEN {{cutoff}} > response_by THEN 'breached'
      WHEN moeen_response_warn_at IS NOT NULL AND %(now)s >= moeen_response_warn_at THEN 'warning'
      ELSE 'due' END
    WHEN resolution_by IS NULL THEN 'due'
    WHEN {{cutoff}} > resolution_by THEN 'breached'
    WHEN moeen_resolution_warn_at IS NOT NULL AND %(now)s >= moeen_resolution_warn_at THEN 'warning'
    ELSE 'due'
  END
WHERE moeen_sla_start IS NOT NULL AND status_category IN ('Open', 'Paused')
"""

NOTICE_CANDIDATES_SQL = """
SELECT name, subject, agent_group, _assign, first_responded_on, response_by, resolution_by,
       moeen_sla_calendar, moeen_response_warn_at, moeen_resolution_warn_at, moeen_sla_notified
FROM `tabHD Ticket`
WHERE moeen_sla_start IS NOT NULL AND status_category = 'Open' AND (
  (first_responded_on IS NULL AND moeen_response_warn_at <= %(now)s AND (moeen_sla_notified & 3) != 3)
  OR (moeen_resolution_warn_at <= %(now)s AND (moeen_sla_notified & 12) != 12)
)
"""


def refresh_status(now=None) -> int:
    """Agreement status and clock state of every open Moeen ticket, in one statement."""
    now = now or now_datetime()
    frappe.db.sql(STATUS_SQL.format(cutoff=cutoff_sql("moeen_sla_calendar", now)), {"now": now})
    return frappe.db._cursor.rowcount if getattr(frappe.db, "_cursor", None) else 0


def collect_notices(now=None) -> list[dict]:
    """The warnings and breach notices due at ``now`` and not sent yet (reads only).

    Each carries ``sent`` (the ticket's marks as read) and ``mark`` (the marks to add
    when it is delivered: :func:`deliver` records them with the notice itself)."""
    now = now or now_datetime()
    due = []
    calendars: dict = {}
    for row in frappe.db.sql(NOTICE_CANDIDATES_SQL, {"now": now}, as_dict=True):
        sent = cint(row.moeen_sla_notified)
        name = row.moeen_sla_calendar
        if name and name not in calendars:
            calendars[name] = (
                SiteCalendar(get_calendar(name)) if frappe.db.exists("Moeen Office Calendar", name) else None
            )
        mark, notify = clocks.due_notices(
            now,
            sent=sent,
            responded=bool(row.first_responded_on),
            response_warn_at=row.moeen_response_warn_at,
            response_by=row.response_by,
            resolution_warn_at=row.moeen_resolution_warn_at,
            resolution_by=row.resolution_by,
            calendar=calendars.get(name),
        )
        if mark:
            due.append(
                {
                    "ticket": row.name,
                    "subject": row.subject,
                    "team": row.agent_group,
                    "assign": row._assign,
                    "notify": notify,
                    "mark": mark,
                    "sent": sent,
                }
            )
    return due


def deliver(notice: dict) -> bool:
    """Mark a ticket's due notices sent and write them, in the caller's transaction.

    The mark is taken only if the ticket's marks are still those read by
    :func:`collect_notices` (another run may have delivered them since): False then,
    and nothing is written. Marks and notices commit or roll back together, so a
    notice is never recorded without being written, nor written twice."""
    frappe.db.sql(
        """UPDATE `tabHD Ticket` SET moeen_sla_notified = moeen_sla_notified | %(mark)s
           WHERE name = %(name)s AND moeen_sla_notified = %(sent)s""",
        {"mark": notice["mark"], "name": notice["ticket"], "sent": notice["sent"]},
    )
    if not (getattr(frappe.db, "_cursor", None) and frappe.db._cursor.rowcount == 1):
        return False
    notify([notice])
    return True


NOTICE_SAVEPOINT = "moeen_sla_notice"


def send_due_notices(now=None, commit: bool = True) -> int:
    """Deliver every due notice, one ticket per transaction; returns how many tickets were told.

    A ticket whose delivery fails is rolled back alone (its marks too) and logged: the
    next run tries it again. A run killed midway loses only its uncommitted ticket,
    which the next run sends; the committed ones are marked and are not sent again."""
    told = 0
    for notice in collect_notices(now):
        frappe.db.savepoint(NOTICE_SAVEPOINT)
        try:
            told += deliver(notice)
        except Exception:
            frappe.db.rollback(save_point=NOTICE_SAVEPOINT)
            frappe.log_error(
                title="SLA notice not sent; retried on the next run",
                reference_doctype="HD Ticket",
                reference_name=notice["ticket"],
            )
        if commit:
            frappe.db.commit()  # nosemgrep: each ticket's marks and notices are durable together
    return told


def run_periodic_job():
    """Scheduler (every 5 minutes, in a worker): refresh the status, then deliver the notices.

    No second job: the delivery runs here, ticket by ticket, so a notice cannot be
    marked sent by one transaction and lost by another (a failed or never-queued job)."""
    now = now_datetime()
    refresh_status(now)
    frappe.db.commit()  # nosemgrep: the status is committed before the notices
    send_due_notices(now)


NOTICE_TEXT = {
    clocks.NOTICE_RESPONSE_WARNING: "Ticket {0}: the first response is due soon",
    clocks.NOTICE_RESPONSE_BREACH: "Ticket {0}: the first response target was missed",
    clocks.NOTICE_RESOLUTION_WARNING: "Ticket {0}: the resolution is due soon",
    clocks.NOTICE_RESOLUTION_BREACH: "Ticket {0}: the resolution target was missed",
}


def recipients(team: str | None, assign: str | None) -> list[str]:
    users = set(json.loads(assign)) if assign else set()
    if team:
        users |= set(
            frappe.get_all("HD Team Member", {"parent": team, "parenttype": "HD Team"}, pluck="user")
        )
    return sorted(u for u in users if u)


def notify(notices: list[dict]):
    """Notification Log entries (the desk's bell) for the assignees and the team (in the
    caller's transaction; :func:`deliver` marks them sent in the same one)."""
    for notice in notices:
        users = recipients(notice.get("team"), notice.get("assign"))
        for bit, template in NOTICE_TEXT.items():
            if not notice["notify"] & bit:
                continue
            for user in users:
                lang = frappe.db.get_value("User", user, "language") or "ar"
                subject = frappe._(template, lang=lang).format(notice["ticket"])
                frappe.get_doc(
                    {
                        "doctype": "Notification Log",
                        "for_user": user,
                        "type": "Alert",
                        "subject": subject,
                        "document_type": "HD Ticket",
                        "document_name": notice["ticket"],
                        "email_content": notice.get("subject"),
                    }
                ).insert(ignore_permissions=True)


# ---------------------------------------------------------------------------
# Calendar edits: recompute the open tickets on that calendar, in the background.

RECOMPUTE_FIELDS = [
    "name",
    "status",
    "moeen_sla_start",
    "moeen_resolution_start",
    "moeen_response_target",
    "moeen_resolution_target",
    "moeen_response_held",
    "moeen_resolution_held",
    "first_responded_on",
    "resolution_date",
    "response_by",
    "resolution_by",
]


def on_calendar_update(doc, method=None):
    """Moeen Office Calendar.on_update: never inside the save request — queue the recomputation."""
    if doc.flags.in_insert or not frappe.db.exists(
        "HD Ticket", {"moeen_sla_calendar": doc.name, "status_category": ["in", ["Open", "Paused"]]}
    ):
        return
    frappe.enqueue(
        "moeen_helpdesk.sla.recompute_calendar",
        calendar=doc.name,
        queue="long",
        enqueue_after_commit=True,
        job_id=f"moeen-recompute-{doc.name}",
        deduplicate=True,
    )


def recompute_calendar(calendar: str, batch: int = 500, commit: bool = True) -> int:
    """New deadlines, warning times and status for the open tickets on ``calendar``."""
    cal = get_calendar(calendar)
    names = frappe.get_all(
        "HD Ticket",
        {"moeen_sla_calendar": calendar, "status_category": ["in", ["Open", "Paused"]]},
        pluck="name",
        order_by="name",
    )
    now = now_datetime()
    share = warning_share()
    for i in range(0, len(names), batch):
        rows = frappe.get_all("HD Ticket", {"name": ["in", names[i : i + batch]]}, RECOMPUTE_FIELDS)
        for row in rows:
            values = _deadlines(cal, row, share, keep_answered_response=True)
            paused = status_category(row.status) == "Paused"
            values["agreement_status"] = clocks.agreement_status(
                now,
                response_by=values["response_by"],
                resolution_by=values["resolution_by"],
                first_responded_on=row.first_responded_on,
                paused=paused,
                calendar=SiteCalendar(cal),
            )
            frappe.db.set_value("HD Ticket", row.name, values, update_modified=False)
        if commit:
            frappe.db.commit()  # nosemgrep: a long job commits per batch
        frappe.publish_progress(
            min(100, (i + batch) * 100 / max(len(names), 1)),
            title=frappe._("Recomputing SLA deadlines"),
            description=calendar,
        )
    if names:
        refresh_status(now)
        if commit:
            frappe.db.commit()  # nosemgrep
    return len(names)


def _deadlines(cal, row, share, keep_answered_response: bool = False) -> dict:
    resp_t = cint(row.moeen_response_target) or None
    res_t = cint(row.moeen_resolution_target) or None
    r_held, s_held = cint(row.moeen_response_held), cint(row.moeen_resolution_held)
    values = {
        "resolution_by": _add(cal, row.moeen_resolution_start, None if res_t is None else res_t + s_held),
        "moeen_resolution_warn_at": _add(
            cal,
            row.moeen_resolution_start,
            None if res_t is None else clocks.warning_seconds(res_t, share) + s_held,
        ),
        "response_by": row.response_by,
    }
    # After a calendar edit an answered response keeps the deadline it was judged by.
    if not (keep_answered_response and row.first_responded_on):
        values["response_by"] = _add(cal, row.moeen_sla_start, None if resp_t is None else resp_t + r_held)
        values["moeen_response_warn_at"] = _add(
            cal,
            row.moeen_sla_start,
            None if resp_t is None else clocks.warning_seconds(resp_t, share) + r_held,
        )
    return values
