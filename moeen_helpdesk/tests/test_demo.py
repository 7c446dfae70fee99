"""The demo command's loader: a realistic catalog, beneficiaries of every type, idempotent."""

import frappe
from frappe.tests.utils import FrappeTestCase

from moeen_helpdesk.demo import load


class TestDemo(FrappeTestCase):
    def test_demo_is_realistic_and_idempotent(self):
        first = load()
        counts = {
            "services": frappe.db.count("Moeen Service"),
            "categories": frappe.db.count("Moeen Service Category"),
            "beneficiaries": frappe.db.count("Moeen Beneficiary"),
            "users": frappe.db.count("User"),
            "rules": len(frappe.get_doc("Moeen Settings").type_rules),
        }
        self.assertGreaterEqual(first["services"][1], 30)
        kinds = set(frappe.get_all("Moeen Service", {"service_code": ["like", "%-0%"]}, pluck="kind"))
        self.assertEqual(kinds, {"Request", "Incident"})
        self.assertTrue(frappe.db.exists("Moeen Service", {"allow_external": 1, "allow_student": 0}))
        self.assertTrue(frappe.db.exists("Moeen Service", {"allow_external": 0}))
        for btype in ("Student", "Staff", "Faculty", "External"):
            self.assertTrue(
                frappe.db.exists(
                    "Moeen Beneficiary", {"user": ["like", "%moeen-demo%"], "beneficiary_type": btype}
                )
                or frappe.db.exists(
                    "Moeen Beneficiary", {"user": ["like", "visitor%"], "beneficiary_type": btype}
                ),
                btype,
            )
        arabic_names = frappe.get_all("User", {"email": ["like", "%moeen-demo.edu.sa"]}, pluck="first_name")
        self.assertTrue(any("\u0600" <= ch <= "\u06ff" for n in arabic_names for ch in n))

        second = load()
        self.assertTrue(all(created == 0 for created, _ in second.values()), second)
        self.assertEqual(
            counts,
            {
                "services": frappe.db.count("Moeen Service"),
                "categories": frappe.db.count("Moeen Service Category"),
                "beneficiaries": frappe.db.count("Moeen Beneficiary"),
                "users": frappe.db.count("User"),
                "rules": len(frappe.get_doc("Moeen Settings").type_rules),
            },
        )
