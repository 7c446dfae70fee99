"""Per-service SLA clocks on tickets: pinning, service change, pause, Paused → Resolved, reopen,
warnings, breach, the outside-hours flag and the set-based status job.

Expectations are Riyadh wall times on the shipped "Contact Center" calendar (Sun–Thu 07:30–16:00);
the site may run in another zone, so every expectation is converted to the site's zone.
"""

from datetime import datetime, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime, get_system_timezone

from moeen_helpdesk import review
from moeen_helpdesk.calendars import PORTAL, ship_default_calendars
from moeen_helpdesk.compliance.targets import compliance
from moeen_helpdesk.core import sla as clocks
from moeen_helpdesk.sla import notices as sla_notices
from moeen_helpdesk.sla import on_save as sla_on_save
from moeen_helpdesk.sla import recompute as sla_recompute
from moeen_helpdesk.sla import status as sla_status
from moeen_helpdesk.tests.utils import make_agent, make_beneficiary, make_service

H = 3600
STUDENT = "it-sla-student@moeen-it.test"
AGENT = "it-sla-agent@moeen-it.test"
RIYADH = ZoneInfo("Asia/Riyadh")


def rt(day: int, hour: int, minute: int = 0) -> datetime:
    """A Riyadh wall time in the week of Sunday 2026-11-22 .. Tuesday 2026-12-01, as site time."""
    month = 11 if day >= 22 else 12
    aware = datetime(2026, month, day, hour, minute, tzinfo=RIYADH)
    return aware.astimezone(ZoneInfo(get_system_timezone())).replace(tzinfo=None)


