"""The triggers: a resolved ticket (HD Ticket ``on_update``) and a completed call (TP Call Log
``on_update``) store a pending "Moeen Survey Request" and enqueue its e-mail after the commit;
a failing trigger never blocks the save."""

from __future__ import annotations

import json
from email.utils import parseaddr

import frappe
from frappe.utils import add_days, now_datetime, validate_email_address

from moeen_helpdesk.beneficiaries import type_of
from moeen_helpdesk.channels import caller_number, identify_caller
from moeen_helpdesk.core import surveys as core
from moeen_helpdesk.moeen_helpdesk.doctype.moeen_survey_template.moeen_survey_template import question_rows
from moeen_helpdesk.surveys.settings import (
    CALL_COMPLETED,
    CALL_LOG,
    EXPIRED,
    PENDING,
    REQUEST,
    SEND_METHOD,
    TEMPLATE,
    TICKET,
    TICKET_RESOLVED,
    settings,
)
from moeen_helpdesk.utils import MAIL_QUEUE, is_agent


def find_template(trigger: str, service: str | None = None) -> str | None:
    """The active template of a trigger: the service's own one, else the general one."""
    if service:
        name = frappe.db.get_value(
            TEMPLATE,
            {"trigger": trigger, "service": service, "is_active": 1},
            "name",
            order_by="modified desc",
        )
        if name:
            return name
    return frappe.db.get_value(
        TEMPLATE,
        {"trigger": trigger, "service": ["is", "not set"], "is_active": 1},
        "name",
        order_by="modified desc",
    )


def template_questions(template: str, lang: str) -> tuple[core.Question, ...]:
    doc = frappe.get_cached_doc(TEMPLATE, template)
    return core.questions_from_template(question_rows(doc.questions), lang)


# --------------------------------------------------------------------------- requests
def _user_of(email: str) -> str | None:
    return frappe.db.get_value("User", {"name": email, "enabled": 1}, "name") or frappe.db.get_value(
        "User", {"email": email, "enabled": 1}, "name"
    )


def create_request(
    trigger: str,
    reference_doctype: str,
    reference_name: str,
    email: str,
    dimensions: dict,
    dedupe_key: str,
    cycle: int = 1,
) -> str | None:
    """Store a pending request and enqueue its email after the commit. ``None``
    when no active template applies or ``dedupe_key`` already has its request."""
    template = find_template(trigger, dimensions.get("service"))
    if not template or frappe.db.exists(REQUEST, {"dedupe_key": dedupe_key}):
        return None
    doc = frappe.get_doc(
        {
            "doctype": REQUEST,
            "trigger": trigger,
            "status": PENDING,
            "template": template,
            "reference_doctype": reference_doctype,
            "reference_name": reference_name,
            "resolution_cycle": cycle,
            "dedupe_key": dedupe_key,
            "beneficiary_email": email,
            "beneficiary_user": _user_of(email),
            "expires_at": add_days(now_datetime(), settings().expiry_days),
            "nonce": core.new_nonce(),
            **{k: dimensions.get(k) for k in core.DIMENSIONS},
        }
    )
    doc.insert(ignore_permissions=True)
    frappe.enqueue(SEND_METHOD, queue=MAIL_QUEUE, enqueue_after_commit=True, request=doc.name)
    return doc.name


def _guarded(fn, doc):
    """Run a trigger so that its failure never blocks the ticket / call save."""
    frappe.db.savepoint("moeen_survey")
    try:
        fn(doc)
    except Exception:
        frappe.db.rollback(save_point="moeen_survey")
        if frappe.flags.in_test:
            raise
        frappe.log_error(
            title="Moeen survey trigger failed", reference_doctype=doc.doctype, reference_name=doc.name
        )


def _valid_email(value: str | None) -> str | None:
    email = parseaddr(value or "")[1].strip().lower()
    return email if email and validate_email_address(email) else None


# --------------------------------------------------------------------------- ticket trigger
def on_ticket_update(doc, method=None):
    """HD Ticket on_update: a survey when the ticket enters the Resolved category."""
    if doc.get("status_category") != "Resolved":
        return
    before = doc.get_doc_before_save()
    if before is not None and before.get("status_category") == "Resolved":
        return
    s = settings()
    if not (s.enabled and s.ticket_surveys):
        return
    _guarded(_ticket_survey, doc)


