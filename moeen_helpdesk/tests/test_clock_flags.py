"""The clocks' generated flags (``moeen_clock_flags``, read by the reports' fast paths) decide
every clock state as the ticket's own columns do (the general path's met rules).

Each state is a literal row: the flags are computed by the very expression the column is
generated with, and the general rule by the general path's SQL, on the same row — so any state
where the two disagree fails, without writing a ticket. Then the column on HD Ticket itself is
checked against the expression."""

from datetime import datetime, timedelta
from itertools import product

import frappe
from frappe.tests.utils import FrappeTestCase

from moeen_helpdesk import report_indexes
from moeen_helpdesk.compliance import sql
from moeen_helpdesk.tests.utils import make_beneficiary

STUDENT = "it-clock-flags@moeen-it.test"
NOW = datetime(2026, 12, 2, 10, 0)
EARLY, LATE = NOW - timedelta(hours=5), NOW + timedelta(hours=5)
COLUMNS = (
    "name", "response_by", "first_responded_on", "resolution_by", "resolution_date", "on_hold_since",
    "moeen_sla_start", "moeen_response_target", "moeen_response_seconds", "moeen_resolution_target",
    "moeen_resolution_seconds",
)  # fmt: skip


def states():
    """Every combination that changes an outcome: no deadline / past / ahead; not stopped, stopped
    before or after the deadline; with or without the app's target, its seconds within, over or
    missing; on hold or not; measured (SLA start) or not; in the grace list or not."""
    deadlines = (None, NOW - timedelta(hours=2), NOW + timedelta(hours=2))
    stops = (None, EARLY, NOW - timedelta(minutes=30))
    targets = ((None, None), (0, 100), (3600, 600), (3600, 7200), (3600, None))
    rows = []
    for i, (deadline, stop, (target, seconds), hold, start, grace) in enumerate(
        product(deadlines, stops, targets, (None, EARLY), (None, EARLY), (False, True))
    ):
        name = f"{'G' if grace else 'R'}{i:04d}"
        rows.append(
            # response and resolution in the same state (the response also stops at resolution:
            # a row with only the resolution date set is among them, through ``stop`` below)
            (name, deadline, stop, deadline, stop, hold, start, target, seconds, target, seconds)
        )
        if stop is not None:  # resolved without a first response
            rows.append(
                (f"{name}x", deadline, None, deadline, stop, hold, start, target, seconds, target, seconds)
            )
    return rows


def typed(column: str, value: str) -> str:
    """A literal typed as the ticket's column is (datetimes compared as datetimes)."""
    if column == "name":
        return value
    if column.startswith("moeen_") and column.endswith(("_target", "_seconds")):
        return f"CAST({value} AS SIGNED)"
    return f"CAST({value} AS DATETIME(6))"


