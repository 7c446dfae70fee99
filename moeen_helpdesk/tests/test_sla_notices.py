"""SLA warnings and breach notices are delivered exactly once, whatever fails (issue 16).

The periodic job runs as the scheduler's worker runs it. Nothing here really commits:
``frappe.db.commit`` sets a savepoint instead (the durable point), and a job that fails
or is killed loses what it did since, as the database would; the class's rollback
removes everything afterwards. A queued job is run at once, as a worker would, in
its own transaction.
"""

from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from moeen_helpdesk.calendars import PORTAL, ship_default_calendars
from moeen_helpdesk.core import sla as clocks
from moeen_helpdesk.sla import notices as sla_notices
from moeen_helpdesk.tests.utils import doc_hooks, make_agent, make_beneficiary, make_service

H = 3600
STUDENT = "it-notice-student@moeen-it.test"
AGENT = "it-notice-agent@moeen-it.test"
SERVICE = "IT-NOTICE"
DURABLE = "it_notice_durable"
START = datetime(2026, 11, 29, 9, 0)  # site time; the calendar is open all day

#: Notification Log before_insert: fail for this ticket (the exception class to raise).
FAIL: dict = {}


class Killed(BaseException):
    """The worker process dies (not an error the job could catch)."""


def fail_for_ticket(doc, method=None):
    if FAIL and doc.document_name == FAIL["ticket"]:
        raise FAIL["raise"]("injected failure while notifying")


def _durable_commit():
    frappe.db.savepoint(DURABLE)


def _lose_uncommitted():
    """What the database does with the open transaction of a failed or killed job."""
    frappe.db.rollback(save_point=DURABLE)


def _worker(method, *args, **kwargs):
    """frappe.enqueue, run now as a worker would: a failing job loses its own transaction."""
    kwargs = {
        k: v
        for k, v in kwargs.items()
        if k not in ("queue", "timeout", "job_id", "deduplicate", "enqueue_after_commit", "now", "is_async")
    }
    try:
        frappe.get_attr(method)(*args, **kwargs) if isinstance(method, str) else method(*args, **kwargs)
        _durable_commit()
    except BaseException:  # noqa: BLE001 - the job failed or its worker died
        _lose_uncommitted()


def _queue_down(*args, **kwargs):
    raise ConnectionError("Redis queue is unreachable")


