from frappe.model.document import Document


class MoeenCalendarWindow(Document):
    def __setup__(self):
        # Frappe fills every empty Time field of a new row with the current time:
        # a window without its times must be refused, not silently end "now".
        self.dont_update_if_missing = ["start_time", "end_time"]
