"""Status sync (``HD Ticket.validate`` / ``on_trash``): Helpdesk's reopen and resolution followed
in the tier state, team moves across tiers refused, the tier log deleted with its ticket."""

import frappe
from frappe import _
from frappe.utils import now_datetime

from moeen_helpdesk.core import tiers as core
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.sla.on_save import status_category
from moeen_helpdesk.tiers.log import log_activity, log_rows, record_transition, timeline_text
from moeen_helpdesk.tiers.notifications import notify_after_commit
from moeen_helpdesk.tiers.teams import LOG, TIER1, tier_teams
from moeen_helpdesk.tiers.times import tier_times
from moeen_helpdesk.tiers.transitions import actor_for, context_for, tier1_home
from moeen_helpdesk.utils import throw_core


# ------------------------------------------------------------ status sync (validate)
def on_ticket_update(doc, method=None):
    """HD Ticket validate (after the app's own checks, which keep the tier fields to the tier
    actions: ``moeen_helpdesk.protection``): follow Helpdesk's reopen and resolution, refuse
    team moves across tiers."""
    doc.flags.moeen_tier_checked = True
    if doc.flags.moeen_keep_status:  # the resolution reply's own save (reply_to_beneficiary)
        doc.status = doc.flags.moeen_keep_status
        doc.status_category = status_category(doc.status) or doc.status_category
    if doc.is_new() or doc.flags.moeen_tier_transition:
        return
    before = doc.get_doc_before_save()
    if before is None:
        return
    state = doc.get("moeen_tier_state")
    if not state:
        return
    was, now_cat = status_category(before.get("status")), status_category(doc.get("status"))
    if was == "Resolved" and now_cat != "Resolved":
        _follow_reopen(doc, state)
    elif now_cat == "Resolved" and was != "Resolved" and state != core.RESOLVED:
        _follow_resolution(doc, state)
    elif doc.has_value_changed("agent_group"):
        _check_team_move(doc, state)


def _follow_reopen(doc, state: str):
    home = tier1_home(doc) or doc.agent_group
    tr = core.Transition(
        action=core.REOPEN,
        from_state=state,
        to_state=core.TIER1,
        actor=frappe.session.user,
        team_before=doc.agent_group,
        team_after=home,
        reason=None,
        at=now_datetime(),
    )
    doc.agent_group = home
    doc.moeen_tier_state = core.TIER1
    doc.moeen_completed_by = None
    record_transition(doc, tr)
    doc.update(tier_times(doc, log_rows(doc.name), now=tr.at))
    log_activity(doc.name, timeline_text(tr))
    notify_after_commit(doc.name, tr)


def _follow_resolution(doc, state: str):
    actor = actor_for()
    at = now_datetime()
    reason = None
    try:
        tr = core.apply(context_for(doc, state), actor, core.RESOLVE, at=at)
    except CoreError as e:
        is_raiser = bool(doc.raised_by) and doc.raised_by == actor.user
        if not (actor.is_admin or is_raiser):
            throw_core(e)
        reason = _("Closed by the beneficiary") if is_raiser else _("Closed outside the tier actions")
        tr = core.Transition(
            action=core.RESOLVE,
            from_state=state,
            to_state=core.RESOLVED,
            actor=actor.user,
            team_before=doc.agent_group,
            team_after=doc.agent_group,
            reason=reason,
            at=at,
        )
    doc.moeen_tier_state = core.RESOLVED
    record_transition(doc, tr)
    doc.update(tier_times(doc, log_rows(doc.name), now=at))


def _check_team_move(doc, state: str):
    tier = core.tier_of(state)
    if tier == TIER1 and doc.agent_group in tier_teams()[TIER1]:
        return  # between tier-1 teams
    frappe.throw(
        _("A ticket moves between the tiers only through the tier actions (escalate, return, reopen)"),
        frappe.ValidationError,
    )


def on_ticket_trash(doc, method=None):
    """HD Ticket on_trash: its tier log goes with it."""
    frappe.db.delete(LOG, {"ticket": doc.name})
