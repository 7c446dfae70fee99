"""Beneficiaries land in Moeen; Helpdesk's customer portal follows the policy; agents are not beneficiaries."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.website.path_resolver import PathResolver
from frappe.website.utils import get_home_page, get_portal_sidebar_items

from moeen_helpdesk.landing import get_quick_filters, update_website_context
from moeen_helpdesk.tests.utils import PREFIX, as_user, make_agent, make_website_user

STUDENT = f"{PREFIX}-landing-student@example.com"
AGENT = f"{PREFIX}-landing-agent@example.com"


def _fresh_caches(user):
    frappe.cache.hdel("home_page", user)
    frappe.cache.hdel("portal_menu_items", user)


class TestLanding(FrappeTestCase):
    def setUp(self):
        make_website_user(STUDENT)
        make_agent(AGENT)
        for user in (STUDENT, AGENT):
            _fresh_caches(user)

    def test_a_beneficiary_lands_on_moeen_and_me_links_back(self):
        from frappe.apps import get_default_path

        with as_user(STUDENT):
            # What LoginManager.set_user_info sends a website user to.
            self.assertEqual(get_default_path() or "/" + get_home_page(), "/moeen")
            routes = [i.get("route") for i in get_portal_sidebar_items()]
            self.assertIn("/moeen", routes)
            menu = update_website_context(frappe._dict(post_login=[{"label": "My Account", "url": "/me"}]))
            self.assertEqual([i["url"] for i in menu["post_login"]], ["/moeen", "/me"])
            self.assertIsNone(update_website_context(frappe._dict(post_login=menu["post_login"])))

    def test_the_moeen_link_is_translated(self):
        with as_user(STUDENT):
            frappe.local.lang = "ar"
            try:
                menu = update_website_context(frappe._dict(post_login=[]))
            finally:
                frappe.local.lang = "en"
        self.assertEqual(menu["post_login"][0]["label"], "معين")

    def test_agents_get_no_moeen_link(self):
        with as_user(AGENT):
            self.assertIsNone(update_website_context(frappe._dict(post_login=[])))
            self.assertNotIn("/moeen", [i.get("route") for i in get_portal_sidebar_items()])

    def test_helpdesk_customer_portal_links_go_to_moeen(self):
        cases = {
            "helpdesk/my-tickets/new": "/moeen",
            "helpdesk/my-tickets/new/": "/moeen",
            "helpdesk/my-tickets/42": "/moeen/ticket?name=42",
            "helpdesk/my-tickets": "/moeen/tickets",
        }
        for path, target in cases.items():
            frappe.cache.delete_key("website_redirects")
            endpoint, renderer = PathResolver(path).resolve()
            self.assertEqual(type(renderer).__name__, "RedirectPage", path)
            self.assertEqual(endpoint, target, path)
        frappe.cache.delete_key("website_redirects")
        _endpoint, renderer = PathResolver("helpdesk/tickets").resolve()
        self.assertNotEqual(type(renderer).__name__, "RedirectPage")

    def test_a_ticket_without_service_from_a_beneficiary_points_to_the_catalog(self):
        frappe.db.set_single_value("Moeen Settings", "require_service_for_beneficiaries", 1)
        before = frappe.db.count("HD Ticket")
        with as_user(STUDENT), self.assertRaises(frappe.MandatoryError) as ctx:
            frappe.get_doc(
                {"doctype": "HD Ticket", "subject": "no service", "raised_by": STUDENT, "description": "x"}
            ).insert()
        self.assertIn("/moeen", str(ctx.exception))
        self.assertEqual(frappe.db.count("HD Ticket"), before)

    def test_new_installs_require_a_service(self):
        from moeen_helpdesk.install import set_new_site_defaults

        frappe.db.set_single_value("Moeen Settings", "require_service_for_beneficiaries", 0)
        set_new_site_defaults()
        self.assertEqual(frappe.db.get_single_value("Moeen Settings", "require_service_for_beneficiaries"), 1)
        meta = frappe.get_meta("Moeen Settings").get_field("require_service_for_beneficiaries")
        self.assertEqual(str(meta.default), "1")

    def test_quick_filters_hide_the_app_fields_from_beneficiaries(self):
        with as_user(STUDENT):
            for portal in (True, False):  # whatever the caller asks for
                names = [f["name"] for f in get_quick_filters("HD Ticket", portal)]
                self.assertTrue(names, portal)
                self.assertFalse([n for n in names if n.startswith("moeen_")], names)
                self.assertNotIn("customer", names)
                self.assertNotIn(
                    "Moeen Service", [f.get("options") for f in get_quick_filters("HD Ticket", portal)]
                )
        with as_user(AGENT):
            names = [f["name"] for f in get_quick_filters("HD Ticket", False)]
        self.assertIn("moeen_tier_state", names)

    def test_the_override_is_what_helpdesk_portal_calls(self):
        # What frappe.handler.execute_cmd does with the method the portal calls.
        cmd = frappe.override_whitelisted_method("helpdesk.api.doc.get_quick_filters")
        self.assertEqual(cmd, "moeen_helpdesk.landing.get_quick_filters")
        method = frappe.get_attr(cmd)
        with as_user(STUDENT):
            frappe.is_whitelisted(method)
            names = [
                f["name"] for f in frappe.call(method, doctype="HD Ticket", show_customer_portal_fields=0)
            ]
        self.assertIn("name", names)
        self.assertFalse([n for n in names if n.startswith("moeen_")], names)


class TestAgentsAreNotBeneficiaries(FrappeTestCase):
    def test_a_desk_user_gets_no_role_nor_profile(self):
        email = f"{PREFIX}-desk-user@example.com"
        make_agent(email)
        self.assertEqual(frappe.db.get_value("User", email, "user_type"), "System User")
        self.assertNotIn("Beneficiary", frappe.get_roles(email))
        self.assertFalse(frappe.db.exists("Moeen Beneficiary", email))

    def test_a_beneficiary_who_becomes_an_agent_loses_the_role(self):
        from moeen_helpdesk.beneficiaries import ensure_profile, ensure_role, on_login

        email = f"{PREFIX}-late-agent@example.com"
        make_website_user(email)
        self.assertIn("Beneficiary", frappe.get_roles(email))
        frappe.get_doc({"doctype": "HD Agent", "user": email, "agent_name": "Late", "is_active": 1}).insert(
            ignore_permissions=True
        )
        self.assertNotIn("Beneficiary", frappe.get_roles(email))
        self.assertTrue(frappe.db.exists("Moeen Beneficiary", email))  # kept, for the tickets before
        ensure_role(email)
        with as_user(email):
            on_login()
        self.assertNotIn("Beneficiary", frappe.get_roles(email))
        frappe.delete_doc("Moeen Beneficiary", email, ignore_permissions=True, force=True)
        self.assertIsNone(ensure_profile(email))

    def test_an_hd_agent_website_user_gets_no_role_back(self):
        from moeen_helpdesk.beneficiaries import backfill, ensure_role

        email = f"{PREFIX}-agent-record@example.com"
        make_website_user(email)
        frappe.get_doc({"doctype": "HD Agent", "user": email, "agent_name": "Rec", "is_active": 1}).insert(
            ignore_permissions=True
        )
        # Someone strips the desk role again: the HD Agent record still makes this user an agent.
        frappe.db.delete("Has Role", {"parent": email, "role": "Agent"})
        frappe.db.set_value("User", email, "user_type", "Website User")
        frappe.delete_doc("Moeen Beneficiary", email, ignore_permissions=True, force=True)
        frappe.clear_cache(user=email)
        ensure_role(email)
        backfill()
        self.assertNotIn("Beneficiary", frappe.get_roles(email))
        self.assertFalse(frappe.db.exists("Moeen Beneficiary", email))
