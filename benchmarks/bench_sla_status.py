"""Benchmark: the set-based SLA status job on 100k open tickets vs Helpdesk's update_sla_status_in_ticket.

Baseline (issue "Office-hours calendars and per-service SLA clocks"): Helpdesk 1.25.1's hourly
job loads and saves each ticket — about 6 ms a ticket, some 10 minutes per 100k. Goal: ours
under 5 seconds for 100k.

Runs inside a bench, on a site where moeen_helpdesk is installed:

    env/bin/python apps/moeen_helpdesk/benchmarks/bench_sla_status.py --site SITE   # from the bench folder
    python /any/path/bench_sla_status.py --bench /home/frappe/frappe-bench --site SITE  # from anywhere
    # or: MOEEN_BENCHMARKS=sla_status scripts/run-tests   (on the test site, after the tests)

(it works in the bench's sites folder whatever folder it starts from: Frappe's logger opens ../logs.)

It inserts N synthetic open tickets with SQL (names BENCH-SLA-…), times ``refresh_status`` and
``collect_notices`` (which notices are due) over all of them, then times Helpdesk's job on a sample (``--helpdesk-sample``,
default 1000: only the sample gets an SLA) and extrapolates its per-ticket cost to N — or on all N
with ``--helpdesk-full``. Helpdesk's job visits every open ticket with an SLA, the site's own too:
for the timing its ticket listing is narrowed to the sample (in this process only), so the
per-ticket cost is Helpdesk's time on exactly the sampled tickets. Everything it inserted is
deleted at the end.
"""

import argparse
import random
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from benchsite import enter_sites

PREFIX = "BENCH-SLA-"


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--site", required=True)
    p.add_argument(
        "--bench", default=None, help="the frappe-bench folder (default: found from this file or cwd)"
    )
    p.add_argument("--sites-path", default=None, help="the bench's sites folder (default: the bench's)")
    p.add_argument("-n", type=int, default=100_000)
    p.add_argument("--helpdesk-sample", type=int, default=1000)
    p.add_argument("--helpdesk-full", action="store_true")
    p.add_argument("--chunk", type=int, default=5000)
    return p.parse_args()


def connect(args):
    import frappe

    enter_sites(args.bench, args.sites_path)
    frappe.init(site=args.site, sites_path=".")
    frappe.connect()
    return frappe


def insert_tickets(frappe, n: int, chunk: int, sample: set[int], sla_name: str | None):
    from frappe.utils import now_datetime

    now = now_datetime()
    rng = random.Random(2026)
    cols = [
        "name",
        "subject",
        "status",
        "status_category",
        "priority",
        "raised_by",
        "creation",
        "modified",
        "owner",
        "modified_by",
        "opening_date",
        "sla",
        "moeen_service",
        "moeen_sla_start",
        "moeen_resolution_start",
        "moeen_response_target",
        "moeen_resolution_target",
        "response_by",
        "resolution_by",
        "moeen_response_warn_at",
        "moeen_resolution_warn_at",
        "first_responded_on",
        "moeen_sla_notified",
        "agreement_status",
        "service_level_agreement_creation",
    ]
    sql = "INSERT INTO `tabHD Ticket` ({}) VALUES ({})".format(
        ", ".join(f"`{c}`" for c in cols), ", ".join(["%s"] * len(cols))
    )
    rows = []
    for i in range(n):
        start = now - timedelta(minutes=rng.randint(0, 7 * 24 * 60))
        response_by = start + timedelta(hours=rng.choice((1, 2, 4)))
        resolution_by = start + timedelta(hours=rng.choice((8, 24, 48)))
        responded = start + timedelta(minutes=30) if rng.random() < 0.5 else None
        paused = rng.random() < 0.1
        rows.append(
            (
                f"{PREFIX}{i:07d}",
                "bench",
                "Replied" if paused else "Open",
                "Paused" if paused else "Open",
                "Medium",
                "bench@example.com",
                start,
                start,
                "Administrator",
                "Administrator",
                start.date(),
                sla_name if i in sample else None,
                None,
                start,
                start,
                7200,
                28800,
                response_by,
                resolution_by,
                start + (response_by - start) * 0.75,
                start + (resolution_by - start) * 0.75,
                responded,
                0,
                "First Response Due",
                start,
            )
        )
        if len(rows) >= chunk:
            frappe.db._cursor.executemany(sql, rows)
            rows = []
    if rows:
        frappe.db._cursor.executemany(sql, rows)
    frappe.db.commit()


