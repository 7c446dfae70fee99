from frappe.model.document import Document


class MoeenServiceCategory(Document):
    pass
