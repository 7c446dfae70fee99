"""Measured delivery time of a service, shown beside its target, and the load of its unit.

The policy sets a target per service and reviews it against what is achieved; the portal
also tells the requester what was achieved (issue 15):

* **Measured time** (:func:`measure`): over the tickets of the service resolved or closed in
  the last ``window_days`` (default :data:`DEFAULT_WINDOW_DAYS`), their business time to
  resolution on the service's calendar, hold excluded (the stored per-ticket durations): the
  median and the 90th percentile (nearest rank) — :func:`moeen_helpdesk.core.review.median`
  and :func:`~moeen_helpdesk.core.review.p90`. With fewer than ``min_tickets`` (default
  :data:`DEFAULT_MIN_TICKETS`) measured tickets there is no figure at all: only the target
  is shown, never a number from too little data.
* **Words** (:func:`delivery_words`): each figure rounded UP to a readable unit
  (:func:`~moeen_helpdesk.core.review.readable_ceiling`) and said as the targets are
  (:func:`~moeen_helpdesk.core.review.duration_words`): "Usually within 2 working days;
  9 in 10 within 4 working days (last 90 days)", «عادةً خلال يومي عمل؛ 9 من كل 10 خلال 4 أيام
  عمل (آخر 90 يومًا)».
* **Unusually loaded** (:func:`is_loaded`): a service's unit is its tier-2 unit (the
  service alone when it has none); the unit's open tickets are the unresolved tickets of all
  its services. Its *usual* level is the median of its daily open counts over the window
  (the count open at the end of each of the last ``window_days`` days, today included,
  :func:`daily_open_counts`). The unit is unusually loaded when

      open now ≥ max(LOAD_FACTOR × usual, usual + LOAD_MARGIN)   (2 × usual, usual + 5)

  and the unit had at least ``min_tickets`` tickets created in the window (no notice from too
  little history). The margin keeps a quiet unit (usual 1) from being "loaded" at 2.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from moeen_helpdesk.core.errors import ValidationError
from moeen_helpdesk.core.review import (
    DAYS,
    WORKING_DAY_SECONDS,
    count_words,
    duration_words,
    median,
    p90,
    readable_ceiling,
)

DEFAULT_WINDOW_DAYS = 90
DEFAULT_MIN_TICKETS = 20
LOAD_FACTOR = 2
LOAD_MARGIN = 5


def _check_whole(value, positive: bool, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < (1 if positive else 0):
        raise ValidationError(message, value)
    return value


def check_window(days) -> int:
    return _check_whole(days, True, "The window must be a positive whole number of days, got {0}")


def check_minimum(tickets) -> int:
    return _check_whole(tickets, False, "The minimum of tickets must be a non-negative whole number, got {0}")


def window_start(now: dt.datetime, days: int) -> dt.datetime:
    """The first instant of the window: ``days`` days before ``now``."""
    return now - dt.timedelta(days=check_window(days))


def in_window(resolved_at: dt.datetime | None, now: dt.datetime, days: int) -> bool:
    """A ticket resolved at ``resolved_at`` counts when ``now - days <= resolved_at <= now``."""
    return resolved_at is not None and window_start(now, days) <= resolved_at <= now


@dataclass(frozen=True)
class Measured:
    """``tickets`` measured; ``median`` and ``p90`` in business seconds, None unless ``enough``."""

    tickets: int
    median: float | None
    p90: float | None
    enough: bool


def measure(business_seconds: Iterable[float | None], min_tickets: int = DEFAULT_MIN_TICKETS) -> Measured:
    """The median and 90th percentile of the measured times, or none below ``min_tickets``
    (at least one ticket is always needed). None entries are not measured; negatives refused."""
    check_minimum(min_tickets)
    values = [v for v in business_seconds if v is not None]
    if any(isinstance(v, int | float) and v < 0 for v in values):
        raise ValidationError("Business time cannot be negative, got {0}", min(values))
    n = len(values)
    if n == 0 or n < min_tickets:
        return Measured(n, None, None, False)
    return Measured(n, median(values), p90(values), True)


def delivery_words(
    median_seconds: float | None,
    p90_seconds: float | None,
    working_day_seconds: float = WORKING_DAY_SECONDS,
    round_the_clock: bool = False,
    language: str = "en",
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> dict | None:
    """``{"usually", "nine_in_ten", "window", "text"}`` in ``language`` ("ar" or English), the
    figures rounded up to a readable unit; None without both figures."""
    if median_seconds is None or p90_seconds is None:
        return None
    check_window(window_days)
    ar = language == "ar"
    usual = duration_words(readable_ceiling(median_seconds, working_day_seconds), working_day_seconds,
                           round_the_clock, language)["text"]  # fmt: skip
    most = duration_words(readable_ceiling(p90_seconds, working_day_seconds), working_day_seconds,
                          round_the_clock, language)["text"]  # fmt: skip
    days = count_words(window_days, DAYS, language)
    usually = f"عادةً {usual}" if ar else f"Usually {usual}"
    nine = f"9 من كل 10 {most}" if ar else f"9 in 10 {most}"
    window = f"آخر {days}" if ar else f"last {days}"
    text = f"{usually}؛ {nine} ({window})" if ar else f"{usually}; {nine} ({window})"
    return {"usually": usually, "nine_in_ten": nine, "window": window, "text": text}


# ---------------------------------------------------------------------------- load
def daily_open_counts(
    opening: int,
    created: Mapping[dt.date, int],
    resolved: Mapping[dt.date, int],
    first_day: dt.date,
    days: int,
) -> list[int]:
    """Tickets open at the end of each of ``days`` days from ``first_day``: ``opening`` (open
    when the first day began) plus those created minus those resolved up to that day's end."""
    check_window(days)
    out, level = [], opening
    for i in range(days):
        day = first_day + dt.timedelta(days=i)
        level += created.get(day, 0) - resolved.get(day, 0)
        out.append(max(level, 0))
    return out


def usual_open(daily: Iterable[int]) -> float:
    """The usual number of open tickets: the median of the daily counts (0 without any)."""
    value = median(daily)
    return 0.0 if value is None else float(value)


def is_loaded(open_now: int, usual: float, enough_history: bool = True) -> bool:
    """open now ≥ max(2 × usual, usual + 5), with enough history to know what is usual."""
    return bool(enough_history) and open_now >= max(LOAD_FACTOR * usual, usual + LOAD_MARGIN)


MESSAGES_AR: dict[str, str] = {
    "The window must be a positive whole number of days, got {0}": (
        "يجب أن تكون الفترة عددًا صحيحًا موجبًا من الأيام، والقيمة المُدخلة {0}"
    ),
    "The minimum of tickets must be a non-negative whole number, got {0}": (
        "يجب أن يكون الحد الأدنى للتذاكر عددًا صحيحًا غير سالب، والقيمة المُدخلة {0}"
    ),
}
