"""HD Agent (Helpdesk): an agent's shift calendar and "away" drive assignment."""

from moeen_helpdesk import tiers


def on_update(doc, method=None):
    tiers.on_agent_change(doc, method)
