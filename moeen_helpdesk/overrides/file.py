"""File (Frappe): a beneficiary's attachment is checked (size, type) before it is stored."""

from moeen_helpdesk.portal import attachments


def before_insert(doc, method=None):
    attachments.validate_attachment(doc, method)
