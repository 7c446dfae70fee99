"""The beneficiaries' portal (/moeen): what the pages and ``moeen_helpdesk.api.portal`` share.

* the catalog a beneficiary may request (eligibility from :mod:`moeen_helpdesk.core.beneficiaries`),
  each service's times in words («خلال يومي عمل», "within 2 working days") and the weekly hours of
  its calendar;
* the unified contact center (phone, hours, open now);
* a service's extra fields ("Moeen Service Field" rows) and the check of their values;
* tickets as a beneficiary sees them: status label, "waiting for you", due times in the calendar's
  time zone, the conversation;
* attachment limits (:func:`validate_attachment`, a ``File`` ``before_insert`` event);
* the page language: ``?lang=``, else the profile's preferred language, else Arabic.

Everything here reads with the session user's rights or filters by the user explicitly; the
whitelisted layer (``api/portal.py``) and the pages check login and permission first.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import cint, get_datetime, getdate, now_datetime, strip_html

from moeen_helpdesk.beneficiaries import PROFILE, type_of
from moeen_helpdesk.core import beneficiaries as rules_core
from moeen_helpdesk.core.calendar import DEFAULT_TIMEZONE, WEEKDAYS
from moeen_helpdesk.core.review import (
    DAYS,
    HOURS,
    WORKING_DAY_SECONDS,
    WORKING_DAYS,
    WORKING_HOURS,
    count_words,
    humanize_seconds,
)
from moeen_helpdesk.utils import is_agent, throw_core

BASE = "/moeen"
LANGUAGES = ("ar", "en")
DEFAULT_LANGUAGE = "ar"
CONTACT_PHONE = "0114675557"
CONTACT_CENTER_CALENDAR = "Contact Center"
SERVICE = "Moeen Service"
CATEGORY = "Moeen Service Category"
FIELD = "Moeen Service Field"
TICKET = "HD Ticket"
STATUS_CONTEXT = "Moeen ticket status"

MAX_ATTACHMENT_MB = 10
MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_MB * 1024 * 1024
ALLOWED_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "txt")
# Doctypes whose attachments follow the portal's limits when a beneficiary uploads them
# (unattached uploads too: Helpdesk's own portal uploads first and attaches afterwards).
LIMITED_DOCTYPES = (None, "", TICKET, "Communication", "HD Ticket Comment")
MAX_SUBJECT = 140
MAX_TEXT = 10_000
MAX_DATA = 140
MAX_SMALL_TEXT = 2_000
MAX_TICKETS = 500

LRI, PDI = "\u2066", "\u2069"  # keep "07:30–16:00" left-to-right inside Arabic text

TYPE_FLAGS = {
    rules_core.STUDENT: "allow_student",
    rules_core.STAFF: "allow_staff",
    rules_core.FACULTY: "allow_faculty",
    rules_core.EXTERNAL: "allow_external",
}
SERVICE_FIELDS = [
    "name",
    "service_name_ar",
    "service_name_en",
    "category",
    "kind",
    "owning_system",
    "is_active",
    "portal_visible",
    "allow_student",
    "allow_staff",
    "allow_faculty",
    "allow_external",
    "calendar",
    "response_target",
    "resolution_target",
    "description_ar",
    "description_en",
]


# --------------------------------------------------------------------------- language


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
    if requested and requested[:2].lower() in LANGUAGES:
        return requested[:2].lower()
    return preferred_language(user) or DEFAULT_LANGUAGE


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


# --------------------------------------------------------------------------- time in words


def duration_words(
    seconds,
    working_day_seconds: float = WORKING_DAY_SECONDS,
    round_the_clock: bool = False,
    language: str | None = None,
) -> dict | None:
    """``{"seconds", "value", "unit", "text"}`` for a business-time target, e.g. 2 working days:
    ``text`` «خلال يومي عمل» / "within 2 working days". Hours are working hours unless the
    calendar runs round the clock (then days are plain days too). None without a target."""
    seconds = cint(seconds)
    if seconds <= 0:
        return None
    value, unit = humanize_seconds(seconds, working_day_seconds)
    if unit == WORKING_DAYS and round_the_clock:
        unit = DAYS
    elif unit == HOURS and not round_the_clock:
        unit = WORKING_HOURS
    language = language or lang()
    text = ("خلال {0}" if language == "ar" else "within {0}").format(count_words(value, unit, language))
    return {"seconds": seconds, "value": value, "unit": unit, "text": text}


# --------------------------------------------------------------------------- calendars


def _seconds(text: str) -> int:
    h, m = text.split(":")[:2]
    return int(h) * 3600 + int(m) * 60


def calendar_info(name: str | None, cache: dict | None = None) -> dict | None:
    """What the portal shows of an office calendar (None when it does not exist):
    the engine calendar, its weekly hours, its usual working day and whether it is 24/7."""
    if not name:
        return None
    if cache is not None and name in cache:
        return cache[name]
    from moeen_helpdesk.calendars import get_calendar

    try:
        cal = get_calendar(name)
    except frappe.DoesNotExistError:
        frappe.clear_last_message()
        info = None
    else:
        spec = cal.to_dict()
        weekly = spec["weekly"]
        per_day = [sum(_seconds(e) - _seconds(s) for s, e in weekly.get(day) or []) for day in WEEKDAYS]
        open_days = [d for d in per_day if d]
        info = {
            "name": name,
            "calendar": cal,
            "timezone": spec["timezone"],
            "weekly": weekly,
            "round_the_clock": all(d == 86400 for d in per_day),
            "working_day_seconds": Counter(open_days).most_common(1)[0][0]
            if open_days
            else WORKING_DAY_SECONDS,
        }
    if cache is not None:
        cache[name] = info
    return info


def default_calendar_name() -> str | None:
    return frappe.db.get_single_value("Moeen Settings", "default_calendar") or None


def hours_summary(info: dict | None) -> str:
    """The weekly hours in words: «من الأحد إلى الخميس 07:30–16:00», "Sunday to Thursday 07:30–16:00",
    «على مدار الساعة» for a 24/7 calendar; empty without a calendar."""
    if not info:
        return ""
    if info["round_the_clock"]:
        return _("Around the clock")
    groups: list[list] = []  # [first day, last day, windows]
    for day in WEEKDAYS:
        windows = tuple(tuple(w) for w in info["weekly"].get(day) or [])
        if (
            windows
            and groups
            and groups[-1][2] == windows
            and WEEKDAYS.index(groups[-1][1]) == WEEKDAYS.index(day) - 1
        ):
            groups[-1][1] = day
        elif windows:
            groups.append([day, day, windows])
    sep = "، " if is_ar() else ", "
    parts = []
    for first, last, windows in groups:
        days = (
            _(first.title()) if first == last else _("{0} to {1}").format(_(first.title()), _(last.title()))
        )
        times = sep.join(f"{s}–{e}" for s, e in windows)
        parts.append(f"{days} {LRI}{times}{PDI}")
    return ("؛ " if is_ar() else "; ").join(parts)


def site_zone() -> ZoneInfo:
    from frappe.utils import get_system_timezone

    return _zone(get_system_timezone())


@lru_cache(maxsize=4)
def _date_names(language: str) -> tuple[dict, dict]:
    """Babel's (CLDR) weekday and month names of a language (Monday=0, January=1)."""
    from babel.dates import get_day_names, get_month_names

    return dict(get_day_names("wide", locale=language)), dict(get_month_names("wide", locale=language))


