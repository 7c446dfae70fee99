"""The periodic SLA review: per-ticket business durations, review figures, applying a
review to the catalog, and the reminders when a service's review is due.

* :func:`record_durations` (HD Ticket ``before_save``, after the SLA hook) stores the
  business time to the first response and to resolution on the ticket's own calendar,
  hold time excluded (``moeen_helpdesk.sla.business_time.business_seconds`` minus the held seconds
  the SLA hook keeps). :func:`backfill_durations` fills them for older tickets.
* :func:`review_items` measures each service over a period and recommends targets
  with the core's :func:`~moeen_helpdesk.core.review.recommend_target`; each row also carries
  what the portal shows of the service (:mod:`moeen_helpdesk.delivery`'s cached figures and words).
* :func:`apply_review` writes the decided targets to the services (Moeen Service
  tracks changes, so each save leaves a Version) and moves their review dates on.
  Tickets pin their targets when created, so only later tickets follow.
* :func:`notify_due_reviews` (daily) tells the service owner and the Moeen Service
  Managers once per due date.
"""

from __future__ import annotations

from collections import Counter

import frappe
from frappe import _
from frappe.utils import add_months, cint, get_datetime, getdate, today

from moeen_helpdesk import delivery
from moeen_helpdesk.calendars import get_calendar
from moeen_helpdesk.compliance.targets import compliance, durations
from moeen_helpdesk.core.beneficiaries import check_targets
from moeen_helpdesk.core.calendar import day_totals
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.core.review import (
    REASON_TOO_FEW,
    WORKING_DAY_SECONDS,
    count_words,
    humanize_seconds,
    recommend_target,
)
from moeen_helpdesk.sla.business_time import business_seconds, calendar_name_for_service
from moeen_helpdesk.utils import throw_core, translate_core

SERVICE = "Moeen Service"
REVIEW = "Moeen SLA Review"
MANAGER_ROLE = "Moeen Service Manager"
DRAFT, SUBMITTED, APPLIED = "Draft", "Submitted", "Applied"
KEEP, CHANGE = "Keep", "Change"
ALL_ACTIVE, DUE = "All Active Services", "Due for Review"
DEFAULT_INTERVAL_MONTHS = 6


# ------------------------------------------------------------------ ticket durations
def _business(doc, start, end) -> int:
    if not start or not end or get_datetime(end) <= get_datetime(start):
        return 0
    return business_seconds(doc, start, end)


def durations_for(doc) -> tuple[int | None, int | None]:
    """(to first response, to resolution) in business seconds, hold excluded; None when
    the clock has not stopped or the ticket has no SLA clocks of ours. A ticket resolved
    without a first response stopped its response clock at the resolution (the reports
    judge it met or missed by this; its times count only with a first response)."""
    start = doc.get("moeen_sla_start")
    if not start:
        return None, None
    response = resolution = None
    responded = doc.get("first_responded_on") or doc.get("resolution_date")  # resolving answers too
    if responded:
        held = cint(doc.get("moeen_response_held"))
        response = max(0, _business(doc, start, responded) - held)
    if doc.get("resolution_date"):
        held = cint(doc.get("moeen_resolution_held"))
        resolution = max(
            0, _business(doc, doc.get("moeen_resolution_start") or start, doc.resolution_date) - held
        )
    return response, resolution


def record_durations(doc, method=None):
    """HD Ticket before_save (after ``moeen_helpdesk.sla.on_save.on_before_save``). Int fields: a
    clock that has not stopped stores 0; the reports tell measured values by the
    first response / resolution timestamps."""
    response, resolution = durations_for(doc)
    doc.moeen_response_seconds = response or 0
    doc.moeen_resolution_seconds = resolution or 0


DURATION_FIELDS = [
    "name",
    "moeen_service",
    "moeen_sla_calendar",
    "moeen_sla_start",
    "moeen_resolution_start",
    "moeen_response_held",
    "moeen_resolution_held",
    "first_responded_on",
    "resolution_date",
    "moeen_response_seconds",
    "moeen_resolution_seconds",
]


def backfill_durations(batch_size: int = 2000, commit: bool = False) -> int:
    """One-off: compute the stored durations of tickets saved before they existed (or
    whose inputs changed without a save). Returns the number of tickets updated.
    ``bench --site S execute moeen_helpdesk.review.backfill_durations --kwargs "{'commit': 1}"``."""
    updated = 0
    last = ""
    while True:
        rows = frappe.db.sql(
            f"""SELECT {", ".join(f"`{f}`" for f in DURATION_FIELDS)} FROM `tabHD Ticket`
                WHERE name > %(last)s AND moeen_sla_start IS NOT NULL
                  AND (first_responded_on IS NOT NULL OR resolution_date IS NOT NULL)
                ORDER BY name LIMIT %(n)s""",
            {"last": last, "n": batch_size},
            as_dict=True,
        )
        if not rows:
            break
        for row in rows:
            response, resolution = durations_for(row)
            values = {}
            if (response or 0) != cint(row.moeen_response_seconds):
                values["moeen_response_seconds"] = response or 0
            if (resolution or 0) != cint(row.moeen_resolution_seconds):
                values["moeen_resolution_seconds"] = resolution or 0
            if values:
                frappe.db.set_value("HD Ticket", row.name, values, update_modified=False)
                updated += 1
        last = rows[-1].name
        if commit:
            frappe.db.commit()  # nosemgrep: a one-off backfill commits per batch
    return updated


