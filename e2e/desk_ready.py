"""Mark the desk's setup wizard done on an e2e site (a fresh site sends Administrator to
/app/setup-wizard instead of the workspace), for e2e/specs/workspace.test.js.

    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/e2e/desk_ready.py \
        --site moeen-test.localhost

Prints ``MOEEN_E2E_DESK=ready`` on its last line.
"""

from bench_site import run_on_site, site_parser


def parse():
    p = site_parser()
    return p.parse_args()


def ready(frappe):
    if not frappe.is_setup_complete():
        frappe.db.set_value("Installed Application", {"app_name": "frappe"}, "is_setup_complete", 1)
        frappe.db.set_single_value("System Settings", "setup_complete", 1)
        frappe.db.commit()
        frappe.clear_cache()
    return "ready" if frappe.is_setup_complete() else "not-ready"


if __name__ == "__main__":
    args = parse()
    print(f"MOEEN_E2E_DESK={run_on_site(args, ready)}")