def format_when(value, zone: str | None = None) -> dict | None:
    """A stored (naive, site time) date-time as ``{"iso", "text"}`` in ``zone`` (the calendar's):
    «الأحد 29 نوفمبر 2026، 11:00» / "Sunday 29 November 2026, 11:00" (CLDR's
    ``EEEE d MMMM y, HH:mm``, with the names looked up once per language: lists stay fast)."""
    if not value:
        return None
    dt = get_datetime(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=site_zone())
    dt = dt.astimezone(_zone(zone or DEFAULT_TIMEZONE))
    language = lang()
    days, months = _date_names(language)
    comma = "،" if language == "ar" else ","
    text = f"{days[dt.weekday()]} {dt.day} {months[dt.month]} {dt.year}{comma} {dt.hour:02d}:{dt.minute:02d}"
    return {"iso": dt.isoformat(), "text": text}


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


# --------------------------------------------------------------------------- contact center


def contact_center() -> dict:
    """The unified contact center: phone, weekly hours (its calendar) and whether it is open now."""
    name = (
        CONTACT_CENTER_CALENDAR
        if frappe.db.exists("Moeen Office Calendar", CONTACT_CENTER_CALENDAR)
        else default_calendar_name()
    )
    info = calendar_info(name)
    out = {
        "name": _("Unified Contact Center"),
        "phone": CONTACT_PHONE,
        "phone_href": f"tel:{CONTACT_PHONE}",
        "calendar": name,
        "hours": hours_summary(info) or _("Sunday to Thursday, 7:30 am to 4:00 pm"),
        "timezone": info["timezone"] if info else DEFAULT_TIMEZONE,
        "open_now": None,
        "status_text": "",
        "next_open": None,
        "portal_hours": _("The Moeen platform is available around the clock"),
    }
    if info:
        now = now_datetime().replace(tzinfo=site_zone())
        cal = info["calendar"]
        out["open_now"] = bool(cal.is_open(now))
        out["status_text"] = _("Open now") if out["open_now"] else _("Closed now")
        if not out["open_now"]:
            try:
                out["next_open"] = format_when(cal.next_open(now), info["timezone"])
            except Exception:  # a calendar without any open time ahead
                out["next_open"] = None
    return out


