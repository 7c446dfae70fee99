"""Beneficiary profiles: creation at sign-up or first login, and type look-up."""

from email.utils import parseaddr

import frappe

from moeen_helpdesk.core import beneficiaries as rules_core
from moeen_helpdesk.core.errors import CoreError

PROFILE = "Moeen Beneficiary"
ROLE = "Beneficiary"
SKIP_USERS = ("Administrator", "Guest")


def type_rules() -> tuple[list, str]:
    """The derivation rules and default type from Moeen Settings (validated when saved)."""
    settings = frappe.get_cached_doc("Moeen Settings")
    rows = [r.as_dict() for r in settings.get("type_rules") or []]
    try:
        rules = rules_core.make_rules(rows)
    except CoreError:
        # Saved settings are validated; a broken row can only come from a direct DB edit.
        frappe.log_error(title="Moeen Settings: invalid beneficiary type rule")
        rules = []
    return rules, settings.default_beneficiary_type or rules_core.EXTERNAL


def derive_type(email: str | None, university_id: str | None = None) -> str:
    rules, default = type_rules()
    return rules_core.derive_type(email, university_id, rules, default)


def type_of(raised_by: str | None) -> str:
    """The beneficiary type of whoever raised a ticket: the profile's, else derived from the email."""
    email = parseaddr(raised_by or "")[1].strip().lower()
    if email:
        profile_type = frappe.db.get_value(PROFILE, email, "beneficiary_type")
        if profile_type:
            return profile_type
    return derive_type(email)


def ensure_profile(user: str) -> str | None:
    """Create the profile of a website user if it does not exist; return its name."""
    if user in SKIP_USERS or frappe.db.exists(PROFILE, user):
        return user if user not in SKIP_USERS else None
    user_type, email = frappe.db.get_value("User", user, ["user_type", "email"]) or (None, None)
    if not rules_core.may_be_beneficiary(user_type, has_agent_record(user)):
        return None
    profile = frappe.get_doc(
        {
            "doctype": PROFILE,
            "user": user,
            "beneficiary_type": derive_type(email or user),
            "type_source": rules_core.SOURCE_RULE,
            "contact": frappe.db.get_value("Contact", {"email_id": email or user}),
        }
    )
    profile.flags.from_rules = True
    profile.insert(ignore_permissions=True)
    return profile.name


def has_agent_record(user: str) -> bool:
    return bool(frappe.db.exists("HD Agent", user))


def _may_be_beneficiary(doc) -> bool:
    return rules_core.may_be_beneficiary(doc.user_type, not doc.is_new() and has_agent_record(doc.name))


def sync_role(doc, method=None):
    """User.validate: the Beneficiary role follows the user, saved with the user itself.

    A new website user gets it; a user who is (or becomes) an agent — desk roles, or an
    HD Agent record (Helpdesk saves the user with the Agent role when it creates one) —
    loses it; the profile stays, for the tickets raised before. (Runs after the controller
    has settled ``user_type``; no second save of the user.)
    """
    if doc.name in SKIP_USERS:
        return
    has_role = ROLE in {r.role for r in doc.get("roles") or []}
    if _may_be_beneficiary(doc):
        if doc.is_new() and not has_role:
            doc.append("roles", {"role": ROLE})
    elif has_role:
        doc.set("roles", [r for r in doc.roles if r.role != ROLE])


def on_user_created(doc, method=None):
    """User.after_insert: website users become beneficiaries with a derived type."""
    if doc.name in SKIP_USERS or not _may_be_beneficiary(doc):
        return
    ensure_profile(doc.name)


def ensure_role(user: str):
    """The Beneficiary role for a website user that predates the app (or its reinstall)."""
    if user in SKIP_USERS or frappe.db.exists(
        "Has Role", {"parent": user, "parenttype": "User", "role": ROLE}
    ):
        return
    if rules_core.may_be_beneficiary(frappe.db.get_value("User", user, "user_type"), has_agent_record(user)):
        frappe.get_doc("User", user).add_roles(ROLE)


def on_login(login_manager=None):
    """on_session_creation: a beneficiary's first login creates the profile if sign-up did not."""
    user = frappe.session.user
    if user not in SKIP_USERS and not frappe.db.exists(PROFILE, user):
        if ensure_profile(user):
            ensure_role(user)


def backfill(batch: int = 500) -> int:
    """Profiles and roles for the website users that existed before the app (background job)."""
    users = frappe.db.sql(
        """SELECT u.name FROM `tabUser` u LEFT JOIN `tabMoeen Beneficiary` b ON b.name = u.name
        LEFT JOIN `tabHD Agent` a ON a.name = u.name
        WHERE u.user_type = 'Website User' AND u.name NOT IN ('Guest', 'Administrator') AND b.name IS NULL
        AND a.name IS NULL""",
        pluck=True,
    )
    for i, user in enumerate(users, start=1):
        if ensure_profile(user):
            ensure_role(user)
        if i % batch == 0:
            frappe.db.commit()  # nosemgrep: a long job commits per batch
    return len(users)
