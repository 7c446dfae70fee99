"""Benchmark: the compliance reports on 1,000,000 tickets (goal: under 2 s each for a year).

Run it as the bench user with the bench's Python::

    runuser -u frappe -- bash -lc 'cd /home/frappe/frappe-bench && \\
        env/bin/python /work/main/benchmarks/bench_reports.py --site moeen.test'

It installs nothing. The app's code is imported from this checkout; the site needs
Helpdesk's ``tabHD Ticket``:

* where the table has the app's ticket columns (the app is installed), the tickets
  are inserted into it, named ``moeen-bench-…`` with the subject prefix
  ``[moeen-bench]``, and deleted at the end, and the
  report indexes of ``moeen_helpdesk/report_indexes.py`` are added
  if missing (as the patch would);
* otherwise (``--scratch``, or the app is not installed) a scratch copy of the table
  (``_moeen_bench_ticket``: Helpdesk's columns, the app's ticket columns, the same
  indexes) plus small service and (empty) survey tables are created, the report queries are
  pointed at them, and they are dropped at the end.

Tickets are spread over the last 365 days with realistic shapes (35 services in 9
categories, 4 channels, 4 beneficiary types, 10 teams, ~90 % responded, ~85 %
resolved, reopen / tier data, ~20 % of tickets rated, 600-byte descriptions),
inserted with ``executemany`` in chunks. SLA Compliance and Tier Performance run for the year
in every grouping their filters offer (each Group By alone and with each Then By), and with a
service, a tier and a team + channel filter; then the volume report and the month's figures the
number card uses: ``--reps`` times each (median printed, after one warm-up run per index), with
the path each takes (the covering index, or "general"). At the end the fast path is checked
against the general one on this month's data, the year's service x tier and the year's tier
figures by team x channel / beneficiary type.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PREFIX = "moeen-bench-"
SUBJECT = "[moeen-bench] "
SCRATCH_TICKET, SCRATCH_SERVICE, SCRATCH_SURVEY = (
    "_moeen_bench_ticket",
    "_moeen_bench_service",
    "_moeen_bench_survey",
)
GOAL = 2.0
APP_COLUMNS = {  # the app's ticket columns the reports read (types as Frappe makes them)
    "moeen_service": "varchar(140)",
    "moeen_kind": "varchar(140)",
    "moeen_channel": "varchar(140)",
    "moeen_beneficiary_type": "varchar(140)",
    "moeen_sla_calendar": "varchar(140)",
    "moeen_sla_start": "datetime(6)",
    "moeen_resolution_start": "datetime(6)",
    "moeen_response_target": "decimal(21,9)",
    "moeen_resolution_target": "decimal(21,9)",
    "moeen_sla_state": "varchar(140)",
    "moeen_reopen_count": "int(11) NOT NULL DEFAULT 0",
    "moeen_tier_state": "varchar(140)",
    "moeen_tier1_seconds": "int(11) NOT NULL DEFAULT 0",
    "moeen_tier2_seconds": "int(11) NOT NULL DEFAULT 0",
    "moeen_overrun_tier": "varchar(140)",
    "moeen_response_seconds": "int(11) NOT NULL DEFAULT 0",
    "moeen_resolution_seconds": "int(11) NOT NULL DEFAULT 0",
}
TICKET_COLUMNS = [
    "name",
    "creation",
    "modified",
    "modified_by",
    "owner",
    "subject",
    "raised_by",
    "status",
    "status_category",
    "priority",
    "agent_group",
    "description",
    "response_by",
    "resolution_by",
    "first_responded_on",
    "resolution_date",
    "agreement_status",
    "opening_date",
    "feedback_rating",
    *APP_COLUMNS,
]
CHANNELS = [("Portal", 55), ("Phone", 30), ("Email", 10), ("Walk-in", 5)]
TYPES = [("Student", 60), ("Staff", 20), ("Faculty", 12), ("External", 6), (None, 2)]
TEAMS = ["Contact Center"] + [f"Unit {i}" for i in range(1, 10)]
H = 3600


def pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def services():
    out = []
    for i in range(35):
        out.append(
            {
                "name": f"BENCH-{i:02d}",
                "category": f"BENCH-CAT-{i % 9}",
                "kind": "Incident" if i % 3 == 0 else "Request",
                "response": [H, 2 * H, 4 * H][i % 3],
                "resolution": [4 * H, 8 * H, 16 * H, 40 * H][i % 4],
                "tier1": H,
                "tier2": [8 * H, 16 * H][i % 2],
            }
        )
    return out


def ticket_rows(n: int, seed: int = 7, description_bytes: int = 600):
    rng = random.Random(seed)
    svcs = services()
    now = datetime.now().replace(microsecond=0)
    start = now - timedelta(days=365)
    text = ("نص وصف التذكرة لطلب خدمة. " * 40)[: description_bytes // 2]
    for i in range(n):
        s = svcs[int(rng.paretovariate(1.2)) % len(svcs)]
        created = start + timedelta(seconds=rng.randrange(365 * 86400))
        response_by = created + timedelta(seconds=s["response"] * rng.uniform(1.5, 3.5))
        resolution_by = created + timedelta(seconds=s["resolution"] * rng.uniform(1.5, 3.5))
        responded = rng.random() < 0.9
        resolved = responded and rng.random() < 0.85
        resp_s = int(rng.lognormvariate(8, 1)) if responded else 0
        res_s = int(rng.lognormvariate(10, 1)) if resolved else 0
        first = created + timedelta(seconds=resp_s * 2.5) if responded else None
        done = created + timedelta(seconds=res_s * 2.5) if resolved else None
        reached2 = rng.random() < 0.3
        over = rng.choices([None, "Tier 1", "Tier 2", "Tier 1, Tier 2"], [80, 10, 8, 2])[0]
        paused = not resolved and rng.random() < 0.2
        status, category = (
            ("Resolved", "Resolved") if resolved else (("Replied", "Paused") if paused else ("Open", "Open"))
        )
        tier_state = "Resolved" if resolved else ("Tier 2" if reached2 else "Tier 1")
        sla_state = "fulfilled" if resolved else rng.choices(["due", "warning", "breached"], [70, 10, 20])[0]
        yield (
            f"{PREFIX}{i:07d}",
            created,
            created,
            "Administrator",
            "Administrator",
            f"{SUBJECT}{i}",
            f"user{i % 5000}@example.edu",
            status,
            category,
            rng.choice(["Low", "Medium", "High", "Urgent"]),
            rng.choice(TEAMS),
            text,
            response_by,
            resolution_by,
            first,
            done,
            "Fulfilled" if resolved else "Resolution Due",
            created.date(),
            rng.choice([1, 2, 3, 4, 4, 5, 5, 5]) / 5 if resolved and rng.random() < 0.235 else None,
            s["name"],
            s["kind"],
            pick(rng, CHANNELS),
            pick(rng, TYPES),
            "Contact Center",
            created,
            created,
            s["response"],
            s["resolution"],
            sla_state,
            1 if rng.random() < 0.05 else 0,
            tier_state,
            int(rng.lognormvariate(7.5, 1)),
            int(rng.lognormvariate(10, 1)) if reached2 else 0,
            over,
            resp_s,
            res_s,
        )


def insert(frappe, table: str, columns: list[str], rows, chunk: int) -> int:
    sql = f"INSERT INTO `{table}` ({', '.join(f'`{c}`' for c in columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    cursor = frappe.db._conn.cursor()
    done, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            cursor.executemany(sql, batch)
            frappe.db.commit()
            done += len(batch)
            batch = []
            if done % 100000 == 0:
                print(f"  inserted {done:,}", flush=True)
    if batch:
        cursor.executemany(sql, batch)
        frappe.db.commit()
        done += len(batch)
    return done


def setup_scratch(frappe, compliance_sql):
    drop_scratch(frappe)
    frappe.db.sql_ddl(f"CREATE TABLE `{SCRATCH_TICKET}` LIKE `tabHD Ticket`")
    for key in ("ft_subject", "ft_description"):  # Helpdesk's search indexes: not read by the reports
        if frappe.db.sql(f"SHOW INDEX FROM `{SCRATCH_TICKET}` WHERE Key_name = %s", key):
            frappe.db.sql_ddl(f"ALTER TABLE `{SCRATCH_TICKET}` DROP INDEX `{key}`")
    present = {r[0] for r in frappe.db.sql(f"SHOW COLUMNS FROM `{SCRATCH_TICKET}`")}
    adds = [
        f"ADD COLUMN `{c}` {t}" + ("" if "NOT NULL" in t else " DEFAULT NULL")
        for c, t in APP_COLUMNS.items()
        if c not in present
    ]
    if adds:
        frappe.db.sql_ddl(f"ALTER TABLE `{SCRATCH_TICKET}` {', '.join(adds)}")
    frappe.db.sql_ddl(
        f"""CREATE TABLE `{SCRATCH_SERVICE}` (name varchar(140) PRIMARY KEY, category varchar(140), kind varchar(140),
            tier1_target decimal(21,9), tier2_target decimal(21,9), next_review_date date,
            is_active int(1) NOT NULL DEFAULT 1) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"""
    )
    frappe.db.sql_ddl(
        f"""CREATE TABLE `{SCRATCH_SURVEY}` (name varchar(140) PRIMARY KEY, reference_doctype varchar(140),
            reference_name varchar(140), overall_rating int(11) NOT NULL DEFAULT 0, answered_at datetime(6),
            creation datetime(6))
            ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"""
    )
    compliance_sql.TICKET_TABLE, compliance_sql.SERVICE_TABLE, compliance_sql.SURVEY_TABLE = (
        SCRATCH_TICKET,
        SCRATCH_SERVICE,
        SCRATCH_SURVEY,
    )
    return {
        "HD Ticket": SCRATCH_TICKET,
        "Moeen Service": SCRATCH_SERVICE,
        "Moeen Survey Response": SCRATCH_SURVEY,
    }


def drop_scratch(frappe):
    for table in (SCRATCH_TICKET, SCRATCH_SERVICE, SCRATCH_SURVEY):
        frappe.db.sql_ddl(f"DROP TABLE IF EXISTS `{table}`")


def cleanup_real(frappe, survey_table):
    print("deleting the benchmark's tickets", flush=True)
    while True:
        frappe.db.sql("DELETE FROM `tabHD Ticket` WHERE name LIKE %s LIMIT 50000", (PREFIX + "%",))
        frappe.db.commit()
        if not frappe.db.sql("SELECT 1 FROM `tabHD Ticket` WHERE name LIKE %s LIMIT 1", (PREFIX + "%",)):
            break
    if survey_table:
        frappe.db.sql(f"DELETE FROM `{survey_table}` WHERE name LIKE %s", (PREFIX + "%",))
    frappe.db.sql("DELETE FROM `tabMoeen Service` WHERE name LIKE 'BENCH-%%'")
    frappe.db.sql("DELETE FROM `tabMoeen Service Category` WHERE name LIKE 'BENCH-CAT-%%'")
    frappe.db.commit()


def buffered(queries, params, session, each, conns):
    """compliance.split.streamed as it was before streaming (for the side-by-side only): each
    query's rows fetched whole on its connection, then handed to ``each``."""
    import threading

    import frappe
    from pymysql.cursors import DictCursor

    results = [[] for _ in queries]

    def run(i):
        with conns[i].cursor(DictCursor) as cursor:
            for statement in session:
                cursor.execute(statement)
            cursor.execute(queries[i], params)
            results[i] = [frappe._dict(r) for r in cursor.fetchall()]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(1, len(queries))]
    for thread in threads:
        thread.start()
    run(0)
    for thread in threads:
        thread.join()
    for conn in conns:
        conn.close()
    return [each(r) for part in results for r in part]


