"""bench commands of Moeen Helpdesk.

The imports inside the commands are on purpose: ``bench`` imports every app's ``commands``
module for each command it runs (``bench --help`` included), before any site is initialised, so
this module imports only click and ``frappe.commands``; frappe and the app's modules are imported
when the command itself runs.
"""

import click
from frappe.commands import get_site, pass_context


@click.command("moeen-demo")
@click.option("--beneficiaries/--no-beneficiaries", default=True, help="Also create demo beneficiaries.")
@click.option(
    "--site-setup/--no-site-setup",
    default=True,
    help="Also complete the setup wizard, set the time zone, a Tier 1 team with agents, tier marks.",
)
@pass_context
def moeen_demo(context, beneficiaries=True, site_setup=True):
    """Load the demo catalog (idempotent): categories, 30+ services, tier-2 units, beneficiaries;
    and set the site up so that moeen-doctor passes apart from e-mail, scheduler and worker."""
    import frappe

    from moeen_helpdesk.demo import load
    from moeen_helpdesk.demo.site import prepare_site
    from moeen_helpdesk.setup_check import results

    site = get_site(context)
    frappe.init(site=site)
    frappe.connect()
    try:
        summary = load(with_beneficiaries=beneficiaries)
        frappe.db.commit()
        setup = prepare_site() if site_setup else {}
        frappe.db.commit()
        left = [r for r in results() if not r["ok"]]
    finally:
        frappe.destroy()
    for key, (created, total) in summary.items():
        click.echo(f"{key}: {created} created, {total} in the demo")
    for key, what in setup.items():
        click.echo(f"{key}: {what}")
    for r in left:
        click.echo(f"still missing (moeen-doctor): {r['title']} — {r['fix']}")


@click.command("moeen-doctor")
@pass_context
def moeen_doctor(context):
    """The setup check: each item OK or missing, with how to fix it (exit code 1 when something is missing)."""
    import frappe

    from moeen_helpdesk.setup_check import report, results

    site = get_site(context)
    frappe.init(site=site)
    frappe.connect()
    try:
        rows = results()
        click.echo(report(rows))
    finally:
        frappe.destroy()
    if not all(r["ok"] for r in rows):
        raise SystemExit(1)


@click.command("moeen-purge")
@click.option("--yes", is_flag=True, help="Confirm: drop the columns and indexes for good.")
@pass_context
def moeen_purge(context, yes=False):
    """After uninstall-app: drop the moeen_* columns and indexes Frappe keeps in Helpdesk's tables."""
    import frappe

    from moeen_helpdesk.kept_data import is_installed, kept, purge

    site = get_site(context)
    frappe.init(site=site)
    frappe.connect()
    try:
        if is_installed():
            click.echo(
                f"moeen_helpdesk is installed on {site}: uninstall it first "
                f"(bench --site {site} uninstall-app moeen_helpdesk), then run moeen-purge."
            )
            raise SystemExit(1)
        found = kept()
        if not any(found.values()):
            click.echo("Nothing of moeen_helpdesk is left in Helpdesk's tables.")
            return
        for kind in ("columns", "indexes", "unexpected_columns", "unexpected_indexes"):
            for dt, names in found[kind].items():
                click.echo(f"{dt}: {kind.replace('_', ' ')}: {', '.join(names)}")
        if not yes:
            click.echo(
                "Nothing dropped: run again with --yes to drop these columns and indexes and their data."
            )
            raise SystemExit(1)
        dropped = purge()
        frappe.db.commit()
        for dt, names in dropped.items():
            click.echo(f"{dt}: dropped {len(names)} ({', '.join(names)})")
    finally:
        frappe.destroy()


from moeen_helpdesk.calendars import generate_holidays_command  # noqa: E402

commands = [moeen_demo, moeen_doctor, moeen_purge, generate_holidays_command]
