"""The two tiers on Helpdesk: intake, assignment on shift, tier actions and per-tier time.

Tier 1 (the contact & control center) is an HD Team with ``moeen_tier = "Tier 1"``;
tier-2 units are HD Teams with ``moeen_tier = "Tier 2"``. The rules are the pure
state machine of :mod:`moeen_helpdesk.core.tiers`; this module loads what it needs,
applies the accepted transition to the ticket and records it.

* **Intake** (:func:`route_new_ticket`, from ``HD Ticket.before_insert``): once a
  tier-1 team exists, every new ticket lands on it (several tier-1 teams: the first
  by name) in state "Tier 1", whatever team the raiser sent. Before that,
  Helpdesk's routing is untouched and the tier state stays empty.
* **Assignment** inside a team: the team's own Assignment Rule (Helpdesk makes one
  per team) keeps only the members on shift now (their ``moeen_shift_calendar``
  is open; no calendar: always) who are active and not away, and its rule
  (Round Robin / Load Balancing) follows the team's ``moeen_dispatch``; Frappe's
  rule then assigns on save (a new ticket: just after its intake commits, see
  :mod:`moeen_helpdesk.intake`). :func:`assign_waiting_tickets` (every 5 minutes)
  refreshes the rules and hands unassigned tickets to whoever is on shift.
* **Transitions** (:func:`do_transition`): the acting user and the ticket become a
  core ``Actor`` / ``TicketContext``; a refused action changes nothing. An accepted
  one moves the team, sets the state (resolve/verify: a Resolved-category status,
  reopen: Helpdesk's reopen status), is logged in "Moeen Tier Transition" and on
  Helpdesk's timeline, and the team told is notified after commit.
* **Status sync** (:func:`on_ticket_update`, from ``HD Ticket.validate``): a resolved
  ticket reopened through Helpdesk goes back to tier 1; a ticket resolved through
  Helpdesk's status is recorded as resolved (refused while tier 2 holds it, except
  for admins and the raiser); tier fields are only written here.
* **Per-tier clocks** (:func:`refresh_tier_times`): business seconds per tier on the
  ticket's calendar (``moeen_helpdesk.sla.business_seconds``), hold periods (status
  in a Paused category, from the ticket's version history) excluded, and the tiers
  over the service's ``tier1_target`` / ``tier2_target``.
"""

import json
from dataclasses import asdict
from datetime import datetime
from functools import partial

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, now_datetime

from moeen_helpdesk import intake
from moeen_helpdesk.core import tiers as core
from moeen_helpdesk.core.errors import CoreError
from moeen_helpdesk.utils import throw_core

TIER1, TIER2 = core.TIER1_LABEL, core.TIER2_LABEL
LOG = "Moeen Tier Transition"
OPEN_STATES = (core.TIER1, core.ESCALATED, core.TIER2, core.COMPLETED)
TIER2_STATES = (core.ESCALATED, core.TIER2, core.COMPLETED)
ROUND_ROBIN, LOAD_BALANCING = "Round Robin", "Load Balancing"
ADMIN_ROLES = ("System Manager",)
#: Ticket fields written only by this module (cleared on intake; ``moeen_helpdesk.protection``
#: puts back anyone else's change).
TIER_FIELDS = (
    "moeen_tier_state",
    "moeen_completed_by",
    "moeen_escalation_reason",
    "moeen_tier1_seconds",
    "moeen_tier2_seconds",
    "moeen_overrun_tier",
)
CACHE_KEY = "moeen_helpdesk:tier_teams"
CACHE_SECONDS = 300


# --------------------------------------------------------------------------- teams
def tier_teams() -> dict[str, list[str]]:
    """``{"Tier 1": [...], "Tier 2": [...]}``, names sorted. Cached in Redis (cleared
    when a team changes, and expiring after 5 minutes in any case)."""
    teams = frappe.cache.get_value(CACHE_KEY, expires=True)
    if teams is None:
        teams = {TIER1: [], TIER2: []}
        if frappe.get_meta("HD Team").has_field("moeen_tier"):
            for row in frappe.get_all(
                "HD Team",
                filters={"moeen_tier": ["in", [TIER1, TIER2]]},
                fields=["name", "moeen_tier"],
                order_by="name asc",
            ):
                teams[row.moeen_tier].append(row.name)
        frappe.cache.set_value(CACHE_KEY, teams, expires_in_sec=CACHE_SECONDS)
    return teams


