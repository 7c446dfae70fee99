"""Satisfaction surveys end to end: triggers, emails after commit, the public page,
answers, single use, expiry, tampering, reminders, the report."""

import re
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime, set_request

from moeen_helpdesk.api.surveys import pending, submit
from moeen_helpdesk.core import surveys as core
from moeen_helpdesk.core.surveys import DEFAULT_TEMPLATES
from moeen_helpdesk.surveys import answers as survey_answers
from moeen_helpdesk.surveys import sending, shipped, triggers
from moeen_helpdesk.surveys import settings as survey_settings
from moeen_helpdesk.tests.survey_helpers import (
    captured_jobs,
    email_rows,
    email_text,
    has_telephony,
    hooks_wired,
    make_ticket,
    request_of,
    resolved_in_memory,
    send_jobs,
    survey_hooks,
)
from moeen_helpdesk.tests.utils import (
    as_user,
    killed_on_call,
    make_agent,
    make_beneficiary,
    make_call,
    no_outgoing_email_account,
    outgoing_email_account,
    worker_killed_midway,
)
from moeen_helpdesk.utils import MAIL_QUEUE

STUDENT = "it-survey-student@moeen-it.test"
STUDENT_EN = "it-survey-student-en@moeen-it.test"
CALLER = "it-survey-caller@moeen-it.test"
AGENT = "it-survey-agent@moeen-it.test"
CALLER_PHONE = "+966501119988"

GOOD = {
    "overall_satisfaction": 4,
    "time_taken": "5",
    "staff_courtesy": 5,
    "solved_first_time": "yes",
    "comment": " شكرًا ",
}


def setattr_all(obj, names, values):
    for name, value in zip(names, values, strict=True):
        setattr(obj, name, value)


