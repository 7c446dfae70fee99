"""What uninstall keeps in Helpdesk's tables, the reconciliation on reinstall and the explicit purge.

Run on scratch copies (``CREATE TABLE … LIKE``) of HD Ticket, HD Team and HD Agent: the app
stays installed on the test site while the copies play a site it was uninstalled from.
"""

import frappe
from frappe.tests.utils import FrappeTestCase

from moeen_helpdesk import kept_data

SCRATCH = {
    dt: f"_moeen_purge_test_{dt.replace(' ', '_').lower()}" for dt in ("HD Ticket", "HD Team", "HD Agent")
}


def columns(table):
    return [r[0] for r in frappe.db.sql(f"SHOW COLUMNS FROM `{table}`")]


def indexes(table):
    return {r.Key_name for r in frappe.db.sql(f"SHOW INDEX FROM `{table}`", as_dict=True)}


class TestKeptData(FrappeTestCase):
    def setUp(self):
        for dt, table in SCRATCH.items():
            frappe.db.sql_ddl(f"DROP TABLE IF EXISTS `{table}`")
            frappe.db.sql_ddl(f"CREATE TABLE `{table}` LIKE `tab{dt}`")

    def tearDown(self):
        for table in SCRATCH.values():
            frappe.db.sql_ddl(f"DROP TABLE IF EXISTS `{table}`")

    def test_kept_lists_the_fixture_columns_and_search_indexes(self):
        found = kept_data.kept(SCRATCH)
        self.assertEqual(
            found["columns"], {dt: sorted(cols) for dt, cols in kept_data.expected_columns().items()}
        )
        self.assertEqual(found["indexes"]["HD Ticket"], sorted(kept_data.expected_indexes()["HD Ticket"]))
        # The reports' named indexes and their generated columns are dropped by
        # before_uninstall: on a copy they are "unexpected".
        self.assertEqual(
            found["unexpected_columns"],
            {"HD Ticket": ["moeen_clock_flags", "moeen_tier_flags", "moeen_tier_reached"]},
        )
        self.assertIn("moeen_tier_state_team_index", found["unexpected_indexes"]["HD Ticket"])
        self.assertGreaterEqual(len(found["columns"]["HD Ticket"]), 25)

    def test_reconcile_clears_dangling_links_and_invalid_tier_marks_only(self):
        ticket, team = SCRATCH["HD Ticket"], SCRATCH["HD Team"]
        service = frappe.get_all("Moeen Service", pluck="name", limit=1)
        values = [(9100001, "gone", "NO-SUCH-SERVICE")] + ([(9100002, "kept", service[0])] if service else [])
        for name, subject, svc in values:
            frappe.db.sql(
                f"INSERT INTO `{ticket}` (name, subject, moeen_service) VALUES (%s, %s, %s)",
                (name, subject, svc),
            )
        frappe.db.sql(
            f"INSERT INTO `{team}` (name, team_name, moeen_tier, moeen_dispatch) VALUES "
            "('t-ok', 't-ok', 'Tier 1', 'Load Balancing'), ('t-bad', 't-bad', 'Tier 9', 'Chaos')"
        )
        cleared = kept_data.reconcile(SCRATCH)
        self.assertEqual(cleared["HD Ticket.moeen_service"], 1)
        self.assertEqual(cleared["HD Team.moeen_tier"], 1)
        self.assertEqual(cleared["HD Team.moeen_dispatch"], 1)
        rows = dict(frappe.db.sql(f"SELECT subject, moeen_service FROM `{ticket}`"))
        self.assertIsNone(rows["gone"])
        if service:
            self.assertEqual(rows["kept"], service[0])
        marks = {
            r[0]: (r[1], r[2])
            for r in frappe.db.sql(f"SELECT name, moeen_tier, moeen_dispatch FROM `{team}`")
        }
        self.assertEqual(marks, {"t-ok": ("Tier 1", "Load Balancing"), "t-bad": (None, None)})
        self.assertEqual(kept_data.reconcile(SCRATCH), {})  # a second run finds nothing

    def test_purge_leaves_no_column_or_index_of_the_app(self):
        other = {t: [c for c in columns(t) if not c.startswith("moeen_")] for t in SCRATCH.values()}
        dropped = kept_data.purge(SCRATCH)
        self.assertIn("moeen_service", dropped["HD Ticket"])
        self.assertIn("index:moeen_service_index", dropped["HD Ticket"])
        for table in SCRATCH.values():
            self.assertFalse([c for c in columns(table) if c.startswith("moeen_")], table)
            self.assertFalse([i for i in indexes(table) if i.startswith("moeen_")], table)
            self.assertEqual(columns(table), other[table])  # Helpdesk's own columns untouched
        self.assertEqual(
            kept_data.kept(SCRATCH),
            {"columns": {}, "indexes": {}, "unexpected_columns": {}, "unexpected_indexes": {}},
        )
        self.assertEqual(kept_data.purge(SCRATCH), {})

    def test_the_real_tables_keep_their_columns_while_installed(self):
        self.assertTrue(kept_data.is_installed())
        self.assertIn("moeen_service", kept_data.kept()["columns"]["HD Ticket"])
