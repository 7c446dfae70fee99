import ast
import re
from dataclasses import FrozenInstanceError, replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moeen_helpdesk.core import tiers as T
from moeen_helpdesk.core.errors import NotAllowed, ValidationError
from moeen_helpdesk.core.tiers import (
    ACCEPT,
    ACTIONS,
    COMPLETE,
    COMPLETED,
    ESCALATE,
    ESCALATED,
    REJECT,
    REOPEN,
    RESOLVE,
    RESOLVED,
    RETURN,
    STATES,
    TIER1,
    TIER2,
    TRANSITIONS,
    VERIFY,
    Actor,
    TicketContext,
    Transition,
    apply,
    available_actions,
    escalation_targets,
    initial_state,
    overrun_tier,
    tier_spans,
    time_per_tier,
)

AT = datetime(2025, 3, 2, 9, 0)
UNIT = "IT Unit"
OTHER = "Finance Unit"
T2_TEAMS = frozenset({UNIT, OTHER})

ADMIN = Actor("admin@x", is_admin=True)
T1_AGENT = Actor("t1@x", {T.TIER1_AGENT})
T1_SUP = Actor("sup@x", {T.TIER1_SUPERVISOR})
T2_AGENT = Actor("t2@x", {T.TIER2_AGENT}, {UNIT})
T2_LEAD = Actor("lead@x", {T.TIER2_LEAD}, {UNIT})
T2_OUTSIDER = Actor("out@x", {T.TIER2_AGENT, T.TIER2_LEAD}, {OTHER})
VERIFIER = Actor("ver@x", {T.TIER2_AGENT})  # listed in ctx.verifiers, not a member
BENEF = Actor("stu@x", {T.BENEFICIARY})
OTHER_BENEF = Actor("other-stu@x", {T.BENEFICIARY})
MANAGER = Actor("mgr@x", {T.SERVICE_MANAGER})
NOBODY = Actor("nobody@x")


def ctx(state, **kw):
    defaults = dict(
        team=TIER1_TEAM if state == TIER1 else UNIT,
        service_unit=UNIT,
        tier2_teams=T2_TEAMS,
        verifiers={"ver@x"},
        completed_by="t2@x" if state == COMPLETED else None,
        raised_by="stu@x",
        tier1_team=TIER1_TEAM,
    )
    defaults.update(kw)
    return TicketContext(state, **defaults)


TIER1_TEAM = "Contact Center"

# Who may legitimately do each action (besides admin), and the expected new team.
PERMITTED = {
    RESOLVE: (T1_AGENT, TIER1_TEAM),
    ESCALATE: (T1_AGENT, UNIT),
    ACCEPT: (T2_AGENT, UNIT),
    RETURN: (T2_AGENT, TIER1_TEAM),
    COMPLETE: (T2_AGENT, UNIT),
    REJECT: (T2_LEAD, UNIT),
    VERIFY: (T2_LEAD, UNIT),
    REOPEN: (BENEF, TIER1_TEAM),
}


def err(exc_info):
    return exc_info.value.template, exc_info.value.params


# ------------------------------------------------------------------ table & constants
def test_constants_are_stable():
    assert STATES == ("Tier 1", "Escalated", "Tier 2", "Completed", "Resolved")
    assert ACTIONS == ("resolve", "escalate", "accept", "return", "complete", "reject", "verify", "reopen")
    assert initial_state() == TIER1
    assert set(TRANSITIONS) == set(ACTIONS)
    assert {a: (set(f), t) for a, (f, t) in TRANSITIONS.items()} == {
        RESOLVE: ({TIER1}, RESOLVED),
        ESCALATE: ({TIER1}, ESCALATED),
        ACCEPT: ({ESCALATED}, TIER2),
        RETURN: ({ESCALATED, TIER2}, TIER1),
        COMPLETE: ({TIER2}, COMPLETED),
        REJECT: ({COMPLETED}, TIER2),
        VERIFY: ({COMPLETED}, RESOLVED),
        REOPEN: ({RESOLVED}, TIER1),
    }
    assert set(T.ACTION_LABELS) == set(ACTIONS) == set(T.PERMISSIONS)
    assert T.tier_of(TIER1) == "Tier 1"
    assert [T.tier_of(s) for s in (ESCALATED, TIER2, COMPLETED)] == ["Tier 2"] * 3
    assert T.tier_of(RESOLVED) is None
    with pytest.raises(ValidationError):
        T.tier_of("Open")


