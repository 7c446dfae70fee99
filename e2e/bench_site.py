"""Connect the e2e helper scripts (prepare, agent_resolve) to a bench site."""

import os


def run_on_site(args, fn):
    """``fn(frappe)`` on ``args.site``, connected from the bench's sites folder (Frappe logs to ../logs)."""
    import frappe

    os.chdir(args.sites_path or ("sites" if os.path.isdir("sites") else "."))
    frappe.init(site=args.site, sites_path=".")
    frappe.connect()
    try:
        return fn(frappe)
    finally:
        frappe.destroy()
