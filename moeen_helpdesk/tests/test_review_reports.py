"""Compliance figures, the three reports, the SLA review and its reminders, on tickets with
known business times.

Tickets live on the shipped "Contact Center" calendar (Sun–Thu 07:30–16:00, Riyadh) in the week
of Sunday 2026-11-29; every time below is a Riyadh wall time converted to the site's zone. They
move Open → Replied (first response; the wait on the beneficiary is hold time) → Open → Resolved
through status changes, and the figures are judged at Monday 30 Nov 12:00.

Service IT-REV-A (response 2 h, resolution 8 h, tier targets 1 h / 6 h):

====  =========  ==========================================  =========  ==========  ==========
T     created    path                                        response   resolution  met (resp/res)
====  =========  ==========================================  =========  ==========  ==========
t1    Sun 08:00  Replied 09:00, Open 10:00, Resolved 12:00   1 h        3 h         yes / yes
t2    Sun 08:00  Replied 11:00, Open 11:30, Resolved Mon 9   3 h        9 h         no / no
t3    Sun 09:00  Replied 09:30, Resolved 10:30               0.5 h      0.5 h       yes / yes
t4    Sun 10:00  still open                                  -          -           no / no (past due)
t5    Mon 08:00  Replied 08:30, Resolved 09:00, reopened     0.5 h      1 h         yes / yes
                 10:00, Resolved 11:00
====  =========  ==========================================  =========  ==========  ==========

Service IT-REV-B (response 1 h, resolution 4 h): t6 Sun 13:00, Replied 13:30, Resolved 15:00.
"""

from datetime import date, datetime
from unittest.mock import patch
from zoneinfo import ZoneInfo

import frappe
import pymysql
from frappe.desk.doctype.notification_log.notification_log import NotificationLog
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, get_system_timezone, getdate

from moeen_helpdesk import report_indexes, review
from moeen_helpdesk.calendars import ship_default_calendars
from moeen_helpdesk.compliance import filters as compliance_filters
from moeen_helpdesk.compliance import split
from moeen_helpdesk.compliance import sql as compliance_sql
from moeen_helpdesk.compliance.cards import compliance_this_month, csat_this_month
from moeen_helpdesk.compliance.fast import COVER_INDEX, FAST_PATHS, can_use_fast, fast_path
from moeen_helpdesk.compliance.filters import has_index, surveys_installed
from moeen_helpdesk.compliance.ola import tier_rows
from moeen_helpdesk.compliance.sql import DIMENSIONS, service_names
from moeen_helpdesk.compliance.targets import compliance
from moeen_helpdesk.compliance.volume import volume_rows
from moeen_helpdesk.core.review import METRICS, recommend_target
from moeen_helpdesk.core.review import compliance as core_compliance
from moeen_helpdesk.patches.v0_1 import volume_report_own_total_row
from moeen_helpdesk.sla import status as sla_status
from moeen_helpdesk.tests.utils import (
    forget_tier_caches,
    killed_on_call,
    make_agent,
    make_beneficiary,
    make_service,
    worker_killed_midway,
)

H = 3600
STUDENT = "it-rev-student@moeen-it.test"
OWNER = "it-rev-owner@moeen-it.test"
MANAGER = "it-rev-manager@moeen-it.test"
A, B, C = "IT-REV-A", "IT-REV-B", "IT-REV-C"
RIYADH = ZoneInfo("Asia/Riyadh")
PERIOD = {"from_date": "2026-11-28", "to_date": "2026-12-01"}


def rt(day: int, hour: int, minute: int = 0) -> datetime:
    """A Riyadh wall time in Nov 29 .. Dec 3 2026 (day < 15: December), as site time."""
    month = 11 if day >= 15 else 12
    aware = datetime(2026, month, day, hour, minute, tzinfo=RIYADH)
    return aware.astimezone(ZoneInfo(get_system_timezone())).replace(tzinfo=None)


NOW = rt(30, 12)


