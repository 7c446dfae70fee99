"""Indexes the compliance reports, the number cards and the review reminders need.

Idempotent (``frappe.db.add_index`` skips an index that exists). An index whose
columns are not all there yet is skipped: on ``migrate`` the post-model-sync patches
run before the fixtures add the app's HD Ticket fields, and ``install-app`` only marks
patches as done — so :func:`ensure_indexes` is also meant to run after the fixtures
(``after_migrate`` / ``after_sync``). Every index has two or more columns, so
``add_index`` never adds a Property Setter. :func:`drop_indexes` (uninstall) removes
them: MariaDB would keep an index, shrunk to Helpdesk's columns, after the app's
columns are dropped.

The fast paths group by the tier a ticket reached through ``moeen_tier_reached``, and read
the tier facts through ``moeen_tier_flags`` and the clocks' stopped outcomes through
``moeen_clock_flags``: VIRTUAL columns of HD Ticket generated from its own columns
(``compliance.sql.TIER_COLUMN_SQL`` / ``TIER_FLAGS_SQL`` / ``CLOCK_FLAGS_SQL``: always in step,
whoever writes them; no Custom Field, nothing to maintain). They are added before the indexes
and dropped after them. Each carries its expression's :func:`marker` as its comment: one an earlier
release made is re-made on migrate, and an index whose columns changed in a release is rebuilt
(at 1,000,000 tickets the three covering indexes took 34-38 s together).
"""

import hashlib

import frappe

from moeen_helpdesk.compliance.fast import FAST_PATHS
from moeen_helpdesk.compliance.filters import index_columns
from moeen_helpdesk.compliance.sql import (
    CLOCK_BASE_COLUMNS,
    CLOCK_FLAGS_COLUMN,
    CLOCK_FLAGS_SQL,
    TIER_BASE_COLUMNS,
    TIER_COLUMN,
    TIER_COLUMN_SQL,
    TIER_FLAGS_COLUMN,
    TIER_FLAGS_SQL,
)

#: (doctype, index name, columns)
INDEXES = (
    # the reports' fast paths: fine groups in index order, then every column the figures read
    *(("HD Ticket", path.index, path.columns) for path in FAST_PATHS),
    # running clocks past their deadline, in their calendar's grace (compliance.grace)
    ("HD Ticket", "moeen_response_due_index", ("response_by", "first_responded_on")),
    ("HD Ticket", "moeen_resolution_due_index", ("resolution_by", "resolution_date")),
    # periods (number cards, the general path)
    ("HD Ticket", "moeen_creation_service_index", ("creation", "moeen_service")),
    # number cards: breaching soon, open tickets per tier
    ("HD Ticket", "moeen_sla_state_category_index", ("moeen_sla_state", "status_category")),
    ("HD Ticket", "moeen_tier_state_team_index", ("moeen_tier_state", "agent_group")),
    # review reminders
    ("Moeen Service", "moeen_review_due_index", ("next_review_date", "is_active")),
)


#: Indexes of earlier drafts, removed where found.
OBSOLETE = (("HD Ticket", "moeen_survey_join_index"), ("HD Ticket", "moeen_team_creation_index"))


def _table(doctype: str, table_for: dict | None) -> str:
    return (table_for or {}).get(doctype) or f"tab{doctype}"


#: The generated columns (name, expression, the columns it is computed from).
GENERATED = (
    (TIER_COLUMN, TIER_COLUMN_SQL, TIER_BASE_COLUMNS),
    (TIER_FLAGS_COLUMN, TIER_FLAGS_SQL, TIER_BASE_COLUMNS),
    (CLOCK_FLAGS_COLUMN, CLOCK_FLAGS_SQL, CLOCK_BASE_COLUMNS),
)


def marker(expr: str) -> str:
    """The comment a generated column carries: which expression made it."""
    return "moeen:" + hashlib.sha1(expr.encode()).hexdigest()[:16]


def generated_sql(column: str, expr: str) -> str:
    return f"ADD COLUMN IF NOT EXISTS `{column}` TINYINT AS {expr} VIRTUAL COMMENT '{marker(expr)}'"


