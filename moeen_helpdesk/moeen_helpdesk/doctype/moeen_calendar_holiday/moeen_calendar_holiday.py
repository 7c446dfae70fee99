from frappe.model.document import Document


class MoeenCalendarHoliday(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        from_date: DF.Date
        holiday_name_ar: DF.Data | None
        holiday_name_en: DF.Data | None
        key: DF.Data | None
        parent: DF.Data
        parentfield: DF.Data
        parenttype: DF.Data
        to_date: DF.Date | None
    # end: auto-generated types
    pass
