"""Knowledge Deflection by Service: per service, the knowledge articles suggested on its request
form, opened, and marked "this solved my problem" (no ticket), beside the tickets of the service
in the same period, with the rates of :func:`moeen_helpdesk.core.knowledge.figures` and the share
of needs met without a ticket. The figures are :mod:`moeen_helpdesk.knowledge.figures`'."""

import frappe
from frappe import _

from moeen_helpdesk.compliance.sql import REPORT_ROLES
from moeen_helpdesk.guard.reports import report_filters
from moeen_helpdesk.knowledge.figures import service_figures
from moeen_helpdesk.report_display import bar_chart, pct, service_name, service_name_column, service_names


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
        {
            "fieldname": "service",
            "label": _("Service"),
            "fieldtype": "Link",
            "options": "Moeen Service",
            "width": 140,
        },
        service_name_column(),
        {"fieldname": "suggested", "label": _("Suggested"), "fieldtype": "Int", "width": 100},
        {"fieldname": "opened", "label": _("Opened"), "fieldtype": "Int", "width": 90},
        {"fieldname": "solved", "label": _("Solved Without a Ticket"), "fieldtype": "Int", "width": 170},
        {"fieldname": "tickets", "label": _("Tickets"), "fieldtype": "Int", "width": 90},
        {"fieldname": "open_rate", "label": _("Opened / Suggested %"), "fieldtype": "Percent", "width": 160},
        {"fieldname": "solve_rate", "label": _("Solved / Suggested %"), "fieldtype": "Percent", "width": 160},
        {
            "fieldname": "solved_per_opened",
            "label": _("Solved / Opened %"),
            "fieldtype": "Percent",
            "width": 150,
        },
        {
            "fieldname": "without_ticket_share",
            "label": _("Needs Met Without a Ticket %"),
            "fieldtype": "Percent",
            "width": 200,
        },  # fmt: skip
    ]
