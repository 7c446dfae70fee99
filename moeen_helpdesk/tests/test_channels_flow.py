"""One caller identification for every phone path (issue 16): ticket-from-call, link-call
and the "Call Completed" survey recognise the same person, whatever the spelling."""

import unittest

import frappe
from frappe.tests.utils import FrappeTestCase

from moeen_helpdesk import channels
from moeen_helpdesk.api import calls
from moeen_helpdesk.surveys import settings as survey_settings
from moeen_helpdesk.surveys import shipped
from moeen_helpdesk.tests.survey_helpers import captured_jobs, has_telephony, request_of, survey_hooks
from moeen_helpdesk.tests.utils import make_agent, make_beneficiary, make_call

CALLER = "it-channel-caller@moeen-it.test"
OTHER = "it-channel-other@moeen-it.test"
TWIN = "it-channel-twin@moeen-it.test"
AGENT = "it-channel-agent@moeen-it.test"
STORED = "+966 55 987 6543"


def contact_of(email: str) -> str:
    """The Contact Frappe made for the user (or a new one)."""
    name = frappe.db.get_value("Contact", {"email_id": email}, "name")
    if name:
        return name
    return (
        frappe.get_doc(
            {
                "doctype": "Contact",
                "first_name": "Caller",
                "email_ids": [{"email_id": email, "is_primary": 1}],
            }
        )
        .insert(ignore_permissions=True)
        .name
    )


def give_phone(email: str, phone: str) -> str:
    contact = frappe.get_doc("Contact", contact_of(email))
    contact.append("phone_nos", {"phone": phone})
    contact.save(ignore_permissions=True)
    return contact.name


class TestChannelsFlow(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not has_telephony():
            raise unittest.SkipTest("Telephony is not installed")
        frappe.flags.mute_emails = True
        shipped.ship_default_templates()
        for field in ("enabled", "call_surveys"):
            frappe.db.set_single_value(survey_settings.SETTINGS, field, 1)
        for email in (CALLER, OTHER, TWIN):
            make_beneficiary(email, "External")
        make_agent(AGENT)
        cls.contact = give_phone(CALLER, STORED)

    def setUp(self):
        frappe.set_user("Administrator")

    def call(self, number: str, status="Completed", **values):
        return make_call(number, status, **{"receiver": AGENT, **values})

    def test_a_completed_call_in_another_spelling_gets_a_survey_and_a_ticket(self):
        with survey_hooks(), captured_jobs():
            call = self.call("00966559876543")
            rows = request_of("TP Call Log", call.name)
            self.assertEqual(
                [(r.trigger, r.beneficiary_email, r.channel) for r in rows],
                [("Call Completed", CALLER, "Phone")],
            )
            name = calls.create_ticket_from_call(call.name, "Cannot log in")
        ticket = frappe.get_doc("HD Ticket", name)
        self.assertEqual(
            (ticket.raised_by, ticket.contact, ticket.moeen_channel), (CALLER, self.contact, "Phone")
        )
        self.assertEqual(len(request_of("TP Call Log", call.name)), 1)  # linking saved the call: still once

    def test_every_spelling_finds_the_same_person(self):
        for spelling in ("0559876543", "559876543", "+966559876543", "966 55 987 65 43", "٠٥٥٩٨٧٦٥٤٣"):
            caller = channels.identify_caller(spelling)
            self.assertEqual((caller.email, caller.contact), (CALLER, self.contact), spelling)
        self.assertFalse(channels.identify_caller("+20 559876543").known)  # same digits, another country
        self.assertFalse(channels.identify_caller("").number)

    def test_an_outgoing_call_surveys_the_callee(self):
        with survey_hooks(), captured_jobs():
            call = self.call("0114675557", to="0559876543", type="Outgoing", caller=AGENT, receiver=None)
        self.assertEqual([r.beneficiary_email for r in request_of("TP Call Log", call.name)], [CALLER])

    def test_a_number_of_two_people_is_nobodys(self):
        give_phone(OTHER, "+966 55 111 2233")
        give_phone(TWIN, "0551112233")
        with survey_hooks(), captured_jobs():
            call = self.call("00966551112233")
        self.assertEqual(request_of("TP Call Log", call.name), [])  # no survey to a guess
        count = frappe.db.count("HD Ticket")
        with self.assertRaises(frappe.ValidationError) as ctx:
            calls.create_ticket_from_call(call.name, "Who?")
        self.assertIn(OTHER, str(ctx.exception))
        self.assertIn(TWIN, str(ctx.exception))
        self.assertEqual(frappe.db.count("HD Ticket"), count)

    def test_an_unknown_number_gets_no_survey_and_a_clear_refusal(self):
        with survey_hooks(), captured_jobs():
            call = self.call("+966 55 000 0000")
        self.assertEqual(request_of("TP Call Log", call.name), [])
        with self.assertRaises(frappe.ValidationError) as ctx:
            calls.create_ticket_from_call(call.name, "Who?")
        self.assertIn("+966 55 000 0000", str(ctx.exception))
