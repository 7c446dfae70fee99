"""A fast path's scan in two halves at once: on a large table the ``GROUP BY`` over a covering
index is CPU work in the database (no disk reads, index order), one core's worth per query; two
halves of the index's first column ``c1``, each on its own connection, keep two cores at it.

The halves split at a value ``s``: ``c1 < s OR c1 IS NULL`` and ``c1 >= s`` — disjoint, and
together every row, in whatever collation the database compares them. Every fast path groups
by its first column, so the halves' groups are disjoint too and their rows are simply put
together. ``s`` balances the rows of the last answer per ``c1`` value (cached a day), else the
column's values (read from the index without a scan). Below :data:`MIN_ROWS` tickets, or with
the first column filtered, one query answers. (A point inside a dominant value, on the second
column, balanced the halves better but cost more per row than it saved: measured side by side
at 1M, benchmarks/README.md.)

The second connection sees what is committed: a report reads nothing it wrote itself.
"""

from __future__ import annotations

import threading
from collections import Counter

import frappe
import pymysql
from frappe.database.database import get_query_execution_timeout
from pymysql.cursors import DictCursor

from moeen_helpdesk.compliance import sql
from moeen_helpdesk.core.partition import even_weights, split_point

#: Tickets (the table's estimate) from which a scan is split.
MIN_ROWS = 200_000
WEIGHTS_KEY = "moeen_helpdesk:report_split:{table}:{index}"  # a dict {(c1,): tickets}
WEIGHTS_TTL = 24 * 3600


def estimated_rows(table: str) -> int:
    row = frappe.db.sql(
        "SELECT table_rows FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = %s",
        table,
    )
    return int(row[0][0] or 0) if row else 0


def _first_values(table: str, index: str, column: str) -> list:
    return [r[0] for r in frappe.db.sql(f"SELECT DISTINCT {column} FROM `{table}` t FORCE INDEX (`{index}`)")]


def split_for(path, filtered: bool) -> tuple | None:
    """The split point of this scan, or None (one query)."""
    table = sql.TICKET_TABLE
    if filtered or frappe.db.db_type != "mariadb" or estimated_rows(table) < MIN_ROWS:
        return None
    weights = frappe.cache.get_value(WEIGHTS_KEY.format(table=table, index=path.index), expires=True)
    if not isinstance(weights, dict) or not weights or not all(isinstance(k, tuple) for k in weights):
        weights = even_weights(_first_values(table, path.index, path.sql[0]))
    return split_point(weights)


def halves_sql(column: str, point: tuple) -> tuple[str, str, dict]:
    """The two halves' conditions at ``point`` (``(s,)``, see the module) and their parameters."""
    return (
        f"({column} < %(moeen_split)s OR {column} IS NULL)",
        f"{column} >= %(moeen_split)s",
        {"moeen_split": point[0]},
    )


def _remember(path, rows: list) -> None:
    name = path.sql[0].split(".", 1)[-1]
    weights = Counter()
    for row in rows:
        weights[(row.get(name),)] += int(row.get("tickets") or 1)
    frappe.cache.set_value(
        WEIGHTS_KEY.format(table=sql.TICKET_TABLE, index=path.index),
        dict(weights),
        expires_in_sec=WEIGHTS_TTL,
    )


def both_halves(queries: tuple[str, str], params: dict, session: list[str], conn=None) -> list:
    """The rows of the two queries, the first on this connection, the second at the same time on
    ``conn``, a connection of its own (default: a new one with Frappe's settings and conversions;
    ``session``'s statements first). The connection is closed afterwards."""
    conn = conn or frappe.db.create_connection()
    out: dict = {}

    def other():
        try:
            with conn.cursor(DictCursor) as cursor:
                for statement in session:
                    cursor.execute(statement)
                cursor.execute(queries[1], params)
                out["rows"] = [frappe._dict(r) for r in cursor.fetchall()]
        except Exception as e:  # raised again in the caller's thread
            out["error"] = e

    thread = threading.Thread(target=other, daemon=True)
    try:
        thread.start()
        rows = list(frappe.db.sql(queries[0], params, as_dict=True))
    finally:
        thread.join()
        conn.close()
    if "error" in out:
        raise out["error"]
    return rows + out["rows"]


def grouped_rows(make_sql, params: dict, path, where: str, group_concat_max_len: int | None = None) -> list:
    """The rows of ``make_sql(half)`` — a fast path's ``GROUP BY`` (led by the first column of
    ``path``'s index) whose WHERE clause ``where`` is followed by ``half`` — in two halves at once
    where that pays (see the module)."""
    point = split_for(path, filtered=path.sql[0] in where)
    conn = _second_connection() if point is not None else None
    if conn is None:
        return frappe.db.sql(make_sql(""), params, as_dict=True)
    session = []
    if group_concat_max_len:
        session.append(f"SET SESSION group_concat_max_len = {int(group_concat_max_len)}")
    if timeout := get_query_execution_timeout():
        session.append(f"SET SESSION max_statement_time = {int(timeout)}")
    first, second, split_params = halves_sql(path.sql[0], point)
    queries = (make_sql(f" AND {first}"), make_sql(f" AND {second}"))
    rows = both_halves(queries, {**params, **split_params}, session, conn)
    _remember(path, rows)
    return rows


def _second_connection():
    """A connection for the second half, or None when the server has none to spare (one scan)."""
    try:
        return frappe.db.create_connection()
    except pymysql.err.Error:  # max_connections
        frappe.log_error(title="Report scan not split: no second database connection")
        return None
