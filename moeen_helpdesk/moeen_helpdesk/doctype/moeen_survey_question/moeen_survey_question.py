from frappe.model.document import Document


class MoeenSurveyQuestion(Document):
    pass
