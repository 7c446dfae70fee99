"""Tickets as a beneficiary sees them on the portal: status label, "waiting for you", due times in
the calendar's time zone, the conversation, and what a resolved ticket tells (what was done, by
which unit, until when it may be reopened)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import cint, get_datetime, now_datetime

from moeen_helpdesk.core.calendar import DEFAULT_TIMEZONE
from moeen_helpdesk.core.tiers import resolution
from moeen_helpdesk.core.tiers import within_reopen_window as within
from moeen_helpdesk.portal.attachments import ALLOWED_EXTENSIONS, MAX_ATTACHMENT_MB, TICKET, attachments_of
from moeen_helpdesk.portal.catalog import BASE, sanitize
from moeen_helpdesk.portal.fields import SERVICE, text_to_html
from moeen_helpdesk.portal.language import pick
from moeen_helpdesk.portal.times import format_when
from moeen_helpdesk.sla.business_time import default_calendar_name

STATUS_CONTEXT = "Moeen ticket status"
MAX_TICKETS = 500


def status_map() -> dict:
    return {
        r.name: r for r in frappe.get_all("HD Ticket Status", fields=["name", "category", "label_customer"])
    }


def status_info(status: str | None, statuses: dict) -> dict:
    row = statuses.get(status) or frappe._dict()
    category = row.get("category") or ("Resolved" if status in ("Resolved", "Closed") else "Open")
    if category == "Paused":
        label = _(row.get("label_customer") or "Awaiting Response")
    elif status == "Closed":
        label = _("Closed", context=STATUS_CONTEXT)
    elif status == "Open":
        label = _("Open", context=STATUS_CONTEXT)
    else:
        label = _(row.get("label_customer") or status or "")
    return {
        "status": status,
        "status_category": category,
        "status_label": label,
        "waiting_for_you": category == "Paused",
        "is_closed": status == "Closed",
        "can_reply": status != "Closed",
        "can_close": status != "Closed",
        "can_reopen": category == "Resolved" and status != "Closed",
    }


def set_status(doc, status: str):
    """The new status with its category: Helpdesk 1.25.1 keeps ``status_category`` stale until
    after validation, and would then ask a reopening beneficiary for feedback as if still resolved."""
    doc.status = status
    doc.status_category = status_info(status, status_map())["status_category"]


def due_info(t, info: dict, zone: str) -> dict | None:
    """What the beneficiary should expect next, from the ticket's clocks."""
    if info["status_category"] == "Resolved":
        when = format_when(t.resolution_date, zone)
        return {"label": _("Resolved on"), "when": when} if when else None
    if info["waiting_for_you"]:
        return {
            "label": _("Waiting for your reply"),
            "text": _("The time on your ticket is paused until you reply."),
            "when": None,
        }
    if not t.first_responded_on and t.response_by:
        return {"label": _("Response expected by"), "when": format_when(t.response_by, zone)}
    if t.resolution_by:
        label = (
            _("Expected to be resolved by")
            if t.moeen_kind == "Incident"
            else _("Expected to be fulfilled by")
        )
        return {"label": label, "when": format_when(t.resolution_by, zone)}
    return None


TICKET_FIELDS = [
    "name",
    "subject",
    "status",
    "status_category",
    "moeen_service",
    "moeen_kind",
    "moeen_sla_calendar",
    "creation",
    "modified",
    "opening_date",
    "response_by",
    "resolution_by",
    "first_responded_on",
    "resolution_date",
    "raised_by",
    "owner",
    "contact",
]


def ticket_url(name) -> str:
    return f"{BASE}/ticket?{urlencode({'name': name})}"


class TicketContext:
    """Look-ups shared by the tickets of one answer: statuses, service names, calendar zones."""

    def __init__(self):
        self.statuses = status_map()
        self.services: dict = {}
        self.zones: dict = {}

    def load_services(self, names):
        names = [n for n in set(names) if n and n not in self.services]
        if names:
            for r in frappe.get_all(
                SERVICE,
                filters={"name": ["in", names]},
                fields=["name", "service_name_ar", "service_name_en", "calendar"],
            ):
                self.services[r.name] = r

    def zone(self, calendar: str | None) -> str:
        name = calendar or default_calendar_name()
        if name not in self.zones:
            self.zones[name] = (
                frappe.db.get_value("Moeen Office Calendar", name, "timezone") if name else None
            ) or DEFAULT_TIMEZONE
        return self.zones[name]


def ticket_summary(t, ctx: TicketContext) -> dict:
    svc = ctx.services.get(t.moeen_service)
    zone = ctx.zone(t.moeen_sla_calendar or (svc.calendar if svc else None))
    info = status_info(t.status, ctx.statuses)
    return {
        "name": t.name,
        "subject": t.subject or "",
        **info,
        "service": t.moeen_service,
        "service_name": pick(svc.service_name_ar, svc.service_name_en) if svc else "",
        "kind": t.moeen_kind,
        "kind_label": _(t.moeen_kind) if t.moeen_kind else "",
        "created": format_when(t.creation, zone),
        "updated": format_when(t.modified, zone),
        "response_by": format_when(t.response_by, zone),
        "resolution_by": format_when(t.resolution_by, zone),
        "first_responded_on": format_when(t.first_responded_on, zone),
        "due": due_info(t, info, zone),
        "timezone": zone,
        "url": ticket_url(t.name),
    }


STATUS_FILTERS = {
    "open": ("Open", "Paused"),
    "waiting": ("Paused",),
    "resolved": ("Resolved",),
}