# -------------------------------------------------------------------- review figures
def working_day_seconds(calendar_name: str | None) -> float:
    """The usual length of an open day of a calendar (the most common daily total of its
    weekly hours; the longest on a tie), for "working days" in recommendations."""
    if not calendar_name:
        return WORKING_DAY_SECONDS
    try:
        weekly = get_calendar(calendar_name).to_dict()["weekly"]
    except frappe.DoesNotExistError:
        return WORKING_DAY_SECONDS
    totals = [t for t in day_totals(weekly) if t > 0]
    if not totals:
        return WORKING_DAY_SECONDS
    counts = Counter(totals)
    return float(max(counts, key=lambda t: (counts[t], t)))


def human(seconds: float | None, working_day: float, language: str | None = None) -> str:
    """ "1 hour", "2 working days", «ساعتين», «يوم عمل» in the user's language."""
    if seconds is None:
        return ""
    value, unit = humanize_seconds(seconds, working_day)
    return count_words(value, unit, (language or frappe.local.lang or "en")[:2])


def review_services(scope: str | None, on_date=None) -> list[dict]:
    """Active services, all of them or those due for review (no review date yet, or due by ``on_date``)."""
    filters = {"is_active": 1}
    if scope == DUE:
        due_by = getdate(on_date or today())
        services = frappe.get_all(
            SERVICE, filters=filters, or_filters={"next_review_date": ["is", "not set"]}, pluck="name"
        )
        services += frappe.get_all(
            SERVICE, filters={**filters, "next_review_date": ["<=", due_by]}, pluck="name"
        )
        filters["name"] = ["in", sorted(set(services)) or [""]]
    return frappe.get_all(
        SERVICE,
        filters=filters,
        fields=["name", "response_target", "resolution_target", "calendar"],
        order_by="name asc",
    )


def review_items(
    period_from,
    period_to,
    *,
    scope: str | None = ALL_ACTIVE,
    share: float = 0.85,
    min_sample: int = 20,
    services: list[dict] | None = None,
) -> list[dict]:
    """One row per service: current targets, the period's figures and the recommended targets."""
    services = review_services(scope) if services is None else services
    if not services:
        return []
    names = [s["name"] for s in services]
    filters = {"from_date": period_from, "to_date": period_to, "service": names}
    figures = {r["service"]: r for r in compliance(filters, ["service"])}
    samples = durations(filters, ["service"])
    shown = delivery.for_services(names)
    language = (frappe.local.lang or "en")[:2]
    items = []
    for svc in services:
        fig = figures.get(svc["name"], {})
        sample = samples.get((svc["name"],), {"response": [], "resolution": []})
        wd = working_day_seconds(calendar_name_for_service(svc["name"]))
        current = {
            "response": cint(svc.get("response_target")) or None,
            "resolution": cint(svc.get("resolution_target")) or None,
        }
        item = {
            "service": svc["name"],
            "current_response_target": current["response"],
            "current_resolution_target": current["resolution"],
            "tickets": cint(fig.get("tickets")),
            "response_met_share": _pct(fig.get("response_met_share")),
            "resolution_met_share": _pct(fig.get("resolution_met_share")),
            "response_median": fig.get("response_median"),
            "response_p90": fig.get("response_p90"),
            "resolution_median": fig.get("resolution_median"),
            "resolution_p90": fig.get("resolution_p90"),
            "responses_measured": len(sample["response"]),
            "resolutions_measured": len(sample["resolution"]),
            **delivery_item(shown.get(svc["name"]), language),
        }
        notes, too_few = [], False
        for metric, label in (("response", _("Response")), ("resolution", _("Resolution"))):
            try:
                rec = recommend_target(
                    sample[metric],
                    share=share,
                    min_sample=min_sample,
                    current_target=current[metric],
                    working_day_seconds=wd,
                )
            except CoreError as e:
                throw_core(e)
            item[f"recommended_{metric}_target"] = rec.seconds
            if rec.enough_data:
                notes.append(_("{0} within {1}").format(label, human(rec.seconds, wd)))
            else:
                too_few = True
                notes.append(
                    _("{0}: {1} ({2} of {3} needed)").format(label, _(REASON_TOO_FEW), rec.sample, min_sample)
                )
        item["too_few_tickets"] = 1 if too_few else 0
        item["recommendation"] = "; ".join(notes)
        items.append(item)
    return items


