"""The facts the Ticket Info panel shows on an HD Ticket, set on save."""

import frappe
from frappe.utils import cint

#: Pinned targets (business seconds) and their hour twins shown in the panel.
TARGET_HOURS = (
    ("moeen_response_target", "moeen_response_target_hours"),
    ("moeen_resolution_target", "moeen_resolution_target_hours"),
)


def set_ticket_facts(doc, method=None):
    """HD Ticket before_save (after the SLA has pinned the targets): the service's unit and the
    targets in business hours for the panel (whatever was typed into them; a beneficiary's
    change of them is refused before, by ``moeen_helpdesk.protection``)."""
    unit = (
        frappe.get_cached_value("Moeen Service", doc.moeen_service, "tier2_team")
        if doc.moeen_service
        else None
    )
    if (doc.get("moeen_service_unit") or None) != unit:
        doc.moeen_service_unit = unit
    for seconds_field, hours_field in TARGET_HOURS:
        seconds = cint(doc.get(seconds_field))
        hours = round(seconds / 3600, 2) if seconds else None
        if doc.get(hours_field) != hours:
            doc.set(hours_field, hours)