ALL_PAIRS = [(s, a) for s in STATES for a in ACTIONS]


@pytest.mark.parametrize("state,action", ALL_PAIRS)
def test_every_state_action_pair_for_admin(state, action):
    allowed, to_state = TRANSITIONS[action]
    c = ctx(state)
    if state in allowed:
        tr = apply(c, ADMIN, action, reason="because", at=AT)
        assert (tr.action, tr.from_state, tr.to_state, tr.actor, tr.at) == (
            action,
            state,
            to_state,
            "admin@x",
            AT,
        )
        assert tr.team_before == c.team
        assert tr.reason == "because"
        assert action in available_actions(c, ADMIN)
    else:
        with pytest.raises(NotAllowed) as e:
            apply(c, ADMIN, action, reason="because", at=AT)
        assert err(e) == (
            "Action {0} is not allowed when the ticket is in state {1}",
            (T.ACTION_LABELS[action], state),
        )
        assert action not in available_actions(c, ADMIN)


@pytest.mark.parametrize("state,action", ALL_PAIRS)
def test_every_state_action_pair_for_permitted_actor(state, action):
    actor, team_after = PERMITTED[action]
    allowed, to_state = TRANSITIONS[action]
    c = ctx(state)
    if state in allowed:
        tr = apply(c, actor, action, reason="  why  ", at=AT)
        assert tr == Transition(action, state, to_state, actor.user, c.team, team_after, "why", AT)
        assert action in available_actions(c, actor)
    else:
        with pytest.raises(NotAllowed):
            apply(c, actor, action, reason="why", at=AT)
        assert action not in available_actions(c, actor)


def test_available_actions_per_state_and_actor():
    assert available_actions(ctx(TIER1), T1_AGENT) == [RESOLVE, ESCALATE]
    assert available_actions(ctx(TIER1), T2_LEAD) == []
    assert available_actions(ctx(ESCALATED), T2_AGENT) == [ACCEPT, RETURN]
    assert available_actions(ctx(ESCALATED), T2_OUTSIDER) == []
    assert available_actions(ctx(TIER2), T2_LEAD) == [RETURN, COMPLETE]
    assert available_actions(ctx(COMPLETED), T2_LEAD) == [REJECT, VERIFY]
    # the completer is not offered verify, but may still reject (send back) only if a verifier
    assert available_actions(ctx(COMPLETED, completed_by="lead@x"), T2_LEAD) == [REJECT]
    assert available_actions(ctx(COMPLETED), T2_AGENT) == []
    assert available_actions(ctx(COMPLETED), VERIFIER) == [REJECT, VERIFY]
    assert available_actions(ctx(RESOLVED), BENEF) == [REOPEN]
    assert available_actions(ctx(RESOLVED), OTHER_BENEF) == []
    assert available_actions(ctx(RESOLVED), MANAGER) == [REOPEN]
    assert available_actions(ctx(RESOLVED), NOBODY) == []
    # a tier 1 agent cannot escalate when the service has no (tier-2) unit; a supervisor can
    assert available_actions(ctx(TIER1, service_unit=None), T1_AGENT) == [RESOLVE]
    assert available_actions(ctx(TIER1, service_unit=None), T1_SUP) == [RESOLVE, ESCALATE]
    assert available_actions(ctx(TIER1, service_unit="Not T2"), T1_AGENT) == [RESOLVE]
    assert available_actions(ctx(TIER1, tier2_teams=frozenset()), T1_SUP) == [RESOLVE]
    with pytest.raises(ValidationError):
        available_actions(ctx("Open"), ADMIN)


def test_escalation_targets():
    assert escalation_targets(ctx(TIER1), T1_AGENT) == [UNIT]
    assert escalation_targets(ctx(TIER1), T1_SUP) == sorted(T2_TEAMS)
    assert escalation_targets(ctx(TIER1), ADMIN) == sorted(T2_TEAMS)
    assert escalation_targets(ctx(TIER1), T2_AGENT) == []
    assert escalation_targets(ctx(TIER2), T1_SUP) == []


