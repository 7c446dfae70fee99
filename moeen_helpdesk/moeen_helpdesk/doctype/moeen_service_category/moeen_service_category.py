from frappe.model.document import Document


class MoeenServiceCategory(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        category_code: DF.Data
        category_name_ar: DF.Data
        category_name_en: DF.Data
        description_ar: DF.SmallText | None
        description_en: DF.SmallText | None
        icon: DF.Data | None
        is_active: DF.Check
        sort_order: DF.Int
    # end: auto-generated types
    pass