def forget_tier_teams():
    frappe.cache.delete_value(CACHE_KEY)


def intake_team() -> str | None:
    """The tier-1 team every new ticket lands on: the only one, or the first by name."""
    teams = tier_teams()[TIER1]
    return teams[0] if teams else None


def tiers_enabled() -> bool:
    return intake_team() is not None


def team_members(team: str | None) -> list[str]:
    if not team:
        return []
    return frappe.get_all(
        "HD Team Member", filters={"parent": team, "parenttype": "HD Team"}, pluck="user", order_by="idx asc"
    )


def status_category(status: str | None) -> str | None:
    return frappe.get_cached_value("HD Ticket Status", status, "category") if status else None


# -------------------------------------------------------------------------- intake
def route_new_ticket(doc, method=None):
    """HD Ticket before_insert: put the new ticket on tier 1 (cached look-ups only).

    The tier fields are never taken from the raiser. Idempotent (``doc.flags.moeen_routed``)."""
    if doc.flags.moeen_routed:
        return
    doc.flags.moeen_routed = True
    for field in TIER_FIELDS:
        doc.set(field, None)
    team = intake_team()
    if not team:
        return
    doc.agent_group = team
    doc.moeen_tier_state = core.initial_state()


# ---------------------------------------------------------------------- assignment
def _site_aware(now: datetime):
    from moeen_helpdesk.sla import to_aware

    return to_aware(now)


def on_shift(agent, now: datetime | None = None) -> bool:
    """An HD Agent row (is_active, moeen_away, moeen_shift_calendar) may take tickets now."""
    if not cint(agent.get("is_active")) or cint(agent.get("moeen_away")):
        return False
    calendar = agent.get("moeen_shift_calendar")
    if not calendar:
        return True
    from moeen_helpdesk.calendars import get_calendar

    try:
        return get_calendar(calendar).is_open(_site_aware(now or now_datetime()))
    except frappe.DoesNotExistError:
        return False


def members_on_shift(team: str, now: datetime | None = None) -> list[str]:
    """The team's members (in the team's order) who are on shift now and not away."""
    members = team_members(team)
    if not members:
        return []
    agents = {
        a.name: a
        for a in frappe.get_all(
            "HD Agent",
            filters={"name": ["in", members]},
            fields=["name", "is_active", "moeen_away", "moeen_shift_calendar"],
        )
    }
    now = now or now_datetime()
    return [u for u in members if u in agents and on_shift(agents[u], now)]


def sync_rotation(team: str, now: datetime | None = None) -> list[str] | None:
    """Make a tier team's Assignment Rule assign among the members on shift now.

    Returns the users the rule now holds (empty: the rule is disabled and new tickets
    wait in the team's queue), or None for a team outside the tiers. Saves the rule
    only when something changed."""
    row = frappe.db.get_value(
        "HD Team", team, ["moeen_tier", "moeen_dispatch", "assignment_rule"], as_dict=True
    )
    if not row or not row.moeen_tier or not row.assignment_rule:
        return None
    if not frappe.db.exists("Assignment Rule", row.assignment_rule):
        return None
    users = members_on_shift(team, now)
    rule = frappe.get_doc("Assignment Rule", row.assignment_rule)
    wanted = LOAD_BALANCING if row.moeen_dispatch == LOAD_BALANCING else ROUND_ROBIN
    disabled = 0 if users else 1
    condition = intake.deferred_condition(rule.assign_condition)  # assigns after the intake commits
    if (
        [r.user for r in rule.users] == users
        and rule.rule == wanted
        and cint(rule.disabled) == disabled
        and rule.assign_condition == condition
    ):
        return users
    rule.rule = wanted
    rule.disabled = disabled
    rule.assign_condition = condition
    rule.set("users", [{"user": u} for u in users])
    rule.flags.ignore_mandatory = True  # nobody on shift: no users, and the rule is disabled
    rule.save(ignore_permissions=True)
    return users


def sync_all_rotations(now: datetime | None = None) -> dict[str, list[str]]:
    teams = tier_teams()
    out = {}
    for team in teams[TIER1] + teams[TIER2]:
        users = sync_rotation(team, now)
        if users is not None:
            out[team] = users
    return out


