from frappe.model.document import Document


class MoeenSLAReviewItem(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        comment: DF.SmallText | None
        current_resolution_target: DF.Duration | None
        current_response_target: DF.Duration | None
        decision: DF.Literal["Keep", "Change"]
        delivery_loaded: DF.Check
        delivery_median: DF.Duration | None
        delivery_p90: DF.Duration | None
        delivery_tickets: DF.Int
        delivery_words: DF.SmallText | None
        new_resolution_target: DF.Duration | None
        new_response_target: DF.Duration | None
        parent: DF.Data
        parentfield: DF.Data
        parenttype: DF.Data
        recommendation: DF.SmallText | None
        recommended_resolution_target: DF.Duration | None
        recommended_response_target: DF.Duration | None
        resolution_median: DF.Duration | None
        resolution_met_share: DF.Percent
        resolution_p90: DF.Duration | None
        resolutions_measured: DF.Int
        response_median: DF.Duration | None
        response_met_share: DF.Percent
        response_p90: DF.Duration | None
        responses_measured: DF.Int
        service: DF.Link
        service_name: DF.Data | None
        tickets: DF.Int
        too_few_tickets: DF.Check
    # end: auto-generated types
    pass
