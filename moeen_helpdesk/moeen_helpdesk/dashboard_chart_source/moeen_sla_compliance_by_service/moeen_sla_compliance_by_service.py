"""Dashboard chart source of the Moeen workspace's "SLA Compliance by Service": the chart of the
report of that name (the last 30 days, per service), in the one call a custom chart makes.

A Report chart costs the workspace three calls in a row (the report's script for its filters,
the report's full run, the report's doctype) before it can draw; this source answers the
chart's data at once, from the report's own code."""

import frappe

from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.moeen_helpdesk.report.sla_compliance_by_service import sla_compliance_by_service


@frappe.whitelist()
@endpoint
def get(
    chart_name: str | None = None,
    chart: str | dict | None = None,
    no_cache: int | str | None = None,
    filters: str | dict | list | None = None,
    from_date: str | None = None,
    to_date: str | None = None,
    timespan: str | None = None,
    time_interval: str | None = None,
    heatmap_year: str | int | None = None,
    refresh: int | str | None = None,
) -> dict:
    """The chart's data (labels and datasets), as the report draws it (its roles only)."""
    chart = sla_compliance_by_service.execute({})[3]
    return chart["data"] if chart else {"labels": [], "datasets": []}
