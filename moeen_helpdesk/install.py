"""Install and migrate hooks."""

import frappe

from moeen_helpdesk.calendars import ship_default_calendars
from moeen_helpdesk.core.beneficiaries import EXTERNAL


def after_install():
    ship_default_calendars()  # before the settings: their default calendar links to one
    ensure_settings()


def after_migrate():
    ship_default_calendars()
    ensure_settings()


def ensure_settings():
    """Moeen Settings with its defaults; an existing configuration is left as it is."""
    if not frappe.db.get_single_value("Moeen Settings", "default_beneficiary_type"):
        frappe.db.set_single_value("Moeen Settings", "default_beneficiary_type", EXTERNAL)