# ---------------------------------------------------------------------- refusals
def test_unknown_action_and_state():
    with pytest.raises(ValidationError) as e:
        apply(ctx(TIER1), ADMIN, "close", at=AT)
    assert err(e) == ("Unknown action {0}", ("close",))
    with pytest.raises(ValidationError) as e:
        apply(ctx("Open"), ADMIN, RESOLVE, at=AT)
    assert err(e) == ("Unknown ticket state {0}", ("Open",))


@pytest.mark.parametrize(
    "state,actor,action",
    [
        (TIER1, T2_LEAD, RESOLVE),
        (TIER1, BENEF, RESOLVE),
        (TIER1, MANAGER, ESCALATE),
        (ESCALATED, T1_SUP, ACCEPT),
        (TIER2, T1_AGENT, RETURN),
        (TIER2, BENEF, COMPLETE),
    ],
)
def test_role_missing(state, actor, action):
    with pytest.raises(NotAllowed) as e:
        apply(ctx(state), actor, action, reason="r", at=AT)
    assert e.value.template == "Action {0} requires one of the roles: {1}"
    assert e.value.params[0] == T.ACTION_LABELS[action]


@pytest.mark.parametrize(
    "state,action", [(ESCALATED, ACCEPT), (ESCALATED, RETURN), (TIER2, RETURN), (TIER2, COMPLETE)]
)
def test_not_a_member_of_the_team(state, action):
    with pytest.raises(NotAllowed) as e:
        apply(ctx(state), T2_OUTSIDER, action, reason="r", at=AT)
    assert err(e) == ("User {0} is not a member of team {1}", ("out@x", UNIT))
    with pytest.raises(NotAllowed) as e:
        apply(ctx(state, team=None), T2_AGENT, action, reason="r", at=AT)
    assert err(e) == ("The ticket is not assigned to a team", ())


@pytest.mark.parametrize("action", [REJECT, VERIFY])
@pytest.mark.parametrize("actor", [T2_AGENT, T2_OUTSIDER, T1_SUP, MANAGER, BENEF])
def test_only_verifiers_verify_or_reject(action, actor):
    with pytest.raises(NotAllowed) as e:
        apply(ctx(COMPLETED), actor, action, reason="r", at=AT)
    assert err(e) == (
        "Only a {0} of team {1} or a configured verifier may take action {2}",
        (T.TIER2_LEAD, UNIT, T.ACTION_LABELS[action]),
    )


def test_configured_verifier_need_not_be_member_or_lead():
    tr = apply(ctx(COMPLETED), VERIFIER, VERIFY, at=AT)
    assert tr.to_state == RESOLVED and tr.reason is None
    assert apply(ctx(COMPLETED), VERIFIER, REJECT, reason="missing part", at=AT).to_state == TIER2


def test_four_eyes_rule():
    c = ctx(COMPLETED, completed_by="lead@x")
    with pytest.raises(NotAllowed) as e:
        apply(c, T2_LEAD, VERIFY, at=AT)
    assert err(e) == ("User {0} completed this ticket and may not also verify it", ("lead@x",))
    # a configured verifier who completed it is refused too
    with pytest.raises(NotAllowed):
        apply(ctx(COMPLETED, completed_by="ver@x"), VERIFIER, VERIFY, at=AT)
    # the completer may still reject (send back) their own work
    assert apply(c, T2_LEAD, REJECT, reason="found a gap", at=AT).to_state == TIER2
    # allowed when configured
    assert apply(replace(c, allow_self_verify=True), T2_LEAD, VERIFY, at=AT).to_state == RESOLVED
    # another verifier is fine
    assert apply(c, VERIFIER, VERIFY, at=AT).to_state == RESOLVED
    # unknown completer: cannot enforce, allowed
    assert apply(ctx(COMPLETED, completed_by=None), T2_LEAD, VERIFY, at=AT).to_state == RESOLVED


