"""Moeen Survey Request: one survey sent for one resolved ticket or completed call.

Created by :mod:`moeen_helpdesk.surveys` only; the link's token carries the
request's name and its ``nonce``.
"""

from frappe.model.document import Document


class MoeenSurveyRequest(Document):
    pass
