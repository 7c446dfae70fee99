"""The shipped views are changed only by System Managers (agents hold write and delete on every HD
View): a ``has_permission`` hook, and a check on validate and on_trash for code paths that skip
permissions."""

import frappe
from frappe import _

from moeen_helpdesk.agent_ui.views import VIEWS

ADMIN_ROLES = ("System Manager",)
READ_PTYPES = ("read", "select", "report", "export", "print", "email")


def _is_admin(user: str | None) -> bool:
    user = user or frappe.session.user
    return user == "Administrator" or bool(set(frappe.get_roles(user)) & set(ADMIN_ROLES))


def view_permission(doc, ptype=None, user=None):
    """has_permission for HD View: the shipped views may be read by everyone who may read views,
    changed only by System Managers. Other views: no opinion."""
    if doc.name not in VIEWS or (ptype or "read") in READ_PTYPES:
        return None
    return _is_admin(user)


def _shipping() -> bool:
    return bool(frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_uninstall)


def guard_view(doc, method=None):
    """HD View validate / on_trash: refuse changes to a shipped view by anyone but a System Manager."""
    if doc.name not in VIEWS or doc.flags.moeen_shipping or _shipping() or _is_admin(None):
        return
    frappe.throw(
        _("The view {0} is shipped by Moeen and cannot be changed").format(_(VIEWS[doc.name]["label"])),
        frappe.PermissionError,
    )