def test_admin_bypasses_roles_membership_and_four_eyes_but_not_reason():
    c = ctx(COMPLETED, completed_by="admin@x", team=None)
    assert apply(c, ADMIN, VERIFY, at=AT).to_state == RESOLVED
    assert apply(ctx(TIER2, team=None), ADMIN, COMPLETE, at=AT).to_state == COMPLETED
    for state, action in [(TIER1, ESCALATE), (TIER2, RETURN), (ESCALATED, RETURN), (COMPLETED, REJECT)]:
        with pytest.raises(ValidationError) as e:
            apply(ctx(state), ADMIN, action, reason="   ", at=AT)
        assert err(e) == ("A reason is required for action {0}", (T.ACTION_LABELS[action],))
    # an admin may choose any tier-2 team, but it must be tier 2
    assert apply(ctx(TIER1), ADMIN, ESCALATE, reason="r", target_team=OTHER, at=AT).team_after == OTHER
    with pytest.raises(ValidationError):
        apply(ctx(TIER1), ADMIN, ESCALATE, reason="r", target_team="Contact Center", at=AT)


@pytest.mark.parametrize(
    "state,actor,action",
    [
        (TIER1, T1_AGENT, ESCALATE),
        (TIER2, T2_AGENT, RETURN),
        (ESCALATED, T2_LEAD, RETURN),
        (COMPLETED, T2_LEAD, REJECT),
    ],
)
def test_reason_required_and_length(state, actor, action):
    for blank in (None, "", " \n\t "):
        with pytest.raises(ValidationError) as e:
            apply(ctx(state), actor, action, reason=blank, at=AT)
        assert e.value.template == "A reason is required for action {0}"
    ok = "x" * 1000
    assert apply(ctx(state), actor, action, reason="  " + ok + "  ", at=AT).reason == ok
    with pytest.raises(ValidationError) as e:
        apply(ctx(state), actor, action, reason="x" * 1001, at=AT)
    assert err(e) == ("The reason may not exceed {0} characters (it has {1})", (1000, 1001))


def test_optional_reasons_and_notes():
    assert apply(ctx(TIER1), T1_AGENT, RESOLVE, at=AT).reason is None
    assert (
        apply(ctx(TIER2), T2_AGENT, COMPLETE, reason="  replaced the disk ", at=AT).reason
        == "replaced the disk"
    )
    assert apply(ctx(TIER2), T2_AGENT, COMPLETE, reason="   ", at=AT).reason is None
    assert apply(ctx(RESOLVED), BENEF, REOPEN, at=AT).reason is None
    with pytest.raises(ValidationError):
        apply(ctx(TIER2), T2_AGENT, COMPLETE, reason="n" * 1001, at=AT)
    with pytest.raises(ValidationError) as e:
        apply(ctx(TIER2), T2_AGENT, COMPLETE, reason=42, at=AT)
    assert e.value.template == "The reason must be text"


def test_escalation_target_rules():
    # default: the service's unit
    tr = apply(ctx(TIER1), T1_AGENT, ESCALATE, reason="needs IT", at=AT)
    assert (tr.team_before, tr.team_after) == (TIER1_TEAM, UNIT)
    # an agent may name the default unit explicitly
    assert (
        apply(ctx(TIER1), T1_AGENT, ESCALATE, reason="r", target_team=f" {UNIT} ", at=AT).team_after == UNIT
    )
    # an agent may not choose another team
    with pytest.raises(NotAllowed) as e:
        apply(ctx(TIER1), T1_AGENT, ESCALATE, reason="r", target_team=OTHER, at=AT)
    assert err(e) == (
        "Only a {0} may escalate to team {1}; the service's tier-2 unit is {2}",
        (T.TIER1_SUPERVISOR, OTHER, UNIT),
    )
    # supervisor override
    assert apply(ctx(TIER1), T1_SUP, ESCALATE, reason="r", target_team=OTHER, at=AT).team_after == OTHER
    # service without a unit
    with pytest.raises(ValidationError) as e:
        apply(ctx(TIER1, service_unit=None), T1_AGENT, ESCALATE, reason="r", at=AT)
    assert err(e) == ("A target team is required to escalate a ticket", ())
    with pytest.raises(ValidationError):
        apply(ctx(TIER1, service_unit=None), T1_SUP, ESCALATE, reason="r", target_team="  ", at=AT)
    with pytest.raises(NotAllowed) as e:
        apply(ctx(TIER1, service_unit=None), T1_AGENT, ESCALATE, reason="r", target_team=UNIT, at=AT)
    assert e.value.template == "Only a {0} may choose the target team because the service has no tier-2 unit"
    assert (
        apply(ctx(TIER1, service_unit=None), T1_SUP, ESCALATE, reason="r", target_team=UNIT, at=AT).team_after
        == UNIT
    )
    # target must be tier 2 (even the service default, even for a supervisor)
    for actor, kw in [(T1_SUP, {"target_team": "Contact Center"}), (T1_AGENT, {})]:
        with pytest.raises(ValidationError) as e:
            apply(
                ctx(TIER1, service_unit="Contact Center" if not kw else UNIT),
                actor,
                ESCALATE,
                reason="r",
                at=AT,
                **kw,
            )
        assert err(e) == ("Team {0} is not a tier-2 unit", ("Contact Center",))


