"""Satisfaction by Service: survey results grouped by one or two dimensions.

Every survey request of the period counts once, however it reached the beneficiary (the portal
offers each one as soon as it exists; its e-mail is an extra): its overall rating when it was
answered. The statistics are the core's ``group_stats`` / ``summarize``: response rate, CSAT
(share of ratings 4–5) with its Wilson 95% interval, and the mean rating. The delivery channels
are counted beside them: how many were e-mailed, and how many answers came through the e-mail's
link or through the portal. The period is bucketed by the request's date (site time zone).
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from moeen_helpdesk.core.surveys import DIMENSIONS, GROUP_KEYS, group_stats, period_key
from moeen_helpdesk.guard.reports import report_filters
from moeen_helpdesk.report_display import (
    SERVICE_NAME,
    service_label,
    service_name,
    service_name_column,
    service_names,
)
from moeen_helpdesk.surveys.settings import REQUEST, VIA_EMAIL, VIA_PORTAL

GROUP_LABELS = {
    "service": "Service",
    "tier": "Tier",
    "team": "Team",
    "agent": "Agent",
    "channel": "Channel",
    "beneficiary_type": "Beneficiary Type",
    "period": "Period",
}
GROUP_TYPES = {"service": ("Link", "Moeen Service"), "team": ("Link", "HD Team"), "agent": ("Link", "User")}
GRANULARITIES = ("day", "week", "month", "quarter", "year")
FILTER_FIELDS = ("trigger", *DIMENSIONS)


def execute(filters=None):
    filters = report_filters(filters)
    keys = [k for k in (filters.get("group_by") or "service", filters.get("then_by")) if k]
    keys = list(dict.fromkeys(k for k in keys if k in GROUP_KEYS)) or ["service"]
    granularity = filters.get("period") if filters.get("period") in GRANULARITIES else "month"

    conditions = {}
    if filters.get("from_date") and filters.get("to_date"):
        # Frappe stretches a Datetime "between" of dates to the end of the last day.
        conditions["creation"] = ["between", [getdate(filters.from_date), getdate(filters.to_date)]]
    elif filters.get("from_date"):
        conditions["creation"] = [">=", getdate(filters.from_date)]
    elif filters.get("to_date"):
        conditions["creation"] = ["<", add_days(getdate(filters.to_date), 1)]
    for field in FILTER_FIELDS:
        if filters.get(field):
            conditions[field] = filters.get(field)

    requests = frappe.get_all(
        REQUEST,
        filters=conditions,
        fields=[
            "status",
            "overall_rating",
            "creation",
            "sent_at",
            "answered_via",
            *DIMENSIONS,
        ],
    )
    rows = []
    channels: dict[tuple, dict] = {}
    for r in requests:
        row = dict(r)
        row["period"] = period_key(r.creation, granularity)
        row["responded"] = r.status == "Answered"
        row["rating"] = r.overall_rating if r.overall_rating else None
        rows.append(row)
        counts = channels.setdefault(
            tuple(row.get(k) for k in keys), {"emailed": 0, "via_email": 0, "via_portal": 0}
        )
        counts["emailed"] += 1 if r.sent_at else 0
        if row["responded"]:
            # answers from before answered_via existed: a survey never e-mailed was answered in the portal
            via = r.answered_via or (VIA_EMAIL if r.sent_at else VIA_PORTAL)
            counts["via_portal" if via == VIA_PORTAL else "via_email"] += 1

    columns = [c for k in keys for c in _group_columns(k)] + _stat_columns()
    data = []
    grouped = group_stats(rows, keys)
    names = service_names([dict(zip(keys, key, strict=True)) for key, _stats in grouped], keys)
    for key, stats in grouped:
        line = dict(zip(keys, key, strict=True))
        if "service" in keys:
            line[SERVICE_NAME] = service_name(line["service"], names)
        line.update(
            {
                "requests": stats.requests,
                "emailed": channels[key]["emailed"],
                "responses": stats.responses,
                "via_email": channels[key]["via_email"],
                "via_portal": channels[key]["via_portal"],
                "response_rate": _pct(stats.response_rate),
                "rated": stats.rated,
                "satisfied": stats.satisfied,
                "csat": _pct(stats.csat),
                "csat_low": _pct(stats.csat_low),
                "csat_high": _pct(stats.csat_high),
                "mean": round(stats.mean, 2) if stats.mean is not None else None,
            }
        )
        data.append(line)
    return columns, data, None, _chart(keys, data)


def _pct(value):
    return round(value * 100, 1) if value is not None else None


def _group_columns(key):
    """A grouping's column; a service's name (in the user's language) beside its code."""
    fieldtype, options = GROUP_TYPES.get(key, ("Data", None))
    column = {"fieldname": key, "label": _(GROUP_LABELS[key]), "fieldtype": fieldtype, "width": 180}
    if options:
        column["options"] = options
    return [column, service_name_column()] if key == "service" else [column]


def _label(line, key):
    if key == "service":
        return service_label(line)
    return str(line.get(key) if line.get(key) is not None else _("Not Set"))


def _stat_columns():
    return [
        {"fieldname": "requests", "label": _("Surveys"), "fieldtype": "Int", "width": 90},
        {"fieldname": "emailed", "label": _("E-mailed"), "fieldtype": "Int", "width": 100},
        {"fieldname": "responses", "label": _("Responses"), "fieldtype": "Int", "width": 100},
        {"fieldname": "via_email", "label": _("Answered via E-mail Link"), "fieldtype": "Int", "width": 170},
        {"fieldname": "via_portal", "label": _("Answered via Portal"), "fieldtype": "Int", "width": 150},
        {"fieldname": "response_rate", "label": _("Response Rate %"), "fieldtype": "Percent", "width": 130},
        {"fieldname": "rated", "label": _("Rated"), "fieldtype": "Int", "width": 90},
        {"fieldname": "satisfied", "label": _("Satisfied (4–5)"), "fieldtype": "Int", "width": 120},
        {"fieldname": "csat", "label": _("CSAT %"), "fieldtype": "Percent", "width": 100},
        {"fieldname": "csat_low", "label": _("CSAT Low (95%)"), "fieldtype": "Percent", "width": 130},
        {"fieldname": "csat_high", "label": _("CSAT High (95%)"), "fieldtype": "Percent", "width": 130},
        {"fieldname": "mean", "label": _("Mean Rating"), "fieldtype": "Float", "precision": 2, "width": 110},
    ]


def _chart(keys, data):
    if not data:
        return None
    labels = [" / ".join(_label(line, k) for k in keys) for line in data]
    return {
        "data": {
            "labels": labels,
            "datasets": [{"name": _("CSAT %"), "values": [line["csat"] or 0 for line in data]}],
        },
        "type": "bar",
        "colors": ["#1d6f42"],
    }
