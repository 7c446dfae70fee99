"""The Helpdesk SLA record that tickets on the app's service clocks carry ("Moeen Service Clock").

Helpdesk works out an SLA on every ticket save: ``before_validate`` looks one up (``set_sla``;
without a matching SLA it loads the Default one), ``before_save`` applies it (``apply_sla``:
response_by, resolution_by and the agreement status, walking the SLA's calendar and reloading
its holiday list), and a new ticket asks it whether it came outside working hours. On a ticket
whose service has targets the app's clocks (:mod:`moeen_helpdesk.sla.on_save`) then overwrite every one
of those values — about a quarter of the intake's work, done twice (Helpdesk saves a new ticket
twice).

Such tickets carry this record instead of the Default SLA: enabled, not the default, its
condition ``doc.sla == "Moeen Service Clock"`` (Helpdesk's own look-up keeps it with one query
on the tickets that carry it, and never picks it for any other ticket), every day
00:00–23:59:59, one-second targets for every priority and no holiday list, so applying it walks
no calendar and reads no holidays. The app puts a ticket on it when the ticket is created or its
service changes (``before_insert`` / ``validate``) and back on Helpdesk's own choice when its
service has no targets (or no calendar). Helpdesk's durations of those tickets
(``first_response_time``, ``resolution_time``) are then wall-clock seconds; the app's business
durations are ``moeen_response_seconds`` / ``moeen_resolution_seconds``.
"""

import frappe
from helpdesk.helpdesk.doctype.hd_service_level_agreement.utils import get_sla

from moeen_helpdesk.sla.business_time import calendar_name_for_service
from moeen_helpdesk.sla.deadlines import service_targets

NAME = "Moeen Service Clock"
DOCTYPE = "HD Service Level Agreement"
CONDITION = f'doc.sla == "{NAME}"'
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def priorities() -> list[str]:
    return frappe.get_all("HD Ticket Priority", pluck="name", order_by="name")


def ensure_record():
    """Install / migrate: the record exists and lists every ticket priority."""
    wanted = priorities()
    default = frappe.db.get_value(
        DOCTYPE,
        {"default_sla": 1, "name": ["!=", NAME]},
        ["default_priority", "ticket_reopen_status", "default_ticket_status"],
        as_dict=True,
    )
    if not wanted or not default:
        return  # Helpdesk refuses an SLA while no default one exists
    # A ticket without a priority gets its SLA's default one: the same as on Helpdesk's Default.
    first = default.default_priority if default.default_priority in wanted else wanted[0]
    if frappe.db.exists(DOCTYPE, NAME):
        doc = frappe.get_doc(DOCTYPE, NAME)
        have = {p.priority for p in doc.priorities}
        if set(wanted) <= have and doc.default_priority == first:
            return
        for p in wanted:
            if p not in have:
                doc.append("priorities", {"priority": p, "response_time": 1, "resolution_time": 1})
        for row in doc.priorities:
            row.default_priority = 1 if row.priority == first else 0
        doc.flags.ignore_mandatory = True  # no holiday list: the app's calendars hold the holidays
        doc.save(ignore_permissions=True)
        return
    doc = frappe.get_doc(
        {
            "doctype": DOCTYPE,
            "service_level": NAME,
            "enabled": 1,
            "default_sla": 0,
            "apply_sla_for_resolution": 1,
            "condition": CONDITION,
            "description": "Tickets on a Moeen service's clock; the deadlines come from the service",
            "ticket_reopen_status": default.get("ticket_reopen_status"),
            "default_ticket_status": default.get("default_ticket_status"),
            "support_and_resolution": [
                {"workday": d, "start_time": "00:00:00", "end_time": "23:59:59"} for d in DAYS
            ],
            "priorities": [
                {"priority": p, "response_time": 1, "resolution_time": 1, "default_priority": p == first}
                for p in wanted
            ],
        }
    )
    doc.flags.ignore_mandatory = True
    doc.insert(ignore_permissions=True)


def remove_record():
    """Uninstall: the tickets go back to Helpdesk's Default SLA, and the record goes."""
    if not frappe.db.exists(DOCTYPE, NAME):
        return
    default = frappe.db.get_value(DOCTYPE, {"default_sla": 1, "name": ["!=", NAME]}, "name")
    frappe.db.sql("UPDATE `tabHD Ticket` SET sla = %s WHERE sla = %s", (default, NAME))
    frappe.delete_doc(DOCTYPE, NAME, force=True, ignore_permissions=True)


def on_priority_insert(doc, method=None):
    """HD Ticket Priority after_insert: the record covers the new priority too."""
    ensure_record()


def _covered_priorities() -> set[str]:
    try:
        return {p.priority for p in frappe.get_cached_doc(DOCTYPE, NAME).priorities}
    except frappe.DoesNotExistError:
        return set()


def on_clock(doc) -> bool:
    """The ticket's deadlines come from its service: targets and a calendar, and the record covers it."""
    service = doc.get("moeen_service")
    if not service or service_targets(service, doc.get("priority")).empty:
        return False
    if not (doc.get("moeen_sla_calendar") or calendar_name_for_service(service)):
        return False
    covered = _covered_priorities()  # empty: the record is not there (a site not migrated yet)
    return bool(covered) and (not doc.get("priority") or doc.priority in covered)


def before_insert(doc, method=None):
    """HD Ticket before_insert (before Helpdesk looks an SLA up): a service ticket starts on the clock."""
    if on_clock(doc):
        doc.sla = NAME


def validate(doc, method=None):
    """HD Ticket validate (after Helpdesk's look-up, before it applies the SLA); cached look-ups only."""
    clock = on_clock(doc)
    if clock and doc.sla != NAME:
        doc.sla = NAME
    elif not clock and doc.sla == NAME:
        doc.sla = None
        found = get_sla(doc)  # Helpdesk's own choice, now that the ticket no longer carries ours
        doc.sla = found.name if found else None
