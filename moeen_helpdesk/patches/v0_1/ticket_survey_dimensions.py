"""The shipped "Ticket Resolved" survey: one overall rating plus distinct dimensions.

Up to this patch the general ticket template asked two near-identical required questions
(«كيف تقيّم جودة الخدمة…» and «ما مدى رضاك العام…»). The template is updated to the core's
current ``DEFAULT_TEMPLATES`` only when its questions are still exactly the ones shipped before
(keys, types, labels, required and overall marks, order): a template an admin has edited is left
as it is. Answers already given keep their own copy of each question (Moeen Survey Answer), so
nothing recorded changes. Idempotent: once updated, the questions no longer match the old ones.
"""

import frappe

from moeen_helpdesk.core.surveys import DEFAULT_TEMPLATES
from moeen_helpdesk.surveys.settings import TEMPLATE, TICKET_RESOLVED
from moeen_helpdesk.surveys.shipped import DEFAULT_TEMPLATE_TITLES, question_records

#: The questions shipped before, as (key, type, label_ar, label_en, required, is_overall), in order.
SHIPPED_BEFORE = (
    (
        "service_quality",
        "Rating",
        "كيف تقيّم جودة الخدمة التي حصلت عليها؟",
        "How would you rate the quality of the service you received?",
        1,
        0,
    ),
    (
        "overall_satisfaction",
        "Rating",
        "ما مدى رضاك العام عن الخدمة؟",
        "Overall, how satisfied are you with the service?",
        1,
        1,
    ),
    ("issue_resolved", "Yes/No", "هل حُلّت المسألة التي تواصلت معنا بشأنها؟", "Was your issue resolved?", 0, 0),
    (
        "comment",
        "Text",
        "هل لديك ملاحظات أو مقترحات أخرى؟",
        "Do you have any other comments or suggestions?",
        0,
        0,
    ),
)


def as_shipped_before(doc) -> bool:
    rows = sorted(doc.questions, key=lambda r: r.idx)
    found = tuple(
        (
            r.key,
            r.question_type,
            (r.label_ar or "").strip(),
            (r.label_en or "").strip(),
            int(r.required or 0),
            int(r.is_overall or 0),
        )
        for r in rows
    )
    return found == SHIPPED_BEFORE


def execute():
    name = DEFAULT_TEMPLATE_TITLES[TICKET_RESOLVED][0]
    if not frappe.db.exists(TEMPLATE, name):
        return
    doc = frappe.get_doc(TEMPLATE, name)
    if doc.trigger != TICKET_RESOLVED or not as_shipped_before(doc):
        return
    doc.set("questions", question_records(DEFAULT_TEMPLATES[TICKET_RESOLVED]))
    doc.flags.ignore_permissions = True
    doc.save()
