"""Two tiers: intake on tier 1, escalation to a tier-2 unit and back, verification by another
lead, refusals that change nothing, assignment among the agents on shift, per-tier business
time, and the phone channel.

Times of the tier actions are injected (``do_transition(..., at=...)``) on a test calendar
in the site's own zone (Sunday–Thursday 08:00–16:00), so every expectation is hand-computed
wall time. The tickets go through the app's real hooks (``moeen_helpdesk.overrides.hd_ticket``).
"""

from contextlib import ExitStack
from datetime import datetime, timezone
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_system_timezone

from moeen_helpdesk import channels, intake
from moeen_helpdesk.api import calls
from moeen_helpdesk.calendars import ship_default_calendars
from moeen_helpdesk.portal import tickets as portal_tickets
from moeen_helpdesk.tests import utils
from moeen_helpdesk.tests.utils import (
    as_user,
    forget_tier_caches,
    killed_on_call,
    make_agent,
    make_beneficiary,
    make_call,
    make_service,
    outgoing_email_account,
    worker_killed_midway,
)
from moeen_helpdesk.tiers import times as tier_clocks
from moeen_helpdesk.tiers.assignment import (
    assign_waiting_tickets,
    assignees,
    on_agent_change,
    on_team_change,
    sync_rotation,
)
from moeen_helpdesk.tiers.notifications import notify
from moeen_helpdesk.tiers.queues import queue
from moeen_helpdesk.tiers.teams import forget_tier_teams
from moeen_helpdesk.tiers.times import refresh_open_tickets, refresh_tier_times
from moeen_helpdesk.tiers.transitions import available_for, do_transition
from moeen_helpdesk.utils import NotEligibleError

H = 3600
STUDENT = "it-tier-student@moeen-it.test"
CALLER = "it-tier-caller@moeen-it.test"
T1A = "it-tier1-a@moeen-it.test"
T1B = "it-tier1-b@moeen-it.test"
T1S = "it-tier1-sup@moeen-it.test"
T2A = "it-tier2-agent@moeen-it.test"
T2L = "it-tier2-lead@moeen-it.test"
T2L2 = "it-tier2-lead2@moeen-it.test"
T2B = "it-tier2-other@moeen-it.test"
CENTER = "IT Tier Contact Center"
UNIT_A = "IT Tier Unit A"
UNIT_B = "IT Tier Unit B"
DAY_CAL = "IT Tier Day"
NIGHT_CAL = "IT Tier Night"
SERVICE = "IT-TIER"
WORKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """Site wall time in March 2026 (1 March is a Sunday)."""
    return datetime(2026, month, day, hour, minute)


def make_calendar(name: str, start: str, end: str | None):
    values = {
        "timezone": get_system_timezone(),
        "holidays": [],
        "overrides": [],
        "windows": [
            {"weekday": d, "start_time": start, "end_time": end, "until_midnight": 0 if end else 1}
            for d in WORKDAYS
        ],
    }
    if frappe.db.exists("Moeen Office Calendar", name):
        doc = frappe.get_doc("Moeen Office Calendar", name)
        doc.update(values)
        doc.save(ignore_permissions=True)
    else:
        frappe.get_doc({"doctype": "Moeen Office Calendar", "calendar_name": name, **values}).insert(
            ignore_permissions=True
        )


def make_team(name: str, tier: str, members: list[str]):
    """A round-robin tier team (the shared helper, with this suite's dispatch)."""
    return utils.make_team(name, tier, members, moeen_dispatch="Round Robin")


def _forget_caches():
    forget_tier_caches()


COMMITS: list[str] = []


def _no_commit():
    """While this suite runs nothing commits: its data never outlives it."""
    import traceback

    COMMITS.append("".join(traceback.format_stack(limit=12)))


