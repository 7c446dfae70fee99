from frappe.model.document import Document

from moeen_helpdesk.core.beneficiaries import check_type, make_rules
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.utils import throw_core


class MoeenSettings(Document):
    def validate(self):
        try:
            check_type(self.default_beneficiary_type)
            make_rules([r.as_dict() for r in self.type_rules])
        except CoreError as e:
            throw_core(e)
