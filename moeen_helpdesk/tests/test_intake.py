"""Intake at load: ticket numbers from the sequence (never reused, unique and rising under
concurrent clients) and the tier teams' assignment after commit (or later, by the 5-minute job).

The concurrency test commits from its own connections (one per client thread) and deletes
its tickets afterwards; the other tests run inside the test transaction.
"""

import threading
import time
from contextlib import ExitStack
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime

from moeen_helpdesk import intake, replies, service_sla
from moeen_helpdesk.sla import business_time as sla_business_time
from moeen_helpdesk.sla import deadlines as sla_deadlines
from moeen_helpdesk.tests.utils import (
    as_user,
    killed_on_call,
    make_agent,
    make_beneficiary,
    make_service,
    make_team,
    outgoing_email_account,
    worker_killed_midway,
)
from moeen_helpdesk.tiers.assignment import assign_waiting_tickets, assignees, sync_rotation
from moeen_helpdesk.tiers.teams import forget_tier_teams
from moeen_helpdesk.utils import MAIL_QUEUE, URGENT_QUEUE

CLIENTS = 20
PER_CLIENT = 2
RAISER = "it-intake-raiser@moeen-it.test"
STUDENT = "it-intake-student@moeen-it.test"
AGENTS = ["it-intake-a@moeen-it.test", "it-intake-b@moeen-it.test", "it-intake-c@moeen-it.test"]
TEAM = "IT Intake Center"


def _number(name: str) -> int:
    return int(name)


def _new_ticket(**values):
    return frappe.get_doc(
        {
            "doctype": "HD Ticket",
            "subject": "Intake test",
            "raised_by": RAISER,
            "description": "Intake test",
            **values,
        }
    ).insert(ignore_permissions=True)


