"""Moeen Service Delivery: the cached measured delivery time of one service and the load of
its unit, written only by :func:`moeen_helpdesk.delivery.refresh` (set-based, hourly)."""

import frappe
from frappe import _
from frappe.model.document import Document


class MoeenServiceDelivery(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        enough_data: DF.Check
        loaded: DF.Check
        median_seconds: DF.Duration | None
        min_tickets: DF.Int
        open_now: DF.Int
        p90_seconds: DF.Duration | None
        refreshed_at: DF.Datetime | None
        service: DF.Link
        tickets: DF.Int
        unit: DF.Link | None
        usual_open: DF.Float
        window_days: DF.Int
        window_from: DF.Datetime | None
        words_ar: DF.SmallText | None
        words_en: DF.SmallText | None
    # end: auto-generated types

    def validate(self):
        frappe.throw(_("The delivery figures are computed by the system"), frappe.PermissionError)