@contextmanager
def only_the_sample(frappe):
    """Helpdesk's job lists every open ticket with an SLA: list only the benchmark's (this process only)."""
    listing = frappe.get_all

    def get_all(doctype, *args, **kwargs):
        if (
            doctype == "HD Ticket"
            and kwargs.get("pluck") == "name"
            and "sla" in (kwargs.get("filters") or {})
        ):
            kwargs["filters"] = {**kwargs["filters"], "name": ["like", PREFIX + "%"]}
        return listing(doctype, *args, **kwargs)

    with patch.object(frappe, "get_all", get_all):
        yield


def cleanup(frappe):
    frappe.db.sql("DELETE FROM `tabHD Ticket` WHERE name LIKE %s", (PREFIX + "%",))
    frappe.db.commit()


def main():
    args = parse()
    frappe = connect(args)
    from frappe.utils import now_datetime

    from moeen_helpdesk.sla import notices as sla_notices
    from moeen_helpdesk.sla import status as sla_status

    sla_name = frappe.db.get_value(
        "HD Service Level Agreement", {"enabled": 1}, "name"
    ) or frappe.db.get_value("HD Service Level Agreement", {}, "name")
    n = args.n
    sample = (
        set(range(n))
        if args.helpdesk_full
        else set(random.Random(7).sample(range(n), min(args.helpdesk_sample, n)))
    )
    cleanup(frappe)
    t0 = time.perf_counter()
    insert_tickets(frappe, n, args.chunk, sample, sla_name)
    print(f"inserted {n} open tickets in {time.perf_counter() - t0:.1f} s")
    try:
        now = now_datetime()
        t0 = time.perf_counter()
        sla_status.refresh_status(now)
        frappe.db.commit()
        ours_refresh = time.perf_counter() - t0
        t0 = time.perf_counter()
        notices = sla_notices.collect_notices(now)
        frappe.db.commit()
        ours_notices = time.perf_counter() - t0
        ours = ours_refresh + ours_notices
        print(
            f"ours: refresh_status {ours_refresh:.2f} s + collect_notices {ours_notices:.2f} s "
            f"({len(notices)} notices) = {ours:.2f} s for {n} tickets"
        )

        if not sla_name:
            print("Helpdesk: no HD Service Level Agreement on this site; baseline skipped")
            return 0
        from helpdesk.helpdesk.doctype.hd_ticket.hd_ticket import update_sla_status_in_ticket

        others = frappe.db.count(
            "HD Ticket", {"status_category": "Open", "sla": ["is", "set"], "name": ["not like", PREFIX + "%"]}
        )
        with only_the_sample(frappe):
            t0 = time.perf_counter()
            update_sla_status_in_ticket()
            hd = time.perf_counter() - t0
        if others:
            print(f"(the site's own {others} open tickets with an SLA were left out of Helpdesk's run)")
        per = hd / max(len(sample), 1)
        hd_n = per * n
        kind = "measured" if len(sample) == n else f"extrapolated from {len(sample)} tickets"
        print(
            f"Helpdesk update_sla_status_in_ticket: {per * 1000:.2f} ms a ticket; {hd_n:.0f} s for {n} ({kind})"
        )
        print(f"ratio (Helpdesk / ours) for {n} tickets: {hd_n / ours:.0f}x")
        print(
            f"goal under 5 s for 100k: {'PASS' if ours * 100_000 / n < 5 else 'FAIL'} "
            f"(ours scaled to 100k: {ours * 100_000 / n:.2f} s)"
        )
    finally:
        cleanup(frappe)
        frappe.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
