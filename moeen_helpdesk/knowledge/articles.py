"""The published articles the request form suggests, and who may read a draft.

Helpdesk's HD Article is readable by every role ("All", "Guest") whatever its status; its own
pages refuse drafts to non-agents, its REST and list paths do not. A draft made from a ticket's
answer may hold what only the desk may read, so :func:`article_permission` and
:func:`article_conditions` keep every article that is not Published from everyone who is not an
agent, on every path.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import strip_html

from moeen_helpdesk.core import knowledge as core
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.portal import catalog
from moeen_helpdesk.portal.fields import SERVICE
from moeen_helpdesk.utils import is_agent, throw_core

ARTICLE = "HD Article"
PUBLISHED = "Published"
DRAFT = "Draft"
SERVICE_ARTICLE = "Moeen Service Article"
RELATED_FIELD = "related_articles"
CACHE_KEY = "moeen_kb_published"
CACHE_SECONDS = 600
#: The text of an article that is searched (its beginning) and the summary shown.
MAX_TEXT = 4000
SUMMARY = 200


def published() -> list[dict]:
    """Every published article: ``{"name", "title", "text"}`` (plain text), cached."""
    cached = frappe.cache().get_value(CACHE_KEY)
    if cached is not None:
        return cached
    rows = frappe.get_all(
        ARTICLE,
        filters={"status": PUBLISHED},
        fields=["name", "title", "content"],
        order_by="modified desc",
        limit=2000,
    )
    out = [
        {
            "name": r.name,
            "title": r.title or "",
            "text": " ".join(strip_html(r.content or "").split())[:MAX_TEXT],
        }
        for r in rows
    ]
    frappe.cache().set_value(CACHE_KEY, out, expires_in_sec=CACHE_SECONDS)
    return out


def forget(doc=None, method=None):
    """HD Article on_update / on_trash: the cache of published articles is read anew."""
    frappe.cache().delete_value(CACHE_KEY)


def on_trash(doc, method=None):
    """HD Article on_trash: no service keeps a deleted article among its related ones."""
    frappe.db.delete(SERVICE_ARTICLE, {"parenttype": SERVICE, "article": doc.name})
    forget()


def related_articles(service: str) -> list[str]:
    return frappe.get_all(
        SERVICE_ARTICLE,
        filters={"parenttype": SERVICE, "parentfield": RELATED_FIELD, "parent": service},
        pluck="article",
        order_by="idx asc",
    )


def requestable_service(user: str, service: str):
    """The service row, refused (translated 404 / 403) unless the user may request it here:
    the catalog's own eligibility check."""
    row = catalog.load_service(service)
    catalog.check_can_request(user, row)
    return row


def summary(text: str) -> str:
    return text if len(text) <= SUMMARY else text[: SUMMARY - 1].rstrip() + "…"


def suggest(service: str, subject: str | None, limit: int = core.DEFAULT_LIMIT) -> list[dict]:
    """The published articles to suggest for ``subject`` on ``service``'s form, best first."""
    related = set(related_articles(service))
    rows = published()
    try:
        names = core.rank(
            [core.Article(r["name"], r["title"], r["text"], r["name"] in related) for r in rows],
            subject,
            limit,
        )
    except CoreError as e:
        throw_core(e)
    by_name = {r["name"]: r for r in rows}
    return [
        {
            "name": n,
            "title": by_name[n]["title"],
            "summary": summary(by_name[n]["text"]),
            "related": n in related,
        }
        for n in names
    ]


def published_article(name: str) -> dict:
    """A published article as the portal shows it (its content sanitised); a draft, an archived
    or a missing article is "not found" alike (404), revealing nothing."""
    row = (
        frappe.db.get_value(ARTICLE, name, ["name", "title", "content", "status"], as_dict=True)
        if isinstance(name, str) and name
        else None
    )
    if not row or row.status != PUBLISHED:
        frappe.throw(_("Article {0} not found").format(name or ""), frappe.DoesNotExistError)
    return {"name": row.name, "title": row.title, "content_html": catalog.sanitize(row.content)}


# ------------------------------------------------------------------- permissions
def article_permission(doc, ptype=None, user=None):
    """has_permission for HD Article: an article that is not Published is the agents' only."""
    user = user or frappe.session.user
    if doc.get("status") == PUBLISHED or user == "Administrator" or is_agent(user):
        return None
    return False


def article_conditions(user=None) -> str:
    """permission_query_conditions for HD Article: non-agents list published articles only."""
    user = user or frappe.session.user
    if user == "Administrator" or is_agent(user):
        return ""
    return f"`tab{ARTICLE}`.`status` = {frappe.db.escape(PUBLISHED)}"