class TestTicketNumbers(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        if not intake.supported():
            self.skipTest("ticket numbers come from a sequence on MariaDB only")
        intake.ensure_sequence()

    def test_name_keeps_helpdesks_format_and_comes_from_the_sequence(self):
        before = intake.sequence_last()
        t = _new_ticket()
        self.assertRegex(t.name, r"^\d{4,}$")
        self.assertEqual(t.name, intake.format_name(_number(t.name)))
        self.assertGreater(_number(t.name), before)
        self.assertEqual(intake.sequence_last(), _number(t.name))

    def test_a_number_is_never_reused_after_delete_and_series_reset(self):
        first = _new_ticket()
        highest = _number(first.name)
        frappe.delete_doc("HD Ticket", first.name, force=True, ignore_permissions=True)
        # Someone moves Helpdesk's series back (as a restore or a hand edit does).
        frappe.db.sql("UPDATE `tabSeries` SET `current` = 0 WHERE name = %s", intake.SERIES_KEY)
        intake.ensure_sequence()  # a migrate in between never moves the sequence back
        second = _new_ticket()
        self.assertGreater(_number(second.name), highest)
        self.assertFalse(frappe.db.exists("HD Ticket", first.name))

    def test_the_start_is_above_every_number_seen(self):
        ahead = intake.sequence_last() + 40
        frappe.get_doc(
            {
                "doctype": "Deleted Document",
                "deleted_doctype": "HD Ticket",
                "deleted_name": intake.format_name(ahead),
                "data": "{}",
            }
        ).db_insert()
        self.assertGreaterEqual(intake.highest_used(), ahead)
        frappe.get_doc(
            {
                "doctype": "ToDo",
                "description": "left over",
                "reference_type": "HD Ticket",
                "reference_name": intake.format_name(ahead + 1),
            }
        ).db_insert()
        self.assertGreaterEqual(intake.highest_used(), ahead + 1)

    def test_an_explicitly_named_ticket_further_on_is_stepped_over(self):
        ahead = intake.format_name(intake.sequence_last() + 1)
        frappe.db.sql(
            "INSERT INTO `tabHD Ticket` (name, subject, raised_by, creation, modified)"
            " VALUES (%s, 'imported', %s, NOW(), NOW())",
            (ahead, RAISER),
        )
        t = _new_ticket()
        self.assertGreater(_number(t.name), _number(ahead))


class TestConcurrentNumbers(FrappeTestCase):
    def setUp(self):
        frappe.db.rollback()  # the clients must not wait on anything this connection holds
        frappe.set_user("Administrator")
        if not intake.supported():
            self.skipTest("ticket numbers come from a sequence on MariaDB only")
        intake.ensure_sequence()

    def test_names_unique_and_rising_under_concurrent_clients(self):
        site = frappe.local.site
        start = intake.sequence_last()
        results, errors = [], []
        barrier = threading.Barrier(CLIENTS)

        def client(i: int):
            frappe.init(site=site)
            frappe.connect()
            try:
                frappe.set_user("Administrator")
                barrier.wait()
                for _ in range(PER_CLIENT):
                    began = time.monotonic()
                    name = _new_ticket(subject=f"Intake client {i}").name
                    frappe.db.commit()  # nosemgrep: each client is a request of its own
                    results.append((i, began, time.monotonic(), name))
            except Exception as e:
                errors.append(repr(e))
                frappe.db.rollback()
            finally:
                frappe.destroy()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join(120)
            self.assertEqual(errors, [])
            names = [r[3] for r in results]
            self.assertEqual(len(names), CLIENTS * PER_CLIENT)
            self.assertEqual(len(set(names)), len(names))  # unique
            self.assertTrue(all(_number(n) > start for n in names))
            self.assertGreaterEqual(intake.sequence_last(), max(_number(n) for n in names))  # drawn from it
            for i in range(CLIENTS):  # each client's numbers rise
                own = [_number(r[3]) for r in sorted(results, key=lambda r: r[1]) if r[0] == i]
                self.assertEqual(own, sorted(own))
            for a in results:  # a ticket taken after another one committed has a higher number
                for b in results:
                    if a[2] < b[1]:
                        self.assertLess(_number(a[3]), _number(b[3]))
        finally:
            frappe.db.rollback()
            for name in [r[3] for r in results]:
                frappe.delete_doc("HD Ticket", name, force=True, ignore_permissions=True)
            frappe.db.commit()  # nosemgrep: the clients' tickets were committed


LOCKER = "it-intake-locker@moeen-it.test"


class TestPortalWriteHoldsTheTicket(FrappeTestCase):
    """A portal write (close, reopen, reply) reads its ticket locked: a job that writes the ticket
    meanwhile (without touching ``modified``) waits for the request's commit, so neither the
    request refuses the job's value as the beneficiary's change nor writes its stale copy back.
    Two connections; this class commits its ticket and user and removes them after."""

    def setUp(self):
        frappe.db.rollback()
        frappe.set_user("Administrator")
        make_beneficiary(LOCKER, "Student")
        self.ticket = _new_ticket(raised_by=LOCKER, subject="Locked portal write").name
        frappe.db.commit()  # nosemgrep: the job's connection sees only committed data

    def tearDown(self):
        frappe.db.rollback()
        frappe.set_user("Administrator")
        for doctype, field in (
            ("Communication", "reference_name"),
            ("ToDo", "reference_name"),
            ("Moeen Survey Request", "reference_name"),
        ):
            frappe.db.delete(doctype, {field: self.ticket})
        frappe.delete_doc("HD Ticket", self.ticket, force=True, ignore_permissions=True)
        frappe.delete_doc("Moeen Beneficiary", LOCKER, force=True, ignore_permissions=True)
        frappe.delete_doc("User", LOCKER, force=True, ignore_permissions=True)
        frappe.db.commit()  # nosemgrep

    def test_a_job_writing_during_a_close_waits_for_its_commit(self):
        from moeen_helpdesk.portal.tickets import get_ticket_for

        site, name = frappe.local.site, self.ticket
        read, wrote, errors = threading.Event(), [], []

        def job():  # e.g. the SLA notice job marking the ticket
            frappe.init(site=site)
            frappe.connect()
            try:
                read.wait(30)
                frappe.db.sql("SET SESSION innodb_lock_wait_timeout = 30")
                frappe.db.set_value("HD Ticket", name, "moeen_sla_notified", 3, update_modified=False)
                frappe.db.commit()  # nosemgrep: the job's own transaction
                wrote.append(time.monotonic())
            except Exception as e:
                errors.append(repr(e))
            finally:
                frappe.destroy()

        thread = threading.Thread(target=job)
        thread.start()
        try:
            with as_user(LOCKER):  # what the portal's close does
                doc = get_ticket_for(LOCKER, name, "write")
                read.set()
                time.sleep(1.5)  # the job tries to write now
                self.assertEqual(wrote, [], "the job wrote the ticket while the request held it")
                doc.status = "Closed"
                doc.save()
            committing = time.monotonic()
            frappe.db.commit()  # nosemgrep: the request's commit
        finally:
            read.set()
            thread.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(len(wrote), 1)
        self.assertGreaterEqual(wrote[0], committing)  # it waited for the commit
        row = frappe.db.get_value("HD Ticket", name, ["status", "moeen_sla_notified"], as_dict=True)
        self.assertEqual((row.status, row.moeen_sla_notified), ("Closed", 3))


def _forget_caches():
    from frappe.cache_manager import clear_doctype_map

    forget_tier_teams()
    clear_doctype_map("Assignment Rule", "HD Ticket")
    clear_doctype_map("Assignment Rule", "due_date_rules_for_HD Ticket")
    frappe.clear_document_cache("Assignment Rule", f"{TEAM} - Support Rotation")
    frappe.clear_document_cache("HD Team", TEAM)


class TestAssignmentAfterCommit(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stack = ExitStack()
        stack.enter_context(patch.object(frappe.db, "commit", lambda: None))  # nothing outlives the class
        cls.addClassCleanup(stack.close)
        cls.addClassCleanup(_forget_caches)  # after the class's rollback
        frappe.set_user("Administrator")
        frappe.db.sql("UPDATE `tabHD Team` SET moeen_tier = NULL WHERE IFNULL(moeen_tier, '') != ''")
        make_beneficiary(STUDENT, "Student")
        for user in AGENTS:
            make_agent(user, roles=("Agent", "Tier 1 Agent"))
            frappe.db.set_value("HD Agent", user, {"moeen_shift_calendar": None, "moeen_away": 0})
        make_team(TEAM, "Tier 1", AGENTS, moeen_dispatch="Round Robin")
        forget_tier_teams()

    def setUp(self):
        frappe.set_user("Administrator")
        # The assignments notify the agents by mail: on the tests' own account, muted (queued,
        # not sent). Sending commits (and Frappe sends at once under tests): it would make part
        # of a "killed" job durable wherever the site has an outgoing account.
        outgoing_email_account(self)
        forget_tier_teams()
        sync_rotation(TEAM)
        frappe.db.after_commit.reset()

    def _queued(self):
        return [f for f in frappe.db.after_commit._functions if f is intake.queue_assignment]

    def test_rule_waits_for_the_commit_and_is_restored_on_uninstall(self):
        rule = frappe.get_doc("Assignment Rule", frappe.db.get_value("HD Team", TEAM, "assignment_rule"))
        self.assertTrue(rule.assign_condition.endswith(f"and not {intake.PENDING}"))
        self.assertEqual(
            intake.plain_condition(rule.assign_condition), f"status == 'Open' and agent_group == '{TEAM}'"
        )
        self.assertEqual(intake.deferred_condition(rule.assign_condition), rule.assign_condition)  # once

    def test_ticket_is_assigned_after_commit_not_inside_the_insert(self):
        t = _new_ticket(raised_by=STUDENT)
        self.assertEqual(t.agent_group, TEAM)
        self.assertEqual(assignees(t.name), [])  # nothing assigned inside the insert
        self.assertEqual(frappe.db.get_value("HD Ticket", t.name, intake.PENDING), 1)
        queued = self._queued()
        self.assertEqual(len(queued), 1)

        sent = []
        frappe.cache.delete_value(intake.LAST_JOB)
        with patch("frappe.enqueue", lambda method, **kw: sent.append((method, kw))):
            queued[0]()  # what the commit does: queue the job
        self.assertEqual([m for m, _kw in sent], ["moeen_helpdesk.intake.assign_pending"])
        frappe.cache.delete_value(intake.LAST_JOB)

        self.assertGreaterEqual(intake.assign_pending(), 1)  # the job
        self.assertEqual(len(assignees(t.name)), 1)
        self.assertIn(assignees(t.name)[0], AGENTS)
        self.assertEqual(frappe.db.get_value("HD Ticket", t.name, intake.PENDING), 0)
        self.assertFalse(intake.assign_ticket(t.name))  # a second run assigns nobody else
        self.assertEqual(len(assignees(t.name)), 1)
        self.assertNotIn(t.name, frappe.get_all("HD Ticket", {intake.PENDING: 1}, pluck="name"))

    def test_one_job_serves_every_ticket_committed_before_it_starts(self):
        a, b = _new_ticket(), _new_ticket()
        self.assertGreaterEqual(intake.assign_pending(), 2)  # and whatever else waits on the site
        self.assertEqual([len(assignees(t.name)) for t in (a, b)], [1, 1])
        self.assertEqual(frappe.get_all("HD Ticket", {intake.PENDING: 1}, pluck="name"), [])
        self.assertEqual(intake.assign_pending(), 0)

    def test_round_robin_goes_on_across_deferred_tickets(self):
        got = []
        for _ in range(3):
            t = _new_ticket()
            intake.assign_pending()
            got.extend(assignees(t.name))
        self.assertEqual(sorted(got), sorted(AGENTS))

    def test_tickets_from_while_no_worker_ran_are_assigned_by_the_5_minute_job(self):
        t = _new_ticket()
        frappe.db.after_commit.reset()  # the job was never queued (Redis down) or never ran
        self.assertEqual(assignees(t.name), [])
        self.assertGreaterEqual(assign_waiting_tickets(), 1)
        self.assertEqual(len(assignees(t.name)), 1)
        self.assertEqual(frappe.db.get_value("HD Ticket", t.name, intake.PENDING), 0)

    def test_a_ticket_waits_while_nobody_is_on_shift(self):
        for user in AGENTS:
            frappe.db.set_value("HD Agent", user, "moeen_away", 1)
        try:
            sync_rotation(TEAM)
            t = _new_ticket()
            intake.assign_ticket(t.name)
            self.assertEqual(assignees(t.name), [])
            frappe.db.set_value("HD Agent", AGENTS[1], "moeen_away", 0)
            self.assertGreaterEqual(assign_waiting_tickets(), 1)
            self.assertEqual(assignees(t.name), [AGENTS[1]])
        finally:
            for user in AGENTS:
                frappe.db.set_value("HD Agent", user, "moeen_away", 0)

    def _todos(self, names) -> list[int]:
        return [
            frappe.db.count("ToDo", {"reference_type": "HD Ticket", "reference_name": n, "status": "Open"})
            for n in names
        ]

    def test_the_job_killed_midway_and_run_again_assigns_each_ticket_once(self):
        intake.assign_pending()  # nothing else waits: the job takes these three, oldest first
        names = [_new_ticket().name for _ in range(3)]
        with worker_killed_midway(), killed_on_call(intake, "assign_ticket", nth=2):
            intake.assign_pending()
        # each ticket commits alone: the first stays assigned, the second is lost with the worker
        self.assertEqual(self._todos(names), [1, 0, 0])
        self.assertEqual(frappe.db.get_value("HD Ticket", names[1], intake.PENDING), 1)
        self.assertGreaterEqual(intake.assign_pending(), 2)  # the next job (or the 5-minute one)
        self.assertEqual(self._todos(names), [1, 1, 1])
        self.assertEqual([len(assignees(n)) for n in names], [1, 1, 1])
        self.assertEqual(intake.assign_pending(), 0)
        self.assertEqual(assign_waiting_tickets(), 0)
        self.assertEqual(self._todos(names), [1, 1, 1])

    def test_the_5_minute_job_killed_midway_and_run_again_assigns_each_ticket_once(self):
        assign_waiting_tickets()  # nothing else waits: the job takes these three, oldest first
        names = [_new_ticket().name for _ in range(3)]
        frappe.db.after_commit.reset()  # no assignment job ran
        with worker_killed_midway(), killed_on_call(intake, "assign_ticket", nth=2):
            assign_waiting_tickets()
        # each ticket commits alone: the first stays assigned, the second is lost with the worker
        self.assertEqual(self._todos(names), [1, 0, 0])
        self.assertGreaterEqual(assign_waiting_tickets(), 2)
        self.assertEqual(self._todos(names), [1, 1, 1])
        self.assertEqual(assign_waiting_tickets(), 0)
        self.assertEqual(self._todos(names), [1, 1, 1])

    def test_the_5_minute_job_drains_every_waiting_ticket_page_by_page(self):
        assign_waiting_tickets()  # nothing else waits
        names = [_new_ticket().name for _ in range(5)]
        frappe.db.after_commit.reset()  # no assignment job ran (the worker was down for a while)
        self.assertEqual(assign_waiting_tickets(batch=2), 5)  # three pages of at most two
        self.assertEqual(self._todos(names), [1, 1, 1, 1, 1])
        self.assertEqual(assign_waiting_tickets(batch=2), 0)

    def test_a_ticket_that_fails_is_rolled_back_alone_and_the_others_assigned(self):
        assign_waiting_tickets()  # nothing else waits
        names = [_new_ticket().name for _ in range(3)]
        frappe.db.after_commit.reset()
        original = intake.assign_ticket

        def second_fails(name):
            if name == names[1]:
                original(name)  # it does its work, then fails: that work must not stay
                raise frappe.ValidationError("assignment failed")
            return original(name)

        errors = frappe.db.count("Error Log", {"method": f"Assignment of ticket {names[1]}"})
        with patch.object(intake, "assign_ticket", second_fails):
            self.assertEqual(assign_waiting_tickets(), 2)
        self.assertEqual(self._todos(names), [1, 0, 1])
        self.assertEqual(
            frappe.db.count("Error Log", {"method": f"Assignment of ticket {names[1]}"}), errors + 1
        )
        self.assertEqual(assign_waiting_tickets(), 1)  # the next run assigns it
        self.assertEqual(self._todos(names), [1, 1, 1])

    def test_assignment_is_queued_ahead_of_e_mail(self):
        """Frappe's standard worker serves "short" before "default": the new tickets' assignment
        never waits behind e-mail jobs (Helpdesk sends a reply's e-mail at once, to the SMTP server)."""
        from frappe.utils.background_jobs import get_queues_timeout

        self.assertEqual(list(get_queues_timeout())[:2], [URGENT_QUEUE, MAIL_QUEUE])
        t = _new_ticket()
        sent = []
        frappe.cache.delete_value(intake.LAST_JOB)
        with patch("frappe.enqueue", lambda method, **kw: sent.append((method, kw.get("queue")))):
            self._queued()[0]()  # the intake's commit
            intake.assign_pending()
            t.reload()
            setting = frappe.db.get_single_value("HD Settings", "enable_reply_email_to_agent")
            frappe.db.set_single_value("HD Settings", "enable_reply_email_to_agent", 1)
            try:
                replies.store_reply(t, "<p>a reply</p>")
            finally:
                frappe.db.set_single_value("HD Settings", "enable_reply_email_to_agent", setting)
        frappe.cache.delete_value(intake.LAST_JOB)
        ours = ("moeen_helpdesk.intake.assign_pending", replies.NOTIFY_METHOD)
        self.assertEqual(
            sorted(x for x in sent if x[0] in ours),
            [("moeen_helpdesk.intake.assign_pending", URGENT_QUEUE), (replies.NOTIFY_METHOD, MAIL_QUEUE)],
        )

    def test_a_reply_read_before_a_job_wrote_the_ticket_keeps_the_job_s_values(self):
        """The beneficiary's reply request reads the ticket; the assignment job and an SLA notice
        job write it (without touching ``modified``) before the reply is saved: the reply is
        stored, no 403, and what the jobs wrote stays (seen under the faults load: a 403)."""
        t = _new_ticket(raised_by=STUDENT)
        with as_user(STUDENT):  # the request's read, unlocked (Helpdesk's portal reply): still pending
            doc = frappe.get_doc("HD Ticket", t.name)
        self.assertEqual(doc.get(intake.PENDING), 1)
        self.assertTrue(intake.assign_ticket(t.name))  # the worker, meanwhile
        frappe.db.set_value("HD Ticket", t.name, "moeen_sla_notified", 3, update_modified=False)
        with as_user(STUDENT):
            replies.store_reply(doc, "<p>a reply over the job's write</p>")
        row = frappe.db.get_value("HD Ticket", t.name, [intake.PENDING, "moeen_sla_notified"], as_dict=True)
        self.assertEqual((row[intake.PENDING], row.moeen_sla_notified), (0, 3))
        self.assertEqual(len(assignees(t.name)), 1)
        self.assertEqual(
            frappe.db.count(
                "Communication",
                {
                    "reference_doctype": "HD Ticket",
                    "reference_name": t.name,
                    "content": ["like", "%over the job%"],
                },
            ),
            1,
        )

    def test_nobody_sets_the_flag_through_a_save(self):
        t = _new_ticket()
        intake.assign_ticket(t.name)
        t.reload()
        t.set(intake.PENDING, 1)
        t.save(ignore_permissions=True)
        self.assertEqual(frappe.db.get_value("HD Ticket", t.name, intake.PENDING), 0)


class TestServiceClockRecord(FrappeTestCase):
    """Service tickets carry the app's cheap SLA record; every other ticket keeps Helpdesk's."""

    def setUp(self):
        frappe.set_user("Administrator")
        service_sla.ensure_record()
        self.timed = make_service(
            "IT-INTAKE-SLA", response_target=3600, resolution_target=8 * 3600, allow_external=1
        )
        self.untimed = make_service(
            "IT-INTAKE-NOSLA", response_target=0, resolution_target=0, allow_external=1
        )
        self.default = frappe.db.get_value(service_sla.DOCTYPE, {"default_sla": 1}, "name")

    def test_record_covers_every_priority_and_is_never_the_default(self):
        doc = frappe.get_doc(service_sla.DOCTYPE, service_sla.NAME)
        self.assertFalse(doc.default_sla)
        self.assertEqual({p.priority for p in doc.priorities}, set(service_sla.priorities()))

    def test_service_ticket_is_on_the_clock_with_the_services_deadlines(self):
        frappe.local.message_log = []
        t = _new_ticket(moeen_service=self.timed)
        self.assertEqual(t.sla, service_sla.NAME)
        want = sla_deadlines.deadlines(
            sla_business_time.calendar_for_ticket(t), t, sla_deadlines.warning_share()
        )
        self.assertEqual(get_datetime(t.response_by), get_datetime(want["response_by"]))
        self.assertEqual(get_datetime(t.resolution_by), get_datetime(want["resolution_by"]))
        self.assertGreater(get_datetime(t.response_by), get_datetime(t.creation))  # not the record's 1 s
        self.assertNotEqual(t.agreement_status, "Failed")
        self.assertEqual(
            frappe.db.get_value("HD Ticket", t.name, "sla"), service_sla.NAME
        )  # after the 2nd save
        self.assertFalse([m for m in frappe.local.message_log if "must be included" in str(m)])

    def helpdesks_choice(self, ticket) -> str:
        """The SLA Helpdesk's own look-up gives ``ticket`` (a saved ticket, whose SLA is looked up
        anew when its service changes)."""
        from helpdesk.helpdesk.doctype.hd_service_level_agreement.utils import get_sla

        ticket.sla = None
        return get_sla(ticket).name

    def helpdesks_choice_on_insert(self, values: dict) -> str:
        """The SLA Helpdesk picks for a new ticket of ``values``, as its ``before_validate`` does:
        with the ticket type and priority set first (a priority filled in afterwards from the
        chosen agreement's default does not change the choice)."""
        doc = frappe.get_doc({"doctype": "HD Ticket", "raised_by": RAISER, **values})
        doc.set_ticket_type()
        doc.set_priority()
        return self.helpdesks_choice(doc)

    def test_other_tickets_keep_helpdesks_sla(self):
        for values in ({}, {"moeen_service": self.untimed}):
            t = _new_ticket(**values)
            self.assertNotEqual(t.sla, service_sla.NAME, values)
            self.assertEqual(t.sla, self.helpdesks_choice_on_insert(values), values)
            self.assertTrue(t.response_by)

    def test_a_service_ticket_gets_the_priority_helpdesk_would_give(self):
        plain, timed = _new_ticket(), _new_ticket(moeen_service=self.timed)
        self.assertEqual(timed.priority, plain.priority)
        self.assertEqual(
            frappe.db.get_value(service_sla.DOCTYPE, service_sla.NAME, "default_priority"),
            frappe.db.get_value(service_sla.DOCTYPE, self.default, "default_priority"),
        )

    def test_a_service_change_moves_the_ticket_between_the_records(self):
        t = _new_ticket(moeen_service=self.timed)
        t.reload()  # Helpdesk saved it a second time
        t.moeen_service = self.untimed
        t.save(ignore_permissions=True)
        self.assertNotEqual(t.sla, service_sla.NAME)
        self.assertEqual(t.sla, self.helpdesks_choice(frappe.get_doc("HD Ticket", t.name)))
        t.moeen_service = self.timed
        t.save(ignore_permissions=True)
        self.assertEqual(t.sla, service_sla.NAME)
