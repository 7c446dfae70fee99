"""Moeen Survey Request: one survey sent for one resolved ticket or completed call.

Created by :mod:`moeen_helpdesk.surveys` only; the link's token carries the
request's name and its ``nonce``.
"""

from frappe.model.document import Document


class MoeenSurveyRequest(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        agent: DF.Link | None
        answered_at: DF.Datetime | None
        answered_via: DF.Literal["", "E-mail link", "Portal"]
        beneficiary_email: DF.Data | None
        beneficiary_type: DF.Literal["", "Student", "Staff", "Faculty", "External"]
        beneficiary_user: DF.Link | None
        channel: DF.Literal["", "Portal", "Phone", "Email", "Walk-in"]
        dedupe_key: DF.Data | None
        expires_at: DF.Datetime | None
        nonce: DF.Data | None
        overall_rating: DF.Int
        reference_doctype: DF.Link | None
        reference_name: DF.DynamicLink | None
        reminded_at: DF.Datetime | None
        resolution_cycle: DF.Int
        response: DF.Link | None
        sent_at: DF.Datetime | None
        service: DF.Link | None
        status: DF.Literal["Pending", "Answered", "Expired"]
        team: DF.Link | None
        template: DF.Link | None
        tier: DF.Data | None
        trigger: DF.Literal["Ticket Resolved", "Call Completed"]
    # end: auto-generated types
    pass