def _ticket_survey(doc):
    email = _valid_email(doc.raised_by)
    if not email:
        return
    # One request per save that resolves the ticket: the same event run twice
    # (same ``modified``) finds its request; a later re-resolution does not.
    dedupe_key = f"{TICKET}:{doc.name}:{doc.modified}"
    if frappe.db.exists(REQUEST, {"dedupe_key": dedupe_key}):
        return
    earlier = frappe.get_all(
        REQUEST, {"reference_doctype": TICKET, "reference_name": doc.name}, ["name", "status"]
    )
    for row in earlier:  # a new resolution withdraws the unanswered survey of the previous one
        if row.status == PENDING:
            frappe.db.set_value(REQUEST, row.name, "status", EXPIRED)
    create_request(
        TICKET_RESOLVED,
        TICKET,
        doc.name,
        email,
        _ticket_dimensions(doc, email),
        dedupe_key=dedupe_key,
        cycle=len(earlier) + 1,
    )


def _ticket_dimensions(doc, email: str) -> dict:
    return {
        "service": doc.get("moeen_service"),
        "tier": _ticket_tier(doc),
        "team": doc.get("agent_group"),
        "agent": _ticket_agent(doc),
        "channel": doc.get("moeen_channel"),
        "beneficiary_type": doc.get("moeen_beneficiary_type") or type_of(email),
    }


def _ticket_tier(doc) -> str:
    """The tier that resolved the ticket: its team's tier (HD Team ``moeen_tier``),
    else its tier state while in a tier, else "Tier 2" when it sits with its
    service's tier-2 unit, else "Tier 1" (the contact center)."""
    team, service = doc.get("agent_group"), doc.get("moeen_service")
    if team and frappe.get_meta("HD Team").has_field("moeen_tier"):
        tier = frappe.get_cached_value("HD Team", team, "moeen_tier")
        if tier:
            return tier
    if doc.get("moeen_tier_state") in ("Tier 1", "Tier 2"):
        return doc.moeen_tier_state
    if team and service and frappe.get_meta("Moeen Service").has_field("tier2_team"):
        if frappe.get_cached_value("Moeen Service", service, "tier2_team") == team:
            return "Tier 2"
    return "Tier 1"


def _ticket_agent(doc) -> str | None:
    try:
        assigned = json.loads(doc.get("_assign") or "[]")
    except ValueError:
        assigned = []
    if assigned:
        return assigned[0]
    user = frappe.session.user
    if user not in ("Guest", "Administrator"):
        if is_agent(user):
            return user
    return None


# --------------------------------------------------------------------------- call trigger
def on_call_log_update(doc, method=None):
    """TP Call Log on_update: a survey when the call reaches "Completed"."""
    if doc.get("status") != "Completed":
        return
    before = doc.get_doc_before_save()
    if before is not None and before.get("status") == "Completed":
        return
    s = settings()
    if not (s.enabled and s.call_surveys):
        return
    _guarded(_call_survey, doc)


def _call_survey(doc):
    if frappe.db.exists(REQUEST, {"reference_doctype": CALL_LOG, "reference_name": doc.name}):
        return
    email, ticket = caller_email(doc)
    if not email:
        return  # nobody to ask: an unknown number
    outgoing = doc.get("type") == "Outgoing"
    dims = {
        "service": ticket.get("moeen_service") if ticket else None,
        "tier": "Tier 1",  # the contact center
        "team": ticket.get("agent_group") if ticket else None,
        "agent": doc.get("caller") if outgoing else doc.get("receiver"),
        "channel": "Phone",
        "beneficiary_type": type_of(email),
    }
    create_request(CALL_COMPLETED, CALL_LOG, doc.name, email, dims, dedupe_key=f"{CALL_LOG}:{doc.name}")


def caller_email(doc) -> tuple[str | None, dict | None]:
    """Whom to survey for a call: the raiser of a linked ticket, else the one Contact or
    User whose number is the beneficiary's side of the call (any spelling)."""
    ticket = None
    for link in doc.get("links") or []:
        if link.link_doctype == TICKET and link.link_name:
            ticket = frappe.db.get_value(
                TICKET, link.link_name, ["name", "raised_by", "moeen_service", "agent_group"], as_dict=True
            )
            if ticket:
                break
    if ticket and _valid_email(ticket.raised_by):
        return _valid_email(ticket.raised_by), ticket
    # the one caller lookup of ticket-from-call too: nobody when no one, or several, have the number
    return identify_caller(caller_number(doc)).email, ticket