def delivery_item(row, language: str) -> dict:
    """What the portal shows of the service (the cached delivery table, the same words)."""
    shown = delivery.words(row, language)
    return {
        "delivery_tickets": cint(row.tickets) if row else 0,
        "delivery_median": (shown or {}).get("median"),
        "delivery_p90": (shown or {}).get("p90"),
        "delivery_words": (shown or {}).get("text") or "",
        "delivery_loaded": 1 if row and cint(row.loaded) else 0,
    }


def _pct(share) -> float | None:
    return None if share is None else round(share * 100, 2)


# ------------------------------------------------------------------------ applying
def decided_targets(item) -> tuple[int | None, int | None]:
    """The targets a row asks for: the new values where given, else the current ones."""
    response = (
        item.new_response_target
        if item.new_response_target not in (None, "")
        else item.current_response_target
    )
    resolution = (
        item.new_resolution_target
        if item.new_resolution_target not in (None, "")
        else item.current_resolution_target
    )
    return (
        cint(response) if response not in (None, "") else None,
        cint(resolution) if resolution not in (None, "") else None,
    )


def check_item(item):
    if item.decision != CHANGE:
        return
    if item.new_response_target in (None, "") and item.new_resolution_target in (None, ""):
        frappe.throw(
            _("Row {0}: give the new response or resolution target, or keep the current ones").format(
                item.idx
            )
        )
    try:
        check_targets(*decided_targets(item))
    except CoreError as e:
        frappe.throw(_("Row {0}: {1}").format(item.idx, translate_core(e)))


def apply_review(review) -> list[str]:
    """Write the review's decisions to its services; returns the services changed.

    Changed targets: the service's response / resolution target (a Version records
    each change, and a comment names the review). Every service of the review gets
    ``last_review_date`` = today and ``next_review_date`` = today + its interval."""
    on = getdate(today())
    changed = []
    for item in review.items:
        check_item(item)
        svc = frappe.get_doc(SERVICE, item.service)
        if item.decision == CHANGE:
            response, resolution = decided_targets(item)
            if (cint(svc.response_target) or None, cint(svc.resolution_target) or None) != (
                response,
                resolution,
            ):
                svc.response_target = response
                svc.resolution_target = resolution
                changed.append(svc.name)
        svc.last_review_date = on
        svc.next_review_date = add_months(on, cint(svc.review_interval_months) or DEFAULT_INTERVAL_MONTHS)
        svc.flags.moeen_review = review.name
        svc.save(ignore_version=False)  # the version trail, also where versions are off (tests)
        if svc.name in changed:
            svc.add_comment("Info", _("Targets set by SLA review {0}").format(review.name))
    return changed


# ---------------------------------------------------------------------- reminders
REMINDER = "The SLA targets of service {0} are due for review ({1})"


def managers() -> list[str]:
    users = frappe.get_all("Has Role", filters={"role": MANAGER_ROLE, "parenttype": "User"}, pluck="parent")
    if not users:
        return []
    return frappe.get_all(
        "User", filters={"name": ["in", users], "enabled": 1}, pluck="name", order_by="name"
    )


def notify_due_reviews(on_date=None) -> int:
    """Daily: a Notification Log for the owner and the Moeen Service Managers of every
    active service whose next review date has come, once per due date. Returns the
    number of notifications made."""
    on = getdate(on_date or today())
    due = frappe.get_all(
        SERVICE,
        # "<=" alone would match an empty date too (Frappe compares IFNULL(date, 0001-01-01))
        filters=[["is_active", "=", 1], ["next_review_date", "is", "set"], ["next_review_date", "<=", on]],
        fields=["name", "service_owner", "next_review_date"],
        order_by="name asc",
    )
    if not due:
        return 0
    staff = managers()
    made = 0
    for svc in due:
        date_text = str(getdate(svc.next_review_date))
        users = sorted({u for u in [svc.service_owner, *staff] if u and u != "Guest"})
        for user in users:
            if frappe.db.exists(
                "Notification Log",
                {
                    "for_user": user,
                    "document_type": SERVICE,
                    "document_name": svc.name,
                    "subject": ["like", f"%{date_text}%"],
                },
            ):
                continue
            lang = frappe.db.get_value("User", user, "language") or "ar"
            frappe.get_doc(
                {
                    "doctype": "Notification Log",
                    "for_user": user,
                    "type": "Alert",
                    "subject": frappe._(REMINDER, lang=lang).format(svc.name, date_text),
                    "document_type": SERVICE,
                    "document_name": svc.name,
                }
            ).insert(ignore_permissions=True)
            made += 1
    return made
