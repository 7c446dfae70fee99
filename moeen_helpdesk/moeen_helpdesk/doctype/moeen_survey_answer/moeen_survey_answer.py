from frappe.model.document import Document


class MoeenSurveyAnswer(Document):
    pass
