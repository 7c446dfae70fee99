from frappe.model.document import Document


class MoeenSurveyAnswer(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        parent: DF.Data
        parentfield: DF.Data
        parenttype: DF.Data
        question_key: DF.Data | None
        question_label: DF.Data | None
        question_type: DF.Data | None
        value_rating: DF.Int
        value_text: DF.SmallText | None
    # end: auto-generated types
    pass
