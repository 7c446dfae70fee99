"""Moeen Tier Transition: one accepted tier action on a ticket (an append-only log).

Written only by :mod:`moeen_helpdesk.tiers` (the tier actions and the reopen
sync); the per-tier clocks are recomputed from it, so a record is never edited.
"""

import frappe
from frappe import _
from frappe.model.document import Document


class MoeenTierTransition(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        action: DF.Literal[
            "resolve", "escalate", "accept", "return", "complete", "reject", "verify", "reopen"
        ]
        at: DF.Datetime
        from_state: DF.Literal["Tier 1", "Escalated", "Tier 2", "Completed", "Resolved"]
        reason: DF.SmallText | None
        team_after: DF.Link | None
        team_before: DF.Link | None
        ticket: DF.Link
        to_state: DF.Literal["Tier 1", "Escalated", "Tier 2", "Completed", "Resolved"]
        user: DF.Link | None

    # end: auto-generated types
    def validate(self):
        if not self.is_new():
            frappe.throw(_("A tier transition cannot be changed"), frappe.PermissionError)
