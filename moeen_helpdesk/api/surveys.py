"""Survey API.

* ``submit`` — public (no login): the survey page posts a link's token and the
  answers here. Rate limited per link from one address (:data:`PER_LINK` a minute) and, more
  loosely, per address (:data:`PER_ADDRESS`): a campus behind one NAT address or proxy
  answers many surveys a minute, each once. A bad, expired, withdrawn or used link and
  invalid answers are refused with a translated message and a 4xx status
  (400 invalid, 409 already answered, 410 expired); nothing is stored then.
* ``pending`` — a logged-in beneficiary's pending surveys, with their links.
"""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from moeen_helpdesk.core.language import LANGUAGES
from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.surveys import answers as survey_answers

#: Submissions a minute for one link, and from one address (a campus behind one NAT address).
PER_LINK, PER_ADDRESS = 10, 600


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=PER_ADDRESS, seconds=60)
@rate_limit(key="token", limit=PER_LINK, seconds=60)  # per link and address
@endpoint
def submit(token: str, answers: dict | str, via: str | None = None) -> dict:
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
