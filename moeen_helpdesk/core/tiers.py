"""The two-tier state machine of a Moeen ticket, and per-tier time accounting.

Tier 1 (the contact & control center) receives every ticket. It either resolves
it at first line or escalates it to a tier-2 unit (an HD Team). The unit accepts
it, works on it and marks it completed; a verifier (a Tier 2 Lead of the unit or
a configured verifier) then verifies the work, and only then is the ticket
resolved. A failed verification sends the ticket back to tier 2.

::

    Tier 1 --resolve--> Resolved
    Tier 1 --escalate--> Escalated --accept--> Tier 2 --complete--> Completed
    Escalated / Tier 2 --return--> Tier 1
    Completed --reject--> Tier 2
    Completed --verify--> Resolved
    Resolved --reopen--> Tier 1

This module is pure: :func:`apply` checks an action against a snapshot of the
ticket (:class:`TicketContext`) and the acting user (:class:`Actor`) and returns
a :class:`Transition` record, or raises :class:`NotAllowed` /
:class:`ValidationError`. It never mutates anything; the Frappe shell stores the
transition and updates the ticket.

Order of checks in :func:`apply` (the first failing one is reported):
unknown action, unknown state, action not allowed in the state, target team
given for another action, role / team membership / verifier, four-eyes rule,
escalation target (required, tier 2, supervisor override), reason.

Time accounting: :func:`tier_spans` turns the ordered transitions of a ticket
into (tier, start, end) spans; :func:`time_per_tier` measures them with any
business-time callable, excluding pauses (hold); :func:`overrun_tier` lists the
tiers over their targets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from moeen_helpdesk.core.errors import NotAllowed, ValidationError

# --------------------------------------------------------------------------- states
TIER1 = "Tier 1"
ESCALATED = "Escalated"  # sent to a tier-2 unit, not yet accepted
TIER2 = "Tier 2"  # accepted by the unit, in progress
COMPLETED = "Completed"  # tier 2 says done, awaiting verification
RESOLVED = "Resolved"

STATES: tuple[str, ...] = (TIER1, ESCALATED, TIER2, COMPLETED, RESOLVED)

# ---------------------------------------------------------------------------- roles
TIER1_AGENT = "Tier 1 Agent"
TIER1_SUPERVISOR = "Tier 1 Supervisor"
TIER2_AGENT = "Tier 2 Agent"
TIER2_LEAD = "Tier 2 Lead"
SERVICE_MANAGER = "Moeen Service Manager"
BENEFICIARY = "Beneficiary"

ROLES: tuple[str, ...] = (
    TIER1_AGENT,
    TIER1_SUPERVISOR,
    TIER2_AGENT,
    TIER2_LEAD,
    SERVICE_MANAGER,
    BENEFICIARY,
)
TIER1_ROLES = frozenset({TIER1_AGENT, TIER1_SUPERVISOR})
TIER2_ROLES = frozenset({TIER2_AGENT, TIER2_LEAD})
#: Staff roles that may reopen any resolved ticket ("any agent").
AGENT_ROLES = frozenset({TIER1_AGENT, TIER1_SUPERVISOR, TIER2_AGENT, TIER2_LEAD, SERVICE_MANAGER})

# -------------------------------------------------------------------------- actions
RESOLVE = "resolve"
ESCALATE = "escalate"
ACCEPT = "accept"
RETURN = "return"
COMPLETE = "complete"
REJECT = "reject"
VERIFY = "verify"
REOPEN = "reopen"

ACTIONS: tuple[str, ...] = (RESOLVE, ESCALATE, ACCEPT, RETURN, COMPLETE, REJECT, VERIFY, REOPEN)

#: Human labels of the actions (English; the shell translates them, see LABELS_AR).
ACTION_LABELS: dict[str, str] = {
    RESOLVE: "Resolve at First Line",
    ESCALATE: "Escalate",
    ACCEPT: "Accept",
    RETURN: "Return to Tier 1",
    COMPLETE: "Complete",
    REJECT: "Reject",
    VERIFY: "Verify",
    REOPEN: "Reopen",
}

#: action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    RESOLVE: (frozenset({TIER1}), RESOLVED),
    ESCALATE: (frozenset({TIER1}), ESCALATED),
    ACCEPT: (frozenset({ESCALATED}), TIER2),
    RETURN: (frozenset({ESCALATED, TIER2}), TIER1),
    COMPLETE: (frozenset({TIER2}), COMPLETED),
    REJECT: (frozenset({COMPLETED}), TIER2),
    VERIFY: (frozenset({COMPLETED}), RESOLVED),
    REOPEN: (frozenset({RESOLVED}), TIER1),
}

#: Actions whose reason is mandatory (non-blank after strip).
REASON_REQUIRED = frozenset({ESCALATE, RETURN, REJECT})
#: Maximum length of a reason / note, after strip.
REASON_MAX = 1000

#: Who may do what (for docs and the UI; the authoritative rules are in _authorize).
PERMISSIONS: dict[str, str] = {
    RESOLVE: "Tier 1 Agent or Tier 1 Supervisor",
    ESCALATE: "Tier 1 Agent (to the service's tier-2 unit) or Tier 1 Supervisor (any tier-2 unit)",
    ACCEPT: "Tier 2 Agent or Tier 2 Lead, member of the ticket's team",
    RETURN: "Tier 2 Agent or Tier 2 Lead, member of the ticket's team",
    COMPLETE: "Tier 2 Agent or Tier 2 Lead, member of the ticket's team",
    REJECT: "Tier 2 Lead of the ticket's team or a configured verifier",
    VERIFY: "Tier 2 Lead of the ticket's team or a configured verifier, not the completer",
    REOPEN: "The beneficiary who raised the ticket or any agent",
}

# ---------------------------------------------------------------------------- tiers
TIER1_LABEL = "Tier 1"
TIER2_LABEL = "Tier 2"
TIERS: tuple[str, ...] = (TIER1_LABEL, TIER2_LABEL)

_TIER_OF_STATE: dict[str, str | None] = {
    TIER1: TIER1_LABEL,
    ESCALATED: TIER2_LABEL,
    TIER2: TIER2_LABEL,
    COMPLETED: TIER2_LABEL,
    RESOLVED: None,
}


def tier_of(state: str) -> str | None:
    """The tier accountable for a ticket in ``state`` ("Tier 1"/"Tier 2"), None once resolved."""
    if state not in _TIER_OF_STATE:
        raise ValidationError("Unknown ticket state {0}", state)
    return _TIER_OF_STATE[state]


def initial_state() -> str:
    """The state of a new ticket: every ticket starts at tier 1."""
    return TIER1


# ------------------------------------------------------------------------ data types
def _frozen(value: Iterable[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):  # a lone string is one name, not a set of letters
        return frozenset({value})
    return frozenset(value)


@dataclass(frozen=True)
class Actor:
    """The user acting. ``teams`` are the HD Teams the user belongs to.

    ``is_admin`` is set by the shell for System Manager / Administrator: an admin
    may take any action the state allows (reasons are still required).
    """

    user: str
    roles: frozenset[str] = frozenset()
    teams: frozenset[str] = frozenset()
    is_admin: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", _frozen(self.roles))
        object.__setattr__(self, "teams", _frozen(self.teams))


@dataclass(frozen=True)
class TicketContext:
    """A snapshot of what the rules need to know about the ticket.

    - ``team``: the ticket's current team (the tier-2 unit once escalated).
    - ``service_unit``: the default tier-2 unit of the ticket's service.
    - ``tier2_teams``: names of all teams that are tier-2 units.
    - ``verifiers``: users configured as verifiers for the current team.
    - ``completed_by``: the user who took the ``complete`` action (four-eyes rule).
    - ``allow_self_verify``: the team allows the completer to verify.
    - ``raised_by``: the beneficiary who raised the ticket (may reopen it).
    - ``tier1_team``: the team a ticket returns to when it goes back to tier 1.
    """

    state: str
    team: str | None = None
    service_unit: str | None = None
    tier2_teams: frozenset[str] = frozenset()
    verifiers: frozenset[str] = frozenset()
    completed_by: str | None = None
    allow_self_verify: bool = False
    raised_by: str | None = None
    tier1_team: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "tier2_teams", _frozen(self.tier2_teams))
        object.__setattr__(self, "verifiers", _frozen(self.verifiers))


@dataclass(frozen=True)
class Transition:
    """The record of an accepted action, to be stored by the shell.

    ``reason`` is the stripped reason or note (the resolution note for
    ``complete``), or None when none was given.
    """

    action: str
    from_state: str
    to_state: str
    actor: str
    team_before: str | None
    team_after: str | None
    reason: str | None
    at: datetime


# ----------------------------------------------------------------------------- rules
def _label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def _check_state(state: str) -> None:
    if state not in STATES:
        raise ValidationError("Unknown ticket state {0}", state)


def _require_roles(actor: Actor, action: str, allowed: frozenset[str]) -> None:
    if not (actor.roles & allowed):
        raise NotAllowed(
            "Action {0} requires one of the roles: {1}", _label(action), ", ".join(sorted(allowed))
        )


def _require_member(ctx: TicketContext, actor: Actor) -> None:
    if not ctx.team:
        raise NotAllowed("The ticket is not assigned to a team")
    if ctx.team not in actor.teams:
        raise NotAllowed("User {0} is not a member of team {1}", actor.user, ctx.team)


def _is_verifier(ctx: TicketContext, actor: Actor) -> bool:
    if actor.user in ctx.verifiers:
        return True
    return TIER2_LEAD in actor.roles and bool(ctx.team) and ctx.team in actor.teams


def _authorize(ctx: TicketContext, actor: Actor, action: str) -> None:
    """Role, membership, verifier and four-eyes checks (not reason or target)."""
    if actor.is_admin:
        return
    if action in (RESOLVE, ESCALATE):
        _require_roles(actor, action, TIER1_ROLES)
    elif action in (ACCEPT, RETURN, COMPLETE):
        _require_roles(actor, action, TIER2_ROLES)
        _require_member(ctx, actor)
    elif action in (REJECT, VERIFY):
        if not _is_verifier(ctx, actor):
            raise NotAllowed(
                "Only a {0} of team {1} or a configured verifier may take action {2}",
                TIER2_LEAD,
                ctx.team or "-",
                _label(action),
            )
        if (
            action == VERIFY
            and not ctx.allow_self_verify
            and ctx.completed_by is not None
            and ctx.completed_by == actor.user
        ):
            raise NotAllowed("User {0} completed this ticket and may not also verify it", actor.user)
    elif action == REOPEN:
        is_raiser = BENEFICIARY in actor.roles and ctx.raised_by is not None and ctx.raised_by == actor.user
        if not (is_raiser or actor.roles & AGENT_ROLES):
            raise NotAllowed("Only the beneficiary who raised the ticket or an agent may reopen it")


def escalation_targets(ctx: TicketContext, actor: Actor) -> list[str]:
    """The teams ``actor`` may escalate this ticket to, sorted (for a UI picker).

    A Tier 1 Supervisor (or an admin) may choose any tier-2 team; a Tier 1 Agent
    only the service's tier-2 unit. Empty when escalation is not possible.
    """
    if ctx.state not in TRANSITIONS[ESCALATE][0]:
        return []
    if actor.is_admin or TIER1_SUPERVISOR in actor.roles:
        return sorted(ctx.tier2_teams)
    if TIER1_AGENT in actor.roles and ctx.service_unit and ctx.service_unit in ctx.tier2_teams:
        return [ctx.service_unit]
    return []


def _escalation_target(ctx: TicketContext, actor: Actor, target_team: str | None) -> str:
    target = target_team or ctx.service_unit
    if not target:
        raise ValidationError("A target team is required to escalate a ticket")
    if target not in ctx.tier2_teams:
        raise ValidationError("Team {0} is not a tier-2 unit", target)
    if target != ctx.service_unit and not (actor.is_admin or TIER1_SUPERVISOR in actor.roles):
        if ctx.service_unit:
            raise NotAllowed(
                "Only a {0} may escalate to team {1}; the service's tier-2 unit is {2}",
                TIER1_SUPERVISOR,
                target,
                ctx.service_unit,
            )
        raise NotAllowed(
            "Only a {0} may choose the target team because the service has no tier-2 unit", TIER1_SUPERVISOR
        )
    return target


def _clean_reason(action: str, reason: str | None) -> str | None:
    if reason is not None and not isinstance(reason, str):
        raise ValidationError("The reason must be text")
    text = (reason or "").strip()
    if not text:
        if action in REASON_REQUIRED:
            raise ValidationError("A reason is required for action {0}", _label(action))
        return None
    if len(text) > REASON_MAX:
        raise ValidationError("The reason may not exceed {0} characters (it has {1})", REASON_MAX, len(text))
    return text


def _team_after(ctx: TicketContext, action: str, target: str | None) -> str | None:
    if action == ESCALATE:
        return target
    if action in (RETURN, REOPEN):
        return ctx.tier1_team
    return ctx.team


def apply(
    ctx: TicketContext,
    actor: Actor,
    action: str,
    *,
    reason: str | None = None,
    target_team: str | None = None,
    at: datetime,
) -> Transition:
    """Check ``action`` by ``actor`` on the ticket and return the transition.

    Raises :class:`ValidationError` for bad input (unknown action/state, missing
    or too long reason, missing or non-tier-2 target team) and
    :class:`NotAllowed` when a rule forbids it. Never mutates anything.
    ``target_team`` is only accepted for ``escalate`` (default: the service's
    tier-2 unit). ``at`` is the time of the action, supplied by the caller.
    """
    if action not in TRANSITIONS:
        raise ValidationError("Unknown action {0}", action)
    _check_state(ctx.state)
    from_states, to_state = TRANSITIONS[action]
    if ctx.state not in from_states:
        raise NotAllowed(
            "Action {0} is not allowed when the ticket is in state {1}", _label(action), ctx.state
        )
    if not isinstance(at, datetime):
        raise ValidationError("The time of the action is required")
    if isinstance(target_team, str):
        target_team = target_team.strip() or None
    if target_team is not None and action != ESCALATE:
        raise ValidationError("A target team can only be given when escalating a ticket")
    _authorize(ctx, actor, action)
    target = _escalation_target(ctx, actor, target_team) if action == ESCALATE else None
    text = _clean_reason(action, reason)
    return Transition(
        action=action,
        from_state=ctx.state,
        to_state=to_state,
        actor=actor.user,
        team_before=ctx.team,
        team_after=_team_after(ctx, action, target),
        reason=text,
        at=at,
    )


def is_allowed(ctx: TicketContext, actor: Actor, action: str) -> bool:
    """Whether the UI may offer ``action`` (the reason is not checked here)."""
    if action not in TRANSITIONS:
        return False
    _check_state(ctx.state)
    if ctx.state not in TRANSITIONS[action][0]:
        return False
    try:
        _authorize(ctx, actor, action)
    except NotAllowed:
        return False
    if action == ESCALATE:
        return bool(escalation_targets(ctx, actor))
    return True


def available_actions(ctx: TicketContext, actor: Actor) -> list[str]:
    """The actions ``actor`` may take now, in :data:`ACTIONS` order.

    An action listed here succeeds with :func:`apply` given a valid reason (and,
    for escalate, a team from :func:`escalation_targets`).
    """
    _check_state(ctx.state)
    return [action for action in ACTIONS if is_allowed(ctx, actor, action)]


# ------------------------------------------------------------------ time per tier
class Span(NamedTuple):
    tier: str
    start: datetime
    end: datetime


def _field(item: Any, name: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(name)
    return getattr(item, name)


def tier_spans(transitions_in_order: Iterable[Any], created_at: datetime, now: datetime) -> list[Span]:
    """Split a ticket's life into (tier, start, end) spans.

    ``transitions_in_order`` are :class:`Transition` records (or anything with
    ``from_state``, ``to_state`` and ``at``, attributes or mapping keys) in
    chronological order. The ticket starts at tier 1 at ``created_at``. Tier 1
    is the Tier 1 state; Tier 2 covers Escalated, Tier 2 and Completed; the clock
    stops while Resolved and restarts on reopen. The last open span ends at
    ``now``. Adjacent spans of the same tier are merged, empty spans dropped.
    """
    spans: list[Span] = []

    def add(tier: str | None, start: datetime, end: datetime) -> None:
        if tier is None or end <= start:
            return
        if spans and spans[-1].tier == tier and spans[-1].end == start:
            spans[-1] = Span(tier, spans[-1].start, end)
        else:
            spans.append(Span(tier, start, end))

    state = initial_state()
    start = created_at
    for item in transitions_in_order:
        from_state, to_state, at = _field(item, "from_state"), _field(item, "to_state"), _field(item, "at")
        _check_state(to_state)
        if from_state != state:
            raise ValidationError(
                "Transition {0} starts from state {1} but the ticket was in state {2}",
                _field(item, "action") or "-",
                from_state,
                state,
            )
        if at < start:
            raise ValidationError(
                "Transitions must be in chronological order and not before the ticket was created"
            )
        add(tier_of(state), start, at)
        state, start = to_state, at
    if tier_of(state) is not None:
        if now < start:
            raise ValidationError("The end of the period ({0}) is earlier than its start ({1})", now, start)
        add(tier_of(state), start, now)
    return spans


def _merge_pauses(pauses: Iterable[tuple[datetime, datetime]] | None) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for p_start, p_end in sorted(pauses or ()):
        if p_end < p_start:
            raise ValidationError(
                "The end of the period ({0}) is earlier than its start ({1})", p_end, p_start
            )
        if merged and p_start <= merged[-1][1]:
            if p_end > merged[-1][1]:
                merged[-1] = (merged[-1][0], p_end)
        else:
            merged.append((p_start, p_end))
    return merged


def time_per_tier(
    spans: Iterable[tuple[str, datetime, datetime]],
    business_seconds_between: Callable[[datetime, datetime], float],
    pauses: Iterable[tuple[datetime, datetime]] | None = None,
) -> dict[str, float]:
    """Business seconds spent in each tier: ``{"Tier 1": s, "Tier 2": s}``.

    ``business_seconds_between(start, end)`` measures an interval in any calendar
    (it must be additive over adjacent intervals). ``pauses`` (hold periods, may
    overlap one another) are merged and their business-time overlap with each
    span is subtracted. A span never counts below zero.
    """
    merged = _merge_pauses(pauses)
    totals: dict[str, float] = {tier: 0.0 for tier in TIERS}
    for tier, start, end in spans:
        if tier not in totals:
            raise ValidationError("Unknown tier {0}", tier)
        seconds = float(business_seconds_between(start, end))
        for p_start, p_end in merged:
            if p_start >= end:
                break
            lo, hi = max(start, p_start), min(end, p_end)
            if hi > lo:
                seconds -= float(business_seconds_between(lo, hi))
        totals[tier] += max(seconds, 0.0)
    return totals


def overrun_tier(time_per_tier: Mapping[str, float], targets: Mapping[str, float | None]) -> list[str]:
    """The tiers whose time is strictly over their target, tier 1 first.

    A tier without a target (missing or None) never overruns.
    """
    over = []
    for tier in TIERS:
        target = targets.get(tier)
        if target is not None and time_per_tier.get(tier, 0) > target:
            over.append(tier)
    return over


# --------------------------------------------------------------- what the beneficiary sees
@dataclass(frozen=True)
class Resolution:
    """What was done on a resolved ticket, for its beneficiary: ``note`` (the tier-1
    resolve note, or tier 2's completion note when the work was verified; None when none
    was written), ``unit`` (the team that did the work), ``at`` (when it was resolved) and
    the resolving ``action`` (resolve or verify)."""

    action: str
    at: datetime
    unit: str | None
    note: str | None


def resolution(log: Iterable[Mapping]) -> Resolution | None:
    """The resolution of a ticket from its transition log (mappings with ``action``,
    ``to_state``, ``at``, ``team_before``, ``team_after``, ``reason``, oldest first), or
    None when the last transition does not leave it resolved.

    * resolved at tier 1: the resolve note, by the tier-1 team (``team_before``);
    * verified: the note of the completion it verified (the latest ``complete``
      before it), by the unit that completed the work; the verifier's own note only
      when the completion had none.
    """
    rows = list(log)
    if not rows or rows[-1].get("to_state") != RESOLVED:
        return None
    last = rows[-1]
    action = last.get("action")
    if action == VERIFY:
        done = next((r for r in reversed(rows[:-1]) if r.get("action") == COMPLETE), None)
        note = (done.get("reason") if done else None) or last.get("reason")
        unit = (done.get("team_before") if done else None) or last.get("team_before")
    else:
        note, unit = last.get("reason"), last.get("team_before") or last.get("team_after")
    return Resolution(action=action, at=last.get("at"), unit=unit or None, note=(note or "").strip() or None)


def beneficiary_reply(tr: Transition, completion_note: str | None = None) -> str | None:
    """The note a transition sends the beneficiary as a reply on the ticket: the resolve
    note when tier 1 resolves it, the completion note (else the verifier's note) when tier
    2's work is verified; None for every other action or when there is no note."""
    if tr.to_state != RESOLVED:
        return None
    note = tr.reason if tr.action == RESOLVE else (completion_note or tr.reason)
    return (note or "").strip() or None


def within_reopen_window(resolved_on: datetime | None, now: datetime, window_days: int | None) -> bool:
    """A resolved ticket may be reopened by its beneficiary for ``window_days`` days after
    it was resolved (None or 0: no limit)."""
    if not window_days or resolved_on is None:
        return True
    return now <= resolved_on + timedelta(days=window_days)


# ---------------------------------------------------------------------- translations
#: Arabic labels for the English parameter values (states, actions, roles, tiers).
LABELS_AR: dict[str, str] = {
    # states and tiers ("Tier 1" / "Tier 2" are both a state and a tier)
    TIER1: "المستوى الأول",
    ESCALATED: "مُصعَّدة",
    TIER2: "المستوى الثاني",
    COMPLETED: "مُنجَزة بانتظار التحقق",
    RESOLVED: "محلولة",
    # actions
    "Resolve at First Line": "حلّ من المستوى الأول",
    "Escalate": "التصعيد",
    "Accept": "القبول",
    "Return to Tier 1": "الإعادة إلى المستوى الأول",
    "Complete": "الإنجاز",
    "Reject": "رفض الإنجاز",
    "Verify": "التحقق",
    "Reopen": "إعادة الفتح",
    # roles
    TIER1_AGENT: "موظف المستوى الأول",
    TIER1_SUPERVISOR: "مشرف المستوى الأول",
    TIER2_AGENT: "موظف المستوى الثاني",
    TIER2_LEAD: "قائد فريق المستوى الثاني",
    SERVICE_MANAGER: "مدير خدمات مُعين",
    BENEFICIARY: "المستفيد",
}

MESSAGES_AR: dict[str, str] = {
    "Unknown ticket state {0}": "حالة التذكرة {0} غير معروفة",
    "Unknown action {0}": "الإجراء {0} غير معروف",
    "Action {0} is not allowed when the ticket is in state {1}": "لا يجوز تنفيذ إجراء {0} والتذكرة في حالة {1}",
    "The time of the action is required": "يلزم تحديد وقت تنفيذ الإجراء",
    "A target team can only be given when escalating a ticket": "لا يجوز تحديد الفريق المستهدف إلا عند تصعيد التذكرة",
    "Action {0} requires one of the roles: {1}": "يتطلب إجراء {0} أحد الأدوار الآتية: {1}",
    "The ticket is not assigned to a team": "التذكرة غير مُسنَدة إلى أي فريق",
    "User {0} is not a member of team {1}": "المستخدم {0} ليس عضوًا في الفريق {1}",
    "Only a {0} of team {1} or a configured verifier may take action {2}": (
        "لا يجوز تنفيذ إجراء {2} إلا لمن يحمل دور {0} في الفريق {1} أو لأحد المتحققين المعتمدين"
    ),
    "User {0} completed this ticket and may not also verify it": (
        "أنجز المستخدم {0} العمل على هذه التذكرة، فلا يجوز له التحقق منه بنفسه"
    ),
    "Only the beneficiary who raised the ticket or an agent may reopen it": (
        "لا يجوز إعادة فتح التذكرة إلا للمستفيد الذي رفعها أو لأحد الموظفين"
    ),
    "A target team is required to escalate a ticket": "يلزم تحديد الفريق المستهدف لتصعيد التذكرة",
    "Team {0} is not a tier-2 unit": "الفريق {0} ليس من وحدات المستوى الثاني",
    "Only a {0} may escalate to team {1}; the service's tier-2 unit is {2}": (
        "لا يجوز التصعيد إلى الفريق {1} إلا لمن يحمل دور {0}؛ إذ إن وحدة المستوى الثاني المختصة بالخدمة هي {2}"
    ),
    "Only a {0} may choose the target team because the service has no tier-2 unit": (
        "لا يجوز اختيار الفريق المستهدف إلا لمن يحمل دور {0}؛ لعدم تحديد وحدة من المستوى الثاني للخدمة"
    ),
    "The reason must be text": "يجب أن يكون السبب نصًّا",
    "A reason is required for action {0}": "يلزم ذكر السبب لتنفيذ إجراء {0}",
    "The reason may not exceed {0} characters (it has {1})": "يجب ألا يتجاوز السبب {0} حرف (عدد أحرفه الحالي {1})",
    "Transition {0} starts from state {1} but the ticket was in state {2}": (
        "يبدأ الانتقال {0} من الحالة {1} بينما كانت التذكرة في الحالة {2}"
    ),
    "Transitions must be in chronological order and not before the ticket was created": (
        "يجب أن تكون الانتقالات مرتبة زمنيًّا وألا تسبق تاريخ إنشاء التذكرة"
    ),
    "The end of the period ({0}) is earlier than its start ({1})": "نهاية الفترة ({0}) أسبق من بدايتها ({1})",
    "Unknown tier {0}": "المستوى {0} غير معروف",
}
