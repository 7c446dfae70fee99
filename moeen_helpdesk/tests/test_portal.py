"""The beneficiaries' portal: catalog by eligibility, times in words, contact center, requests with
extra fields, my tickets, the conversation (reply / close / reopen), attachment limits, language,
and the /moeen pages in Arabic (RTL) and English."""

import csv
import re
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_system_timezone, set_request

from moeen_helpdesk.api import portal as api
from moeen_helpdesk.calendars import ship_default_calendars
from moeen_helpdesk.core import review as review_core
from moeen_helpdesk.portal import attachments, fields, pages
from moeen_helpdesk.portal import language as portal_language
from moeen_helpdesk.tests.utils import (
    as_user,
    doc_hooks,
    make_agent,
    make_beneficiary,
    make_category,
    make_service,
    no_outgoing_email_account,
    outgoing_email_account,
    ticket_count,
)
from moeen_helpdesk.utils import NotEligibleError

STUDENT = "it-portal-student@moeen-it.test"
STUDENT2 = "it-portal-student2@moeen-it.test"
EXTERNAL = "it-portal-visitor@moeen-it.test"
AGENT = "it-portal-agent@moeen-it.test"
WORKING_DAY = int(8.5 * 3600)

INTERNAL = "IT-PORTAL-INT"  # students, staff, faculty; response 1 hour, resolution 2 working days
EXTERNAL_ONLY = "IT-PORTAL-EXT"  # external beneficiaries only
BOTH = "IT-PORTAL-ALL"  # everybody, an incident, 24/7 calendar
HIDDEN = "IT-PORTAL-HIDDEN"
RETIRED = "IT-PORTAL-OFF"
WITH_FIELDS = "IT-PORTAL-FIELDS"
FILE_HOOK = ("File", "before_insert", "moeen_helpdesk.overrides.file.before_insert")
APP = Path(__file__).resolve().parent.parent


def riyadh(*args) -> datetime:
    """A wall time in Riyadh as the site's naive time (what freeze_time and Frappe expect)."""
    aware = datetime(*args, tzinfo=ZoneInfo("Asia/Riyadh"))
    return aware.astimezone(ZoneInfo(get_system_timezone())).replace(tzinfo=None)


def file_hook():
    """The File before_insert limit, whether or not hooks.py wires it yet."""
    return doc_hooks(FILE_HOOK)


@contextmanager
def language(lang: str):
    previous = frappe.local.lang
    frappe.local.lang = lang
    try:
        yield
    finally:
        frappe.local.lang = previous


def blank_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(72, 72)
    writer.write(out)
    return out.getvalue()


def add_field(
    service: str,
    label_en: str,
    label_ar: str,
    fieldtype: str = "Data",
    required: int = 0,
    options: str | None = None,
) -> str:
    """An extra field row (inserted directly: works whether or not Moeen Service has the table yet)."""
    idx = frappe.db.count(fields.FIELD, {"parent": service}) + 1
    row = frappe.get_doc(
        {
            "doctype": fields.FIELD,
            "parent": service,
            "parenttype": fields.SERVICE,
            "parentfield": "extra_fields",
            "idx": idx,
            "label_en": label_en,
            "label_ar": label_ar,
            "fieldtype": fieldtype,
            "required": required,
            "options": options,
        }
    )
    row.db_insert()
    return row.name


