"""The setup check on a site: the facts it collects, the translated list, who may run it, the demo's part."""

import frappe
from frappe.tests.utils import FrappeTestCase

from moeen_helpdesk import setup_check
from moeen_helpdesk.core import setup_check as core
from moeen_helpdesk.tests.utils import (
    PREFIX,
    as_user,
    forget_tier_caches,
    make_agent,
    make_service,
    make_website_user,
)

TEAM = f"{PREFIX} Tier1 Check"


def rows_by_key():
    return {r["key"]: r for r in setup_check.results()}


class TestSetupCheck(FrappeTestCase):
    def setUp(self):
        self.addCleanup(forget_tier_caches)
        self.tier1_before = frappe.get_all("HD Team", {"moeen_tier": "Tier 1"}, pluck="name")

    def tearDown(self):
        frappe.db.rollback()

    def test_every_item_is_listed_translated_with_a_fix_when_missing(self):
        rows = setup_check.results()
        self.assertEqual(
            [r["key"] for r in rows],
            [
                core.SETUP_WIZARD,
                core.TIME_ZONE,
                core.OUTGOING_EMAIL,
                core.TIER1_TEAM,
                core.SERVICE_UNITS,
                core.SCHEDULER,
                core.WORKER,
                core.HELPDESK_FEEDBACK,
            ],
        )
        for r in rows:
            self.assertTrue(r["title"])
            self.assertEqual(bool(r["fix"]), not r["ok"], r)
        frappe.local.lang = "ar"
        try:
            arabic = setup_check.results()
        finally:
            frappe.local.lang = "en"
        self.assertEqual(arabic[0]["title"], "اكتمال معالج الإعداد")
        text = setup_check.report(rows)
        self.assertEqual(text.count("[OK]") + text.count("[MISSING]"), len(rows))

    def test_the_facts_follow_the_site(self):
        facts = setup_check.facts()
        self.assertEqual(facts.time_zone, frappe.db.get_single_value("System Settings", "time_zone"))
        self.assertEqual(facts.site, frappe.local.site)
        self.assertEqual(
            facts.helpdesk_feedback_email,
            bool(frappe.db.get_single_value("HD Settings", "enable_email_ticket_feedback")),
        )

        frappe.db.set_single_value("HD Settings", "enable_email_ticket_feedback", 1)
        self.assertFalse(rows_by_key()[core.HELPDESK_FEEDBACK]["ok"])
        frappe.db.set_single_value("HD Settings", "enable_email_ticket_feedback", 0)
        self.assertTrue(rows_by_key()[core.HELPDESK_FEEDBACK]["ok"])

        frappe.db.set_single_value("System Settings", "time_zone", "Asia/Kolkata")
        row = rows_by_key()[core.TIME_ZONE]
        self.assertFalse(row["ok"])
        self.assertIn("Asia/Kolkata", row["detail"])

    def test_a_service_without_unit_is_named(self):
        code = make_service(f"{PREFIX}-NOUNIT", tier2_team=None, is_active=1)
        row = rows_by_key()[core.SERVICE_UNITS]
        self.assertFalse(row["ok"])
        self.assertIn(code, setup_check.facts().services_without_unit)

    def test_a_tier1_team_counts_only_with_active_agents(self):
        # Only our team is Tier 1 for this test (rolled back afterwards).
        for team in self.tier1_before:
            frappe.db.set_value("HD Team", team, "moeen_tier", None)
        if not frappe.db.exists("HD Team", TEAM):
            frappe.get_doc({"doctype": "HD Team", "team_name": TEAM}).insert(ignore_permissions=True)
        frappe.db.set_value("HD Team", TEAM, "moeen_tier", "Tier 1")
        self.assertEqual(setup_check.facts().tier1_teams, {TEAM: 0})
        self.assertFalse(rows_by_key()[core.TIER1_TEAM]["ok"])
        agent = make_agent(f"{PREFIX}-tier1-check@example.com")
        team = frappe.get_doc("HD Team", TEAM)
        team.append("users", {"user": agent})
        team.save(ignore_permissions=True)
        self.assertEqual(setup_check.facts().tier1_teams, {TEAM: 1})
        self.assertTrue(rows_by_key()[core.TIER1_TEAM]["ok"])
        frappe.db.set_value("HD Agent", agent, "is_active", 0)
        self.assertEqual(setup_check.facts().tier1_teams, {TEAM: 0})

    def test_only_system_managers_may_run_it(self):
        student = make_website_user(f"{PREFIX}-check-student@example.com")
        with as_user(student), self.assertRaises(frappe.PermissionError):
            setup_check.run()
        self.assertEqual(len(setup_check.run()), 8)  # Administrator

    def test_the_demo_site_setup_leaves_only_what_a_demo_cannot_set(self):
        from moeen_helpdesk.demo import load
        from moeen_helpdesk.demo.site import _helpdesk_feedback_off, _tier1_team, _tier2_marks, _time_zone

        load(with_beneficiaries=False)
        for team in self.tier1_before:  # the demo makes its team only on a site without one
            frappe.db.set_value("HD Team", team, "moeen_tier", None)
        marked = frappe.db.get_value("HD Team", "Student Systems Unit", "moeen_tier")
        frappe.db.set_single_value("System Settings", "time_zone", "Asia/Kolkata")
        frappe.db.set_single_value("HD Settings", "enable_email_ticket_feedback", 1)
        # The wizard step is left out here (it changes the site for good); the rest is the command's.
        _time_zone(), _tier1_team(), _tier2_marks(), _helpdesk_feedback_off()
        rows = rows_by_key()
        for key in (core.TIME_ZONE, core.TIER1_TEAM, core.HELPDESK_FEEDBACK):
            self.assertTrue(rows[key]["ok"], rows[key])
        demo_services = frappe.get_all(
            "Moeen Service", {"is_active": 1, "service_code": ["like", "SIS-%"]}, ["name", "tier2_team"]
        )
        self.assertTrue(demo_services and all(s.tier2_team for s in demo_services))
        self.assertEqual(
            frappe.db.get_value("HD Team", "Student Systems Unit", "moeen_tier"), marked or "Tier 2"
        )
        self.assertEqual(_tier1_team().split(":")[0], "kept")  # a second run changes nothing
