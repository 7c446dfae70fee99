"""Moeen Tier Transition: one accepted tier action on a ticket (an append-only log).

Written only by :mod:`moeen_helpdesk.tiers` (the tier actions and the reopen
sync); the per-tier clocks are recomputed from it, so a record is never edited.
"""

import frappe
from frappe import _
from frappe.model.document import Document


class MoeenTierTransition(Document):
    def validate(self):
        if not self.is_new():
            frappe.throw(_("A tier transition cannot be changed"), frappe.PermissionError)
