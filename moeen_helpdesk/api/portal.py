"""The beneficiaries' portal API (``/api/method/moeen_helpdesk.api.portal.<name>``).

Every function needs a logged-in user (``contact_center`` excepted) and checks on the server:

* ``catalog`` / ``service`` list only what the user's beneficiary type may request (the core's
  eligibility rules), with the times in words and the calendar's weekly hours;
* ``request`` files an HD Ticket through the normal document path (``insert()`` with the user's
  rights), so the eligibility and protected-field rules of ``moeen_helpdesk.tickets`` apply; the
  service's extra fields are checked and stored in the description as a labelled block;
* ``my_tickets`` / ``ticket`` / ``reply`` / ``close`` / ``reopen`` work on the user's own tickets
  (Helpdesk's permission rules via ``frappe.has_permission``).

Messages follow the request language (``_lang``, which the portal's script always sends).
Attachments are uploaded with Frappe's ``/api/method/upload_file`` (doctype HD Ticket, the ticket's
name, private) and limited by :func:`moeen_helpdesk.portal.attachments.validate_attachment`.
"""

import frappe
from frappe import _

from moeen_helpdesk import channels, replies
from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.portal import catalog as services
from moeen_helpdesk.portal import tickets
from moeen_helpdesk.portal.attachments import TICKET
from moeen_helpdesk.portal.fields import (
    MAX_SUBJECT,
    MAX_TEXT,
    clean_field_values,
    clean_text,
    fields_block,
    text_to_html,
)
from moeen_helpdesk.portal.language import remember_language
from moeen_helpdesk.tickets import checked_by_request


def _user() -> str:
    user = frappe.session.user
    if user == "Guest":
        frappe.throw(_("Please log in to use the Moeen platform"), frappe.PermissionError)
    return user


@frappe.whitelist(methods=["GET", "POST"])
@endpoint
def catalog(search: str | None = None, category: str | None = None) -> dict:
    """Categories and the services the logged-in beneficiary's type may request."""
    return services.catalog(_user(), search, category)


@frappe.whitelist(methods=["GET", "POST"])
@endpoint
def service(name: str) -> dict:
    """One service the user may request, with its extra fields (refused, translated, otherwise)."""
    return services.service_detail(_user(), name)


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@endpoint
def contact_center() -> dict:
    """The unified contact center: phone, hours and whether it is open now."""
    return channels.contact_center()


@frappe.whitelist(methods=["POST"])
@endpoint
def request(service: str, subject: str, description: str, fields: dict | None = None) -> dict:
    """File a request or an incident for a service; returns the ticket number and due times."""
    user = _user()
    row = services.load_service(service)
    beneficiary_type = services.check_can_request(user, row)
    subject = clean_text(subject, _("Subject"), MAX_SUBJECT)
    description = clean_text(description, _("Description"), MAX_TEXT)
    extras = clean_field_values(row.name, fields)
    doc = frappe.get_doc(
        {
            "doctype": TICKET,
            "subject": subject,
            "description": text_to_html(description) + fields_block(extras),
            "moeen_service": row.name,
            "raised_by": user,
            "via_customer_portal": 1,
        }
    )
    checked_by_request(doc, row.name, user, beneficiary_type)
    doc.insert()
    out = tickets.ticket_summary(doc, _context_for(doc, row))
    out["message"] = _("Your ticket #{0} has been received").format(doc.name)
    return out


def _context_for(doc, service_row=None) -> tickets.TicketContext:
    ctx = tickets.TicketContext()
    if service_row is not None and service_row.name == doc.moeen_service:
        ctx.services[service_row.name] = service_row  # the request's own, already loaded
    ctx.load_services([doc.moeen_service])
    return ctx


@frappe.whitelist(methods=["GET", "POST"])
@endpoint
def my_tickets(status: str | None = None) -> list:
    """The user's own tickets, newest first; ``status``: open, waiting, resolved or a status name."""
    return tickets.my_tickets(_user(), status)


@frappe.whitelist(methods=["GET", "POST"])
@endpoint
def ticket(name: str) -> dict:
    """One of the user's tickets with its conversation and attachments."""
    user = _user()
    return tickets.ticket_detail(user, tickets.get_ticket_for(user, name))


@frappe.whitelist(methods=["POST"])
@endpoint
def reply(name: str, message: str) -> dict:
    """Add the beneficiary's reply to the conversation (a waiting ticket goes back to the team)."""
    user = _user()
    doc = tickets.get_ticket_for(user, name, "write")
    if doc.status == "Closed":
        frappe.throw(_("This ticket is closed. Please submit a new request."), frappe.ValidationError)
    message = clean_text(message, _("Message"), MAX_TEXT)
    # Stored first; the agents are e-mailed after the commit (a failed e-mail loses nothing).
    replies.store_reply(doc, text_to_html(message))
    doc.reload()
    return tickets.ticket_summary(doc, _context_for(doc))


@frappe.whitelist(methods=["POST"])
@endpoint
def close(name: str) -> dict:
    """Close one of the user's tickets (it cannot be reopened from the portal afterwards)."""
    user = _user()
    doc = tickets.get_ticket_for(user, name, "write")
    if doc.status == "Closed":
        frappe.throw(_("This ticket is already closed"), frappe.ValidationError)
    doc.status = "Closed"
    doc.save()
    return tickets.ticket_summary(doc, _context_for(doc))


@frappe.whitelist(methods=["POST"])
@endpoint
def reopen(name: str) -> dict:
    """Reopen a resolved ticket of the user's (a closed one cannot be reopened)."""
    user = _user()
    doc = tickets.get_ticket_for(user, name, "write")
    info = tickets.status_info(doc.status, tickets.status_map())
    if not info["can_reopen"]:
        if info["is_closed"]:
            frappe.throw(
                _("A closed ticket cannot be reopened. Please submit a new request."), frappe.ValidationError
            )
        frappe.throw(_("Only a resolved ticket can be reopened"), frappe.ValidationError)
    if not tickets.within_reopen_window(doc):
        frappe.throw(
            _(
                "This ticket was resolved more than {0} days ago and can no longer be reopened. "
                "Please submit a new request."
            ).format(tickets.reopen_window_days()),
            frappe.ValidationError,
        )
    tickets.set_status(doc, doc.ticket_reopen_status or "Open")
    doc.save()
    return tickets.ticket_summary(doc, _context_for(doc))


@frappe.whitelist(methods=["POST"])
@endpoint
def set_language(lang: str) -> dict:
    """Remember the portal language (ar or en) in the beneficiary's profile."""
    return {"lang": remember_language(_user(), (lang or "").strip().lower()[:2])}
