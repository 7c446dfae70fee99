import frappe
from frappe.model.document import Document

from moeen_helpdesk.core.beneficiaries import check_targets
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.utils import throw_core


class MoeenService(Document):
    def validate(self):
        self.service_code = (self.service_code or "").strip()
        try:
            check_targets(self.response_target, self.resolution_target)
            check_targets(self.tier1_target, None)
            check_targets(self.tier2_target, None)
            seen = set()
            for row in self.priority_targets:
                if row.priority in seen:
                    frappe.throw(frappe._("Row {0}: priority {1} has targets already").format(row.idx, row.priority))
                seen.add(row.priority)
                check_targets(row.response_target, row.resolution_target)
        except CoreError as e:
            throw_core(e)
        if self.is_active and not any(
            (self.allow_student, self.allow_staff, self.allow_faculty, self.allow_external)
        ):
            frappe.msgprint(
                frappe._("No beneficiary type may request this service; only agents will see it."),
                indicator="orange",
                alert=True,
            )