WAITING_SQL = """
SELECT t.name FROM `tabHD Ticket` t
WHERE t.agent_group IN %(teams)s AND t.moeen_tier_state IN %(states)s
  AND t.status IN (SELECT s.name FROM `tabHD Ticket Status` s WHERE s.category = 'Open')
  AND COALESCE(t._assign, '') IN ('', '[]')
ORDER BY t.creation ASC
LIMIT %(limit)s
"""


def waiting_tickets(teams: list[str], limit: int = 500) -> list[str]:
    if not teams:
        return []
    return [
        r[0]
        for r in frappe.db.sql(WAITING_SQL, {"teams": tuple(teams), "states": OPEN_STATES, "limit": limit})
    ]


def assign_waiting_tickets(now: datetime | None = None) -> int:
    """Scheduler (every 5 minutes): refresh who is on shift in each tier team, then let
    the teams' rules assign the open tickets that wait unassigned. Returns how many
    tickets got an assignee."""
    rotations = sync_all_rotations(now)
    staffed = [team for team, users in rotations.items() if users]
    return sum(1 for name in waiting_tickets(staffed) if intake.assign_ticket(name))


def assignees(ticket: str) -> list[str]:
    raw = frappe.db.get_value("HD Ticket", ticket, "_assign")
    try:
        return json.loads(raw) if raw else []
    except ValueError:
        return []


def _settle_assignment(doc, team_changed: bool, take: str | None = None):
    """After a transition: nobody outside the ticket's team stays assigned; ``take``
    (the user who accepted it) becomes the assignee; otherwise the team's rule assigns."""
    from frappe.automation.doctype.assignment_rule.assignment_rule import apply
    from frappe.desk.form import assign_to

    current = assignees(doc.name)
    members = set(team_members(doc.agent_group))
    keep = [u for u in current if u in members]
    if take:
        keep = [take] if take in members or not members else keep
    for user in current:
        if user not in keep:
            assign_to.remove("HD Ticket", doc.name, user, ignore_permissions=True)
    if take and take not in current and take in keep:
        assign_to.add(
            {"assign_to": [take], "doctype": "HD Ticket", "name": doc.name}, ignore_permissions=True
        )
    elif team_changed and not keep:
        apply(doctype="HD Ticket", name=doc.name)


# ------------------------------------------------------------------ actor & context
def actor_for(user: str | None = None) -> core.Actor:
    user = user or frappe.session.user
    roles = frozenset(frappe.get_roles(user))
    teams = frozenset(
        frappe.get_all("HD Team Member", filters={"user": user, "parenttype": "HD Team"}, pluck="parent")
    )
    is_admin = user == "Administrator" or bool(roles & set(ADMIN_ROLES))
    return core.Actor(user=user, roles=roles, teams=teams, is_admin=is_admin)


def current_state(doc) -> str | None:
    """The ticket's tier state; a ticket from before the tiers were set up (no state)
    counts as Tier 1 (Resolved when its status is) once a tier-1 team exists."""
    if doc.get("moeen_tier_state"):
        return doc.moeen_tier_state
    if not tiers_enabled():
        return None
    return core.RESOLVED if status_category(doc.get("status")) == "Resolved" else core.TIER1


def tier1_home(doc) -> str | None:
    """The tier-1 team a ticket returns to: the one that escalated it, else the intake team."""
    tier1 = tier_teams()[TIER1]
    if doc.get("agent_group") in tier1 and doc.get("moeen_tier_state") == core.TIER1:
        return doc.agent_group
    last = frappe.get_all(
        LOG,
        filters={"ticket": doc.name, "action": core.ESCALATE},
        pluck="team_before",
        order_by="at desc, creation desc",
        limit=1,
    )
    if last and last[0] in tier1:
        return last[0]
    return intake_team()


def verifiers(team: str | None) -> list[str]:
    members = team_members(team)
    if not members:
        return []
    return frappe.get_all(
        "Has Role",
        filters={"parent": ["in", members], "parenttype": "User", "role": core.TIER2_LEAD},
        pluck="parent",
        distinct=True,
    )


def context_for(doc, state: str | None = None) -> core.TicketContext:
    service_unit = (
        frappe.get_cached_value("Moeen Service", doc.moeen_service, "tier2_team")
        if doc.get("moeen_service")
        else None
    )
    return core.TicketContext(
        state=state or current_state(doc),
        team=doc.get("agent_group") or None,
        service_unit=service_unit or None,
        tier2_teams=tier_teams()[TIER2],
        verifiers=verifiers(doc.get("agent_group")),
        completed_by=doc.get("moeen_completed_by") or None,
        allow_self_verify=False,
        raised_by=doc.get("raised_by") or None,
        tier1_team=tier1_home(doc),
    )


