"""Uninstall: Frappe removes this app's doctypes and every record of its module
(custom fields included); the roles are ours to remove."""

import json
import os

import frappe

from moeen_helpdesk import intake, service_sla
from moeen_helpdesk.agent_ui import shipping as agent_ui_shipping
from moeen_helpdesk.report_indexes import drop_indexes
from moeen_helpdesk.surveys.shipped import remove_shipped_records


def app_roles() -> list[str]:
    path = os.path.join(os.path.dirname(__file__), "fixtures", "role.json")
    with open(path) as fh:
        return [r["name"] for r in json.load(fh)]


def before_uninstall():
    remove_shipped_records()
    intake.hand_back_to_series()
    intake.restore_rule_conditions()
    service_sla.remove_record()
    drop_indexes()
    agent_ui_shipping.uninstall()
    for role in app_roles():
        if not frappe.db.exists("Role", role):
            continue
        for doctype in ("Has Role", "Custom DocPerm", "DocPerm"):
            frappe.db.delete(doctype, {"role": role})
        frappe.delete_doc("Role", role, force=True, ignore_permissions=True)
