"""Knowledge articles before a ticket (issue 15): the request form's suggestions (published
articles only, related ones first, only for a service the user may request), the deflection
records (suggested, opened, solved without a ticket; deduplicated; read-only and private), the
report of the figures per service, drafts hidden from beneficiaries, and an agent's draft article
from a resolved ticket's answer."""

import json

import frappe
from frappe.tests.test_api import make_request
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, get_test_client, now_datetime

from moeen_helpdesk.api import knowledge as api
from moeen_helpdesk.beneficiaries import ensure_profile, ensure_role
from moeen_helpdesk.guard.errors import InvalidArguments
from moeen_helpdesk.knowledge import articles, deflection
from moeen_helpdesk.moeen_helpdesk.report.knowledge_deflection_by_service import (
    knowledge_deflection_by_service as report,
)
from moeen_helpdesk.tests.utils import (
    api_token,
    as_user,
    make_agent,
    make_service,
    make_website_user,
    ticket_count,
)
from moeen_helpdesk.tests.utils import make_beneficiary as make_profile
from moeen_helpdesk.utils import NotEligibleError

STUDENT = "it-kb-student@moeen-it.test"
STUDENT2 = "it-kb-student2@moeen-it.test"
REST_STUDENT = "it-kb-rest@moeen-it.test"
AGENT = "it-kb-agent@moeen-it.test"
SERVICE = "IT-KB-PASSWORD"
STAFF_ONLY = "IT-KB-STAFF"
DEFLECTION = deflection.DOCTYPE
SUBJECT = "نسيت كلمة المرور"


def make_beneficiary(email: str, beneficiary_type: str) -> str:
    """A beneficiary, also when a reinstalled app finds the user without its profile and role."""
    make_website_user(email)
    ensure_profile(email)
    ensure_role(email)
    return make_profile(email, beneficiary_type)


def make_article(title: str, status: str = "Published", content: str = "<p>الخطوات: افتح صفحة الدخول.</p>"):
    return (
        frappe.get_doc({"doctype": "HD Article", "title": title, "content": content, "status": status})
        .insert(ignore_permissions=True)
        .name
    )


