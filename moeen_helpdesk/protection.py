"""The desk-decided fields of a ticket, enforced in one place (``HD Ticket.validate``).

The rule (which fields, who may write them) is :mod:`moeen_helpdesk.core.protected`; this
module applies it to every save of an HD Ticket, whatever path made it (REST, the
``frappe.client`` methods, ``run_doc_method``, Helpdesk's portal API, the app's portal API):

* a **beneficiary** (the session user is not a Helpdesk agent) changes no desk-decided
  field of an existing ticket, and changes a status only as the core's status rule allows
  (closed or rated tickets not at all); values of these fields on a beneficiary's new ticket
  are cleared before Helpdesk and the app fill them;
* an **agent**'s hand edit of a computed field is put back;
* the system's own changes pass: Helpdesk's derivations in the same save (the first
  response when a ticket is paused or resolved, the rating of a feedback option, the SLA
  it picks, the blanks it fills) and the app's own actions (:func:`system_write`, the tier
  actions' flag). Hooks that run later in the save (the SLA clocks, the durations) are the
  system's by construction.

Communications of a ticket cannot be deleted by a beneficiary (:func:`on_communication_trash`).
"""

import json
from contextlib import contextmanager
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.utils import cint, flt, get_datetime, get_time, getdate, now_datetime
from helpdesk.helpdesk.doctype.hd_service_level_agreement.utils import get_sla
from helpdesk.utils import get_customer

from moeen_helpdesk.core import protected as rule
from moeen_helpdesk.utils import NotEligibleError, is_agent, throw_core

TICKET = "HD Ticket"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "custom_field.json"
#: Helpdesk sets the first response "now" in the same save; a value this close to now is its.
SYSTEM_CLOCK_SLACK_SECONDS = 300
NUMERIC = ("Int", "Check")
DECIMAL = ("Float", "Currency", "Percent", "Rating", "Duration")


@lru_cache(maxsize=1)
def app_fields() -> tuple[str, ...]:
    """The app's HD Ticket fields, from its custom-field fixture."""
    return rule.app_fields(json.loads(FIXTURE.read_text(encoding="utf-8")))


@contextmanager
def system_write():
    """The app's own code writes desk-decided or computed fields inside this block."""
    depth = cint(frappe.flags.moeen_system_write)
    frappe.flags.moeen_system_write = depth + 1
    try:
        yield
    finally:
        frappe.flags.moeen_system_write = depth


def _is_system(doc) -> bool:
    return bool(frappe.flags.moeen_system_write or doc.flags.moeen_tier_transition)


# ------------------------------------------------------------------ comparing values
def _norm(fieldtype: str | None, value):
    if value in (None, ""):
        return 0 if fieldtype in NUMERIC + DECIMAL else None
    try:
        if fieldtype in NUMERIC:
            return cint(value)
        if fieldtype in DECIMAL:
            return round(flt(value), 6)
        if fieldtype == "Datetime":
            return get_datetime(value).replace(microsecond=0)
        if fieldtype == "Date":
            return getdate(value)
        if fieldtype == "Time":
            return get_time(value).replace(microsecond=0)
    except Exception:
        return ("unparsable", str(value))
    return value if isinstance(value, str | int | float) else str(value)


def changed_fields(doc, before, fields) -> set[str]:
    meta = doc.meta
    out = set()
    for field in fields:
        df = meta.get_field(field)
        if df is None:
            continue
        if _norm(df.fieldtype, doc.get(field)) != _norm(df.fieldtype, before.get(field)):
            out.add(field)
    return out


def _data_fields(meta) -> list[str]:
    return [df.fieldname for df in meta.fields if df.fieldtype not in no_value_fields + table_fields]


# --------------------------------------------------------- Helpdesk's own derivations
def _category(status: str | None) -> str | None:
    return frappe.get_cached_value("HD Ticket Status", status, "category") if status else None


def _near_now(value) -> bool:
    try:
        return abs((get_datetime(value) - now_datetime()).total_seconds()) <= SYSTEM_CLOCK_SLACK_SECONDS
    except Exception:
        return False


