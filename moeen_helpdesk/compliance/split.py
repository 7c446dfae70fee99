"""A fast path's scan on a large table, streamed and in two halves at once: the ``GROUP BY`` over
a covering index is CPU work in the database (no disk reads, index order), one core's worth per
query; two halves of the index's first column ``c1``, each on its own connection, keep two cores
at it, and the rows are read as the server sends them (a group's row as soon as the index has
passed it), so the Python that parses a group's lists works while the server computes the next.

The halves split at a value ``s``: ``c1 < s OR c1 IS NULL`` and ``c1 >= s`` — disjoint, and
together every row, in whatever collation the database compares them. Every fast path groups
by its first column, so the halves' groups are disjoint too and their rows are simply put
together. ``s`` balances the rows of the last answer per ``c1`` value (cached a day), else the
column's values (read from the index without a scan). With the first column filtered, one
streamed query answers; below :data:`MIN_ROWS` tickets, or with no connection to spare, the
request's own connection does. (A point inside a dominant value, on the second column, balanced
the halves better but cost more per row than it saved: measured side by side at 1M,
benchmarks/README.md.)

The connections of their own see what is committed: a report reads nothing it wrote itself.
"""

from __future__ import annotations

import threading
from collections import Counter

import frappe
import pymysql
from frappe.database.database import get_query_execution_timeout
from pymysql.cursors import SSDictCursor

from moeen_helpdesk.compliance import sql
from moeen_helpdesk.compliance.filters import fast_scan
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


def split_for(path) -> tuple | None:
    """The split point of a large table's scan on ``path``'s index (None: one query)."""
    table = sql.TICKET_TABLE
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


def _remember(path, seen: list[tuple]) -> None:
    """The tickets per first value of the last split scan (``(value, tickets)`` per row)."""
    weights = Counter()
    for value, tickets in seen:
        weights[(value,)] += tickets
    frappe.cache.set_value(
        WEIGHTS_KEY.format(table=sql.TICKET_TABLE, index=path.index),
        dict(weights),
        expires_in_sec=WEIGHTS_TTL,
    )


def streamed(queries: tuple[str, ...], params: dict, session: list[str], each, conns: list) -> list:
    """``each(row)`` for the rows of the queries, each query on its own connection of ``conns``
    (``session``'s statements first; closed afterwards), all at once. The rows are read as the
    server sends them (an unbuffered cursor) and handed to ``each`` in the thread that read them,
    so the rows already sent are worked on while the server computes the next ones. An error in
    any of them is raised here. The results in the queries' order."""
    results: list = [[] for _ in queries]
    errors: list = []

    def run(i: int):
        try:
            with conns[i].cursor(SSDictCursor) as cursor:
                for statement in session:
                    cursor.execute(statement)
                cursor.execute(queries[i], params)
                results[i] = [each(frappe._dict(r)) for r in cursor]
        except Exception as e:  # raised again in the caller's thread
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(1, len(queries))]
    try:
        for thread in threads:
            thread.start()
        run(0)
    finally:
        for thread in threads:
            thread.join()
        for conn in conns:
            conn.close()
    if errors:
        raise errors[0]
    return [r for part in results for r in part]


def grouped_rows(
    make_sql, params: dict, path, where: str, group_concat_max_len: int | None = None, each=None
) -> list:
    """``each(row)`` (default: the row) for the rows of ``make_sql(half)`` — a fast path's
    ``GROUP BY`` (led by the first column of ``path``'s index) whose WHERE clause ``where`` is
    followed by ``half``. On a large table the rows are streamed from connections of their own,
    in two halves at once where the first column is not filtered (see the module); ``each`` runs
    in the thread that read the row and must not use the database. An index being rebuilt raises
    ``filters.FastPathUnavailable``."""
    with fast_scan():
        return _grouped_rows(make_sql, params, path, where, group_concat_max_len, each)


def _grouped_rows(make_sql, params: dict, path, where: str, group_concat_max_len, each) -> list:
    each = each or (lambda row: row)
    large = frappe.db.db_type == "mariadb" and estimated_rows(sql.TICKET_TABLE) >= MIN_ROWS
    point = split_for(path) if large and path.sql[0] not in where else None
    conns = _connections(2 if point is not None else 1) if large else None
    if not conns:
        return [each(row) for row in frappe.db.sql(make_sql(""), params, as_dict=True)]
    session = []
    if group_concat_max_len:
        session.append(f"SET SESSION group_concat_max_len = {int(group_concat_max_len)}")
    if timeout := get_query_execution_timeout():
        session.append(f"SET SESSION max_statement_time = {int(timeout)}")
    if point is None:
        return streamed((make_sql(""),), params, session, each, conns)
    first, second, split_params = halves_sql(path.sql[0], point)
    name = path.sql[0].split(".", 1)[-1]
    pairs = streamed(
        (make_sql(f" AND {first}"), make_sql(f" AND {second}")),
        {**params, **split_params},
        session,
        lambda row: ((row.get(name), int(row.get("tickets") or 1)), each(row)),
        conns,
    )
    _remember(path, [weight for weight, _ in pairs])
    return [row for _, row in pairs]


def _connections(count: int) -> list | None:
    """``count`` connections of their own, or None when the server has not that many to spare
    (then the request's own connection reads the rows in one scan)."""
    conns = []
    try:
        for _ in range(count):
            conns.append(frappe.db.create_connection())
    except pymysql.err.Error:  # max_connections
        for conn in conns:
            conn.close()
        frappe.log_error(title="Report scan not streamed: no database connection to spare")
        return None
    return conns
