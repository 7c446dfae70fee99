"""What the covering indexes' group keys cost: varchar keys (the release's) against integer codes.

A fast path's ``GROUP BY`` walks its covering index and compares each row's group key with the
last one's. The keys are varchar columns in the site's collation (``utf8mb4_unicode_ci``); this
benchmark measures how much of a scan those comparisons are, by building one synthetic table of
``--rows`` tickets (no Frappe: MariaDB only, a scratch database dropped afterwards) with four
indexes of the same measure columns, led by

- ``cover``: service, channel, beneficiary type, tier (the release's layout),
- ``audience``: service, one TINYINT code for channel × beneficiary type, tier,
- ``binary``: the service in a binary collation, the audience code, tier,
- ``crc``: an integer code of the service, the audience code, tier,

and timing the same scan on each, in turns (one run of each per round, median of ``--rounds``),
bare (``COUNT(*)``) and with a report's kind of columns (packed sums, two ``GROUP_CONCAT`` lists).
It prints each variant's ratio against ``cover``::

    env/bin/python benchmarks/bench_group_keys.py --password ROOT_PASSWORD

The largest service holds 57 % of the rows, as in ``bench_reports.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import pymysql

DATABASE = "_moeen_bench_group_keys"
MEASURES = "creation, a, b, c, d, e, f, g, h, flags, cflags"
VARIANTS = {  # name: (index columns before the measures, group by)
    "cover": "moeen_service, moeen_channel, moeen_beneficiary_type, tier",
    "audience": "moeen_service, audience, tier",
    "binary": "service_bin, audience, tier",
    "crc": "service_crc, audience, tier",
}
SELECTS = {
    "bare": "COUNT(*)",
    "report": """COUNT(*), SUM(flags & 1), SUM(cflags & 2 > 0), SUM(IF(cflags & 3 = 3, 1, 0)),
        GROUP_CONCAT(IF(cflags & 4, e, NULL)), GROUP_CONCAT(IF(cflags & 8, f, NULL))""",
}
WHERE = "creation >= '2026-01-01' AND creation < '2027-01-01'"


def build(cur, rows: int) -> None:
    cur.execute(f"DROP DATABASE IF EXISTS `{DATABASE}`")
    cur.execute(f"CREATE DATABASE `{DATABASE}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    cur.execute(f"USE `{DATABASE}`")
    cur.execute(
        """CREATE TABLE t (name varchar(140) PRIMARY KEY, moeen_service varchar(140),
        moeen_channel varchar(140), moeen_beneficiary_type varchar(140), tier tinyint,
        creation datetime(6), a int, b int, c int, d int, e int, f int, g int, h int,
        flags tinyint, cflags tinyint) ENGINE=InnoDB"""
    )
    cur.execute(
        f"""INSERT INTO t SELECT CONCAT('T-', seq),
          IF(seq % 100 < 57, 'Student Information System Support',
             CONCAT('Service Number ', LPAD(seq % 37, 2, '0'))),
          ELT(1 + seq % 7 % 4, 'Portal', 'Phone', 'Email', 'Walk-in'),
          ELT(1 + seq % 11 % 4, 'Student', 'Staff', 'Faculty', 'External'),
          seq % 3, '2026-01-01' + INTERVAL (seq % 31536000) SECOND,
          seq % 1000, seq % 977, seq % 5, seq % 7, seq % 86400, seq % 172800, seq % 3600,
          seq % 7200, seq % 16, seq % 128
        FROM seq_1_to_{int(rows)}"""
    )
    cur.execute(
        """ALTER TABLE t
        ADD COLUMN audience TINYINT AS (FIELD(moeen_channel, 'Portal', 'Phone', 'Email', 'Walk-in') * 5
            + FIELD(moeen_beneficiary_type, 'Student', 'Staff', 'Faculty', 'External')) VIRTUAL,
        ADD COLUMN service_bin VARCHAR(140) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
            AS (moeen_service) VIRTUAL,
        ADD COLUMN service_crc INT UNSIGNED AS (CRC32(moeen_service)) VIRTUAL"""
    )
    cur.execute(
        "ALTER TABLE t "
        + ", ".join(f"ADD INDEX `{name}` ({keys}, {MEASURES})" for name, keys in VARIANTS.items())
    )


def scan(cur, variant: str, select: str) -> float:
    keys = VARIANTS[variant]
    start = time.perf_counter()
    cur.execute(
        f"SELECT {keys}, {SELECTS[select]} FROM t FORCE INDEX (`{variant}`) WHERE {WHERE} GROUP BY {keys}"
    )
    cur.fetchall()
    return time.perf_counter() - start


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--user", default="root")
    ap.add_argument("--password", required=True)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = ap.parse_args(argv)
    conn = pymysql.connect(host=args.host, user=args.user, password=args.password, autocommit=True)
    cur = conn.cursor()
    try:
        print(f"building {args.rows:,} rows in {DATABASE} ...", flush=True)
        build(cur, args.rows)
        cur.execute("SET SESSION group_concat_max_len = 100000000")
        names = list(VARIANTS)
        for variant in names:  # warm: every index in the buffer pool
            scan(cur, variant, "bare")
        times = {(v, s): [] for v in names for s in SELECTS}
        for r in range(args.rounds):
            order = names[r % len(names) :] + names[: r % len(names)]
            for select in SELECTS:
                for variant in order:
                    times[variant, select].append(scan(cur, variant, select))
        print(
            f"median of {args.rounds} rounds, in turns; ratio = cover / variant (above 1: faster than cover)"
        )
        print(f"{'variant':10} " + "  ".join(f"{s:>20}" for s in SELECTS))
        for variant in names:
            cells = []
            for select in SELECTS:
                t = statistics.median(times[variant, select])
                base = statistics.median(times["cover", select])
                cells.append(f"{t:8.3f} s ({base / t:5.2f}x)")
            print(f"{variant:10} " + "  ".join(f"{c:>20}" for c in cells))
    finally:
        if not args.keep:
            cur.execute(f"DROP DATABASE IF EXISTS `{DATABASE}`")
        conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