# ------------------------------------------------------------------- transitions
def resolved_status() -> str:
    """Helpdesk's "Resolved" status, or the first enabled status of the Resolved category."""
    row = frappe.db.get_value("HD Ticket Status", "Resolved", ["category", "enabled"], as_dict=True)
    if row and row.category == "Resolved" and cint(row.enabled):
        return "Resolved"
    found = frappe.get_all(
        "HD Ticket Status",
        filters={"category": "Resolved", "enabled": 1},
        pluck="name",
        order_by="`order` asc",
        limit=1,
    )
    if not found:
        frappe.throw(_("No enabled ticket status of the Resolved category"))
    return found[0]


def reopen_status(doc) -> str:
    return doc.ticket_reopen_status or "Open"


TIMELINE = {
    core.RESOLVE: "resolved the ticket at tier 1",
    core.ESCALATE: "escalated the ticket to {0}",
    core.ACCEPT: "accepted the ticket for {0}",
    core.RETURN: "returned the ticket to tier 1 ({0})",
    core.COMPLETE: "completed the work; it awaits verification",
    core.REJECT: "rejected the completed work; it is back with {0}",
    core.VERIFY: "verified the work; the ticket is resolved",
    core.REOPEN: "reopened the ticket; it is back at tier 1 ({0})",
}


def _timeline_text(tr: core.Transition) -> str:
    text = _(TIMELINE[tr.action]).format(tr.team_after or "-")
    if tr.reason:
        text += " — " + tr.reason
    return text


def log_activity(ticket: str, text: str):
    from helpdesk.helpdesk.doctype.hd_ticket_activity.hd_ticket_activity import log_ticket_activity

    log_ticket_activity(ticket, text)


def _record(doc, tr: core.Transition) -> str:
    rec = frappe.get_doc(
        {
            "doctype": LOG,
            "ticket": doc.name,
            "action": tr.action,
            "from_state": tr.from_state,
            "to_state": tr.to_state,
            "team_before": tr.team_before,
            "team_after": tr.team_after,
            "user": tr.actor if frappe.db.exists("User", tr.actor) else None,
            "at": tr.at,
            "reason": tr.reason,
        }
    )
    rec.insert(ignore_permissions=True)
    return rec.name


def _log_rows(ticket: str) -> list[dict]:
    return frappe.get_all(
        LOG,
        filters={"ticket": ticket},
        fields=["action", "from_state", "to_state", "at"],
        order_by="at asc, creation asc",
    )


def do_transition(
    ticket: str,
    action: str,
    *,
    reason: str | None = None,
    target_team: str | None = None,
    at: datetime | None = None,
) -> dict:
    """Take a tier action on a ticket as the session user (``at``: the time of the
    action, now by default). Refused actions raise and change nothing."""
    user = frappe.session.user
    doc = frappe.get_doc("HD Ticket", ticket)
    if not frappe.has_permission("HD Ticket", "read", doc=doc, user=user):
        frappe.throw(_("You cannot see ticket {0}").format(ticket), frappe.PermissionError)
    state = current_state(doc)
    if state is None:
        frappe.throw(_("Ticket {0} is not handled in tiers: no team is set up as tier 1").format(ticket))
    at = get_datetime(at) if at else now_datetime()
    try:
        tr = core.apply(
            context_for(doc, state), actor_for(user), action, reason=reason, target_team=target_team, at=at
        )
    except CoreError as e:
        throw_core(e)
    name = apply_transition(doc, tr)
    return {
        "ticket": doc.name,
        "action": tr.action,
        "from_state": tr.from_state,
        "to_state": tr.to_state,
        "team": doc.agent_group,
        "status": doc.status,
        "transition": name,
    }


