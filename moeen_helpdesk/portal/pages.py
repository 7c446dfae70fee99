"""What every portal page (``www/moeen/*.py``) sets up: login (guests go to /login and come
back), the page language (``frappe.local.lang``, so ``_()`` in the templates speaks it), links
that keep the language, navigation, the contact center, the upload limits, and the page's
script and styles (``public/js/moeen_portal.js``, ``public/css/moeen_portal.css``, served from
``/assets/moeen_helpdesk/``) with the script's texts translated."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlencode

import frappe
from frappe import _
from frappe.translate import extract_messages_from_javascript_code

from moeen_helpdesk.channels import contact_center
from moeen_helpdesk.portal.attachments import ALLOWED_EXTENSIONS, MAX_ATTACHMENT_MB
from moeen_helpdesk.portal.catalog import BASE
from moeen_helpdesk.portal.language import DEFAULT_LANGUAGE, LANGUAGES, preferred_language
from moeen_helpdesk.utils import asset_url, public_file

PORTAL_JS = "js/moeen_portal.js"
PORTAL_CSS = "css/moeen_portal.css"


@lru_cache(maxsize=1)
def js_strings() -> tuple[str, ...]:
    """The ``__("…")`` texts of the portal's script, found by Frappe's own extractor (the one
    ``bench get-untranslated`` and the app's translation files use)."""
    code = public_file(PORTAL_JS).read_text(encoding="utf-8")
    return tuple(sorted({text for _line, text, _context in extract_messages_from_javascript_code(code)}))


def js_messages(language: str) -> dict:
    """The script's texts in the page language, shipped in the page as Frappe's web forms ship
    theirs (``{text: translation}``; the script's ``__()`` reads them)."""
    if language == "en":
        return {}
    return {s: _(s, lang=language) for s in js_strings()}


def page_url(path: str, language: str | None = None, remembered: str | None = None, **params) -> str:
    """A portal link; keeps ``lang`` when the page language is not the remembered one."""
    query = {k: v for k, v in params.items() if v not in (None, "")}
    if language and language != (remembered or preferred_language() or DEFAULT_LANGUAGE):
        query["lang"] = language
    return f"{path}?{urlencode(query)}" if query else path


def setup_page(context, page: str, title: str | None = None):
    """Common context of the portal's pages: login (guests go to /login and come back), the page
    language (``frappe.local.lang``, so ``_()`` in the templates speaks it), navigation, contact center."""
    user = frappe.session.user
    request = getattr(frappe.local, "request", None)
    if user == "Guest":
        here = BASE
        if request is not None:
            here = request.full_path.rstrip("?") if getattr(request, "full_path", None) else request.path
        frappe.local.flags.redirect_location = "/login?" + urlencode({"redirect-to": here})
        raise frappe.Redirect(302)
    remembered = preferred_language(user) or DEFAULT_LANGUAGE
    requested = frappe.form_dict.get("lang")
    requested = requested[:2].lower() if isinstance(requested, str) else ""
    language = requested if requested in LANGUAGES else remembered
    frappe.local.lang = language
    other = "en" if language == "ar" else "ar"
    args = {
        k: v
        for k, v in (frappe.form_dict or {}).items()
        if k not in ("lang", "cmd", "_lang", "created") and isinstance(v, str)
    }
    path = request.path if request is not None and getattr(request, "path", None) else BASE
    context.update(
        no_cache=1,
        page=page,
        lang=language,
        dir="rtl" if language == "ar" else "ltr",
        title=title or _("Moeen"),
        other_lang=other,
        other_lang_label="English" if language == "ar" else "العربية",
        other_lang_url=f"{path}?{urlencode(dict(args, lang=other))}",
        js_messages=js_messages(language),
        assets={"js": asset_url(PORTAL_JS), "css": asset_url(PORTAL_CSS)},
        url=lambda p, **kw: page_url(p, language, remembered, **kw),
        quote=quote,
        user_name=frappe.utils.get_fullname(user),
        contact=contact_center(),
        upload={
            "max_mb": MAX_ATTACHMENT_MB,
            "extensions": list(ALLOWED_EXTENSIONS),
            "accept": ",".join("." + e for e in ALLOWED_EXTENSIONS),
        },
    )
    return user, language
