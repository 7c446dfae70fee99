from frappe.model.document import Document

from moeen_helpdesk.core.beneficiaries import check_type, make_rules
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.utils import throw_core


class MoeenSettings(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        from moeen_helpdesk.moeen_helpdesk.doctype.moeen_beneficiary_type_rule.moeen_beneficiary_type_rule import (
            MoeenBeneficiaryTypeRule,
        )

        default_beneficiary_type: DF.Literal["Student", "Staff", "Faculty", "External"]
        default_calendar: DF.Link | None
        delivery_min_tickets: DF.Int
        delivery_window_days: DF.Int
        reopen_resets_resolution: DF.Check
        reopen_window_days: DF.Int
        require_service_for_beneficiaries: DF.Check
        type_rules: DF.Table[MoeenBeneficiaryTypeRule]
        warning_share: DF.Percent

    # end: auto-generated types
    def validate(self):
        try:
            check_type(self.default_beneficiary_type)
            make_rules([r.as_dict() for r in self.type_rules])
        except CoreError as e:
            throw_core(e)
