"""Moeen SLA Review: the periodic check that each service's targets fit what is achieved.

Draft → (Fetch Figures, decide per service) → Submitted → Applied. The status moves
only through the whitelisted actions; a submitted review's rows are frozen (back to
draft to change them) and an applied review is final.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt, getdate, now_datetime

from moeen_helpdesk import review as shell
from moeen_helpdesk.guard.endpoints import endpoint

EDITABLE_AFTER_SUBMIT = ("notes",)
ROW_FIELDS = ("service", "decision", "new_response_target", "new_resolution_target", "comment")
HEADER_FIELDS = ("period_from", "period_to", "services_scope", "target_share", "min_sample", "reviewer")
KEEP_ON_REFETCH = ("decision", "new_response_target", "new_resolution_target", "comment")


class MoeenSLAReview(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        from moeen_helpdesk.moeen_helpdesk.doctype.moeen_sla_review_item.moeen_sla_review_item import (
            MoeenSLAReviewItem,
        )

        applied_by: DF.Link | None
        applied_on: DF.Datetime | None
        items: DF.Table[MoeenSLAReviewItem]
        min_sample: DF.Int
        notes: DF.SmallText | None
        period_from: DF.Date
        period_to: DF.Date
        reviewer: DF.Link | None
        services_scope: DF.Literal["All Active Services", "Due for Review"]
        status: DF.Literal["Draft", "Submitted", "Applied"]
        submitted_on: DF.Datetime | None
        target_share: DF.Percent

    # end: auto-generated types
    def validate(self):
        if self.period_from and self.period_to and getdate(self.period_from) > getdate(self.period_to):
            frappe.throw(_("The period must start on or before its last day"))
        if not 0 < flt(self.target_share) <= 100:
            frappe.throw(_("The share of tickets within the target must be more than 0 and at most 100"))
        if cint(self.min_sample) < 1:
            frappe.throw(_("The minimum number of measured tickets must be at least 1"))
        seen = set()
        for item in self.items:
            if item.service in seen:
                frappe.throw(_("Row {0}: the service {1} is listed twice").format(item.idx, item.service))
            seen.add(item.service)
            if item.decision == shell.KEEP:
                item.new_response_target = item.new_resolution_target = None
        self._guard_status()

    def _guard_status(self):
        if self.is_new():
            if self.status != shell.DRAFT:
                frappe.throw(_("A new review starts as a draft"))
            return
        before = self.get_doc_before_save()
        if before is None:
            return
        if before.status != self.status and not self.flags.status_action:
            frappe.throw(_("Use the review's actions to change its status"))
        if before.status == shell.DRAFT or self.flags.status_action:
            return
        frozen = [(getattr(before, f), getattr(self, f)) for f in HEADER_FIELDS]
        frozen.append((_rows(before), _rows(self)))
        if any(str(a or "") != str(b or "") for a, b in frozen):
            if before.status == shell.APPLIED:
                frappe.throw(_("An applied review cannot be changed"))
            frappe.throw(_("A submitted review cannot be changed; move it back to draft first"))

    def _set_status(self, status):
        self.status = status
        self.flags.status_action = True
        try:
            self.save()
        finally:
            self.flags.status_action = False

    def _require(self, status):
        if self.status != status:
            frappe.throw(_("This action needs a review in status {0}").format(_(status)))

    @frappe.whitelist()
    @endpoint(check=lambda self: self.check_permission("write"))
    def fetch_figures(self) -> int:
        """(Re)fill the rows: every active service, or those due for review. Decisions and
        comments already entered for a service are kept."""
        self.check_permission("write")
        self._require(shell.DRAFT)
        if not (self.period_from and self.period_to):
            frappe.throw(_("Set the period first"))
        items = shell.review_items(
            self.period_from,
            self.period_to,
            scope=self.services_scope,
            share=flt(self.target_share) / 100,
            min_sample=cint(self.min_sample),
        )
        kept = {i.service: {f: i.get(f) for f in KEEP_ON_REFETCH} for i in self.items}
        self.set("items", [])
        for values in items:
            values.update(kept.get(values["service"], {}))
            self.append("items", values)
        self.save()
        return len(items)

    @frappe.whitelist()
    @endpoint(check=lambda self: self.check_permission("write"))
    def submit_review(self) -> str:
        self.check_permission("write")
        self._require(shell.DRAFT)
        if not self.items:
            frappe.throw(_("Fetch the figures or add the services first"))
        for item in self.items:
            shell.check_item(item)
        self.submitted_on = now_datetime()
        self._set_status(shell.SUBMITTED)
        return self.status

    @frappe.whitelist()
    @endpoint(check=lambda self: self.check_permission("write"))
    def back_to_draft(self) -> str:
        self.check_permission("write")
        self._require(shell.SUBMITTED)
        self.submitted_on = None
        self._set_status(shell.DRAFT)
        return self.status

    @frappe.whitelist()
    @endpoint(check=lambda self: self.check_permission("write"))
    def apply(self) -> list[str]:
        """Write the decided targets to the services (new tickets only follow them)."""
        self.check_permission("write")
        self._require(shell.SUBMITTED)
        changed = shell.apply_review(self)
        self.applied_on = now_datetime()
        self.applied_by = frappe.session.user
        self._set_status(shell.APPLIED)
        return changed

    def on_trash(self):
        if self.status == shell.APPLIED:
            frappe.throw(_("An applied review cannot be deleted"))


def _rows(doc) -> list:
    return [tuple(str(i.get(f) or "") for f in ROW_FIELDS) for i in doc.get("items") or []]