class TestPortal(FrappeTestCase):
    def setUp(self):
        outgoing_email_account(self)  # e-mails are muted: with no account Frappe's dummy cannot send

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        frappe.flags.mute_emails = True
        ship_default_calendars()
        make_beneficiary(STUDENT, "Student")
        make_beneficiary(STUDENT2, "Student")
        make_beneficiary(EXTERNAL, "External")
        make_agent(AGENT)
        make_category("IT-CAT")
        make_category("IT-CAT2")
        cc = "Contact Center"
        make_service(
            INTERNAL,
            calendar=cc,
            response_target=3600,
            resolution_target=2 * WORKING_DAY,
            service_name_ar="إعادة تعيين كلمة المرور",
            service_name_en="Password reset",
            description_en="<p>Forgotten <b>password</b> of the university account</p>",
        )
        make_service(
            EXTERNAL_ONLY, calendar=cc, allow_student=0, allow_staff=0, allow_faculty=0, allow_external=1
        )
        make_service(
            BOTH,
            category="IT-CAT2",
            kind="Incident",
            calendar="Portal 24x7",
            allow_external=1,
            response_target=2 * 3600,
            resolution_target=2 * 86400,
        )
        make_service(HIDDEN, calendar=cc, portal_visible=0)
        make_service(RETIRED, calendar=cc, is_active=0)
        make_service(WITH_FIELDS, calendar=cc)
        if not frappe.db.count(fields.FIELD, {"parent": WITH_FIELDS}):
            add_field(WITH_FIELDS, "Student ID", "الرقم الجامعي", required=1)
            add_field(
                WITH_FIELDS, "Campus", "المقر", "Select", options="Main|المقر الرئيسي\nNorth|الفرع الشمالي"
            )
            add_field(WITH_FIELDS, "Since", "منذ", "Date")
        cls.fields = {f["label_en"]: f["key"] for f in fields.service_fields(WITH_FIELDS)}

    def tearDown(self):
        frappe.set_user("Administrator")
        frappe.local.lang = "en"

    # ------------------------------------------------------------------ catalog
    def codes(self, user, **kw):
        with as_user(user):
            return {s["code"] for s in api.catalog(**kw)["services"]}

    def test_catalog_only_eligible_services(self):
        student = self.codes(STUDENT)
        external = self.codes(EXTERNAL)
        self.assertTrue({INTERNAL, BOTH, WITH_FIELDS} <= student)
        self.assertNotIn(EXTERNAL_ONLY, student)
        self.assertTrue({EXTERNAL_ONLY, BOTH} <= external)
        self.assertFalse({INTERNAL, WITH_FIELDS} & external)
        for hidden in (HIDDEN, RETIRED):
            self.assertNotIn(hidden, student | external)

    def test_catalog_times_in_words_and_hours(self):
        with as_user(STUDENT):
            services = {s["code"]: s for s in api.catalog()["services"]}
        s = services[INTERNAL]
        self.assertEqual(s["response"]["text"], "within 1 working hour")
        self.assertEqual(s["resolution"]["text"], "within 2 working days")
        self.assertEqual((s["resolution"]["value"], s["resolution"]["unit"]), (2, "working days"))
        self.assertIn("Sunday to Thursday", s["hours"])
        self.assertIn("07:30–16:00", s["hours"])
        self.assertEqual(services[BOTH]["resolution"]["text"], "within 2 days")  # a 24/7 calendar counts days
        self.assertEqual(services[BOTH]["response"]["text"], "within 2 hours")
        self.assertEqual(services[BOTH]["hours"], "Around the clock")
        self.assertTrue(services[WITH_FIELDS]["has_fields"])
        self.assertFalse(s["has_fields"])
        with as_user(STUDENT), language("ar"):
            services = {s["code"]: s for s in api.catalog()["services"]}
        s = services[INTERNAL]
        self.assertEqual(s["resolution"]["text"], "خلال يومي عمل")
        self.assertEqual(s["response"]["text"], "خلال ساعة عمل")
        self.assertEqual(s["name"], "إعادة تعيين كلمة المرور")
        self.assertIn("من الأحد إلى الخميس", s["hours"])
        self.assertEqual(services[BOTH]["hours"], "على مدار الساعة")
        self.assertEqual(services[BOTH]["kind_label"], "بلاغ")

    def test_arabic_number_agreement(self):
        cases = {
            3600: "خلال ساعة عمل",
            7200: "خلال ساعتي عمل",
            3 * 3600: "خلال 3 ساعات عمل",
            11 * 3600: "خلال 11 ساعة عمل",
            5400: "خلال ساعة عمل ونصف",
            2700: "خلال 45 دقيقة",
            120: "خلال دقيقتين",
            600: "خلال 10 دقائق",
            WORKING_DAY: "خلال يوم عمل",
            2 * WORKING_DAY: "خلال يومي عمل",
            5 * WORKING_DAY: "خلال 5 أيام عمل",
            12 * WORKING_DAY: "خلال 12 يوم عمل",
        }
        for seconds, text in cases.items():
            self.assertEqual(review_core.duration_words(seconds, language="ar")["text"], text, seconds)
        round_the_clock = {
            3600: "خلال ساعة",
            7200: "خلال ساعتين",
            11 * 3600: "خلال 11 ساعة",
            2 * 86400: "خلال يومين",
            3 * 86400: "خلال 3 أيام",
            11 * 86400: "خلال 11 يومًا",
        }
        for seconds, text in round_the_clock.items():
            self.assertEqual(
                review_core.duration_words(seconds, 86400, True, language="ar")["text"], text, seconds
            )
        self.assertEqual(
            review_core.duration_words(1.5 * WORKING_DAY, language="en")["text"], "within 1.5 working days"
        )
        self.assertEqual(review_core.duration_words(60, language="en")["text"], "within 1 minute")
        self.assertIsNone(review_core.duration_words(0))

    def test_catalog_search_and_category(self):
        ours = {INTERNAL, BOTH, WITH_FIELDS}  # the site may hold other services (the demo catalog)
        # folded Arabic letters: «اعاده» finds «إعادة»
        self.assertEqual(self.codes(STUDENT, search="اعاده تعيين") & ours, {INTERNAL})
        self.assertEqual(self.codes(STUDENT, search="PASSWORD university") & ours, {INTERNAL})
        self.assertIn(BOTH, self.codes(STUDENT, category="IT-CAT2"))
        self.assertNotIn(INTERNAL, self.codes(STUDENT, category="IT-CAT2"))
        with as_user(STUDENT):
            cats = {c["code"]: c["count"] for c in api.catalog()["categories"]}
        self.assertGreaterEqual(cats["IT-CAT2"], 1)

    def test_guest_is_refused(self):
        with as_user("Guest"):
            for call in (api.catalog, api.my_tickets):
                with self.assertRaises(frappe.PermissionError):
                    call()

    # ------------------------------------------------------------------ contact center
    def test_contact_center_open_now(self):
        with self.freeze_time(riyadh(2026, 11, 29, 10, 0)):  # a Sunday
            cc = api.contact_center()
        self.assertEqual(cc["phone"], "0114675557")
        self.assertTrue(cc["open_now"])
        self.assertIn("Sunday to Thursday", cc["hours"])
        self.assertIn("07:30–16:00", cc["hours"])
        with self.freeze_time(riyadh(2026, 11, 27, 10, 0)), language("ar"):  # a Friday
            cc = api.contact_center()
        self.assertFalse(cc["open_now"])
        self.assertEqual(cc["status_text"], "مغلق الآن")
        self.assertEqual(cc["name"], "مركز الاتصال الموحد")
        self.assertIn("07:30", cc["next_open"]["text"])
        self.assertIn("الأحد", cc["next_open"]["text"])
        with self.freeze_time(riyadh(2026, 11, 29, 16, 30)):  # Sunday after hours
            self.assertFalse(api.contact_center()["open_now"])

    # ------------------------------------------------------------------ requests
    def test_request_creates_ticket_with_due_times(self):
        with self.freeze_time(riyadh(2026, 11, 29, 10, 0)), as_user(STUDENT):
            out = api.request(INTERNAL, "Cannot log in", "It says my password expired.\n\nPlease help.")
        doc = frappe.get_doc("HD Ticket", out["name"])
        self.assertEqual(doc.raised_by, STUDENT)
        self.assertEqual(doc.moeen_service, INTERNAL)
        self.assertEqual(doc.moeen_channel, "Portal")
        self.assertEqual(doc.moeen_beneficiary_type, "Student")
        self.assertIn("<p>Please help.</p>", doc.description)
        self.assertTrue(out["response_by"]["iso"].startswith("2026-11-29T11:00:00+03:00"), out["response_by"])
        # two working days of 8.5 h from Sunday 10:00: Tuesday 10:00
        self.assertTrue(
            out["resolution_by"]["iso"].startswith("2026-12-01T10:00:00+03:00"), out["resolution_by"]
        )
        self.assertIn("11:00", out["response_by"]["text"])
        self.assertEqual(out["due"]["label"], "Response expected by")
        self.assertEqual(out["url"], f"/moeen/ticket?name={doc.name}")
        self.assertIn(str(doc.name), out["message"])
        self.assertTrue(
            frappe.db.exists("Communication", {"reference_doctype": "HD Ticket", "reference_name": doc.name})
        )

    def test_ineligible_request_refused_translated(self):
        before = ticket_count()
        with as_user(EXTERNAL), language("ar"), self.assertRaises(NotEligibleError) as ctx:
            api.request(INTERNAL, "x", "y")
        self.assertIn("غير مقدمة للمستفيدين", str(ctx.exception))
        with as_user(STUDENT), self.assertRaises(NotEligibleError) as ctx:
            api.request(HIDDEN, "x", "y")
        self.assertIn("cannot be requested through the portal", str(ctx.exception))
        with as_user(STUDENT), self.assertRaises(NotEligibleError):
            api.request(RETIRED, "x", "y")
        with as_user(STUDENT), self.assertRaises(frappe.DoesNotExistError):
            api.request("NO-SUCH-SERVICE", "x", "y")
        with as_user(EXTERNAL), self.assertRaises(NotEligibleError):
            api.service(INTERNAL)
        self.assertEqual(ticket_count(), before)

    def test_request_checks_subject_and_description(self):
        with as_user(STUDENT):
            with self.assertRaises(frappe.MandatoryError):
                api.request(INTERNAL, "  ", "text")
            with self.assertRaises(frappe.ValidationError):
                api.request(INTERNAL, "x" * 141, "text")

    def test_extra_fields_checked_and_stored(self):
        f = self.fields
        with as_user(STUDENT):
            detail = api.service(WITH_FIELDS)
            self.assertEqual([x["label"] for x in detail["fields"]], ["Student ID", "Campus", "Since"])
            self.assertEqual([o["value"] for o in detail["fields"][1]["options"]], ["Main", "North"])
            before = ticket_count()
            with self.assertRaises(frappe.MandatoryError):
                api.request(WITH_FIELDS, "s", "d", {f["Campus"]: "Main"})
            with self.assertRaises(frappe.ValidationError):
                api.request(WITH_FIELDS, "s", "d", {f["Student ID"]: "441", f["Campus"]: "Moon"})
            with self.assertRaises(frappe.ValidationError):
                api.request(WITH_FIELDS, "s", "d", {f["Student ID"]: "441", f["Since"]: "not a date"})
            with self.assertRaises(frappe.ValidationError):
                api.request(WITH_FIELDS, "s", "d", {f["Student ID"]: "441", "bogus": "1"})
            self.assertEqual(ticket_count(), before)
            out = api.request(
                WITH_FIELDS,
                "s",
                "d",
                {f["Student ID"]: "<b>441</b>", f["Campus"]: "North", f["Since"]: "2026-11-01"},
            )
        description = frappe.db.get_value("HD Ticket", out["name"], "description")
        self.assertIn("الرقم الجامعي / Student ID", description)
        self.assertIn("&lt;b&gt;441&lt;/b&gt;", description)  # escaped, never markup
        self.assertIn("الفرع الشمالي / North", description)
        self.assertIn("2026-11-01", description)

    # ------------------------------------------------------------------ my tickets and the conversation
    def test_my_tickets_only_mine_and_waiting_label(self):
        with as_user(STUDENT):
            mine = api.request(INTERNAL, "Mine", "text")["name"]
        with as_user(STUDENT2):
            theirs = api.request(INTERNAL, "Theirs", "text")["name"]
        with as_user(STUDENT):
            names = [t["name"] for t in api.my_tickets()]
            self.assertIn(mine, names)
            self.assertNotIn(theirs, names)
            with self.assertRaises(frappe.PermissionError):
                api.ticket(theirs)
            with self.assertRaises(frappe.PermissionError):
                api.reply(theirs, "hello")
        doc = frappe.get_doc("HD Ticket", mine)
        doc.status = "Replied"  # an agent asked the beneficiary something
        doc.save(ignore_permissions=True)
        with as_user(STUDENT):
            row = next(t for t in api.my_tickets("waiting") if t["name"] == mine)
            self.assertTrue(row["waiting_for_you"])
            self.assertEqual(row["status_label"], "Awaiting Response")
            self.assertEqual(row["due"]["label"], "Waiting for your reply")
            self.assertNotIn(mine, [t["name"] for t in api.my_tickets("resolved")])
            with language("ar"):
                row = next(t for t in api.my_tickets() if t["name"] == mine)
            self.assertEqual(row["status_label"], "بانتظار ردك")

    def test_reply_close_reopen(self):
        with as_user(STUDENT):
            name = api.request(INTERNAL, "Conversation", "first message")["name"]
        frappe.db.set_value("HD Ticket", name, "status", "Replied")
        with as_user(STUDENT):
            out = api.reply(name, "Here is my answer")
            self.assertEqual(out["status"], "Open")  # back to the team
            detail = api.ticket(name)
        self.assertEqual(len(detail["messages"]), 2)
        self.assertTrue(detail["messages"][-1]["mine"])
        self.assertIn("Here is my answer", detail["messages"][-1]["content"])
        self.assertEqual(detail["messages"][-1]["author"], "You")
        with as_user(STUDENT), self.assertRaises(frappe.ValidationError):
            api.reopen(name)  # not resolved
        doc = frappe.get_doc("HD Ticket", name)
        doc.status = "Resolved"
        doc.save(ignore_permissions=True)
        with as_user(STUDENT):
            self.assertTrue(api.ticket(name)["can_reopen"])
            self.assertEqual(api.reopen(name)["status"], "Open")
            out = api.close(name)
            self.assertEqual(out["status"], "Closed")
            self.assertFalse(out["can_reply"])
            with self.assertRaises(frappe.ValidationError):
                api.reply(name, "again")
            with self.assertRaises(frappe.ValidationError):
                api.reopen(name)
            with self.assertRaises(frappe.ValidationError):
                api.close(name)
            with language("ar"):
                self.assertEqual(api.ticket(name)["status_label"], "مغلقة")

    def test_reopen_after_an_agents_answer(self):
        """Helpdesk asks for feedback when a resolved ticket with an agent's reply changes; reopening
        and replying from the portal still work."""
        with as_user(STUDENT):
            name = api.request(INTERNAL, "Answered", "question")["name"]
        frappe.get_doc(
            {
                "doctype": "Communication",
                "communication_type": "Communication",
                "communication_medium": "Email",
                "sent_or_received": "Sent",
                "sender": AGENT,
                "content": "<p>Done, please check.</p>",
                "subject": "Re: Answered",
                "reference_doctype": "HD Ticket",
                "reference_name": name,
            }
        ).insert(ignore_permissions=True)
        doc = frappe.get_doc("HD Ticket", name)
        doc.status = "Resolved"
        doc.save(ignore_permissions=True)
        with as_user(STUDENT):
            detail = api.ticket(name)
            self.assertTrue(detail["messages"][-1]["from_support"])
            self.assertEqual(api.reopen(name)["status"], "Open")
        doc = frappe.get_doc("HD Ticket", name)
        doc.status = "Resolved"
        doc.save(ignore_permissions=True)
        with as_user(STUDENT):
            self.assertEqual(api.reply(name, "Still broken")["status"], "Open")

    # ------------------------------------------------------------------ attachments
    def make_file(self, ticket: str, name: str, content: bytes):
        return frappe.get_doc(
            {
                "doctype": "File",
                "file_name": name,
                "attached_to_doctype": "HD Ticket",
                "attached_to_name": ticket,
                "is_private": 1,
                "content": content,
            }
        ).insert()

    def test_attachment_limits(self):
        with as_user(STUDENT):
            ticket = api.request(INTERNAL, "Files", "see attached")["name"]
        pdf = blank_pdf()
        with file_hook(), as_user(STUDENT):
            self.make_file(ticket, "report.pdf", pdf)
            self.make_file(ticket, "notes.txt", "ملاحظات".encode())
            with self.assertRaises(frappe.ValidationError):
                self.make_file(ticket, "tool.exe", b"MZ\x90\x00")
            with self.assertRaises(frappe.ValidationError):
                self.make_file(ticket, "photo.png", pdf)  # content is not what the name says
            with self.assertRaises(frappe.ValidationError) as ctx:
                self.make_file(ticket, "big.txt", b"0" * (10 * 1024 * 1024 + 1))
            self.assertIn("10 MB", str(ctx.exception))
            detail = api.ticket(ticket)
        self.assertEqual(sorted(f["file_name"] for f in detail["attachments"]), ["notes.txt", "report.pdf"])
        with file_hook(), as_user(AGENT):  # agents are not limited by the portal's rules
            self.make_file(ticket, "trace.log", b"log")
        # the check itself, without the hook
        with self.assertRaises(frappe.ValidationError):
            attachments.check_attachment("archive.zip", 10)
        attachments.check_attachment("sheet.xlsx", 5 * 1024 * 1024, b"PK\x03\x04rest")

    # ------------------------------------------------------------------ language
    def test_set_language_remembered(self):
        with as_user(STUDENT):
            self.assertEqual(api.set_language("en"), {"lang": "en"})
            self.assertEqual(portal_language.page_language(None), "en")
            self.assertEqual(portal_language.page_language("ar"), "ar")  # ?lang= wins
            with self.assertRaises(frappe.ValidationError):
                api.set_language("fr")
            api.set_language("ar")
        self.assertEqual(frappe.db.get_value("Moeen Beneficiary", STUDENT, "preferred_language"), "ar")

    # ------------------------------------------------------------------ pages
    def render(self, path: str, user: str, **query):
        from frappe.website.serve import get_response

        previous = getattr(frappe.local, "request", None)
        frappe.set_user(user)
        frappe.local.form_dict = frappe._dict(query)
        set_request(method="GET", path=path, query_string=query)
        try:
            response = get_response(path)
            return response.status_code, response.get_data(as_text=True), response.headers
        finally:
            frappe.local.request = previous
            frappe.local.form_dict = frappe._dict()
            frappe.local.lang = "en"
            frappe.local.flags.redirect_location = None
            frappe.set_user("Administrator")

    def test_pages_arabic_and_english(self):
        with as_user(STUDENT):
            api.set_language("ar")
            name = api.request(INTERNAL, "Page test", "text")["name"]
        status, html, _h = self.render("/moeen", STUDENT)
        self.assertEqual(status, 200, html[:500])
        self.assertIn('<html lang="ar" dir="rtl">', html)
        self.assertIn("منصة خدمات معين", html)
        self.assertIn("إعادة تعيين كلمة المرور", html)
        self.assertIn("خلال يومي عمل", html)
        self.assertIn("0114675557", html)
        self.assertNotIn(EXTERNAL_ONLY, html)
        # the script and styles are files of public/ (served from /assets), not pasted into the page
        for path in (pages.PORTAL_JS, pages.PORTAL_CSS):
            self.assertIn(f"/assets/moeen_helpdesk/{path}?v=", html)
            self.assertTrue((APP / "public" / path).is_file(), path)
        self.assertNotIn("function __(", html)
        status, html, _h = self.render("/moeen", STUDENT, lang="en", q="password")
        self.assertIn('<html lang="en" dir="ltr">', html)
        self.assertIn("Password reset", html)
        self.assertIn("within 2 working days", html)
        self.assertNotIn(BOTH, html)  # filtered by the search

        status, html, _h = self.render("/moeen/request", STUDENT, service=WITH_FIELDS)
        self.assertEqual(status, 200)
        self.assertIn('id="request-form"', html)
        self.assertIn('<label for="field-1">الرقم الجامعي', html)
        self.assertIn("الفرع الشمالي", html)
        status, html, _h = self.render("/moeen/request", EXTERNAL, service=INTERNAL, lang="en")
        self.assertEqual(status, 403)
        self.assertIn("is not offered to", html)

        status, html, _h = self.render("/moeen/tickets", STUDENT)
        self.assertEqual(status, 200)
        self.assertIn(f'data-ticket="{name}"', html)
        self.assertIn("تذاكري", html)
        status, html, _h = self.render("/moeen/ticket", STUDENT, name=name, lang="en")
        self.assertEqual(status, 200)
        self.assertIn('id="reply-form"', html)
        self.assertIn("Page test", html)
        self.assertIn("Response expected by", html)
        status, html, _h = self.render("/moeen/ticket", STUDENT2, name=name)
        self.assertEqual(status, 403)
        self.assertIn("لا يمكنك الاطلاع على هذه التذكرة", html)

    def test_resolved_ticket_offers_its_survey_without_email(self):
        from moeen_helpdesk.surveys.shipped import ship_default_templates

        ship_default_templates()
        with no_outgoing_email_account():
            with as_user(STUDENT):
                name = api.request(INTERNAL, "Survey offer", "text")["name"]
            status, html, _h = self.render("/moeen/ticket", STUDENT, name=name, lang="en")
            self.assertNotIn('id="ticket-survey"', html)  # not resolved yet
            doc = frappe.get_doc("HD Ticket", name)
            doc.status = "Resolved"
            doc.save(ignore_permissions=True)
            status, html, _h = self.render("/moeen/ticket", STUDENT, name=name, lang="en")
            self.assertEqual(status, 200)
            self.assertIn('id="ticket-survey"', html)  # at once, though no e-mail can go out
            self.assertRegex(html, r'id="ticket-survey-link"|/moeen-survey\?token=')
            self.assertIn("via=portal", html)
            status, html, _h = self.render("/moeen/tickets", STUDENT, lang="en")
            self.assertEqual(status, 200)
            self.assertIn('id="pending-surveys"', html)
            self.assertIn(f"#{name}", html)
            status, html, _h = self.render("/moeen/tickets", STUDENT2, lang="en")
            self.assertNotIn(f"#{name}<", html)

    def test_resolved_ticket_shows_what_was_done(self):
        """A resolved ticket: the resolution block (note, unit, time) instead of the due times,
        reopen while the window lasts, and no plain reply box."""
        with as_user(STUDENT):
            api.set_language("en")
            name = api.request(INTERNAL, "Resolved page", "text")["name"]
        doc = frappe.get_doc("HD Ticket", name)
        doc.status = "Resolved"
        doc.save(ignore_permissions=True)
        frappe.get_doc(
            {
                "doctype": "Moeen Tier Transition",
                "ticket": name,
                "action": "resolve",
                "from_state": "Tier 1",
                "to_state": "Resolved",
                "team_before": doc.agent_group,
                "team_after": doc.agent_group,
                "at": frappe.utils.now_datetime(),
                "reason": "Your password was reset; check your inbox",
            }
        ).insert(ignore_permissions=True)
        frappe.db.set_single_value("Moeen Settings", "reopen_window_days", 14)
        status, html, _h = self.render("/moeen/ticket", STUDENT, name=name, lang="en")
        self.assertEqual(status, 200, html[:500])
        self.assertIn('id="resolution"', html)
        self.assertIn("What was done", html)
        self.assertIn("Your password was reset; check your inbox", html)
        self.assertIn('id="resolved-on"', html)
        self.assertNotIn("Expected to be fulfilled by", html)
        self.assertNotIn('id="response-by"', html)
        self.assertNotIn('id="reply-form"', html)
        self.assertIn('data-action="reopen"', html)
        self.assertIn("You can reopen the ticket until", html)
        status, html, _h = self.render("/moeen/ticket", STUDENT, name=name, lang="ar")
        self.assertIn("ما تم تنفيذه", html)
        self.assertNotIn("الموعد المتوقع لتنفيذ الطلب", html)

        # past the window: no reopen on the page, and the API refuses it (nothing changes)
        frappe.db.set_value(
            "HD Ticket", name, "resolution_date", frappe.utils.add_days(frappe.utils.now_datetime(), -15)
        )
        status, html, _h = self.render("/moeen/ticket", STUDENT, name=name, lang="en")
        self.assertNotIn('data-action="reopen"', html)
        with as_user(STUDENT), self.assertRaises(frappe.ValidationError):
            api.reopen(name)
        self.assertEqual(frappe.db.get_value("HD Ticket", name, "status"), "Resolved")
        frappe.db.set_single_value("Moeen Settings", "reopen_window_days", 0)  # no limit
        with as_user(STUDENT):
            self.assertEqual(api.reopen(name)["status_category"], "Open")

    def test_guest_redirected_to_login(self):
        status, _html, headers = self.render("/moeen/tickets", "Guest", status="open")
        self.assertEqual(status, 302)
        self.assertTrue(
            headers["Location"].startswith("/login?redirect-to=%2Fmoeen%2Ftickets"), headers["Location"]
        )

    # ------------------------------------------------------------------ translations
    def test_template_strings_have_arabic_rows(self):
        """scripts/update_translations.py reads _() in Python and __() in scripts; the pages' Jinja
        _() calls are checked here."""
        with (APP / "translations" / "ar.csv").open(encoding="utf-8") as fh:
            have = {row[0] for row in csv.reader(fh) if row}
        call = re.compile(r"""(?<![\w.])_\(\s*(["'])((?:\\.|(?!\1).)*)\1\s*[,)]""")
        missing = set()
        for folder in (APP / "www" / "moeen", APP / "templates" / "moeen"):
            for path in folder.glob("*.html"):
                missing |= {m.group(2) for m in call.finditer(path.read_text(encoding="utf-8"))} - have
        missing |= set(pages.js_strings()) - have
        self.assertEqual(missing, set())
        frappe.local.lang = "ar"
        self.assertEqual(pages.js_messages("ar")["Sending…"], "جارٍ الإرسال…")
