"""Volume by Channel and Beneficiary Type: tickets created in the period, one row per
channel, one column per beneficiary type (and "Not Set"), with the total and its share,
and a total row (share 100 %)."""

import frappe
from frappe import _

from moeen_helpdesk.compliance.sql import REPORT_ROLES
from moeen_helpdesk.compliance.volume import BENEFICIARY_TYPES, CHANNELS, volume_rows
from moeen_helpdesk.guard.reports import report_filters

NOT_SET = "not_set"


def type_field(beneficiary_type):
    return frappe.scrub(beneficiary_type) if beneficiary_type else NOT_SET


def execute(filters=None):
    frappe.only_for(REPORT_ROLES)
    filters = report_filters(filters)
    counts: dict = {}
    for r in volume_rows(filters):
        per = counts.setdefault(r.channel, {})
        field = type_field(r.beneficiary_type if r.beneficiary_type in BENEFICIARY_TYPES else None)
        per[field] = per.get(field, 0) + int(r.tickets)
    grand = sum(sum(per.values()) for per in counts.values())
    order = (
        [c for c in CHANNELS if c in counts]
        + sorted(c for c in counts if c not in CHANNELS and c is not None)
        + ([None] if None in counts else [])
    )
    fields = [type_field(t) for t in BENEFICIARY_TYPES] + [NOT_SET]
    data = []
    for channel in order:
        per = counts[channel]
        row = {"channel": _(channel) if channel else _("Not Set")}
        row.update({f: per.get(f, 0) for f in fields})
        row["total"] = sum(per.values())
        row["share"] = round(row["total"] * 100 / grand, 1) if grand else None
        data.append(row)
    return columns(), data + total_row(data, fields), None, chart(data)


def total_row(data, fields) -> list[dict]:
    """The total row, built here: Frappe's automatic one would average the share column
    (25 % over four channels); the total's share is 100 %."""
    if not data:
        return []
    row = {"channel": _("Total"), "is_total_row": 1, "bold": 1}
    for f in (*fields, "total"):
        row[f] = sum(r[f] for r in data)
    row["share"] = 100.0 if row["total"] else None
    return [row]


def columns():
    cols = [{"fieldname": "channel", "label": _("Channel"), "fieldtype": "Data", "width": 140}]
    for t in BENEFICIARY_TYPES:
        cols.append({"fieldname": type_field(t), "label": _(t), "fieldtype": "Int", "width": 100})
    cols += [
        {"fieldname": NOT_SET, "label": _("Not Set"), "fieldtype": "Int", "width": 100},
        {"fieldname": "total", "label": _("Total"), "fieldtype": "Int", "width": 100},
        {"fieldname": "share", "label": _("Share of Tickets %"), "fieldtype": "Percent", "width": 120},
    ]
    return cols


def chart(data):
    if not data:
        return None
    datasets = [{"name": _(t), "values": [r[type_field(t)] for r in data]} for t in BENEFICIARY_TYPES]
    if any(r[NOT_SET] for r in data):
        datasets.append({"name": _("Not Set"), "values": [r[NOT_SET] for r in data]})
    return {
        "data": {"labels": [r["channel"] for r in data], "datasets": datasets},
        "type": "bar",
        "barOptions": {"stacked": 1},
    }
