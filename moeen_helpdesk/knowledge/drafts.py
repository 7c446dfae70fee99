"""An agent turns a resolved ticket's answer into a draft knowledge article of its service.

:func:`draft_from_ticket`: the ticket must be resolved or closed (its status's category, as
:func:`moeen_helpdesk.sla.on_save.status_category` reads it) and have a service and an agent's
reply; the article is a Draft of Helpdesk's HD Article (title: the ticket's subject; content: the
last reply an agent sent, sanitised; Helpdesk's "General" category), listed among the service's related articles. It is
published by whoever edits it in Helpdesk's knowledge base; until then no beneficiary sees it
(:func:`moeen_helpdesk.knowledge.articles.article_permission`).
"""

from __future__ import annotations

import frappe
from frappe import _
from helpdesk.api.knowledge_base import get_general_category

from moeen_helpdesk.knowledge.articles import ARTICLE, DRAFT, RELATED_FIELD
from moeen_helpdesk.portal.catalog import sanitize
from moeen_helpdesk.portal.fields import SERVICE
from moeen_helpdesk.sla.on_save import status_category

TICKET = "HD Ticket"
MAX_TITLE = 140


def last_agent_reply(ticket: str) -> str | None:
    rows = frappe.get_all(
        "Communication",
        filters={
            "reference_doctype": TICKET,
            "reference_name": ticket,
            "sent_or_received": "Sent",
            "communication_type": "Communication",
        },
        fields=["content"],
        order_by="creation desc",
        limit=1,
    )
    return rows[0].content if rows and (rows[0].content or "").strip() else None


def draft_from_ticket(ticket: str) -> dict:
    if not isinstance(ticket, str) or not frappe.db.exists(TICKET, ticket):
        frappe.throw(_("Ticket {0} not found").format(ticket or ""), frappe.DoesNotExistError)
    doc = frappe.get_doc(TICKET, ticket)
    doc.check_permission("read")
    if status_category(doc.status) != "Resolved":
        frappe.throw(
            _("Only a resolved or closed ticket's answer can become an article"), frappe.ValidationError
        )
    if not doc.moeen_service:
        frappe.throw(_("The ticket has no service to relate the article to"), frappe.ValidationError)
    content = last_agent_reply(doc.name)
    if not content:
        frappe.throw(
            _("This ticket has no answer from an agent to turn into an article"), frappe.ValidationError
        )
    article = frappe.get_doc(
        {
            "doctype": ARTICLE,
            "title": (doc.subject or doc.name)[:MAX_TITLE],
            "content": sanitize(content),
            "status": DRAFT,
            "category": get_general_category(),
        }
    ).insert(ignore_permissions=True)
    service = frappe.get_doc(SERVICE, doc.moeen_service)
    service.append(RELATED_FIELD, {"article": article.name})
    service.flags.ignore_permissions = True
    service.save()
    return {
        "article": article.name,
        "title": article.title,
        "service": service.name,
        "url": f"/helpdesk/kb/articles/{article.name}",
        "message": _("Draft article {0} created for service {1}").format(article.title, service.name),
    }
