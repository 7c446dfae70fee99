"""Satisfaction by Service: survey results grouped by one or two dimensions.

Every sent survey request of the period counts once (its overall rating when it
was answered); the statistics are the core's ``group_stats`` / ``summarize``:
response rate, CSAT (share of ratings 4–5) with its Wilson 95% interval, and the
mean rating. The period is bucketed by the request's sent date (site time zone).
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from moeen_helpdesk.core.surveys import GROUP_KEYS, group_stats, period_key

REQUEST = "Moeen Survey Request"
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
FILTER_FIELDS = ("trigger", "service", "tier", "team", "agent", "channel", "beneficiary_type")


def execute(filters=None):
    filters = frappe._dict(filters or {})
    keys = [k for k in (filters.get("group_by") or "service", filters.get("then_by")) if k]
    keys = list(dict.fromkeys(k for k in keys if k in GROUP_KEYS)) or ["service"]
    granularity = filters.get("period") if filters.get("period") in GRANULARITIES else "month"

    conditions = {"sent_at": ["is", "set"]}
    if filters.get("from_date") and filters.get("to_date"):
        # Frappe stretches a Datetime "between" of dates to the end of the last day.
        conditions["sent_at"] = ["between", [getdate(filters.from_date), getdate(filters.to_date)]]
    elif filters.get("from_date"):
        conditions["sent_at"] = [">=", getdate(filters.from_date)]
    elif filters.get("to_date"):
        conditions["sent_at"] = ["<", add_days(getdate(filters.to_date), 1)]
    for field in FILTER_FIELDS:
        if filters.get(field):
            conditions[field] = filters.get(field)

    requests = frappe.get_all(
        REQUEST,
        filters=conditions,
        fields=[
            "status",
            "overall_rating",
            "sent_at",
            "service",
            "tier",
            "team",
            "agent",
            "channel",
            "beneficiary_type",
        ],
    )
    rows = []
    for r in requests:
        row = dict(r)
        row["period"] = period_key(r.sent_at, granularity)
        row["responded"] = r.status == "Answered"
        row["rating"] = r.overall_rating if r.overall_rating else None
        rows.append(row)

    columns = [_group_column(k) for k in keys] + _stat_columns()
    data = []
    for key, stats in group_stats(rows, keys):
        line = dict(zip(keys, key, strict=True))
        line.update(
            {
                "requests": stats.requests,
                "responses": stats.responses,
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


def _group_column(key):
    fieldtype, options = GROUP_TYPES.get(key, ("Data", None))
    column = {"fieldname": key, "label": _(GROUP_LABELS[key]), "fieldtype": fieldtype, "width": 180}
    if options:
        column["options"] = options
    return column


def _stat_columns():
    return [
        {"fieldname": "requests", "label": _("Surveys Sent"), "fieldtype": "Int", "width": 110},
        {"fieldname": "responses", "label": _("Responses"), "fieldtype": "Int", "width": 110},
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
    labels = [
        " / ".join(str(line.get(k) if line.get(k) is not None else _("Not Set")) for k in keys)
        for line in data
    ]
    return {
        "data": {
            "labels": labels,
            "datasets": [{"name": _("CSAT %"), "values": [line["csat"] or 0 for line in data]}],
        },
        "type": "bar",
        "colors": ["#1d6f42"],
    }
