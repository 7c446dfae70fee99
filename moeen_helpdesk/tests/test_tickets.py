"""Tickets: the raiser's type, channel and kind; eligibility on every path; protected fields."""

import frappe
from frappe.tests.utils import FrappeTestCase

from moeen_helpdesk.tests.utils import (
    as_user,
    make_agent,
    make_beneficiary,
    make_service,
    ticket_count,
)
from moeen_helpdesk.tickets import checked_by_request
from moeen_helpdesk.utils import NotEligibleError

STUDENT = "it-student@moeen-it.test"
STUDENT2 = "it-student2@moeen-it.test"
EXTERNAL = "it-visitor@moeen-it.test"
AGENT = "it-agent@moeen-it.test"


def portal_new(service: str | None, subject: str = "Help please", **extra):
    """A ticket through Helpdesk's own portal API, as its customer UI calls it."""
    from helpdesk.helpdesk.doctype.hd_ticket.api import new

    doc = {"subject": subject, "description": "<p>details</p>", **extra}
    if service:
        doc["moeen_service"] = service
    return new(doc=doc)


class TestTickets(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        make_beneficiary(STUDENT, "Student")
        make_beneficiary(STUDENT2, "Student")
        make_beneficiary(EXTERNAL, "External")
        make_agent(AGENT)
        make_service("IT-INTERNAL", kind="Incident")
        make_service("IT-EXTERNAL", allow_external=1, allow_student=0)
        make_service("IT-INACTIVE", is_active=0)
        make_service("IT-HIDDEN", portal_visible=0)

    def test_portal_ticket_gets_type_channel_kind(self):
        with as_user(STUDENT):
            ticket = portal_new("IT-INTERNAL")
        ticket.reload()
        self.assertEqual(ticket.raised_by, STUDENT)
        self.assertEqual(ticket.moeen_beneficiary_type, "Student")
        self.assertEqual(ticket.moeen_channel, "Portal")
        self.assertEqual(ticket.moeen_kind, "Incident")

    def test_beneficiary_cannot_spoof_type_channel_or_raiser(self):
        with as_user(EXTERNAL):
            ticket = portal_new(
                "IT-EXTERNAL", moeen_beneficiary_type="Faculty", moeen_channel="Phone", raised_by=STUDENT
            )
        ticket.reload()
        self.assertEqual(ticket.raised_by, EXTERNAL)
        self.assertEqual(ticket.moeen_beneficiary_type, "External")
        self.assertEqual(ticket.moeen_channel, "Portal")

    def test_ineligible_type_refused_and_nothing_saved(self):
        before = ticket_count()
        with as_user(EXTERNAL), self.assertRaises(NotEligibleError) as ctx:
            portal_new("IT-INTERNAL")
        self.assertIn("IT-INTERNAL", str(ctx.exception))
        self.assertEqual(ticket_count(), before)
        self.assertFalse(frappe.db.exists("Communication", {"subject": "Help please", "sender": EXTERNAL}))

    def test_a_request_check_covers_only_its_own_service_and_raiser(self):
        # the portal's request hands the insert what it checked (tickets.checked_by_request);
        # a ticket carrying another service, or another raiser, is checked as any other
        before = ticket_count()
        with as_user(EXTERNAL), self.assertRaises(NotEligibleError):
            doc = frappe.get_doc(
                {"doctype": "HD Ticket", "subject": "Help please", "moeen_service": "IT-INTERNAL"}
            )
            checked_by_request(doc, "IT-EXTERNAL", EXTERNAL, "External")
            doc.insert()
        with as_user(EXTERNAL):
            doc = frappe.get_doc(
                {"doctype": "HD Ticket", "subject": "Help please", "moeen_service": "IT-EXTERNAL"}
            )
            checked_by_request(doc, "IT-EXTERNAL", STUDENT, "Faculty")
            doc.insert()
        self.assertEqual(
            doc.moeen_beneficiary_type, "External"
        )  # looked up: the raiser is not the one checked
        self.assertEqual(ticket_count(), before + 1)

    def test_refusal_is_translated(self):
        frappe.local.lang = "ar"
        try:
            with as_user(EXTERNAL), self.assertRaises(NotEligibleError) as ctx:
                portal_new("IT-INTERNAL")
        finally:
            frappe.local.lang = "en"
        self.assertIn("غير مقدمة للمستفيدين", str(ctx.exception))
        self.assertIn("من خارج الجامعة", str(ctx.exception))

    def test_inactive_service_refused_for_beneficiaries_and_agents(self):
        before = ticket_count()
        with as_user(STUDENT), self.assertRaises(NotEligibleError):
            portal_new("IT-INACTIVE")
        with as_user(AGENT), self.assertRaises(NotEligibleError):
            frappe.get_doc(
                {"doctype": "HD Ticket", "subject": "x", "raised_by": STUDENT, "moeen_service": "IT-INACTIVE"}
            ).insert()
        self.assertEqual(ticket_count(), before)

    def test_hidden_service_only_through_an_agent(self):
        with as_user(STUDENT), self.assertRaises(NotEligibleError):
            portal_new("IT-HIDDEN")
        with as_user(AGENT):
            ticket = frappe.get_doc(
                {
                    "doctype": "HD Ticket",
                    "subject": "by phone",
                    "raised_by": STUDENT,
                    "moeen_service": "IT-HIDDEN",
                }
            ).insert()
        self.assertEqual(ticket.moeen_beneficiary_type, "Student")
        self.assertEqual(ticket.moeen_channel, "Phone")  # an agent's ticket defaults to the contact center

    def test_agent_files_for_ineligible_raiser_refused(self):
        with as_user(AGENT), self.assertRaises(NotEligibleError):
            frappe.get_doc(
                {
                    "doctype": "HD Ticket",
                    "subject": "x",
                    "raised_by": EXTERNAL,
                    "moeen_service": "IT-INTERNAL",
                    "moeen_channel": "Walk-in",
                }
            ).insert()

    def test_agent_channel_validated(self):
        with as_user(AGENT), self.assertRaises(frappe.ValidationError):
            frappe.get_doc(
                {
                    "doctype": "HD Ticket",
                    "subject": "x",
                    "raised_by": STUDENT,
                    "moeen_channel": "Carrier pigeon",
                }
            ).insert()

    def test_ticket_without_service_keeps_helpdesk_behaviour(self):
        # Where "Beneficiaries Must Choose a Service" is off (it is on for new installs).
        before = frappe.db.get_single_value("Moeen Settings", "require_service_for_beneficiaries")
        frappe.db.set_single_value("Moeen Settings", "require_service_for_beneficiaries", 0)
        try:
            with as_user(STUDENT):
                ticket = portal_new(None)
        finally:
            frappe.db.set_single_value("Moeen Settings", "require_service_for_beneficiaries", before)
        self.assertFalse(ticket.moeen_service)
        self.assertEqual(ticket.moeen_beneficiary_type, "Student")

    def test_helpdesk_portal_refuses_a_ticket_without_service_by_default(self):
        frappe.db.set_single_value("Moeen Settings", "require_service_for_beneficiaries", 1)
        count = frappe.db.count("HD Ticket")
        with as_user(STUDENT), self.assertRaises(frappe.MandatoryError) as ctx:
            portal_new(None)  # Helpdesk's own new-ticket API, as its portal calls it
        self.assertIn("/moeen", str(ctx.exception))
        self.assertEqual(frappe.db.count("HD Ticket"), count)

    def test_service_change_by_agent_rechecked(self):
        with as_user(STUDENT):
            ticket = portal_new("IT-INTERNAL")
        with as_user(AGENT):
            doc = frappe.get_doc("HD Ticket", ticket.name)
            doc.moeen_service = "IT-EXTERNAL"  # not open to students
            with self.assertRaises(NotEligibleError):
                doc.save()
        self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "moeen_service"), "IT-INTERNAL")

    def test_beneficiary_cannot_write_protected_fields(self):
        with as_user(STUDENT):
            ticket = portal_new("IT-INTERNAL")
            for field, value in [
                ("moeen_beneficiary_type", "Faculty"),
                ("moeen_service", "IT-HIDDEN"),
                ("moeen_channel", "Phone"),
                ("agent_group", "Billing"),
                ("priority", "Urgent"),
            ]:
                doc = frappe.get_doc("HD Ticket", ticket.name)
                doc.set(field, value)
                with self.assertRaises(frappe.PermissionError, msg=field):
                    doc.save()
        stored = frappe.db.get_value(
            "HD Ticket",
            ticket.name,
            ["moeen_beneficiary_type", "moeen_service", "moeen_channel"],
            as_dict=True,
        )
        self.assertEqual(
            stored,
            {"moeen_beneficiary_type": "Student", "moeen_service": "IT-INTERNAL", "moeen_channel": "Portal"},
        )

    def test_beneficiary_cannot_read_another_beneficiarys_ticket(self):
        with as_user(STUDENT):
            mine = portal_new("IT-INTERNAL")
        with as_user(STUDENT2):
            self.assertFalse(
                frappe.has_permission("HD Ticket", "read", doc=frappe.get_doc("HD Ticket", mine.name))
            )
            self.assertNotIn(mine.name, frappe.get_list("HD Ticket", pluck="name"))
