import frappe
from frappe import _
from frappe.model.document import Document


class MoeenSurveySettings(Document):
    def validate(self):
        if (self.reminder_delay_hours or 0) < 0:
            frappe.throw(_("The reminder delay must be zero or more hours"))
        if (self.expiry_days or 0) < 1:
            frappe.throw(_("A survey link must stay valid for at least one day"))