class TestClockFlags(FrappeTestCase):
    def test_the_flags_decide_every_state_as_the_columns_do(self):
        rows = states()
        values = {f"v{i}_{j}": v for i, row in enumerate(rows) for j, v in enumerate(row)}
        literal = " UNION ALL ".join(
            "SELECT " + ", ".join(f"{typed(c, f'%(v{i}_{j})s')} AS `{c}`" for j, c in enumerate(COLUMNS))
            for i in range(len(rows))
        )
        grace = tuple(r[0] for r in rows if r[0].startswith("G"))
        out = frappe.db.sql(
            f"""SELECT t.name,
                  {sql.RESPONSE_MET_SQL} AS response_general, {sql.fast_met_sql("response")} AS response_fast,
                  {sql.RESOLUTION_MET_SQL} AS resolution_general, {sql.fast_met_sql("resolution")} AS resolution_fast,
                  {sql.TIME_COLUMNS["response"][1]} AS response_measured,
                  {sql.FAST_TIME_COLUMNS["response"][1]} AS response_measured_fast,
                  {sql.TIME_COLUMNS["resolution"][1]} AS resolution_measured,
                  {sql.FAST_TIME_COLUMNS["resolution"][1]} AS resolution_measured_fast
                FROM (SELECT b.*, {sql.CLOCK_FLAGS_SQL} AS `{sql.CLOCK_FLAGS_COLUMN}` FROM ({literal}) b) t""",
            {**values, "now": NOW, "response_grace": grace, "resolution_grace": grace},
            as_dict=True,
        )
        self.assertEqual(len(out), len(rows))
        seen = set()
        for r in out:
            for metric in ("response", "resolution"):
                general, fast = r[f"{metric}_general"], r[f"{metric}_fast"]
                self.assertEqual(fast, general, f"{metric} of {r.name}")
                seen.add(general)
                self.assertEqual(bool(r[f"{metric}_measured_fast"]), bool(r[f"{metric}_measured"]), r.name)
        # the states cover met, missed and undecided
        self.assertEqual(seen, {1, 0, None})

    def test_the_ticket_column_is_generated_by_the_expression(self):
        report_indexes.ensure_indexes()
        self.assertTrue(frappe.db.has_column("HD Ticket", sql.CLOCK_FLAGS_COLUMN))
        make_beneficiary(STUDENT, "Student")
        ticket = frappe.get_doc(
            {"doctype": "HD Ticket", "subject": "Clock flags", "raised_by": STUDENT}
        ).insert(ignore_permissions=True)
        frappe.db.set_value(
            "HD Ticket",
            ticket.name,
            {"first_responded_on": EARLY, "response_by": NOW, "moeen_sla_start": EARLY - timedelta(hours=1)},
            update_modified=False,
        )
        stored, expected = frappe.db.sql(
            f"SELECT `{sql.CLOCK_FLAGS_COLUMN}`, {sql.CLOCK_FLAGS_SQL} FROM `tabHD Ticket` WHERE name = %s",
            ticket.name,
        )[0]
        self.assertEqual(stored, expected)
        # responded before its deadline, no target of the app's: met and measured
        self.assertEqual(stored & 7, 3 + 4)
        self.assertEqual(
            frappe.db.sql(
                f"""SELECT COUNT(*) FROM `tabHD Ticket` t
                    WHERE NOT (t.`{sql.CLOCK_FLAGS_COLUMN}` <=> {sql.CLOCK_FLAGS_SQL})"""
            )[0][0],
            0,
        )
        frappe.db.rollback()

    def test_a_generated_column_of_an_earlier_release_gets_this_releases_expression(self):
        # a copy of HD Ticket whose clock flags were generated by another expression, in an index
        table = "_moeen_it_generated"
        frappe.db.sql_ddl(f"DROP TABLE IF EXISTS `{table}`")
        frappe.db.sql_ddl(f"CREATE TABLE `{table}` LIKE `tabHD Ticket`")
        self.addCleanup(frappe.db.sql_ddl, f"DROP TABLE IF EXISTS `{table}`")
        column = sql.CLOCK_FLAGS_COLUMN
        holding = sorted(
            {
                r.Key_name
                for r in frappe.db.sql(
                    f"SHOW INDEX FROM `{table}` WHERE Column_name = %s", column, as_dict=True
                )
            }
        )
        self.assertTrue(holding)  # the covering indexes hold it
        frappe.db.sql_ddl(
            f"ALTER TABLE `{table}` "
            + ", ".join(f"DROP INDEX `{i}`" for i in holding)
            + f", DROP COLUMN `{column}`, ADD COLUMN `{column}` TINYINT AS (0) VIRTUAL"
        )
        frappe.db.sql_ddl(f"ALTER TABLE `{table}` ADD INDEX `{holding[0]}` (moeen_service, `{column}`)")
        frappe.db.sql(
            f"""INSERT INTO `{table}` (name, subject, response_by, first_responded_on, moeen_sla_start)
                VALUES ('9900001', 'old', %s, %s, %s)""",
            (NOW, EARLY, EARLY - timedelta(hours=1)),
        )
        frappe.db.commit()
        self.assertEqual(
            report_indexes.stale_generated_columns(table, {column, *sql.CLOCK_BASE_COLUMNS}), [column]
        )

        added = report_indexes.ensure_indexes({"HD Ticket": table})

        self.assertEqual(report_indexes.stale_generated_columns(table, {column, *sql.CLOCK_BASE_COLUMNS}), [])
        stored, expected = frappe.db.sql(
            f"SELECT `{column}`, {sql.CLOCK_FLAGS_SQL} FROM `{table}` WHERE name = '9900001'"
        )[0]
        self.assertEqual((stored, stored & 7), (expected, 3 + 4))
        # every index that held the column is back whole (none left shrunk to its other columns)
        self.assertEqual(sorted(set(holding) & set(added)), holding)
        for _doctype, name, columns in report_indexes.INDEXES:
            if name in holding:
                self.assertEqual(report_indexes.index_columns(table, name), list(columns))
        # and a second migrate changes nothing
        self.assertEqual(report_indexes.ensure_generated_columns(table), [])
        self.assertEqual(report_indexes.ensure_indexes({"HD Ticket": table}), [])
