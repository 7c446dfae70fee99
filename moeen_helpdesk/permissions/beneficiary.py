"""Beneficiaries see only their own profile; staff roles see all."""

import frappe

STAFF_ROLES = {
    "System Manager",
    "Moeen Service Manager",
    "Agent",
    "Agent Manager",
    "Tier 1 Agent",
    "Tier 2 Agent",
}


def _is_staff(user: str) -> bool:
    return user == "Administrator" or bool(STAFF_ROLES & set(frappe.get_roles(user)))


def has_permission(doc, ptype=None, user=None) -> bool:
    user = user or frappe.session.user
    if _is_staff(user):
        return True
    return doc.user == user and ptype in (None, "read", "print")


def query_conditions(user=None) -> str:
    user = user or frappe.session.user
    if _is_staff(user):
        return ""
    return f"`tabMoeen Beneficiary`.`user` = {frappe.db.escape(user)}"
