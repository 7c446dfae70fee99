"""bench_intake ``--cpu``: the work a ticket costs, in CPU and SQL statements, app against stock.

The load mode's req/s at 20 clients depends on what else runs on the machine; the CPU a ticket
costs much less so. In ``--cpu-tickets`` rounds (after a warm-up), each round takes one ticket
through Helpdesk's ``api.new`` on both sites and one through the app's ``request``, then runs the
app's assignment job over the round's app tickets (stock assigns nothing). Each ticket is taken
on a fresh connection with empty request caches, as a request would be (``frappe.init``), and
the scenarios take turns, so that a machine whose speed drifts while it runs (other work, steal
time: seen here at ±20 % between runs a minute apart) slows them alike. It prints per ticket the
median and mean Python CPU time (``time.process_time``: the database's own CPU is not in it, its
statement count is) and the mean number of SQL statements.

From that it prints the ceiling the goal of issue 13 meets on this stack: stock at 20 clients is
bound by its series row lock with the CPU a share ``s`` busy (the load mode's ``cpu`` column,
``--stock-cpu-share``); the app holds no lock, so at best it uses the whole CPU, and its
throughput over stock is at most ``(1 / s) / r``, where ``r`` is the app's CPU per ticket
(intake + assignment) over stock's. The goal "at least 1.5x stock" needs ``r <= 1 / (1.5 s)``.
"""

import statistics
import time

N_WARM = 3


def _counting(frappe) -> list[int]:
    count = [0]
    sql = frappe.db.sql

    def counted(*args, **kwargs):
        count[0] += 1
        return sql(*args, **kwargs)

    frappe.db.sql = counted
    return count


def _ticket_maker(frappe, bi, kind: str):
    if kind == "api.new":
        from helpdesk.helpdesk.doctype.hd_ticket.api import new as call

        site_key = "app" if "moeen_helpdesk" in frappe.get_installed_apps() else "stock"

        def make(i):
            frappe.local.form_dict = frappe._dict()
            name = call(doc=bi.payload(site_key, "api.new", i)[1]["doc"]).name
            frappe.db.commit()  # nosemgrep: a request's commit
            return name

        return make
    from moeen_helpdesk.api.portal import request as call

    def make(i):
        frappe.local.form_dict = frappe._dict()
        name = call(service=bi.SERVICE, subject=f"Bench cpu {i}", description=f"Bench cpu {i}")["name"]
        frappe.db.commit()  # nosemgrep: a request's commit
        return name

    return make


def _one_ticket(bi, site: str, kind: str, i: int) -> tuple[float, int]:
    """One ticket as one request would take it: a fresh connection and empty request caches
    (``frappe.init``), then the call; its CPU ms and SQL statements."""
    user = bi.USER.format(i=0)

    def measure(frappe):
        frappe.set_user(user)
        make = _ticket_maker(frappe, bi, kind)
        count = _counting(frappe)
        started = time.process_time()
        make(i)
        return (time.process_time() - started) * 1000, count[0]

    return bi.on_site(site, measure)


def _assign_waiting(bi, site: str) -> tuple[float, int, int]:
    """The app's assignment job over the tickets waiting for it: CPU ms, SQL, tickets."""

    def measure(frappe):
        from moeen_helpdesk import intake

        count = _counting(frappe)
        started = time.process_time()
        done = intake.assign_pending()
        return (time.process_time() - started) * 1000, count[0], done

    return bi.on_site(site, measure)


SCENARIOS = (("stock", "api.new"), ("app", "api.new"), ("app", "request"))


def _interleaved(args, bi, n: int) -> tuple[dict, tuple[list, list]]:
    """``n`` rounds, each one ticket of every scenario in turn and then the assignment job over
    the round's app tickets: a machine whose speed drifts (other work, steal time) slows every
    scenario alike. Returns per scenario the CPU ms and SQL of each ticket, and the assignment
    job's CPU ms and SQL per ticket of each round."""
    sites = {"stock": args.stock_site, "app": args.app_site}
    _assign_waiting(bi, args.app_site)  # nothing else waits
    cpu = {key: [] for key in SCENARIOS}
    sql = {key: [] for key in SCENARIOS}
    assign_cpu, assign_sql = [], []
    for i in range(N_WARM + n):
        for site_key, kind in SCENARIOS:
            ms, statements = _one_ticket(bi, sites[site_key], kind, i)
            if i >= N_WARM:
                cpu[(site_key, kind)].append(ms)
                sql[(site_key, kind)].append(statements)
        ms, statements, done = _assign_waiting(bi, args.app_site)
        if i >= N_WARM and done:
            assign_cpu.append(ms / done)
            assign_sql.append(statements / done)
    rows = {
        key: (statistics.median(cpu[key]), statistics.mean(cpu[key]), statistics.mean(sql[key]))
        for key in SCENARIOS
    }
    return rows, (assign_cpu, assign_sql)


def run(args, bi, bench) -> int:
    n = args.cpu_tickets
    bi.on_site(args.stock_site, lambda f: bi.prepare_stock(f, 1))
    bi.on_site(args.app_site, lambda f: bi.prepare_app(f, 1))
    rows, (assign_cpu, assign_sql) = _interleaved(args, bi, n)
    stock = rows[("stock", "api.new")][0]
    print(
        f"\nwork per ticket, {n} interleaved rounds after {N_WARM} warm-up, each ticket on a fresh "
        "connection (Python CPU of one process; median, mean)"
    )
    print(f"{'scenario':22} {'CPU ms':>8} {'mean':>7} {'SQL':>6} {'CPU / stock':>12}")
    for (site_key, kind), (median, mean, statements) in rows.items():
        print(
            f"{site_key + ' ' + kind:22} {median:8.1f} {mean:7.1f} {statements:6.0f} {median / stock:11.2f}x"
        )
    a_median = statistics.median(assign_cpu) if assign_cpu else 0.0
    a_sql = statistics.mean(assign_sql) if assign_sql else 0.0
    print(
        f"{'app assignment job':22} {a_median:8.1f} {statistics.mean(assign_cpu) if assign_cpu else 0:7.1f}"
        f" {a_sql:6.0f} {'':>12}   (per ticket, {len(assign_cpu)} rounds)"
    )
    request = rows[("app", "request")]
    total = request[0] + a_median
    r = total / stock
    share = args.stock_cpu_share
    print(f"{'app request + assign':22} {total:8.1f} {'':7} {request[2] + a_sql:6.0f} {r:11.2f}x")
    ceiling = (1 / share) / r
    need = 1 / (1.5 * share)
    good = r <= need
    print(
        f"ceiling at 20 clients, stock lock-bound with the CPU {share:.0%} busy: the app at most "
        f"{ceiling:.2f}x stock's throughput"
    )
    print(
        f"{'PASS' if good else 'FAIL'}: the app's work per ticket is {r:.2f}x stock's "
        f"(the 1.5x goal needs <= {need:.2f}x)"
    )
    latency = request[0] / stock
    print(
        f"{'PASS' if latency <= 1.15 else 'FAIL'}: the app's request costs {latency:.2f}x stock's CPU "
        "(1 client: the latency goal allows +15 %)"
    )
    return 0 if good else 1
