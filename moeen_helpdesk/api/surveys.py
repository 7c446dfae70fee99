"""Survey API.

* ``submit`` — public (no login): the survey page posts a link's token and the
  answers here. Rate limited per link from one address (:data:`PER_LINK` a minute) and, more
  loosely, per address (:data:`PER_ADDRESS`): a campus behind one NAT address or proxy
  answers many surveys a minute, each once. A bad, expired, withdrawn or used link and
  invalid answers are refused with a translated message and a 4xx status
  (400 invalid, 409 already answered, 410 expired); nothing is stored then.
* ``pending`` — a logged-in beneficiary's pending surveys, with their links.
"""

import hashlib

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from moeen_helpdesk.core.language import LANGUAGES
from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.surveys import answers as survey_answers

#: Submissions a minute for one link, and from one address (a campus behind one NAT address).
PER_LINK, PER_ADDRESS = 10, 600
WINDOW = 60  # seconds: both limits count a minute


def _limit_per_link(token: str) -> None:
    """Frappe's rate limit (same counter, same refusal), keyed by the address and the link."""
    if not frappe.request:
        return
    digest = hashlib.sha1(token.encode()).hexdigest()
    key = frappe.cache.make_key(f"rl:{frappe.form_dict.cmd}:link:{frappe.local.request_ip}:{digest}")
    if not frappe.cache.get(key):
        frappe.cache.setex(key, WINDOW, 0)
    if frappe.cache.incrby(key, 1) > PER_LINK:
        frappe.throw(
            _("You hit the rate limit because of too many requests. Please try after sometime."),
            frappe.RateLimitExceededError,
        )


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=PER_ADDRESS, seconds=WINDOW)
@endpoint
def submit(token: str, answers: dict | str, via: str | None = None) -> dict:
    _limit_per_link(token)  # (after the endpoint's check: the token is a string)
    lang = frappe.local.lang if frappe.local.lang in LANGUAGES else None
    try:
        result = survey_answers.record_response(token, answers, lang, via=via)
    except survey_answers.SurveyLinkError as e:
        frappe.throw(_(e.template), type(e), title=_("Satisfaction Survey"))
    return {"ok": True, "overall_rating": result.overall_rating, "message": _("Thank you for your feedback!")}


@frappe.whitelist()
@endpoint
def pending() -> list:
    if frappe.session.user == "Guest":
        frappe.throw(_("Please log in to see your surveys"), frappe.PermissionError)
    return survey_answers.pending_for(frappe.session.user)
