from frappe.model.document import Document


class MoeenCalendarOverride(Document):
    pass
