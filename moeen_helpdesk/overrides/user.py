"""User (Frappe): beneficiaries get their role and profile; agents never do."""

from moeen_helpdesk import beneficiaries


def validate(doc, method=None):
    beneficiaries.sync_role(doc, method)


def after_insert(doc, method=None):
    beneficiaries.on_user_created(doc, method)
