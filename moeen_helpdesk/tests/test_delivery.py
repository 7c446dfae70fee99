"""Measured delivery time beside the target (issue 15): the cached Moeen Service Delivery table is
refreshed from the stored business durations, shows no number from too few tickets, flags an
unusually loaded unit, is shown on the portal (API and pages, Arabic and English) and in the SLA
review with the same figures, and is not readable by a beneficiary."""

from datetime import timedelta

import frappe
from frappe.tests.test_api import make_request
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, get_test_client, now_datetime, today

from moeen_helpdesk import delivery
from moeen_helpdesk.api import portal as api
from moeen_helpdesk.calendars import ship_default_calendars
from moeen_helpdesk.tests.test_portal import language
from moeen_helpdesk.tests.utils import api_token, as_user, make_beneficiary, make_service, make_team

H = 3600
STUDENT = "it-delivery-student@moeen-it.test"
MEASURED = "IT-DLV-MEASURED"  # 8 tickets resolved in the window, 1 before it
FEW = "IT-DLV-FEW"  # 3 tickets: too few for a number
LOADED = "IT-DLV-LOADED"  # its unit has far more open tickets than usual
UNIT = "IT Delivery Unit"
GONE = "IT-DLV-GONE"
MINIMUM = 6
EN = "Usually within 5 working hours; 9 in 10 within 8 working hours (last 90 days)"
AR = "عادةً خلال 5 ساعات عمل؛ 9 من كل 10 خلال 8 ساعات عمل (آخر 90 يومًا)"
REST_STUDENT = "it-delivery-rest@moeen-it.test"
REST_SERVICE = "IT-DLV-REST"
NOTICE_EN = "Requests to this unit are taking longer than usual"


