"""Answering a survey: the link's request (:func:`resolve_request`), the page language, the
check and storage of the answers (:func:`record_response`), and a user's pending surveys."""

from __future__ import annotations

import hmac
import json

import frappe
from frappe import _
from frappe.utils import now_datetime

from moeen_helpdesk.core import surveys as core
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.core.language import DEFAULT_LANGUAGE, LANGUAGES, requested_language
from moeen_helpdesk.surveys.sending import survey_url
from moeen_helpdesk.surveys.settings import (
    ANSWERED,
    EXPIRED,
    PENDING,
    REQUEST,
    RESPONSE,
    TEMPLATE,
    TICKET,
    VIA_EMAIL,
    VIA_PORTAL,
    VIA_PORTAL_PARAM,
    aware,
    signing_secret,
    utc_now,
)
from moeen_helpdesk.surveys.triggers import template_questions
from moeen_helpdesk.utils import translate_core

__all__ = [
    "SurveyAlreadyAnswered",
    "SurveyAnswersInvalid",
    "SurveyLinkError",
    "SurveyLinkExpired",
    "SurveyLinkInvalid",
    "page_language",
    "pending_for",
    "record_response",
    "resolve_request",
]


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


# --------------------------------------------------------------------------- answering
def resolve_request(token, for_update: bool = False) -> frappe._dict:
    """The pending request a link points to, or a :class:`SurveyLinkError`.

    The signature is checked first; only then is the request looked at (answered,
    expired or withdrawn, nonce)."""
    secret = signing_secret(create=False)
    if not secret:
        raise SurveyLinkInvalid()
    try:
        payload = core.verify_token(token, secret, utc_now())
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
            *core.DIMENSIONS,
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
    if req.status == EXPIRED or (req.expires_at and utc_now() >= aware(req.expires_at)):
        raise SurveyLinkExpired()
    return req


def page_language(requested: str | None, req=None) -> str:
    """``?lang=`` when it is ar or en, else the beneficiary's language, else Arabic."""
    chosen = requested_language(requested)
    if not chosen and req and req.get("beneficiary_user"):
        chosen = requested_language(frappe.db.get_value("User", req.beneficiary_user, "language"))
    return chosen or DEFAULT_LANGUAGE


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
            **{k: req.get(k) for k in core.DIMENSIONS},
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
