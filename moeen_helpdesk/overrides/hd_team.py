"""HD Team (Helpdesk): a team's tier mark and members drive routing and assignment."""

from moeen_helpdesk.tiers.assignment import on_team_change


def on_change(doc, method=None, *args, **kwargs):
    """on_update, on_trash and after_rename (which passes the old and new names): the cached
    tier teams and their rotation."""
    on_team_change(doc, method, *args, **kwargs)
