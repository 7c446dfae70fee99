"""Moeen Service Article: a knowledge-base article (HD Article) related to a service; the request
form suggests a service's related articles first (:mod:`moeen_helpdesk.knowledge.articles`)."""

from frappe.model.document import Document


class MoeenServiceArticle(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        article: DF.Link
        parent: DF.Data
        parentfield: DF.Data
        parenttype: DF.Data
    # end: auto-generated types

    pass
