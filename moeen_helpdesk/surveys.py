"""Satisfaction surveys: the Frappe shell around :mod:`moeen_helpdesk.core.surveys`.

Policy: satisfaction is measured after every resolved ticket (a fulfilled request
or a resolved incident) and after every completed contact-center call.

* **Triggers** (``doc_events``, cheap, no network, no email inside the save):
  :func:`on_ticket_update` (HD Ticket ``on_update``) when ``status_category``
  becomes "Resolved", and :func:`on_call_log_update` (TP Call Log ``on_update``)
  when ``status`` becomes "Completed". Each creates a "Moeen Survey Request" and
  enqueues :func:`send_request` *after the commit*; the job renders the editable
  Email Template "Moeen Satisfaction Survey" and queues the email.
* **Resolution cycles**: every transition of a ticket into "Resolved" is a cycle.
  A ticket reopened and resolved again gets a new request (cycle 2, 3…); a still
  pending request of an earlier cycle is withdrawn (status Expired, its link then
  says so). Resolved → Closed is the same category and sends nothing. A unique
  ``dedupe_key`` (ticket and the resolving save's ``modified``) stops the same
  event run twice from sending twice.
  A call log gets one request, ever.
* **Links**: ``/moeen-survey?token=…``; the token is the core's signed token with
  payload ``{"s": request name, "n": nonce}`` and the request's expiry. The secret
  is the site config key ``moeen_survey_secret`` when set, else a random key
  generated once (on install / migrate, or at the first send) and stored
  encrypted (``frappe.utils.password``) for "Moeen Survey Settings".
* **Independent of e-mail**: a pending request is offered on the portal ("My tickets", the
  ticket's page) as soon as it exists; the e-mail and its reminder are extra ways to reach the
  beneficiary. Without an outgoing Email Account nothing is sent (and nothing fails); a failed
  send is logged (Error Log) and the request stays pending. ``answered_via`` records whether the
  answer came through the e-mail's link or the portal.
* **Answers**: :func:`record_response` (called by the guest API) checks the token,
  the request (pending, same nonce, not expired), validates the answers with the
  core, stores the response, copies the overall rating onto the request and, for a
  ticket, writes Helpdesk's ``feedback_rating`` (0–1) without touching ``modified``.
  One response per request (row lock, unique index).
* **Reminder**: :func:`send_reminders` (hourly) sends one reminder after the
  configured delay (core ``reminder_due``) and marks expired requests.
"""

from __future__ import annotations

import hmac
import json
import secrets
from datetime import datetime, timezone
from email.utils import parseaddr
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import (
    add_days,
    add_to_date,
    cint,
    get_datetime,
    get_system_timezone,
    get_url,
    now_datetime,
    validate_email_address,
)
from frappe.utils.password import get_decrypted_password, set_encrypted_password

from moeen_helpdesk.channels import caller_number, identify_caller
from moeen_helpdesk.core import surveys as core
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.moeen_helpdesk.doctype.moeen_survey_template.moeen_survey_template import question_rows
from moeen_helpdesk.utils import outgoing_email_ready, translate_core

TEMPLATE = "Moeen Survey Template"
REQUEST = "Moeen Survey Request"
RESPONSE = "Moeen Survey Response"
SETTINGS = "Moeen Survey Settings"
EMAIL_TEMPLATE = "Moeen Satisfaction Survey"
TICKET = "HD Ticket"
CALL_LOG = "TP Call Log"
TICKET_RESOLVED = "Ticket Resolved"
CALL_COMPLETED = "Call Completed"
PENDING, ANSWERED, EXPIRED = "Pending", "Answered", "Expired"
SECRET_KEY = "moeen_survey_secret"  # site config key, and the __Auth field name
PAGE_ROUTE = "/moeen-survey"
VIA_PORTAL_PARAM = "portal"  # ?via=portal: the link the portal offers
VIA_EMAIL, VIA_PORTAL = "E-mail link", "Portal"  # Moeen Survey Request.answered_via
SEND_METHOD = "moeen_helpdesk.surveys.send_request"
LANGUAGES = ("ar", "en")
DEFAULT_LANGUAGE = "ar"

DEFAULT_TEMPLATE_TITLES = {
    TICKET_RESOLVED: ("Ticket Resolved", "استبيان رضا المستفيد عن الخدمة", "Service satisfaction survey"),
    CALL_COMPLETED: ("Call Completed", "استبيان رضا المتصل عن المكالمة", "Call satisfaction survey"),
}


