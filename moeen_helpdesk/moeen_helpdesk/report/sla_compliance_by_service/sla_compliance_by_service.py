"""SLA Compliance by Service: per group (service by default, or any dimension, and a
second one), the tickets created in the period, the share of response and resolution
targets met, median and 90th percentile business times, reopen rate, breaches per tier
and satisfaction. The figures are :func:`moeen_helpdesk.compliance.targets.compliance`."""

import frappe
from frappe import _

from moeen_helpdesk.compliance.sql import REPORT_ROLES
from moeen_helpdesk.compliance.targets import compliance
from moeen_helpdesk.guard.reports import report_filters
from moeen_helpdesk.report_display import bar_chart, key_columns, key_values, pct, report_keys, service_names
from moeen_helpdesk.report_display import column as col


def execute(filters=None):
    frappe.only_for(REPORT_ROLES)
    filters = report_filters(filters)
    keys = report_keys(filters, default="service")
    rows = compliance(filters, keys)
    names = service_names(rows, keys)
    data = [display_row(r, keys, names) for r in rows]
    return columns(keys), data, None, chart(data, keys)


def display_row(r, keys, names=None):
    row = key_values(r, keys, names or {})
    row.update(
        tickets=r["tickets"],
        response_applicable=r["response_applicable"],
        response_met_share=pct(r["response_met_share"]),
        resolution_applicable=r["resolution_applicable"],
        resolution_met_share=pct(r["resolution_met_share"]),
        response_median=r["response_median"],
        response_p90=r["response_p90"],
        resolution_median=r["resolution_median"],
        resolution_p90=r["resolution_p90"],
        reopen_rate=pct(r["reopen_rate"]),
        breaches_tier1=r["breaches_tier1"],
        breaches_tier2=r["breaches_tier2"],
        rated=r["rated"],
        csat=pct(r["csat"]),
        mean_rating=None if r["mean_rating"] is None else round(r["mean_rating"], 2),
    )
    return row


def columns(keys):
    return key_columns(keys) + [
        col("tickets", _("Tickets"), "Int", 90),
        col("response_applicable", _("Responses Decided"), "Int", 110),
        col("response_met_share", _("Response Targets Met %"), "Percent", 130),
        col("resolution_applicable", _("Resolutions Decided"), "Int", 110),
        col("resolution_met_share", _("Resolution Targets Met %"), "Percent", 140),
        col("response_median", _("Median Time to First Response"), "Duration", 150),
        col("response_p90", _("90th Percentile Time to First Response"), "Duration", 150),
        col("resolution_median", _("Median Time to Resolution"), "Duration", 150),
        col("resolution_p90", _("90th Percentile Time to Resolution"), "Duration", 150),
        col("reopen_rate", _("Reopened %"), "Percent", 100),
        col("breaches_tier1", _("Over Target at Tier 1"), "Int", 110),
        col("breaches_tier2", _("Over Target at Tier 2"), "Int", 110),
        col("rated", _("Rated Tickets"), "Int", 100),
        # One rating per ticket (its latest survey answer); "Satisfaction by Service" counts
        # every answered survey: the labels say which.
        col(
            "csat",
            _("CSAT per Rated Ticket %"),
            "Percent",
            130,
            description=_("Share of rated tickets whose latest survey rating is 4 or 5"),
        ),
        col(
            "mean_rating",
            _("Mean Rating per Ticket"),
            "Float",
            120,
            precision=2,
            description=_("Mean of the rated tickets' latest survey ratings"),
        ),
    ]


def chart(data, keys):
    return bar_chart(
        data,
        keys,
        [
            ("response_met_share", _("Response Targets Met %")),
            ("resolution_met_share", _("Resolution Targets Met %")),
        ],
        ["#2490ef", "#1d6f42"],
    )
