"""The one rule of who may write which ticket field (moeen_helpdesk.core.protected)."""

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from moeen_helpdesk.core import protected as rule
from moeen_helpdesk.core.errors import NotAllowed

FIXTURE = json.loads(
    (Path(__file__).resolve().parent.parent / "moeen_helpdesk" / "fixtures" / "custom_field.json").read_text()
)
APP = rule.app_fields(FIXTURE)
REOPEN = ("Open",)


def test_app_fields_come_from_the_fixture():
    assert "moeen_sla_start" in APP and "moeen_reopen_count" in APP and "moeen_tier_state" in APP
    assert "moeen_sla_section" not in APP  # a section break
    assert "moeen_tier" not in APP  # an HD Team field
    assert all(f.startswith("moeen_") for f in APP)


def test_every_issue_field_is_protected():
    protected = rule.protected_fields(APP)
    for field in (
        "moeen_resolution_target",
        "moeen_resolution_held",
        "moeen_sla_start",
        "moeen_sla_calendar",
        "moeen_reopen_count",
        "moeen_sla_notified",
        "first_responded_on",
        "feedback_rating",
        "response_by",
        "resolution_by",
        "agreement_status",
        "resolution_date",
        "sla",
        "agent_group",
        "priority",
        "via_customer_portal",
        "status_category",
        "moeen_response_seconds",
    ):
        assert field in protected, field
    assert set(APP) <= protected
    for free in ("subject", "description", "status", "feedback", "feedback_extra"):
        assert free not in protected


def test_computed_fields_are_the_app_fields_agents_do_not_set():
    computed = rule.computed_fields(APP)
    assert "moeen_service" not in computed and "moeen_channel" not in computed
    assert {"moeen_sla_state", "moeen_tier_state", "moeen_tier1_seconds", "moeen_kind"} <= computed
    assert not computed & set(rule.HELPDESK_DECIDED)


def test_new_ticket_blanks_keep_what_intake_sets():
    blank = set(rule.blank_on_new(APP))
    assert {
        "first_responded_on",
        "feedback_rating",
        "moeen_sla_start",
        "agent_group",
        "priority",
        "feedback",
    } <= blank
    assert not blank & {"moeen_service", "raised_by", "key", "opening_date"}


@given(st.sets(st.sampled_from(sorted(rule.protected_fields(APP) | {"subject", "description", "status"}))))
def test_beneficiary_refused_exactly_the_protected_changes(changed):
    refused, restored = rule.refused_fields(changed, APP, agent=False)
    assert refused == changed & rule.protected_fields(APP)
    assert restored == frozenset()


@given(st.sets(st.sampled_from(sorted(rule.protected_fields(APP) | {"subject"}))))
def test_agent_refused_nothing_and_gets_computed_fields_restored(changed):
    refused, restored = rule.refused_fields(changed, APP, agent=True)
    assert refused == frozenset()
    assert restored == changed & rule.computed_fields(APP)
    assert "agent_group" not in restored and "moeen_service" not in restored


def _problem(before, status, category, rated=False):
    return rule.status_problem(before, status, category, rated=rated, reopen_statuses=REOPEN)


def test_beneficiary_status_rules():
    assert _problem("Open", "Open", "Open") is None
    assert _problem("Open", "Closed", "Resolved") is None  # closing
    assert _problem("Resolved", "Open", "Open") is None  # reopen a resolved ticket
    assert _problem("Replied", "Open", "Open") is None  # a reply brings it back
    assert isinstance(_problem("Open", "Replied", "Paused"), NotAllowed)
    assert isinstance(_problem("Resolved", "Reopened-Elsewhere", "Open"), NotAllowed)
    assert isinstance(_problem("Open", "Weird", None), NotAllowed)


def test_closed_or_rated_ticket_is_locked_whatever_the_change():
    e = _problem("Closed", "Open", "Open")
    assert isinstance(e, NotAllowed) and e.template == rule.MSG_LOCKED
    assert _problem("Closed", "Closed", "Resolved").template == rule.MSG_LOCKED
    assert _problem("Resolved", "Open", "Open", rated=True).template == rule.MSG_LOCKED
    assert (
        rule.locked("Closed", False) and rule.locked("Resolved", True) and not rule.locked("Resolved", False)
    )


def test_messages_have_arabic():
    for template in (rule.MSG_FIELDS, rule.MSG_LOCKED, rule.MSG_HOLD, rule.MSG_REOPEN, rule.MSG_STATUS):
        assert template in rule.MESSAGES_AR