# --------------------------------------------------------------------------- errors
class SurveyLinkError(frappe.ValidationError):
    """A survey link that cannot be used; ``template`` is its English message."""

    http_status_code = 400
    template = "The survey link is not valid"


class SurveyLinkInvalid(SurveyLinkError):
    http_status_code = 400
    template = "The survey link is not valid"


class SurveyLinkExpired(SurveyLinkError):
    http_status_code = 410
    template = "The survey link has expired"


class SurveyAlreadyAnswered(SurveyLinkError):
    http_status_code = 409
    template = "This survey has already been answered. Thank you!"


class SurveyAnswersInvalid(frappe.ValidationError):
    http_status_code = 400


# --------------------------------------------------------------------------- settings, time, secret
def settings() -> frappe._dict:
    """Moeen Survey Settings with their defaults (one query; read only when a
    trigger fires, so no cache to go stale)."""
    doc = frappe.db.get_singles_dict(SETTINGS)

    def value(field, default):
        v = doc.get(field)
        return default if v is None or v == "" else cint(v)

    return frappe._dict(
        enabled=value("enabled", 1),
        ticket_surveys=value("ticket_surveys", 1),
        call_surveys=value("call_surveys", 1),
        send_reminder=value("send_reminder", 1),
        reminder_delay_hours=max(0, value("reminder_delay_hours", 48)),
        expiry_days=max(1, value("expiry_days", 14)),
        email_template=doc.get("email_template") or EMAIL_TEMPLATE,
    )


def _aware(value) -> datetime | None:
    """A stored (naive, system time zone) datetime as an aware one."""
    if not value:
        return None
    dt = get_datetime(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ZoneInfo(get_system_timezone()))
    return dt


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def signing_secret(create: bool = True) -> str | None:
    """The HMAC key of survey links: site config ``moeen_survey_secret``, else the
    generated key stored encrypted; generated (once) when missing and ``create``."""
    configured = frappe.conf.get(SECRET_KEY)
    if configured:
        return str(configured)
    secret = get_decrypted_password(SETTINGS, SETTINGS, SECRET_KEY, raise_exception=False)
    if not secret and create:
        secret = secrets.token_urlsafe(32)
        set_encrypted_password(SETTINGS, SETTINGS, secret, SECRET_KEY)
    return secret


# --------------------------------------------------------------------------- shipped records
EMAIL_SUBJECT = (
    "{% if is_reminder %}تذكير: {% endif %}شاركنا رأيك في خدمات معين"
    " | {% if is_reminder %}Reminder: {% endif %}Tell us how Moeen did"
)

EMAIL_BODY = """<div dir="rtl" lang="ar" style="text-align: right;">
<p>{% if beneficiary_name %}مرحبًا {{ beneficiary_name | e }}،{% else %}مرحبًا،{% endif %}</p>
<p>{% if trigger == "Call Completed" %}شكرًا لتواصلك مع مركز الاتصال الموحد.{% else %}أُنجز طلبك رقم {{ reference_name | e }}.{% endif %}
{% if is_reminder %}لم يصلنا ردك بعد، و{% endif %}يسعدنا أن تخبرنا برأيك في استبيان قصير لا يستغرق أكثر من دقيقة.</p>
<p><a href="{{ survey_url }}">المشاركة في الاستبيان</a></p>
<p>الرابط صالح حتى {{ expires_on }}.</p>
</div>
<hr>
<div dir="ltr" lang="en" style="text-align: left;">
<p>{% if beneficiary_name %}Dear {{ beneficiary_name | e }},{% else %}Hello,{% endif %}</p>
<p>{% if trigger == "Call Completed" %}Thank you for calling the unified contact center.{% else %}Your request #{{ reference_name | e }} has been completed.{% endif %}
{% if is_reminder %}We have not heard from you yet: {% endif %}please tell us how we did in a short survey (about a minute).</p>
<p><a href="{{ survey_url_en }}">Take the survey</a></p>
<p>The link is valid until {{ expires_on }}.</p>
</div>
"""