# --------------------------------------------------------------------------- catalog

_AR_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # tashkeel, dagger alef, tatweel
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def normalize(text: str | None) -> str:
    """Text for search: lower case, Arabic without diacritics and with folded letter variants."""
    text = _AR_MARKS.sub("", (text or "").lower()).translate(_AR_FOLD)
    return " ".join(text.split())


def access_of(row) -> rules_core.ServiceAccess:
    return rules_core.ServiceAccess.from_flags(
        row.name,
        pick(row.service_name_ar, row.service_name_en) or row.name,
        is_active=row.is_active,
        portal_visible=row.portal_visible,
        allow_student=row.allow_student,
        allow_staff=row.allow_staff,
        allow_faculty=row.allow_faculty,
        allow_external=row.allow_external,
    )


def services_with_fields(names: list[str]) -> set[str]:
    if not names:
        return set()
    return set(
        frappe.get_all(
            FIELD, filters={"parenttype": SERVICE, "parent": ["in", names]}, pluck="parent", distinct=True
        )
    )


def request_url(service: str) -> str:
    return f"{BASE}/request?{urlencode({'service': service})}"


def service_entry(row, categories: dict, calendars: dict, has_fields: bool = False) -> dict:
    cal = calendar_info(row.calendar or default_calendar_name(), calendars)
    wd = cal["working_day_seconds"] if cal else WORKING_DAY_SECONDS
    r24 = bool(cal and cal["round_the_clock"])
    description = pick(row.description_ar, row.description_en)
    category = categories.get(row.category) or {}
    return {
        "code": row.name,
        "name": pick(row.service_name_ar, row.service_name_en),
        "name_ar": row.service_name_ar,
        "name_en": row.service_name_en,
        "category": row.category,
        "category_name": category.get("name") or row.category,
        "kind": row.kind,
        "kind_label": _(row.kind) if row.kind else "",
        "owning_system": row.owning_system or "",
        "summary": _summary(description),
        "response": duration_words(row.response_target, wd, r24),
        "resolution": duration_words(row.resolution_target, wd, r24),
        "resolution_label": _("Time to resolve") if row.kind == "Incident" else _("Time to fulfil"),
        "hours": hours_summary(cal),
        "calendar": cal["name"] if cal else None,
        "has_fields": has_fields,
        "url": request_url(row.name),
    }


