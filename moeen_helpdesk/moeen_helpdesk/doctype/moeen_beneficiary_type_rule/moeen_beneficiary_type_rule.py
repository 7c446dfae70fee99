from frappe.model.document import Document


class MoeenBeneficiaryTypeRule(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        beneficiary_type: DF.Literal["Student", "Staff", "Faculty", "External"]
        email_domain: DF.Data | None
        parent: DF.Data
        parentfield: DF.Data
        parenttype: DF.Data
        university_id_pattern: DF.Data | None
    # end: auto-generated types
    pass