class TestSlaNotices(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stack = ExitStack()
        stack.enter_context(patch.object(frappe.db, "commit", _durable_commit))
        cls.addClassCleanup(stack.close)
        frappe.flags.mute_emails = True
        ship_default_calendars()
        make_beneficiary(STUDENT, "Student")
        make_agent(AGENT)
        frappe.db.set_value("User", AGENT, "language", "en")
        make_service(SERVICE, calendar=PORTAL, response_target=H, resolution_target=2 * H)
        frappe.db.set_single_value("Moeen Settings", "warning_share", 75)

    def setUp(self):
        FAIL.clear()
        with self.freeze_time(START):
            self.tickets = [
                frappe.get_doc(
                    {
                        "doctype": "HD Ticket",
                        "subject": f"notice {i}",
                        "raised_by": STUDENT,
                        "moeen_service": SERVICE,
                    }
                )
                .insert(ignore_permissions=True)
                .name
                for i in range(3)
            ]
        for name in self.tickets:
            frappe.db.set_value("HD Ticket", name, "_assign", frappe.as_json([AGENT]), update_modified=False)
        _durable_commit()

    # ------------------------------------------------------------------ helpers
    def run_job(self, minutes: int, enqueue=_worker):
        """The scheduler's run of the periodic job: a job that raises fails (and loses its
        transaction); a killed one (BaseException) is left to the test."""
        with (
            self.freeze_time(START + timedelta(minutes=minutes)),
            patch("frappe.enqueue", side_effect=enqueue),
        ):
            try:
                sla_notices.run_periodic_job()
            except Exception:
                _lose_uncommitted()

    @contextmanager
    def failing(self, ticket: str, exc=RuntimeError):
        FAIL.update({"ticket": ticket, "raise": exc})
        try:
            with doc_hooks(("Notification Log", "before_insert", f"{__name__}.fail_for_ticket")):
                yield
        finally:
            FAIL.clear()

    def notices(self, bit: int) -> list[int]:
        """How many notices of one kind each of the tickets has."""
        subject = sla_notices.NOTICE_TEXT[bit]
        return [
            frappe.db.count(
                "Notification Log",
                {
                    "for_user": AGENT,
                    "document_type": "HD Ticket",
                    "document_name": name,
                    "subject": subject.format(name),
                },
            )
            for name in self.tickets
        ]

    def assertTold(self, bit: int, counts: list[int]):
        self.assertEqual(self.notices(bit), counts, sla_notices.NOTICE_TEXT[bit])

    # ------------------------------------------------------------------ tests
    def test_the_clocks_of_the_batch(self):
        row = frappe.db.get_value(
            "HD Ticket",
            self.tickets[0],
            ["moeen_response_warn_at", "response_by", "moeen_resolution_warn_at", "resolution_by"],
            as_dict=True,
        )
        self.assertEqual(
            [row.moeen_response_warn_at, row.response_by, row.moeen_resolution_warn_at, row.resolution_by],
            [START + timedelta(minutes=m) for m in (45, 60, 90, 120)],
        )

    def test_a_notify_failing_on_the_second_ticket_loses_nothing(self):
        with self.failing(self.tickets[1]):
            self.run_job(50)
        self.assertEqual(self.notices(clocks.NOTICE_RESPONSE_WARNING)[1], 0)  # it did fail
        self.run_job(55)
        self.assertTold(clocks.NOTICE_RESPONSE_WARNING, [1, 1, 1])
        with self.failing(self.tickets[1]):
            self.run_job(65)
        self.run_job(70)
        self.run_job(75)
        self.assertTold(clocks.NOTICE_RESPONSE_WARNING, [1, 1, 1])
        self.assertTold(clocks.NOTICE_RESPONSE_BREACH, [1, 1, 1])

    def test_an_unreachable_queue_loses_nothing(self):
        self.run_job(50, enqueue=_queue_down)
        self.run_job(55)
        self.assertTold(clocks.NOTICE_RESPONSE_WARNING, [1, 1, 1])
        self.run_job(125, enqueue=_queue_down)  # past both deadlines: the breach notices only
        self.run_job(130)
        self.run_job(135, enqueue=_queue_down)
        self.assertTold(clocks.NOTICE_RESPONSE_WARNING, [1, 1, 1])
        self.assertTold(clocks.NOTICE_RESPONSE_BREACH, [1, 1, 1])
        self.assertTold(clocks.NOTICE_RESOLUTION_WARNING, [0, 0, 0])
        self.assertTold(clocks.NOTICE_RESOLUTION_BREACH, [1, 1, 1])

    def test_a_job_killed_midway_and_run_again_sends_nothing_twice(self):
        try:
            with self.failing(self.tickets[1], Killed):
                self.run_job(50)
        except Killed:
            pass  # the scheduler's own job died with its worker
        _lose_uncommitted()
        self.run_job(55)
        self.run_job(56)
        self.assertTold(clocks.NOTICE_RESPONSE_WARNING, [1, 1, 1])
        marks = frappe.get_all("HD Ticket", {"name": ["in", self.tickets]}, pluck="moeen_sla_notified")
        self.assertEqual(marks, [clocks.NOTICE_RESPONSE_WARNING] * 3)

    def test_a_run_that_read_before_another_delivered_does_not_send_again(self):
        with self.freeze_time(START + timedelta(minutes=50)):
            stale = [n for n in sla_notices.collect_notices() if n["ticket"] in self.tickets]
        self.assertEqual(len(stale), 3)
        self.run_job(50)
        self.assertFalse(any(sla_notices.deliver(n) for n in stale))
        self.assertTold(clocks.NOTICE_RESPONSE_WARNING, [1, 1, 1])
