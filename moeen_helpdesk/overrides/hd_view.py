"""HD View (Helpdesk): the shipped tier queues are not changeable by agents."""

from moeen_helpdesk import agent_ui


def guard(doc, method=None):
    """validate and on_trash."""
    agent_ui.guard_view(doc, method)
