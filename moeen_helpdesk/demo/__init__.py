"""Demo data: a realistic catalog and beneficiaries of every type (``bench --site S moeen-demo``).

Idempotent: records are keyed by code, team name or email, so a second run creates
nothing and leaves any edits to existing records alone.
"""

import frappe
from faker import Faker

from moeen_helpdesk.beneficiaries import ensure_profile, ensure_role
from moeen_helpdesk.demo.catalog import AGENT_ONLY, CATEGORIES, INACTIVE, SERVICES, UNITS, H

DEMO_DOMAIN = "moeen-demo.edu.sa"
TYPE_RULES = [
    {"beneficiary_type": "Student", "email_domain": f"student.{DEMO_DOMAIN}"},
    {"beneficiary_type": "Faculty", "email_domain": f"faculty.{DEMO_DOMAIN}"},
    {"beneficiary_type": "Staff", "email_domain": DEMO_DOMAIN},
]
# beneficiary type → (how many, email prefix, email domain)
PEOPLE = {
    "Student": (12, "student", f"student.{DEMO_DOMAIN}"),
    "Staff": (6, "staff", DEMO_DOMAIN),
    "Faculty": (6, "faculty", f"faculty.{DEMO_DOMAIN}"),
    "External": (6, "visitor", "example.com"),
}
COLLEGES = [
    ("كلية علوم الحاسب والمعلومات", "College of Computer and Information Sciences"),
    ("كلية الهندسة", "College of Engineering"),
    ("كلية الطب", "College of Medicine"),
    ("كلية إدارة الأعمال", "College of Business Administration"),
    ("كلية العلوم", "College of Science"),
]


def load(with_beneficiaries: bool = True) -> dict[str, tuple[int, int]]:
    summary = {
        "categories": _categories(),
        "tier-2 units": _units(),
        "services": _services(),
    }
    if with_beneficiaries:
        summary["type rules"] = _type_rules()
        summary["beneficiaries"] = _beneficiaries()
    return summary


def _insert_missing(doctype: str, key: str, rows: list[dict]) -> tuple[int, int]:
    created = 0
    for row in rows:
        if frappe.db.exists(doctype, row[key]):
            continue
        frappe.get_doc({"doctype": doctype, **row}).insert(ignore_permissions=True)
        created += 1
    return created, len(rows)


def _categories():
    return _insert_missing(
        "Moeen Service Category",
        "category_code",
        [
            {"category_code": code, "category_name_ar": ar, "category_name_en": en, "sort_order": i}
            for i, (code, ar, en) in enumerate(CATEGORIES, start=1)
        ],
    )


def _units():
    return _insert_missing("HD Team", "team_name", [{"team_name": unit} for unit in UNITS])


def _services():
    rows = []
    for code, category, kind, unit, types, resp, resol, ar, en, system in SERVICES:
        rows.append(
            {
                "service_code": code,
                "category": category,
                "kind": kind,
                "tier2_team": UNITS[unit],
                "service_name_ar": ar,
                "service_name_en": en,
                "owning_system": system,
                "allow_student": int("Student" in types),
                "allow_staff": int("Staff" in types),
                "allow_faculty": int("Faculty" in types),
                "allow_external": int("External" in types),
                "response_target": resp * H,
                "resolution_target": resol * H,
                "is_active": int(code not in INACTIVE),
                "portal_visible": int(code not in AGENT_ONLY),
                "description_ar": f"<p>{ar}.</p>",
                "description_en": f"<p>{en}.</p>",
            }
        )
    return _insert_missing("Moeen Service", "service_code", rows)


def _type_rules():
    settings = frappe.get_doc("Moeen Settings")
    have = {(r.beneficiary_type, r.email_domain) for r in settings.type_rules}
    missing = [r for r in TYPE_RULES if (r["beneficiary_type"], r["email_domain"]) not in have]
    for rule in missing:
        settings.append("type_rules", rule)
    if missing:
        settings.save(ignore_permissions=True)
    return len(missing), len(TYPE_RULES)


def _beneficiaries():
    fakers = {"ar": Faker("ar_SA"), "en": Faker("en_US")}
    for i, fake in enumerate(fakers.values()):
        fake.seed_instance(2026 + i)
    created = total = 0
    for btype, (count, prefix, domain) in PEOPLE.items():
        for n in range(1, count + 1):
            total += 1
            email = f"{prefix}{n:02d}@{domain}"
            lang = "ar" if n % 3 else "en"
            fake = fakers[lang]
            first, last = fake.first_name(), fake.last_name()  # drawn even when skipped: stable names
            new_user = not frappe.db.exists("User", email)
            if new_user:
                frappe.get_doc(
                    {
                        "doctype": "User",
                        "email": email,
                        "first_name": first,
                        "last_name": last,
                        "user_type": "Website User",
                        "send_welcome_email": 0,
                        "language": lang,
                    }
                ).insert(ignore_permissions=True)
            new_profile = not frappe.db.exists("Moeen Beneficiary", email)
            if new_profile:  # a user kept from an earlier install of the app
                if not ensure_profile(email):
                    continue
                ensure_role(email)
            if not (new_user or new_profile):
                continue
            profile = frappe.get_doc("Moeen Beneficiary", email)
            college_ar, college_en = COLLEGES[n % len(COLLEGES)]
            profile.update(
                {
                    "preferred_language": lang,
                    "university_id": _university_id(btype, n),
                    "college": (college_ar if lang == "ar" else college_en) if btype != "External" else None,
                }
            )
            if profile.beneficiary_type != btype:  # external visitors: no rule, the default applies
                profile.beneficiary_type = btype
            profile.save(ignore_permissions=True)
            created += 1
    return created, total


def _university_id(btype: str, n: int) -> str | None:
    return {"Student": f"44{n:07d}", "Staff": f"S{n:05d}", "Faculty": f"F{n:05d}"}.get(btype)
