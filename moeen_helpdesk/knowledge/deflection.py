"""The deflection records ("Moeen Article Deflection"): an article suggested, opened, or marked
"this solved my problem" on a service's request form — with no ticket.

:func:`record` is the only writer: the caller (the portal API) has checked that the user may
request the service and that the article is published. Each event stands for those before it
(:func:`moeen_helpdesk.core.knowledge.implied_events`: a solved article was opened and suggested),
and no row repeats one of the same user, article, service and event within the core's dedupe
window. The desk's staff are not beneficiaries: what they try on the portal is not recorded.
"""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.utils import now_datetime

from moeen_helpdesk.beneficiaries import type_of
from moeen_helpdesk.core import knowledge as core
from moeen_helpdesk.utils import is_agent

DOCTYPE = "Moeen Article Deflection"


def last_recorded(user: str, article: str, service: str, event: str, since: dt.datetime):
    return frappe.db.get_value(
        DOCTYPE,
        {"user": user, "article": article, "service": service, "event": event, "at": [">=", since]},
        "at",
        order_by="at desc",
    )


def record(user: str, service: str, articles: list[str], event: str, now: dt.datetime | None = None) -> int:
    """Record ``event`` (and the events it implies) for each article; returns the rows written."""
    events = core.implied_events(event)
    if not articles or user in ("Guest", "Administrator") or is_agent(user):
        return 0
    now = now or now_datetime()
    since = now - dt.timedelta(minutes=core.DEDUPE_MINUTES)
    beneficiary_type = type_of(user) or ""
    written = 0
    for article in dict.fromkeys(articles):
        for e in events:
            if core.is_duplicate(last_recorded(user, article, service, e, since), now):
                continue
            doc = frappe.get_doc(
                {
                    "doctype": DOCTYPE,
                    "service": service,
                    "article": article,
                    "event": e,
                    "beneficiary_type": beneficiary_type,
                    "user": user,
                    "at": now,
                }
            )
            doc.flags.moeen_recorded = True
            doc.insert(ignore_permissions=True)
            written += 1
    return written
