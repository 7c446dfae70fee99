"""Checks used by the test command and the integration tests (install, migrate, uninstall)."""

import json
import os

import frappe
from frappe.installer import remove_from_installed_apps
from frappe.model.sync import sync_for
from frappe.modules.utils import sync_customizations
from frappe.utils.fixtures import sync_fixtures

from moeen_helpdesk.install import after_migrate
from moeen_helpdesk.kept_data import kept
from moeen_helpdesk.uninstall import app_roles

MODULE = "Moeen Helpdesk"
APP_ROLES = app_roles()


def fingerprint() -> dict:
    """What the app owns on a site, with modification stamps: equal before and after a no-op migrate."""
    return {
        "doctypes": frappe.get_all("DocType", {"module": MODULE}, ["name", "modified"], order_by="name"),
        "custom_fields": frappe.get_all(
            "Custom Field", {"module": MODULE}, ["name", "modified"], order_by="name"
        ),
        "property_setters": frappe.get_all(
            "Property Setter", {"module": MODULE}, ["name", "modified"], order_by="name"
        ),
        "roles": frappe.get_all("Role", {"name": ["in", APP_ROLES]}, ["name", "modified"], order_by="name"),
        "docperms": frappe.db.count("DocPerm", {"parent": ["like", "Moeen %"]}),
        "settings": frappe.db.get_values_from_single(["*"], None, "Moeen Settings", as_dict=True),
    }


def resync():
    """What `bench migrate` does for this app: sync doctypes, fixtures, customizations, after_migrate."""
    sync_for("moeen_helpdesk")
    sync_fixtures("moeen_helpdesk")
    sync_customizations("moeen_helpdesk")
    after_migrate()


def shipped_doctypes() -> set[str]:
    """The doctypes this checkout ships (from their JSON files)."""
    root = os.path.join(os.path.dirname(__file__), "moeen_helpdesk", "doctype")
    names = set()
    for folder in os.listdir(root):
        path = os.path.join(root, folder, folder + ".json")
        if os.path.exists(path):
            with open(path) as fh:
                names.add(json.load(fh)["name"])
    return names


def leftovers() -> dict:
    """What remains of the app after uninstall-app: every list should be empty; ``kept_data``
    (a summary, no list) names the columns and indexes Frappe keeps by design (README
    "Uninstall"; ``moeen-purge`` drops them). A ``moeen_…`` column or index outside that
    design is listed under ``unexpected_columns``/``unexpected_indexes``."""
    data = kept()
    summary = {}
    for dt in sorted(set(data["columns"]) | set(data["indexes"])):
        summary[dt] = (
            f"{len(data['columns'].get(dt, []))} columns, {len(data['indexes'].get(dt, []))} indexes"
        )
    found = {
        "kept_data": summary,
        "unexpected_columns": [f"{dt}.{c}" for dt, cols in data["unexpected_columns"].items() for c in cols],
        "unexpected_indexes": [f"{dt}.{i}" for dt, idx in data["unexpected_indexes"].items() for i in idx],
        "doctypes": frappe.get_all("DocType", {"module": MODULE}, pluck="name"),
        "custom_fields": frappe.get_all("Custom Field", {"fieldname": ["like", "moeen\\_%"]}, pluck="name"),
        "property_setters": frappe.get_all("Property Setter", {"module": MODULE}, pluck="name"),
        "roles": frappe.get_all("Role", {"name": ["in", APP_ROLES]}, pluck="name"),
        "module": frappe.get_all("Module Def", {"name": MODULE}, pluck="name"),
        "tables": [t for t in frappe.db.get_tables() if t[3:] in shipped_doctypes()],
    }
    return found


def drop_orphan_tables():
    """Test-site hygiene: drop `tabMoeen …` tables whose DocType no longer exists."""
    for table in frappe.db.get_tables():
        if table.startswith("tabMoeen ") and not frappe.db.exists("DocType", table[3:]):
            print(f"dropping orphan table {table}")
            frappe.db.sql_ddl(f"DROP TABLE `{table}`")


def hard_reset():
    """Test-site hygiene when uninstall-app fails (e.g. a doctype whose code is gone): remove the
    app's records, tables and install entry by hand, so the next install starts clean."""
    doctypes = frappe.get_all("DocType", {"module": MODULE}, pluck="name")
    for child in ("DocField", "DocPerm", "DocType Action", "DocType Link", "DocType State"):
        if doctypes:
            frappe.db.delete(child, {"parent": ["in", doctypes]})
    frappe.db.delete("DocType", {"module": MODULE})
    for doctype in (
        "Custom Field",
        "Property Setter",
        "Report",
        "Workspace",
        "Number Card",
        "Dashboard Chart",
        "Dashboard Chart Source",
        "Web Form",
        "Page",
        "Print Format",
        "Notification",
    ):
        if frappe.db.table_exists(doctype) and frappe.db.has_column(doctype, "module"):
            frappe.db.delete(doctype, {"module": MODULE})
    for role in APP_ROLES:
        for doctype in ("Has Role", "Custom DocPerm", "DocPerm"):
            frappe.db.delete(doctype, {"role": role})
        frappe.db.delete("Role", {"name": role})
    frappe.db.delete("Module Def", {"name": MODULE})
    remove_from_installed_apps("moeen_helpdesk")
    frappe.db.commit()
    drop_orphan_tables()
    frappe.clear_cache()


def print_fingerprint():
    print(json.dumps(fingerprint(), default=str, sort_keys=True))


def print_leftovers():
    print(json.dumps(leftovers(), default=str, sort_keys=True))
