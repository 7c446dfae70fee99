"""HD Ticket (Helpdesk): the app's events, in the order they run on a save.

Helpdesk's controller runs first at each event; then, here:

1. ``before_insert`` — :func:`moeen_helpdesk.tickets.before_insert`: the raiser, the channel, the
   desk-decided values cleared for a beneficiary, routing to tier 1.
2. ``validate`` — :func:`moeen_helpdesk.tickets.validate` (derived fields, the protected-field
   check, eligibility, service required), then :func:`moeen_helpdesk.tiers.on_ticket_update`
   (status ↔ tier state).
3. ``before_save`` — the SLA clocks (:func:`moeen_helpdesk.sla.on_before_save`), then the
   business durations the review reads (:func:`moeen_helpdesk.review.record_durations`, which
   needs the clocks), then the agent UI's facts (:func:`moeen_helpdesk.agent_ui.set_ticket_facts`).
4. ``on_update`` — the satisfaction survey (:func:`moeen_helpdesk.surveys.triggers.on_ticket_update`).
5. ``on_trash`` — the tier log (:func:`moeen_helpdesk.tiers.on_ticket_trash`).
"""

from moeen_helpdesk import agent_ui, review, sla, tickets, tiers
from moeen_helpdesk.surveys import triggers as survey_triggers


def before_insert(doc, method=None):
    tickets.before_insert(doc, method)


def validate(doc, method=None):
    tickets.validate(doc, method)
    tiers.on_ticket_update(doc, method)


def before_save(doc, method=None):
    sla.on_before_save(doc, method)
    review.record_durations(doc, method)
    agent_ui.set_ticket_facts(doc, method)


def on_update(doc, method=None):
    survey_triggers.on_ticket_update(doc, method)


def on_trash(doc, method=None):
    tiers.on_ticket_trash(doc, method)
