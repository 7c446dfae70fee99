"""The report indexes (``moeen_helpdesk.report_indexes``) on sites installed before them."""

from moeen_helpdesk.report_indexes import ensure_indexes


def execute():
    ensure_indexes()
