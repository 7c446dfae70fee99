from frappe.model.document import Document


class MoeenServicePriorityTarget(Document):
    pass
