"""Eligibility through real HTTP requests (Frappe's WSGI app): REST insert and Helpdesk's portal API."""

import json

import frappe
from frappe.tests.test_api import make_request
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_test_client

from moeen_helpdesk.tests.utils import api_token, make_beneficiary, make_service

EXTERNAL = "it-rest-visitor@moeen-it.test"
STUDENT = "it-rest-student@moeen-it.test"
SERVICE_INTERNAL = "IT-REST-INT"
SERVICE_EXTERNAL = "IT-REST-EXT"


class TestRestEligibility(FrappeTestCase):
    """Requests run in their own connection, so this class commits its fixtures and removes them after."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = get_test_client()
        make_beneficiary(EXTERNAL, "External")
        make_beneficiary(STUDENT, "Student")
        make_service(SERVICE_INTERNAL)
        make_service(SERVICE_EXTERNAL, allow_external=1)
        cls.tokens = {user: api_token(user) for user in (EXTERNAL, STUDENT)}
        frappe.db.commit()  # nosemgrep: requests see only committed data

    @classmethod
    def tearDownClass(cls):
        for name in frappe.get_all("HD Ticket", {"raised_by": ["in", [EXTERNAL, STUDENT]]}, pluck="name"):
            frappe.delete_doc("HD Ticket", name, force=True, ignore_permissions=True)
        for service in (SERVICE_INTERNAL, SERVICE_EXTERNAL):
            frappe.delete_doc("Moeen Service", service, force=True, ignore_permissions=True)
        for user in (EXTERNAL, STUDENT):
            frappe.delete_doc("Moeen Beneficiary", user, force=True, ignore_permissions=True)
            frappe.delete_doc("User", user, force=True, ignore_permissions=True)
        frappe.db.commit()  # nosemgrep
        super().tearDownClass()

    def request(self, method: str, path: str, user: str, payload: dict, lang: str = "en"):
        headers = {"Authorization": self.tokens[user], "Accept-Language": lang}
        target = getattr(self.client, method)
        return make_request(target=target, args=(path,), kwargs={"json": payload, "headers": headers})

    def count(self, user):
        frappe.db.rollback()  # see what the requests committed
        return frappe.db.count("HD Ticket", {"raised_by": user})

    def test_helpdesks_telemetry_check_answers_without_an_error(self):
        # Helpdesk's UI posts this on every page; Frappe 15 has the method under frappe.pulse.
        response = self.request(
            "post", "/api/method/frappe.utils.telemetry.pulse.client.is_enabled", STUDENT, {}
        )
        self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
        self.assertFalse(response.json.get("message"))  # no telemetry off Frappe Cloud

    def test_rest_insert_refused_for_ineligible_type(self):
        before = self.count(EXTERNAL)
        response = self.request(
            "post",
            "/api/resource/HD Ticket",
            EXTERNAL,
            {"subject": "REST", "moeen_service": SERVICE_INTERNAL},
        )
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn(f"Service {SERVICE_INTERNAL}", response.text)
        self.assertEqual(self.count(EXTERNAL), before)

    def test_rest_insert_allowed_for_eligible_type(self):
        before = self.count(EXTERNAL)
        response = self.request(
            "post",
            "/api/resource/HD Ticket",
            EXTERNAL,
            {"subject": "REST ok", "moeen_service": SERVICE_EXTERNAL, "moeen_beneficiary_type": "Staff"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json["data"]
        self.assertEqual(data["moeen_beneficiary_type"], "External")
        self.assertEqual(data["moeen_channel"], "Portal")
        self.assertEqual(self.count(EXTERNAL), before + 1)

    def test_helpdesk_portal_api_refused_in_arabic(self):
        before = self.count(EXTERNAL)
        response = self.request(
            "post",
            "/api/method/helpdesk.helpdesk.doctype.hd_ticket.api.new",
            EXTERNAL,
            {"doc": {"subject": "portal", "description": "x", "moeen_service": SERVICE_INTERNAL}},
            lang="ar",
        )
        self.assertEqual(response.status_code, 403, response.text)
        messages = " ".join(json.loads(m)["message"] for m in json.loads(response.json["_server_messages"]))
        self.assertIn("غير مقدمة للمستفيدين", messages)
        self.assertEqual(self.count(EXTERNAL), before)

    def test_rest_update_of_protected_field_refused(self):
        response = self.request(
            "post", "/api/resource/HD Ticket", STUDENT, {"subject": "mine", "moeen_service": SERVICE_INTERNAL}
        )
        self.assertEqual(response.status_code, 200, response.text)
        name = response.json["data"]["name"]
        response = self.request(
            "put", f"/api/resource/HD Ticket/{name}", STUDENT, {"moeen_beneficiary_type": "Faculty"}
        )
        self.assertEqual(response.status_code, 403, response.text)
        frappe.db.rollback()
        self.assertEqual(frappe.db.get_value("HD Ticket", name, "moeen_beneficiary_type"), "Student")
