"""The ticket's clocks on save (HD Ticket before_save, after Helpdesk's own apply_sla): pin the
service's targets and calendar, pause and resume on hold, count reopens, recompute the deadlines,
the agreement status and the clock state."""

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, now_datetime
from helpdesk.helpdesk.doctype.hd_ticket_activity.hd_ticket_activity import log_ticket_activity

from moeen_helpdesk.core import sla as clocks
from moeen_helpdesk.sla.business_time import (
    SiteCalendar,
    calendar_for_ticket,
    calendar_name_for_service,
    to_aware,
)
from moeen_helpdesk.sla.deadlines import deadlines, service_targets, warning_share

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
    doc.update(deadlines(cal, doc, warning_share()))
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