def _summary(description: str | None, length: int = 220) -> str:
    text = " ".join(strip_html(description or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def sanitize(content: str | None) -> str:
    from frappe.utils.html_utils import sanitize_html

    return sanitize_html(content or "", always_sanitize=True) if content else ""


def category_map() -> dict:
    rows = frappe.get_all(
        CATEGORY,
        fields=[
            "name",
            "category_name_ar",
            "category_name_en",
            "description_ar",
            "description_en",
            "icon",
            "sort_order",
            "is_active",
        ],
        order_by="sort_order asc, name asc",
    )
    return {
        r.name: {
            "code": r.name,
            "name": pick(r.category_name_ar, r.category_name_en),
            "description": pick(r.description_ar, r.description_en),
            "icon": r.icon or "",
            "sort_order": cint(r.sort_order),
            "is_active": cint(r.is_active),
        }
        for r in rows
    }


def eligible_rows(beneficiary_type: str) -> list:
    """The services a beneficiary of this type may request on the portal (core rules decide)."""
    flag = TYPE_FLAGS.get(beneficiary_type)
    if not flag:
        return []
    rows = frappe.get_all(
        SERVICE,
        filters={"is_active": 1, "portal_visible": 1, flag: 1},
        fields=SERVICE_FIELDS,
        order_by="service_code asc",
    )
    allowed = {s.name for s in rules_core.eligible([access_of(r) for r in rows], beneficiary_type)}
    return [r for r in rows if r.name in allowed]


def catalog(user: str, search: str | None = None, category: str | None = None) -> dict:
    beneficiary_type = type_of(user)
    categories = category_map()
    rows = [
        r for r in eligible_rows(beneficiary_type) if (categories.get(r.category) or {}).get("is_active", 1)
    ]
    counts = Counter(r.category for r in rows)
    if category:
        rows = [r for r in rows if r.category == category]
    terms = normalize(search).split() if search else []
    if terms:

        def haystack(r):
            cat = categories.get(r.category) or {}
            return normalize(
                " ".join(
                    str(x or "")
                    for x in (
                        r.name,
                        r.service_name_ar,
                        r.service_name_en,
                        r.owning_system,
                        cat.get("name"),
                        strip_html(r.description_ar or ""),
                        strip_html(r.description_en or ""),
                    )
                )
            )

        rows = [r for r in rows if all(t in haystack(r) for t in terms)]
    with_fields = services_with_fields([r.name for r in rows])
    calendars: dict = {}
    services = [service_entry(r, categories, calendars, r.name in with_fields) for r in rows]
    services.sort(
        key=lambda s: (
            (categories.get(s["category"]) or {}).get("sort_order", 0),
            s["category"],
            normalize(s["name"]),
        )
    )
    return {
        "beneficiary_type": beneficiary_type,
        "beneficiary_type_label": _(beneficiary_type),
        "search": search or "",
        "category": category or "",
        "categories": [dict(c, count=counts[code]) for code, c in categories.items() if counts.get(code)],
        "services": services,
    }


def load_service(service: str):
    row = frappe.db.get_value(SERVICE, service, SERVICE_FIELDS, as_dict=True) if service else None
    if not row:
        frappe.throw(_("Service {0} not found").format(service or ""), frappe.DoesNotExistError)
    return row


def check_can_request(user: str, row) -> str:
    """Refuse (translated, 403) a service the user may not request here; return the user's type."""
    beneficiary_type = type_of(user)
    problem = rules_core.eligibility_problem(
        access_of(row), beneficiary_type, by_beneficiary=not is_agent(user)
    )
    if problem:
        throw_core(problem)
    return beneficiary_type


def service_detail(user: str, service: str) -> dict:
    row = load_service(service)
    check_can_request(user, row)
    categories = category_map()
    fields = service_fields(row.name)
    entry = service_entry(row, categories, {}, bool(fields))
    entry["description_html"] = sanitize(pick(row.description_ar, row.description_en))
    entry["fields"] = fields
    return entry


# --------------------------------------------------------------------------- extra fields


def _options(text: str | None) -> list[dict]:
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        en, _sep, ar = line.partition("|")
        value = en.strip()
        out.append(
            {
                "value": value,
                "label": pick(ar.strip() or value, value),
                "label_ar": ar.strip() or value,
                "label_en": value,
            }
        )
    return out


def service_fields(service: str) -> list[dict]:
    rows = frappe.get_all(
        FIELD,
        filters={"parenttype": SERVICE, "parent": service},
        fields=["name", "label_ar", "label_en", "fieldtype", "options", "required", "idx"],
        order_by="idx asc",
    )
    return [
        {
            "key": r.name,
            "label": pick(r.label_ar, r.label_en),
            "label_ar": r.label_ar,
            "label_en": r.label_en,
            "fieldtype": r.fieldtype or "Data",
            "required": bool(r.required),
            "options": _options(r.options) if r.fieldtype == "Select" else [],
        }
        for r in rows
    ]


def clean_field_values(service: str, values) -> list[dict]:
    """Check the extra fields' values against the service's definitions (keys are the fields'
    ``key``s). Returns ``[{"label_ar", "label_en", "value"}]`` in the fields' order."""
    if values in (None, "", {}):
        values = {}
    if isinstance(values, str):
        try:
            values = frappe.parse_json(values)
        except Exception:
            values = None
    if not isinstance(values, dict):
        frappe.throw(_("The service's fields are not valid"), frappe.ValidationError)
    fields = service_fields(service)
    known = {f["key"] for f in fields}
    unknown = [k for k in values if k not in known]
    if unknown:
        frappe.throw(_("Unknown field {0}").format(", ".join(map(str, unknown))), frappe.ValidationError)
    out = []
    for f in fields:
        raw = values.get(f["key"])
        value = "" if raw is None else str(raw).strip()
        label = f["label"]
        if not value:
            if f["required"]:
                frappe.throw(_("{0} is required").format(label), frappe.MandatoryError)
            continue
        kind = f["fieldtype"]
        if kind == "Select":
            match = next((o for o in f["options"] if o["value"] == value), None)
            if match is None:
                frappe.throw(_("{0}: choose one of the options").format(label), frappe.ValidationError)
            shown = (
                match["label_ar"]
                if match["label_ar"] == match["label_en"]
                else f"{match['label_ar']} / {match['label_en']}"
            )
        elif kind == "Date":
            try:
                shown = getdate(value).isoformat()
            except Exception:
                frappe.throw(_("{0}: enter a valid date").format(label), frappe.ValidationError)
        else:
            limit = MAX_SMALL_TEXT if kind == "Small Text" else MAX_DATA
            if len(value) > limit:
                frappe.throw(
                    _("{0} is too long (at most {1} characters)").format(label, limit), frappe.ValidationError
                )
            shown = value
        out.append({"label_ar": f["label_ar"], "label_en": f["label_en"], "value": shown})
    return out


def fields_block(rows: list[dict]) -> str:
    """The extra fields as a labelled block for the ticket's description (agents read both languages)."""
    if not rows:
        return ""
    items = "".join(
        "<li><strong>{}</strong>: {}</li>".format(
            html.escape(
                r["label_ar"] if r["label_ar"] == r["label_en"] else f"{r['label_ar']} / {r['label_en']}"
            ),
            html.escape(r["value"]).replace("\n", "<br>"),
        )
        for r in rows
    )
    return f'<div class="moeen-fields"><p><strong>{html.escape(_("Service details"))}</strong></p><ul>{items}</ul></div>'


def text_to_html(text: str) -> str:
    """Plain text from a form as safe HTML paragraphs."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if p.strip()]
    return "".join(f"<p>{html.escape(p.strip()).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def clean_text(value: str | None, label: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        frappe.throw(_("{0} is required").format(label), frappe.MandatoryError)
    if len(value) > limit:
        frappe.throw(
            _("{0} is too long (at most {1} characters)").format(label, limit), frappe.ValidationError
        )
    return value


# --------------------------------------------------------------------------- attachments

_MAGIC = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}


def extension_of(filename: str | None) -> str:
    name = (filename or "").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_attachment(filename: str | None, size: int | None, content: bytes | str | None = None) -> None:
    """Refuse (translated) a file that is too large, of a type not allowed, or whose content is
    not what its extension says."""
    ext = extension_of(filename)
    allowed = ", ".join(e.upper() for e in ALLOWED_EXTENSIONS if e != "jpeg")
    if ext not in ALLOWED_EXTENSIONS:
        frappe.throw(
            _("{0}: this type of file cannot be attached. Allowed types: {1}").format(
                filename or "?", allowed
            ),
            frappe.ValidationError,
            title=_("Attachment refused"),
        )
    if size and cint(size) > MAX_ATTACHMENT_BYTES:
        frappe.throw(
            _("{0} is larger than {1} MB").format(filename, MAX_ATTACHMENT_MB),
            frappe.ValidationError,
            title=_("Attachment refused"),
        )
    if content:
        head = content[:16] if isinstance(content, bytes) else content[:16].encode("utf-8", "ignore")
        magic = _MAGIC.get(ext)
        bad = (magic and not head.startswith(magic)) or (
            ext == "txt" and isinstance(content, bytes) and b"\x00" in content[:4096]
        )
        if bad:
            frappe.throw(
                _("{0}: the file's content does not match its type").format(filename),
                frappe.ValidationError,
                title=_("Attachment refused"),
            )


def validate_attachment(doc, method=None):
    """File ``before_insert``: the portal's limits for files a beneficiary attaches to a ticket
    (or uploads unattached, as Helpdesk's portal does). Agents and system jobs are not limited."""
    if doc.get("is_folder") or frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_patch:
        return
    if doc.get("attached_to_doctype") not in LIMITED_DOCTYPES:
        return
    user = frappe.session.user
    if user == "Administrator" or (user != "Guest" and is_agent(user)):
        return
    check_attachment(doc.file_name or doc.file_url, doc.file_size, getattr(doc, "_content", None))


def attachments_of(doctype: str, names: list[str]) -> dict[str, list[dict]]:
    if not names:
        return {}
    out: dict[str, list[dict]] = {}
    for f in frappe.get_all(
        "File",
        filters={"attached_to_doctype": doctype, "attached_to_name": ["in", names]},
        fields=["name", "file_name", "file_url", "file_size", "attached_to_name", "creation"],
        order_by="creation asc",
    ):
        out.setdefault(f.attached_to_name, []).append(
            {
                "name": f.name,
                "file_name": f.file_name,
                "url": f.file_url,
                "size": cint(f.file_size),
                "size_text": size_text(f.file_size),
            }
        )
    return out


def size_text(size) -> str:
    size = cint(size)
    if size >= 1024 * 1024:
        return _("{0} MB").format(f"{size / 1048576:.1f}")
    return _("{0} KB").format(max(1, round(size / 1024)))


# --------------------------------------------------------------------------- tickets


def status_map() -> dict:
    return {
        r.name: r for r in frappe.get_all("HD Ticket Status", fields=["name", "category", "label_customer"])
    }


def status_info(status: str | None, statuses: dict) -> dict:
    row = statuses.get(status) or frappe._dict()
    category = row.get("category") or ("Resolved" if status in ("Resolved", "Closed") else "Open")
    if category == "Paused":
        label = _(row.get("label_customer") or "Awaiting Response")
    elif status == "Closed":
        label = _("Closed", context=STATUS_CONTEXT)
    elif status == "Open":
        label = _("Open", context=STATUS_CONTEXT)
    else:
        label = _(row.get("label_customer") or status or "")
    return {
        "status": status,
        "status_category": category,
        "status_label": label,
        "waiting_for_you": category == "Paused",
        "is_closed": status == "Closed",
        "can_reply": status != "Closed",
        "can_close": status != "Closed",
        "can_reopen": category == "Resolved" and status != "Closed",
    }


def set_status(doc, status: str):
    """The new status with its category: Helpdesk 1.25.1 keeps ``status_category`` stale until
    after validation, and would then ask a reopening beneficiary for feedback as if still resolved."""
    doc.status = status
    doc.status_category = status_info(status, status_map())["status_category"]


def due_info(t, info: dict, zone: str) -> dict | None:
    """What the beneficiary should expect next, from the ticket's clocks."""
    if info["status_category"] == "Resolved":
        when = format_when(t.resolution_date, zone)
        return {"label": _("Resolved on"), "when": when} if when else None
    if info["waiting_for_you"]:
        return {
            "label": _("Waiting for your reply"),
            "text": _("The time on your ticket is paused until you reply."),
            "when": None,
        }
    if not t.first_responded_on and t.response_by:
        return {"label": _("Response expected by"), "when": format_when(t.response_by, zone)}
    if t.resolution_by:
        label = (
            _("Expected to be resolved by")
            if t.moeen_kind == "Incident"
            else _("Expected to be fulfilled by")
        )
        return {"label": label, "when": format_when(t.resolution_by, zone)}
    return None


TICKET_FIELDS = [
    "name",
    "subject",
    "status",
    "status_category",
    "moeen_service",
    "moeen_kind",
    "moeen_sla_calendar",
    "creation",
    "modified",
    "opening_date",
    "response_by",
    "resolution_by",
    "first_responded_on",
    "resolution_date",
    "raised_by",
    "owner",
    "contact",
]


def ticket_url(name) -> str:
    return f"{BASE}/ticket?{urlencode({'name': name})}"


class TicketContext:
    """Look-ups shared by the tickets of one answer: statuses, service names, calendar zones."""

    def __init__(self):
        self.statuses = status_map()
        self.services: dict = {}
        self.zones: dict = {}

    def load_services(self, names):
        names = [n for n in set(names) if n and n not in self.services]
        if names:
            for r in frappe.get_all(
                SERVICE,
                filters={"name": ["in", names]},
                fields=["name", "service_name_ar", "service_name_en", "calendar"],
            ):
                self.services[r.name] = r

    def zone(self, calendar: str | None) -> str:
        name = calendar or default_calendar_name()
        if name not in self.zones:
            self.zones[name] = (
                frappe.db.get_value("Moeen Office Calendar", name, "timezone") if name else None
            ) or DEFAULT_TIMEZONE
        return self.zones[name]


def ticket_summary(t, ctx: TicketContext) -> dict:
    svc = ctx.services.get(t.moeen_service)
    zone = ctx.zone(t.moeen_sla_calendar or (svc.calendar if svc else None))
    info = status_info(t.status, ctx.statuses)
    return {
        "name": t.name,
        "subject": t.subject or "",
        **info,
        "service": t.moeen_service,
        "service_name": pick(svc.service_name_ar, svc.service_name_en) if svc else "",
        "kind": t.moeen_kind,
        "kind_label": _(t.moeen_kind) if t.moeen_kind else "",
        "created": format_when(t.creation, zone),
        "updated": format_when(t.modified, zone),
        "response_by": format_when(t.response_by, zone),
        "resolution_by": format_when(t.resolution_by, zone),
        "first_responded_on": format_when(t.first_responded_on, zone),
        "due": due_info(t, info, zone),
        "timezone": zone,
        "url": ticket_url(t.name),
    }


STATUS_FILTERS = {
    "open": ("Open", "Paused"),
    "waiting": ("Paused",),
    "resolved": ("Resolved",),
}


def my_tickets(user: str, status: str | None = None, limit: int = MAX_TICKETS) -> list[dict]:
    """The user's own tickets (raised by, created by or with the user as contact), newest first."""
    ticket = frappe.qb.DocType(TICKET)
    query = (
        frappe.qb.from_(ticket)
        .select(*[ticket[f] for f in TICKET_FIELDS])
        .where((ticket.raised_by == user) | (ticket.owner == user) | (ticket.contact == user))
        .orderby(ticket.modified, order=Order.desc)
        .limit(max(1, min(cint(limit) or MAX_TICKETS, 1000)))
    )
    ctx = TicketContext()
    if status:
        key = status.strip()
        categories = STATUS_FILTERS.get(key.lower())
        if categories:
            names = [s for s, r in ctx.statuses.items() if r.category in categories]
            if not names:
                return []
            query = query.where(ticket.status.isin(names))
        else:
            query = query.where(ticket.status == key)
    rows = query.run(as_dict=True)
    ctx.load_services(r.moeen_service for r in rows)
    return [ticket_summary(r, ctx) for r in rows]


def get_ticket_for(user: str, name, ptype: str = "read"):
    """The ticket document, or a PermissionError / DoesNotExistError (translated)."""
    name = str(name or "").strip().lstrip("#")
    if not name or not frappe.db.exists(TICKET, name):
        frappe.throw(_("Ticket {0} not found").format(name), frappe.DoesNotExistError)
    doc = frappe.get_doc(TICKET, name)
    if not frappe.has_permission(TICKET, ptype, doc=doc, user=user):
        frappe.throw(_("You cannot see this ticket"), frappe.PermissionError)
    return doc


def ticket_detail(user: str, doc) -> dict:
    ctx = TicketContext()
    ctx.load_services([doc.moeen_service])
    out = ticket_summary(doc, ctx)
    comms = frappe.get_all(
        "Communication",
        filters={
            "reference_doctype": TICKET,
            "reference_name": doc.name,
            "communication_type": "Communication",
        },
        fields=["name", "content", "sender", "sent_or_received", "user", "creation", "communication_date"],
        order_by="creation asc",
    )
    files = attachments_of("Communication", [c.name for c in comms])
    names: dict[str, str] = {}
    me = (frappe.db.get_value("User", user, "email") or user).lower()
    messages = []
    for c in comms:
        author = (c.user if c.sent_or_received == "Sent" and c.user else c.sender) or ""
        mine = c.sent_or_received == "Received" and (author.lower() in (user.lower(), me))
        if author not in names:
            names[author] = frappe.utils.get_fullname(author) if frappe.db.exists("User", author) else author
        messages.append(
            {
                "name": c.name,
                "mine": mine,
                "from_support": c.sent_or_received == "Sent",
                "author": _("You") if mine else (names[author] or _("Moeen support")),
                "role": _("Moeen support") if c.sent_or_received == "Sent" else "",
                "when": format_when(c.communication_date or c.creation, out["timezone"]),
                "content": sanitize(c.content),
                "attachments": files.get(c.name, []),
            }
        )
    out.update(
        messages=messages,
        attachments=attachments_of(TICKET, [doc.name]).get(doc.name, []),
        upload={"max_mb": MAX_ATTACHMENT_MB, "extensions": list(ALLOWED_EXTENSIONS)},
    )
    out["resolution"] = resolution_info(doc, out)
    if out["resolution"]:
        out["can_reopen"] = out["resolution"]["can_reopen"]
    return out


# --------------------------------------------------------------------------- resolution


def reopen_window_days() -> int | None:
    """How many days after the resolution the beneficiary may reopen a ticket (None: no limit)."""
    return cint(frappe.db.get_single_value("Moeen Settings", "reopen_window_days")) or None


def within_reopen_window(doc) -> bool:
    from moeen_helpdesk.core.tiers import within_reopen_window as within

    resolved = get_datetime(doc.resolution_date) if doc.get("resolution_date") else None
    return within(resolved, now_datetime(), reopen_window_days())


def resolution_info(doc, summary: dict) -> dict | None:
    """What a resolved ticket tells its beneficiary instead of the pending due time: what was
    done (the resolution note), when, by which unit; until when it may be reopened (its pending
    survey is :func:`ticket_survey`, offered on the page beside). None while not resolved."""
    if summary["status_category"] != "Resolved":
        return None
    from moeen_helpdesk.core.tiers import resolution

    log = frappe.get_all(
        "Moeen Tier Transition",
        filters={"ticket": doc.name},
        fields=["action", "to_state", "at", "team_before", "team_after", "reason"],
        order_by="at asc, creation asc",
    )
    res = resolution(log)
    zone = summary["timezone"]
    window = reopen_window_days()
    resolved_on = doc.resolution_date or (res.at if res else None)
    until = get_datetime(resolved_on) + timedelta(days=window) if window and resolved_on else None
    return {
        "when": format_when(resolved_on, zone),
        "unit": (res.unit if res else None) or doc.agent_group or "",
        "note": text_to_html(res.note) if res and res.note else "",
        "can_reopen": bool(summary["can_reopen"]) and within_reopen_window(doc),
        "reopen_until": format_when(until, zone),
    }


# --------------------------------------------------------------------------- surveys


def pending_surveys() -> list[dict]:
    """The logged-in beneficiary's pending surveys, when the surveys module is there."""
    try:
        pending = frappe.get_attr("moeen_helpdesk.api.surveys.pending")
    except (ImportError, AttributeError):
        return []
    try:
        return list(pending() or [])
    except Exception:
        frappe.clear_last_message()
        frappe.log_error(title="Moeen portal: pending surveys")
        return []


def ticket_survey(name: str) -> dict | None:
    """The pending survey of one of the user's tickets (offered on the ticket's page), or None."""
    return next(
        (
            s
            for s in pending_surveys()
            if s.get("reference_doctype") == TICKET and s.get("reference_name") == name
        ),
        None,
    )


# --------------------------------------------------------------------------- pages

JS_FILE = Path(__file__).parent / "templates" / "moeen" / "portal.js"
_JS_CALL = re.compile(r"""__\(\s*"((?:\\.|[^"\\])*)"\s*[,)]""")


@lru_cache(maxsize=1)
def js_strings() -> tuple[str, ...]:
    """The ``__("…")`` strings of the portal's script (translated into the page for it)."""
    text = JS_FILE.read_text(encoding="utf-8") if JS_FILE.exists() else ""
    return tuple(sorted({m.group(1).replace('\\"', '"') for m in _JS_CALL.finditer(text)}))


def js_messages(language: str) -> dict:
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
