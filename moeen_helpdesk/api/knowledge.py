"""Knowledge articles before a ticket (``/api/method/moeen_helpdesk.api.knowledge.<name>``).

For a logged-in beneficiary, on the request form of a service they may request (the catalog's
own eligibility check, :func:`moeen_helpdesk.portal.catalog.check_can_request`):

* ``suggest_articles(service, subject)`` — published articles matching the words typed, the
  service's related ones first (drafts and archived articles never); each is recorded as
  suggested;
* ``open_article(service, article)`` — one published article, recorded as opened;
* ``article_solved(service, article)`` — "this solved my problem": recorded as solved, and no
  ticket is created.

For the desk's agents (their roles only):

* ``draft_article(ticket)`` — a resolved or closed ticket's last answer becomes a Draft article
  of its service (:mod:`moeen_helpdesk.knowledge.drafts`).

The records are written only here (:func:`moeen_helpdesk.knowledge.deflection.record`).
"""

import frappe
from frappe import _

from moeen_helpdesk.core import knowledge as core
from moeen_helpdesk.core.tiers import AGENT_ROLES
from moeen_helpdesk.guard.endpoints import endpoint, roles_only
from moeen_helpdesk.knowledge import articles, deflection, drafts
from moeen_helpdesk.portal.fields import MAX_SUBJECT

#: Who may turn a ticket's answer into an article: Helpdesk's agents and the tier roles.
DRAFT_ROLES = ("Agent", "System Manager", *sorted(AGENT_ROLES))


def _user() -> str:
    user = frappe.session.user
    if user == "Guest":
        frappe.throw(_("Please log in to use the Moeen platform"), frappe.PermissionError)
    return user


def _subject(subject) -> str:
    if subject is None:
        return ""
    if not isinstance(subject, str):
        frappe.throw(_("The subject must be text"), frappe.ValidationError)
    return subject[:MAX_SUBJECT]


def _record(service: str, article: str, event: str) -> dict:
    """A published article on the form of a service the user may request, recorded as ``event``."""
    user = _user()
    row = articles.requestable_service(user, service)
    out = articles.published_article(article)
    deflection.record(user, row.name, [out["name"]], event)
    return dict(out, service=row.name)


@frappe.whitelist(methods=["POST"])
@endpoint(check=_user)
def suggest_articles(service: str, subject: str | None = None) -> dict:
    """Published articles for the words typed in the subject of a service's request form."""
    user = _user()
    row = articles.requestable_service(user, service)
    found = articles.suggest(row.name, _subject(subject), core.DEFAULT_LIMIT)
    deflection.record(user, row.name, [a["name"] for a in found], core.SUGGESTED)
    return {"service": row.name, "articles": found}


@frappe.whitelist(methods=["POST"])
@endpoint(check=_user)
def open_article(service: str, article: str) -> dict:
    """One published article, opened from a service's request form."""
    return _record(service, article, core.OPENED)


@frappe.whitelist(methods=["POST"])
@endpoint(check=_user)
def article_solved(service: str, article: str) -> dict:
    """The beneficiary's need is met by an article: recorded, and no ticket is created."""
    out = _record(service, article, core.SOLVED)
    return {
        "service": out["service"],
        "article": out["name"],
        "message": _("We are glad this solved it. No request was sent; you can come back at any time."),
    }


@frappe.whitelist(methods=["POST"])
@endpoint(check=roles_only(*DRAFT_ROLES))
def draft_article(ticket: str) -> dict:
    """Turn a resolved or closed ticket's last answer into a draft article of its service."""
    return drafts.draft_from_ticket(ticket)
