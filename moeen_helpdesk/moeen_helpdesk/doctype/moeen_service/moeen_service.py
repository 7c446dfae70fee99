import frappe
from frappe import _
from frappe.model.document import Document

from moeen_helpdesk.core.beneficiaries import check_targets
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.core.review import target_words
from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.review import working_day_seconds
from moeen_helpdesk.sla.business_time import default_calendar_name
from moeen_helpdesk.utils import throw_core


class MoeenService(Document):
    # begin: auto-generated types
    # This code is auto-generated. Do not modify anything in this block.

    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from frappe.types import DF

        from moeen_helpdesk.moeen_helpdesk.doctype.moeen_service_article.moeen_service_article import (
            MoeenServiceArticle,
        )
        from moeen_helpdesk.moeen_helpdesk.doctype.moeen_service_field.moeen_service_field import (
            MoeenServiceField,
        )
        from moeen_helpdesk.moeen_helpdesk.doctype.moeen_service_priority_target.moeen_service_priority_target import (
            MoeenServicePriorityTarget,
        )

        allow_external: DF.Check
        allow_faculty: DF.Check
        allow_staff: DF.Check
        allow_student: DF.Check
        calendar: DF.Link | None
        category: DF.Link
        description_ar: DF.TextEditor | None
        description_en: DF.TextEditor | None
        extra_fields: DF.Table[MoeenServiceField]
        is_active: DF.Check
        kind: DF.Literal["Request", "Incident"]
        last_review_date: DF.Date | None
        next_review_date: DF.Date | None
        owning_system: DF.Data | None
        portal_visible: DF.Check
        priority_targets: DF.Table[MoeenServicePriorityTarget]
        related_articles: DF.TableMultiSelect[MoeenServiceArticle]
        resolution_target: DF.Duration | None
        response_target: DF.Duration | None
        review_interval_months: DF.Int
        service_code: DF.Data
        service_name_ar: DF.Data
        service_name_en: DF.Data
        service_owner: DF.Link | None
        tier1_target: DF.Duration | None
        tier2_target: DF.Duration | None
        tier2_team: DF.Link | None

    # end: auto-generated types
    def validate(self):
        self.service_code = (self.service_code or "").strip()
        try:
            check_targets(self.response_target, self.resolution_target)
            check_targets(self.tier1_target, None)
            check_targets(self.tier2_target, None)
            seen = set()
            for row in self.priority_targets:
                if row.priority in seen:
                    frappe.throw(
                        frappe._("Row {0}: priority {1} has targets already").format(row.idx, row.priority)
                    )
                seen.add(row.priority)
                check_targets(row.response_target, row.resolution_target)
        except CoreError as e:
            throw_core(e)
        if self.is_active and not any(
            (self.allow_student, self.allow_staff, self.allow_faculty, self.allow_external)
        ):
            frappe.msgprint(
                frappe._("No beneficiary type may request this service; only agents will see it."),
                indicator="orange",
                alert=True,
            )


TARGET_FIELDS = ("response_target", "resolution_target", "tier1_target", "tier2_target")


def _may_read_services():
    frappe.has_permission("Moeen Service", "read", throw=True)


@frappe.whitelist()
@endpoint(check=_may_read_services)
def describe_targets(calendar: str | None = None, targets: str | dict | None = None) -> dict:
    """The service form's targets in words on their calendar: ``{key: text}`` for the given
    ``targets`` (``{key: seconds}``), e.g. "24 working hours ≈ 3 working days on Contact Center",
    in the user's language; and ``calendar``, the calendar they are counted on."""
    values = frappe.parse_json(targets) if isinstance(targets, str) else (targets or {})
    if not isinstance(values, dict):
        frappe.throw(_("The targets must be given as an object"), frappe.ValidationError)
    name = (
        calendar
        if calendar and frappe.db.exists("Moeen Office Calendar", calendar)
        else default_calendar_name()
    )
    wd = working_day_seconds(name)
    language = (frappe.local.lang or "en")[:2]
    out = {}
    for key, seconds in values.items():
        try:
            words = target_words(float(seconds), wd, language) if seconds not in (None, "") else ""
        except (TypeError, ValueError, CoreError):
            words = ""
        out[str(key)[:140]] = _("{0} on the calendar {1}").format(words, name) if words and name else words
    return {"calendar": name, "targets": out}