def test_target_team_only_for_escalate_and_time_required():
    with pytest.raises(ValidationError) as e:
        apply(ctx(TIER1), T1_AGENT, RESOLVE, target_team=UNIT, at=AT)
    assert e.value.template == "A target team can only be given when escalating a ticket"
    with pytest.raises(ValidationError) as e:
        apply(ctx(TIER1), T1_AGENT, RESOLVE, at=None)
    assert e.value.template == "The time of the action is required"
    with pytest.raises(TypeError):
        apply(ctx(TIER1), T1_AGENT, RESOLVE)  # at is keyword-only and mandatory


def test_reopen_rules():
    assert apply(ctx(RESOLVED), BENEF, REOPEN, at=AT).team_after == TIER1_TEAM
    for agent in (T1_AGENT, T1_SUP, T2_AGENT, T2_LEAD, MANAGER):
        assert apply(ctx(RESOLVED), agent, REOPEN, reason="still broken", at=AT).to_state == TIER1
    for actor in (OTHER_BENEF, NOBODY):
        with pytest.raises(NotAllowed) as e:
            apply(ctx(RESOLVED), actor, REOPEN, at=AT)
        assert e.value.template == "Only the beneficiary who raised the ticket or an agent may reopen it"
    with pytest.raises(NotAllowed):
        apply(ctx(RESOLVED, raised_by=None), BENEF, REOPEN, at=AT)


def test_apply_is_pure_and_types_are_frozen():
    c = ctx(TIER1)
    before = repr(c)
    apply(c, T1_AGENT, ESCALATE, reason="r", at=AT)
    assert repr(c) == before
    with pytest.raises(FrozenInstanceError):
        c.state = TIER2
    # sets are normalised to frozensets; a lone string is one name
    a = Actor("u", ["Tier 1 Agent"], "Team A")
    assert a.roles == frozenset({"Tier 1 Agent"}) and a.teams == frozenset({"Team A"})
    assert TicketContext(TIER1, tier2_teams=["A", "B"]).tier2_teams == frozenset({"A", "B"})


def test_full_lifecycle():
    c = TicketContext(
        initial_state(), team=TIER1_TEAM, service_unit=UNIT, tier2_teams=T2_TEAMS, tier1_team=TIER1_TEAM
    )
    log = []
    steps = [
        (T1_AGENT, ESCALATE, "needs IT", {}),
        (T2_AGENT, ACCEPT, None, {}),
        (T2_AGENT, COMPLETE, "done", {}),
        (T2_LEAD, REJECT, "incomplete", {}),
        (T2_AGENT, COMPLETE, "done again", {}),
        (T2_LEAD, VERIFY, None, {}),
    ]
    for i, (actor, action, reason, kw) in enumerate(steps):
        tr = apply(c, actor, action, reason=reason, at=AT + timedelta(hours=i), **kw)
        log.append(tr)
        c = replace(
            c,
            state=tr.to_state,
            team=tr.team_after,
            completed_by=tr.actor if action == COMPLETE else c.completed_by,
        )
    assert c.state == RESOLVED and c.team == UNIT
    assert [t.to_state for t in log] == [ESCALATED, TIER2, COMPLETED, TIER2, COMPLETED, RESOLVED]


