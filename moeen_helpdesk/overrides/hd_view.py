"""HD View (Helpdesk): the shipped tier queues are not changeable by agents."""

from moeen_helpdesk.agent_ui.protection import guard_view


def guard(doc, method=None):
    """validate and on_trash."""
    guard_view(doc, method)
