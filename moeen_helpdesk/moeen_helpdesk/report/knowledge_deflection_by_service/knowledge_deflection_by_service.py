"""Knowledge Deflection by Service: per service, the knowledge articles suggested on its request
form, opened, and marked "this solved my problem" (no ticket), beside the tickets of the service
in the same period, with the rates of :func:`moeen_helpdesk.core.knowledge.figures` and the share
of needs met without a ticket. The figures are :mod:`moeen_helpdesk.knowledge.figures`'."""

import frappe
from frappe import _

from moeen_helpdesk.compliance.sql import REPORT_ROLES
from moeen_helpdesk.guard.reports import report_filters
from moeen_helpdesk.knowledge.figures import service_figures
from moeen_helpdesk.report_display import (
    bar_chart,
    column,
    pct,
    service_name,
    service_name_column,
    service_names,
)


def execute(filters=None):
    frappe.only_for(REPORT_ROLES)
    filters = report_filters(filters)
    figures = service_figures(filters)
    names = service_names([{"service": s} for s in figures], ["service"])
    data = []
    for service in sorted(figures):
        f = figures[service]
        data.append(
            {
                "service": service,
                "service_name": service_name(service, names),
                "suggested": f.suggested,
                "opened": f.opened,
                "solved": f.solved,
                "tickets": f.tickets,
                "open_rate": pct(f.open_rate),
                "solve_rate": pct(f.solve_rate),
                "solved_per_opened": pct(f.solved_per_opened),
                "without_ticket_share": pct(f.without_ticket_share),
            }
        )
    chart = bar_chart(
        data,
        ["service"],
        [
            ("suggested", _("Suggested")),
            ("opened", _("Opened")),
            ("solved", _("Solved Without a Ticket")),
            ("tickets", _("Tickets")),
        ],  # fmt: skip
        ["#7c8a9a", "#2f6fa3", "#1d6f42", "#b7791f"],
    )
    return columns(), data, None, chart


def columns():
    return [
        column("service", _("Service"), "Link", 140, options="Moeen Service"),
        service_name_column(),
        column("suggested", _("Suggested"), "Int", 100),
        column("opened", _("Opened"), "Int", 90),
        column("solved", _("Solved Without a Ticket"), "Int", 170),
        column("tickets", _("Tickets"), "Int", 90),
        column("open_rate", _("Opened / Suggested %"), "Percent", 160),
        column("solve_rate", _("Solved / Suggested %"), "Percent", 160),
        column("solved_per_opened", _("Solved / Opened %"), "Percent", 150),
        column("without_ticket_share", _("Needs Met Without a Ticket %"), "Percent", 200),
    ]
