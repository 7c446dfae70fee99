"""The portal's language: ``?lang=``, else the profile's preferred language, else Arabic."""

from __future__ import annotations

import frappe
from frappe import _

from moeen_helpdesk.beneficiaries import PROFILE
from moeen_helpdesk.core.language import DEFAULT_LANGUAGE, LANGUAGES, requested_language

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "is_ar",
    "lang",
    "page_language",
    "pick",
    "preferred_language",
    "remember_language",
]


def lang() -> str:
    """The language of the current request's texts: Arabic or English."""
    current = (getattr(frappe.local, "lang", None) or "en")[:2]
    return current if current in LANGUAGES else "en"


def is_ar() -> bool:
    return lang() == "ar"


def pick(ar: str | None, en: str | None) -> str:
    """The Arabic or English text of a bilingual pair, falling back to the other one."""
    return (ar or en or "") if is_ar() else (en or ar or "")


def preferred_language(user: str | None = None) -> str | None:
    user = user or frappe.session.user
    if user in ("Guest", None):
        return None
    pref = frappe.db.get_value(PROFILE, user, "preferred_language")
    if pref in LANGUAGES:
        return pref
    user_lang = (frappe.db.get_value("User", user, "language") or "")[:2]
    return user_lang if user_lang in LANGUAGES else None


def page_language(requested: str | None = None, user: str | None = None) -> str:
    """``?lang=`` when it is ar or en, else the beneficiary's preferred language, else Arabic."""
    return requested_language(requested) or preferred_language(user) or DEFAULT_LANGUAGE


def remember_language(user: str, language: str) -> str:
    """Store the beneficiary's language: the profile's preferred language and, for website users,
    the user's language (so Helpdesk's emails and the survey pages follow it)."""
    if language not in LANGUAGES:
        frappe.throw(_("Unknown language {0}").format(language), frappe.ValidationError)
    if frappe.db.exists(PROFILE, user):
        frappe.db.set_value(PROFILE, user, "preferred_language", language, update_modified=False)
    if frappe.db.get_value("User", user, "user_type") == "Website User":
        frappe.db.set_value("User", user, "language", language, update_modified=False)
        frappe.clear_cache(user=user)
    return language