def apply_transition(doc, tr: core.Transition) -> str:
    """Apply an accepted transition to the ticket, record it and notify after commit."""
    team_before = doc.agent_group
    if tr.team_after and tr.team_after != doc.agent_group:
        doc.agent_group = tr.team_after
        sync_rotation(tr.team_after)  # the rule assigns on save among who is on shift now
    team_changed = doc.agent_group != team_before
    doc.moeen_tier_state = tr.to_state
    if tr.action == core.COMPLETE:
        doc.moeen_completed_by = tr.actor
    elif tr.action in (core.REJECT, core.RETURN, core.REOPEN):
        doc.moeen_completed_by = None
    if tr.action == core.ESCALATE:
        doc.moeen_escalation_reason = tr.reason
    if tr.to_state == core.RESOLVED:
        doc.status = resolved_status()
    elif tr.action == core.REOPEN and status_category(doc.status) == "Resolved":
        doc.status = reopen_status(doc)
    doc.status_category = status_category(doc.status) or doc.status_category
    doc.update(tier_times(doc, _log_rows(doc.name) + [asdict(tr)], now=tr.at))
    doc.flags.moeen_tier_transition = True
    try:
        doc.save(ignore_permissions=True)
    finally:
        doc.flags.moeen_tier_transition = False
    name = _record(doc, tr)
    log_activity(doc.name, _timeline_text(tr))
    _settle_assignment(doc, team_changed, take=tr.actor if tr.action == core.ACCEPT else None)
    _notify_after_commit(doc.name, tr)
    reply_to_beneficiary(doc, tr)
    return name


# ------------------------------------------------------------- the beneficiary's reply
RESOLVED_SUBJECT = "Your ticket #{0} has been resolved"
RESOLVED_INTRO = "We have finished working on your ticket «{0}». This is what was done:"
RESOLVED_LINK = "See your ticket, reopen it or tell us how we did"


def completion_note(ticket: str) -> str | None:
    """The note of the ticket's latest completion (tier 2's account of the work)."""
    notes = frappe.get_all(
        LOG,
        filters={"ticket": ticket, "action": core.COMPLETE},
        pluck="reason",
        order_by="at desc, creation desc",
        limit=1,
    )
    return notes[0] if notes else None


def reply_to_beneficiary(doc, tr: core.Transition) -> str | None:
    """When a transition resolves the ticket with a note (tier 1's resolve note, or tier 2's
    completion note once verified): that note as a reply on the ticket — a Communication the
    portal's conversation shows — and an e-mail to the beneficiary in their language. The
    reply is part of the transition; the e-mail is queued and may fail without undoing it.
    Returns the Communication's name (None: nothing to tell)."""
    note = core.beneficiary_reply(tr, completion_note(doc.name) if tr.action == core.VERIFY else None)
    if not note or not doc.raised_by:
        return None
    from moeen_helpdesk import portal

    content = portal.text_to_html(note)
    comm = frappe.get_doc(
        {
            "doctype": "Communication",
            "communication_type": "Communication",
            "communication_medium": "Email",
            "sent_or_received": "Sent",
            "sender": tr.actor,
            "recipients": doc.raised_by,
            "subject": f"Re: {doc.subject}",
            "content": content,
            "reference_doctype": "HD Ticket",
            "reference_name": doc.name,
            "status": "Linked",
            "email_status": "Open",
        }
    )
    comm.flags.skip_add_signature = True
    # Helpdesk saves the ticket on every agent reply (and may set a status on it): this
    # document, as the transition saved it, stays resolved.
    comm.parent_doc = doc
    doc.flags.ignore_permissions = True
    doc.flags.moeen_keep_status = doc.status
    try:
        comm.insert(ignore_permissions=True)
    finally:
        doc.flags.moeen_keep_status = None
    email_resolution(doc, comm.name, content)
    return comm.name


def email_resolution(doc, communication: str, content: str):
    """The resolution e-mail in the beneficiary's language, queued (sent by the scheduler).
    Any failure — no outgoing account, a bad address — is logged and leaves the ticket as it is."""
    if cint(frappe.db.get_single_value("HD Settings", "skip_email_workflow")):
        return
    from moeen_helpdesk import portal

    lang = portal.preferred_language(doc.raised_by) or portal.DEFAULT_LANGUAGE
    url = frappe.utils.get_url(portal.ticket_url(doc.name))
    direction = "rtl" if lang == "ar" else "ltr"
    message = (
        f'<div dir="{direction}" lang="{lang}"><p>{frappe.utils.escape_html(frappe._(RESOLVED_INTRO, lang=lang).format(doc.subject))}</p>'
        f"<blockquote>{content}</blockquote>"
        f'<p><a href="{frappe.utils.escape_html(url)}">{frappe._(RESOLVED_LINK, lang=lang)}</a></p></div>'
    )
    frappe.db.savepoint("moeen_resolution_email")
    try:
        frappe.sendmail(
            recipients=[doc.raised_by],
            subject=frappe._(RESOLVED_SUBJECT, lang=lang).format(doc.name),
            message=message,
            reference_doctype="HD Ticket",
            reference_name=doc.name,
            communication=communication,
            delayed=True,
        )
    except Exception:
        frappe.db.rollback(save_point="moeen_resolution_email")
        frappe.clear_last_message()
        frappe.log_error(title=f"Moeen: resolution e-mail of ticket {doc.name}")


