"""Filters and the period: the report filters as SQL conditions, the grouping keys, the
FROM clause and the keys' columns, the indexes and the survey table present."""

from __future__ import annotations

from contextlib import contextmanager

import frappe
import pymysql
from frappe import _
from frappe.utils import add_days, getdate, now_datetime, today

from moeen_helpdesk.compliance import sql
from moeen_helpdesk.compliance.grace import grace_params
from moeen_helpdesk.compliance.sql import DIMENSIONS, FILTER_COLUMNS, SURVEY_DOCTYPE


# --------------------------------------------------------------------------- filters
def period(filters: dict) -> tuple:
    """(first day, last day) of the period; the default is the last 30 days."""
    to_date = getdate(filters.get("to_date") or today())
    from_date = getdate(filters.get("from_date") or add_days(to_date, -29))
    if from_date > to_date:
        frappe.throw(_("The period must start on or before its last day"))
    return from_date, to_date


def group_keys(value) -> list[str]:
    """Grouping keys from a name, a comma-separated text or a list (unknown names refused)."""
    if not value:
        return []
    keys = value.split(",") if isinstance(value, str) else list(value)
    keys = list(dict.fromkeys(k.strip() for k in keys if k and k.strip()))
    for k in keys:
        if k not in DIMENSIONS:
            frappe.throw(_("Unknown grouping {0}").format(k))
    return keys


def values_of(value) -> tuple | None:
    if value in (None, "", [], ()):
        return None
    return tuple(value) if isinstance(value, list | tuple | set) else (value,)


def conditions(filters: dict) -> tuple[str, dict, bool]:
    """(WHERE clause, parameters, needs the service join) for the period and the filters."""
    from_date, to_date = period(filters)
    params = {"from": from_date, "to_next": add_days(to_date, 1), "now": filters.get("now") or now_datetime()}
    where = ["t.creation >= %(from)s", "t.creation < %(to_next)s"]
    join = False
    for key in DIMENSIONS:
        values = values_of(filters.get(key))
        if values is None:
            continue
        column = FILTER_COLUMNS.get(key) or DIMENSIONS[key][0]
        join = join or DIMENSIONS[key][1]
        where.append(f"{column} IN %({key})s")
        params[key] = values
    where = " AND ".join(where)
    return where, grace_params(where, params, from_sql(join)), join


def from_sql(join: bool, index: str | None = None) -> str:
    clause = f"`{sql.TICKET_TABLE}` t"
    if index:
        clause += f" FORCE INDEX (`{index}`)"
    if join:
        clause += f" LEFT JOIN `{sql.SERVICE_TABLE}` s ON s.name = t.moeen_service"
    return clause


def alias_of(key: str) -> str:
    """Column alias of a grouping key: GROUP BY resolves a name against the tables' columns
    first (a joined table may have a column of that name), so the aliases are prefixed."""
    return f"g_{key}"


def select_keys(keys: list[str]) -> str:
    return "".join(f"{DIMENSIONS[k][0]} AS `{alias_of(k)}`, " for k in keys)


def group_sql(keys: list[str]) -> str:
    return ("GROUP BY " + ", ".join(f"`{alias_of(k)}`" for k in keys)) if keys else ""


def row_key(row, keys) -> tuple:
    return tuple(row[alias_of(k)] for k in keys)


def renamed(row, keys) -> dict:
    out = {k: v for k, v in row.items() if not k.startswith("g_")}
    out.update(zip(keys, row_key(row, keys), strict=True))
    return out


def needs_join(keys: list[str], join: bool) -> bool:
    return join or any(DIMENSIONS[k][1] for k in keys)


_INDEX_SEEN: dict = {}
#: MariaDB's "unknown column" and "key does not exist": a fast path's index dropped or not yet
#: holding this release's columns (a migrate rebuilding it, or the code updated before its migrate).
INDEX_CHANGING = (1054, 1176)


class FastPathUnavailable(Exception):
    """A fast path's index is being rebuilt: the general path answers."""


@contextmanager
def fast_scan():
    """Around a fast path's queries: an index that is being rebuilt raises
    :class:`FastPathUnavailable` (the caller takes the general path) and is looked up again next time."""
    try:
        yield
    except pymysql.Error as e:
        if e.args and e.args[0] in INDEX_CHANGING:
            _INDEX_SEEN.clear()
            raise FastPathUnavailable from e
        raise


def index_columns(table: str, name: str) -> list[str]:
    rows = frappe.db.sql(f"SHOW INDEX FROM `{table}` WHERE Key_name = %s", name, as_dict=True)
    return [r.Column_name for r in sorted(rows, key=lambda r: r.Seq_in_index)]


def has_index(table: str, name: str, columns: tuple[str, ...] | None = None) -> bool:
    """The index is there (with exactly ``columns``, when given: not an earlier release's);
    a positive answer is kept for the process (until :func:`fast_scan` meets a rebuild)."""
    key = (frappe.local.site, table, name, columns)
    if not _INDEX_SEEN.get(key):
        if columns is None:
            _INDEX_SEEN[key] = bool(frappe.db.has_index(table, name))
        else:
            _INDEX_SEEN[key] = index_columns(table, name) == list(columns)
    return _INDEX_SEEN[key]


def survey_table() -> str | None:
    """The survey answers' table, or None when the surveys are not installed."""
    if sql.SURVEY_TABLE:
        return sql.SURVEY_TABLE
    if not frappe.db.table_exists(SURVEY_DOCTYPE):
        return None
    return f"tab{SURVEY_DOCTYPE}"


def surveys_installed() -> bool:
    return survey_table() is not None
