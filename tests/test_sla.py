from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moeen_helpdesk.core import sla
from moeen_helpdesk.core.calendar import WorkCalendar
from moeen_helpdesk.core.errors import ValidationError

DAY = [["07:30", "16:00"]]
CC = WorkCalendar.from_dict(
    {
        "timezone": "Asia/Riyadh",
        "weekly": {
            "sunday": DAY,
            "monday": DAY,
            "tuesday": DAY,
            "wednesday": DAY,
            "thursday": DAY,
            "friday": [],
            "saturday": [],
        },
        "holidays": ["2026-09-23"],
    }
)
H = 3600
THU_15 = datetime(2026, 11, 26, 15, 0)  # a Thursday
SUN = datetime(2026, 11, 29)


def test_targets_validated():
    with pytest.raises(ValidationError):
        sla.Targets(7200, 3600)
    with pytest.raises(ValidationError):
        sla.Targets(-1, None)
    assert sla.Targets().empty and not sla.Targets(60, None).empty


def test_pick_targets_per_priority():
    default = sla.Targets(H, 8 * H)
    urgent = sla.Targets(H // 2, 4 * H)
    assert sla.pick_targets(default, {"Urgent": urgent}, "Urgent") == urgent
    assert sla.pick_targets(default, {"Urgent": urgent}, "Low") == default
    assert sla.pick_targets(default, None, None) == default


def test_deadline_without_pauses_is_the_calendar_deadline():
    assert sla.deadline(CC, THU_15, 2 * H) == SUN.replace(hour=8, minute=30)
    assert sla.deadline(CC, THU_15, None) is None


def test_pause_stops_the_clock():
    # 1 h Thursday 15:00-16:00, 30 min Sunday 07:30-08:00, on hold 08:00-10:00, 30 min more -> 10:30
    pauses = [(SUN.replace(hour=8), SUN.replace(hour=10))]
    assert sla.deadline(CC, THU_15, 2 * H, pauses) == SUN.replace(hour=10, minute=30)


def test_pause_outside_hours_costs_nothing_and_open_pause_has_no_deadline():
    weekend = [(datetime(2026, 11, 27, 9), datetime(2026, 11, 28, 20))]  # Friday-Saturday
    assert sla.deadline(CC, THU_15, 2 * H, weekend) == SUN.replace(hour=8, minute=30)
    assert sla.deadline(CC, THU_15, 2 * H, [(SUN.replace(hour=8), None)]) is None
    # a pause after the deadline changes nothing
    assert sla.deadline(CC, THU_15, 2 * H, [(SUN.replace(hour=9), None)]) == SUN.replace(hour=8, minute=30)


def test_pause_started_before_start():
    pauses = [(THU_15 - timedelta(hours=1), SUN.replace(hour=9))]
    assert sla.deadline(CC, THU_15, H, pauses) == SUN.replace(hour=10)


def test_overlapping_pauses_refused():
    with pytest.raises(ValidationError):
        sla.deadline(
            CC,
            THU_15,
            H,
            [(SUN.replace(hour=8), SUN.replace(hour=10)), (SUN.replace(hour=9), SUN.replace(hour=11))],
        )


@settings(max_examples=150, deadline=None)
@given(
    start_min=st.integers(0, 14 * 24 * 60),
    target_min=st.integers(0, 40 * 60),
    pauses=st.lists(st.tuples(st.integers(0, 20 * 24 * 60), st.integers(1, 3 * 24 * 60)), max_size=4),
)
def test_unpaused_open_time_to_the_deadline_equals_the_target(start_min, target_min, pauses):
    base = datetime(2026, 11, 22)
    start = base + timedelta(minutes=start_min)
    spans, last = [], None
    for offset, length in sorted(pauses):
        s = base + timedelta(minutes=offset)
        if last and s < last:
            s = last
        e = s + timedelta(minutes=length)
        spans.append((s, e))
        last = e
    due = sla.deadline(CC, start, target_min * 60, spans)
    held = sum(
        CC.business_seconds_between(max(s, start), min(e, due)) for s, e in spans if e > start and s < due
    )
    assert CC.business_seconds_between(start, due) - held == target_min * 60
    # and it is the earliest such instant: a minute earlier is short (unless no time was needed)
    if target_min:
        earlier = due - timedelta(minutes=1)
        held_e = sum(
            CC.business_seconds_between(max(s, start), min(e, earlier))
            for s, e in spans
            if e > start and s < earlier
        )
        assert CC.business_seconds_between(start, earlier) - held_e < target_min * 60


def test_agreement_status():
    rb, sb = SUN.replace(hour=8, minute=30), SUN.replace(hour=16)
    at = SUN.replace(hour=8)
    kw = dict(response_by=rb, resolution_by=sb)
    assert sla.agreement_status(at, **kw) == sla.RESPONSE_DUE
    assert sla.agreement_status(at, first_responded_on=at, **kw) == sla.RESOLUTION_DUE
    assert sla.agreement_status(SUN.replace(hour=9), **kw) == sla.FAILED
    assert sla.agreement_status(SUN.replace(hour=17), first_responded_on=at, **kw) == sla.FAILED
    assert sla.agreement_status(at, first_responded_on=at, paused=True, **kw) == sla.PAUSED
    assert (
        sla.agreement_status(at, first_responded_on=at, resolved_on=SUN.replace(hour=15), **kw)
        == sla.FULFILLED
    )
    assert (
        sla.agreement_status(
            at, first_responded_on=SUN.replace(hour=9), resolved_on=SUN.replace(hour=10), **kw
        )
        == sla.FAILED
    )
    assert sla.agreement_status(at, response_by=None, resolution_by=None) == sla.RESOLUTION_DUE
    # on hold the clocks stand still: a passed deadline does not fail the ticket ...
    assert sla.agreement_status(SUN.replace(hour=17), paused=True, **kw) == sla.PAUSED
    # ... but a late first response, already recorded, does
    assert (
        sla.agreement_status(SUN.replace(hour=17), first_responded_on=SUN.replace(hour=9), paused=True, **kw)
        == sla.FAILED
    )


def test_due_notices_once_each():
    rb, sb = SUN.replace(hour=8, minute=30), SUN.replace(hour=16)
    kw = dict(
        response_warn_at=SUN.replace(hour=8),
        response_by=rb,
        resolution_warn_at=SUN.replace(hour=14),
        resolution_by=sb,
    )
    assert sla.due_notices(SUN.replace(hour=7, minute=45), sent=0, responded=False, **kw) == (0, 0)
    mark, notify = sla.due_notices(SUN.replace(hour=8, minute=10), sent=0, responded=False, **kw)
    assert mark == notify == sla.NOTICE_RESPONSE_WARNING
    assert sla.due_notices(SUN.replace(hour=8, minute=20), sent=mark, responded=False, **kw) == (0, 0)
    mark2, notify2 = sla.due_notices(SUN.replace(hour=9), sent=mark, responded=False, **kw)
    assert notify2 == sla.NOTICE_RESPONSE_BREACH and mark2 & sla.NOTICE_RESPONSE_BREACH
    # responded: the response clock is done; a resolution breach seen late skips its warning
    mark3, notify3 = sla.due_notices(SUN.replace(hour=17), sent=mark | mark2, responded=True, **kw)
    assert notify3 == sla.NOTICE_RESOLUTION_BREACH
    assert mark3 == sla.NOTICE_RESOLUTION_BREACH | sla.NOTICE_RESOLUTION_WARNING
    assert sla.due_notices(SUN.replace(hour=18), sent=mark | mark2 | mark3, responded=True, **kw) == (0, 0)


def test_clock_state_and_warning():
    due, start = SUN.replace(hour=16), SUN.replace(hour=7, minute=30)
    warn = sla.deadline(CC, start, sla.warning_seconds(int(8.5 * H)))
    assert warn == SUN.replace(hour=13, minute=52, second=30)
    assert sla.clock_state(SUN.replace(hour=12), due, warn) == sla.DUE
    assert sla.clock_state(SUN.replace(hour=14), due, warn) == sla.WARNING
    assert sla.clock_state(SUN.replace(hour=17), due, warn) == sla.BREACHED
    assert sla.clock_state(SUN.replace(hour=17), due, warn, done_on=SUN.replace(hour=15)) == sla.DONE
    assert (
        sla.clock_state(SUN.replace(hour=17), due, warn, done_on=SUN.replace(hour=16, minute=1))
        == sla.BREACHED
    )
    assert sla.clock_state(SUN.replace(hour=17), None, None, paused=True) == sla.ON_HOLD
    with pytest.raises(ValidationError):
        sla.warning_seconds(100, 1.5)


# ------------------------------------------------------------------ met at closing time
# One rule for a stopped clock: met ⇔ business time ≤ target.
THU = datetime(2026, 11, 26)


def test_target_met_is_business_time_within_target():
    assert sla.target_met(2 * H, 2 * H) is True
    assert sla.target_met(2 * H + 1, 2 * H) is False
    assert sla.target_met(None, 2 * H) is None and sla.target_met(60, None) is None


@pytest.mark.parametrize("clock", ["response", "resolution"])
def test_deadline_at_closing_answered_after_hours_is_met(clock):
    """Due Thu 16:00 (closing) after a 2 h target; stopped Thu 16:30: exactly 2 business hours."""
    start = THU.replace(hour=14)
    due = sla.deadline(CC, start, 2 * H)
    assert due == THU.replace(hour=16)
    stop = THU.replace(hour=16, minute=30)
    assert CC.business_seconds_between(start, stop) == 2 * H
    assert sla.target_met(CC.business_seconds_between(start, stop), 2 * H) is True
    assert sla.late(stop, due, CC) is False
    assert sla.late(stop, due) is True  # the wall clock alone would call it missed
    # the first business second after the weekend is a miss
    sun_open = SUN.replace(hour=7, minute=30)
    assert sla.late(sun_open, due, CC) is False
    assert sla.late(sun_open + timedelta(seconds=1), due, CC) is True
    if clock == "response":
        kw = dict(response_by=due, resolution_by=due + timedelta(days=7), first_responded_on=stop)
        assert sla.agreement_status(stop, calendar=CC, **kw) == sla.RESOLUTION_DUE
        assert sla.agreement_status(stop, calendar=CC, resolved_on=stop, **kw) == sla.FULFILLED
        assert sla.agreement_status(stop, **kw) == sla.FAILED
        late_kw = {**kw, "first_responded_on": sun_open + timedelta(minutes=1)}
        assert sla.agreement_status(stop, calendar=CC, **late_kw) == sla.FAILED
    else:
        kw = dict(response_by=None, resolution_by=due, first_responded_on=start)
        assert sla.agreement_status(stop, calendar=CC, resolved_on=stop, **kw) == sla.FULFILLED
        assert sla.agreement_status(stop, resolved_on=stop, **kw) == sla.FAILED
        assert (
            sla.agreement_status(stop, calendar=CC, resolved_on=sun_open + timedelta(minutes=1), **kw)
            == sla.FAILED
        )
    assert sla.clock_state(stop, due, None, done_on=stop, calendar=CC) == sla.DONE
    assert (
        sla.clock_state(stop, due, None, done_on=sun_open + timedelta(minutes=1), calendar=CC) == sla.BREACHED
    )


def test_late_agrees_with_business_time_over_target():
    """late(stop, deadline) ⇔ business time from the start to the stop > target, on a sample."""
    start = THU.replace(hour=9)
    for target in (H, 7 * H, 8 * H, 9 * H):
        due = sla.deadline(CC, start, target)
        for minutes in range(0, 5 * 24 * 60, 37):
            stop = start + timedelta(minutes=minutes)
            used = CC.business_seconds_between(start, stop)
            assert sla.late(stop, due, CC) == (not sla.target_met(used, target)), (target, stop)


ALWAYS = WorkCalendar.from_dict(
    {
        "timezone": "Asia/Riyadh",
        "weekly": {
            d: [["00:00", "24:00"]]
            for d in ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
        },
    }
)


def test_a_hold_outlasting_the_deadline_counts_in_full():
    # 1 h target on a 24x7 calendar, on hold from +10 min to +70 min: the deadline moves by 60 min
    start = SUN.replace(hour=9)
    due = sla.deadline(ALWAYS, start, H)
    since, until = start + timedelta(minutes=10), start + timedelta(minutes=70)
    assert sla.held_seconds(ALWAYS, since, until, due) == H
    assert sla.deadline(ALWAYS, start, H, [(since, until)]) == due + timedelta(hours=1)
    # a hold that begins once the clock ran out moves nothing; nor does an empty one
    assert sla.held_seconds(ALWAYS, due, due + timedelta(hours=2), due) == 0
    assert sla.held_seconds(ALWAYS, since, since, due) == 0
    # no deadline yet: the whole hold counts (only its open time)
    assert sla.held_seconds(CC, THU_15, SUN.replace(hour=8), None) == H + 30 * 60


@settings(max_examples=200, deadline=None)
@given(
    start_min=st.integers(0, 14 * 24 * 60),
    target_min=st.integers(1, 40 * 60),
    pauses=st.lists(st.tuples(st.integers(0, 20 * 24 * 60), st.integers(1, 3 * 24 * 60)), max_size=4),
    always=st.booleans(),
)
def test_holds_counted_one_at_a_time_give_the_core_deadline(start_min, target_min, pauses, always):
    """The shell keeps only the held seconds so far and, at each resume, adds held_seconds
    against the deadline it had: the result is deadline() over all the holds."""
    cal = ALWAYS if always else CC
    base = datetime(2026, 11, 22)
    start = base + timedelta(minutes=start_min)
    spans, last = [], start
    for offset, length in sorted(pauses):
        s = max(base + timedelta(minutes=offset), last)
        e = s + timedelta(minutes=length)
        spans.append((s, e))
        last = e
    held = 0
    for s, e in spans:
        due = cal.add_business_seconds(start, target_min * 60 + held)
        held += sla.held_seconds(cal, s, e, due)
    assert cal.add_business_seconds(start, target_min * 60 + held) == sla.deadline(
        cal, start, target_min * 60, spans
    )


# ------------------------------------------------------------------ running clocks past a deadline at closing
# A running clock is judged by business time too: late once business time passed since the deadline.


def test_running_clock_due_at_closing_is_not_late_after_hours():
    due = THU.replace(hour=16)  # a 2 h target from Thu 14:00
    evening, sun_open = THU.replace(hour=17), SUN.replace(hour=7, minute=30)
    after = sun_open + timedelta(minutes=1)
    for clock in ("response", "resolution"):
        kw = (
            dict(response_by=due, resolution_by=due + timedelta(days=7))
            if clock == "response"
            else dict(response_by=None, resolution_by=due, first_responded_on=THU.replace(hour=14))
        )
        due_status = sla.RESPONSE_DUE if clock == "response" else sla.RESOLUTION_DUE
        assert sla.agreement_status(evening, calendar=CC, **kw) == due_status
        assert sla.agreement_status(sun_open, calendar=CC, **kw) == due_status
        assert sla.agreement_status(after, calendar=CC, **kw) == sla.FAILED
        assert sla.agreement_status(evening, **kw) == sla.FAILED  # the wall clock alone
    assert sla.clock_state(evening, due, THU.replace(hour=15), calendar=CC) == sla.WARNING
    assert sla.clock_state(after, due, THU.replace(hour=15), calendar=CC) == sla.BREACHED
    kw = dict(
        response_warn_at=THU.replace(hour=15), response_by=due, resolution_warn_at=None, resolution_by=None
    )
    assert sla.due_notices(evening, sent=0, responded=False, calendar=CC, **kw) == (
        sla.NOTICE_RESPONSE_WARNING,
        sla.NOTICE_RESPONSE_WARNING,
    )
    mark, notify = sla.due_notices(
        after, sent=sla.NOTICE_RESPONSE_WARNING, responded=False, calendar=CC, **kw
    )
    assert notify == sla.NOTICE_RESPONSE_BREACH


def test_breach_cutoff_is_now_when_open_else_the_last_closing():
    assert sla.breach_cutoff(CC, SUN.replace(hour=9)) == SUN.replace(hour=9)
    assert sla.breach_cutoff(CC, THU.replace(hour=17)) == THU.replace(hour=16)
    assert sla.breach_cutoff(CC, SUN.replace(hour=7, minute=30)) == THU.replace(hour=16)
    assert sla.breach_cutoff(None, THU.replace(hour=17)) == THU.replace(hour=17)
    # the holiday Wed 2026-09-23: Thursday 07:00 looks back to Tuesday's closing
    assert sla.breach_cutoff(CC, datetime(2026, 9, 24, 7)) == datetime(2026, 9, 22, 16)
    aware = datetime(2026, 11, 26, 14, 0, tzinfo=CC.timezone).astimezone(__import__("datetime").timezone.utc)
    assert sla.breach_cutoff(CC, aware) == aware


@settings(max_examples=300, deadline=None)
@given(
    due_min=st.integers(min_value=0, max_value=9 * 24 * 60),
    now_min=st.integers(min_value=0, max_value=9 * 24 * 60),
    sec=st.integers(min_value=0, max_value=59),
)
def test_breach_cutoff_decides_like_business_time(due_min, now_min, sec):
    """late(now, due) on the calendar ⇔ due < breach_cutoff(now), for any due and now."""
    base = datetime(2026, 11, 24)
    due, now = base + timedelta(minutes=due_min), base + timedelta(minutes=now_min, seconds=sec)
    assert sla.late(now, due, CC) == (due < sla.breach_cutoff(CC, now))