class TestDelivery(FrappeTestCase):
    def setUp(self):
        frappe.flags.mute_emails = True
        ship_default_calendars()
        frappe.db.set_single_value(
            "Moeen Settings", {"delivery_window_days": 90, "delivery_min_tickets": MINIMUM}
        )
        make_beneficiary(STUDENT, "Student")
        make_team(UNIT, "Tier 2", [])
        for code in (MEASURED, FEW, LOADED):
            make_service(code, calendar="Contact Center", resolution_target=2 * int(8.5 * H))
        frappe.db.set_value("Moeen Service", LOADED, "tier2_team", UNIT)
        # this class's tickets only (a rerun on the same site starts from none)
        frappe.db.delete("HD Ticket", {"moeen_service": ["in", [MEASURED, FEW, LOADED]]})
        now = now_datetime()
        # business hours 1..8 resolved two days ago, and one long ticket resolved before the window
        for hours in range(1, 9):
            self.ticket(MEASURED, now - timedelta(days=3), now - timedelta(days=2), hours * H)
        self.ticket(MEASURED, now - timedelta(days=120), now - timedelta(days=100), 400 * H)
        for hours in (1, 2, 3):
            self.ticket(FEW, now - timedelta(days=3), now - timedelta(days=2), hours * H)
        # the unit: 6 tickets opened and resolved the same day (nothing left open), 6 open now
        for _i in range(6):
            self.ticket(LOADED, now - timedelta(days=10), now - timedelta(days=10), None)
        for _i in range(6):
            self.ticket(LOADED, now - timedelta(hours=1), None, None)
        self.rows = delivery.refresh()

    def tearDown(self):
        frappe.db.rollback()
        frappe.set_user("Administrator")

    def ticket(self, service, created, resolved, seconds):
        doc = frappe.get_doc(
            {"doctype": "HD Ticket", "subject": "Delivery", "raised_by": STUDENT, "moeen_service": service}
        ).insert(ignore_permissions=True)
        values = {"creation": created, "resolution_date": resolved, "moeen_resolution_seconds": seconds or 0}
        values["moeen_sla_start"] = created if seconds is not None else None
        frappe.db.set_value("HD Ticket", doc.name, values, update_modified=False)
        return doc.name

    def row(self, service):
        return frappe.get_doc(delivery.DOCTYPE, service)

    # ------------------------------------------------------------------ the table
    def test_refresh_fills_the_table(self):
        self.assertGreaterEqual(self.rows, 3)
        self.assertEqual(frappe.db.count(delivery.DOCTYPE), frappe.db.count("Moeen Service"))
        row = self.row(MEASURED)
        self.assertEqual(
            (row.tickets, row.enough_data, row.window_days, row.min_tickets), (8, 1, 90, MINIMUM)
        )
        self.assertEqual((row.median_seconds, row.p90_seconds), (4.5 * H, 8 * H))  # the old ticket is out
        self.assertEqual((row.open_now, row.loaded), (0, 0))
        self.assertIsNotNone(row.refreshed_at)
        # a refresh replaces the rows: a shorter window leaves the measured tickets out
        frappe.db.set_single_value("Moeen Settings", "delivery_window_days", 1)
        delivery.refresh()
        self.assertEqual((self.row(MEASURED).tickets, self.row(MEASURED).enough_data), (0, 0))

    def test_too_few_tickets_give_no_number(self):
        row = self.row(FEW)
        self.assertEqual((row.tickets, row.enough_data), (3, 0))
        self.assertFalse(row.median_seconds)
        self.assertFalse(row.p90_seconds)
        with as_user(STUDENT), language("en"):
            entry = api.service(FEW)
        self.assertIsNone(entry["measured"])
        self.assertTrue(entry["resolution"]["text"])  # the target is still shown

    def test_unusually_loaded_unit(self):
        row = self.row(LOADED)
        self.assertEqual((row.unit, row.open_now, row.usual_open, row.loaded), (UNIT, 6, 0, 1))
        self.assertEqual(row.tickets, 0)
        with as_user(STUDENT), language("en"):
            entry = api.service(LOADED)
        self.assertEqual(entry["measured"]["loaded"], NOTICE_EN)
        self.assertEqual(entry["measured"]["text"], "")
        # resolving the open tickets ends the notice at the next refresh
        frappe.db.sql(
            "UPDATE `tabHD Ticket` SET resolution_date = %s WHERE moeen_service = %s AND resolution_date IS NULL",
            (now_datetime(), LOADED),
        )
        delivery.refresh()
        self.assertEqual((self.row(LOADED).open_now, self.row(LOADED).loaded), (0, 0))

    # ------------------------------------------------------------------ the portal
    def test_portal_api_shows_the_words(self):
        with as_user(STUDENT), language("en"):
            catalog = {s["code"]: s for s in api.catalog()["services"]}
            detail = api.service(MEASURED)
        self.assertEqual(catalog[MEASURED]["measured"]["text"], EN)
        self.assertEqual(detail["measured"]["text"], EN)
        self.assertEqual(detail["measured"]["tickets"], 8)
        self.assertEqual(catalog[MEASURED]["measured"]["loaded"], "")
        self.assertIsNone(catalog[FEW]["measured"])
        with as_user(STUDENT), language("ar"):
            catalog = {s["code"]: s for s in api.catalog()["services"]}
            loaded = api.service(LOADED)
        self.assertEqual(catalog[MEASURED]["measured"]["text"], AR)
        self.assertEqual(loaded["measured"]["loaded"], frappe._(NOTICE_EN, lang="ar"))
        self.assertNotEqual(frappe._(NOTICE_EN, lang="ar"), NOTICE_EN)

    def test_pages_show_the_words_in_both_languages(self):
        render = self.render
        status, html = render("/moeen", lang="en")
        self.assertEqual(status, 200, html[:300])
        self.assertIn(EN, html)
        self.assertIn(NOTICE_EN, html)
        status, html = render("/moeen/request", lang="ar", service=MEASURED)
        self.assertEqual(status, 200, html[:300])
        self.assertIn(AR, html)
        self.assertIn('id="measured-time"', html)
        status, html = render("/moeen/request", lang="en", service=FEW)
        self.assertEqual(status, 200, html[:300])
        self.assertNotIn('id="measured-time"', html)
        status, html = render("/moeen/request", lang="ar", service=LOADED)
        self.assertIn(frappe._(NOTICE_EN, lang="ar"), html)

    def render(self, path, **query):
        from moeen_helpdesk.tests.test_portal import TestPortal

        status, html, _headers = TestPortal.render(self, path, STUDENT, **query)
        return status, html

    # ------------------------------------------------------------------ who reads
    def test_beneficiary_cannot_read_the_table(self):
        with as_user(STUDENT):
            self.assertFalse(frappe.has_permission(delivery.DOCTYPE, "read"))
            self.assertEqual(delivery.for_services([MEASURED])[MEASURED].tickets, 8)  # the server reads it
            self.assertFalse(frappe.has_permission(delivery.DOCTYPE, "read", doc=self.row(MEASURED)))
            with self.assertRaises(frappe.PermissionError):
                frappe.client.get(delivery.DOCTYPE, MEASURED)
            with self.assertRaises(frappe.PermissionError):
                delivery.refresh_now()
        frappe.clear_messages()

    def test_nobody_edits_the_table(self):
        row = self.row(MEASURED)
        row.tickets = 1000
        with self.assertRaises(frappe.PermissionError):
            row.save(ignore_permissions=True)
        self.assertEqual(delivery.refresh_now()["rows"], self.rows)

    def test_the_cache_keeps_no_service_from_being_deleted(self):
        make_service(GONE)
        delivery.refresh()
        self.assertTrue(frappe.db.exists(delivery.DOCTYPE, GONE))
        frappe.delete_doc("Moeen Service", GONE, ignore_permissions=True)  # no force: links are checked
        self.assertFalse(frappe.db.exists("Moeen Service", GONE))
        delivery.refresh()
        self.assertFalse(frappe.db.exists(delivery.DOCTYPE, GONE))

    # ------------------------------------------------------------------ the review
    def test_review_shows_the_same_numbers(self):
        review = frappe.get_doc(
            {
                "doctype": "Moeen SLA Review",
                "period_from": add_days(today(), -30),
                "period_to": today(),
                "min_sample": 3,
                "target_share": 85,
            }
        ).insert()
        with language("ar"):
            review.fetch_figures()
        review.reload()
        items = {i.service: i for i in review.items}
        row = self.row(MEASURED)
        item = items[MEASURED]
        self.assertEqual(
            (item.delivery_tickets, item.delivery_median, item.delivery_p90), (8, 4.5 * H, 8 * H)
        )
        self.assertEqual((row.median_seconds, row.p90_seconds), (item.delivery_median, item.delivery_p90))
        self.assertEqual(item.delivery_words, AR)
        self.assertEqual((items[FEW].delivery_tickets, items[FEW].delivery_words), (3, ""))
        self.assertFalse(items[FEW].delivery_median)
        self.assertEqual((items[LOADED].delivery_loaded, items[MEASURED].delivery_loaded), (1, 0))