def _after_rollback():
    """Runs after the class's rollback: nothing of ours stays cached or tiered."""
    _forget_caches()
    leftover = frappe.get_all(
        "HD Team",
        filters={"name": ["in", [CENTER, UNIT_A, UNIT_B]], "moeen_tier": ["is", "set"]},
        pluck="name",
    )
    if leftover:  # left by an older run: no tier team may stay behind for other suites
        frappe.db.sql("UPDATE `tabHD Team` SET moeen_tier = NULL WHERE name IN %s", [tuple(leftover)])
        frappe.db.commit()  # nosemgrep
    forget_tier_teams()
    if COMMITS:  # Frappe's notification e-mails commit when sent in tests
        print(f"test_tiers_flow: {len(COMMITS)} commit(s) held back; the first from:\n{COMMITS[0]}")


class TestTiersFlow(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.addClassCleanup(_after_rollback)  # registered first: runs after the base class's rollback
        super().setUpClass()
        stack = ExitStack()
        stack.enter_context(patch.object(frappe.db, "commit", _no_commit))
        cls.addClassCleanup(stack.close)

        ship_default_calendars()
        # Only this suite's teams are tiered while it runs (rolled back afterwards).
        frappe.db.sql("UPDATE `tabHD Team` SET moeen_tier = NULL WHERE IFNULL(moeen_tier, '') != ''")
        forget_tier_teams()
        make_calendar(DAY_CAL, "08:00", "16:00")
        make_calendar(NIGHT_CAL, "16:00", None)
        make_beneficiary(STUDENT, "Student")
        make_beneficiary(CALLER, "Staff")
        for user, roles in (
            (T1A, ["Tier 1 Agent"]),
            (T1B, ["Tier 1 Agent"]),
            (T1S, ["Tier 1 Supervisor"]),
            (T2A, ["Tier 2 Agent"]),
            (T2L, ["Tier 2 Lead"]),
            (T2L2, ["Tier 2 Lead"]),
            (T2B, ["Tier 2 Agent"]),
        ):
            make_agent(user, roles=("Agent", *roles))
        make_team(CENTER, "Tier 1", [T1A, T1B, T1S])
        make_team(UNIT_A, "Tier 2", [T2A, T2L, T2L2])
        make_team(UNIT_B, "Tier 2", [T2B])
        forget_tier_teams()
        make_service(SERVICE, tier2_team=UNIT_A, calendar=DAY_CAL, tier1_target=2 * H, tier2_target=20 * H)

    def setUp(self):
        frappe.set_user("Administrator")
        frappe.local.lang = "en"
        outgoing_email_account(self)  # the notices' e-mails need one (a fresh site has none)

    # ------------------------------------------------------------------ helpers
    def ticket(self, created: datetime | None = None, service: str | None = SERVICE, **values):
        doc = frappe.get_doc(
            {
                "doctype": "HD Ticket",
                "subject": "Tier test",
                "raised_by": STUDENT,
                "moeen_service": service,
                **values,
            }
        ).insert(ignore_permissions=True)
        intake.assign_ticket(doc.name)  # what the job queued at commit does (nothing commits here)
        if created:
            frappe.db.set_value("HD Ticket", doc.name, "creation", created, update_modified=False)
            doc.reload()
        return doc

    def act(self, user, ticket, action, when=None, **kw):
        with as_user(user):
            return do_transition(ticket.name, action, at=when, **kw)

    def log(self, ticket) -> list[tuple]:
        return [
            (r.action, r.from_state, r.to_state, r.team_before, r.team_after, r.user)
            for r in frappe.get_all(
                "Moeen Tier Transition",
                filters={"ticket": ticket.name},
                fields=["action", "from_state", "to_state", "team_before", "team_after", "user"],
                order_by="at asc, creation asc",
            )
        ]

    def set_agent(self, user, **values):
        frappe.db.set_value("HD Agent", user, values)

    # ------------------------------------------------------------------- intake
    def test_every_new_ticket_lands_on_tier1(self):
        t = self.ticket(agent_group=UNIT_B)
        self.assertEqual((t.agent_group, t.moeen_tier_state), (CENTER, "Tier 1"))

        from helpdesk.helpdesk.doctype.hd_ticket.api import new

        with as_user(STUDENT):
            portal = new(
                doc={
                    "subject": "From the portal",
                    "description": "<p>help</p>",
                    "moeen_service": SERVICE,
                    "agent_group": UNIT_A,
                    "moeen_tier_state": "Resolved",
                }
            )
        portal.reload()
        self.assertEqual((portal.agent_group, portal.moeen_tier_state), (CENTER, "Tier 1"))
        self.assertEqual(portal.moeen_channel, "Portal")

    def test_routing_untouched_before_a_tier1_team_exists(self):
        frappe.db.set_value("HD Team", CENTER, "moeen_tier", None)
        forget_tier_teams()
        try:
            t = self.ticket(agent_group=UNIT_B)
            self.assertEqual(t.agent_group, UNIT_B)
            self.assertFalse(t.moeen_tier_state)
            with as_user(T1A):
                self.assertIsNone(available_for(t.name)["state"])
                with self.assertRaises(frappe.ValidationError):
                    do_transition(t.name, "resolve")
        finally:
            frappe.db.set_value("HD Team", CENTER, "moeen_tier", "Tier 1")
            forget_tier_teams()

    # -------------------------------------------------------------- transitions
    def test_tier1_resolves_at_first_line(self):
        t = self.ticket(created=at(1, 9))
        with as_user(T1A):
            info = available_for(t.name)
        self.assertEqual([a["action"] for a in info["actions"]], ["resolve", "escalate"])
        self.assertEqual(info["escalation_targets"], [UNIT_A])
        out = self.act(T1A, t, "resolve", at(1, 10))
        self.assertEqual((out["to_state"], out["status"]), ("Resolved", "Resolved"))
        t.reload()
        self.assertEqual(
            (t.moeen_tier_state, t.status, t.status_category), ("Resolved", "Resolved", "Resolved")
        )
        self.assertEqual(self.log(t), [("resolve", "Tier 1", "Resolved", CENTER, CENTER, T1A)])
        self.assertEqual((t.moeen_tier1_seconds, t.moeen_tier2_seconds, t.moeen_overrun_tier), (H, 0, None))
        self.assertTrue(frappe.db.exists("HD Ticket Activity", {"ticket": t.name, "owner": T1A}))

    def test_escalate_accept_complete_verify_with_four_eyes(self):
        t = self.ticket(created=at(1, 9))
        self.act(T1A, t, "escalate", at(1, 11, 30), reason="Needs the unit")
        t.reload()
        self.assertEqual(
            (t.moeen_tier_state, t.agent_group, t.moeen_escalation_reason),
            ("Escalated", UNIT_A, "Needs the unit"),
        )
        with as_user(T2A):
            self.assertIn(t.name, [r.name for r in queue("my_tier")])
        with as_user(T1A):
            self.assertIn(t.name, [r.name for r in queue("escalated_by_us")])

        self.act(T2A, t, "accept", at(2, 9))
        self.assertEqual(assignees(t.name), [T2A])  # the one who accepts takes it
        self.act(T2L, t, "complete", at(2, 15), reason="Account unlocked")
        t.reload()
        self.assertEqual((t.moeen_tier_state, t.moeen_completed_by), ("Completed", T2L))
        with as_user(T2L2):
            self.assertIn(t.name, [r.name for r in queue("awaiting_verification")])
            self.assertIn("verify", [a["action"] for a in available_for(t.name)["actions"]])

        modified = t.modified
        with self.assertRaises(NotEligibleError):  # the completer may not verify their own work
            self.act(T2L, t, "verify", at(3, 9))
        t.reload()
        self.assertEqual((t.modified, t.moeen_tier_state), (modified, "Completed"))

        self.act(T2L2, t, "verify", at(3, 10))
        t.reload()
        self.assertEqual((t.moeen_tier_state, t.status, t.agent_group), ("Resolved", "Resolved", UNIT_A))
        self.assertEqual([r[0] for r in self.log(t)], ["escalate", "accept", "complete", "verify"])
        # Tier 1: Sun 09:00–11:30; tier 2: Sun 11:30–16:00, Mon 08:00–16:00, Tue 08:00–10:00.
        self.assertEqual((t.moeen_tier1_seconds, t.moeen_tier2_seconds), (int(2.5 * H), int(14.5 * H)))
        self.assertEqual(t.moeen_overrun_tier, "Tier 1")  # over its 2 h; tier 2 within 20 h
        self.assertEqual(
            refresh_tier_times(t.name),
            {
                "moeen_tier1_seconds": int(2.5 * H),
                "moeen_tier2_seconds": int(14.5 * H),
                "moeen_overrun_tier": "Tier 1",
            },
        )

    # ------------------------------------------------- the beneficiary sees what was done
    def outgoing_account(self):
        name = "IT Tier Outgoing"
        if not frappe.db.exists("Email Account", name):
            frappe.get_doc(
                {
                    "doctype": "Email Account",
                    "email_account_name": name,
                    "email_id": "it-tier-out@moeen-it.test",
                    "enable_outgoing": 1,
                    "default_outgoing": 1,
                    "smtp_server": "smtp.moeen-it.test",
                    "password": "x",
                }
            ).insert(ignore_permissions=True)
        return name

    def replies(self, t):
        return frappe.get_all(
            "Communication",
            filters={"reference_doctype": "HD Ticket", "reference_name": t.name, "sent_or_received": "Sent"},
            fields=["name", "content", "sender", "recipients", "communication_type"],
        )

    def test_completion_note_reaches_the_beneficiary(self):
        self.outgoing_account()
        frappe.db.set_value("Moeen Beneficiary", STUDENT, "preferred_language", "ar")
        t = self.ticket(created=at(1, 9))
        self.act(T1A, t, "escalate", at(1, 10), reason="Needs the unit")
        self.act(T2A, t, "accept", at(1, 11))
        self.act(T2A, t, "complete", at(1, 12), reason="Grade corrected in the SIS")
        self.assertEqual(self.replies(t), [])  # nothing is said before the work is verified
        sent = []
        real = frappe.sendmail

        def spy(*args, **kwargs):
            sent.append(kwargs)
            return real(*args, **kwargs)

        with patch("frappe.sendmail", spy):
            self.act(T2L, t, "verify", at(1, 13))
        t.reload()
        self.assertEqual((t.status, t.moeen_tier_state), ("Resolved", "Resolved"))
        [reply] = self.replies(t)
        self.assertIn("Grade corrected in the SIS", reply.content)
        self.assertEqual(
            (reply.sender, reply.recipients, reply.communication_type), (T2L, STUDENT, "Communication")
        )
        # the e-mail: in the beneficiary's language (Arabic), queued for the student
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["recipients"], [STUDENT])
        self.assertEqual(sent[0]["subject"], f"تم حل تذكرتك رقم {t.name}")
        self.assertIn('dir="rtl"', sent[0]["message"])
        self.assertIn("Grade corrected in the SIS", sent[0]["message"])
        queued = frappe.get_all(
            "Email Queue", filters={"reference_doctype": "HD Ticket", "reference_name": t.name}, pluck="name"
        )
        self.assertEqual(len(queued), 1)
        self.assertEqual(
            frappe.get_all("Email Queue Recipient", filters={"parent": queued[0]}, pluck="recipient"),
            [STUDENT],
        )
        # the portal: the note in the conversation and in the resolution block, by the unit
        detail = portal_tickets.ticket_detail(STUDENT, frappe.get_doc("HD Ticket", t.name))
        self.assertTrue(
            any("Grade corrected" in m["content"] and m["from_support"] for m in detail["messages"])
        )
        self.assertIn("Grade corrected in the SIS", detail["resolution"]["note"])
        self.assertEqual(detail["resolution"]["unit"], UNIT_A)
        frappe.db.set_value("Moeen Beneficiary", STUDENT, "preferred_language", None)

    def test_tier1_resolve_note_replies_and_mail_failure_changes_nothing(self):
        t = self.ticket(created=at(1, 9))

        def broken(*args, **kwargs):
            raise frappe.OutgoingEmailError("no outgoing account")

        with patch("frappe.sendmail", broken):
            out = self.act(T1A, t, "resolve", at(1, 10), reason="Password reset; use the new one")
        self.assertEqual(out["to_state"], "Resolved")
        t.reload()
        self.assertEqual((t.status, t.moeen_tier_state), ("Resolved", "Resolved"))
        [reply] = self.replies(t)
        self.assertIn("Password reset; use the new one", reply.content)
        self.assertEqual(self.log(t), [("resolve", "Tier 1", "Resolved", CENTER, CENTER, T1A)])
        # no note: nothing to send
        quiet = self.ticket(created=at(1, 9))
        self.act(T1A, quiet, "resolve", at(1, 10))
        self.assertEqual(self.replies(quiet), [])

    def test_return_to_tier1_needs_a_reason(self):
        t = self.ticket(created=at(5, 14))  # Thursday
        self.act(T1A, t, "escalate", at(5, 15), reason="Unit work")
        with self.assertRaises(frappe.ValidationError):
            self.act(T2A, t, "return", at(8, 9), reason="   ")
        t.reload()
        self.assertEqual((t.moeen_tier_state, t.agent_group), ("Escalated", UNIT_A))
        self.act(T2A, t, "return", at(8, 9), reason="Not ours: an email problem")
        t.reload()
        self.assertEqual((t.moeen_tier_state, t.agent_group), ("Tier 1", CENTER))
        self.act(T1B, t, "resolve", at(8, 12))
        t.reload()
        # Tier 1: Thu 14–15 and Sun 09–12; tier 2: Thu 15–16 and Sun 08–09 (the weekend is closed).
        self.assertEqual((t.moeen_tier1_seconds, t.moeen_tier2_seconds), (4 * H, 2 * H))
        self.assertEqual(self.log(t)[1][:5], ("return", "Escalated", "Tier 1", UNIT_A, CENTER))

    def test_invalid_transitions_change_nothing(self):
        t = self.ticket(created=at(1, 9))
        modified = t.modified
        cases = [
            (T1A, "accept", {}, NotEligibleError),  # not in this state
            (T2A, "resolve", {}, NotEligibleError),  # tier 2 cannot resolve tier 1's
            (
                T1A,
                "escalate",
                {"reason": "x", "target_team": UNIT_B},
                NotEligibleError,
            ),  # not the service's unit
            (T1A, "escalate", {}, frappe.ValidationError),  # no reason
            (T1A, "escalate", {"reason": "x", "target_team": CENTER}, frappe.ValidationError),  # not tier 2
            (T1A, "bogus", {}, frappe.ValidationError),
            (STUDENT, "reopen", {}, NotEligibleError),
        ]
        for user, action, kw, exc in cases:
            with self.subTest(user=user, action=action), self.assertRaises(exc):
                self.act(user, t, action, at(1, 10), **kw)
        t.reload()
        self.assertEqual((t.modified, t.moeen_tier_state, t.agent_group), (modified, "Tier 1", CENTER))
        self.assertEqual(self.log(t), [])

        frappe.local.lang = "ar"
        try:
            with self.assertRaises(frappe.ValidationError) as ctx:
                self.act(T1A, t, "escalate", at(1, 10))
        finally:
            frappe.local.lang = "en"
        self.assertIn("يلزم ذكر السبب", str(ctx.exception))

        # A supervisor may choose another unit.
        with as_user(T1S):
            self.assertEqual(available_for(t.name)["escalation_targets"], [UNIT_A, UNIT_B])
        self.act(T1S, t, "escalate", at(1, 10), reason="Network", target_team=UNIT_B)
        t.reload()
        self.assertEqual(t.agent_group, UNIT_B)

    def test_reopen_goes_back_to_tier1(self):
        t = self.ticket(created=at(1, 9))
        self.act(T1A, t, "escalate", at(1, 10), reason="Unit")
        self.act(T2A, t, "accept", at(1, 11))
        self.act(T2A, t, "complete", at(1, 12))
        self.act(T2L, t, "verify", at(1, 13))
        self.act(STUDENT, t, "reopen", at(2, 9))  # the beneficiary who raised it
        t.reload()
        self.assertEqual((t.moeen_tier_state, t.agent_group, t.status), ("Tier 1", CENTER, "Open"))
        self.assertFalse(t.moeen_completed_by)

        # Reopened through Helpdesk's own status: followed.
        self.act(T1A, t, "resolve", at(2, 10))
        with as_user(T1A):
            doc = frappe.get_doc("HD Ticket", t.name)
            doc.status = "Open"
            doc.save()
        t.reload()
        self.assertEqual((t.moeen_tier_state, t.agent_group), ("Tier 1", CENTER))
        self.assertEqual(self.log(t)[-1][:3], ("reopen", "Resolved", "Tier 1"))

    def test_helpdesk_status_and_team_changes_follow_the_tiers(self):
        t = self.ticket(created=at(1, 9))
        with as_user(T1A):
            doc = frappe.get_doc("HD Ticket", t.name)
            doc.moeen_tier_state = "Completed"  # tier fields are written by the tier actions only
            doc.subject = "Edited"
            doc.save()
            self.assertEqual(frappe.db.get_value("HD Ticket", t.name, "moeen_tier_state"), "Tier 1")
            doc = frappe.get_doc("HD Ticket", t.name)
            doc.agent_group = UNIT_A  # skipping the escalation
            self.assertRaises(frappe.ValidationError, doc.save)
        self.act(T1A, t, "escalate", at(1, 10), reason="Unit")
        with as_user(T2A), self.assertRaises(NotEligibleError):  # tier 2 may not close it by status
            doc = frappe.get_doc("HD Ticket", t.name)
            doc.status = "Resolved"
            doc.save()
        with as_user(T1A):  # resolving at tier 1 by Helpdesk's status is the resolve action
            t2 = self.ticket()
            doc = frappe.get_doc("HD Ticket", t2.name)
            doc.status = "Resolved"
            doc.save()
        self.assertEqual(frappe.db.get_value("HD Ticket", t2.name, "moeen_tier_state"), "Resolved")
        self.assertEqual(self.log(t2)[0][:3], ("resolve", "Tier 1", "Resolved"))

    def test_hold_time_is_not_counted(self):
        t = self.ticket(created=at(1, 9))
        with as_user(T1A):
            for status in ("Replied", "Open"):  # waiting on the beneficiary, then back
                doc = frappe.get_doc("HD Ticket", t.name)
                doc.status = status
                doc.save(ignore_version=False)  # tests skip versions unless asked
        changes = [
            v.name
            for v in frappe.get_all(
                "Version",
                filters={"ref_doctype": "HD Ticket", "docname": t.name},
                fields=["name", "data"],
                order_by="creation asc",
            )
            if '"status"' in (v.data or "")
        ]
        self.assertEqual(len(changes), 2)
        for name, when in zip(changes, (at(1, 10), at(1, 12)), strict=True):
            frappe.db.set_value("Version", name, "creation", when, update_modified=False)
        self.act(T1A, t, "escalate", at(1, 13), reason="Unit")
        t.reload()
        self.assertEqual(t.moeen_tier1_seconds, 2 * H)  # 09:00–13:00 less the hold 10:00–12:00

    def test_a_ticket_closed_without_hooks_is_recorded_as_resolved(self):
        t = self.ticket(created=at(1, 9))
        self.act(T1A, t, "escalate", at(1, 10), reason="Unit")
        # Helpdesk's daily auto-close saves with ignore_validate: no hook sees it.
        frappe.db.set_value(
            "HD Ticket", t.name, {"status": "Closed", "modified": at(1, 15)}, update_modified=False
        )
        refresh_open_tickets(at(2, 9))
        t.reload()
        self.assertEqual(t.moeen_tier_state, "Resolved")
        self.assertEqual(self.log(t)[-1][:3], ("resolve", "Escalated", "Resolved"))
        self.assertEqual((t.moeen_tier1_seconds, t.moeen_tier2_seconds), (H, 5 * H))

    def test_the_refresh_killed_midway_and_run_again_records_each_ticket_once(self):
        tickets = [self.ticket(created=at(1, 9)) for _ in range(3)]
        for t in tickets:
            self.act(T1A, t, "escalate", at(1, 10), reason="Unit")
            frappe.db.set_value(
                "HD Ticket", t.name, {"status": "Closed", "modified": at(1, 15)}, update_modified=False
            )
        with worker_killed_midway(), killed_on_call(tier_clocks, "refresh_tier_times", nth=2):
            refresh_open_tickets(at(2, 9))
        self.assertEqual(  # one transaction, lost with the worker
            [frappe.db.get_value("HD Ticket", t.name, "moeen_tier_state") for t in tickets], ["Escalated"] * 3
        )
        refresh_open_tickets(at(2, 9))
        refresh_open_tickets(at(2, 10))
        for t in tickets:
            t.reload()
            self.assertEqual(t.moeen_tier_state, "Resolved")
            self.assertEqual([r[:3] for r in self.log(t)].count(("resolve", "Escalated", "Resolved")), 1)
            self.assertEqual((t.moeen_tier1_seconds, t.moeen_tier2_seconds), (H, 5 * H))

    # --------------------------------------------------------------- assignment
    def test_assignment_follows_shifts_and_away(self):
        self.set_agent(T1A, moeen_shift_calendar=DAY_CAL, moeen_away=0)
        self.set_agent(T1B, moeen_shift_calendar=NIGHT_CAL, moeen_away=0)
        self.set_agent(T1S, moeen_shift_calendar=DAY_CAL, moeen_away=1)
        rule = frappe.db.get_value("HD Team", CENTER, "assignment_rule")

        self.assertEqual(sync_rotation(CENTER, at(1, 10)), [T1A])  # Sunday morning; T1S is away
        t = self.ticket()
        self.assertEqual(assignees(t.name), [T1A])
        self.assertEqual(sync_rotation(CENTER, at(1, 20)), [T1B])  # the night shift
        self.assertEqual(assignees(self.ticket().name), [T1B])

        self.assertEqual(sync_rotation(CENTER, at(6, 10)), [])  # Friday: nobody on shift
        self.assertEqual(frappe.db.get_value("Assignment Rule", rule, "disabled"), 1)
        waiting = self.ticket()
        self.assertEqual(assignees(waiting.name), [])
        with as_user(T1A):
            self.assertIn(waiting.name, [r.name for r in queue("waiting")])
        self.assertGreaterEqual(assign_waiting_tickets(at(8, 9)), 1)  # the first shift starts
        self.assertEqual(assignees(waiting.name), [T1A])

        self.set_agent(T1S, moeen_away=0)
        frappe.db.set_value("HD Team", CENTER, "moeen_dispatch", "Load Balancing")
        self.assertEqual(sync_rotation(CENTER, at(8, 10)), [T1A, T1S])
        self.assertEqual(frappe.db.get_value("Assignment Rule", rule, "rule"), "Load Balancing")
        self.assertEqual(assignees(self.ticket().name), [T1S])  # T1S has fewer open tickets
        frappe.db.set_value("HD Team", CENTER, "moeen_dispatch", "Round Robin")

    def test_team_and_agent_changes_resync_the_rule(self):
        for user in (T1A, T1B, T1S):
            self.set_agent(user, moeen_shift_calendar=None, moeen_away=0)
        rule = frappe.db.get_value("HD Team", CENTER, "assignment_rule")
        team = frappe.get_doc("HD Team", CENTER)
        on_team_change(team, "on_update")  # what the HD Team hook does
        self.assertEqual([r.user for r in frappe.get_doc("Assignment Rule", rule).users], [T1A, T1B, T1S])
        agent = frappe.get_doc("HD Agent", T1B)
        agent.moeen_away = 1
        agent.save(ignore_permissions=True)
        on_agent_change(agent, "on_update")  # what the HD Agent hook does
        self.assertEqual([r.user for r in frappe.get_doc("Assignment Rule", rule).users], [T1A, T1S])
        self.set_agent(T1B, moeen_away=0)

    def test_escalation_hands_the_ticket_to_the_unit_on_shift(self):
        for user in (T2A, T2L, T2L2):
            self.set_agent(user, moeen_shift_calendar=None, moeen_away=1)
        t = self.ticket()
        self.act(T1A, t, "escalate", reason="Unit")  # nobody of the unit is available: it waits
        self.assertEqual(assignees(t.name), [])
        self.set_agent(T2L2, moeen_away=0)
        assign_waiting_tickets()
        self.assertEqual(assignees(t.name), [T2L2])
        for user in (T2A, T2L):
            self.set_agent(user, moeen_away=0)

    def test_notification_of_the_team(self):
        t = self.ticket()
        self.act(T1A, t, "escalate", reason="Unit")
        queued = [
            f
            for f in frappe.db.after_commit._functions
            if getattr(f, "args", None) == ("moeen_helpdesk.tiers.notifications.notify",)
            and f.keywords["ticket"] == t.name
        ]
        self.assertEqual(len(queued), 1)  # sent after commit, to the unit's members
        self.assertEqual(queued[0].keywords["users"], sorted([T2A, T2L, T2L2]))
        notify(t.name, "escalate", UNIT_A, T1A, "Unit", [T2A])
        self.assertTrue(frappe.db.exists("Notification Log", {"for_user": T2A, "document_name": t.name}))

    # -------------------------------------------------------------------- phone
    def test_phone_flow_creates_and_links_tickets(self):
        from moeen_helpdesk.core.channels import same_number

        contact = frappe.db.get_value("Contact", {"email_id": CALLER})
        if contact:
            doc = frappe.get_doc("Contact", contact)
            if not any(same_number(p.phone, "+966 50 123 4567") for p in doc.phone_nos):
                doc.append("phone_nos", {"phone": "+966 50 123 4567"})
                doc.save(ignore_permissions=True)
        else:
            contact = (
                frappe.get_doc(
                    {
                        "doctype": "Contact",
                        "first_name": "Caller",
                        "email_ids": [{"email_id": CALLER, "is_primary": 1}],
                        "phone_nos": [{"phone": "+966 50 123 4567", "is_primary_mobile_no": 1}],
                    }
                )
                .insert(ignore_permissions=True)
                .name
            )

        def call(call_id, number):
            return make_call(number, id=call_id)

        first, second, unknown = (
            call("it-tier-call-1", "0501234567"),
            call("it-tier-call-2", "00966501234567"),
            call("it-tier-call-3", "0559999999"),
        )
        with as_user(T1A):
            name = calls.create_ticket_from_call(first.name, "Cannot log in", SERVICE)
        t = frappe.get_doc("HD Ticket", name)
        self.assertEqual((t.raised_by, t.contact, t.moeen_channel), (CALLER, contact, "Phone"))
        self.assertEqual((t.agent_group, t.moeen_tier_state), (CENTER, "Tier 1"))
        first.reload()
        self.assertTrue(first.has_link("HD Ticket", name))

        with as_user(T1A):
            self.assertEqual(calls.link_call(second.name, name), {"call_log": second.name, "ticket": name})
        second.reload()
        self.assertTrue(second.has_link("HD Ticket", name))

        count = frappe.db.count("HD Ticket")
        with as_user(T1A), self.assertRaises(frappe.ValidationError) as ctx:
            calls.create_ticket_from_call(unknown.name, "Who?")
        self.assertIn("0559999999", str(ctx.exception))
        with as_user(T2A), self.assertRaises(NotEligibleError):
            calls.create_ticket_from_call(first.name, "Not tier 1")
        self.assertEqual(frappe.db.count("HD Ticket"), count)

    def test_contact_center_hours(self):
        # Sunday 1 November 2026, 08:00 in Riyadh (05:00 UTC): open, 07:30–16:00.
        s = channels.contact_center_status(datetime(2026, 11, 1, 5, 0, tzinfo=timezone.utc))
        self.assertEqual(
            (s["is_open"], s["windows"], s["date"]), (True, [{"from": "07:30", "to": "16:00"}], "2026-11-01")
        )
        # Friday 6 November: closed all day, opens Sunday 07:30.
        s = channels.contact_center_status(datetime(2026, 11, 6, 9, 0, tzinfo=timezone.utc))
        self.assertEqual((s["is_open"], s["windows"], s["next_open"]), (False, [], "2026-11-08 07:30"))