def ship_default_templates() -> list[str]:
    """Create what the surveys need when missing, never touching what exists
    (idempotent; for after_install / after_migrate): the general template of each
    trigger (from the core's ``DEFAULT_TEMPLATES``), the Email Template "Moeen
    Satisfaction Survey", the settings' defaults and the signing secret.
    Returns the names of the records created."""
    created = []
    for trigger, rows in core.DEFAULT_TEMPLATES.items():
        if frappe.db.exists(TEMPLATE, {"trigger": trigger, "service": ["is", "not set"]}):
            continue
        name, title_ar, title_en = DEFAULT_TEMPLATE_TITLES[trigger]
        if frappe.db.exists(TEMPLATE, name):
            continue
        frappe.get_doc(
            {
                "doctype": TEMPLATE,
                "template_name": name,
                "trigger": trigger,
                "is_active": 1,
                "title_ar": title_ar,
                "title_en": title_en,
                "questions": question_records(rows),
            }
        ).insert(ignore_permissions=True)
        created.append(name)

    if not frappe.db.exists("Email Template", EMAIL_TEMPLATE):
        frappe.get_doc(
            {
                "doctype": "Email Template",
                "name": EMAIL_TEMPLATE,
                "subject": EMAIL_SUBJECT,
                "use_html": 1,
                "response_html": EMAIL_BODY,
            }
        ).insert(ignore_permissions=True)
        created.append(EMAIL_TEMPLATE)

    if not frappe.db.get_singles_dict(SETTINGS):
        doc = frappe.get_doc(SETTINGS)  # a never-saved single carries its defaults
        doc.flags.ignore_permissions = True
        doc.save()
        created.append(SETTINGS)

    signing_secret(create=True)
    return created


def question_records(rows) -> list[dict]:
    """The "Moeen Survey Question" rows of a template from the core's question definitions."""
    ordered = sorted(enumerate(rows), key=lambda ir: (ir[1].get("order", 0), ir[0]))
    return [
        {
            "key": row["key"],
            "question_type": row["type"],
            "label_ar": row["label_ar"],
            "label_en": row["label_en"],
            "required": 1 if row.get("required") else 0,
            "is_overall": 1 if row.get("is_overall") else 0,
            "options": "\n".join(row.get("options") or ()),
        }
        for _i, row in ordered
    ]


def remove_shipped_records():
    """For before_uninstall: what Frappe does not remove with the module."""
    if frappe.db.exists("Email Template", EMAIL_TEMPLATE):
        frappe.delete_doc("Email Template", EMAIL_TEMPLATE, ignore_permissions=True, force=True)
    frappe.db.delete("__Auth", {"doctype": SETTINGS, "name": SETTINGS, "fieldname": SECRET_KEY})


# --------------------------------------------------------------------------- templates
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
            **{
                k: dimensions.get(k)
                for k in ("service", "tier", "team", "agent", "channel", "beneficiary_type")
            },
        }
    )
    doc.insert(ignore_permissions=True)
    frappe.enqueue(SEND_METHOD, queue="short", enqueue_after_commit=True, request=doc.name)
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
    from moeen_helpdesk.beneficiaries import type_of

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
        from moeen_helpdesk.utils import is_agent

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
    from moeen_helpdesk.beneficiaries import type_of

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


# --------------------------------------------------------------------------- links and emails
def token_for(req) -> str:
    return core.sign_token({"s": req.name, "n": req.nonce}, signing_secret(), _aware(req.expires_at))


def survey_url(req, lang: str | None = None, via: str | None = None) -> str:
    """The survey link; ``via="portal"`` marks the link the portal offers (for the report's
    delivery channels), the e-mail's link has none."""
    query = {"token": token_for(req)}
    if lang:
        query["lang"] = lang
    if via == VIA_PORTAL_PARAM:
        query["via"] = via
    return get_url(f"{PAGE_ROUTE}?{urlencode(query)}")


def send_request(request: str, reminder: bool = False) -> bool:
    """Queue the survey email (or its reminder) of a pending request. Background job."""
    if not frappe.db.exists(REQUEST, request):
        return False  # its transaction was rolled back
    req = frappe.get_doc(REQUEST, request)
    if req.status != PENDING or not req.nonce:
        return False
    if reminder and (req.reminded_at or not req.sent_at):
        return False
    if not reminder and req.sent_at:
        return False
    if not outgoing_email_ready():
        return False  # the portal offers the survey anyway; the hourly job tries again for a day
    s = settings()
    template_name = (
        s.email_template if frappe.db.exists("Email Template", s.email_template) else EMAIL_TEMPLATE
    )
    template = frappe.get_doc("Email Template", template_name)
    name = frappe.db.get_value("User", req.beneficiary_user, "full_name") if req.beneficiary_user else None
    args = {
        "survey_url": survey_url(req),
        "survey_url_en": survey_url(req, "en"),
        "beneficiary_name": name or "",
        "reference_doctype": req.reference_doctype,
        "reference_name": req.reference_name,
        "trigger": req.trigger,
        "expires_on": frappe.utils.format_date(req.expires_at, "yyyy-mm-dd"),
        "is_reminder": bool(reminder),
    }
    email = template.get_formatted_email(args)
    frappe.db.savepoint("moeen_survey_email")
    try:
        frappe.sendmail(
            recipients=[req.beneficiary_email],
            subject=email["subject"],
            message=email["message"],
            reference_doctype=REQUEST,
            reference_name=req.name,
            add_unsubscribe_link=0,
            delayed=True,
        )
    except Exception:
        frappe.db.rollback(save_point="moeen_survey_email")
        frappe.clear_last_message()
        frappe.log_error(
            title="Moeen survey email not queued", reference_doctype=REQUEST, reference_name=req.name
        )
        return False
    req.db_set("reminded_at" if reminder else "sent_at", now_datetime(), update_modified=False)
    return True


