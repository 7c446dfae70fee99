"""What the surveys ship (for after_install / after_migrate) and remove (before_uninstall):
the general template of each trigger, the editable Email Template and the settings' defaults."""

from __future__ import annotations

import frappe

from moeen_helpdesk.core import surveys as core
from moeen_helpdesk.surveys.settings import (
    CALL_COMPLETED,
    EMAIL_TEMPLATE,
    SECRET_KEY,
    SETTINGS,
    TEMPLATE,
    TICKET_RESOLVED,
    signing_secret,
)

DEFAULT_TEMPLATE_TITLES = {
    TICKET_RESOLVED: ("Ticket Resolved", "استبيان رضا المستفيد عن الخدمة", "Service satisfaction survey"),
    CALL_COMPLETED: ("Call Completed", "استبيان رضا المتصل عن المكالمة", "Call satisfaction survey"),
}


EMAIL_SUBJECT = (
    "{% if is_reminder %}تذكير: {% endif %}شاركنا رأيك في خدمات معين"
    " | {% if is_reminder %}Reminder: {% endif %}Tell us how Moeen did"
)

EMAIL_BODY = """<div dir="rtl" lang="ar" style="text-align: right;">
<p>{% if beneficiary_name %}مرحبًا {{ beneficiary_name | e }}،{% else %}مرحبًا،{% endif %}</p>
<p>{% if trigger == "Call Completed" %}شكرًا لتواصلك مع مركز الاتصال الموحد.{% else %}أُنجز طلبك رقم {{ reference_name | e }}.{% endif %}
{% if is_reminder %}لم يصلنا ردك بعد، و{% endif %}يسعدنا أن تخبرنا برأيك في استبيان قصير لا يستغرق أكثر من دقيقة.</p>
<p><a href="{{ survey_url }}">المشاركة في الاستبيان</a></p>
<p>الرابط صالح حتى {{ expires_on }}.</p>
</div>
<hr>
<div dir="ltr" lang="en" style="text-align: left;">
<p>{% if beneficiary_name %}Dear {{ beneficiary_name | e }},{% else %}Hello,{% endif %}</p>
<p>{% if trigger == "Call Completed" %}Thank you for calling the unified contact center.{% else %}Your request #{{ reference_name | e }} has been completed.{% endif %}
{% if is_reminder %}We have not heard from you yet: {% endif %}please tell us how we did in a short survey (about a minute).</p>
<p><a href="{{ survey_url_en }}">Take the survey</a></p>
<p>The link is valid until {{ expires_on }}.</p>
</div>
"""


def ship_default_templates() -> list[str]:
    """Create what the surveys need when missing, never touching what exists
    (idempotent; for after_install / after_migrate): the general template of each
    trigger (from the core's ``DEFAULT_TEMPLATES``), the Email Template "Moeen
    Satisfaction Survey", the settings' defaults and the signing secret.
    Returns the names of the records created."""
    created = []
    for trigger, rows in core.DEFAULT_TEMPLATES.items():
        if frappe.db.exists(TEMPLATE, {"trigger": trigger, "service": ["is", "not set"]}):
            continue
        name, title_ar, title_en = DEFAULT_TEMPLATE_TITLES[trigger]
        if frappe.db.exists(TEMPLATE, name):
            continue
        frappe.get_doc(
            {
                "doctype": TEMPLATE,
                "template_name": name,
                "trigger": trigger,
                "is_active": 1,
                "title_ar": title_ar,
                "title_en": title_en,
                "questions": question_records(rows),
            }
        ).insert(ignore_permissions=True)
        created.append(name)

    if not frappe.db.exists("Email Template", EMAIL_TEMPLATE):
        frappe.get_doc(
            {
                "doctype": "Email Template",
                "name": EMAIL_TEMPLATE,
                "subject": EMAIL_SUBJECT,
                "use_html": 1,
                "response_html": EMAIL_BODY,
            }
        ).insert(ignore_permissions=True)
        created.append(EMAIL_TEMPLATE)

    if not frappe.db.get_singles_dict(SETTINGS):
        doc = frappe.get_doc(SETTINGS)  # a never-saved single carries its defaults
        doc.flags.ignore_permissions = True
        doc.save()
        created.append(SETTINGS)

    signing_secret(create=True)
    return created


def question_records(rows) -> list[dict]:
    """The "Moeen Survey Question" rows of a template from the core's question definitions."""
    ordered = sorted(enumerate(rows), key=lambda ir: (ir[1].get("order", 0), ir[0]))
    return [
        {
            "key": row["key"],
            "question_type": row["type"],
            "label_ar": row["label_ar"],
            "label_en": row["label_en"],
            "required": 1 if row.get("required") else 0,
            "is_overall": 1 if row.get("is_overall") else 0,
            "options": "\n".join(row.get("options") or ()),
        }
        for _i, row in ordered
    ]


def remove_shipped_records():
    """For before_uninstall: what Frappe does not remove with the module."""
    if frappe.db.exists("Email Template", EMAIL_TEMPLATE):
        frappe.delete_doc("Email Template", EMAIL_TEMPLATE, ignore_permissions=True, force=True)
    frappe.db.delete("__Auth", {"doctype": SETTINGS, "name": SETTINGS, "fieldname": SECRET_KEY})
