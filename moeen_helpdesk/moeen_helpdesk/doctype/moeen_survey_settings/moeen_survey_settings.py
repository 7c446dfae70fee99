import frappe
from frappe import _
from frappe.model.document import Document


class MoeenSurveySettings(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        call_surveys: DF.Check
        email_template: DF.Link | None
        enabled: DF.Check
        expiry_days: DF.Int
        reminder_delay_hours: DF.Int
        send_reminder: DF.Check
        ticket_surveys: DF.Check

    # end: auto-generated types
    def validate(self):
        if (self.reminder_delay_hours or 0) < 0:
            frappe.throw(_("The reminder delay must be zero or more hours"))
        if (self.expiry_days or 0) < 1:
            frappe.throw(_("A survey link must stay valid for at least one day"))