class TestSurveysFlow(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        frappe.flags.mute_emails = True  # Email Queue rows are written, nothing is sent
        shipped.ship_default_templates()
        make_beneficiary(STUDENT, "Student")
        make_beneficiary(STUDENT_EN, "Staff")
        frappe.db.set_value("User", STUDENT_EN, "language", "en")
        make_agent(AGENT)

    def setUp(self):
        frappe.local.lang = "en"
        frappe.set_user("Administrator")
        outgoing_email_account(self)  # the tests' own (a fresh site has none)

    # ------------------------------------------------------------------ helpers
    def resolve_ticket(self, raised_by=STUDENT, **values):
        ticket = make_ticket(raised_by, **values)
        with captured_jobs() as jobs:
            triggers.on_ticket_update(resolved_in_memory(ticket))
        rows = request_of("HD Ticket", ticket.name)
        self.assertEqual(len(rows), 1)
        return ticket, rows[0], jobs

    def sent_request(self, raised_by=STUDENT):
        ticket, row, _jobs = self.resolve_ticket(raised_by)
        self.assertTrue(sending.send_request(row.name))
        return ticket, frappe.get_doc(survey_settings.REQUEST, row.name)

    def response_count(self, request):
        return frappe.db.count(survey_settings.RESPONSE, {"request": request})

    # ------------------------------------------------------------------ templates
    def test_default_templates_shipped_once(self):
        for trigger, rows in DEFAULT_TEMPLATES.items():
            name = triggers.find_template(trigger)
            self.assertTrue(name, trigger)
            keys = [q.key for q in frappe.get_doc(survey_settings.TEMPLATE, name).questions]
            self.assertEqual(sorted(keys), sorted(r["key"] for r in rows))
        self.assertTrue(frappe.db.exists("Email Template", survey_settings.EMAIL_TEMPLATE))
        self.assertTrue(frappe.db.exists("Report", "Satisfaction by Service"))
        self.assertTrue(frappe.db.exists("Dashboard Chart", "Moeen Satisfaction Trend"))
        self.assertTrue(survey_settings.signing_secret(create=False))
        self.assertEqual(shipped.ship_default_templates(), [])

    def test_bad_template_refused_and_translated(self):
        before = frappe.db.count(survey_settings.TEMPLATE)
        bad = {
            "doctype": survey_settings.TEMPLATE,
            "template_name": "IT bad",
            "trigger": "Ticket Resolved",
            "is_active": 0,
            "title_ar": "س",
            "title_en": "T",
            "questions": [
                {"key": "a", "question_type": "Rating", "label_ar": "أ", "label_en": "A", "is_overall": 1},
                {"key": "b", "question_type": "Text", "label_ar": "ب", "label_en": "B", "is_overall": 1},
            ],
        }
        with self.assertRaises(frappe.ValidationError) as ctx:
            frappe.get_doc(bad).insert(ignore_permissions=True)
        self.assertIn("must be a rating question", str(ctx.exception))
        frappe.local.lang = "ar"
        try:
            bad["questions"] = [
                {"key": "c", "question_type": "Choice", "label_ar": "ج", "label_en": "C", "options": "only"}
            ]
            with self.assertRaises(frappe.ValidationError) as ctx:
                frappe.get_doc(bad).insert(ignore_permissions=True)
        finally:
            frappe.local.lang = "en"
        self.assertIn("خيارين مختلفين", str(ctx.exception))
        self.assertEqual(frappe.db.count(survey_settings.TEMPLATE), before)

    # ------------------------------------------------------------------ triggers
    def test_ticket_resolved_creates_request_and_emails_after_commit(self):
        ticket, row, jobs = self.resolve_ticket(agent_group=None)
        self.assertEqual(row.trigger, "Ticket Resolved")
        self.assertEqual(row.status, "Pending")
        self.assertEqual(row.beneficiary_email, STUDENT)
        self.assertEqual(row.beneficiary_user, STUDENT)
        self.assertEqual(row.beneficiary_type, "Student")
        self.assertEqual(row.template, triggers.find_template("Ticket Resolved"))
        self.assertEqual(row.resolution_cycle, 1)
        self.assertTrue(row.expires_at > now_datetime())
        # nothing is sent inside the save: one job, enqueued for after the commit
        self.assertEqual(send_jobs(jobs), [row.name])
        self.assertTrue(all(kw.get("enqueue_after_commit") for _m, kw in jobs))
        # on the mail queue: a new ticket's assignment (the urgent queue) never waits behind it
        self.assertEqual(
            [kw.get("queue") for m, kw in jobs if m == survey_settings.SEND_METHOD], [MAIL_QUEUE]
        )
        self.assertEqual(email_rows(row.name), [])
        self.assertFalse(row.sent_at)
        # the job queues the email
        self.assertTrue(sending.send_request(row.name))
        queued = email_rows(row.name)
        self.assertEqual(len(queued), 1)
        self.assertTrue(frappe.db.get_value(survey_settings.REQUEST, row.name, "sent_at"))
        self.assertEqual(
            frappe.db.get_value("Email Queue Recipient", {"parent": queued[0]}, "recipient"), STUDENT
        )
        body = email_text(queued[0])
        self.assertIn("المشاركة في الاستبيان", body)
        self.assertIn("Take the survey", body)
        self.assertIn(ticket.name, body)
        token = re.search(r"/moeen-survey\?token=([A-Za-z0-9_.-]+)", body).group(1)
        self.assertEqual(survey_answers.resolve_request(token).name, row.name)
        self.assertFalse(sending.send_request(row.name))  # a retried job sends nothing more
        self.assertEqual(len(email_rows(row.name)), 1)

    def test_same_event_twice_closed_and_reopened(self):
        ticket, first, _jobs = self.resolve_ticket()
        doc = resolved_in_memory(ticket)
        with captured_jobs() as jobs:
            triggers.on_ticket_update(doc)  # the same save's event again
        self.assertEqual(send_jobs(jobs), [])
        closed = resolved_in_memory(ticket)
        closed._doc_before_save.status_category = "Resolved"  # Resolved -> Closed: same category
        with captured_jobs() as jobs:
            triggers.on_ticket_update(closed)
        self.assertEqual(send_jobs(jobs), [])
        # reopened and resolved again by a later save: a new cycle, the old link withdrawn
        later = str(add_to_date(now_datetime(), minutes=5))
        with captured_jobs() as jobs:
            triggers.on_ticket_update(resolved_in_memory(ticket, modified=later))
        rows = request_of("HD Ticket", ticket.name)
        self.assertEqual([r.resolution_cycle for r in rows], [1, 2])
        self.assertEqual([r.status for r in rows], ["Expired", "Pending"])
        self.assertEqual(send_jobs(jobs), [rows[1].name])

    def test_ticket_without_email_or_disabled_sends_nothing(self):
        ticket = make_ticket(STUDENT)
        doc = resolved_in_memory(ticket)
        doc.raised_by = "not an email"
        with captured_jobs() as jobs:
            triggers.on_ticket_update(doc)
        self.assertEqual(request_of("HD Ticket", ticket.name), [])
        frappe.db.set_single_value(survey_settings.SETTINGS, "ticket_surveys", 0)
        try:
            with captured_jobs() as jobs:
                triggers.on_ticket_update(resolved_in_memory(ticket))
        finally:
            frappe.db.set_single_value(survey_settings.SETTINGS, "ticket_surveys", 1)
        self.assertEqual(send_jobs(jobs), [])
        self.assertEqual(request_of("HD Ticket", ticket.name), [])

    def _call_log(self, number, status="In Progress", **values):
        return make_call(number, status, **{"receiver": AGENT, **values})

    def _completed(self, call):
        doc = frappe.get_doc("TP Call Log", call.name)
        doc._doc_before_save = frappe.get_doc("TP Call Log", call.name)
        doc.status = "Completed"
        return doc

    def test_call_completed_creates_request_for_known_caller(self):
        if not has_telephony():
            self.skipTest("Telephony is not installed")
        make_beneficiary(CALLER, "External")
        # the user's contact (Frappe makes one per user), with the caller's number
        contact = frappe.db.get_value("Contact", {"email_id": CALLER}, "name")
        if contact:
            contact = frappe.get_doc("Contact", contact)
        else:
            contact = frappe.get_doc(
                {
                    "doctype": "Contact",
                    "first_name": "Caller",
                    "email_ids": [{"email_id": CALLER, "is_primary": 1}],
                }
            )
        if CALLER_PHONE not in [p.phone for p in contact.phone_nos]:
            contact.append("phone_nos", {"phone": CALLER_PHONE})
        contact.save(ignore_permissions=True)
        call = self._call_log("0501119988")  # the national spelling of the contact's number
        with captured_jobs() as jobs:
            triggers.on_call_log_update(self._completed(call))
        rows = request_of("TP Call Log", call.name)
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(
            (row.trigger, row.beneficiary_email, row.channel, row.tier, row.agent),
            ("Call Completed", CALLER, "Phone", "Tier 1", AGENT),
        )
        self.assertEqual(row.template, triggers.find_template("Call Completed"))
        self.assertEqual(send_jobs(jobs), [row.name])
        self.assertTrue(sending.send_request(row.name))
        self.assertEqual(len(email_rows(row.name)), 1)
        with captured_jobs() as jobs:  # once per call
            triggers.on_call_log_update(self._completed(call))
        self.assertEqual(send_jobs(jobs), [])

    def test_call_from_ticket_raiser_and_unknown_number(self):
        if not has_telephony():
            self.skipTest("Telephony is not installed")
        ticket = make_ticket(STUDENT)
        call = self._call_log(
            "+966500000001", links=[{"link_doctype": "HD Ticket", "link_name": ticket.name}]
        )
        with captured_jobs():
            triggers.on_call_log_update(self._completed(call))
        self.assertEqual([r.beneficiary_email for r in request_of("TP Call Log", call.name)], [STUDENT])
        unknown = self._call_log("+966500000002")
        with captured_jobs() as jobs:
            triggers.on_call_log_update(self._completed(unknown))  # skipped, no error
        self.assertEqual(request_of("TP Call Log", unknown.name), [])
        self.assertEqual(send_jobs(jobs), [])

    def test_real_saves_trigger_surveys(self):
        """Through Helpdesk's own save (and Telephony's); passes with hooks.py wired."""
        with survey_hooks(), captured_jobs() as jobs:
            ticket = make_ticket(STUDENT)
            self.assertEqual(request_of("HD Ticket", ticket.name), [])
            ticket.reload()
            ticket.status = "Resolved"
            ticket.save(ignore_permissions=True)
            self.assertEqual(ticket.status_category, "Resolved")
            rows = request_of("HD Ticket", ticket.name)
            self.assertEqual(len(rows), 1)
            ticket.reload()
            ticket.status = "Closed"
            ticket.save(ignore_permissions=True)
            self.assertEqual(len(request_of("HD Ticket", ticket.name)), 1)
            if has_telephony():
                call = self._call_log(
                    "+966500000003",
                    status="Completed",
                    links=[{"link_doctype": "HD Ticket", "link_name": ticket.name}],
                )
                self.assertEqual(len(request_of("TP Call Log", call.name)), 1)
        self.assertIn(rows[0].name, send_jobs(jobs))

    def test_hooks_are_wired(self):
        self.assertTrue(
            hooks_wired(), "wire doc_events on_update for HD Ticket and TP Call Log (see overrides/)"
        )
        self.assertIn(
            "moeen_helpdesk.surveys.sending.send_reminders",
            frappe.get_hooks("scheduler_events").get("hourly", []),
        )

    # ------------------------------------------------------------------ answering
    def test_valid_answers_store_response_and_feedback_rating(self):
        ticket, req = self.sent_request()
        modified = frappe.db.get_value("HD Ticket", ticket.name, "modified")
        result = submit(token=sending.token_for(req), answers=GOOD)
        self.assertEqual(result["overall_rating"], 4)
        req.reload()
        self.assertEqual(req.status, "Answered")
        self.assertEqual(req.overall_rating, 4)
        self.assertTrue(req.answered_at)
        self.assertEqual(req.answered_via, survey_settings.VIA_EMAIL)  # the e-mail's link
        self.assertAlmostEqual(frappe.db.get_value("HD Ticket", ticket.name, "feedback_rating"), 0.8)
        self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "modified"), modified)
        response = frappe.get_doc(survey_settings.RESPONSE, {"request": req.name})
        self.assertEqual(response.overall_rating, 4)
        self.assertEqual((response.service, response.beneficiary_type), (req.service, "Student"))
        answers = {a.question_key: a for a in response.answers}
        self.assertEqual(answers["time_taken"].value_rating, 5)
        self.assertEqual(answers["solved_first_time"].value_text, "Yes")
        self.assertEqual(answers["comment"].value_text, "شكرًا")
        # the answers may also arrive as JSON text; the same link is now used up
        with self.assertRaises(survey_answers.SurveyAlreadyAnswered) as ctx:
            submit(token=sending.token_for(req), answers=frappe.as_json(GOOD))
        self.assertEqual(ctx.exception.http_status_code, 409)
        self.assertEqual(self.response_count(req.name), 1)

    def test_expired_token_refused(self):
        _ticket, req = self.sent_request()
        req.db_set("expires_at", add_to_date(now_datetime(), minutes=-1))
        with self.assertRaises(survey_answers.SurveyLinkExpired) as ctx:
            submit(token=sending.token_for(req), answers=GOOD)
        self.assertEqual(ctx.exception.http_status_code, 410)
        _ticket, withdrawn = self.sent_request()
        withdrawn.db_set("status", "Expired")
        with self.assertRaises(survey_answers.SurveyLinkExpired):
            submit(token=sending.token_for(withdrawn), answers=GOOD)
        self.assertEqual(self.response_count(req.name) + self.response_count(withdrawn.name), 0)

    def test_tampered_token_refused(self):
        _ticket, req = self.sent_request()
        token = sending.token_for(req)
        body, sig = token.split(".")
        tampered = [
            body + "." + ("A" if sig[0] != "A" else "B") + sig[1:],
            body[:-1] + ("A" if body[-1] != "A" else "B") + "." + sig,
            "not-a-token",
            core.sign_token({"s": req.name, "n": req.nonce}, "another secret", req.expires_at),
            core.sign_token(
                {"s": req.name, "n": "guessed"}, survey_settings.signing_secret(), req.expires_at
            ),
        ]
        for bad in tampered:
            with self.assertRaises(survey_answers.SurveyLinkInvalid) as ctx:
                submit(token=bad, answers=GOOD)
            self.assertEqual(ctx.exception.http_status_code, 400)
        self.assertEqual(self.response_count(req.name), 0)
        self.assertEqual(frappe.db.get_value(survey_settings.REQUEST, req.name, "status"), "Pending")

    def test_rate_limited_per_link_not_per_campus(self):
        """Many links answered from one address (a campus behind one NAT address) all count; one
        link posted over and over from an address is refused past PER_LINK a minute (429)."""
        from moeen_helpdesk.api import surveys as api

        cmd = "moeen_helpdesk.api.surveys.submit"
        frappe.cache.delete_keys(f"rl:{cmd}")
        self.addCleanup(frappe.cache.delete_keys, f"rl:{cmd}")
        saved = (
            getattr(frappe.local, "request", None),
            getattr(frappe.local, "request_ip", None),
            frappe.form_dict,
        )
        self.addCleanup(lambda: setattr_all(frappe.local, ("request", "request_ip", "form_dict"), saved))
        frappe.local.request = frappe._dict(method="POST")
        frappe.local.request_ip = "10.20.30.40"

        def post(token):
            frappe.local.form_dict = frappe._dict(cmd=cmd, token=token)
            return submit(token=token, answers=GOOD)

        sent = [self.sent_request()[1] for _ in range(api.PER_LINK + 2)]
        for req in sent:
            self.assertTrue(post(sending.token_for(req))["ok"])
        self.assertEqual(sum(self.response_count(r.name) for r in sent), len(sent))

        used = sending.token_for(sent[0])
        for _ in range(api.PER_LINK - 1):  # its first post counted too
            with self.assertRaises(survey_answers.SurveyAlreadyAnswered):
                post(used)
        with self.assertRaises(frappe.RateLimitExceededError) as ctx:
            post(used)
        self.assertEqual(ctx.exception.http_status_code, 429)
        self.assertEqual(self.response_count(sent[0].name), 1)
        frappe.local.request_ip = "10.20.30.41"  # the same link from another address: its own count
        with self.assertRaises(survey_answers.SurveyAlreadyAnswered):
            post(used)

    def test_bad_answers_refused_nothing_stored(self):
        ticket, req = self.sent_request()
        token = sending.token_for(req)
        cases = {
            "Unknown question": {**GOOD, "favourite_colour": "green"},
            "is required": {k: v for k, v in GOOD.items() if k != "overall_satisfaction"},
            "rating from 1 to 5": {**GOOD, "overall_satisfaction": 6},
        }
        for message, answers in cases.items():
            with self.assertRaises(survey_answers.SurveyAnswersInvalid) as ctx:
                submit(token=token, answers=answers)
            self.assertIn(message, str(ctx.exception))
        self.assertEqual(self.response_count(req.name), 0)
        self.assertEqual(frappe.db.get_value(survey_settings.REQUEST, req.name, "status"), "Pending")
        self.assertFalse(frappe.db.get_value("HD Ticket", ticket.name, "feedback_rating"))
        submit(token=token, answers=GOOD)  # the link still works
        self.assertEqual(self.response_count(req.name), 1)

    def test_empty_submit_names_every_missing_answer(self):
        _ticket, req = self.sent_request()
        required = [r for r in DEFAULT_TEMPLATES["Ticket Resolved"] if r["required"]]
        self.assertGreaterEqual(len(required), 3)
        frappe.local.lang = "ar"
        try:
            with self.assertRaises(survey_answers.SurveyAnswersInvalid) as ctx:
                submit(token=sending.token_for(req), answers={})
        finally:
            frappe.local.lang = "en"
        message = str(ctx.exception)
        self.assertIn("يُرجى الإجابة عن الأسئلة الإلزامية", message)
        for row in required:
            self.assertIn(row["label_ar"], message)
        with self.assertRaises(survey_answers.SurveyAnswersInvalid) as ctx:
            submit(token=sending.token_for(req), answers={"overall_satisfaction": 5})
        for row in required[1:]:
            self.assertIn(row["label_en"], str(ctx.exception))
        self.assertEqual(self.response_count(req.name), 0)

    # ------------------------------------------------------------------ without e-mail
    def test_without_email_account_nothing_fails_and_the_portal_offers_it(self):
        errors = frappe.db.count("Error Log")
        with no_outgoing_email_account():
            _ticket, row, jobs = self.resolve_ticket()
            self.assertEqual(send_jobs(jobs), [row.name])
            self.assertFalse(sending.send_request(row.name))  # nothing to send with: no error either
            sending.send_reminders()
        self.assertEqual(email_rows(row.name), [])
        self.assertFalse(frappe.db.get_value(survey_settings.REQUEST, row.name, "sent_at"))
        self.assertEqual(frappe.db.count("Error Log"), errors)
        with as_user(STUDENT):
            offered = {p["name"]: p for p in pending()}
        self.assertIn(row.name, offered)  # offered at once, never e-mailed
        self.assertIn("via=portal", offered[row.name]["url"])
        token = re.search(r"token=([A-Za-z0-9_.-]+)", offered[row.name]["url"]).group(1)
        status, html = self.render(token=token, via="portal")
        self.assertEqual(status, 200)
        self.assertIn('data-via="portal"', html)
        submit(token=token, answers=GOOD, via="portal")
        self.assertEqual(
            frappe.db.get_value(survey_settings.REQUEST, row.name, "answered_via"), survey_settings.VIA_PORTAL
        )
        with as_user(STUDENT):
            self.assertNotIn(row.name, [p["name"] for p in pending()])

    def test_failed_send_logged_and_request_kept(self):
        _ticket, row, _jobs = self.resolve_ticket()
        errors = frappe.db.count("Error Log", {"reference_name": row.name})
        with patch("frappe.sendmail", side_effect=frappe.OutgoingEmailError("SMTP down")):
            self.assertFalse(sending.send_request(row.name))
        self.assertEqual(frappe.db.count("Error Log", {"reference_name": row.name}), errors + 1)
        self.assertEqual(frappe.db.get_value(survey_settings.REQUEST, row.name, "status"), "Pending")
        self.assertFalse(frappe.db.get_value(survey_settings.REQUEST, row.name, "sent_at"))

    # ------------------------------------------------------------------ reminders
    def test_reminder_sent_once_after_delay(self):
        _ticket, old = self.sent_request()
        _ticket, recent = self.sent_request()
        old.db_set("sent_at", add_to_date(now_datetime(), hours=-49))
        sending.send_reminders()
        self.assertEqual(len(email_rows(old.name)), 2)
        self.assertTrue(frappe.db.get_value(survey_settings.REQUEST, old.name, "reminded_at"))
        self.assertEqual(len(email_rows(recent.name)), 1)
        sending.send_reminders()
        self.assertEqual(len(email_rows(old.name)), 2)
        # past its expiry a request is marked Expired and never reminded
        recent.db_set(
            {
                "sent_at": add_to_date(now_datetime(), hours=-49),
                "expires_at": add_to_date(now_datetime(), minutes=-1),
            }
        )
        sending.send_reminders()
        self.assertEqual(len(email_rows(recent.name)), 1)
        self.assertEqual(frappe.db.get_value(survey_settings.REQUEST, recent.name, "status"), "Expired")

    def test_reminders_killed_midway_and_run_again_remind_once(self):
        requests = [self.sent_request()[1] for _ in range(3)]
        for req in requests:
            req.db_set("sent_at", add_to_date(now_datetime(), hours=-49))
        with worker_killed_midway(), killed_on_call(sending, "send_request", nth=2):
            sending.send_reminders()
        self.assertEqual([len(email_rows(r.name)) for r in requests], [1, 1, 1])  # lost with the worker
        sending.send_reminders()
        sending.send_reminders()
        self.assertEqual([len(email_rows(r.name)) for r in requests], [2, 2, 2])
        self.assertTrue(
            all(frappe.db.get_value(survey_settings.REQUEST, r.name, "reminded_at") for r in requests)
        )

    # ------------------------------------------------------------------ the page and pending()
    def render(self, **query):
        from frappe.website.serve import get_response

        previous = getattr(frappe.local, "request", None)
        frappe.local.form_dict = frappe._dict(query)
        set_request(method="GET", path="/moeen-survey", query_string=query)
        try:
            response = get_response("/moeen-survey")
            return response.status_code, response.get_data(as_text=True)
        finally:
            frappe.local.request = previous
            frappe.local.form_dict = frappe._dict()
            frappe.local.lang = "en"

    def test_page_arabic_rtl_english_and_errors(self):
        _ticket, req = self.sent_request()
        token = sending.token_for(req)
        status, html = self.render(token=token)
        self.assertEqual(status, 200)
        self.assertIn('dir="rtl"', html)
        self.assertIn('lang="ar"', html)
        self.assertIn("ما مدى رضاك العام عن الخدمة؟", html)
        self.assertIn("إرسال", html)
        status, html = self.render(token=token, lang="en")
        self.assertEqual(status, 200)
        self.assertIn('dir="ltr"', html)
        self.assertIn("Overall, how satisfied are you with the service?", html)
        # its script and styles are public/ files; the script's fallback text comes from the page
        self.assertIn("/assets/moeen_helpdesk/js/moeen_survey.js?v=", html)
        self.assertIn("/assets/moeen_helpdesk/css/moeen_survey.css?v=", html)
        self.assertIn('data-error="Something went wrong. Please try again."', html)
        self.assertNotIn("<style>", html)
        # the beneficiary's own language when the link names none
        _ticket, req_en = self.sent_request(STUDENT_EN)
        status, html = self.render(token=sending.token_for(req_en))
        self.assertIn('dir="ltr"', html)
        # unusable links: a translated message and a 4xx status
        status, html = self.render(token="forged.token")
        self.assertEqual(status, 400)
        self.assertIn("رابط الاستبيان غير صالح", html)
        submit(token=token, answers=GOOD)
        status, html = self.render(token=token, lang="en")
        self.assertEqual(status, 409)
        self.assertIn("already been answered", html)

    def test_pending_lists_own_surveys(self):
        _ticket, req = self.sent_request()
        with as_user(STUDENT):
            mine = pending()
        self.assertIn(req.name, [p["name"] for p in mine])
        url = next(p["url"] for p in mine if p["name"] == req.name)
        self.assertIn("/moeen-survey?token=", url)
        with as_user(STUDENT_EN):
            self.assertNotIn(req.name, [p["name"] for p in pending()])
        with as_user("Guest"), self.assertRaises(frappe.PermissionError):
            pending()

    # ------------------------------------------------------------------ report
    def test_report_by_service_and_month(self):
        from moeen_helpdesk.moeen_helpdesk.report.satisfaction_by_service.satisfaction_by_service import (
            execute,
        )

        _ticket, req = self.sent_request()
        submit(token=sending.token_for(req), answers=GOOD)
        columns, data, _msg, chart = execute({"group_by": "beneficiary_type", "then_by": "period"})
        self.assertEqual([c["fieldname"] for c in columns][:2], ["beneficiary_type", "period"])
        period = now_datetime().strftime("%Y-%m")
        line = next(d for d in data if d["beneficiary_type"] == "Student" and d["period"] == period)
        self.assertGreaterEqual(line["requests"], line["responses"])
        self.assertGreaterEqual(line["responses"], 1)
        self.assertTrue(0 <= line["csat_low"] <= line["csat"] <= line["csat_high"] <= 100)
        self.assertTrue(chart)

    def test_report_names_services_in_the_users_language(self):
        from moeen_helpdesk.moeen_helpdesk.report.satisfaction_by_service.satisfaction_by_service import (
            execute,
        )
        from moeen_helpdesk.tests.utils import make_service

        code = make_service("IT-SAT-NAMED")
        self.resolve_ticket(moeen_service=code)
        self.resolve_ticket()  # no service
        for lang, name, none in (
            ("en", f"Service {code}", "No service"),
            ("ar", f"خدمة {code}", "بدون خدمة"),
        ):
            frappe.local.lang = lang
            try:
                columns, data, _msg, chart = execute({"group_by": "service"})
            finally:
                frappe.local.lang = "en"
            self.assertEqual([c["fieldname"] for c in columns][:2], ["service", "service_name"])
            line = next(d for d in data if d["service"] == code)
            self.assertEqual(line["service_name"], name, lang)
            self.assertEqual(next(d for d in data if not d["service"])["service_name"], none, lang)
            self.assertIn(f"{code} · {name}", chart["data"]["labels"])

    def test_report_counts_every_answer_and_its_channel(self):
        from moeen_helpdesk.moeen_helpdesk.report.satisfaction_by_service.satisfaction_by_service import (
            execute,
        )

        def line():
            columns, data, _msg, _chart = execute({"group_by": "beneficiary_type", "then_by": "period"})
            self.assertIn("via_portal", [c["fieldname"] for c in columns])
            period = now_datetime().strftime("%Y-%m")
            found = [d for d in data if d["beneficiary_type"] == "Student" and d["period"] == period]
            keys = ("requests", "emailed", "responses", "via_email", "via_portal")
            return {k: found[0][k] for k in keys} if found else dict.fromkeys(keys, 0)

        before = line()
        _ticket, emailed = self.sent_request()
        submit(token=sending.token_for(emailed), answers=GOOD)
        with no_outgoing_email_account():
            _ticket, row, _jobs = self.resolve_ticket()  # never e-mailed
        submit(token=sending.token_for(frappe.get_doc(survey_settings.REQUEST, row.name)), answers=GOOD)
        after = line()
        self.assertEqual(
            {k: after[k] - before[k] for k in after},
            {"requests": 2, "emailed": 1, "responses": 2, "via_email": 1, "via_portal": 1},
        )

    def test_shipped_ticket_template_updated_only_when_unchanged(self):
        from moeen_helpdesk.patches.v0_1 import ticket_survey_dimensions as patch_module

        name = shipped.DEFAULT_TEMPLATE_TITLES["Ticket Resolved"][0]
        doc = frappe.get_doc(survey_settings.TEMPLATE, name)
        old_rows = [
            {"key": k, "question_type": t, "label_ar": ar, "label_en": en, "required": r, "is_overall": o}
            for k, t, ar, en, r, o in patch_module.SHIPPED_BEFORE
        ]
        doc.set("questions", old_rows)
        doc.save(ignore_permissions=True)
        patch_module.execute()
        keys = [q.key for q in frappe.get_doc(survey_settings.TEMPLATE, name).questions]
        self.assertEqual(keys, [r["key"] for r in DEFAULT_TEMPLATES["Ticket Resolved"]])
        # an admin's edit of the old questions is kept
        doc = frappe.get_doc(survey_settings.TEMPLATE, name)
        doc.set("questions", [dict(old_rows[0], label_en="Our own wording?"), *old_rows[1:]])
        doc.save(ignore_permissions=True)
        patch_module.execute()
        doc = frappe.get_doc(survey_settings.TEMPLATE, name)
        self.assertEqual([q.key for q in doc.questions], [r["key"] for r in old_rows])
        self.assertEqual(doc.questions[0].label_en, "Our own wording?")
        doc.set("questions", shipped.question_records(DEFAULT_TEMPLATES["Ticket Resolved"]))
        doc.save(ignore_permissions=True)
