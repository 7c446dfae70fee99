"""The data this app keeps in Helpdesk's tables, on uninstall and reinstall, and its purge.

The app's Custom Fields (fixtures) live on HD Ticket, HD Team and HD Agent. ``uninstall-app``
deletes the Custom Field records but Frappe keeps their **columns** and the indexes of
``search_index`` fields: the tickets' services, SLA times and tier durations, the teams' tier
marks, the agents' shifts stay in the database. Keeping them is the default (nothing is lost;
a reinstall finds them again). :func:`kept` says what is there; :func:`reconcile` (after a
reinstall) makes it consistent with the new install; :func:`purge` (``bench --site S
moeen-purge --yes``, only once the app is uninstalled) drops them for good.

Reinstall choices (README "Uninstall"):

* links from a kept column to a record that no longer exists — a ticket's service or SLA
  calendar, an agent's shift calendar — are **cleared** (the app's own doctypes went with the
  uninstall; a dangling link would make every later save of the ticket fail Frappe's link
  check). The rest of the ticket's kept data (times, tier durations) stays.
* tier marks and dispatch modes on HD Teams are **kept** when valid (a reinstall restores the
  tier configuration) and cleared when not one of the field's options.
"""

from __future__ import annotations

import json
import os

import frappe

PREFIX = "moeen_"
LAYOUT_TYPES = {"Section Break", "Column Break", "Tab Break", "HTML", "Heading", "Button", "Fold"}
#: kept link columns that must point at an existing record: (doctype, column, target doctype)
KEPT_LINKS = (
    ("HD Ticket", "moeen_service", "Moeen Service"),
    ("HD Ticket", "moeen_sla_calendar", "Moeen Office Calendar"),
    ("HD Agent", "moeen_shift_calendar", "Moeen Office Calendar"),
)
#: kept Select columns of HD Team validated on reinstall
TEAM_MARKS = ("moeen_tier", "moeen_dispatch")


def _fixture_fields() -> list[dict]:
    path = os.path.join(os.path.dirname(__file__), "fixtures", "custom_field.json")
    with open(path) as fh:
        return json.load(fh)


def expected_columns() -> dict[str, list[str]]:
    """The columns the app's Custom Fields add, per doctype (what uninstall keeps)."""
    out: dict[str, list[str]] = {}
    for f in _fixture_fields():
        if f["fieldtype"] not in LAYOUT_TYPES:
            out.setdefault(f["dt"], []).append(f["fieldname"])
    return out


def expected_indexes() -> dict[str, list[str]]:
    """The single-column indexes Frappe adds for the ``search_index`` fields (``<field>_index``)."""
    out: dict[str, list[str]] = {}
    for f in _fixture_fields():
        if f.get("search_index"):
            out.setdefault(f["dt"], []).append(f"{f['fieldname']}_index")
    return out


def _tables(tables: dict | None) -> dict[str, str]:
    """doctype → table: the doctypes the fixtures extend (``tables`` maps some to scratch copies)."""
    return {dt: (tables or {}).get(dt) or f"tab{dt}" for dt in expected_columns()}


def _exists(table: str) -> bool:
    return bool(frappe.db.sql("SHOW TABLES LIKE %s", table))


def _columns(table: str) -> list[str]:
    if not _exists(table):
        return []
    return [r[0] for r in frappe.db.sql(f"SHOW COLUMNS FROM `{table}` LIKE 'moeen\\_%%'")]


def _indexes(table: str) -> list[str]:
    """Indexes of ``table`` that are the app's: named ``moeen_…`` or on a ``moeen_…`` column."""
    if not _exists(table):
        return []
    rows = frappe.db.sql(f"SHOW INDEX FROM `{table}`", as_dict=True)
    return sorted(
        {r.Key_name for r in rows if r.Key_name.startswith(PREFIX) or r.Column_name.startswith(PREFIX)}
    )


def kept(tables: dict | None = None) -> dict:
    """What of the app is in Helpdesk's tables: ``columns``/``indexes`` the design keeps (the
    fixtures' fields and their ``search_index`` indexes), and ``unexpected_columns``/
    ``unexpected_indexes`` (anything else named ``moeen_…``: after an uninstall, a bug)."""
    want_cols, want_idx = expected_columns(), expected_indexes()
    out = {"columns": {}, "indexes": {}, "unexpected_columns": {}, "unexpected_indexes": {}}
    for dt, table in _tables(tables).items():
        for kind, found, want in (
            ("columns", _columns(table), want_cols.get(dt, [])),
            ("indexes", _indexes(table), want_idx.get(dt, [])),
        ):
            expected = sorted(c for c in found if c in want)
            other = sorted(c for c in found if c not in want)
            if expected:
                out[kind][dt] = expected
            if other:
                out["unexpected_" + kind][dt] = other
    return out


def reconcile(tables: dict | None = None) -> dict[str, int]:
    """After a (re)install: clear kept links to missing records and invalid team marks.
    Returns how many values were cleared per ``doctype.column`` (nothing on a fresh site)."""
    t = _tables(tables)
    cleared: dict[str, int] = {}
    for dt, column, target in KEPT_LINKS:
        table = t[dt]
        if column not in _columns(table):
            continue
        target_table = f"tab{target}"
        if _exists(target_table):
            where = f"`{column}` IS NOT NULL AND `{column}` != '' AND `{column}` NOT IN (SELECT name FROM `{target_table}`)"
        else:
            where = f"`{column}` IS NOT NULL AND `{column}` != ''"
        n = frappe.db.sql(f"SELECT COUNT(*) FROM `{table}` WHERE {where}")[0][0]
        if n:
            frappe.db.sql(f"UPDATE `{table}` SET `{column}` = NULL WHERE {where}")
            cleared[f"{dt}.{column}"] = n
    options = {
        f["fieldname"]: [o for o in (f.get("options") or "").split("\n") if o]
        for f in _fixture_fields()
        if f["dt"] == "HD Team"
    }
    team = t["HD Team"]
    present = _columns(team)
    for column in TEAM_MARKS:
        if column not in present or not options.get(column):
            continue
        placeholders = ", ".join(["%s"] * len(options[column]))
        where = f"`{column}` IS NOT NULL AND `{column}` != '' AND `{column}` NOT IN ({placeholders})"
        n = frappe.db.sql(f"SELECT COUNT(*) FROM `{team}` WHERE {where}", options[column])[0][0]
        if n:
            frappe.db.sql(f"UPDATE `{team}` SET `{column}` = NULL WHERE {where}", options[column])
            cleared[f"HD Team.{column}"] = n
    if cleared:
        print(f"Moeen Helpdesk: reconciled data kept from an earlier install: {cleared}")
    return cleared


def purge(tables: dict | None = None) -> dict[str, list[str]]:
    """Drop the app's kept indexes and columns from Helpdesk's tables (irreversible).
    Returns what was dropped, per doctype (``index:<name>`` and column names)."""
    dropped: dict[str, list[str]] = {}
    for dt, table in _tables(tables).items():
        done = []
        for index in _indexes(table):
            frappe.db.sql_ddl(f"ALTER TABLE `{table}` DROP INDEX `{index}`")
            done.append(f"index:{index}")
        columns = _columns(table)
        if columns:
            frappe.db.sql_ddl(f"ALTER TABLE `{table}` " + ", ".join(f"DROP COLUMN `{c}`" for c in columns))
            done += columns
        if done:
            dropped[dt] = done
            if table == f"tab{dt}":
                frappe.clear_cache(doctype=dt)
    return dropped


def is_installed() -> bool:
    return "moeen_helpdesk" in frappe.get_installed_apps()
