"""Moeen Survey Response: the answers to one survey request (one response per request:
a unique index on ``request`` and this check)."""

import frappe
from frappe import _
from frappe.model.document import Document


class MoeenSurveyResponse(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        from moeen_helpdesk.moeen_helpdesk.doctype.moeen_survey_answer.moeen_survey_answer import (
            MoeenSurveyAnswer,
        )

        agent: DF.Link | None
        answered_at: DF.Datetime | None
        answers: DF.Table[MoeenSurveyAnswer]
        beneficiary_type: DF.Literal["", "Student", "Staff", "Faculty", "External"]
        channel: DF.Literal["", "Portal", "Phone", "Email", "Walk-in"]
        language: DF.Data | None
        overall_rating: DF.Int
        reference_doctype: DF.Link | None
        reference_name: DF.DynamicLink | None
        request: DF.Link
        service: DF.Link | None
        team: DF.Link | None
        template: DF.Link | None
        tier: DF.Data | None
        trigger: DF.Literal["Ticket Resolved", "Call Completed"]

    # end: auto-generated types
    def validate(self):
        if frappe.db.exists(
            "Moeen Survey Response", {"request": self.request, "name": ["!=", self.name or ""]}
        ):
            frappe.throw(_("This survey has already been answered. Thank you!"), frappe.DuplicateEntryError)
