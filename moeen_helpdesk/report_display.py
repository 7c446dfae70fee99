"""How the app's reports show their figures, shared by every report in
``moeen_helpdesk/moeen_helpdesk/report/``: the grouping keys a report's filters ask for, the
grouping columns and values (a service's name in the user's language beside its code, «بدون
خدمة» / "No service" for none, other values translated), shares as percentages, and bar charts
of the largest groups. The figures themselves are :mod:`moeen_helpdesk.compliance`'s."""

from frappe import _

from moeen_helpdesk.compliance.filters import group_keys
from moeen_helpdesk.compliance.sql import DIMENSION_LABELS, DIMENSION_LINKS, NO_SERVICE
from moeen_helpdesk.compliance.sql import service_names as names_of_services

CHART_GROUPS = 30


def report_keys(filters, default):
    keys = group_keys([filters.get("group_by") or default, filters.get("then_by") or ""])
    return keys or [default]


SERVICE_NAME = "service_name"


def service_name_column() -> dict:
    """The column of a service's name, beside its code (every report grouping by service)."""
    return {"fieldname": SERVICE_NAME, "label": _("Service Name"), "fieldtype": "Data", "width": 220}


def service_name(code, names: dict) -> str:
    """A service's name from :func:`moeen_helpdesk.compliance.sql.service_names` in the user's language; «بدون خدمة» /
    "No service" for none."""
    return names.get(code, code) if code else _(NO_SERVICE)


def service_label(row) -> str:
    """A chart's label of a row's service: "code · name"."""
    return " · ".join(str(v) for v in (row.get("service"), row.get(SERVICE_NAME)) if v)


def column(fieldname, label, fieldtype, width=120, **kw) -> dict:
    """A report's column."""
    return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **kw}


def key_columns(keys):
    """The grouping columns; a service's name (in the user's language) beside its code."""
    out = []
    for key in keys:
        out.append(key_column(key))
        if key == "service":
            out.append(service_name_column())
    return out


def key_column(key):
    column = {"fieldname": key, "label": _(DIMENSION_LABELS[key]), "width": 170}
    if key in DIMENSION_LINKS:
        column.update(fieldtype="Link", options=DIMENSION_LINKS[key])
    else:
        column["fieldtype"] = "Data"
    return column


def key_value(key, value):
    if value is None:
        return None if key == "service" else _("Not Set")  # no service: named in the name column
    return value if key in DIMENSION_LINKS else _(value)


def service_names(rows, keys) -> dict:
    return names_of_services(r["service"] for r in rows) if "service" in keys else {}


def key_values(r, keys, names) -> dict:
    """The row's grouping values for display: codes and links as they are, the service's name
    beside its code («بدون خدمة» / "No service" for tickets without one), other values translated."""
    row = {k: key_value(k, r[k]) for k in keys}
    if "service" in keys:
        row[SERVICE_NAME] = service_name(r["service"], names)
    return row


def pct(share):
    return None if share is None else round(share * 100, 1)


def label(row, keys):
    """A chart label: the grouping values, a service as "code · name"."""
    parts = []
    for k in keys:
        if k == "service":
            parts.append(service_label(row))
        else:
            parts.append(str(row[k]))
    return " / ".join(parts)


def bar_chart(data, keys, series, colors):
    """A bar chart of the largest groups: ``series`` is [(field, label)], one bar set each."""
    if not data:
        return None
    top = sorted(data, key=lambda r: -r["tickets"])[:CHART_GROUPS]
    return {
        "data": {
            "labels": [label(r, keys) for r in top],
            "datasets": [{"name": name, "values": [r[field] or 0 for r in top]} for field, name in series],
        },
        "type": "bar",
        "colors": colors,
        "axisOptions": {"xIsSeries": 0},
    }
