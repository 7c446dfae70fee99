"""The periodic job (every 5 minutes): the status refreshed (:mod:`.status`), then the warnings and
breach notices due, one ticket per transaction, as Notification Log entries."""

import json

import frappe
from frappe.utils import cint, now_datetime

from moeen_helpdesk.calendars import get_calendar
from moeen_helpdesk.core import sla as clocks
from moeen_helpdesk.sla.business_time import SiteCalendar
from moeen_helpdesk.sla.status import refresh_status

NOTICE_CANDIDATES_SQL = """
SELECT name, subject, agent_group, _assign, first_responded_on, response_by, resolution_by,
       moeen_sla_calendar, moeen_response_warn_at, moeen_resolution_warn_at, moeen_sla_notified
FROM `tabHD Ticket`
WHERE moeen_sla_start IS NOT NULL AND status_category = 'Open' AND (
  (first_responded_on IS NULL AND moeen_response_warn_at <= %(now)s AND (moeen_sla_notified & 3) != 3)
  OR (moeen_resolution_warn_at <= %(now)s AND (moeen_sla_notified & 12) != 12)
)
"""


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
