"""Deflection figures per service beside the ticket volume, for the report "Knowledge Deflection
by Service": two grouped queries (the deflection rows by service and event, the tickets by
service) over the same period; the rates are the core's (:func:`moeen_helpdesk.core.knowledge.figures`)."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, getdate

from moeen_helpdesk.core import knowledge as core
from moeen_helpdesk.knowledge.deflection import DOCTYPE

TICKET = "HD Ticket"


def _period(column: str, filters) -> tuple[list[str], dict]:
    where, values = [], {}
    if filters.get("from_date"):
        where.append(f"{column} >= %(from_date)s")
        values["from_date"] = getdate(filters.from_date)
    if filters.get("to_date"):
        where.append(f"{column} < %(to_date)s")
        values["to_date"] = add_days(getdate(filters.to_date), 1)
    return where, values


def _choice(where: list, values: dict, column: str, key: str, value) -> None:
    if not value:
        return
    values[key] = tuple(value) if isinstance(value, list | tuple) else (value,)
    where.append(f"{column} IN %({key})s")


def service_figures(filters) -> dict[str, core.Figures]:
    """Service -> figures of the period (``from_date`` / ``to_date``), optionally for some
    ``service``\\ s and one ``beneficiary_type``."""
    where, values = _period("d.`at`", filters)
    _choice(where, values, "d.`service`", "service", filters.get("service"))
    _choice(where, values, "d.`beneficiary_type`", "beneficiary_type", filters.get("beneficiary_type"))
    events = frappe.db.sql(
        f"""SELECT d.`service`, d.`event`, COUNT(*) FROM `tab{DOCTYPE}` d
            {"WHERE " + " AND ".join(where) if where else ""}
            GROUP BY d.`service`, d.`event`""",
        values,
    )
    where, values = _period("t.`creation`", filters)
    where.append("IFNULL(t.`moeen_service`, '') != ''")
    _choice(where, values, "t.`moeen_service`", "service", filters.get("service"))
    _choice(where, values, "t.`moeen_beneficiary_type`", "beneficiary_type", filters.get("beneficiary_type"))
    tickets = frappe.db.sql(
        f"""SELECT t.`moeen_service`, COUNT(*) FROM `tab{TICKET}` t WHERE {" AND ".join(where)}
            GROUP BY t.`moeen_service`""",
        values,
    )
    return core.figures([(s, e, int(n)) for s, e, n in events], {s: int(n) for s, n in tickets})
