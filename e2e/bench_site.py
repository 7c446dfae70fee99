"""Connect the e2e helper scripts (prepare, prepare_agent_ui, prepare_survey, agent_resolve, desk_ready) to a bench site."""

import argparse
import os

DEFAULT_SITE = "moeen-test.localhost"


def site_parser() -> argparse.ArgumentParser:
    """The arguments every helper script takes: ``--site`` and ``--sites-path`` (default: the bench's)."""
    p = argparse.ArgumentParser()
    p.add_argument("--site", default=DEFAULT_SITE)
    p.add_argument("--sites-path", default=None)
    return p


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
