"""The periodic job's first step: the agreement status and clock state of every open ticket on the
app's clocks, in one set-based statement."""

import frappe
from frappe.utils import now_datetime

from moeen_helpdesk.sla.business_time import cutoff_sql

# The rule of core.sla.agreement_status / clock_state, in SQL (kept equal by a bench test).
# A first response is late only when it took more business time than its target
# (moeen_response_seconds, stored on save by moeen_helpdesk.review.record_durations);
# a running clock once business time passed since its deadline: {cutoff} is
# cutoff_sql (the calendar's breach cutoff at now).
RESPONSE_LATE_SQL = (
    "first_responded_on IS NOT NULL AND first_responded_on > response_by"
    " AND (moeen_response_target IS NULL OR moeen_response_seconds > moeen_response_target)"
)
STATUS_SQL = f"""
UPDATE `tabHD Ticket` SET
  agreement_status = CASE
    WHEN response_by IS NOT NULL AND {RESPONSE_LATE_SQL}
      THEN 'Failed'
    WHEN status_category = 'Paused' THEN 'Paused'
    WHEN response_by IS NOT NULL AND first_responded_on IS NULL AND {{cutoff}} > response_by THEN 'Failed'
    WHEN resolution_by IS NOT NULL AND {{cutoff}} > resolution_by THEN 'Failed'
    WHEN response_by IS NOT NULL AND first_responded_on IS NULL THEN 'First Response Due'
    ELSE 'Resolution Due'
  END,
  moeen_sla_state = CASE
    WHEN status_category = 'Paused' THEN 'paused'
    WHEN first_responded_on IS NULL AND response_by IS NOT NULL THEN CASE
      WHEN {{cutoff}} > response_by THEN 'breached'
      WHEN moeen_response_warn_at IS NOT NULL AND %(now)s >= moeen_response_warn_at THEN 'warning'
      ELSE 'due' END
    WHEN resolution_by IS NULL THEN 'due'
    WHEN {{cutoff}} > resolution_by THEN 'breached'
    WHEN moeen_resolution_warn_at IS NOT NULL AND %(now)s >= moeen_resolution_warn_at THEN 'warning'
    ELSE 'due'
  END
WHERE moeen_sla_start IS NOT NULL AND status_category IN ('Open', 'Paused')
"""


def refresh_status(now=None) -> int:
    """Agreement status and clock state of every open Moeen ticket, in one statement."""
    now = now or now_datetime()
    frappe.db.sql(STATUS_SQL.format(cutoff=cutoff_sql("moeen_sla_calendar", now)), {"now": now})
    return frappe.db._cursor.rowcount if getattr(frappe.db, "_cursor", None) else 0
