"""SLA clocks on business time: targets, deadlines with pauses, status and warnings.

A ticket's response and resolution clocks run on its service's calendar from the
moment the targets were pinned. While the ticket waits on the beneficiary (a pause)
both clocks stop, so a deadline is the instant at which the open, unpaused time since
the start reaches the target. Status values are Helpdesk's own ``agreement_status``
options, so its agent UI keeps showing them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import ValidationError

# Helpdesk's agreement_status options
RESPONSE_DUE = "First Response Due"
RESOLUTION_DUE = "Resolution Due"
FAILED = "Failed"
FULFILLED = "Fulfilled"
PAUSED = "Paused"

# The clock states of the periodic status job (issue vocabulary)
DUE, WARNING, BREACHED, DONE, ON_HOLD = "due", "warning", "breached", "fulfilled", "paused"

DEFAULT_WARNING_SHARE = 0.75


@dataclass(frozen=True)
class Targets:
    """Business seconds to the first response and to resolution (None: no target)."""

    response: int | None = None
    resolution: int | None = None

    def __post_init__(self):
        for value in (self.response, self.resolution):
            if value is not None and value < 0:
                raise ValidationError("Targets cannot be negative")
        if self.response and self.resolution and self.response > self.resolution:
            raise ValidationError("The response target cannot be longer than the resolution target")

    @property
    def empty(self) -> bool:
        return not self.response and not self.resolution


def pick_targets(
    default: Targets, per_priority: Mapping[str, Targets] | None, priority: str | None
) -> Targets:
    """The priority's own targets where the service defines them, else the service's."""
    if per_priority and priority in per_priority:
        return per_priority[priority]
    return default


def _pauses(pauses: Iterable[tuple[datetime, datetime | None]] | None):
    out = sorted((p for p in pauses or () if p[1] is None or p[1] > p[0]), key=lambda p: p[0])
    for (_, end), (nxt, _) in zip(out, out[1:], strict=False):
        if end is None or end > nxt:
            raise ValidationError("Hold periods overlap")
    return out


def deadline(
    calendar,
    start: datetime,
    seconds: int | None,
    pauses: Iterable[tuple[datetime, datetime | None]] | None = None,
) -> datetime | None:
    """When ``seconds`` of open, unpaused time have passed since ``start``.

    ``calendar`` is a :class:`~moeen_helpdesk.core.calendar.WorkCalendar`. A pause with
    no end (still on hold) that begins before the deadline leaves it undefined: None.
    Cost: one calendar step per pause before the deadline.
    """
    if seconds is None:
        return None
    remaining = seconds
    t = start
    for p_start, p_end in _pauses(pauses):
        if p_end is not None and p_end <= t:
            continue
        if p_start > t:
            available = calendar.business_seconds_between(t, p_start)
            if available >= remaining:
                break
            remaining -= available
        if p_end is None:
            return None
        t = max(t, p_end)
    return calendar.add_business_seconds(t, remaining)


def target_met(business_seconds: float | None, target: float | None) -> bool | None:
    """The one rule of a stopped clock: met ⇔ the business time it took ≤ the target
    (None without a target or before the clock stopped). A reply after hours to a ticket
    due at closing time took exactly its target: met."""
    if target is None or business_seconds is None:
        return None
    return business_seconds <= target


def late(stop: datetime | None, due: datetime | None, calendar=None) -> bool:
    """Whether a clock stopped at ``stop`` missed the deadline ``due``: business time
    passed between the deadline and the stop (the same as :func:`target_met` being
    False, since ``due`` is where the business time reaches the target). Without a
    ``calendar`` (a :class:`~moeen_helpdesk.core.calendar.WorkCalendar`) the wall clock
    decides. Both date-times naive or both aware, as the calendar takes them."""
    if stop is None or due is None or stop <= due:
        return False
    return calendar is None or calendar.business_seconds_between(due, stop) > 0


#: How far back :func:`breach_cutoff` looks for open time (a calendar closed longer has
#: let no business time pass, so nothing due within it is late).
CUTOFF_LOOKBACK_DAYS = 800


def breach_cutoff(calendar, now: datetime) -> datetime:
    """The one instant that decides every clock still running at ``now``: a deadline
    before it has business time after it up to ``now`` (missed), one at or after it has
    none (not missed yet) — ``late(now, due, calendar) ⇔ due < breach_cutoff(calendar, now)``.
    ``now`` itself while the calendar is open, else the end of its last open window (a
    ticket due Thu 16:00 at closing is not late on Thu 17:00, nor during the weekend; it is
    from the first business second after it). Lets set-based SQL judge running clocks by
    business time with one value per calendar. ``calendar`` a
    :class:`~moeen_helpdesk.core.calendar.WorkCalendar`; ``now`` naive (the calendar's wall
    time) or aware; without a calendar, ``now`` (the wall clock)."""
    if calendar is None:
        return now
    aware = now.tzinfo is not None
    wall = now.astimezone(calendar.timezone).replace(tzinfo=None) if aware else now
    day = wall.date()
    found = None
    for _ in range(CUTOFF_LOOKBACK_DAYS):
        ends = [min(end, wall) for start, end in calendar.windows_on(day) if start < wall]
        if ends:
            found = max(ends)
            break
        day -= timedelta(days=1)
    if found is None:
        found = wall - timedelta(days=CUTOFF_LOOKBACK_DAYS)
    return found.replace(tzinfo=calendar.timezone).astimezone(now.tzinfo) if aware else found


def held_seconds(calendar, since: datetime, until: datetime, due: datetime | None) -> int:
    """How far one hold, from ``since`` to ``until``, moves a deadline ``due``: all the open
    time of the hold when it began before the deadline (the clock stands still for the
    whole hold, however long), nothing when the clock had already run out (``since`` at or
    after ``due``). ``due`` None: no deadline yet, the whole hold counts.

    This is :func:`deadline`'s rule for one hold at a time: adding each hold's
    ``held_seconds`` (against the deadline moved by the holds before it) to the target
    gives the same deadline as :func:`deadline` over all the holds.
    """
    if until <= since or (due is not None and since >= due):
        return 0
    return int(calendar.business_seconds_between(since, until))


def agreement_status(
    now: datetime,
    *,
    response_by: datetime | None,
    resolution_by: datetime | None,
    first_responded_on: datetime | None = None,
    resolved_on: datetime | None = None,
    paused: bool = False,
    calendar=None,
) -> str:
    """Helpdesk's agreement_status for a ticket's clocks at ``now``.

    While paused both clocks stand still, so only a failure already recorded (a late
    first response) shows through the pause. Met ⇔ business time ≤ target on both
    clocks: a stopped clock failed only when it used more business time than its target
    (:func:`late` on ``calendar``), a running one once business time has passed since its
    deadline (``now`` as the stop: not on Thu 17:00 for a deadline at Thu 16:00 closing).
    ``moeen_helpdesk.sla.status.STATUS_SQL`` is the same rule for the periodic job (a stopped
    response clock by the stored business seconds, a running one by
    :func:`breach_cutoff`); a bench test keeps the two equal.
    """
    if resolved_on is not None:
        response_failed = late(first_responded_on or resolved_on, response_by, calendar)
        return FAILED if late(resolved_on, resolution_by, calendar) or response_failed else FULFILLED
    if first_responded_on is not None and late(first_responded_on, response_by, calendar):
        return FAILED
    if paused:
        return PAUSED
    if first_responded_on is None and late(now, response_by, calendar):
        return FAILED
    if late(now, resolution_by, calendar):
        return FAILED
    if response_by is not None and first_responded_on is None:
        return RESPONSE_DUE
    return RESOLUTION_DUE


NOTICE_RESPONSE_WARNING, NOTICE_RESPONSE_BREACH = 1, 2
NOTICE_RESOLUTION_WARNING, NOTICE_RESOLUTION_BREACH = 4, 8


def due_notices(
    now: datetime,
    *,
    sent: int,
    responded: bool,
    response_warn_at: datetime | None,
    response_by: datetime | None,
    resolution_warn_at: datetime | None,
    resolution_by: datetime | None,
    calendar=None,
) -> tuple[int, int]:
    """Which warnings and breach notices are due now and not sent yet.

    Returns ``(mark, notify)``: the bits to record as sent, and the bits to notify.
    Each notice goes out at most once per ticket and target; a clock that is already
    breached when first seen gets the breach notice only (its warning is marked sent).
    A clock is breached once business time has passed since its deadline (:func:`late`
    on ``calendar``; the wall clock without one).
    """
    mark = notify = 0
    clocks_ = []
    if not responded:
        clocks_.append((response_warn_at, response_by, NOTICE_RESPONSE_WARNING, NOTICE_RESPONSE_BREACH))
    clocks_.append((resolution_warn_at, resolution_by, NOTICE_RESOLUTION_WARNING, NOTICE_RESOLUTION_BREACH))
    for warn_at, due, warn_bit, breach_bit in clocks_:
        if late(now, due, calendar) and not sent & breach_bit:
            mark |= breach_bit | warn_bit
            notify |= breach_bit
        elif warn_at is not None and now >= warn_at and not sent & (warn_bit | breach_bit):
            mark |= warn_bit
            notify |= warn_bit
    return mark, notify


def clock_state(
    now: datetime,
    due: datetime | None,
    warn_at: datetime | None,
    *,
    done_on: datetime | None = None,
    paused: bool = False,
    calendar=None,
) -> str:
    """One clock's state: due, warning, breached, fulfilled or paused (breached by
    :func:`late` on ``calendar``: a stopped clock at its stop, a running one at ``now``)."""
    if due is None and not paused:
        return DONE if done_on else DUE
    if done_on is not None:
        return BREACHED if late(done_on, due, calendar) else DONE
    if paused:
        return ON_HOLD
    if late(now, due, calendar):
        return BREACHED
    if warn_at is not None and now >= warn_at:
        return WARNING
    return DUE


def warning_seconds(target: int | None, share: float = DEFAULT_WARNING_SHARE) -> int | None:
    """The business time at which a warning is due: ``share`` of the target (0 < share < 1)."""
    if not 0 < share < 1:
        raise ValidationError("The warning share must be between 0 and 1")
    return None if target is None else int(target * share)


MESSAGES_AR = {
    "Targets cannot be negative": "لا يمكن أن تكون الأوقات المستهدفة سالبة",
    "The response target cannot be longer than the resolution target": "لا يمكن أن يتجاوز وقت الاستجابة المستهدف وقت الحل المستهدف",
    "Hold periods overlap": "فترات الانتظار متداخلة",
    "The warning share must be between 0 and 1": "يجب أن تكون نسبة التنبيه بين 0 و1",
}