class TestDeliveryOverRest(FrappeTestCase):
    """Real HTTP requests (their own connection): this class commits its fixtures and removes them after."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = get_test_client()
        make_beneficiary(REST_STUDENT, "Student")
        make_service(REST_SERVICE)
        delivery.refresh()
        cls.token = api_token(REST_STUDENT)
        frappe.db.commit()  # nosemgrep: requests see only committed data

    @classmethod
    def tearDownClass(cls):
        frappe.db.delete(delivery.DOCTYPE, {"service": REST_SERVICE})
        frappe.delete_doc("Moeen Service", REST_SERVICE, force=True, ignore_permissions=True)
        frappe.delete_doc("Moeen Beneficiary", REST_STUDENT, force=True, ignore_permissions=True)
        frappe.delete_doc("User", REST_STUDENT, force=True, ignore_permissions=True)
        frappe.db.commit()  # nosemgrep
        super().tearDownClass()

    def get(self, path, token=None):
        headers = {"Authorization": token} if token else {}
        return make_request(target=self.client.get, args=(path,), kwargs={"headers": headers})

    def test_beneficiary_and_guest_cannot_read_the_table(self):
        self.assertTrue(frappe.db.exists(delivery.DOCTYPE, REST_SERVICE))
        for token in (self.token, None):
            one = self.get(f"/api/resource/{delivery.DOCTYPE}/{REST_SERVICE}", token)
            self.assertEqual(one.status_code, 403, one.get_data(as_text=True)[:300])
            listed = self.get(f"/api/resource/{delivery.DOCTYPE}", token)
            self.assertEqual(listed.status_code, 403, listed.get_data(as_text=True)[:300])
            self.assertNotIn(REST_SERVICE, listed.get_data(as_text=True))
