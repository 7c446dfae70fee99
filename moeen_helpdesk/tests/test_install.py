"""The app as installed: fixtures, roles, permissions, and a second migrate changing nothing."""

import json
import os

import frappe
from frappe.tests.utils import FrappeTestCase

from moeen_helpdesk import devtools

APP_DIR = os.path.dirname(os.path.dirname(__file__))


class TestInstall(FrappeTestCase):
    def test_custom_fields_on_hd_ticket(self):
        with open(os.path.join(APP_DIR, "fixtures", "custom_field.json")) as fh:
            shipped = [(r["dt"], r["fieldname"]) for r in json.load(fh)]
        on_ticket = {f for dt, f in shipped if dt == "HD Ticket"}
        self.assertTrue(
            {"moeen_service", "moeen_kind", "moeen_channel", "moeen_beneficiary_type"} <= on_ticket
        )
        for dt, fieldname in shipped:
            self.assertIsNotNone(frappe.get_meta(dt).get_field(fieldname), (dt, fieldname))
        meta = frappe.get_meta("HD Ticket")
        self.assertEqual(meta.get_field("moeen_service").options, "Moeen Service")
        self.assertTrue(meta.get_field("moeen_beneficiary_type").read_only)
        modules = set(frappe.get_all("Custom Field", {"fieldname": ["like", "moeen_%"]}, pluck="module"))
        self.assertEqual(modules, {"Moeen Helpdesk"})
        self.assertTrue(frappe.db.has_column("HD Ticket", "moeen_service"))

    def test_roles(self):
        for role in devtools.APP_ROLES:
            self.assertTrue(frappe.db.exists("Role", role), role)
        self.assertEqual(frappe.db.get_value("Role", "Beneficiary", "desk_access"), 0)
        self.assertEqual(frappe.db.get_value("Role", "Tier 1 Agent", "desk_access"), 1)

    def test_doctype_permissions(self):
        service_perms = {p.role: p for p in frappe.get_meta("Moeen Service").permissions if p.permlevel == 0}
        self.assertTrue(service_perms["Moeen Service Manager"].write)
        self.assertTrue(service_perms["Tier 1 Agent"].read)
        self.assertFalse(service_perms["Tier 1 Agent"].write)
        self.assertNotIn("Beneficiary", service_perms)
        settings_roles = {p.role for p in frappe.get_meta("Moeen Settings").permissions}
        self.assertEqual(settings_roles, {"System Manager", "Moeen Service Manager"})

    def test_second_migrate_changes_nothing(self):
        before = devtools.fingerprint()
        devtools.resync()
        after = devtools.fingerprint()
        self.assertEqual(before, after)
        self.assertTrue(before["doctypes"] and before["custom_fields"] and before["roles"])

    def test_report_scripts_expand_the_shared_filters(self):
        from frappe.desk.query_report import get_script

        for report, grouped in (
            ("SLA Compliance by Service", True),
            ("Tier Performance (OLA)", True),
            ("Volume by Channel and Beneficiary Type", False),
        ):
            script = get_script(report)["script"]
            self.assertNotIn("{% include", script, report)
            self.assertIn("function moeen_report_filters", script, report)
            self.assertIn("grouping: false" if not grouped else "moeen_report_filters()", script, report)
