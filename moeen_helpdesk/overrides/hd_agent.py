"""HD Agent (Helpdesk): an agent's shift calendar and "away" drive assignment."""

from moeen_helpdesk.tiers.assignment import on_agent_change


def on_update(doc, method=None):
    on_agent_change(doc, method)
