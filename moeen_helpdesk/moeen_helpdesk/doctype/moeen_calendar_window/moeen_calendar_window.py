from frappe.model.document import Document


class MoeenCalendarWindow(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        end_time: DF.Time | None
        override_key: DF.Data | None
        parent: DF.Data
        parentfield: DF.Data
        parenttype: DF.Data
        start_time: DF.Time
        until_midnight: DF.Check
        weekday: DF.Literal["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    # end: auto-generated types
    def __setup__(self):
        # Frappe fills every empty Time field of a new row with the current time:
        # a window without its times must be refused, not silently end "now".
        self.dont_update_if_missing = ["start_time", "end_time"]
