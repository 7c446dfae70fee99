"""TP Call Log (Telephony): a completed contact-center call asks for a satisfaction survey."""

from moeen_helpdesk import surveys


def on_update(doc, method=None):
    surveys.on_call_log_update(doc, method)
