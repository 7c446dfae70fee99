"""Moeen Article Deflection: one knowledge article suggested, opened or marked "this solved my
problem" on the portal's request form (service, beneficiary type, article, event, user, time).
Written only by :func:`moeen_helpdesk.knowledge.deflection.record` (the portal's API, with its
checks and its dedupe); beneficiaries may read their own rows and nobody may edit one."""

import frappe
from frappe import _
from frappe.model.document import Document


class MoeenArticleDeflection(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        article: DF.Link
        at: DF.Datetime
        beneficiary_type: DF.Literal["", "Student", "Staff", "Faculty", "External"]
        event: DF.Literal["Suggested", "Opened", "Solved"]
        service: DF.Link
        user: DF.Link
    # end: auto-generated types

    def validate(self):
        if not self.flags.moeen_recorded:
            frappe.throw(_("Deflection records are written by the portal only"), frappe.PermissionError)
