"""An agent answers and resolves a ticket, for e2e/specs/portal.test.js (the student's survey).

    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/e2e/agent_resolve.py \
        --site moeen-test.localhost --ticket 123

As Administrator (an agent): adds the agent's answer to the conversation (stored as Helpdesk's agent
reply is, without sending an email), sets the ticket to a Resolved-category status and commits. The
app's ``on_update`` (``moeen_helpdesk.surveys.triggers.on_ticket_update``) then creates the survey request and
its email job is enqueued after that commit, as in production. ``bench serve`` runs no worker, so
unless one is listening the job is run here, after the commit, as the worker would: it queues the
survey email and stamps ``sent_at``. Without an outgoing email account nothing is queued
(``MOEEN_E2E_SURVEY_EMAIL=not-queued`` says so) and the portal offers the survey all the same.

Prints, on its last line, ``MOEEN_E2E_TICKET_STATUS=… MOEEN_E2E_SURVEY_REQUEST=… MOEEN_E2E_SURVEY_EMAIL=…``.
Exits non-zero when no survey request was created. ``prepare.py --cleanup`` removes the ticket, its
messages, its survey requests and responses and their queued emails.
"""

import sys
import time

from bench_site import run_on_site, site_parser

DEFAULT_MESSAGE = (
    "<p>تمت إعادة تعيين كلمة المرور، ويمكنك الدخول الآن بكلمة المرور المؤقتة المرسلة إلى جوالك.</p>"
)
WORKER_WAIT_SECONDS = 20


def parse():
    p = site_parser()
    p.add_argument("--ticket", required=True)
    p.add_argument("--message", default=DEFAULT_MESSAGE)
    return p.parse_args()


def agent_reply(frappe, ticket, message: str) -> str:
    """The agent's answer in the conversation, as ``HDTicket.reply_via_agent`` stores it when the
    email workflow is skipped (no outgoing email needed)."""
    comm = frappe.get_doc(
        {
            "doctype": "Communication",
            "communication_type": "Communication",
            "communication_medium": "",
            "content": message,
            "email_status": "Open",
            "recipients": ticket.raised_by,
            "reference_doctype": "HD Ticket",
            "reference_name": ticket.name,
            "sender": frappe.session.user,
            "sent_or_received": "Sent",
            "status": "Linked",
            "subject": f"Re: {ticket.subject}",
        }
    )
    comm.insert(ignore_permissions=True)
    return comm.name


def survey_request(frappe, survey_settings, ticket: str):
    return frappe.db.get_value(
        survey_settings.REQUEST,
        {"reference_doctype": "HD Ticket", "reference_name": ticket, "status": survey_settings.PENDING},
        ["name", "sent_at"],
        as_dict=True,
        order_by="creation desc",
    )


def workers_listening(frappe) -> bool:
    try:
        from frappe.utils.background_jobs import get_workers

        return bool(get_workers())
    except Exception:
        return False


def resolve(frappe, args) -> str:
    from moeen_helpdesk.sla.on_save import status_category
    from moeen_helpdesk.surveys import sending, shipped
    from moeen_helpdesk.surveys import settings as survey_settings
    from moeen_helpdesk.tiers import transitions

    frappe.set_user("Administrator")
    s = survey_settings.settings()
    if not (s.enabled and s.ticket_surveys):
        sys.exit("agent_resolve: ticket surveys are switched off in Moeen Survey Settings")
    shipped.ship_default_templates()  # idempotent: the templates a fresh install ships

    ticket = frappe.get_doc("HD Ticket", args.ticket)
    if status_category(ticket.status) == "Resolved":
        sys.exit(f"agent_resolve: ticket {ticket.name} is already {ticket.status}")
    agent_reply(frappe, ticket, args.message)
    ticket = frappe.get_doc("HD Ticket", args.ticket)  # the reply updated it (first response)
    ticket.status = transitions.resolved_status()
    ticket.save(ignore_permissions=True)
    frappe.db.commit()  # the survey request is stored; its email job is enqueued after this commit

    req = survey_request(frappe, survey_settings, ticket.name)
    if not req:
        sys.exit(f"agent_resolve: resolving {ticket.name} created no survey request (see the Error Log)")
    if workers_listening(frappe):  # a worker takes the job: give it a moment
        deadline = time.monotonic() + WORKER_WAIT_SECONDS
        while not req.sent_at and time.monotonic() < deadline:
            time.sleep(1)
            frappe.db.rollback()  # a fresh snapshot
            req = survey_request(frappe, survey_settings, ticket.name)
    email = "queued"
    if not req.sent_at:
        # No worker: run the job ourselves, after the commit, as the worker would.
        sending.send_request(req.name)
        frappe.db.commit()
        req = survey_request(frappe, survey_settings, ticket.name)
    queued = {"reference_doctype": survey_settings.REQUEST, "reference_name": req.name}
    if not frappe.db.exists("Email Queue", queued):
        email = "not-queued"
        print("agent_resolve: the survey email was not queued (no outgoing email account?)", file=sys.stderr)
    status = frappe.db.get_value("HD Ticket", ticket.name, "status")
    return (
        f"MOEEN_E2E_TICKET_STATUS={status} MOEEN_E2E_SURVEY_REQUEST={req.name}"
        f" MOEEN_E2E_SURVEY_EMAIL={email}"
    )


def main():
    args = parse()
    run_on_site(args, lambda frappe: print(resolve(frappe, args)))


if __name__ == "__main__":
    main()