class TestSlaTickets(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ship_default_calendars()
        make_beneficiary(STUDENT, "Student")
        make_agent(AGENT)
        make_service(
            "IT-SLA", calendar="Contact Center", response_target=2 * H, resolution_target=int(8.5 * H)
        )
        make_service("IT-SLA-FAST", calendar="Contact Center", response_target=H, resolution_target=4 * H)
        make_service("IT-NOSLA", response_target=0, resolution_target=0)
        frappe.db.set_single_value("Moeen Settings", "warning_share", 75)
        frappe.db.set_single_value("Moeen Settings", "reopen_resets_resolution", 1)

    def ticket(self, service="IT-SLA", **kw):
        return frappe.get_doc(
            {"doctype": "HD Ticket", "subject": "SLA", "raised_by": STUDENT, "moeen_service": service, **kw}
        ).insert()

    def set_status(self, ticket, status):
        ticket.reload()
        ticket.status = status
        ticket.save()
        return ticket

    def test_targets_pinned_on_the_service_calendar(self):
        with self.freeze_time(rt(26, 15)):  # Thursday 15:00
            t = self.ticket()
        self.assertEqual(get_datetime(t.response_by), rt(29, 8, 30))  # 1 h Thu + 1 h Sun
        self.assertEqual(get_datetime(t.resolution_by), rt(29, 15))  # 1 h Thu + 7.5 h Sun
        self.assertEqual(t.moeen_sla_calendar, "Contact Center")
        self.assertEqual(t.agreement_status, "First Response Due")
        self.assertEqual(t.moeen_sla_state, "due")
        self.assertEqual(t.raised_outside_working_hours, 0)
        # a later save never re-picks: Helpdesk's own SLA is re-applied, ours wins
        with self.freeze_time(rt(29, 8)):
            t.reload()
            t.subject = "SLA (edited)"
            t.save()
        self.assertEqual(get_datetime(t.response_by), rt(29, 8, 30))
        self.assertEqual(get_datetime(t.resolution_by), rt(29, 15))

    def test_outside_hours_flag(self):
        with self.freeze_time(rt(27, 10)):  # Friday
            t = self.ticket()
        self.assertEqual(t.raised_outside_working_hours, 1)
        self.assertEqual(get_datetime(t.response_by), rt(29, 9, 30))
        with self.freeze_time(rt(29, 10)):  # Sunday, open
            self.assertEqual(self.ticket().raised_outside_working_hours, 0)

    def test_per_priority_targets(self):
        make_service(
            "IT-SLA-PRIO",
            calendar="Contact Center",
            response_target=2 * H,
            resolution_target=8 * H,
            priority_targets=[{"priority": "Urgent", "response_target": H // 2, "resolution_target": 2 * H}],
        )
        with self.freeze_time(rt(29, 8)):
            urgent = self.ticket("IT-SLA-PRIO", priority="Urgent")
            low = self.ticket("IT-SLA-PRIO", priority="Low")
        self.assertEqual(get_datetime(urgent.response_by), rt(29, 8, 30))
        self.assertEqual(get_datetime(low.response_by), rt(29, 10))

    def test_service_change_recomputes_from_the_change_and_is_logged(self):
        with self.freeze_time(rt(29, 8)):
            t = self.ticket()
        with self.freeze_time(rt(29, 9)):
            t.reload()
            t.moeen_service = "IT-SLA-FAST"
            t.save()
        self.assertEqual(get_datetime(t.moeen_sla_start), rt(29, 9))
        self.assertEqual(get_datetime(t.response_by), rt(29, 10))
        self.assertEqual(get_datetime(t.resolution_by), rt(29, 13))
        self.assertTrue(
            frappe.db.exists("HD Ticket Activity", {"ticket": t.name, "action": ["like", "%IT-SLA-FAST%"]})
        )

    def test_pause_stops_both_clocks(self):
        with self.freeze_time(rt(29, 8)):
            t = self.ticket()
        self.assertEqual(get_datetime(t.resolution_by), rt(30, 8))  # 8 h Sun + 0.5 h Mon
        with self.freeze_time(rt(29, 9)):
            self.set_status(t, "Replied")  # waits on the beneficiary
        self.assertEqual(t.agreement_status, "Paused")
        self.assertEqual(t.moeen_sla_state, "paused")
        with self.freeze_time(rt(29, 17)):  # past the old deadline: still paused
            sla_status.refresh_status()
            self.assertEqual(frappe.db.get_value("HD Ticket", t.name, "agreement_status"), "Paused")
        with self.freeze_time(rt(29, 11)):
            self.set_status(t, "Open")
        self.assertEqual(t.moeen_resolution_held, 2 * H)
        self.assertEqual(get_datetime(t.resolution_by), rt(30, 10))  # pushed by the 2 h on hold
        self.assertEqual(t.agreement_status, "Resolution Due")

    def test_a_hold_outlasting_the_deadline_counts_in_full(self):
        """1 h resolution target on "Portal 24x7"; on hold from +10 to +70 min, past the old
        deadline: the clock stood still for the whole hour (issue 16). The durations the
        review and the compliance figures read follow the same clock."""
        make_service("IT-SLA-24", calendar=PORTAL, response_target=0, resolution_target=H)
        start = rt(29, 9)
        with self.freeze_time(start):
            t = self.ticket("IT-SLA-24")
        self.assertEqual(get_datetime(t.resolution_by), start + timedelta(hours=1))
        with self.freeze_time(start + timedelta(minutes=10)):
            self.set_status(t, "Replied")
        with self.freeze_time(start + timedelta(minutes=70)):
            self.set_status(t, "Open")
        self.assertEqual(t.moeen_resolution_held, H)
        self.assertEqual(get_datetime(t.resolution_by), start + timedelta(hours=2))
        self.assertEqual(
            get_datetime(t.moeen_resolution_warn_at), start + timedelta(minutes=105)
        )  # 45 min + 1 h
        self.assertEqual(t.agreement_status, "Resolution Due")
        with self.freeze_time(start + timedelta(minutes=100)):
            self.set_status(t, "Resolved")
        self.assertEqual(t.agreement_status, "Fulfilled")  # 40 min of open time: met
        self.assertEqual(t.moeen_resolution_seconds, 40 * 60)  # the review's duration, hold excluded
        self.assertEqual(review.durations_for(t)[1], 40 * 60)
        rows = compliance(
            {
                "from_date": "2026-11-28",
                "to_date": "2026-11-30",
                "service": "IT-SLA-24",
                "now": start + timedelta(hours=3),
            }
        )
        self.assertEqual(
            [(r["tickets"], r["resolution_met"], r["resolution_median"]) for r in rows], [(1, 1, 40 * 60)]
        )

    def test_paused_to_resolved_keeps_the_last_hold(self):
        with self.freeze_time(rt(29, 8)):
            t = self.ticket()
        with self.freeze_time(rt(29, 9)):
            self.set_status(t, "Replied")
        with self.freeze_time(rt(29, 12)):
            self.set_status(t, "Resolved")
        self.assertEqual(t.moeen_resolution_held, 3 * H)
        self.assertEqual(get_datetime(t.resolution_by), rt(30, 11))
        self.assertEqual(t.agreement_status, "Fulfilled")
        self.assertEqual(t.moeen_sla_state, "fulfilled")

    def test_reopen_restarts_the_resolution_clock_and_counts(self):
        with self.freeze_time(rt(29, 8)):
            t = self.ticket()
        with self.freeze_time(rt(29, 9)):
            self.set_status(t, "Resolved")
        with self.freeze_time(rt(30, 9)):
            self.set_status(t, "Open")
        self.assertEqual(t.moeen_reopen_count, 1)
        self.assertEqual(get_datetime(t.moeen_resolution_start), rt(30, 9))
        self.assertEqual(get_datetime(t.resolution_by), rt(1, 9))  # 7 h Mon + 1.5 h Tue
        self.assertEqual(t.agreement_status, "Resolution Due")

    def test_warnings_and_breach_each_once(self):
        with self.freeze_time(rt(29, 8)):
            t = self.ticket()
        frappe.db.set_value("HD Ticket", t.name, "_assign", frappe.as_json([AGENT]), update_modified=False)
        self.assertEqual(get_datetime(t.moeen_response_warn_at), rt(29, 9, 30))  # 75 % of 2 h

        def mine(notices):  # other tests' tickets live in the same transaction
            return [n for n in notices if n["ticket"] == t.name]

        def told():
            return frappe.db.count("Notification Log", {"for_user": AGENT, "document_name": t.name})

        self.assertEqual(mine(sla_notices.collect_notices(rt(29, 9))), [])
        warned = mine(sla_notices.collect_notices(rt(29, 9, 40)))
        self.assertEqual(
            [(n["ticket"], n["notify"]) for n in warned], [(t.name, clocks.NOTICE_RESPONSE_WARNING)]
        )
        self.assertEqual(mine(sla_notices.collect_notices(rt(29, 9, 40))), warned)  # reading marks nothing
        self.assertEqual(told(), 0)
        sla_notices.send_due_notices(rt(29, 9, 40), commit=False)
        self.assertEqual(told(), 1)
        self.assertEqual(mine(sla_notices.collect_notices(rt(29, 9, 50))), [])
        sla_notices.send_due_notices(rt(29, 9, 50), commit=False)
        self.assertEqual(told(), 1)
        sla_status.refresh_status(rt(29, 9, 50))
        self.assertEqual(frappe.db.get_value("HD Ticket", t.name, "moeen_sla_state"), "warning")
        breached = mine(sla_notices.collect_notices(rt(29, 10, 5)))
        self.assertEqual([n["notify"] for n in breached], [clocks.NOTICE_RESPONSE_BREACH])
        sla_notices.send_due_notices(rt(29, 10, 5), commit=False)
        sla_notices.send_due_notices(rt(29, 10, 30), commit=False)
        self.assertEqual(told(), 2)
        self.assertFalse(sla_notices.deliver(breached[0]))  # read before another run delivered it: not again
        self.assertEqual(told(), 2)
        sla_status.refresh_status(rt(29, 10, 5))
        self.assertEqual(
            frappe.db.get_value("HD Ticket", t.name, ["agreement_status", "moeen_sla_state"]),
            ("Failed", "breached"),
        )

    def test_set_based_status_equals_the_core_rule(self):
        with self.freeze_time(rt(29, 8)):
            fresh, responded, paused, late = (self.ticket() for _ in range(4))
        with self.freeze_time(rt(29, 9)):
            self.set_status(responded, "Replied")
            self.set_status(responded, "Open")
            self.set_status(paused, "Replied")
        with self.freeze_time(rt(29, 11)):
            self.set_status(late, "Replied")  # first response after its 10:00 deadline
            self.set_status(late, "Open")
        for now in (rt(29, 9, 45), rt(29, 12), rt(30, 12)):
            sla_status.refresh_status(now)
            for t in (fresh, responded, paused, late):
                row = frappe.db.get_value(
                    "HD Ticket",
                    t.name,
                    ["agreement_status", "response_by", "resolution_by", "first_responded_on", "status"],
                    as_dict=True,
                )
                expected = clocks.agreement_status(
                    now,
                    response_by=row.response_by,
                    resolution_by=row.resolution_by,
                    first_responded_on=row.first_responded_on,
                    paused=sla_on_save.status_category(row.status) == "Paused",
                )
                self.assertEqual(row.agreement_status, expected, (t.name, now))

    def test_tickets_without_targets_keep_helpdesk_sla(self):
        with self.freeze_time(rt(29, 8)):
            plain = frappe.get_doc(
                {"doctype": "HD Ticket", "subject": "plain", "raised_by": STUDENT}
            ).insert()
            untimed = self.ticket("IT-NOSLA")
        for t in (plain, untimed):
            self.assertIsNone(t.moeen_sla_start)
            self.assertIsNone(t.moeen_sla_calendar)


class TestCalendarEditRecompute(FrappeTestCase):
    def test_calendar_edit_recomputes_open_tickets_outside_the_save(self):
        ship_default_calendars()
        make_beneficiary(STUDENT, "Student")
        if not frappe.db.exists("Moeen Office Calendar", "IT Cal"):
            frappe.get_doc(
                {
                    "doctype": "Moeen Office Calendar",
                    "calendar_name": "IT Cal",
                    "timezone": "Asia/Riyadh",
                    "windows": [
                        {"weekday": d, "start_time": "07:30:00", "end_time": "16:00:00"}
                        for d in ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday")
                    ],
                }
            ).insert()
        make_service("IT-SLA-CAL", calendar="IT Cal", response_target=2 * H, resolution_target=int(8.5 * H))
        with self.freeze_time(rt(29, 8)):
            t = frappe.get_doc(
                {
                    "doctype": "HD Ticket",
                    "subject": "cal",
                    "raised_by": STUDENT,
                    "moeen_service": "IT-SLA-CAL",
                }
            ).insert()
        self.assertEqual(get_datetime(t.resolution_by), rt(30, 8))
        cal = frappe.get_doc("Moeen Office Calendar", "IT Cal")
        for row in cal.windows:
            if row.weekday == "Sunday":
                row.end_time = "12:00:00"
        with patch("frappe.enqueue", wraps=frappe.enqueue) as enqueue:
            cal.save()
        # the job's dotted path (stored in the queue) is the recomputation
        jobs = [
            frappe.get_attr(c.args[0])
            for c in enqueue.call_args_list
            if c.args and isinstance(c.args[0], str)
        ]
        self.assertIn(sla_recompute.recompute_calendar, jobs)
        # not inside the save request: the deadline is unchanged until the background job runs
        self.assertEqual(get_datetime(frappe.db.get_value("HD Ticket", t.name, "resolution_by")), rt(30, 8))
        with self.freeze_time(rt(29, 9)):
            self.assertEqual(sla_recompute.recompute_calendar("IT Cal", commit=False), 1)
        values = frappe.db.get_value("HD Ticket", t.name, ["response_by", "resolution_by"], as_dict=True)
        self.assertEqual(get_datetime(values.response_by), rt(29, 10))
        self.assertEqual(get_datetime(values.resolution_by), rt(30, 12))  # 4 h Sunday + 4.5 h Monday

    def test_job_paths_stored_by_older_installs_resolve(self):
        """The Scheduled Job Type of an install from before the split and recomputations queued
        in RQ before an upgrade name ``moeen_helpdesk.sla.*``: they still reach the jobs."""
        self.assertIs(frappe.get_attr("moeen_helpdesk.sla.run_periodic_job"), sla_notices.run_periodic_job)
        self.assertIs(
            frappe.get_attr("moeen_helpdesk.sla.recompute_calendar"), sla_recompute.recompute_calendar
        )
