"""A ticket's targets (its service's, by priority) and the deadlines and warning times they give on
its calendar — on save (:mod:`.on_save`) and after a calendar edit (:mod:`.recompute`)."""

import frappe
from frappe.utils import cint

from moeen_helpdesk.core import sla as clocks
from moeen_helpdesk.sla.business_time import to_aware, to_site


def service_targets(service: str, priority: str | None) -> clocks.Targets:
    doc = frappe.get_cached_doc("Moeen Service", service)
    per_priority = {
        r.priority: clocks.Targets(cint(r.response_target) or None, cint(r.resolution_target) or None)
        for r in doc.priority_targets
    }
    default = clocks.Targets(cint(doc.response_target) or None, cint(doc.resolution_target) or None)
    return clocks.pick_targets(default, per_priority, priority)


def warning_share() -> float:
    share = frappe.db.get_single_value("Moeen Settings", "warning_share")
    share = (share or 75) / 100
    return share if 0 < share < 1 else clocks.DEFAULT_WARNING_SHARE


def _add(cal, start, seconds):
    if seconds is None or not start:
        return None
    return to_site(cal.add_business_seconds(to_aware(start), seconds))


def deadlines(cal, row, share, keep_answered_response: bool = False) -> dict:
    resp_t = cint(row.moeen_response_target) or None
    res_t = cint(row.moeen_resolution_target) or None
    r_held, s_held = cint(row.moeen_response_held), cint(row.moeen_resolution_held)
    values = {
        "resolution_by": _add(cal, row.moeen_resolution_start, None if res_t is None else res_t + s_held),
        "moeen_resolution_warn_at": _add(
            cal,
            row.moeen_resolution_start,
            None if res_t is None else clocks.warning_seconds(res_t, share) + s_held,
        ),
        "response_by": row.response_by,
    }
    # After a calendar edit an answered response keeps the deadline it was judged by.
    if not (keep_answered_response and row.first_responded_on):
        values["response_by"] = _add(cal, row.moeen_sla_start, None if resp_t is None else resp_t + r_held)
        values["moeen_response_warn_at"] = _add(
            cal,
            row.moeen_sla_start,
            None if resp_t is None else clocks.warning_seconds(resp_t, share) + r_held,
        )
    return values
