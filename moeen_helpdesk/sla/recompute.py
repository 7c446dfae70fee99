"""Calendar edits: recompute the open tickets on that calendar, in the background."""

import frappe
from frappe.utils import now_datetime

from moeen_helpdesk.calendars import get_calendar
from moeen_helpdesk.core import sla as clocks
from moeen_helpdesk.sla.business_time import SiteCalendar
from moeen_helpdesk.sla.deadlines import deadlines, warning_share
from moeen_helpdesk.sla.on_save import status_category
from moeen_helpdesk.sla.status import refresh_status

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
        "moeen_helpdesk.sla.recompute.recompute_calendar",
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
            values = deadlines(cal, row, share, keep_answered_response=True)
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