# ----------------------------------------------------------------- notifications
def _notify_after_commit(ticket: str, tr: core.Transition):
    recipients = []
    if tr.action in (core.ESCALATE, core.RETURN, core.REOPEN):
        recipients = team_members(tr.team_after)
    elif tr.action == core.COMPLETE:
        recipients = verifiers(tr.team_after)
    elif tr.action == core.REJECT:
        recipients = [
            u
            for u in frappe.get_all(
                LOG,
                filters={"ticket": ticket, "action": core.COMPLETE},
                pluck="user",
                order_by="at desc, creation desc",
                limit=1,
            )
            if u
        ]
    recipients = sorted({u for u in recipients if u and u != tr.actor})
    if not recipients:
        return
    kwargs = {
        "ticket": ticket,
        "action": tr.action,
        "team": tr.team_after,
        "by": tr.actor,
        "reason": tr.reason,
        "users": recipients,
    }
    frappe.db.after_commit.add(
        partial(frappe.enqueue, "moeen_helpdesk.tiers.notify", queue="short", **kwargs)
    )


NOTICES = {
    core.ESCALATE: "Ticket {0} was escalated to your team {1}",
    core.RETURN: "Ticket {0} was returned to tier 1 ({1})",
    core.REOPEN: "Ticket {0} was reopened and is back at tier 1 ({1})",
    core.COMPLETE: "Ticket {0} was completed and awaits your verification",
    core.REJECT: "Your completion of ticket {0} was rejected",
}


def notify(ticket: str, action: str, team: str | None, by: str | None, reason: str | None, users: list[str]):
    """Notification Log entries (the desk's bell), in each user's language (a background job:
    the worker commits)."""
    subject_of = frappe.db.get_value("HD Ticket", ticket, "subject")
    for user in users:
        lang = frappe.db.get_value("User", user, "language") or "ar"
        subject = frappe._(NOTICES[action], lang=lang).format(ticket, team or "-")
        frappe.get_doc(
            {
                "doctype": "Notification Log",
                "for_user": user,
                "from_user": by,
                "type": "Alert",
                "subject": subject,
                "document_type": "HD Ticket",
                "document_name": ticket,
                "email_content": reason or subject_of,
            }
        ).insert(ignore_permissions=True)


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
    _record(doc, tr)
    doc.update(tier_times(doc, _log_rows(doc.name), now=tr.at))
    log_activity(doc.name, _timeline_text(tr))
    _notify_after_commit(doc.name, tr)


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
    _record(doc, tr)
    doc.update(tier_times(doc, _log_rows(doc.name), now=at))


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


# ------------------------------------------------------------------ per-tier time
def hold_periods(doc, now: datetime) -> list[tuple[datetime, datetime]]:
    """When the ticket's status was in a Paused category (from its version history)."""
    if not doc.get("name") or doc.is_new():
        return []
    periods, since = [], None
    versions = frappe.get_all(
        "Version",
        filters={"ref_doctype": "HD Ticket", "docname": doc.name},
        fields=["creation", "data"],
        order_by="creation asc",
    )
    for v in versions:
        try:
            changed = json.loads(v.data or "{}").get("changed") or []
        except ValueError:
            continue
        for row in changed:
            if not isinstance(row, list | tuple) or len(row) < 3 or row[0] != "status":
                continue
            paused = status_category(row[2]) == "Paused"
            if paused and since is None:
                since = get_datetime(v.creation)
            elif not paused and since is not None:
                periods.append((since, get_datetime(v.creation)))
                since = None
    if since is not None and since < now:
        periods.append((since, now))
    return [(a, b) for a, b in periods if b > a]


def service_tier_targets(service: str | None) -> dict[str, int | None]:
    if not service:
        return {TIER1: None, TIER2: None}
    t1, t2 = frappe.get_cached_value("Moeen Service", service, ["tier1_target", "tier2_target"]) or (
        None,
        None,
    )
    return {TIER1: cint(t1) or None, TIER2: cint(t2) or None}


