"""Beneficiary profiles: derived at sign-up, manual types kept, and protected from their owners."""

import frappe
from frappe.tests.utils import FrappeTestCase

from moeen_helpdesk.tests.utils import as_user, make_website_user

DOMAIN = "it-moeen.edu.sa"


class TestBeneficiaries(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        settings = frappe.get_doc("Moeen Settings")
        settings.type_rules = []
        settings.append("type_rules", {"beneficiary_type": "Student", "email_domain": f"student.{DOMAIN}"})
        settings.append(
            "type_rules",
            {"beneficiary_type": "Faculty", "email_domain": DOMAIN, "university_id_pattern": r"F\d{5}"},
        )
        settings.append("type_rules", {"beneficiary_type": "Staff", "email_domain": DOMAIN})
        settings.default_beneficiary_type = "External"
        settings.save(ignore_permissions=True)

    def test_sign_up_derives_type_and_grants_the_role(self):
        cases = {
            f"s1@student.{DOMAIN}": "Student",
            f"clerk@{DOMAIN}": "Staff",
            "visitor@gmail-it.com": "External",
        }
        for email, expected in cases.items():
            make_website_user(email)
            profile = frappe.get_doc("Moeen Beneficiary", email)
            self.assertEqual(profile.beneficiary_type, expected, email)
            self.assertEqual(profile.type_source, "Rule")
            self.assertIn("Beneficiary", frappe.get_roles(email))

    def test_system_users_get_no_profile(self):
        email = f"sysuser@{DOMAIN}"
        frappe.get_doc(
            {
                "doctype": "User",
                "email": email,
                "first_name": "Sys",
                "send_welcome_email": 0,
                "roles": [{"role": "System Manager"}],
            }
        ).insert(ignore_permissions=True)
        self.assertFalse(frappe.db.exists("Moeen Beneficiary", email))

    def test_first_login_creates_a_missing_profile(self):
        from moeen_helpdesk.beneficiaries import on_login

        email = f"late@student.{DOMAIN}"
        make_website_user(email)
        frappe.delete_doc("Moeen Beneficiary", email, ignore_permissions=True, force=True)
        with as_user(email):
            on_login()
        self.assertEqual(frappe.db.get_value("Moeen Beneficiary", email, "beneficiary_type"), "Student")

    def test_manual_type_survives_rules_and_reset(self):
        email = f"prof@{DOMAIN}"
        make_website_user(email)
        profile = frappe.get_doc("Moeen Beneficiary", email)
        self.assertEqual(profile.beneficiary_type, "Staff")
        profile.beneficiary_type = "Faculty"  # a manager decides
        profile.save()
        self.assertEqual(profile.type_source, "Manual")
        self.assertEqual(profile.rederive_type(), "Faculty")  # rules do not override
        profile.university_id = "F12345"
        profile.save()
        self.assertEqual(profile.rederive_type(ignore_manual=True), "Faculty")
        self.assertEqual(frappe.db.get_value("Moeen Beneficiary", email, "type_source"), "Rule")
        profile.reload()
        profile.university_id = "X1"
        profile.save()
        self.assertEqual(profile.rederive_type(), "Staff")

    def test_beneficiary_cannot_change_own_type_or_read_others(self):
        me = make_website_user("me@gmail-it.com")
        other = make_website_user(f"other@student.{DOMAIN}")
        with as_user(me):
            mine = frappe.get_doc("Moeen Beneficiary", me)
            self.assertEqual(mine.beneficiary_type, "External")
            mine.beneficiary_type = "Staff"
            with self.assertRaises(frappe.PermissionError):
                mine.save()
            with self.assertRaises(frappe.PermissionError):
                frappe.get_doc("Moeen Beneficiary", other).check_permission("read")
            visible = frappe.get_list("Moeen Beneficiary", pluck="name")
            self.assertEqual(visible, [me])
            with self.assertRaises(frappe.PermissionError):
                frappe.get_doc("Moeen Beneficiary", me).rederive_type()
        self.assertEqual(frappe.db.get_value("Moeen Beneficiary", me, "beneficiary_type"), "External")

    def test_invalid_rules_refused_with_translated_message(self):
        settings = frappe.get_doc("Moeen Settings")
        before = len(settings.type_rules)
        settings.append("type_rules", {"beneficiary_type": "Staff", "university_id_pattern": "([0-9"})
        frappe.local.lang = "ar"
        try:
            with self.assertRaises(frappe.ValidationError) as ctx:
                settings.save()
        finally:
            frappe.local.lang = "en"
        self.assertIn("نمط الرقم الجامعي", str(ctx.exception))
        self.assertEqual(len(frappe.get_doc("Moeen Settings").type_rules), before)