def my_tickets(user: str, status: str | None = None, limit: int = MAX_TICKETS) -> list[dict]:
    """The user's own tickets (raised by, created by or with the user as contact), newest first."""
    ticket = frappe.qb.DocType(TICKET)
    query = (
        frappe.qb.from_(ticket)
        .select(*[ticket[f] for f in TICKET_FIELDS])
        .where((ticket.raised_by == user) | (ticket.owner == user) | (ticket.contact == user))
        .orderby(ticket.modified, order=Order.desc)
        .limit(max(1, min(cint(limit) or MAX_TICKETS, 1000)))
    )
    ctx = TicketContext()
    if status:
        key = status.strip()
        categories = STATUS_FILTERS.get(key.lower())
        if categories:
            names = [s for s, r in ctx.statuses.items() if r.category in categories]
            if not names:
                return []
            query = query.where(ticket.status.isin(names))
        else:
            query = query.where(ticket.status == key)
    rows = query.run(as_dict=True)
    ctx.load_services(r.moeen_service for r in rows)
    return [ticket_summary(r, ctx) for r in rows]


def get_ticket_for(user: str, name, ptype: str = "read"):
    """The ticket document, or a PermissionError / DoesNotExistError (translated). For ``write``
    its row is then read again, locked to the commit, so no job writes it between this read and
    the save (the jobs leave ``modified`` alone: Frappe's timestamp check would not see their
    values overwritten by this copy)."""
    name = str(name or "").strip().lstrip("#")
    if not name or not frappe.db.exists(TICKET, name):
        frappe.throw(_("Ticket {0} not found").format(name), frappe.DoesNotExistError)
    doc = frappe.get_doc(TICKET, name)
    if not frappe.has_permission(TICKET, ptype, doc=doc, user=user):
        frappe.throw(_("You cannot see this ticket"), frappe.PermissionError)
    if ptype == "write":  # locked only once it is the user's to write
        doc.flags.for_update = True
        doc.reload()
    return doc


def ticket_detail(user: str, doc) -> dict:
    ctx = TicketContext()
    ctx.load_services([doc.moeen_service])
    out = ticket_summary(doc, ctx)
    comms = frappe.get_all(
        "Communication",
        filters={
            "reference_doctype": TICKET,
            "reference_name": doc.name,
            "communication_type": "Communication",
        },
        fields=["name", "content", "sender", "sent_or_received", "user", "creation", "communication_date"],
        order_by="creation asc",
    )
    files = attachments_of("Communication", [c.name for c in comms])
    names: dict[str, str] = {}
    me = (frappe.db.get_value("User", user, "email") or user).lower()
    messages = []
    for c in comms:
        author = (c.user if c.sent_or_received == "Sent" and c.user else c.sender) or ""
        mine = c.sent_or_received == "Received" and (author.lower() in (user.lower(), me))
        if author not in names:
            names[author] = frappe.utils.get_fullname(author) if frappe.db.exists("User", author) else author
        messages.append(
            {
                "name": c.name,
                "mine": mine,
                "from_support": c.sent_or_received == "Sent",
                "author": _("You") if mine else (names[author] or _("Moeen support")),
                "role": _("Moeen support") if c.sent_or_received == "Sent" else "",
                "when": format_when(c.communication_date or c.creation, out["timezone"]),
                "content": sanitize(c.content),
                "attachments": files.get(c.name, []),
            }
        )
    out.update(
        messages=messages,
        attachments=attachments_of(TICKET, [doc.name]).get(doc.name, []),
        upload={"max_mb": MAX_ATTACHMENT_MB, "extensions": list(ALLOWED_EXTENSIONS)},
    )
    out["resolution"] = resolution_info(doc, out)
    if out["resolution"]:
        out["can_reopen"] = out["resolution"]["can_reopen"]
    return out


# --------------------------------------------------------------------------- resolution


def reopen_window_days() -> int | None:
    """How many days after the resolution the beneficiary may reopen a ticket (None: no limit)."""
    return cint(frappe.db.get_single_value("Moeen Settings", "reopen_window_days")) or None


def within_reopen_window(doc) -> bool:
    resolved = get_datetime(doc.resolution_date) if doc.get("resolution_date") else None
    return within(resolved, now_datetime(), reopen_window_days())


def resolution_info(doc, summary: dict) -> dict | None:
    """What a resolved ticket tells its beneficiary instead of the pending due time: what was
    done (the resolution note), when, by which unit; until when it may be reopened (its pending
    survey is :func:`ticket_survey`, offered on the page beside). None while not resolved."""
    if summary["status_category"] != "Resolved":
        return None
    log = frappe.get_all(
        "Moeen Tier Transition",
        filters={"ticket": doc.name},
        fields=["action", "to_state", "at", "team_before", "team_after", "reason"],
        order_by="at asc, creation asc",
    )
    res = resolution(log)
    zone = summary["timezone"]
    window = reopen_window_days()
    resolved_on = doc.resolution_date or (res.at if res else None)
    until = get_datetime(resolved_on) + timedelta(days=window) if window and resolved_on else None
    return {
        "when": format_when(resolved_on, zone),
        "unit": (res.unit if res else None) or doc.agent_group or "",
        "note": text_to_html(res.note) if res and res.note else "",
        "can_reopen": bool(summary["can_reopen"]) and within_reopen_window(doc),
        "reopen_until": format_when(until, zone),
    }
