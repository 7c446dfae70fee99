from frappe.model.document import Document


class MoeenSurveyQuestion(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        is_overall: DF.Check
        key: DF.Data
        label_ar: DF.Data
        label_en: DF.Data
        options: DF.SmallText | None
        parent: DF.Data
        parentfield: DF.Data
        parenttype: DF.Data
        question_type: DF.Literal["Rating", "Yes/No", "Choice", "Text"]
        required: DF.Check
    # end: auto-generated types
    pass
