from frappe.model.document import Document


class MoeenBeneficiaryTypeRule(Document):
    pass
