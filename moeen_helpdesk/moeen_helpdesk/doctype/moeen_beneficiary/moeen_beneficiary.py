import frappe
from frappe import _
from frappe.model.document import Document

from moeen_helpdesk.beneficiaries import derive_type
from moeen_helpdesk.core import beneficiaries as rules_core
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.utils import throw_core

MANAGERS = ["System Manager", "Moeen Service Manager"]


class MoeenBeneficiary(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        beneficiary_type: DF.Literal["Student", "Staff", "Faculty", "External"]
        college: DF.Data | None
        contact: DF.Link | None
        department: DF.Data | None
        full_name: DF.Data | None
        preferred_language: DF.Literal["ar", "en"]
        type_source: DF.Literal["Rule", "Manual"]
        university_id: DF.Data | None
        user: DF.Link

    # end: auto-generated types
    def validate(self):
        try:
            rules_core.check_type(self.beneficiary_type)
        except CoreError as e:
            throw_core(e)
        if self.flags.from_rules:
            self.type_source = rules_core.SOURCE_RULE
        elif self.is_new() or self.has_value_changed("beneficiary_type"):
            # Set by a person through the form or the API: a manager's decision.
            self.type_source = rules_core.SOURCE_MANUAL

    def _require_manager(self):
        # Not frappe.only_for: it lets everything through while tests run.
        if not set(MANAGERS) & set(frappe.get_roles()):
            frappe.throw(_("Only a Moeen Service Manager can apply the type rules"), frappe.PermissionError)

    @frappe.whitelist()
    @endpoint(check=_require_manager)
    def rederive_type(self, ignore_manual: bool = False) -> str:
        """Apply the rules again. A manually set type stays unless ``ignore_manual``."""
        derived = derive_type(frappe.db.get_value("User", self.user, "email"), self.university_id)
        source = rules_core.SOURCE_RULE if ignore_manual else self.type_source
        new_type, new_source = rules_core.next_type(self.beneficiary_type, source, derived)
        if (new_type, new_source) != (self.beneficiary_type, self.type_source):
            self.beneficiary_type = new_type
            self.flags.from_rules = new_source == rules_core.SOURCE_RULE
            self.save()
        frappe.msgprint(_("Beneficiary type: {0}").format(_(self.beneficiary_type)), alert=True)
        return self.beneficiary_type
