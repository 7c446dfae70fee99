"""The catalog a beneficiary may request on the portal: eligibility from
:mod:`moeen_helpdesk.core.beneficiaries`, each service's times in words («خلال يومي عمل»,
"within 2 working days") and the weekly hours of its calendar; search folds Arabic letter
variants (:func:`moeen_helpdesk.core.language.normalize`)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import cint, strip_html
from frappe.utils.html_utils import sanitize_html

from moeen_helpdesk import delivery
from moeen_helpdesk.beneficiaries import type_of
from moeen_helpdesk.core import beneficiaries as rules_core
from moeen_helpdesk.core.language import normalize
from moeen_helpdesk.core.review import WORKING_DAY_SECONDS, duration_words
from moeen_helpdesk.portal.fields import FIELD, SERVICE, service_fields
from moeen_helpdesk.portal.language import lang, pick
from moeen_helpdesk.portal.times import calendar_info, hours_summary
from moeen_helpdesk.sla.business_time import default_calendar_name
from moeen_helpdesk.utils import is_agent, service_doc, throw_core

BASE = "/moeen"
CATEGORY = "Moeen Service Category"

TYPE_FLAGS = {
    rules_core.STUDENT: "allow_student",
    rules_core.STAFF: "allow_staff",
    rules_core.FACULTY: "allow_faculty",
    rules_core.EXTERNAL: "allow_external",
}
SERVICE_FIELDS = [
    *rules_core.ACCESS_FIELDS,
    "service_name_ar",
    "service_name_en",
    "category",
    "kind",
    "owning_system",
    "calendar",
    "response_target",
    "resolution_target",
    "description_ar",
    "description_en",
]


def access_of(row) -> rules_core.ServiceAccess:
    return rules_core.ServiceAccess.from_row(row, pick(row.service_name_ar, row.service_name_en) or row.name)


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


def service_entry(
    row, categories: dict, calendars: dict, has_fields: bool = False, measured: dict | None = None
) -> dict:
    """A service as the portal shows it; ``measured``: its row of the delivery table (the
    measured time in words beside the target, and the notice when its unit is loaded)."""
    cal = calendar_info(row.calendar or default_calendar_name(), calendars)
    wd = cal["working_day_seconds"] if cal else WORKING_DAY_SECONDS
    r24 = bool(cal and cal["round_the_clock"])
    language = lang()
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
        "response": duration_words(row.response_target, wd, r24, language),
        "resolution": duration_words(row.resolution_target, wd, r24, language),
        "resolution_label": _("Time to resolve") if row.kind == "Incident" else _("Time to fulfil"),
        "measured": delivery.words(measured, language),
        "hours": hours_summary(cal),
        "calendar": cal["name"] if cal else None,
        "has_fields": has_fields,
        "url": request_url(row.name),
    }


def _summary(description: str | None, length: int = 220) -> str:
    text = " ".join(strip_html(description or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def sanitize(content: str | None) -> str:
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
    measured = delivery.for_services([r.name for r in rows])
    services = [
        service_entry(r, categories, calendars, r.name in with_fields, measured.get(r.name)) for r in rows
    ]
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
    """The service's :data:`SERVICE_FIELDS` (from the document cache); 404 when there is none."""
    doc = service_doc(service)
    if doc is None:
        frappe.throw(_("Service {0} not found").format(service or ""), frappe.DoesNotExistError)
    return frappe._dict({"name": doc.name, **{f: doc.get(f) for f in SERVICE_FIELDS}})


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
    entry = service_entry(row, categories, {}, bool(fields), delivery.for_services([row.name]).get(row.name))
    entry["description_html"] = sanitize(pick(row.description_ar, row.description_en))
    entry["fields"] = fields
    return entry
