from frappe.model.document import Document


class MoeenSLAReviewItem(Document):
    pass