class TestKnowledge(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        frappe.flags.mute_emails = True
        make_beneficiary(STUDENT, "Student")
        make_beneficiary(STUDENT2, "Student")
        make_agent(AGENT, roles=("Agent", "Tier 1 Agent"))
        make_service(SERVICE, allow_external=1)  # the agent's own type (its e-mail's domain) may request it
        make_service(STAFF_ONLY, allow_student=0, allow_staff=1)
        frappe.db.delete(DEFLECTION, {"user": ["in", [STUDENT, STUDENT2, AGENT]]})
        # two published articles on resetting a password (one related to the service), and
        # a draft and an archived one with the same words
        self.related = make_article("إعادة تعيين كلمة المرور للبوابة")
        self.other = make_article("إعادةُ تعيين كلمة المرور للبريد الجامعي")
        self.draft = make_article("كلمة المرور: مسودة داخلية", "Draft", "<p>سر داخلي</p>")
        self.archived = make_article("كلمة المرور القديمة", "Archived")
        self.unrelated = make_article("طباعة المستندات في المكتبة")
        doc = frappe.get_doc("Moeen Service", SERVICE)
        doc.set("related_articles", [{"article": self.related}, {"article": self.draft}])
        doc.save(ignore_permissions=True)
        articles.forget()

    def tearDown(self):
        frappe.db.rollback()
        frappe.set_user("Administrator")
        articles.forget()

    def rows(self, user=STUDENT, **filters):
        return frappe.get_all(
            DEFLECTION,
            filters={"user": user, **filters},
            fields=["article", "event", "service", "beneficiary_type"],
        )

    # ------------------------------------------------------------------ suggestions
    def test_suggestions_are_published_related_first_arabic_aware(self):
        with as_user(STUDENT):
            # «كلمه» (ha for ta marbuta), no article on «مرور»: the same words
            names = [a["name"] for a in api.suggest_articles(SERVICE, "كلمه مرور")["articles"]]
        mine = {self.related, self.other, self.draft, self.archived, self.unrelated}
        self.assertEqual([n for n in names if n in mine], [self.related, self.other])
        self.assertNotIn(self.draft, names)
        self.assertNotIn(self.archived, names)
        with as_user(STUDENT):
            out = api.suggest_articles(SERVICE, "")
        # nothing typed: the service's published related articles only (never its draft)
        self.assertEqual([a["name"] for a in out["articles"]], [self.related])
        self.assertTrue(out["articles"][0]["related"])

    def test_ineligible_or_unknown_service_is_refused_and_nothing_recorded(self):
        with as_user(STUDENT), self.assertRaises(NotEligibleError):
            api.suggest_articles(STAFF_ONLY, SUBJECT)
        with as_user(STUDENT), self.assertRaises(NotEligibleError):
            api.article_solved(STAFF_ONLY, self.related)
        with as_user(STUDENT), self.assertRaises(frappe.DoesNotExistError):
            api.suggest_articles("IT-KB-NO-SUCH-SERVICE", SUBJECT)
        with as_user("Guest"), self.assertRaises(frappe.PermissionError):
            api.suggest_articles(SERVICE, SUBJECT)
        self.assertEqual(self.rows(), [])

    def test_a_draft_or_archived_article_is_not_found(self):
        for name in (self.draft, self.archived, "no-such-article"):
            with as_user(STUDENT), self.assertRaises(frappe.DoesNotExistError):
                api.open_article(SERVICE, name)
            with as_user(STUDENT), self.assertRaises(frappe.DoesNotExistError):
                api.article_solved(SERVICE, name)
        self.assertEqual(self.rows(), [])

    # ------------------------------------------------------------------ deflection
    def test_suggested_opened_solved_recorded_once_and_no_ticket(self):
        before = ticket_count()
        with as_user(STUDENT):
            for _i in range(3):  # the subject typed again and again: one row per article
                api.suggest_articles(SERVICE, SUBJECT)
            opened = api.open_article(SERVICE, self.related)
            api.open_article(SERVICE, self.related)
            solved = api.article_solved(SERVICE, self.related)
            api.article_solved(SERVICE, self.related)
        self.assertEqual(opened["title"], "إعادة تعيين كلمة المرور للبوابة")
        self.assertIn("صفحة الدخول", opened["content_html"])
        self.assertTrue(solved["message"])
        self.assertEqual(ticket_count(), before)
        got = sorted((r.article, r.event) for r in self.rows() if r.article in (self.related, self.other))
        self.assertEqual(
            got,
            sorted(
                [
                    (self.related, "Suggested"),
                    (self.other, "Suggested"),
                    (self.related, "Opened"),
                    (self.related, "Solved"),
                ]
            ),  # fmt: skip
        )
        self.assertEqual({(r.service, r.beneficiary_type) for r in self.rows()}, {(SERVICE, "Student")})

    def test_each_event_implies_the_earlier_ones_and_the_window_ends(self):
        with as_user(STUDENT):
            api.article_solved(SERVICE, self.other)
        self.assertEqual(sorted(r.event for r in self.rows()), ["Opened", "Solved", "Suggested"])
        # an hour later the same article solved again is a new need met
        later = add_to_date(now_datetime(), hours=1)
        with as_user(STUDENT):  # the API records the session user's own events
            self.assertEqual(deflection.record(STUDENT, SERVICE, [self.other], "Solved", later), 3)
            self.assertEqual(deflection.record(STUDENT, SERVICE, [self.other], "Solved", later), 0)

    def test_an_agent_trying_the_form_is_not_recorded(self):
        with as_user(AGENT):
            self.assertTrue(api.suggest_articles(SERVICE, SUBJECT)["articles"])
            api.article_solved(SERVICE, self.related)
        self.assertEqual(self.rows(AGENT), [])

    def test_a_student_cannot_write_or_read_others_records(self):
        with as_user(STUDENT):
            api.article_solved(SERVICE, self.related)
        mine = frappe.get_all(DEFLECTION, {"user": STUDENT}, pluck="name")
        self.assertTrue(mine)
        with as_user(STUDENT):
            self.assertEqual(set(frappe.get_list(DEFLECTION, pluck="name")), set(mine))
            with self.assertRaises(frappe.PermissionError):
                frappe.get_doc(
                    {"doctype": DEFLECTION, "service": SERVICE, "article": self.related, "event": "Solved",
                     "user": STUDENT, "at": now_datetime()}
                ).insert()  # fmt: skip
            doc = frappe.get_doc(DEFLECTION, mine[0])
            doc.event = "Suggested"
            with self.assertRaises(frappe.PermissionError):
                doc.save()
        with as_user(STUDENT2):
            self.assertEqual(frappe.get_list(DEFLECTION, pluck="name"), [])
            self.assertFalse(frappe.has_permission(DEFLECTION, "read", doc=mine[0]))
            with self.assertRaises(frappe.PermissionError):
                frappe.get_doc(DEFLECTION, mine[0]).check_permission("read")
        # not even the desk writes one by hand
        with self.assertRaises(frappe.PermissionError):
            frappe.get_doc(
                {"doctype": DEFLECTION, "service": SERVICE, "article": self.related, "event": "Solved",
                 "user": STUDENT, "at": now_datetime()}
            ).insert(ignore_permissions=True)  # fmt: skip

    def test_drafts_are_hidden_from_beneficiaries_on_every_read_path(self):
        with as_user(STUDENT):
            listed = frappe.get_list("HD Article", filters={"title": ["like", "%كلمة المرور%"]}, pluck="name")
            self.assertIn(self.related, listed)
            self.assertNotIn(self.draft, listed)
            self.assertFalse(frappe.has_permission("HD Article", "read", doc=self.draft))
            self.assertTrue(frappe.has_permission("HD Article", "read", doc=self.related))
        with as_user(AGENT):
            self.assertTrue(frappe.has_permission("HD Article", "read", doc=self.draft))

    def test_malformed_calls_are_refused_with_4xx(self):
        with as_user(STUDENT), self.assertRaises(InvalidArguments):
            api.suggest_articles()  # pylint: disable=no-value-for-parameter
        with as_user(STUDENT), self.assertRaises(InvalidArguments):
            api.open_article(SERVICE, self.related, colour="red")  # pylint: disable=unexpected-keyword-arg
        with as_user(STUDENT), self.assertRaises(frappe.exceptions.FrappeTypeError):
            api.suggest_articles(SERVICE, {"nested": "value"})
        self.assertEqual(self.rows(), [])

    def test_a_related_article_with_records_can_be_deleted(self):
        with as_user(STUDENT):
            api.article_solved(SERVICE, self.related)
        frappe.delete_doc("HD Article", self.related, ignore_permissions=True)
        listed = [r.article for r in frappe.get_doc("Moeen Service", SERVICE).related_articles]
        self.assertNotIn(self.related, listed)
        self.assertIn(self.draft, listed)
        # the records are history: they stay, and the suggestions no longer offer the article
        self.assertTrue(self.rows(article=self.related))
        with as_user(STUDENT):
            names = [a["name"] for a in api.suggest_articles(SERVICE, SUBJECT)["articles"]]
        self.assertNotIn(self.related, names)

    # ------------------------------------------------------------------ the report
    def test_report_counts_per_service_beside_tickets(self):
        frappe.db.delete(DEFLECTION, {"service": SERVICE})
        with as_user(STUDENT):
            deflection.record(STUDENT, SERVICE, [self.related, self.other], "Suggested")
        with as_user(STUDENT2):
            deflection.record(STUDENT2, SERVICE, [self.related], "Solved")
        frappe.get_doc(
            {"doctype": "HD Ticket", "subject": "x", "raised_by": STUDENT2, "moeen_service": SERVICE}
        ).insert(ignore_permissions=True)
        tickets = frappe.db.count("HD Ticket", {"moeen_service": SERVICE})
        columns, data, *_rest = report.execute({"service": SERVICE})
        self.assertIn("without_ticket_share", [c["fieldname"] for c in columns])
        (row,) = [r for r in data if r["service"] == SERVICE]
        self.assertEqual((row["suggested"], row["opened"], row["solved"], row["tickets"]), (3, 1, 1, tickets))
        self.assertEqual((row["open_rate"], row["solved_per_opened"]), (33.3, 100.0))
        # a beneficiary type the records do not have: none of them counted
        _c, other, *_r = report.execute({"service": SERVICE, "beneficiary_type": "External"})
        self.assertEqual([r for r in other if r["service"] == SERVICE and r["suggested"]], [])
        self.assertEqual(row["without_ticket_share"], round(100 / (1 + tickets), 1))
        with self.assertRaises(InvalidArguments):
            report.execute({"from_date": "not a date"})

    # ------------------------------------------------------------------ agent's draft
    def resolved_ticket(self, status="Resolved", answer="<p>افتح صفحة الدخول واختر «نسيت كلمة المرور».</p>"):
        ticket = frappe.get_doc(
            {"doctype": "HD Ticket", "subject": "لا أستطيع الدخول إلى البوابة", "raised_by": STUDENT,
             "moeen_service": SERVICE}
        ).insert(ignore_permissions=True)  # fmt: skip
        if answer:
            frappe.get_doc(
                {"doctype": "Communication", "communication_type": "Communication", "sent_or_received": "Sent",
                 "reference_doctype": "HD Ticket", "reference_name": ticket.name, "subject": ticket.subject,
                 "content": answer, "sender": AGENT}
            ).insert(ignore_permissions=True)  # fmt: skip
        frappe.db.set_value("HD Ticket", ticket.name, "status", status, update_modified=False)
        return ticket.name

    def test_an_agent_drafts_an_article_from_a_resolved_ticket(self):
        ticket = self.resolved_ticket()
        with as_user(AGENT):
            out = api.draft_article(ticket)
        article = frappe.get_doc("HD Article", out["article"])
        self.assertEqual((article.status, article.title), ("Draft", "لا أستطيع الدخول إلى البوابة"))
        self.assertIn("نسيت كلمة المرور", article.content)
        related = frappe.get_doc("Moeen Service", SERVICE).related_articles
        self.assertIn(article.name, [r.article for r in related])
        # a draft: the student is not offered it, even as a related article of the service
        articles.forget()
        with as_user(STUDENT):
            names = [a["name"] for a in api.suggest_articles(SERVICE, "الدخول البوابة")["articles"]]
        self.assertNotIn(article.name, names)

    def test_a_draft_needs_a_resolved_ticket_with_an_answer_and_an_agent(self):
        with as_user(AGENT), self.assertRaises(frappe.ValidationError):
            api.draft_article(self.resolved_ticket(status="Open"))
        with as_user(AGENT), self.assertRaises(frappe.ValidationError):
            api.draft_article(self.resolved_ticket(answer=None))
        with as_user(AGENT), self.assertRaises(frappe.DoesNotExistError):
            api.draft_article("999999999")
        closed = self.resolved_ticket(status="Closed")
        before = frappe.db.count("HD Article")
        with as_user(STUDENT), self.assertRaises(frappe.PermissionError):
            api.draft_article(closed)
        self.assertEqual(frappe.db.count("HD Article"), before)
        with as_user(AGENT):
            self.assertEqual(
                frappe.db.get_value("HD Article", api.draft_article(closed)["article"], "status"), "Draft"
            )


class TestKnowledgeOverHttp(FrappeTestCase):
    """Real HTTP requests (their own connection): this class commits its fixtures and removes them after."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = get_test_client()
        make_beneficiary(REST_STUDENT, "Student")
        make_service(SERVICE)
        cls.published = make_article("كلمة المرور عبر الواجهة")
        cls.draft = make_article("كلمة المرور مسودة الواجهة", "Draft", "<p>سر داخلي للواجهة</p>")
        cls.token = api_token(REST_STUDENT)
        frappe.db.commit()  # nosemgrep: requests see only committed data

    @classmethod
    def tearDownClass(cls):
        frappe.db.delete(DEFLECTION, {"user": REST_STUDENT})
        for name in (cls.published, cls.draft):
            frappe.delete_doc("HD Article", name, force=True, ignore_permissions=True)
        frappe.delete_doc("Moeen Service", SERVICE, force=True, ignore_permissions=True)
        frappe.delete_doc("Moeen Beneficiary", REST_STUDENT, force=True, ignore_permissions=True)
        frappe.delete_doc("User", REST_STUDENT, force=True, ignore_permissions=True)
        frappe.db.commit()  # nosemgrep
        articles.forget()
        super().tearDownClass()

    def post(self, method, payload):
        return make_request(
            target=self.client.post,
            args=(f"/api/method/moeen_helpdesk.api.knowledge.{method}",),
            kwargs={"headers": {"Authorization": self.token}, "json": payload},
        )

    def get(self, path):
        return make_request(
            target=self.client.get, args=(path,), kwargs={"headers": {"Authorization": self.token}}
        )

    def assert_status(self, response, status):
        self.assertEqual(response.status_code, status, response.get_data(as_text=True)[:300])

    def test_malformed_calls_are_4xx_never_500(self):
        self.assert_status(self.post("suggest_articles", {}), 417)
        self.assertIn(
            self.post("suggest_articles", {"service": SERVICE, "subject": {"a": 1}}).status_code, (400, 417)
        )
        self.assertIn(
            self.post("suggest_articles", {"service": ["x"], "subject": "x"}).status_code, (400, 417)
        )
        self.assert_status(self.post("suggest_articles", {"service": "IT-KB-NONE", "subject": "x"}), 404)
        self.assert_status(self.post("open_article", {"service": SERVICE, "article": self.draft}), 404)
        self.assert_status(self.post("draft_article", {"ticket": "1"}), 403)
        ok = self.post("suggest_articles", {"service": SERVICE, "subject": "كلمه المرور"})
        self.assert_status(ok, 200)
        names = [a["name"] for a in json.loads(ok.get_data(as_text=True))["message"]["articles"]]
        self.assertIn(self.published, names)
        self.assertNotIn(self.draft, names)

    def test_a_beneficiary_cannot_read_a_draft_through_rest(self):
        self.assert_status(self.get(f"/api/resource/HD Article/{self.draft}"), 403)
        listed = self.get("/api/resource/HD Article?limit_page_length=500")
        self.assert_status(listed, 200)
        self.assertNotIn(self.draft, listed.get_data(as_text=True))
        self.assertNotIn("سر داخلي للواجهة", listed.get_data(as_text=True))