class TestReviewReports(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.addClassCleanup(forget_tier_caches)
        # The report indexes (DDL commits: before any data of this class is written). The
        # patch only runs on migrate; install-app marks it done without running it.
        report_indexes.ensure_indexes()
        super().setUpClass()
        ship_default_calendars()
        make_beneficiary(STUDENT, "Student")
        make_agent(OWNER)
        make_agent(MANAGER, roles=("Agent", "Moeen Service Manager"))
        frappe.db.set_single_value("Moeen Settings", "reopen_resets_resolution", 1)
        make_service(
            A,
            calendar="Contact Center",
            response_target=2 * H,
            resolution_target=8 * H,
            tier1_target=H,
            tier2_target=6 * H,
            review_interval_months=3,
            service_owner=OWNER,
            next_review_date=None,
            last_review_date=None,
        )
        make_service(
            B,
            calendar="Contact Center",
            response_target=H,
            resolution_target=4 * H,
            kind="Incident",
            service_owner=OWNER,
            next_review_date=None,
            last_review_date=None,
        )
        make_service(C, service_owner=OWNER, next_review_date=None, last_review_date=None)  # reminders only
        cls.t = cls.make_tickets()

    # ---------------------------------------------------------------- fixtures
    @classmethod
    def ticket(cls, service, at):
        with cls.freeze_time(cls, at):
            return frappe.get_doc(
                {
                    "doctype": "HD Ticket",
                    "subject": "Review figures",
                    "raised_by": STUDENT,
                    "moeen_service": service,
                }
            ).insert()

    @classmethod
    def move(cls, ticket, *steps):
        for status, at in steps:
            with cls.freeze_time(cls, at):
                ticket.reload()
                ticket.status = status
                ticket.save()
        return ticket

    @classmethod
    def make_tickets(cls):
        t = {}
        t[1] = cls.move(
            cls.ticket(A, rt(29, 8)), ("Replied", rt(29, 9)), ("Open", rt(29, 10)), ("Resolved", rt(29, 12))
        )
        t[2] = cls.move(
            cls.ticket(A, rt(29, 8)),
            ("Replied", rt(29, 11)),
            ("Open", rt(29, 11, 30)),
            ("Resolved", rt(30, 9)),
        )
        t[3] = cls.move(cls.ticket(A, rt(29, 9)), ("Replied", rt(29, 9, 30)), ("Resolved", rt(29, 10, 30)))
        t[4] = cls.ticket(A, rt(29, 10))
        t[5] = cls.move(
            cls.ticket(A, rt(30, 8)),
            ("Replied", rt(30, 8, 30)),
            ("Resolved", rt(30, 9)),
            ("Open", rt(30, 10)),
            ("Resolved", rt(30, 11)),
        )
        t[6] = cls.move(cls.ticket(B, rt(29, 13)), ("Replied", rt(29, 13, 30)), ("Resolved", rt(29, 15)))
        # Tier data (written by the tier engine in production) and the intake dimensions.
        tiers = {
            1: ("Resolved", 3000, 0, None),
            2: ("Resolved", 1200, 30000, "Tier 2"),
            3: ("Resolved", 1800, 0, None),
            4: ("Tier 2", 4000, 20000, "Tier 1, Tier 2"),
            5: ("Resolved", 600, 0, None),
            6: ("Resolved", 900, 0, None),
        }
        dims = {
            1: ("Portal", "Student"),
            2: ("Portal", "Student"),
            3: ("Phone", "Staff"),
            4: ("Phone", "Student"),
            5: ("Email", None),
            6: ("Walk-in", "Faculty"),
        }
        for i, (state, s1, s2, over) in tiers.items():
            frappe.db.set_value(
                "HD Ticket",
                t[i].name,
                {
                    "moeen_tier_state": state,
                    "moeen_tier1_seconds": s1,
                    "moeen_tier2_seconds": s2,
                    "moeen_overrun_tier": over,
                    "moeen_channel": dims[i][0],
                    "moeen_beneficiary_type": dims[i][1],
                },
                update_modified=False,
            )
        # Survey answers write the ticket's rating back as Helpdesk's feedback_rating (rating / 5).
        cls.surveys = surveys_installed()
        for i, rating in ((1, 5), (2, 2), (6, 4)):
            frappe.db.set_value("HD Ticket", t[i].name, "feedback_rating", rating / 5, update_modified=False)
        return t

    # ------------------------------------------------------------------- helpers
    def figures(self, group_by=("service",), **filters):
        rows = compliance({**PERIOD, "service": [A, B], "now": NOW, **filters}, group_by)
        return {tuple(r[k] for k in group_by): r for r in rows}

    def expected_rows(self):
        """Per-ticket rows for the core's compliance(), from the table above."""
        rows = [
            dict(
                service=A,
                response_met=True,
                resolution_met=True,
                response_seconds=H,
                resolution_seconds=3 * H,
                rating=5,
            ),
            dict(
                service=A,
                response_met=False,
                resolution_met=False,
                response_seconds=3 * H,
                resolution_seconds=9 * H,
                breach_tier="Tier 2",
                rating=2,
            ),
            dict(
                service=A,
                response_met=True,
                resolution_met=True,
                response_seconds=H // 2,
                resolution_seconds=H // 2,
            ),
            # over both tiers' targets: the core takes one breach tier per row (see core_expected)
            dict(service=A, response_met=False, resolution_met=False, breach_tier="Tier 1", both_tiers=True),
            dict(
                service=A,
                response_met=True,
                resolution_met=True,
                response_seconds=H // 2,
                resolution_seconds=H,
                reopened=1,
            ),
            dict(
                service=B,
                response_met=True,
                resolution_met=True,
                response_seconds=H // 2,
                resolution_seconds=H // 2,
                rating=4,
            ),
        ]
        if not self.surveys:
            for r in rows:
                r.pop("rating", None)
        return rows

    @staticmethod
    def core_expected(rows, keys):
        """The core's figures of the per-ticket rows, with the second tier of the tickets over both."""
        out = core_compliance(rows, keys)
        for group in out:
            group["breaches_tier2"] += sum(
                1 for r in rows if r.get("both_tiers") and all(r.get(k) == group[k] for k in keys)
            )
        return out

    # ------------------------------------------------------------------- tests
    def test_durations_are_business_time_without_hold(self):
        got = {
            i: frappe.db.get_value(
                "HD Ticket", self.t[i].name, ["moeen_response_seconds", "moeen_resolution_seconds"]
            )
            for i in self.t
        }
        self.assertEqual(
            got,
            {
                1: (H, 3 * H),
                2: (3 * H, 9 * H),
                3: (H // 2, H // 2),
                4: (0, 0),
                5: (H // 2, H),
                6: (H // 2, H // 2),
            },
        )
        self.assertEqual(frappe.db.get_value("HD Ticket", self.t[5].name, "moeen_reopen_count"), 1)

    def test_backfill_restores_durations(self):
        frappe.db.set_value(
            "HD Ticket",
            self.t[2].name,
            {"moeen_response_seconds": 0, "moeen_resolution_seconds": 0},
            update_modified=False,
        )
        self.assertGreaterEqual(review.backfill_durations(), 1)
        self.assertEqual(
            frappe.db.get_value(
                "HD Ticket", self.t[2].name, ["moeen_response_seconds", "moeen_resolution_seconds"]
            ),
            (3 * H, 9 * H),
        )

    def test_compliance_by_service_every_figure(self):
        got = self.figures()
        a = got[(A,)]
        self.assertEqual(set(a), {"service", *METRICS})
        self.assertEqual((a["tickets"], a["response_applicable"], a["response_met"]), (5, 5, 3))
        self.assertEqual((a["resolution_applicable"], a["resolution_met"]), (5, 3))
        self.assertAlmostEqual(a["response_met_share"], 0.6)
        self.assertAlmostEqual(a["resolution_met_share"], 0.6)
        self.assertEqual((a["response_median"], a["response_p90"]), (2700, 3 * H))
        self.assertEqual((a["resolution_median"], a["resolution_p90"]), (2 * H, 9 * H))
        self.assertEqual((a["reopened_tickets"], a["reopen_rate"]), (1, 0.2))
        self.assertEqual((a["breaches_tier1"], a["breaches_tier2"]), (1, 2))
        if self.surveys:
            self.assertEqual((a["rated"], a["satisfied"], a["csat"], a["mean_rating"]), (2, 1, 0.5, 3.5))
        else:
            self.assertEqual((a["rated"], a["csat"], a["mean_rating"]), (0, None, None))
        b = got[(B,)]
        self.assertEqual((b["tickets"], b["response_met_share"], b["resolution_met_share"]), (1, 1.0, 1.0))
        self.assertEqual((b["response_median"], b["response_p90"]), (H // 2, H // 2))
        # the SQL figures are the core's figures of the same tickets
        self.assertEqual(list(got.values()), self.core_expected(self.expected_rows(), ["service"]))

    def test_fast_path_equals_general_path(self):
        self.assertTrue(has_index(compliance_sql.TICKET_TABLE, COVER_INDEX))
        base = {**PERIOD, "service": [A, B], "now": NOW}
        for keys in (
            ("service",),
            ("category",),
            ("kind",),
            ("channel",),
            ("beneficiary_type",),
            ("service", "channel"),
            (),
        ):
            self.assertTrue(can_use_fast(list(keys), base), keys)
            self.assertEqual(compliance(base, keys), compliance(base, keys, fast=False), keys)
        for extra in ({"channel": "Phone"}, {"kind": "Incident"}, {"category": "IT-CAT"}, {"service": A}):
            self.assertEqual(
                compliance({**base, **extra}, ["service"]),
                compliance({**base, **extra}, ["service"], fast=False),
                extra,
            )
        self.assertEqual(tier_rows(base, ["service"]), tier_rows(base, ["service"], fast=False))
        self.assertEqual(tier_rows(base, ["channel"]), tier_rows(base, ["channel"], fast=False))
        for keys in (("team",), ("team", "service"), ("team", "category")):
            self.assertTrue(can_use_fast(list(keys), base), keys)
            self.assertEqual(compliance(base, keys), compliance(base, keys, fast=False), keys)
            self.assertEqual(tier_rows(base, keys), tier_rows(base, keys, fast=False), keys)
        self.assertTrue(can_use_fast(["team"], base))

    def test_every_grouping_and_filter_has_a_fast_path_equal_to_the_general_one(self):
        # the tier reached (a generated column in the covering indexes) and team x channel /
        # beneficiary type, alone and with every other key, over the period (every ticket in it);
        # then filters, on this class's services
        period = {**PERIOD, "now": NOW}
        groups = list(DIMENSIONS)
        pairs = [(k,) for k in groups] + [(a, b) for i, a in enumerate(groups) for b in groups[i + 1 :]]
        for keys in pairs:
            self.assertTrue(can_use_fast(list(keys), period), keys)
            # the tier figures' fast path carries the service (its tier targets) in every grouping
            self.assertIsNotNone(fast_path(list(keys), period, by_service=True), keys)
            self.assertEqual(compliance(period, keys), compliance(period, keys, fast=False), keys)
            self.assertEqual(tier_rows(period, keys), tier_rows(period, keys, fast=False), keys)
        base = {**period, "service": [A, B]}
        tickets = frappe.get_all(
            "HD Ticket",
            {"moeen_service": ["in", [A, B]]},
            ["agent_group", "moeen_channel", "moeen_beneficiary_type"],
        )
        filters = [{"tier": "Tier 1"}, {"tier": "Tier 2"}, {"tier": ["Tier 1", "Tier 2"]}, {"tier": "Tier 3"}]
        filters += [{"team": t.agent_group, "channel": t.moeen_channel} for t in tickets if t.agent_group]
        filters += [{"team": t.agent_group, "tier": "Tier 2"} for t in tickets if t.agent_group]
        filters += [{"team": t.agent_group, "beneficiary_type": t.moeen_beneficiary_type} for t in tickets]
        for extra in filters:
            for keys in (("service",), ("tier",), ("team", "beneficiary_type"), ("team", "channel")):
                self.assertTrue(can_use_fast(list(keys), {**base, **extra}), (extra, keys))
                self.assertIsNotNone(fast_path(list(keys), {**base, **extra}, by_service=True), (extra, keys))
                got = compliance({**base, **extra}, keys)
                self.assertEqual(got, compliance({**base, **extra}, keys, fast=False), (extra, keys))
                got = tier_rows({**base, **extra}, keys)
                self.assertEqual(got, tier_rows({**base, **extra}, keys, fast=False), (extra, keys))
        self.assertEqual(
            {r["tier"]: r["tickets"] for r in compliance(base, ["tier"])},
            {"Tier 1": 4, "Tier 2": 2},
        )

    def test_a_scan_split_in_two_halves_gives_the_figures_of_one_scan(self):
        # On a large table a fast path's scan runs as two halves of its index's first column at
        # once (compliance.split). Here every table counts as large, and the second half runs on
        # this connection (this class's tickets are not committed: another connection would not
        # see them); the halves, the NULL / empty first column and the rows put together are the
        # split's own.
        period = {**PERIOD, "now": NOW}
        halves = []

        def on_this_connection(queries, params, session, each, conns):
            for conn in conns:
                conn.close()
            if len(queries) == 2:
                halves.append(params["moeen_split"])
            return [each(r) for q in queries for r in frappe.db.sql(q, params, as_dict=True)]

        one_scan = {}
        groups = list(DIMENSIONS)
        pairs = [(k,) for k in groups] + [(a, b) for i, a in enumerate(groups) for b in groups[i + 1 :]]
        for keys in pairs:
            one_scan[keys] = (compliance(period, keys), tier_rows(period, keys))
        self.addCleanup(self.forget_split_weights)
        # weights of another shape (an earlier release's, by first value only) are not used
        key = split.WEIGHTS_KEY.format(table=compliance_sql.TICKET_TABLE, index=COVER_INDEX)
        frappe.cache.set_value(key, {A + B: 1, "ZZ": 5}, expires_in_sec=60)
        with patch.object(split, "MIN_ROWS", 0):
            point = split.split_for(FAST_PATHS[0])
        self.assertTrue(
            isinstance(point, tuple) and point[0] in frappe.get_all("Moeen Service", pluck="name"), point
        )
        with patch.object(split, "MIN_ROWS", 0), patch.object(split, "streamed", on_this_connection):
            for keys in pairs:
                self.assertEqual((compliance(period, keys), tier_rows(period, keys)), one_scan[keys], keys)
            # a filter on the first column: one query
            before = len(halves)
            compliance({**period, "service": [A]}, ["service"])
            self.assertEqual(len(halves), before)
        self.assertTrue(halves, "no scan was split")
        # the catalog's index (services A, B, C…) was split and its weights learnt for the next scans
        key = split.WEIGHTS_KEY.format(table=compliance_sql.TICKET_TABLE, index=COVER_INDEX)
        self.assertTrue(frappe.cache.get_value(key, expires=True))

    def test_the_halves_hold_every_ticket_once(self):
        # at values below, inside and above the ones used, empty included (missing values: in the first)
        table = compliance_sql.TICKET_TABLE
        total = frappe.db.sql(f"SELECT COUNT(*) FROM `{table}` t")[0][0]
        self.assertGreater(total, 0)
        for column in ("t.moeen_service", "t.moeen_channel", "t.agent_group"):
            for point in ((A,), (B,), (C,), ("",), ("Phone",), ("zzzz",)):
                first, second, params = split.halves_sql(column, point)
                count = [
                    frappe.db.sql(f"SELECT COUNT(*) FROM `{table}` t WHERE {cond}", params)[0][0]
                    for cond in (first, second, f"({first}) AND ({second})")
                ]
                self.assertEqual((count[0] + count[1], count[2]), (total, 0), (column, point))

    @staticmethod
    def forget_split_weights():
        for path in FAST_PATHS:
            frappe.cache.delete_value(
                split.WEIGHTS_KEY.format(table=compliance_sql.TICKET_TABLE, index=path.index)
            )

    def test_the_second_half_reads_what_frappe_reads(self):
        # its own connection: Frappe's conversions (decimals as floats, datetimes), the session's
        # statements, the rows of both queries; an error there is raised here
        q = "SELECT %(v)s + 0.5 AS d, CAST('2026-01-02 03:04:05' AS DATETIME) AS at, @@group_concat_max_len AS g"

        def two():
            return [frappe.db.create_connection() for _ in range(2)]

        session = ["SET SESSION group_concat_max_len = 123456"]
        rows = split.streamed((q, q), {"v": 1}, session, lambda r: r, two())
        mine = frappe.db.sql(q, {"v": 1}, as_dict=True)[0]
        self.assertEqual(len(rows), 2)
        for row in rows:
            self.assertEqual((row.d, row.at), (mine.d, mine.at))
            self.assertEqual(type(row.d), type(mine.d))
            self.assertEqual(int(row.g), 123456)
        # each row through ``each``, in the queries' order, every row of a longer answer
        many = "SELECT seq AS n FROM seq_1_to_2500"
        got = split.streamed((many, f"{many} WHERE seq > %(v)s"), {"v": 2400}, [], lambda r: -r.n, two())
        self.assertEqual(got, [-n for n in range(1, 2501)] + [-n for n in range(2401, 2501)])
        for queries in (
            ("SELECT 1 AS x", "SELECT * FROM `tabNo Such Table`"),
            ("SELECT * FROM `tabNo Such Table`", "SELECT 1 AS x"),
        ):
            with self.assertRaises(Exception):
                split.streamed(queries, {}, [], lambda r: r, two())
        with self.assertRaises(ZeroDivisionError):  # an error in ``each``, in the other thread
            split.streamed(("SELECT 1 AS x", "SELECT 0 AS x"), {}, [], lambda r: 1 / r.x, two())

    def test_with_no_second_connection_the_scan_is_not_split(self):
        period = {**PERIOD, "now": NOW}
        one_scan = compliance(period, ["service"])
        self.addCleanup(self.forget_split_weights)

        def refused():
            raise pymysql.err.OperationalError(1040, "Too many connections")

        with (
            patch.object(split, "MIN_ROWS", 0),
            patch.object(frappe.db, "create_connection", refused),
            patch.object(split, "streamed") as halves,
        ):
            self.assertEqual(compliance(period, ["service"]), one_scan)
        halves.assert_not_called()

    def test_an_index_being_rebuilt_is_answered_by_the_general_path(self):
        # A process that saw the covering index keeps that answer; a migrate then drops it to
        # rebuild it (here: the path pointed at an index that is not there, as MariaDB then finds).
        period = {**PERIOD, "now": NOW}
        path = FAST_PATHS[0]
        gone = "moeen_index_being_rebuilt"
        expected = (
            compliance(period, ["service"], fast=False),
            tier_rows(period, ["service"], fast=False),
            sorted(map(dict, volume_rows({**period, "service": [A, B]})), key=repr),
        )
        self.addCleanup(self.forget_split_weights)
        for min_rows in (split.MIN_ROWS, 0):  # the request's connection; streamed from its own
            seen = (frappe.local.site, compliance_sql.TICKET_TABLE, gone, path.columns)
            with patch.object(path, "index", gone), patch.object(split, "MIN_ROWS", min_rows):
                compliance_filters._INDEX_SEEN[seen] = True
                self.assertEqual(compliance(period, ["service"]), expected[0])
                self.assertNotIn(seen, compliance_filters._INDEX_SEEN)  # looked up again next time
                compliance_filters._INDEX_SEEN[seen] = True
                self.assertEqual(tier_rows(period, ["service"]), expected[1])
                compliance_filters._INDEX_SEEN[seen] = True
                got = sorted(map(dict, volume_rows({**period, "service": [A, B]})), key=repr)
                self.assertEqual(got, expected[2])
                # and with the lookup redone, the index that is not there is not used
                self.assertIsNot(fast_path(["service"], period), path)
        # any other database error is not taken for a rebuild
        with patch.object(
            split, "_grouped_rows", side_effect=pymysql.err.OperationalError(1205, "Lock wait")
        ):
            with self.assertRaises(pymysql.err.OperationalError):
                compliance(period, ["service"])

    def test_tier_figures_by_team_and_channel_count_each_services_tier_targets(self):
        # IT-REV-A has tier targets, IT-REV-B none: the fast path's fine groups carry the
        # service (team x channel x beneficiary type x service), so each ticket's tier part
        # is decided only where its own service has that target
        base = {**PERIOD, "service": [A, B], "now": NOW}
        team_channel = {**base, "team": "Any team", "channel": "Phone"}
        for keys, f in (
            (["team", "channel"], base),
            (["team", "beneficiary_type"], base),
            (["service"], team_channel),
        ):
            self.assertEqual(fast_path(keys, f, by_service=True).index, "moeen_report_team_audience_index")
        names = ("tickets", "reached_tier2", "tier1_decided", "tier1_met", "tier2_decided", "tier2_met")
        for fast in (None, False):
            per: dict = {}
            for r in tier_rows(base, ["team", "channel"], fast=fast):
                acc = per.setdefault(r["channel"], dict.fromkeys(names, 0))
                for name in names:
                    acc[name] += r[name]
            self.assertEqual(
                {c: tuple(v.values()) for c, v in per.items()},
                {
                    "Portal": (2, 1, 2, 2, 1, 0),  # t1 tier 1 met; t2 tier 1 met, over tier 2
                    "Phone": (2, 1, 2, 1, 1, 0),  # t3 tier 1 met; t4 over both tiers
                    "Email": (1, 0, 1, 1, 0, 0),  # t5
                    "Walk-in": (1, 0, 0, 0, 0, 0),  # t6: IT-REV-B has no tier targets
                },
                fast,
            )
        ticket = self.t[3].name
        frappe.db.set_value("HD Ticket", ticket, "moeen_overrun_tier", "Tier 1", update_modified=False)
        try:  # the generated tier flags follow the tier columns, whoever writes them
            phone = [r for r in tier_rows(base, ["team", "channel"]) if r["channel"] == "Phone"]
            self.assertEqual(sum(r["tier1_met"] for r in phone), 0)
            self.assertEqual(sum(r["tier1_over"] for r in phone), 2)
        finally:
            frappe.db.set_value("HD Ticket", ticket, "moeen_overrun_tier", None, update_modified=False)

    def test_other_groupings_and_filters(self):
        rows = self.expected_rows()
        kinds = {A: "Request", B: "Incident"}
        for r in rows:
            r["kind"] = kinds[r["service"]]
        self.assertEqual(list(self.figures(("kind",)).values()), self.core_expected(rows, ["kind"]))
        by_channel = self.figures(("channel", "beneficiary_type"))
        self.assertEqual(by_channel[("Portal", "Student")]["tickets"], 2)
        self.assertEqual(by_channel[("Email", None)]["tickets"], 1)
        by_tier = self.figures(("tier",))
        self.assertEqual({k: v["tickets"] for k, v in by_tier.items()}, {("Tier 1",): 4, ("Tier 2",): 2})
        self.assertEqual(self.figures(tier="Tier 2")[(A,)]["tickets"], 2)
        self.assertEqual(self.figures(channel="Phone")[(A,)]["tickets"], 2)
        category = frappe.db.get_value("Moeen Service", A, "category")
        self.assertEqual(self.figures(("category",))[(category,)]["tickets"], 6)
        # the period is by creation: Monday only
        self.assertEqual(self.figures(from_date="2026-11-30", to_date="2026-11-30")[(A,)]["tickets"], 1)
        # overall (no grouping)
        self.assertEqual(compliance({**PERIOD, "service": [A, B], "now": NOW}, ())[0]["tickets"], 6)

    def test_compliance_report(self):
        from moeen_helpdesk.moeen_helpdesk.report.sla_compliance_by_service import (
            sla_compliance_by_service as rep,
        )

        with self.freeze_time(NOW):
            columns, data, _msg, chart = rep.execute({**PERIOD, "service": A})
        self.assertEqual([c["fieldname"] for c in columns][:3], ["service", "service_name", "tickets"])
        row = data[0]
        # the service's name in the user's language beside its code, in the rows and the chart
        self.assertEqual(
            row["service_name"],
            frappe.db.get_value(
                "Moeen Service", A, "service_name_ar" if frappe.local.lang == "ar" else "service_name_en"
            ),
        )
        self.assertEqual(chart["data"]["labels"], [f"{A} · {row['service_name']}"])
        self.assertEqual(service_names([A], "ar"), {A: f"خدمة {A}"})
        self.assertEqual(service_names([A], "en"), {A: f"Service {A}"})
        csat = next(c for c in columns if c["fieldname"] == "csat")
        self.assertIn("latest", csat["description"])
        self.assertEqual(len(data), 1)
        self.assertEqual(
            (row["service"], row["tickets"], row["response_met_share"], row["resolution_met_share"]),
            (A, 5, 60.0, 60.0),
        )
        self.assertEqual(
            (row["response_median"], row["resolution_p90"], row["reopen_rate"]), (2700, 9 * H, 20.0)
        )
        self.assertEqual((row["breaches_tier1"], row["breaches_tier2"]), (1, 2))
        self.assertEqual(row["csat"], 50.0 if self.surveys else None)
        self.assertEqual(chart["data"]["datasets"][0]["values"], [60.0])
        # through Frappe's report runner too (loads the standard report record and module)
        with self.freeze_time(NOW):
            result = frappe.get_attr("frappe.desk.query_report.run")(
                "SLA Compliance by Service", filters={**PERIOD, "service": A, "group_by": "channel"}
            )
        channels = {r["channel"]: r["tickets"] for r in result["result"] if isinstance(r, dict)}
        self.assertEqual(channels, {"Email": 1, "Phone": 2, "Portal": 2})

    def test_no_service_and_unmeasured_times_read_right(self):
        from moeen_helpdesk.moeen_helpdesk.report.sla_compliance_by_service import (
            sla_compliance_by_service as rep,
        )

        with self.freeze_time(NOW):
            plain = frappe.get_doc(
                {"doctype": "HD Ticket", "subject": "no service", "raised_by": STUDENT}
            ).insert()
        try:
            with self.freeze_time(NOW):
                _cols, data, _msg, chart = rep.execute({"from_date": "2026-11-30", "to_date": "2026-11-30"})
            none = next(r for r in data if r["service"] is None)
            self.assertEqual(none["service_name"], frappe._("No service"))
            self.assertNotIn("Not Set", none.values())
            self.assertIn(frappe._("No service"), chart["data"]["labels"])
            # nothing measured: blank (None), never 0
            self.assertEqual((none["response_median"], none["response_p90"]), (None, None))
        finally:
            frappe.delete_doc("HD Ticket", plain.name, force=True, ignore_permissions=True)
        self.assertEqual(frappe._("No service", lang="ar"), "بدون خدمة")

    def test_recommendations_read_in_words(self):
        wd = review.working_day_seconds("Contact Center")
        self.assertEqual(review.human(H, wd, "en"), "1 hour")
        self.assertEqual(review.human(3 * H, wd, "en"), "3 hours")
        self.assertEqual(review.human(wd, wd, "en"), "1 working day")
        self.assertEqual(review.human(2 * H, wd, "ar"), "ساعتين")
        self.assertEqual(review.human(wd, wd, "ar"), "يوم عمل")

    def test_tier_performance_report(self):
        rows = {r["service"]: r for r in tier_rows({**PERIOD, "service": [A, B]}, ["service"])}
        a = rows[A]
        self.assertEqual((a["tickets"], a["reached_tier2"], a["escalation_rate"]), (5, 2, 0.4))
        self.assertEqual((a["tier1_median"], a["tier1_p90"], a["tier1_over"]), (1800, 4000, 1))
        self.assertEqual((a["tier1_decided"], a["tier1_met"], a["tier1_met_share"]), (5, 4, 0.8))
        self.assertEqual((a["tier2_median"], a["tier2_p90"], a["tier2_over"]), (25000, 30000, 2))
        self.assertEqual((a["tier2_decided"], a["tier2_met"], a["tier2_met_share"]), (2, 0, 0.0))
        # B has no tier targets: nothing decided
        self.assertEqual((rows[B]["tier1_decided"], rows[B]["tier1_met_share"]), (0, None))
        result = frappe.get_attr("frappe.desk.query_report.run")(
            "Tier Performance (OLA)", filters={**PERIOD, "service": A}
        )
        row = result["result"][0]
        self.assertEqual(
            (row["escalation_rate"], row["tier1_met_share"], row["tier2_median"]), (40.0, 80.0, 25000)
        )
        self.assertTrue(result["chart"])

    def test_volume_report(self):
        from moeen_helpdesk.moeen_helpdesk.report.volume_by_channel_and_beneficiary_type import (
            volume_by_channel_and_beneficiary_type as rep,
        )

        _cols, data, _msg, chart = rep.execute({**PERIOD, "service": [A, B]})
        rows = {r["channel"]: r for r in data}
        self.assertEqual(list(rows), ["Portal", "Phone", "Email", "Walk-in", frappe._("Total")])
        self.assertEqual((rows["Portal"]["student"], rows["Portal"]["total"]), (2, 2))
        self.assertEqual(
            (rows["Phone"]["student"], rows["Phone"]["staff"], rows["Phone"]["total"]), (1, 1, 2)
        )
        self.assertEqual((rows["Email"]["not_set"], rows["Walk-in"]["faculty"]), (1, 1))
        *channels, total = data
        self.assertAlmostEqual(sum(r["share"] for r in channels), 100.0, places=0)
        self.assertEqual(chart["barOptions"], {"stacked": 1})
        # the total row is built by the report: shares add up to 100 %, not their average
        self.assertEqual(total["channel"], frappe._("Total"))
        self.assertEqual((total["total"], total["student"], total["share"]), (6, 3, 100.0))
        self.assertNotIn(frappe._("Total"), chart["data"]["labels"])
        self.assertFalse(
            frappe.db.get_value("Report", "Volume by Channel and Beneficiary Type", "add_total_row")
        )

    def test_a_site_from_before_the_reports_own_total_gets_it_by_the_patch(self):
        # Frappe keeps add_total_row from the database when it syncs the report's JSON
        name = "Volume by Channel and Beneficiary Type"
        frappe.db.set_value("Report", name, "add_total_row", 1, update_modified=False)
        volume_report_own_total_row.execute()
        self.assertEqual(frappe.db.get_value("Report", name, "add_total_row"), 0)

    def test_review_fetch_submit_apply_new_tickets_only(self):
        doc = frappe.get_doc(
            {
                "doctype": "Moeen SLA Review",
                "period_from": PERIOD["from_date"],
                "period_to": PERIOD["to_date"],
                "min_sample": 3,
                "target_share": 85,
            }
        ).insert()
        self.assertEqual(doc.status, "Draft")
        with self.freeze_time(NOW):
            self.assertGreaterEqual(doc.fetch_figures(), 2)
        doc.reload()
        items = {i.service: i for i in doc.items}
        a, b = items[A], items[B]
        self.assertEqual((a.current_response_target, a.current_resolution_target), (2 * H, 8 * H))
        self.assertEqual((a.tickets, a.response_met_share, a.resolution_met_share), (5, 60.0, 60.0))
        self.assertEqual(
            (a.response_median, a.response_p90, a.resolution_median, a.resolution_p90),
            (2700, 3 * H, 2 * H, 9 * H),
        )
        self.assertEqual((a.responses_measured, a.resolutions_measured), (4, 4))
        wd = review.working_day_seconds("Contact Center")
        self.assertEqual(wd, 8.5 * H)
        expected_resp = recommend_target(
            [H, 3 * H, H // 2, H // 2], share=0.85, min_sample=3, working_day_seconds=wd
        )
        expected_res = recommend_target(
            [3 * H, 9 * H, H // 2, H], share=0.85, min_sample=3, working_day_seconds=wd
        )
        self.assertEqual(
            (a.recommended_response_target, a.recommended_resolution_target),
            (expected_resp.seconds, expected_res.seconds),
        )
        self.assertEqual((a.recommended_response_target, a.recommended_resolution_target), (3 * H, 45900))
        self.assertEqual(a.too_few_tickets, 0)
        # one measured ticket: flagged, no number
        self.assertEqual(
            (b.too_few_tickets, b.recommended_response_target, b.recommended_resolution_target),
            (1, None, None),
        )
        self.assertIn(frappe._("too few tickets"), b.recommendation)

        # decide, submit (frozen), apply
        a.decision, a.new_response_target, a.new_resolution_target, a.comment = "Change", 3 * H, 45900, "fits"
        doc.save()
        doc.status = "Applied"
        self.assertRaises(frappe.ValidationError, doc.save)
        doc.reload()
        doc.submit_review()
        self.assertEqual(doc.status, "Submitted")
        doc.items[0].comment = "changed after submit"
        self.assertRaises(frappe.ValidationError, doc.save)
        doc.reload()

        before = frappe.get_doc("HD Ticket", self.t[4].name)
        self.assertEqual(before.moeen_response_target, 2 * H)
        changed = doc.apply()
        self.assertEqual(doc.status, "Applied")
        self.assertIn(A, changed)
        self.assertNotIn(B, changed)
        svc = frappe.get_doc("Moeen Service", A)
        self.assertEqual((svc.response_target, svc.resolution_target), (3 * H, 45900))
        self.assertEqual(getdate(svc.last_review_date), getdate())
        self.assertEqual(getdate(svc.next_review_date), getdate(add_months(getdate(), 3)))
        self.assertEqual(
            getdate(frappe.db.get_value("Moeen Service", B, "next_review_date")),
            getdate(add_months(getdate(), 6)),
        )
        versions = frappe.get_all(
            "Version", filters={"ref_doctype": "Moeen Service", "docname": A}, pluck="data"
        )
        self.assertTrue(any('"response_target"' in v for v in versions))
        self.assertTrue(
            frappe.db.exists(
                "Comment",
                {
                    "reference_doctype": "Moeen Service",
                    "reference_name": A,
                    "content": ["like", f"%{doc.name}%"],
                },
            )
        )
        # tickets pin their targets at creation: the old one keeps 2 h / 8 h even when saved again
        old = frappe.get_doc("HD Ticket", self.t[4].name)
        old.subject = "Review figures (edited)"
        old.save()
        self.assertEqual((old.moeen_response_target, old.moeen_resolution_target), (2 * H, 8 * H))
        new = self.ticket(A, rt(2, 8))  # after the period, so the other figures stay as they are
        self.assertEqual((new.moeen_response_target, new.moeen_resolution_target), (3 * H, 45900))
        # an applied review is final
        doc.reload()
        doc.items[0].comment = "late"
        self.assertRaises(frappe.ValidationError, doc.save)

    def test_change_needs_targets_in_order(self):
        doc = frappe.get_doc(
            {
                "doctype": "Moeen SLA Review",
                "period_from": PERIOD["from_date"],
                "period_to": PERIOD["to_date"],
                "items": [
                    {
                        "service": B,
                        "decision": "Change",
                        "current_response_target": H,
                        "current_resolution_target": 4 * H,
                        "new_response_target": 5 * H,
                    }
                ],
            }
        ).insert()
        self.assertRaises(frappe.ValidationError, doc.submit_review)  # response after resolution
        doc.reload()
        doc.items[0].new_response_target = None
        doc.save()
        self.assertRaises(frappe.ValidationError, doc.submit_review)  # a change without targets

    def test_due_review_reminders_once_per_due_date(self):
        frappe.db.set_value("Moeen Service", C, "next_review_date", "2027-01-10")

        def logs(user):
            return frappe.db.count(
                "Notification Log", {"for_user": user, "document_type": "Moeen Service", "document_name": C}
            )

        review.notify_due_reviews(date(2027, 1, 9))
        self.assertEqual(logs(OWNER), 0)
        review.notify_due_reviews(date(2027, 1, 10))
        self.assertEqual((logs(OWNER), logs(MANAGER)), (1, 1))
        subject = frappe.db.get_value("Notification Log", {"for_user": OWNER, "document_name": C}, "subject")
        self.assertIn("2027-01-10", subject)
        review.notify_due_reviews(date(2027, 1, 11))
        self.assertEqual((logs(OWNER), logs(MANAGER)), (1, 1))
        frappe.db.set_value("Moeen Service", C, "next_review_date", "2027-07-10")  # the next cycle
        review.notify_due_reviews(date(2027, 7, 10))
        self.assertEqual((logs(OWNER), logs(MANAGER)), (2, 2))
        frappe.db.set_value("Moeen Service", C, {"is_active": 0, "next_review_date": "2027-08-01"})
        review.notify_due_reviews(date(2027, 8, 2))
        self.assertEqual(logs(OWNER), 2)
        frappe.db.set_value("Moeen Service", C, {"is_active": 1, "next_review_date": None})

    def test_review_reminders_killed_midway_and_run_again_remind_once(self):
        due = "2028-02-01"
        for service in (B, C):
            frappe.db.set_value("Moeen Service", service, "next_review_date", due)

        def logs(user, service):
            return frappe.db.count(
                "Notification Log",
                {"for_user": user, "document_name": service, "subject": ["like", f"%{due}%"]},
            )

        with worker_killed_midway(), killed_on_call(NotificationLog, "insert", nth=2):
            review.notify_due_reviews(getdate(due))
        self.assertEqual([logs(u, s) for u in (OWNER, MANAGER) for s in (B, C)], [0] * 4)  # lost
        review.notify_due_reviews(getdate(due))
        review.notify_due_reviews(getdate(due))
        self.assertEqual([logs(u, s) for u in (OWNER, MANAGER) for s in (B, C)], [1] * 4)
        for service in (B, C):
            frappe.db.set_value("Moeen Service", service, "next_review_date", None)

    def test_number_cards(self):
        with self.freeze_time(NOW):
            value = compliance_this_month()
        self.assertTrue(value == "—" or 0 <= value["value"] <= 100)
        self.assertTrue(isinstance(csat_this_month(), dict | str))
        for name in ("Moeen Open at Tier 1", "Moeen Breaching Soon", "Moeen SLA Compliance This Month"):
            self.assertTrue(frappe.db.exists("Number Card", name), name)
        self.assertTrue(frappe.db.exists("Workspace", "Moeen"))
        self.assertTrue(frappe.db.exists("Dashboard Chart", "Moeen SLA Compliance by Service"))
        # no animation: frappe-charts swaps the svg while animating, and a resize then fails (removeChild)
        for chart in frappe.get_all(
            "Dashboard Chart", filters={"module": "Moeen Helpdesk"}, pluck="custom_options"
        ):
            self.assertEqual(frappe.parse_json(chart), {"animate": 0, "disableEntryAnimation": 1})

    def test_workspace_compliance_chart_is_one_call(self):
        """The workspace's compliance chart is a custom source (one call), not a Report chart (the
        report's script, its run and its doctype, one after the other), and draws the report's chart."""
        from frappe.desk.doctype.dashboard_chart_source.dashboard_chart_source import get_config

        from moeen_helpdesk.moeen_helpdesk.dashboard_chart_source.moeen_sla_compliance_by_service import (
            moeen_sla_compliance_by_service as source,
        )
        from moeen_helpdesk.moeen_helpdesk.report.sla_compliance_by_service.sla_compliance_by_service import (
            execute,
        )

        name = "Moeen SLA Compliance by Service"
        chart = frappe.get_doc("Dashboard Chart", name)
        self.assertEqual((chart.chart_type, chart.source), ("Custom", name))
        self.assertIn("moeen_sla_compliance_by_service.get", get_config(name))
        with self.freeze_time(NOW):
            data = source.get(chart_name=name, filters="[]", refresh=1)
            self.assertEqual(data, execute({})[3]["data"])
        self.assertTrue(data["labels"])
        self.assertEqual(len(data["datasets"]), 2)


class TestMetAtClosingTime(FrappeTestCase):
    """A target reached exactly at closing time (Thu 16:00 on Sun–Thu 07:30–16:00) and stopped
    after hours has used exactly its target: met, in the ticket's status and in the figures."""

    R, S = "IT-MET-R", "IT-MET-S"
    WEEK = {"from_date": "2026-11-26", "to_date": "2026-11-26"}

    @classmethod
    def setUpClass(cls):
        report_indexes.ensure_indexes()
        super().setUpClass()
        ship_default_calendars()
        make_beneficiary(STUDENT, "Student")
        make_service(cls.R, calendar="Contact Center", response_target=2 * H, resolution_target=8 * H)
        make_service(cls.S, calendar="Contact Center", response_target=2 * H, resolution_target=2 * H)

    def ticket(self, service, at):
        with self.freeze_time(at):
            return frappe.get_doc(
                {
                    "doctype": "HD Ticket",
                    "subject": "Met at closing",
                    "raised_by": STUDENT,
                    "moeen_service": service,
                }
            ).insert()

    def move(self, ticket, *steps):
        for status, at in steps:
            with self.freeze_time(at):
                ticket.reload()
                ticket.status = status
                ticket.save()
        return ticket

    def test_response_due_at_closing_answered_after_hours(self):
        t = self.ticket(self.R, rt(26, 14))
        self.assertEqual(t.response_by and frappe.utils.get_datetime(t.response_by), rt(26, 16))
        late = self.ticket(self.R, rt(26, 14))
        self.move(t, ("Replied", rt(26, 16, 30)))
        self.move(late, ("Replied", rt(29, 7, 31)))  # one business minute over
        t.reload()
        late.reload()
        self.assertEqual(t.moeen_response_seconds, 2 * H)
        self.assertNotEqual(t.agreement_status, "Failed")
        self.assertEqual(late.agreement_status, "Failed")
        sla_status.refresh_status(rt(26, 17))  # the set-based job keeps the same rule
        self.assertNotEqual(frappe.db.get_value("HD Ticket", t.name, "agreement_status"), "Failed")
        self.assertEqual(frappe.db.get_value("HD Ticket", late.name, "agreement_status"), "Failed")
        rows = compliance({**self.WEEK, "service": self.R, "now": rt(26, 17)}, ["service"])
        self.assertEqual((rows[0]["response_applicable"], rows[0]["response_met"]), (2, 1))
        self.assertEqual(
            rows,
            compliance({**self.WEEK, "service": self.R, "now": rt(26, 17)}, ["service"], fast=False),
        )

    def test_resolution_due_at_closing_resolved_after_hours(self):
        # no reply on the way (a wait on the beneficiary would hold the clock): resolving answers
        # too, so both clocks stop at 16:30 having used exactly their 2 hours
        t = self.move(self.ticket(self.S, rt(26, 14)), ("Resolved", rt(26, 16, 30)))
        late = self.move(self.ticket(self.S, rt(26, 14)), ("Resolved", rt(29, 7, 31)))
        t.reload()
        late.reload()
        self.assertEqual(frappe.utils.get_datetime(t.resolution_by), rt(26, 16))
        self.assertEqual(t.moeen_resolution_seconds, 2 * H)
        self.assertEqual(t.agreement_status, "Fulfilled")
        self.assertEqual(late.agreement_status, "Failed")
        for fast in (None, False):
            rows = compliance({**self.WEEK, "service": self.S, "now": rt(30, 12)}, ["service"], fast=fast)
            self.assertEqual((rows[0]["resolution_applicable"], rows[0]["resolution_met"]), (2, 1), fast)
            self.assertEqual((rows[0]["response_applicable"], rows[0]["response_met"]), (2, 1), fast)

    def test_running_clock_due_at_closing_is_not_late_after_hours(self):
        """Unanswered, due Thu 16:00 (closing): not late on Thu 17:00 nor at Sunday's opening (no
        business time since the deadline); late one business minute later — everywhere."""
        code = "IT-MET-RUN"
        make_service(code, calendar="Contact Center", response_target=2 * H, resolution_target=2 * H)
        t = self.ticket(code, rt(26, 14))
        self.assertEqual(frappe.utils.get_datetime(t.response_by), rt(26, 16))
        with self.freeze_time(rt(26, 17)):
            t.reload()
            t.save()
        self.assertNotEqual(t.agreement_status, "Failed")
        self.assertNotEqual(t.moeen_sla_state, "breached")
        filters = {**self.WEEK, "service": code}
        for now, failed in ((rt(26, 17), False), (rt(29, 7, 30), False), (rt(29, 7, 31), True)):
            sla_status.refresh_status(now)
            status, state = frappe.db.get_value("HD Ticket", t.name, ["agreement_status", "moeen_sla_state"])
            self.assertEqual((status == "Failed", state == "breached"), (failed, failed), now)
            for fast in (None, False):
                row = compliance({**filters, "now": now}, ["service"], fast=fast)[0]
                decided = (row["response_applicable"], row["resolution_applicable"])
                self.assertEqual(decided, (1, 1) if failed else (0, 0), (now, fast))
                self.assertEqual((row["response_met"], row["resolution_met"]), (0, 0))


class TestTargetsInBusinessHours(FrappeTestCase):
    def test_service_form_reads_targets_in_business_hours(self):
        from moeen_helpdesk.moeen_helpdesk.doctype.moeen_service.moeen_service import describe_targets

        ship_default_calendars()
        frappe.local.lang = "en"
        got = describe_targets(
            "Contact Center", {"resolution_target": 24 * H, "response_target": H, "x": "bad"}
        )
        self.assertEqual(got["calendar"], "Contact Center")
        self.assertEqual(
            got["targets"]["resolution_target"],
            "24 working hours ≈ 3 working days on the calendar Contact Center",
        )
        self.assertEqual(got["targets"]["response_target"], "1 working hour on the calendar Contact Center")
        self.assertEqual(got["targets"]["x"], "")
        frappe.local.lang = "ar"
        try:
            got = describe_targets("Contact Center", '{"resolution_target": 86400}')
        finally:
            frappe.local.lang = "en"
        self.assertEqual(
            got["targets"]["resolution_target"], "24 ساعة عمل ≈ 3 أيام عمل وفق تقويم Contact Center"
        )
        # the Duration widgets count hours, not days ("24h", never "1d")
        for doctype, field in (
            ("Moeen Service", "resolution_target"),
            ("Moeen Service Priority Target", "resolution_target"),
            ("Moeen SLA Review Item", "recommended_resolution_target"),
        ):
            self.assertTrue(frappe.get_meta(doctype).get_field(field).hide_days, (doctype, field))
        with self.assertRaises(frappe.ValidationError):
            describe_targets("Contact Center", "[1, 2]")
