"""File (Frappe): a beneficiary's attachment is checked (size, type) before it is stored."""

from moeen_helpdesk import portal


def before_insert(doc, method=None):
    portal.validate_attachment(doc, method)
