"""HD Ticket document events: the raiser's type, channel, kind, eligibility, protected fields
(the last through :mod:`moeen_helpdesk.protection`).

Helpdesk's own controller is untouched; these run after its methods of the same
event. Everything here is cheap (cached settings, one indexed look-up) because a
ticket's naming-series row stays locked until the insert commits.
"""

import frappe
from frappe import _

from moeen_helpdesk import protection
from moeen_helpdesk.beneficiaries import type_of
from moeen_helpdesk.core import beneficiaries as rules_core
from moeen_helpdesk.tiers.teams import route_new_ticket
from moeen_helpdesk.utils import is_agent, service_doc, throw_core

CHANNELS = ("Portal", "Phone", "Email", "Walk-in")


def _is_beneficiary_action() -> bool:
    return not is_agent(frappe.session.user)


def checked_by_request(doc, service: str, user: str, beneficiary_type: str):
    """The portal's request has checked that ``user`` (of ``beneficiary_type``) may request
    ``service``: the insert's validation takes that instead of looking it up again."""
    doc.flags.moeen_checked = (service, user, beneficiary_type)


def _checked(doc) -> str | None:
    """The beneficiary type the request checked, if the ticket is still that request's."""
    checked = doc.flags.get("moeen_checked")
    if checked and doc.is_new() and checked[:2] == (doc.moeen_service, doc.raised_by):
        return checked[2]
    return None


def before_insert(doc, method=None):
    by_beneficiary = _is_beneficiary_action()
    doc.flags.moeen_by_beneficiary = by_beneficiary
    if by_beneficiary:
        protection.clear_new_ticket(doc)
    route_new_ticket(doc)
    if not by_beneficiary:
        return
    user = frappe.session.user
    if user != "Guest":
        # A beneficiary files tickets as themself: Helpdesk then fills contact and customer.
        doc.raised_by = user
        doc.contact = None
        doc.customer = None
    doc.moeen_channel = "Portal"


def validate(doc, method=None):
    by_beneficiary = doc.flags.get("moeen_by_beneficiary") if doc.is_new() else None
    if by_beneficiary is None:  # (set by before_insert for the same user and document)
        by_beneficiary = _is_beneficiary_action()
    checked_type = _checked(doc)
    if doc.is_new():
        _set_derived_fields(doc, by_beneficiary, checked_type)
    else:
        protection.check_ticket(doc)

    if doc.moeen_service:
        # (a portal request has checked its own user and service: checked_type)
        if not checked_type and (doc.is_new() or doc.has_value_changed("moeen_service")):
            _check_eligibility(doc, by_beneficiary)
    elif (
        doc.is_new()
        and by_beneficiary
        and frappe.db.get_single_value("Moeen Settings", "require_service_for_beneficiaries")
    ):
        frappe.throw(
            _("Please choose the service you need from the catalog: {0}").format(
                frappe.utils.get_url("/moeen")
            ),
            frappe.MandatoryError,
        )


def _set_derived_fields(doc, by_beneficiary: bool, checked_type: str | None = None):
    doc.moeen_beneficiary_type = checked_type or type_of(doc.raised_by)
    if by_beneficiary:
        doc.moeen_channel = "Portal"
    elif doc.moeen_channel not in CHANNELS:
        if doc.moeen_channel:
            frappe.throw(_("Unknown channel {0}").format(doc.moeen_channel))
        doc.moeen_channel = "Email" if doc.email_account else "Phone"
    doc.moeen_kind = (
        frappe.get_cached_value("Moeen Service", doc.moeen_service, "kind") if doc.moeen_service else None
    )


def _check_eligibility(doc, by_beneficiary: bool):
    row = service_doc(doc.moeen_service)
    if row is None:
        frappe.throw(_("Service {0} not found").format(doc.moeen_service), frappe.LinkValidationError)
    title = row.service_name_ar if frappe.local.lang == "ar" else row.service_name_en
    access = rules_core.ServiceAccess.from_row(row, title or row.name)
    if not doc.moeen_beneficiary_type:  # a ticket from before the app was installed
        doc.moeen_beneficiary_type = type_of(doc.raised_by)
    problem = rules_core.eligibility_problem(
        access, doc.moeen_beneficiary_type, by_beneficiary=by_beneficiary
    )
    if problem:
        throw_core(problem)
    doc.moeen_kind = row.kind
