"""What the app ships into Helpdesk's agent UI on install and every migrate (the "Default" HD
Ticket Template's rows, the HD Form Script, the HD Views), and removes on uninstall."""

import os

import frappe
from frappe.utils import cint

from moeen_helpdesk.agent_ui.views import VIEWS, view_values

TEMPLATE = "Default"
#: (fieldname, hide_from_customer), in the panel's order.
TEMPLATE_FIELDS: tuple[tuple[str, int], ...] = (
    ("moeen_service", 1),
    ("moeen_kind", 1),
    ("moeen_beneficiary_type", 1),
    ("moeen_channel", 1),
    ("moeen_tier_state", 1),
    ("moeen_service_unit", 1),
    ("moeen_response_target_hours", 1),
    ("moeen_resolution_target_hours", 1),
    ("moeen_sla_state", 1),
)

FORM_SCRIPT = "Moeen Tier Actions"
SCRIPT_FILE = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "public", "js", "hd_form_script", "tier_actions.js"
)


def install():
    """Install and every migrate (idempotent: saves only what differs from the shipped state)."""
    ensure_template_rows()
    ensure_form_script()
    ensure_views()


def ensure_template_rows():
    if not frappe.db.exists("HD Ticket Template", TEMPLATE):
        frappe.get_doc({"doctype": "HD Ticket Template", "template_name": TEMPLATE}).insert(
            ignore_permissions=True
        )
    doc = frappe.get_doc("HD Ticket Template", TEMPLATE)
    have = {row.fieldname for row in doc.fields}
    meta = frappe.get_meta("HD Ticket")
    missing = [(f, hide) for f, hide in TEMPLATE_FIELDS if f not in have and meta.has_field(f)]
    if not missing:
        return
    for fieldname, hide in missing:
        doc.append("fields", {"fieldname": fieldname, "required": 0, "hide_from_customer": hide})
    doc.save(ignore_permissions=True)


def script_source() -> str:
    with open(SCRIPT_FILE, encoding="utf-8") as fh:
        return fh.read()


def ensure_form_script():
    """The form script, enabled when created; later migrates bring its script up to date
    (an admin who disabled it keeps it disabled)."""
    script = script_source()
    if frappe.db.exists("HD Form Script", FORM_SCRIPT):
        if frappe.db.get_value("HD Form Script", FORM_SCRIPT, "script") != script:
            doc = frappe.get_doc("HD Form Script", FORM_SCRIPT)
            doc.script = script
            doc.save(ignore_permissions=True)
        return
    doc = frappe.get_doc(
        {
            "doctype": "HD Form Script",
            "name": FORM_SCRIPT,
            "dt": "HD Ticket",
            "apply_to": "Form",
            "enabled": 1,
            "script": script,
            "apply_to_customer_portal": 0,
            "apply_on_new_page": 0,
            "is_standard": 0,
        }
    )
    doc.insert(ignore_permissions=True)


def ensure_views():
    for name in VIEWS:
        values = view_values(name)
        if frappe.db.exists("HD View", name):
            doc = frappe.get_doc("HD View", name)
            changed = {k: v for k, v in values.items() if k != "name" and doc.get(k) != v}
            if changed:
                doc.update(changed)
                doc.flags.moeen_shipping = True
                doc.save(ignore_permissions=True)
        else:
            doc = frappe.get_doc({"doctype": "HD View", **values})
            doc.flags.name_set = True
            doc.flags.moeen_shipping = True
            doc.insert(ignore_permissions=True)
        # Helpdesk keeps is_standard only for views made in install/migrate: set it whatever the caller.
        if not cint(frappe.db.get_value("HD View", name, "is_standard")):
            frappe.db.set_value("HD View", name, "is_standard", 1, update_modified=False)


def uninstall():
    """before_uninstall: remove the template rows, the form script and the views."""
    frappe.db.delete(
        "HD Ticket Template Field",
        {
            "parent": TEMPLATE,
            "parenttype": "HD Ticket Template",
            "fieldname": ["in", [f for f, _hide in TEMPLATE_FIELDS]],
        },
    )
    frappe.db.delete("HD Form Script", {"name": FORM_SCRIPT})
    # Helpdesk refuses to trash standard views: remove the rows themselves.
    frappe.db.delete("HD View", {"name": ["in", list(VIEWS)]})