def tier_times(doc, rows: list, now: datetime | None = None) -> dict:
    """The tier fields' values from the ticket's ordered transitions (mappings or records
    with from_state, to_state, at). The open span runs to ``now`` (never before the last
    transition). A log the core refuses leaves the stored values as they are."""
    from moeen_helpdesk.sla import business_seconds

    rows = [
        {
            "action": r.get("action"),
            "from_state": r.get("from_state"),
            "to_state": r.get("to_state"),
            "at": get_datetime(r.get("at")),
        }
        for r in (dict(x) for x in rows)
    ]
    created = get_datetime(doc.creation) if doc.get("creation") else (rows[0]["at"] if rows else None)
    if created is None:
        return {}
    if rows and rows[0]["from_state"] != core.TIER1:
        # The ticket joined the tiers when it was reopened: count from there.
        created, rows = rows[0]["at"], rows[1:]
    now = get_datetime(now) if now else now_datetime()
    now = max([now, created] + [r["at"] for r in rows])
    try:
        spans = core.tier_spans(rows, created, now)
        seconds = core.time_per_tier(spans, lambda a, b: business_seconds(doc, a, b), hold_periods(doc, now))
    except CoreError:
        frappe.log_error(title=f"Tier times of {doc.name}", message=frappe.get_traceback())
        return {}
    over = core.overrun_tier(seconds, service_tier_targets(doc.get("moeen_service")))
    return {
        "moeen_tier1_seconds": int(seconds[TIER1]),
        "moeen_tier2_seconds": int(seconds[TIER2]),
        "moeen_overrun_tier": ", ".join(over) or None,
    }


def refresh_tier_times(ticket_name: str, now: datetime | None = None) -> dict:
    """Recompute and store a ticket's per-tier business seconds and overrun (no save hooks)."""
    doc = frappe.get_doc("HD Ticket", ticket_name)
    values = tier_times(doc, _log_rows(ticket_name), now=now)
    if values:
        frappe.db.set_value("HD Ticket", ticket_name, values, update_modified=False)
    return values


def refresh_open_tickets(now: datetime | None = None) -> int:
    """Scheduler (hourly): the clocks of tickets still in a tier move on; a ticket that
    Helpdesk closed without its hooks (its daily auto-close) is recorded as resolved."""
    now = now or now_datetime()
    closed = frappe.db.sql(
        """SELECT t.name, t.moeen_tier_state, t.agent_group, t.modified FROM `tabHD Ticket` t
           JOIN `tabHD Ticket Status` s ON s.name = t.status
           WHERE t.moeen_tier_state IN %(states)s AND s.category = 'Resolved'""",
        {"states": OPEN_STATES},
        as_dict=True,
    )
    for row in closed:
        tr = core.Transition(
            action=core.RESOLVE,
            from_state=row.moeen_tier_state,
            to_state=core.RESOLVED,
            actor="Administrator",
            team_before=row.agent_group,
            team_after=row.agent_group,
            reason=_("Closed outside the tier actions"),
            at=get_datetime(row.modified),
        )
        doc = frappe.get_doc("HD Ticket", row.name)
        _record(doc, tr)
        frappe.db.set_value("HD Ticket", row.name, "moeen_tier_state", core.RESOLVED, update_modified=False)
        refresh_tier_times(row.name, now)
    names = frappe.get_all("HD Ticket", filters={"moeen_tier_state": ["in", OPEN_STATES]}, pluck="name")
    for name in names:
        refresh_tier_times(name, now)
    return len(names)


# ------------------------------------------------------------------------ queues
QUEUES = ("my_tier", "escalated_by_us", "awaiting_verification", "waiting")
LIST_FIELDS = [
    "name",
    "subject",
    "moeen_tier_state",
    "agent_group",
    "status",
    "priority",
    "moeen_service",
    "_assign",
    "modified",
    "moeen_tier1_seconds",
    "moeen_tier2_seconds",
    "moeen_overrun_tier",
]


#: Tickets nobody is assigned to: Frappe keeps ``_assign`` as a JSON list of quoted users
#: (empty, NULL or "[]" when nobody is). Frappe compares NULL as '' for "not like".
UNASSIGNED = ["not like", '%"%']


