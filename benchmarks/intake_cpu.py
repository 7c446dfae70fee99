"""bench_intake ``--cpu``: the work a ticket costs, in CPU and SQL statements, app against stock.

The load mode's req/s at 20 clients depends on what else runs on the machine; the CPU a ticket
costs hardly does. In one process per site, after a warm-up, it takes ``--cpu-tickets`` tickets
through Helpdesk's ``api.new`` (both sites) and the app's ``request`` (the app's site), then lets
the app's assignment job assign them (stock assigns nothing), and prints per ticket the Python
CPU time (``time.process_time``: the database's own CPU is not in it, its statement count is)
and the number of SQL statements.

From that it prints the ceiling the goal of issue 13 meets on this stack: stock at 20 clients is
bound by its series row lock with the CPU a share ``s`` busy (the load mode's ``cpu`` column,
``--stock-cpu-share``); the app holds no lock, so at best it uses the whole CPU, and its
throughput over stock is at most ``(1 / s) / r``, where ``r`` is the app's CPU per ticket
(intake + assignment) over stock's. The goal "at least 1.5x stock" needs ``r <= 1 / (1.5 s)``.
"""

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


def _measure(frappe, make, n: int) -> tuple[float, float, list[str]]:
    """CPU ms and SQL statements per ticket of ``make(i)`` (one ticket, committed)."""
    count = _counting(frappe)
    names = []
    for i in range(N_WARM):
        make(i)
    count[0] = 0
    started = time.process_time()
    for i in range(n):
        names.append(make(i))
    cpu = (time.process_time() - started) / n * 1000
    return cpu, count[0] / n, names


def _ticket_maker(frappe, bi, kind: str, user: str):
    if kind == "api.new":
        from helpdesk.helpdesk.doctype.hd_ticket.api import new as call

        def make(i):
            frappe.local.form_dict = frappe._dict()
            name = call(doc={"subject": f"Bench cpu {i}", "description": f"<p>Bench cpu {i}</p>"}).name
            frappe.db.commit()  # nosemgrep: a request's commit
            frappe.set_user(user)
            return name

        return make
    from moeen_helpdesk.api.portal import request as call

    def make(i):
        frappe.local.form_dict = frappe._dict()
        name = call(service=bi.SERVICE, subject=f"Bench cpu {i}", description=f"Bench cpu {i}")["name"]
        frappe.db.commit()  # nosemgrep: a request's commit
        frappe.set_user(user)
        return name

    return make


def _intake(bi, site: str, kind: str, n: int):
    user = bi.USER.format(i=0)

    def measure(frappe):
        frappe.set_user(user)
        return _measure(frappe, _ticket_maker(frappe, bi, kind, user), n)

    return bi.on_site(site, measure)


def _assignment(bi, site: str, n: int):
    """The app's assignment job over ``n`` fresh tickets: CPU ms and SQL per ticket."""
    user = bi.USER.format(i=0)

    def measure(frappe):
        from moeen_helpdesk import intake

        intake.assign_pending()  # nothing else waits
        frappe.set_user(user)
        make = _ticket_maker(frappe, bi, "request", user)
        for i in range(n):
            make(i)
        frappe.set_user("Administrator")
        count = _counting(frappe)
        started = time.process_time()
        done = intake.assign_pending()
        return (time.process_time() - started) / max(done, 1) * 1000, count[0] / max(done, 1), done

    return bi.on_site(site, measure)


def run(args, bi, bench) -> int:
    n = args.cpu_tickets
    bi.on_site(args.stock_site, lambda f: bi.prepare_stock(f, 1))
    bi.on_site(args.app_site, lambda f: bi.prepare_app(f, 1))
    rows = {
        ("stock", "api.new"): _intake(bi, args.stock_site, "api.new", n),
        ("app", "api.new"): _intake(bi, args.app_site, "api.new", n),
        ("app", "request"): _intake(bi, args.app_site, "request", n),
    }
    assign_cpu, assign_sql, assigned = _assignment(bi, args.app_site, n)
    stock_cpu, stock_sql = rows[("stock", "api.new")][:2]
    print(f"\nwork per ticket, {n} tickets per scenario after {N_WARM} warm-up (Python CPU of one process)")
    print(f"{'scenario':22} {'CPU ms':>8} {'SQL':>6} {'CPU / stock':>12}")
    for (site_key, kind), (cpu, sql, _names) in rows.items():
        print(f"{site_key + ' ' + kind:22} {cpu:8.1f} {sql:6.0f} {cpu / stock_cpu:11.2f}x")
    print(f"{'app assignment job':22} {assign_cpu:8.1f} {assign_sql:6.0f} {'':>12}   ({assigned} tickets)")
    total = rows[("app", "request")][0] + assign_cpu
    r = total / stock_cpu
    share = args.stock_cpu_share
    print(
        f"{'app request + assign':22} {total:8.1f} {rows[('app', 'request')][1] + assign_sql:6.0f} {r:11.2f}x"
    )
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
    return 0 if good else 1
