"""The beneficiary's reply: the note a resolving transition sends as a reply on the ticket, and the
resolution e-mail in the beneficiary's language."""

import frappe
from frappe.utils import cint

from moeen_helpdesk.core import tiers as core
from moeen_helpdesk.portal.fields import text_to_html
from moeen_helpdesk.portal.language import DEFAULT_LANGUAGE, preferred_language
from moeen_helpdesk.portal.tickets import ticket_url
from moeen_helpdesk.tiers.teams import LOG

# ------------------------------------------------------------- the beneficiary's reply
RESOLVED_SUBJECT = "Your ticket #{0} has been resolved"
RESOLVED_INTRO = "We have finished working on your ticket «{0}». This is what was done:"
RESOLVED_LINK = "See your ticket, reopen it or tell us how we did"


def completion_note(ticket: str) -> str | None:
    """The note of the ticket's latest completion (tier 2's account of the work)."""
    notes = frappe.get_all(
        LOG,
        filters={"ticket": ticket, "action": core.COMPLETE},
        pluck="reason",
        order_by="at desc, creation desc",
        limit=1,
    )
    return notes[0] if notes else None


def reply_to_beneficiary(doc, tr: core.Transition) -> str | None:
    """When a transition resolves the ticket with a note (tier 1's resolve note, or tier 2's
    completion note once verified): that note as a reply on the ticket — a Communication the
    portal's conversation shows — and an e-mail to the beneficiary in their language. The
    reply is part of the transition; the e-mail is queued and may fail without undoing it.
    Returns the Communication's name (None: nothing to tell)."""
    note = core.beneficiary_reply(tr, completion_note(doc.name) if tr.action == core.VERIFY else None)
    if not note or not doc.raised_by:
        return None
    content = text_to_html(note)
    comm = frappe.get_doc(
        {
            "doctype": "Communication",
            "communication_type": "Communication",
            "communication_medium": "Email",
            "sent_or_received": "Sent",
            "sender": tr.actor,
            "recipients": doc.raised_by,
            "subject": f"Re: {doc.subject}",
            "content": content,
            "reference_doctype": "HD Ticket",
            "reference_name": doc.name,
            "status": "Linked",
            "email_status": "Open",
        }
    )
    comm.flags.skip_add_signature = True
    # Helpdesk saves the ticket on every agent reply (and may set a status on it): this
    # document, as the transition saved it, stays resolved.
    comm.parent_doc = doc
    doc.flags.ignore_permissions = True
    doc.flags.moeen_keep_status = doc.status
    try:
        comm.insert(ignore_permissions=True)
    finally:
        doc.flags.moeen_keep_status = None
    email_resolution(doc, comm.name, content)
    return comm.name


def email_resolution(doc, communication: str, content: str):
    """The resolution e-mail in the beneficiary's language, queued (sent by the scheduler).
    Any failure — no outgoing account, a bad address — is logged and leaves the ticket as it is."""
    if cint(frappe.db.get_single_value("HD Settings", "skip_email_workflow")):
        return
    lang = preferred_language(doc.raised_by) or DEFAULT_LANGUAGE
    url = frappe.utils.get_url(ticket_url(doc.name))
    direction = "rtl" if lang == "ar" else "ltr"
    message = (
        f'<div dir="{direction}" lang="{lang}"><p>{frappe.utils.escape_html(frappe._(RESOLVED_INTRO, lang=lang).format(doc.subject))}</p>'
        f"<blockquote>{content}</blockquote>"
        f'<p><a href="{frappe.utils.escape_html(url)}">{frappe._(RESOLVED_LINK, lang=lang)}</a></p></div>'
    )
    frappe.db.savepoint("moeen_resolution_email")
    try:
        frappe.sendmail(
            recipients=[doc.raised_by],
            subject=frappe._(RESOLVED_SUBJECT, lang=lang).format(doc.name),
            message=message,
            reference_doctype="HD Ticket",
            reference_name=doc.name,
            communication=communication,
            delayed=True,
        )
    except Exception:
        frappe.db.rollback(save_point="moeen_resolution_email")
        frappe.clear_last_message()
        frappe.log_error(title=f"Moeen: resolution e-mail of ticket {doc.name}")