def timed(fn, reps: int = 3) -> float:
    runs = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", required=True)
    ap.add_argument("--bench", default=".", help="the frappe-bench folder (default: the current one)")
    ap.add_argument("--tickets", type=int, default=1_000_000)
    ap.add_argument("--chunk", type=int, default=5000)
    ap.add_argument("--reps", type=int, default=5, help="timed runs per report (median printed)")
    ap.add_argument("--description-bytes", type=int, default=600)
    ap.add_argument("--scratch", action="store_true", help="use scratch tables even if the app is installed")
    ap.add_argument("--keep", action="store_true", help="keep the data (scratch tables) for another run")
    ap.add_argument("--reuse", action="store_true", help="reuse the scratch tables of a --keep run")
    ap.add_argument(
        "--compare-only", action="store_true", help="only the side-by-side of the ways a large scan is read"
    )
    args = ap.parse_args(argv)

    os.chdir(os.path.join(args.bench, "sites"))
    import frappe

    frappe.init(site=args.site, sites_path=".")
    frappe.connect()
    frappe.set_user("Administrator")
    from moeen_helpdesk import report_indexes
    from moeen_helpdesk.compliance import filters as compliance_filters
    from moeen_helpdesk.compliance import split
    from moeen_helpdesk.compliance import sql as compliance_sql
    from moeen_helpdesk.compliance.fast import fast_path
    from moeen_helpdesk.compliance.ola import tier_rows
    from moeen_helpdesk.compliance.sql import DIMENSIONS
    from moeen_helpdesk.compliance.targets import compliance
    from moeen_helpdesk.moeen_helpdesk.report.sla_compliance_by_service import sla_compliance_by_service
    from moeen_helpdesk.moeen_helpdesk.report.volume_by_channel_and_beneficiary_type import (
        volume_by_channel_and_beneficiary_type,
    )

    tier_report = frappe.get_module(
        "moeen_helpdesk.moeen_helpdesk.report.tier_performance_(ola).tier_performance_(ola)"
    )

    real = (not args.scratch) and frappe.db.has_column("HD Ticket", "moeen_response_seconds")
    survey_table = None
    try:
        if real:
            print(
                f"site {args.site}: the app is installed — tickets go into tabHD Ticket and are deleted after"
            )
            table_for = None
            survey_table = compliance_filters.survey_table()
            cleanup_real(frappe, survey_table)
            for s in services():
                frappe.db.sql(
                    """INSERT IGNORE INTO `tabMoeen Service Category` (name, category_code,
                                 category_name_ar, category_name_en) VALUES (%s, %s, %s, %s)""",
                    (s["category"], s["category"], s["category"], s["category"]),
                )
                frappe.db.sql(
                    """INSERT IGNORE INTO `tabMoeen Service` (name, service_code, service_name_ar,
                                 service_name_en, category, kind, tier1_target, tier2_target, is_active)
                                 VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 1)""",
                    (
                        s["name"],
                        s["name"],
                        s["name"],
                        s["name"],
                        s["category"],
                        s["kind"],
                        s["tier1"],
                        s["tier2"],
                    ),
                )
            frappe.db.commit()
        else:
            print(f"site {args.site}: scratch tables {SCRATCH_TICKET} / {SCRATCH_SERVICE} / {SCRATCH_SURVEY}")
            if args.reuse:
                compliance_sql.TICKET_TABLE, compliance_sql.SERVICE_TABLE, compliance_sql.SURVEY_TABLE = (
                    SCRATCH_TICKET,
                    SCRATCH_SERVICE,
                    SCRATCH_SURVEY,
                )
                table_for = {
                    "HD Ticket": SCRATCH_TICKET,
                    "Moeen Service": SCRATCH_SERVICE,
                    "Moeen Survey Response": SCRATCH_SURVEY,
                }
            else:
                table_for = setup_scratch(frappe, compliance_sql)
                frappe.db.sql(
                    f"""INSERT INTO `{SCRATCH_SERVICE}` (name, category, kind, tier1_target, tier2_target)
                                  VALUES {", ".join(["(%s, %s, %s, %s, %s)"] * 35)}""",
                    [
                        v
                        for s in services()
                        for v in (s["name"], s["category"], s["kind"], s["tier1"], s["tier2"])
                    ],
                )
                frappe.db.commit()
            survey_table = SCRATCH_SURVEY
        ticket_table = compliance_sql.TICKET_TABLE

        if not args.reuse:
            t0 = time.perf_counter()
            print(f"inserting {args.tickets:,} tickets in chunks of {args.chunk:,}", flush=True)
            n = insert(
                frappe,
                ticket_table,
                TICKET_COLUMNS,
                ticket_rows(args.tickets, description_bytes=args.description_bytes),
                args.chunk,
            )
            print(f"inserted {n:,} tickets in {time.perf_counter() - t0:.0f} s", flush=True)

        t0 = time.perf_counter()
        added = report_indexes.ensure_indexes(table_for)
        print(f"indexes added: {', '.join(added) or 'none (present)'} ({time.perf_counter() - t0:.1f} s)")
        for table in {ticket_table, survey_table} - {None}:
            frappe.db.sql(f"ANALYZE TABLE `{table}`")

        today = datetime.now().date()
        now = datetime.now()
        year = {"from_date": str(today - timedelta(days=364)), "to_date": str(today)}
        month = {"from_date": str(today.replace(day=1)), "to_date": str(today)}
        one = services()[0]["name"]
        groups = list(DIMENSIONS)
        groupings = [(k, "") for k in groups] + [
            (a, b) for i, a in enumerate(groups) for b in groups[i + 1 :]
        ]  # every Group By / Then By the reports offer (the order of the two keys changes nothing)

        def path_of(keys, filters, by_service=False):
            path = fast_path(keys, filters, by_service=by_service)
            return path.index.removeprefix("moeen_report_").removesuffix("_index") if path else "general"

        cases = []
        for report, module, by_service in (
            ("SLA Compliance", sla_compliance_by_service, False),
            ("Tier Performance (OLA)", tier_report, True),
        ):
            for a, b in groupings:
                f = {**year, "group_by": a, "then_by": b}
                label = f"{report} (year) by {a}" + (f" x {b}" if b else "")
                cases.append(
                    (label, path_of([a, b] if b else [a], year, by_service), partial(module.execute, f))
                )
            for extra in ({"service": one}, {"tier": "Tier 2"}, {"team": TEAMS[1], "channel": "Phone"}):
                f = {**year, **extra}
                label = f"{report} (year) by service, {', '.join(f'{k}={v}' for k, v in extra.items())}"
                cases.append((label, path_of(["service"], f, by_service), partial(module.execute, f)))
        cases += [
            (
                "Volume by Channel and Beneficiary Type (year)",
                path_of(["channel", "beneficiary_type"], year),
                partial(volume_by_channel_and_beneficiary_type.execute, {**year}),
            ),
            (
                "Number card: compliance this month",
                path_of([], month),
                partial(compliance, month, ()),
            ),
        ]
        total = frappe.db.sql(
            f"SELECT COUNT(*) FROM `{ticket_table}` WHERE creation >= %s", year["from_date"]
        )[0][0]
        print(f"\n{total:,} tickets in the year {year['from_date']} .. {year['to_date']}\n")
        pool = frappe.db.sql("SELECT @@innodb_buffer_pool_size")[0][0]
        print(
            f"InnoDB buffer pool {int(pool) / 2**20:,.0f} MB; {os.cpu_count()} CPUs; load average per line (1 min)\n"
        )
        worst = 0.0
        if not args.compare_only:
            print(f"{'report':72} {'path':15} {f'median of {args.reps}':>12}  goal < {GOAL:.0f} s  load")
            worst, failed = 0.0, []
            warm = set()
            for label, path, fn in cases:
                if path not in warm:  # warm-up: the covering index in the buffer pool
                    fn()
                    warm.add(path)
                seconds = timed(fn, args.reps)
                worst = max(worst, seconds)
                if seconds >= GOAL:
                    failed.append(label)
                print(
                    f"{label:72} {path:15} {seconds:10.2f} s  {'PASS' if seconds < GOAL else 'FAIL'}"
                    f"  {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
            print(f"\n{len(cases) - len(failed)} of {len(cases)} under {GOAL:.0f} s; slowest {worst:.2f} s")
            rows = sla_compliance_by_service.execute({**year})[1]
            print(f"\n(by service: {len(rows)} rows; first: {rows[0] if rows else None})")
            fast = compliance({**month, "now": now}, ["service"])
            general = compliance({**month, "now": now}, ["service"], fast=False)
            print("fast path == general path (this month, by service):", fast == general)
            fast_year = compliance({**year, "now": now}, ["service", "tier"])
            general_year = compliance({**year, "now": now}, ["service", "tier"], fast=False)
            print("fast path == general path (the year, service x tier):", fast_year == general_year)
            for keys in (["team", "channel"], ["team", "beneficiary_type"]):
                t0 = time.perf_counter()
                fast_tiers = tier_rows({**year, "now": now}, keys)
                t1 = time.perf_counter()
                general_tiers = tier_rows({**year, "now": now}, keys, fast=False)
                t2 = time.perf_counter()
                print(
                    f"tier figures fast == general (the year, {' x '.join(keys)}):",
                    fast_tiers == general_tiers,
                    f"({len(fast_tiers)} rows; fast {t1 - t0:.2f} s, general {t2 - t1:.2f} s)",
                )
        # The scans above ran streamed, in two halves at once (compliance.split, from MIN_ROWS
        # tickets): the same figures and the time of each way, side by side — the ways taken in
        # turns, one run each per round (the order rotating), so the machine's drift falls on all.
        rounds = max(args.reps, 5)
        print(
            f"\nstreamed halves vs the other ways (from {split.MIN_ROWS:,} tickets; median of {rounds} rounds):"
        )
        ways = {
            "streamed halves": {},
            "buffered halves": {"streamed": buffered},  # the release before streaming
            "one stream": {"split_for": lambda path: None},
            "one scan, own connection": {"MIN_ROWS": 10**12},
        }

        def run_way(way, fn):
            saved = {name: getattr(split, name) for name in ways[way]}
            try:
                for name, value in ways[way].items():
                    setattr(split, name, value)
                t0 = time.perf_counter()
                rows = fn()
                return time.perf_counter() - t0, rows
            finally:
                for name, value in saved.items():
                    setattr(split, name, value)

        for keys in (["service"], ["tier"], ["team", "channel"]):
            for label, fn in (
                ("SLA Compliance", partial(compliance, {**year, "now": now}, keys)),
                ("Tier Performance", partial(tier_rows, {**year, "now": now}, keys)),
            ):
                names = list(ways)
                times, same = {way: [] for way in names}, True
                reference = run_way(names[0], fn)[1]
                for r in range(rounds):
                    for way in names[r % len(names) :] + names[: r % len(names)]:
                        seconds, rows = run_way(way, fn)
                        times[way].append(seconds)
                        same = same and rows == reference
                medians = {way: statistics.median(t) for way, t in times.items()}
                first = medians[names[0]]
                print(
                    f"  {label} by {' x '.join(keys):16}"
                    + "".join(f" {way} {t:5.2f} s ({t / first:.2f}x);" for way, t in medians.items())
                    + f" same figures: {same}  load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
        return 0 if worst < GOAL else 1
    finally:
        if real:
            cleanup_real(frappe, survey_table)
        elif not args.keep:
            drop_scratch(frappe)
        frappe.db.commit()
        frappe.destroy()


if __name__ == "__main__":
    sys.exit(main())
