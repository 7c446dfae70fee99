"""Running clocks in their grace: those past their deadline on the wall clock but due in their
calendar's closed time, not late yet (``moeen_helpdesk.sla.business_time.breach_cutoffs``)."""

from __future__ import annotations

import frappe
from frappe.utils import get_datetime

from moeen_helpdesk.compliance import sql
from moeen_helpdesk.sla.business_time import breach_cutoffs

#: The running clocks of the period due since the earliest breach cutoff and before now: the
#: response clocks, then the resolution clocks, each a short range of its deadline's index
#: (``moeen_response_due_index`` / ``moeen_resolution_due_index``, moeen_helpdesk.report_indexes;
#: scanning the period instead cost 1-2 s at 1,000,000 tickets whenever a calendar is closed).
#: The few names found get their pinned calendar next.
_GRACE_PART = """SELECT t.name, t.response_by, t.resolution_by, t.first_responded_on
    FROM {source} WHERE {where} AND t.moeen_sla_start IS NOT NULL AND t.resolution_date IS NULL
      AND t.on_hold_since IS NULL AND """
GRACE_SQL = (
    _GRACE_PART
    + "t.first_responded_on IS NULL AND t.response_by >= %(grace_from)s AND t.response_by < %(now)s\n    UNION\n"
    + _GRACE_PART
    + "t.resolution_by >= %(grace_from)s AND t.resolution_by < %(now)s"
)


def grace_params(where: str, params: dict, source: str) -> dict:
    """``params`` with the running clocks of the period that are past their deadline on the
    wall clock but not late: due at or after their calendar's breach cutoff (no business
    time since the deadline; ``moeen_helpdesk.sla.business_time.breach_cutoffs``) — ``response_grace``
    and ``resolution_grace``, ticket names (``('',)`` when none, for ``NOT IN``). No query
    while every calendar is open (each cutoff is now)."""
    now = params["now"] = get_datetime(params["now"])
    cutoffs = breach_cutoffs(now)
    response, resolution = [], []
    grace_from = min(cutoffs.values(), default=now)
    rows = []
    if grace_from < now:
        rows = frappe.db.sql(
            GRACE_SQL.format(source=source, where=where), {**params, "grace_from": grace_from}, as_dict=True
        )
    if rows:
        calendars = dict(
            frappe.db.sql(
                f"SELECT name, moeen_sla_calendar FROM `{sql.TICKET_TABLE}` WHERE name IN %(names)s",
                {"names": tuple(r.name for r in rows)},
            )
        )
        for r in rows:
            cut = cutoffs.get(calendars.get(r.name))
            if cut is None:
                continue
            if not r.first_responded_on and r.response_by and cut <= r.response_by < now:
                response.append(r.name)
            if r.resolution_by and cut <= r.resolution_by < now:
                resolution.append(r.name)
    return {
        **params,
        "response_grace": tuple(response) or ("",),
        "resolution_grace": tuple(resolution) or ("",),
    }
