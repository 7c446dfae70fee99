"""A beneficiary's reply is never lost because the agents cannot be e-mailed about it.

Through real HTTP requests (Frappe's WSGI app): the Moeen portal's reply and Helpdesk's own customer
portal reply (``run_doc_method``), on a site with no outgoing Email Account and with one whose SMTP
server refuses connections. The reply is stored (HTTP 200), nothing is e-mailed inside the request,
the notification is queued for after the commit, and when it cannot be sent that is logged once.

Requests run in their own connection, so this class commits its fixtures and removes them after.
"""

import frappe
from frappe.desk.form.assign_to import add as assign
from frappe.tests.test_api import make_request
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_test_client

from moeen_helpdesk import replies
from moeen_helpdesk.tests.survey_helpers import captured_jobs
from moeen_helpdesk.tests.utils import (
    TEST_EMAIL_ACCOUNT,
    api_token,
    make_agent,
    make_beneficiary,
    make_service,
    no_outgoing_email_account,
    outgoing_email_account,
)

STUDENT = "it-reply-student@moeen-it.test"
AGENT = "it-reply-agent@moeen-it.test"
SERVICE = "IT-REPLY"


class TestRepliesWithoutEmail(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = get_test_client()
        make_beneficiary(STUDENT, "Student")
        make_agent(AGENT)
        make_service(SERVICE)
        cls.token = api_token(STUDENT)
        cls.reply_email = frappe.db.get_single_value("HD Settings", "enable_reply_email_to_agent")
        frappe.db.set_single_value("HD Settings", "enable_reply_email_to_agent", 1)
        frappe.db.commit()  # nosemgrep: requests see only committed data

    @classmethod
    def tearDownClass(cls):
        frappe.db.rollback()
        tickets = frappe.get_all("HD Ticket", {"raised_by": STUDENT}, pluck="name")
        for name in tickets:
            frappe.delete_doc("HD Ticket", name, force=True, ignore_permissions=True)
        if tickets:
            frappe.db.delete(
                "Communication", {"reference_doctype": "HD Ticket", "reference_name": ["in", tickets]}
            )
            frappe.db.delete(
                "Error Log", {"reference_doctype": "HD Ticket", "reference_name": ["in", tickets]}
            )
            frappe.db.delete(
                "Email Queue", {"reference_doctype": "HD Ticket", "reference_name": ["in", tickets]}
            )
        frappe.db.set_single_value("HD Settings", "enable_reply_email_to_agent", cls.reply_email)
        if frappe.db.exists("Email Account", TEST_EMAIL_ACCOUNT):
            frappe.delete_doc("Email Account", TEST_EMAIL_ACCOUNT, force=True, ignore_permissions=True)
        frappe.delete_doc("Moeen Service", SERVICE, force=True, ignore_permissions=True)
        frappe.delete_doc("Moeen Beneficiary", STUDENT, force=True, ignore_permissions=True)
        frappe.delete_doc("User", STUDENT, force=True, ignore_permissions=True)
        frappe.db.commit()  # nosemgrep
        super().tearDownClass()

    def setUp(self):
        frappe.set_user("Administrator")

    def post(self, method: str, payload: dict):
        headers = {"Authorization": self.token, "Accept-Language": "en"}
        return make_request(
            target=self.client.post,
            args=(f"/api/method/{method}",),
            kwargs={"json": payload, "headers": headers},
        )

    def new_ticket(self) -> str:
        response = self.post(
            "moeen_helpdesk.api.portal.request",
            {"service": SERVICE, "subject": "Reply without e-mail", "description": "first message"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        name = str(response.json["message"]["name"])
        frappe.db.rollback()
        assign({"doctype": "HD Ticket", "name": name, "assign_to": [AGENT]})
        frappe.db.commit()  # nosemgrep: the request must see the assignment
        return name

    def messages(self, ticket: str) -> list[str]:
        frappe.db.rollback()  # see what the requests committed
        return frappe.get_all(
            "Communication",
            {
                "reference_doctype": "HD Ticket",
                "reference_name": ticket,
                "communication_type": "Communication",
            },
            pluck="content",
            order_by="creation asc",
        )

    def errors(self, ticket: str) -> int:
        return frappe.db.count(
            "Error Log",
            {"reference_doctype": "HD Ticket", "reference_name": ticket, "method": replies.ERROR_TITLE},
        )

    def assert_notice_logged_once(self, ticket: str, message: str):
        """What the queued job does, run here (no worker in the tests): it cannot e-mail, so it logs
        once, and the reply stays."""
        self.assertEqual(self.errors(ticket), 0)
        with captured_jobs():  # nothing else is enqueued meanwhile
            self.assertFalse(replies.notify_agents(ticket, message))
        self.assertEqual(self.errors(ticket), 1)
        frappe.db.commit()  # nosemgrep: the log row as the job's commit would leave it
        self.assertTrue(any(message in m for m in self.messages(ticket)))

    def test_portal_reply_kept_without_outgoing_account(self):
        with no_outgoing_email_account():
            frappe.db.commit()  # nosemgrep: the requests see the site without an account
            try:
                ticket = self.new_ticket()
                queued = frappe.db.count("Email Queue", {"reference_name": ticket})
                response = self.post(
                    "moeen_helpdesk.api.portal.reply", {"name": ticket, "message": "My reply, kept"}
                )
                self.assertEqual(response.status_code, 200, response.text)
                self.assertEqual(response.json["message"]["status"], "Open")
                self.assertTrue(any("My reply, kept" in m for m in self.messages(ticket)))
                # nothing was e-mailed inside the request
                self.assertEqual(frappe.db.count("Email Queue", {"reference_name": ticket}), queued)
                self.assert_notice_logged_once(ticket, "<p>My reply, kept</p>")
            finally:
                frappe.db.rollback()
        frappe.db.commit()  # nosemgrep: the accounts restored

    def test_helpdesk_portal_reply_kept_with_unreachable_smtp(self):
        outgoing_email_account(self)  # 127.0.0.1, a closed port
        frappe.db.commit()  # nosemgrep
        ticket = self.new_ticket()
        response = self.post(
            "run_doc_method",
            {
                "dt": "HD Ticket",
                "dn": ticket,
                "method": "create_communication_via_contact",
                "args": {"message": "<p>Reply through Helpdesk's portal</p>", "attachments": []},
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(any("Reply through Helpdesk" in m for m in self.messages(ticket)))
        # the agents' e-mail is sent for real here (not muted): the closed port refuses it
        flags = frappe.flags.mute_emails, frappe.flags.testing_email
        frappe.flags.mute_emails, frappe.flags.testing_email = False, True
        try:
            self.assert_notice_logged_once(ticket, "<p>Reply through Helpdesk's portal</p>")
        finally:
            frappe.flags.mute_emails, frappe.flags.testing_email = flags
        # Frappe keeps its own queue row of the failed e-mail (and retries it); no error for the user
        self.assertEqual(frappe.db.get_value("Email Queue", {"reference_name": ticket}, "status"), "Not Sent")

    def test_notification_queued_after_commit(self):
        ticket = self.new_ticket()
        doc = frappe.get_doc("HD Ticket", ticket)
        with captured_jobs() as jobs:
            replies.store_reply(doc, "<p>queued</p>")
        self.assertEqual(
            [
                (m, kw.get("enqueue_after_commit"), kw.get("ticket"))
                for m, kw in jobs
                if m == replies.NOTIFY_METHOD
            ],
            [(replies.NOTIFY_METHOD, True, ticket)],
        )
        frappe.db.rollback()

    def test_other_doc_methods_pass_through(self):
        """The override of run_doc_method leaves every other call to Frappe's own."""
        ticket = self.new_ticket()
        response = self.post(
            "run_doc_method", {"dt": "HD Ticket", "dn": ticket, "method": "get_last_communication"}
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json["message"]["reference_name"], ticket)
        self.assertIn("first message", response.json["message"]["content"])
