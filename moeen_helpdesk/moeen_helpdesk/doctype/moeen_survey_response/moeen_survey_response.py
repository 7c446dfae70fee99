"""Moeen Survey Response: the answers to one survey request (one response per request:
a unique index on ``request`` and this check)."""

import frappe
from frappe import _
from frappe.model.document import Document


class MoeenSurveyResponse(Document):
    def validate(self):
        if frappe.db.exists(
            "Moeen Survey Response", {"request": self.request, "name": ["!=", self.name or ""]}
        ):
            frappe.throw(_("This survey has already been answered. Thank you!"), frappe.DuplicateEntryError)
