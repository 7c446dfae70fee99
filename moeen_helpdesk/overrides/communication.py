"""Communication (Frappe): a ticket's conversation is the record of the case."""

from moeen_helpdesk import protection


def on_trash(doc, method=None):
    protection.on_communication_trash(doc, method)
