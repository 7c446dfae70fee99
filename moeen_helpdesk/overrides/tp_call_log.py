"""TP Call Log (Telephony): a completed contact-center call asks for a satisfaction survey."""

from moeen_helpdesk.surveys import triggers as survey_triggers


def on_update(doc, method=None):
    survey_triggers.on_call_log_update(doc, method)