# ---------------------------------------------------------- property: offer <=> apply
actors = st.builds(
    Actor,
    user=st.sampled_from(["t1@x", "t2@x", "lead@x", "ver@x", "stu@x", "z@x"]),
    roles=st.frozensets(st.sampled_from(T.ROLES)),
    teams=st.frozensets(st.sampled_from([UNIT, OTHER, TIER1_TEAM])),
    is_admin=st.booleans(),
)
contexts = st.builds(
    TicketContext,
    state=st.sampled_from(STATES),
    team=st.sampled_from([None, UNIT, OTHER, TIER1_TEAM]),
    service_unit=st.sampled_from([None, UNIT, OTHER, TIER1_TEAM]),
    tier2_teams=st.frozensets(st.sampled_from([UNIT, OTHER])),
    verifiers=st.frozensets(st.sampled_from(["ver@x", "lead@x"])),
    completed_by=st.sampled_from([None, "t2@x", "lead@x", "ver@x"]),
    allow_self_verify=st.booleans(),
    raised_by=st.sampled_from([None, "stu@x"]),
    tier1_team=st.just(TIER1_TEAM),
)


@settings(max_examples=400, deadline=None)
@given(contexts, actors)
def test_available_actions_match_apply(c, actor):
    offered = available_actions(c, actor)
    for action in ACTIONS:
        targets = escalation_targets(c, actor) if action == ESCALATE else [None]
        target = targets[0] if targets else None
        try:
            tr = apply(c, actor, action, reason="a reason", target_team=target, at=AT)
        except (NotAllowed, ValidationError):
            assert action not in offered
        else:
            assert action in offered
            assert (tr.from_state, tr.to_state) == (c.state, TRANSITIONS[action][1])


# ------------------------------------------------------------------ time accounting
H = 3600
T0 = datetime(2025, 3, 2, 8, 0)


def plain_seconds(a, b):
    return (b - a).total_seconds()


def tr(from_state, to_state, hours, action="-"):
    return Transition(action, from_state, to_state, "u", None, None, None, T0 + timedelta(hours=hours))


def test_tier_spans_simple_path():
    log = [
        tr(TIER1, ESCALATED, 1),
        tr(ESCALATED, TIER2, 3),
        tr(TIER2, COMPLETED, 6),
        tr(COMPLETED, RESOLVED, 7),
    ]
    spans = tier_spans(log, T0, T0 + timedelta(hours=100))
    # Escalated/Tier 2/Completed merge into one tier-2 span; resolved stops the clock
    assert spans == [
        ("Tier 1", T0, T0 + timedelta(hours=1)),
        ("Tier 2", T0 + timedelta(hours=1), T0 + timedelta(hours=7)),
    ]
    assert time_per_tier(spans, plain_seconds) == {"Tier 1": 1 * H, "Tier 2": 6 * H}


def test_tier_spans_with_return_reopen_and_open_end():
    log = [
        tr(TIER1, ESCALATED, 1),  # T1 0-1
        tr(ESCALATED, TIER1, 2),  # T2 1-2 (returned)
        tr(TIER1, RESOLVED, 4),  # T1 2-4
        tr(RESOLVED, TIER1, 10),  # clock stopped 4-10
        tr(TIER1, ESCALATED, 11),  # T1 10-11
        tr(ESCALATED, TIER2, 12),  # T2 11-...
    ]
    now = T0 + timedelta(hours=15)
    spans = tier_spans(log, T0, now)
    assert [
        (s.tier, (s.start - T0) / timedelta(hours=1), (s.end - T0) / timedelta(hours=1)) for s in spans
    ] == [("Tier 1", 0, 1), ("Tier 2", 1, 2), ("Tier 1", 2, 4), ("Tier 1", 10, 11), ("Tier 2", 11, 15)]
    assert time_per_tier(spans, plain_seconds) == {"Tier 1": 4 * H, "Tier 2": 5 * H}


def test_tier_spans_accepts_mappings_and_drops_empty_spans():
    log = [{"from_state": TIER1, "to_state": ESCALATED, "at": T0}]  # escalated at creation
    assert tier_spans(log, T0, T0 + timedelta(hours=2)) == [("Tier 2", T0, T0 + timedelta(hours=2))]
    assert tier_spans([], T0, T0) == []
    assert time_per_tier([], plain_seconds) == {"Tier 1": 0, "Tier 2": 0}


