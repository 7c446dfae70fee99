"""Moeen Survey Template: the questions of a satisfaction survey.

Every save goes through the core's ``validate_template`` (in both languages), so a
template the answer validation would choke on is never stored. At most one active
template per trigger and service (or per trigger without a service).
"""

import frappe
from frappe import _
from frappe.model.document import Document

from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.core.surveys import questions_from_template, validate_template
from moeen_helpdesk.utils import throw_core


def split_options(text) -> list[str]:
    """A Small Text of options, one per line; blank lines ignored."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def question_rows(rows) -> list[dict]:
    """Child rows as the core's template rows; the order is the table's (idx)."""
    out = []
    for position, row in enumerate(rows, start=1):
        out.append(
            {
                "key": (row.key or "").strip(),
                "type": row.question_type,
                "label_ar": (row.label_ar or "").strip(),
                "label_en": (row.label_en or "").strip(),
                "required": row.required,
                "options": split_options(row.options) if row.question_type == "Choice" else [],
                "order": row.idx or position,
                "is_overall": row.is_overall,
            }
        )
    return out


class MoeenSurveyTemplate(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        from moeen_helpdesk.moeen_helpdesk.doctype.moeen_survey_question.moeen_survey_question import (
            MoeenSurveyQuestion,
        )

        intro_ar: DF.SmallText | None
        intro_en: DF.SmallText | None
        is_active: DF.Check
        questions: DF.Table[MoeenSurveyQuestion]
        service: DF.Link | None
        template_name: DF.Data
        title_ar: DF.Data
        title_en: DF.Data
        trigger: DF.Literal["Ticket Resolved", "Call Completed"]

    # end: auto-generated types
    def validate(self):
        self.template_name = (self.template_name or "").strip()
        for row in self.questions:
            row.key = (row.key or "").strip()
        rows = question_rows(self.questions)
        try:
            for lang in ("ar", "en"):
                validate_template(questions_from_template(rows, lang))
        except CoreError as e:
            throw_core(e)
        if self.is_active:
            self._check_single_active()

    def _check_single_active(self):
        filters = {
            "trigger": self.trigger,
            "is_active": 1,
            "name": ["!=", self.name or ""],
            "service": self.service or ["is", "not set"],
        }
        other = frappe.db.get_value("Moeen Survey Template", filters, "name")
        if other:
            if self.service:
                msg = _("Template {0} is already active for the trigger {1} and the service {2}")
                frappe.throw(msg.format(other, _(self.trigger), self.service), frappe.DuplicateEntryError)
            msg = _("Template {0} is already the active general template for the trigger {1}")
            frappe.throw(msg.format(other, _(self.trigger)), frappe.DuplicateEntryError)
