"""A beneficiary's reply is stored first; the agents are e-mailed about it afterwards.

Helpdesk's ``HD Ticket.create_communication_via_contact`` e-mails the assigned agents *before* it
stores the reply, with ``now=True``: with no outgoing Email Account, or an SMTP server that cannot
be reached, the e-mail raises, the whole request fails (HTTP 500) and the reply is rolled back —
while Frappe has already committed an Email Queue row about it. Policy: nothing a beneficiary sent
may be lost because a notification cannot be e-mailed.

:func:`store_reply` (the portal's reply, ``moeen_helpdesk.api.portal.reply``, and Helpdesk's own
customer portal through :func:`moeen_helpdesk.api.replies.run_doc_method`):

1. moves the ticket to its reopen status and saves it (as Helpdesk does);
2. stores the message with Helpdesk's own ``create_communication_via_contact`` in its
   ``new_ticket`` mode, which only creates the Communication and attaches the files (no e-mail);
3. when Helpdesk's "reply e-mail to agents" setting is on and agents are assigned, queues
   :func:`notify_agents` for *after the commit*, on the mail queue (``utils.MAIL_QUEUE``): Helpdesk
   sends it at once, so each job waits on the SMTP server, and the new tickets' assignment job
   (``utils.URGENT_QUEUE``) must not wait behind a queue of them.

:func:`notify_agents` (a background job) sends Helpdesk's notification; when it cannot, the
failure is logged once (an Error Log row, which admins see; the beneficiary sees nothing) and the
reply stays as it is.
"""

import frappe

from moeen_helpdesk.portal.tickets import set_status
from moeen_helpdesk.utils import MAIL_QUEUE

TICKET = "HD Ticket"
NOTIFY_METHOD = "moeen_helpdesk.replies.notify_agents"
ERROR_TITLE = "Moeen: agents not e-mailed about a reply"


def store_reply(doc, message: str, attachments: list | None = None) -> None:
    """Store a contact's reply on a ticket (see the module's docstring). ``message`` is HTML;
    ``attachments`` are File rows (``{"name": …}``) uploaded beforehand. The caller checks the
    user's rights."""
    # Read the ticket again, its row locked to the commit. A job may have written it since the
    # request read it (the assignment, the SLA notices: without touching ``modified``, so Frappe's
    # timestamp check cannot tell): saving that stale copy would look like the beneficiary changing
    # what the desk decided (refused, a 403) and would write the job's values back.
    doc.flags.for_update = True
    doc.reload()
    set_status(doc, doc.ticket_reopen_status or "Open")
    doc.save(ignore_permissions=True)
    # new_ticket=True: Helpdesk's method then only creates the Communication and attaches the files.
    doc.create_communication_via_contact(message, attachments=attachments or [], new_ticket=True)
    if frappe.db.get_single_value("HD Settings", "enable_reply_email_to_agent") and doc.get_assigned_agents():
        frappe.enqueue(
            NOTIFY_METHOD, queue=MAIL_QUEUE, enqueue_after_commit=True, ticket=doc.name, message=message
        )


def notify_agents(ticket: str, message: str) -> bool:
    """Background job: Helpdesk's reply e-mail to the ticket's agents. A failure is logged once
    and changes nothing else (what the failed send wrote is rolled back). True when sent."""
    if not frappe.db.exists(TICKET, ticket):
        return False
    doc = frappe.get_doc(TICKET, ticket)
    frappe.db.savepoint("moeen_reply_notice")
    try:
        doc.send_reply_email_to_agent(message)
    except Exception:
        try:
            frappe.db.rollback(save_point="moeen_reply_notice")
        except Exception:  # Frappe committed its Email Queue row (it retries that e-mail itself)
            pass
        frappe.local.message_log = []
        frappe.log_error(title=ERROR_TITLE, reference_doctype=TICKET, reference_name=ticket)
        return False
    return True