def test_tier_spans_validation():
    with pytest.raises(ValidationError) as e:
        tier_spans([tr(TIER2, COMPLETED, 1, "complete")], T0, T0 + timedelta(hours=2))
    assert err(e) == (
        "Transition {0} starts from state {1} but the ticket was in state {2}",
        ("complete", TIER2, TIER1),
    )
    with pytest.raises(ValidationError):
        tier_spans([tr(TIER1, ESCALATED, 2), tr(ESCALATED, TIER2, 1)], T0, T0 + timedelta(hours=3))
    with pytest.raises(ValidationError):
        tier_spans([tr(TIER1, ESCALATED, -1)], T0, T0 + timedelta(hours=3))
    with pytest.raises(ValidationError):
        tier_spans([tr(TIER1, "Open", 1)], T0, T0 + timedelta(hours=3))
    with pytest.raises(ValidationError):  # now before the open span started
        tier_spans([tr(TIER1, ESCALATED, 2)], T0, T0 + timedelta(hours=1))
    # resolved tickets do not need now >= last transition
    assert tier_spans([tr(TIER1, RESOLVED, 2)], T0, T0) == [("Tier 1", T0, T0 + timedelta(hours=2))]
    with pytest.raises(ValidationError):
        time_per_tier([("Tier 3", T0, T0)], plain_seconds)


def test_time_per_tier_with_pauses():
    h = lambda x: T0 + timedelta(hours=x)  # noqa: E731
    spans = [("Tier 1", h(0), h(2)), ("Tier 2", h(2), h(10))]
    pauses = [
        (h(1), h(3)),  # 1h off tier 1, 1h off tier 2
        (h(4), h(5)),  # 1h off tier 2
        (h(4.5), h(6)),  # overlaps the previous one: union 4-6, 2h total
        (h(20), h(30)),  # outside every span
    ]
    assert time_per_tier(spans, plain_seconds, pauses) == {"Tier 1": 1 * H, "Tier 2": 5 * H}
    # a pause covering everything leaves zero
    assert time_per_tier(spans, plain_seconds, [(h(-1), h(11))]) == {"Tier 1": 0, "Tier 2": 0}
    with pytest.raises(ValidationError):
        time_per_tier(spans, plain_seconds, [(h(2), h(1))])


def test_time_per_tier_uses_the_calendar():
    # a calendar counting only 09:00-17:00
    def office(a, b):
        total = 0.0
        day = a.replace(hour=0, minute=0, second=0, microsecond=0)
        while day < b:
            lo, hi = max(a, day.replace(hour=9)), min(b, day.replace(hour=17))
            total += max((hi - lo).total_seconds(), 0)
            day += timedelta(days=1)
        return total

    start = datetime(2025, 3, 2, 8, 0)
    spans = [
        ("Tier 1", start, start + timedelta(hours=3)),  # 08-11 -> 2h business
        ("Tier 2", start + timedelta(hours=3), start + timedelta(days=1, hours=2)),
    ]  # 11 -> next 10 -> 6h + 1h
    pauses = [(datetime(2025, 3, 2, 16, 0), datetime(2025, 3, 2, 20, 0))]  # 1h business
    assert time_per_tier(spans, office, pauses) == {"Tier 1": 2 * H, "Tier 2": 6 * H}


def test_overrun_tier():
    assert overrun_tier({"Tier 1": 100, "Tier 2": 500}, {"Tier 1": 50, "Tier 2": 400}) == ["Tier 1", "Tier 2"]
    assert overrun_tier({"Tier 2": 500, "Tier 1": 100}, {"Tier 2": 400, "Tier 1": 50}) == ["Tier 1", "Tier 2"]
    assert overrun_tier({"Tier 1": 50, "Tier 2": 401}, {"Tier 1": 50, "Tier 2": 400}) == [
        "Tier 2"
    ]  # equal is met
    assert overrun_tier({"Tier 1": 500, "Tier 2": 500}, {"Tier 1": None}) == []
    assert overrun_tier({}, {"Tier 1": 0}) == []


