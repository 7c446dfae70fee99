from frappe.model.document import Document


class MoeenServicePriorityTarget(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        parent: DF.Data
        parentfield: DF.Data
        parenttype: DF.Data
        priority: DF.Link
        resolution_target: DF.Duration | None
        response_target: DF.Duration | None
    # end: auto-generated types
    pass
