"""Tier Performance (OLA): how long tier 1 (the contact & control center) and tier 2
(the operational units) take on the tickets that went through the tiers, against the
services' tier targets. Per group: tickets, reached tier 2 and the escalation rate,
median / 90th percentile business time per tier, tickets over each tier's target and
the share of decided tier targets met (:func:`moeen_helpdesk.compliance.ola.tier_rows`)."""

import frappe
from frappe import _

from moeen_helpdesk.compliance.ola import tier_rows
from moeen_helpdesk.compliance.sql import REPORT_ROLES
from moeen_helpdesk.guard.reports import report_filters
from moeen_helpdesk.report_display import (
    bar_chart,
    key_columns,
    key_values,
    pct,
    report_keys,
    service_names,
)
from moeen_helpdesk.report_display import column as col


def execute(filters=None):
    frappe.only_for(REPORT_ROLES)
    filters = report_filters(filters)
    keys = report_keys(filters, default="service")
    data = []
    rows = tier_rows(filters, keys)
    names = service_names(rows, keys)
    for r in rows:
        row = key_values(r, keys, names)
        row.update({k: v for k, v in r.items() if k not in keys})
        for share in ("escalation_rate", "tier1_met_share", "tier2_met_share"):
            row[share] = pct(r[share])
        data.append(row)
    return columns(keys), data, None, chart(data, keys)


def columns(keys):
    return key_columns(keys) + [
        col("tickets", _("Tickets in the Tiers"), "Int", 110),
        col("reached_tier2", _("Escalated to Tier 2"), "Int", 110),
        col("escalation_rate", _("Escalation Rate %"), "Percent", 110),
        col("tier1_median", _("Tier 1 Median Time"), "Duration", 130),
        col("tier1_p90", _("Tier 1 90th Percentile Time"), "Duration", 130),
        col("tier1_over", _("Over Target at Tier 1"), "Int", 110),
        col("tier1_met_share", _("Tier 1 Targets Met %"), "Percent", 120),
        col("tier2_median", _("Tier 2 Median Time"), "Duration", 130),
        col("tier2_p90", _("Tier 2 90th Percentile Time"), "Duration", 130),
        col("tier2_over", _("Over Target at Tier 2"), "Int", 110),
        col("tier2_met_share", _("Tier 2 Targets Met %"), "Percent", 120),
    ]


def chart(data, keys):
    return bar_chart(
        data,
        keys,
        [("tier1_met_share", _("Tier 1 Targets Met %")), ("tier2_met_share", _("Tier 2 Targets Met %"))],
        ["#2490ef", "#e2a03f"],
    )
