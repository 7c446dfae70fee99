"""Number cards: this month's compliance and CSAT (whitelisted, for the workspace's cards)."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, get_first_day, getdate, today

from moeen_helpdesk.compliance import sql
from moeen_helpdesk.compliance.filters import survey_table
from moeen_helpdesk.compliance.sql import REPORT_ROLES, SURVEY_DOCTYPE
from moeen_helpdesk.compliance.targets import compliance
from moeen_helpdesk.guard.endpoints import endpoint, roles_only


# ------------------------------------------------------------------- number cards
def month_filters() -> dict:
    return {"from_date": get_first_day(today()), "to_date": getdate(today())}


def _pct(value) -> float | None:
    return None if value is None else round(value * 100, 1)


@frappe.whitelist()
@endpoint(check=roles_only(*REPORT_ROLES))
def compliance_this_month(filters: str | dict | list | None = None) -> dict | str:
    """Number card: share of resolution targets met, tickets created this month (decided ones)."""
    period_filters = month_filters()
    rows = compliance(period_filters, group_by=())
    share = rows[0]["resolution_met_share"] if rows else None
    if share is None:
        return "—"
    return {
        "value": _pct(share),
        "fieldtype": "Percent",
        "route": ["query-report", "SLA Compliance by Service"],
        "route_options": {k: str(v) for k, v in period_filters.items()},
    }


@frappe.whitelist()
@endpoint(check=roles_only(*REPORT_ROLES))
def csat_this_month(filters: str | dict | list | None = None) -> dict | str:
    """Number card: CSAT (share of ratings 4-5) of the surveys answered this month."""
    table = survey_table()
    if not table or (
        not sql.SURVEY_TABLE
        and not all(frappe.db.has_column(SURVEY_DOCTYPE, c) for c in ("answered_at", "overall_rating"))
    ):
        return "—"
    start = get_first_day(today())
    rated, satisfied = frappe.db.sql(
        f"""SELECT COUNT(*), SUM(overall_rating >= 4) FROM `{table}`
            WHERE answered_at >= %(start)s AND answered_at < %(end)s AND overall_rating BETWEEN 1 AND 5""",
        {"start": start, "end": add_days(today(), 1)},
    )[0]
    if not rated:
        return "—"
    return {"value": _pct(int(satisfied or 0) / int(rated)), "fieldtype": "Percent"}