def _helpdesk_fill(doc, field: str):
    """What Helpdesk's ``before_validate`` fills an empty field with (HD Ticket 1.25.1)."""
    settings = "HD Settings"
    if field == "ticket_type":
        return frappe.db.get_single_value(settings, "default_ticket_type") or None
    if field == "priority":
        by_type = (
            frappe.get_cached_value("HD Ticket Type", doc.ticket_type, "priority")
            if doc.ticket_type
            else None
        )
        return by_type or frappe.db.get_single_value(settings, "default_priority")
    if field == "contact":
        email = parseaddr(doc.raised_by or "")[1]
        return frappe.db.get_value("Contact", {"email_id": email}) if email else None
    if field == "customer":
        found = get_customer(doc.contact) if doc.contact else []
        return found[0] if len(found) == 1 else None
    return None


def helpdesk_derived(doc, before, changed: set[str]) -> set[str]:
    """The changed fields Helpdesk itself set in this save (not the request)."""
    out = set()
    if "status_category" in changed and doc.status_category == _category(doc.status):
        out.add("status_category")
    if (
        "first_responded_on" in changed
        and not before.get("first_responded_on")
        and _near_now(doc.first_responded_on)
        and (
            doc.status_category == rule.PAUSED
            or (before.get("status_category") == rule.OPEN and doc.status_category == rule.RESOLVED)
        )
    ):
        out.add("first_responded_on")
    if (
        "feedback_rating" in changed
        and doc.get("feedback")
        and flt(doc.feedback_rating)
        == flt(frappe.get_cached_value("HD Ticket Feedback Option", doc.feedback, "rating"))
    ):
        out.add("feedback_rating")
    if "sla" in changed and doc.sla:
        picked = get_sla(doc)
        if picked and picked.name == doc.sla:
            out.add("sla")
    for field in ("ticket_type", "priority", "contact", "customer"):
        if field in changed and not before.get(field) and doc.get(field) == _helpdesk_fill(doc, field):
            out.add(field)
    return out | fetched(doc, changed)


def fetched(doc, changed: set[str]) -> set[str]:
    """The changed fields whose value Frappe fetched in this save (``fetch_from`` a link)."""
    out = set()
    for field in changed:
        df = doc.meta.get_field(field)
        if not (df and df.fetch_from and "." in df.fetch_from):
            continue
        link, source = df.fetch_from.split(".", 1)
        link_df = doc.meta.get_field(link)
        linked = doc.get(link)
        value = frappe.get_cached_value(link_df.options, linked, source) if link_df and linked else None
        if (doc.get(field) or None) == (value or None):
            out.add(field)
    return out


# ------------------------------------------------------------------------ the hooks
def clear_new_ticket(doc):
    """A beneficiary's new ticket: the desk-decided values are not taken from the request."""
    meta = doc.meta
    for field in rule.blank_on_new(app_fields()):
        df = meta.get_field(field)
        if df is not None:
            doc.set(field, 0 if df.fieldtype in NUMERIC + DECIMAL else None)
    doc.via_customer_portal = 1


def check_ticket(doc):
    """HD Ticket validate (the app's first check on an existing ticket)."""
    if doc.is_new() or _is_system(doc):
        return
    before = doc.get_doc_before_save()
    if before is None:
        return
    agent = is_agent()
    app = app_fields()
    if agent:
        changed = changed_fields(doc, before, rule.computed_fields(app))
        _refused, restored = rule.refused_fields(changed, app, agent=True)
        for field in restored:
            doc.set(field, before.get(field))
        return
    changed = changed_fields(doc, before, _data_fields(doc.meta))
    changed -= helpdesk_derived(doc, before, changed)
    if rule.locked(before.get("status"), bool(before.get("feedback"))) and changed:
        throw_core(rule.NotAllowed(rule.MSG_LOCKED))
    if "status" in changed:
        problem = rule.status_problem(
            before.get("status"),
            doc.status,
            _category(doc.status),
            rated=bool(before.get("feedback")),
            reopen_statuses=(doc.ticket_reopen_status, doc.default_open_status),
        )
        if problem:
            throw_core(problem)
    refused, _restored = rule.refused_fields(changed, app, agent=False)
    if refused:
        labels = ", ".join(sorted(_(doc.meta.get_label(f)) for f in refused))
        frappe.throw(_("You cannot change these fields of a ticket: {0}").format(labels), NotEligibleError)


def on_communication_trash(doc, method=None):
    """Communication on_trash: the conversation of a ticket is the record of the case."""
    if doc.reference_doctype != TICKET or frappe.flags.moeen_system_write or frappe.flags.in_uninstall:
        return
    if frappe.session.user == "Administrator" or is_agent():
        return
    frappe.throw(_("The messages of a ticket cannot be deleted"), NotEligibleError)