def send_reminders():
    """Hourly: expire old requests, send the one reminder that is due, and retry
    first emails that were not queued (no worker, no email account) within a day."""
    now = now_datetime()
    for name in frappe.get_all(REQUEST, {"status": PENDING, "expires_at": ["<=", now]}, pluck="name"):
        frappe.db.set_value(REQUEST, name, "status", EXPIRED)
    s = settings()
    if not s.enabled:
        return
    if s.send_reminder:
        rows = frappe.get_all(
            REQUEST,
            {
                "status": PENDING,
                "reminded_at": ["is", "not set"],
                "sent_at": ["<=", add_to_date(now, hours=-s.reminder_delay_hours)],
            },
            ["name", "sent_at", "reminded_at", "expires_at"],
        )
        now_utc = _utc_now()
        for row in rows:
            if core.reminder_due(
                _aware(row.sent_at),
                now_utc,
                s.reminder_delay_hours,
                bool(row.reminded_at),
                False,
                _aware(row.expires_at),
            ):
                _safely(send_request, row.name, reminder=True)
    unsent = frappe.get_all(
        REQUEST,
        {
            "status": PENDING,
            "sent_at": ["is", "not set"],
            "creation": ["between", [add_to_date(now, hours=-24), add_to_date(now, hours=-1)]],
        },
        pluck="name",
    )
    for name in unsent:
        _safely(send_request, name)


