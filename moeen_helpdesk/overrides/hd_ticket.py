"""HD Ticket (Helpdesk): the app's events, in the order they run on a save.

Helpdesk's controller runs first at each event; then, here:

0. ``autoname`` — the ticket number from the app's sequence (:func:`moeen_helpdesk.intake.autoname`:
   no series row lock held to the commit).
1. ``before_insert`` — :func:`moeen_helpdesk.tickets.before_insert`: the raiser, the channel, the
   desk-decided values cleared for a beneficiary, routing to tier 1; then the assignment is marked
   for after the commit (:mod:`moeen_helpdesk.intake`) and a service ticket gets the app's SLA
   record (:mod:`moeen_helpdesk.service_sla`: Helpdesk computes no deadline the app overwrites).
2. ``validate`` — :func:`moeen_helpdesk.tickets.validate` (derived fields, the protected-field
   check, eligibility, service required), then :func:`moeen_helpdesk.tiers.status_sync.on_ticket_update`
   (status ↔ tier state), the pending-assignment mark kept, the SLA record kept in step with the
   service.
3. ``before_save`` — the SLA clocks (:func:`moeen_helpdesk.sla.on_save.on_before_save`), then the
   business durations the review reads (:func:`moeen_helpdesk.review.record_durations`, which
   needs the clocks), then the agent UI's facts (:func:`moeen_helpdesk.agent_ui.facts.set_ticket_facts`).
4. ``on_update`` — the satisfaction survey (:func:`moeen_helpdesk.surveys.triggers.on_ticket_update`).
5. ``on_trash`` — the tier log (:func:`moeen_helpdesk.tiers.status_sync.on_ticket_trash`).
6. ``after_insert`` — the assignment job queued after the commit (:func:`moeen_helpdesk.intake.after_insert`).
"""

from moeen_helpdesk import intake, review, service_sla, tickets
from moeen_helpdesk.agent_ui.facts import set_ticket_facts
from moeen_helpdesk.sla.on_save import on_before_save
from moeen_helpdesk.surveys import triggers as survey_triggers
from moeen_helpdesk.tiers.status_sync import on_ticket_trash, on_ticket_update
from moeen_helpdesk.tiers.teams import on_tier_team


def autoname(doc, method=None):
    intake.autoname(doc, method)


def before_insert(doc, method=None):
    tickets.before_insert(doc, method)
    intake.mark_for_assignment(doc, on_tier_team(doc))
    service_sla.before_insert(doc, method)


def validate(doc, method=None):
    tickets.validate(doc, method)
    on_ticket_update(doc, method)
    intake.keep_flag(doc, method)
    service_sla.validate(doc, method)


def after_insert(doc, method=None):
    intake.after_insert(doc, method)


def before_save(doc, method=None):
    on_before_save(doc, method)
    review.record_durations(doc, method)
    set_ticket_facts(doc, method)


def on_update(doc, method=None):
    survey_triggers.on_ticket_update(doc, method)


def on_trash(doc, method=None):
    on_ticket_trash(doc, method)
