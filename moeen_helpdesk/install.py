"""Install and migrate hooks."""

import frappe

from moeen_helpdesk import intake, service_sla
from moeen_helpdesk.agent_ui import shipping as agent_ui_shipping
from moeen_helpdesk.calendars import CONTACT_CENTER, ship_default_calendars
from moeen_helpdesk.core.beneficiaries import EXTERNAL
from moeen_helpdesk.kept_data import reconcile as reconcile_kept_data
from moeen_helpdesk.report_indexes import ensure_indexes
from moeen_helpdesk.surveys.shipped import ship_default_templates
from moeen_helpdesk.tiers import assignment


def after_install():
    ship_default_calendars()  # before the settings: their default calendar links to one
    ensure_settings()
    set_new_site_defaults()
    ship_default_templates()
    reconcile_kept_data()
    on_migrate_intake()
    # Website users from before the app become beneficiaries, outside the install request.
    frappe.enqueue("moeen_helpdesk.beneficiaries.backfill", queue="long", enqueue_after_commit=True)


def after_migrate():
    ship_default_calendars()
    ensure_settings()
    ship_default_templates()
    ensure_indexes()
    agent_ui_shipping.install()
    on_migrate_intake()


def on_migrate_intake():
    """The ticket-number sequence, the tier teams' rules waiting for the commit, the service clock's SLA."""
    intake.ensure_sequence()
    assignment.sync_all_rotations()
    service_sla.ensure_record()


def ensure_settings():
    """Moeen Settings with its defaults; an existing configuration is left as it is."""
    if not frappe.db.get_single_value("Moeen Settings", "default_beneficiary_type"):
        frappe.db.set_single_value("Moeen Settings", "default_beneficiary_type", EXTERNAL)
    # No JSON default for the calendar link: Frappe validates a single's link defaults at
    # install, before the shipped calendars exist.
    if not frappe.db.get_single_value("Moeen Settings", "default_calendar") and frappe.db.exists(
        "Moeen Office Calendar", CONTACT_CENTER
    ):
        frappe.db.set_single_value("Moeen Settings", "default_calendar", CONTACT_CENTER)
    if frappe.db.get_single_value("Moeen Settings", "warning_share") in (None, 0):
        frappe.db.set_single_value("Moeen Settings", "warning_share", 75)


def set_new_site_defaults():
    """Policy defaults of a new install (an upgraded site keeps what it has): a beneficiary's
    request is made against a service of the catalog."""
    frappe.db.set_single_value("Moeen Settings", "require_service_for_beneficiaries", 1)