def stale_generated_columns(table: str, present: set) -> list[str]:
    """The generated columns on ``table`` that an earlier release's expression made: their
    comment is not this release's :func:`marker` (a read, no DDL while nothing changed)."""
    have = {c: expr for c, expr, base in GENERATED if c in present and set(base) <= present}
    if not have:
        return []
    comments = dict(
        frappe.db.sql(
            """SELECT COLUMN_NAME, COLUMN_COMMENT FROM information_schema.COLUMNS
               WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s AND COLUMN_NAME IN %s""",
            (table, tuple(have)),
        )
    )
    return [c for c, expr in have.items() if comments.get(c) != marker(expr)]


def ensure_generated_columns(table: str) -> list[str]:
    """The generated columns on ``table`` once their base columns exist, each with this
    release's expression; returns those added (or re-added). A column an earlier release's
    expression made is dropped with the indexes that hold it (so none is rebuilt shrunk) and
    added again; :func:`ensure_indexes` then adds those indexes back."""
    present = {r[0] for r in frappe.db.sql(f"SHOW COLUMNS FROM `{table}`")}
    stale = stale_generated_columns(table, present)
    if stale:
        holding = {
            r.Key_name
            for r in frappe.db.sql(
                f"SHOW INDEX FROM `{table}` WHERE Column_name IN %(stale)s",
                {"stale": tuple(stale)},
                as_dict=True,
            )
        }
        frappe.db.sql_ddl(
            f"ALTER TABLE `{table}` "
            + ", ".join(
                [f"DROP INDEX `{i}`" for i in sorted(holding)] + [f"DROP COLUMN `{c}`" for c in stale]
            )
        )
        present -= set(stale)
    missing = [(c, expr) for c, expr, base in GENERATED if c not in present and set(base) <= present]
    if missing:
        frappe.db.sql_ddl(
            f"ALTER TABLE `{table}` " + ", ".join(generated_sql(c, expr) for c, expr in missing)
        )
    return [c for c, _expr in missing]


def ensure_indexes(table_for: dict | None = None) -> list[str]:
    """Add the missing indexes whose table and columns exist (an index of that name with
    other columns is rebuilt); returns the names added.
    ``table_for`` maps a doctype to another table (the benchmark's scratch copy)."""
    added = []
    for doctype, name in OBSOLETE:
        table = _table(doctype, table_for)
        if frappe.db.sql("SHOW TABLES LIKE %s", table) and frappe.db.has_index(table, name):
            frappe.db.sql_ddl(f"ALTER TABLE `{table}` DROP INDEX `{name}`")
    ticket_table = _table("HD Ticket", table_for)
    if frappe.db.sql("SHOW TABLES LIKE %s", ticket_table):
        ensure_generated_columns(ticket_table)
    for doctype, name, columns in INDEXES:
        table = _table(doctype, table_for)
        if not frappe.db.sql("SHOW TABLES LIKE %s", table):
            continue
        present = {r[0] for r in frappe.db.sql(f"SHOW COLUMNS FROM `{table}`")}
        if not set(columns) <= present:
            continue
        existing = index_columns(table, name)
        if existing == list(columns):
            continue
        if existing:
            frappe.db.sql_ddl(f"ALTER TABLE `{table}` DROP INDEX `{name}`")
        if table == f"tab{doctype}":
            frappe.db.add_index(doctype, list(columns), index_name=name)
        else:
            frappe.db.sql_ddl(
                f"ALTER TABLE `{table}` ADD INDEX IF NOT EXISTS `{name}` ({', '.join(columns)})"
            )
        added.append(name)
    return added


def drop_indexes() -> list[str]:
    """Remove the indexes and the generated columns (uninstall)."""
    dropped = []
    for doctype, name, *_columns in INDEXES + OBSOLETE:
        table = f"tab{doctype}"
        if frappe.db.sql("SHOW TABLES LIKE %s", table) and frappe.db.has_index(table, name):
            frappe.db.sql_ddl(f"ALTER TABLE `{table}` DROP INDEX `{name}`")
            dropped.append(name)
    if frappe.db.sql("SHOW TABLES LIKE %s", "tabHD Ticket"):
        frappe.db.sql_ddl(
            "ALTER TABLE `tabHD Ticket` "
            + ", ".join(f"DROP COLUMN IF EXISTS `{c}`" for c, *_rest in GENERATED)
        )
    return dropped