def queue_filters(kind: str, user: str | None = None) -> dict:
    """The HD Ticket filters of a work queue for a user, evaluated now (the user's teams
    and roles as they are):

    * ``my_tier``: open tickets in the user's teams (tier 1: state Tier 1; a unit:
      Escalated / Tier 2 / Completed);
    * ``escalated_by_us``: tickets a tier-1 team of the user escalated that tier 2 still holds;
    * ``awaiting_verification``: Completed tickets of the units the user leads;
    * ``waiting``: open tickets of the user's teams that nobody is assigned to."""
    if kind not in QUEUES:
        frappe.throw(_("Unknown queue {0}").format(kind))
    user = user or frappe.session.user
    actor = actor_for(user)
    teams = tier_teams()
    mine = sorted(actor.teams & set(teams[TIER1] + teams[TIER2]))
    if kind == "my_tier":
        return {"agent_group": ["in", mine or [""]], "moeen_tier_state": ["in", list(OPEN_STATES)]}
    if kind == "waiting":
        return {
            "agent_group": ["in", mine or [""]],
            "moeen_tier_state": ["in", list(OPEN_STATES)],
            "_assign": UNASSIGNED,
        }
    if kind == "escalated_by_us":
        ours = sorted(actor.teams & set(teams[TIER1]))
        if not ours and (actor.is_admin or core.TIER1_SUPERVISOR in actor.roles):
            ours = teams[TIER1]
        names = frappe.get_all(
            LOG,
            filters={"action": core.ESCALATE, "team_before": ["in", ours or [""]]},
            pluck="ticket",
            distinct=True,
        )
        return {"name": ["in", names or [""]], "moeen_tier_state": ["in", list(TIER2_STATES)]}
    led = mine if (core.TIER2_LEAD in actor.roles or actor.is_admin) else []
    led = [t for t in led if t in teams[TIER2]] or (teams[TIER2] if actor.is_admin else [])
    return {"agent_group": ["in", led or [""]], "moeen_tier_state": core.COMPLETED}


def queue(kind: str, user: str | None = None, limit: int = 100) -> list[dict]:
    """Tickets of a work queue (:func:`queue_filters`), as the user may see them."""
    return frappe.get_list(
        "HD Ticket",
        filters=queue_filters(kind, user),
        fields=LIST_FIELDS,
        order_by="modified desc",
        limit_page_length=limit,
    )


# --------------------------------------------------------------------- available
def available_for(ticket: str, user: str | None = None) -> dict:
    user = user or frappe.session.user
    doc = frappe.get_doc("HD Ticket", ticket)
    if not frappe.has_permission("HD Ticket", "read", doc=doc, user=user):
        frappe.throw(_("You cannot see ticket {0}").format(ticket), frappe.PermissionError)
    state = current_state(doc)
    out = {
        "ticket": ticket,
        "state": state,
        "state_label": _(state) if state else None,
        "team": doc.agent_group,
        "actions": [],
        "escalation_targets": [],
    }
    if state is None:
        return out
    ctx, actor = context_for(doc, state), actor_for(user)
    out["actions"] = [
        {"action": a, "label": _(core.ACTION_LABELS[a]), "reason_required": a in core.REASON_REQUIRED}
        for a in core.available_actions(ctx, actor)
    ]
    out["escalation_targets"] = core.escalation_targets(ctx, actor)
    out["service_unit"] = ctx.service_unit
    return out


# ------------------------------------------------------------ HD Team / HD Agent
def on_team_change(doc, method=None, *args, **kwargs):
    """HD Team on_update / on_trash / after_rename: forget the cached tier teams and
    bring the team's rule to who is on shift."""
    forget_tier_teams()
    frappe.db.after_commit.add(forget_tier_teams)
    frappe.db.after_rollback.add(forget_tier_teams)
    if method != "on_trash" and doc.get("moeen_tier") and not doc.is_new():
        sync_rotation(doc.name)


def on_agent_change(doc, method=None):
    """HD Agent on_update: an agent going away (or changing shifts) leaves the rotations now."""
    if not (
        doc.has_value_changed("moeen_away")
        or doc.has_value_changed("moeen_shift_calendar")
        or doc.has_value_changed("is_active")
    ):
        return
    tiered = set(tier_teams()[TIER1] + tier_teams()[TIER2])
    for team in frappe.get_all(
        "HD Team Member", filters={"user": doc.name, "parenttype": "HD Team"}, pluck="parent"
    ):
        if team in tiered:
            sync_rotation(team)
