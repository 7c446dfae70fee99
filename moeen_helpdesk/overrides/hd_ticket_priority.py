"""HD Ticket Priority (Helpdesk): the app's SLA record for service tickets knows every priority."""

from moeen_helpdesk import service_sla


def after_insert(doc, method=None):
    service_sla.on_priority_insert(doc, method)