def _safely(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except Exception:
        if frappe.flags.in_test:
            raise
        frappe.log_error(title="Moeen survey email failed")


# --------------------------------------------------------------------------- answering
def resolve_request(token, for_update: bool = False) -> frappe._dict:
    """The pending request a link points to, or a :class:`SurveyLinkError`.

    The signature is checked first; only then is the request looked at (answered,
    expired or withdrawn, nonce)."""
    secret = signing_secret(create=False)
    if not secret:
        raise SurveyLinkInvalid()
    try:
        payload = core.verify_token(token, secret, _utc_now())
    except core.TokenExpired:
        raise SurveyLinkExpired() from None
    except CoreError:
        raise SurveyLinkInvalid() from None
    name, nonce = payload.get("s"), payload.get("n")
    if not isinstance(name, str) or not isinstance(nonce, str):
        raise SurveyLinkInvalid()
    req = frappe.db.get_value(
        REQUEST,
        name,
        [
            "name",
            "status",
            "nonce",
            "template",
            "trigger",
            "expires_at",
            "reference_doctype",
            "reference_name",
            "beneficiary_email",
            "beneficiary_user",
            "sent_at",
            "service",
            "tier",
            "team",
            "agent",
            "channel",
            "beneficiary_type",
        ],
        as_dict=True,
        for_update=for_update,
    )
    if not req:
        raise SurveyLinkInvalid()
    if req.status == ANSWERED:
        raise SurveyAlreadyAnswered()
    if not req.nonce or not hmac.compare_digest(str(req.nonce), nonce):
        raise SurveyLinkInvalid()
    if req.status == EXPIRED or (req.expires_at and _utc_now() >= _aware(req.expires_at)):
        raise SurveyLinkExpired()
    return req


def page_language(requested: str | None, req=None) -> str:
    """``?lang=`` when it is ar or en, else the beneficiary's language, else Arabic."""
    if requested and requested[:2].lower() in LANGUAGES:
        return requested[:2].lower()
    if req and req.get("beneficiary_user"):
        preferred = (frappe.db.get_value("User", req.beneficiary_user, "language") or "")[:2].lower()
        if preferred in LANGUAGES:
            return preferred
    return DEFAULT_LANGUAGE


def _parse_answers(answers) -> dict:
    if isinstance(answers, str):
        try:
            answers = json.loads(answers) if answers.strip() else {}
        except ValueError:
            raise SurveyAnswersInvalid(_("The answers are not valid")) from None
    if not isinstance(answers, dict):
        raise SurveyAnswersInvalid(_("The answers are not valid"))
    return answers


def record_response(token, answers, lang: str | None = None, via: str | None = None) -> frappe._dict:
    """Check and store the answers to a survey link; return the response's summary. ``via``:
    "portal" when the link came from the portal; a survey never e-mailed was reached there too."""
    answers = _parse_answers(answers)
    req = resolve_request(token, for_update=True)
    answered_via = VIA_PORTAL if via == VIA_PORTAL_PARAM or not req.sent_at else VIA_EMAIL
    lang = lang if lang in LANGUAGES else page_language(None, req)
    questions = template_questions(req.template, lang)
    try:
        cleaned = core.validate_answers(questions, answers)
        rating = core.overall_rating(questions, cleaned)
        feedback = core.to_feedback_rating(rating)
    except core.MissingAnswers as e:  # every unanswered question named, in the page's language
        names = ("، " if lang == "ar" else ", ").join(e.missing)
        frappe.throw(_(e.template).format(names), SurveyAnswersInvalid)
    except CoreError as e:
        frappe.throw(translate_core(e), SurveyAnswersInvalid)
    if frappe.db.exists(RESPONSE, {"request": req.name}):
        raise SurveyAlreadyAnswered()

    now = now_datetime()
    rows = []
    for q in questions:
        if q.key not in cleaned:
            continue
        value = cleaned[q.key]
        row = {"question_key": q.key, "question_label": q.label, "question_type": q.type}
        if q.type == "Rating":
            row["value_rating"] = value
        elif q.type == "Yes/No":
            row["value_text"] = "Yes" if value else "No"
        else:
            row["value_text"] = value
        rows.append(row)
    response = frappe.get_doc(
        {
            "doctype": RESPONSE,
            "request": req.name,
            "trigger": req.trigger,
            "template": req.template,
            "overall_rating": rating,
            "reference_doctype": req.reference_doctype,
            "reference_name": req.reference_name,
            "answered_at": now,
            "language": lang,
            "answers": rows,
            **{k: req.get(k) for k in ("service", "tier", "team", "agent", "channel", "beneficiary_type")},
        }
    )
    response.insert(ignore_permissions=True)
    frappe.db.set_value(
        REQUEST,
        req.name,
        {
            "status": ANSWERED,
            "answered_at": now,
            "answered_via": answered_via,
            "overall_rating": rating,
            "response": response.name,
        },
    )
    if (
        req.reference_doctype == TICKET
        and feedback is not None
        and frappe.db.exists(TICKET, req.reference_name)
    ):
        frappe.db.set_value(TICKET, req.reference_name, "feedback_rating", feedback, update_modified=False)
    return frappe._dict(response=response.name, overall_rating=rating)


def pending_for(user: str) -> list[dict]:
    """The pending, unexpired surveys of a user, with their (portal) links: offered as soon as the
    request exists, whether or not its e-mail went out (no account, no worker)."""
    email = (frappe.db.get_value("User", user, "email") or user).lower()
    now = now_datetime()
    rows = frappe.get_all(
        REQUEST,
        filters={"status": PENDING, "expires_at": [">", now]},
        or_filters={"beneficiary_user": user, "beneficiary_email": email},
        fields=[
            "name",
            "nonce",
            "expires_at",
            "sent_at",
            "trigger",
            "template",
            "reference_doctype",
            "reference_name",
        ],
        order_by="creation desc",
    )
    lang = frappe.local.lang if frappe.local.lang in LANGUAGES else DEFAULT_LANGUAGE
    out = []
    for row in rows:
        title = frappe.db.get_value(TEMPLATE, row.template, f"title_{lang}") if row.template else None
        out.append(
            {
                "name": row.name,
                "title": title or _(row.trigger),
                "trigger": row.trigger,
                "reference_doctype": row.reference_doctype,
                "reference_name": row.reference_name,
                "sent_at": row.sent_at,
                "expires_at": row.expires_at,
                "url": survey_url(row, lang, via=VIA_PORTAL_PARAM),
            }
        )
    return out
