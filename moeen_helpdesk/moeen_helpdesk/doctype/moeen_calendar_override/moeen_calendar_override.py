from frappe.model.document import Document


class MoeenCalendarOverride(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        from_date: DF.Date
        key: DF.Data
        label_ar: DF.Data | None
        label_en: DF.Data | None
        parent: DF.Data
        parentfield: DF.Data
        parenttype: DF.Data
        to_date: DF.Date
    # end: auto-generated types
    pass
