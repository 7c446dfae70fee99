from frappe.model.document import Document


class MoeenCalendarHoliday(Document):
    pass
