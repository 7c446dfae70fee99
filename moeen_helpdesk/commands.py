"""bench commands of Moeen Helpdesk."""

import click
from frappe.commands import get_site, pass_context


@click.command("moeen-demo")
@click.option("--beneficiaries/--no-beneficiaries", default=True, help="Also create demo beneficiaries.")
@pass_context
def moeen_demo(context, beneficiaries=True):
    """Load the demo catalog (idempotent): categories, 30+ services, tier-2 units, beneficiaries."""
    import frappe

    from moeen_helpdesk.demo import load

    site = get_site(context)
    frappe.init(site=site)
    frappe.connect()
    try:
        summary = load(with_beneficiaries=beneficiaries)
        frappe.db.commit()
    finally:
        frappe.destroy()
    for key, (created, total) in summary.items():
        click.echo(f"{key}: {created} created, {total} in the demo")


from moeen_helpdesk.calendars import generate_holidays_command  # noqa: E402

commands = [moeen_demo, generate_holidays_command]
