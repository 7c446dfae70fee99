"""Moeen Service Field: an extra question a service asks on the portal's request form.

Values are checked on the server by :func:`moeen_helpdesk.portal.fields.clean_field_values`
and stored in the ticket's description as a labelled block.
"""

import frappe
from frappe import _
from frappe.model.document import Document

FIELD_TYPES = ("Data", "Small Text", "Select", "Date")


class MoeenServiceField(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        fieldtype: DF.Literal["Data", "Small Text", "Select", "Date"]
        label_ar: DF.Data
        label_en: DF.Data
        options: DF.SmallText | None
        parent: DF.Data
        parentfield: DF.Data
        parenttype: DF.Data
        required: DF.Check

    # end: auto-generated types
    def validate(self):
        self.label_ar = (self.label_ar or "").strip()
        self.label_en = (self.label_en or "").strip()
        if self.fieldtype == "Select" and not [o for o in (self.options or "").splitlines() if o.strip()]:
            frappe.throw(
                _("Extra field {0}: a Select field needs its options, one per line").format(
                    self.label_en or self.idx
                )
            )
