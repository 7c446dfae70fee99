"""Volume: tickets per channel and beneficiary type."""

from __future__ import annotations

from contextlib import suppress

import frappe
from frappe.utils import cint

from moeen_helpdesk.compliance.fast import catalog_services, fast_conditions, fast_path, rollup
from moeen_helpdesk.compliance.filters import FastPathUnavailable, conditions, fast_scan, from_sql

# ------------------------------------------------------------------------- volume
BENEFICIARY_TYPES = ("Student", "Staff", "Faculty", "External")
CHANNELS = ("Portal", "Phone", "Email", "Walk-in")


def volume_rows(filters: dict | None = None) -> list[dict]:
    """Ticket counts per channel and beneficiary type (None: not set)."""
    filters = dict(filters or {})
    keys = ["channel", "beneficiary_type"]
    path = fast_path(keys, filters)
    if path:
        services = catalog_services()
        cond = fast_conditions(filters, services)
        if cond is None:
            return []
        where, params = cond
        with suppress(FastPathUnavailable), fast_scan():  # an index being rebuilt: the general path below
            rows = frappe.db.sql(
                f"""SELECT {path.group_by(keys)}, COUNT(*) AS tickets FROM {from_sql(False, path.index)}
                    WHERE {where} GROUP BY {path.group_by(keys)}""",
                params,
                as_dict=True,
            )
            out: dict[tuple, int] = {}
            for row in rows:
                key = rollup(path.fine_values(row, keys), keys, services)
                out[key] = out.get(key, 0) + cint(row.tickets)
            return [frappe._dict(channel=k[0], beneficiary_type=k[1], tickets=n) for k, n in out.items()]
    where, params, join = conditions(filters)
    return frappe.db.sql(
        f"""SELECT NULLIF(t.moeen_channel, '') AS channel, NULLIF(t.moeen_beneficiary_type, '') AS beneficiary_type,
              COUNT(*) AS tickets
            FROM {from_sql(join)}
            WHERE {where}
            GROUP BY channel, beneficiary_type""",
        params,
        as_dict=True,
    )