# ----------------------------------------------------------------------- translations
def _templates(module_path):
    tree = ast.parse(Path(module_path).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("NotAllowed", "ValidationError"):
            first = node.args[0]
            assert isinstance(first, ast.Constant) and isinstance(
                first.value, str
            ), "templates must be literals"
            found.add(first.value)
    return found


def test_every_template_has_an_arabic_translation_with_the_same_placeholders():
    used = _templates(T.__file__)
    assert used and used <= set(T.MESSAGES_AR)
    for template, arabic in T.MESSAGES_AR.items():
        assert sorted(re.findall(r"\{\d+\}", template)) == sorted(re.findall(r"\{\d+\}", arabic)), template
        assert re.search("[\u0600-\u06ff]", arabic)
    for label in list(T.STATES) + list(T.ACTION_LABELS.values()) + list(T.ROLES):
        assert label in T.LABELS_AR


def test_core_does_not_import_frappe():
    tree = ast.parse(Path(T.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "frappe" for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "frappe"


# ------------------------------------------------------------ what the beneficiary sees
def _row(action, to_state, at, before, after, reason=None):
    return {
        "action": action,
        "to_state": to_state,
        "at": at,
        "team_before": before,
        "team_after": after,
        "reason": reason,
    }


def test_resolution_at_tier_1_and_after_verification():
    t = datetime(2026, 11, 29, 9)
    assert T.resolution([]) is None
    resolved = [_row(T.RESOLVE, T.RESOLVED, t, "CC", "CC", " reset the password ")]
    assert T.resolution(resolved) == T.Resolution(T.RESOLVE, t, "CC", "reset the password")
    log = [
        _row(T.ESCALATE, T.ESCALATED, t, "CC", "Registrar", "needs the registrar"),
        _row(T.ACCEPT, T.TIER2, t + timedelta(hours=1), "Registrar", "Registrar"),
        _row(T.COMPLETE, T.COMPLETED, t + timedelta(hours=2), "Registrar", "Registrar", "first try"),
        _row(T.REJECT, T.TIER2, t + timedelta(hours=3), "Registrar", "Registrar", "not yet"),
        _row(T.COMPLETE, T.COMPLETED, t + timedelta(hours=4), "Registrar", "Registrar", "grade corrected"),
        _row(T.VERIFY, T.RESOLVED, t + timedelta(hours=5), "Registrar", "CC", "ok"),
    ]
    got = T.resolution(log)
    assert (got.action, got.at, got.unit, got.note) == (
        T.VERIFY,
        t + timedelta(hours=5),
        "Registrar",
        "grade corrected",
    )
    # not resolved any more once reopened
    assert T.resolution([*log, _row(T.REOPEN, T.TIER1, t + timedelta(days=1), "CC", "CC")]) is None
    # a completion without a note: the verifier's note; none at all: None
    log[4]["reason"] = None
    assert T.resolution(log).note == "ok"
    log[5]["reason"] = ""
    assert T.resolution(log).note is None


def test_beneficiary_reply_only_when_resolving_with_a_note():
    at = datetime(2026, 11, 29, 9)
    resolve = Transition(T.RESOLVE, T.TIER1, T.RESOLVED, "a@x", "CC", "CC", "done", at)
    assert T.beneficiary_reply(resolve) == "done"
    verify = Transition(T.VERIFY, T.COMPLETED, T.RESOLVED, "lead@x", "U", "CC", "looks right", at)
    assert T.beneficiary_reply(verify, "grade corrected") == "grade corrected"
    assert T.beneficiary_reply(verify, None) == "looks right"
    complete = Transition(T.COMPLETE, T.TIER2, T.COMPLETED, "u@x", "U", "U", "grade corrected", at)
    assert T.beneficiary_reply(complete) is None  # not yet verified
    assert (
        T.beneficiary_reply(Transition(T.RESOLVE, T.TIER1, T.RESOLVED, "a@x", "CC", "CC", None, at)) is None
    )


def test_reopen_window():
    at = datetime(2026, 11, 29, 9)
    assert T.within_reopen_window(at, at + timedelta(days=30), None)
    assert T.within_reopen_window(at, at + timedelta(days=14), 14)
    assert not T.within_reopen_window(at, at + timedelta(days=14, seconds=1), 14)
    assert T.within_reopen_window(None, at, 14)
