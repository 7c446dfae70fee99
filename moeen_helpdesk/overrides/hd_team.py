"""HD Team (Helpdesk): a team's tier mark and members drive routing and assignment."""

from moeen_helpdesk import tiers


def on_change(doc, method=None, *args, **kwargs):
    """on_update, on_trash and after_rename (which passes the old and new names): the cached
    tier teams and their rotation."""
    tiers.on_team_change(doc, method, *args, **kwargs)
