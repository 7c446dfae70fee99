"""Review and compliance statistics for the periodic SLA review.

Per-service SLA targets are reviewed against measured business times. This
module holds the reference maths (the shell may push the aggregation into SQL;
these functions define what the figures mean and are what the tests check):

- :func:`percentile` (nearest rank), :func:`median`, :func:`p90`;
- :func:`recommend_target`: the time that ``share`` of tickets met, rounded up
  to a sensible unit (:data:`default_ladder`);
- :func:`humanize_seconds`: a (value, unit) pair for "within 2 working days";
- :func:`compliance`: per-group compliance, times, reopen rate, breaches and
  satisfaction from per-ticket rows;
- :func:`wilson_interval`: a confidence interval for a share.

Missing measurements (None) are ignored by the statistics; NaN is refused.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Real
from typing import Any

from moeen_helpdesk.core.errors import ValidationError

#: Default business day: 07:30-16:00.
WORKING_DAY_SECONDS = 8.5 * 3600

MINUTES = "minutes"
HOURS = "hours"
WORKING_DAYS = "working days"
UNITS: tuple[str, ...] = (MINUTES, HOURS, WORKING_DAYS)
DAYS = "days"  # calendar days: a service on a round-the-clock calendar
WORKING_HOURS = "working hours"  # hours of a calendar that closes: "8 working hours"

TIER1_LABEL = "Tier 1"
TIER2_LABEL = "Tier 2"

REASON_TOO_FEW = "too few tickets"
REASON_OK = "percentile of the sample rounded up to the unit ladder"


# -------------------------------------------------------------------- percentiles
def _fraction(value: Any) -> Fraction:
    """Exact value of a number as written (0.85 -> 85/100, not the binary double)."""
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def _check_number(value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, Real | Decimal) or value != value:
        raise ValidationError("Values must be numbers, got {0}", value)


def _clean(values: Iterable[Any]) -> list[Any]:
    out = []
    for v in values:
        if v is None:
            continue
        _check_number(v)
        out.append(v)
    return out


def _rank_index(n: int, share: Fraction) -> int:
    """0-based index of the nearest-rank element for ``share`` in (0, 1] of ``n`` sorted values."""
    return max(math.ceil(share * n), 1) - 1


def _percentile_sorted(sorted_values: Sequence[Any], share: Fraction) -> Any:
    if not sorted_values:
        return None
    return sorted_values[_rank_index(len(sorted_values), share)]


def _median_sorted(s: Sequence[Any]) -> Any:
    n = len(s)
    if n == 0:
        return None
    mid = n // 2
    if n % 2:
        return s[mid]
    return (s[mid - 1] + s[mid]) / 2


def _q_share(q: Any) -> Fraction:
    if isinstance(q, bool) or not isinstance(q, Real | Decimal) or q != q or not 0 < q <= 100:
        raise ValidationError("The percentile must be greater than 0 and at most 100, got {0}", q)
    return _fraction(q) / 100


def percentile(values: Iterable[Any], q: float) -> Any:
    """Nearest-rank percentile: the smallest value v of the sample such that at
    least ``q`` % of the values are <= v.

    With the values sorted ascending ``s[0..n-1]`` this is ``s[ceil(q/100*n) - 1]``
    (computed exactly, so ``percentile(range(1, 101), 29) == 29``). The result is
    always an element of the sample. ``q`` must be in (0, 100]; ``q = 100`` gives
    the maximum. None entries are ignored; an empty sample gives None.
    """
    share = _q_share(q)
    return _percentile_sorted(sorted(_clean(values)), share)


def median(values: Iterable[Any]) -> Any:
    """The conventional median: middle value, or the mean of the two middle
    values for an even count. None entries ignored; empty -> None."""
    return _median_sorted(sorted(_clean(values)))


def p90(values: Iterable[Any]) -> Any:
    """``percentile(values, 90)``."""
    return percentile(values, 90)


# ------------------------------------------------------------ target recommendation
def default_ladder(
    working_day_seconds: float = WORKING_DAY_SECONDS,
) -> tuple[tuple[float | None, float], ...]:
    """The default rounding ladder as ``(upper bound, step)`` rungs, in seconds.

    ====================================  =====================================
    percentile p                          rounded up to
    ====================================  =====================================
    p <= 1 hour                           next 15 minutes (minimum 15 minutes)
    1 hour < p <= 1 working day           next whole hour, capped at 1 working day
    1 working day < p <= 5 working days   next half working day
    p > 5 working days                    next whole working day
    ====================================  =====================================

    A rounded value above its rung's bound is capped at the bound (e.g. 8 h 10 min
    with an 8.5 h day gives 1 working day, not 9 hours), so every result reads
    well: "45 minutes", "3 hours", "1.5 working days".
    """
    wd = working_day_seconds
    return ((3600, 900), (wd, 3600), (5 * wd, wd / 2), (None, wd))


def _round_up(seconds: float, ladder: Sequence[tuple[float | None, float]]) -> int:
    for bound, step in ladder:
        if bound is None or seconds <= bound:
            rounded = max(math.ceil(_fraction(seconds) / _fraction(step)), 1) * _fraction(step)
            if bound is not None:
                rounded = min(rounded, _fraction(bound))
            return math.ceil(rounded)
    raise ValidationError("The unit ladder must end with an open rung")  # pragma: no cover - checked earlier


def readable_ceiling(seconds: float, working_day_seconds: float = WORKING_DAY_SECONDS) -> int:
    """A measured time rounded UP along :func:`default_ladder` so it reads well ("45 minutes",
    "3 hours", "1.5 working days"); never below the measurement, at least 15 minutes."""
    _check_number(seconds)
    if seconds < 0:
        raise ValidationError("Seconds cannot be negative, got {0}", seconds)
    _check_working_day(working_day_seconds)
    return _round_up(seconds, default_ladder(working_day_seconds))


def _check_ladder(ladder: Sequence[tuple[float | None, float]]) -> None:
    previous = 0
    ok = bool(ladder)
    for i, rung in enumerate(ladder or ()):
        bound, step = rung
        last = i == len(ladder) - 1
        if not (isinstance(step, int | float) and step > 0):
            ok = False
        elif last != (bound is None):
            ok = False
        elif bound is not None and not bound > previous:
            ok = False
        else:
            previous = bound if bound is not None else previous
    if not ok:
        raise ValidationError(
            "The unit ladder must list rungs with increasing bounds and positive steps, the last one open"
        )


def _check_working_day(working_day_seconds: Any) -> None:
    if (
        isinstance(working_day_seconds, bool)
        or not isinstance(working_day_seconds, Real)
        or not (working_day_seconds > 0 and math.isfinite(working_day_seconds))
    ):
        raise ValidationError(
            "The working day length must be a positive number of seconds, got {0}", working_day_seconds
        )


@dataclass(frozen=True)
class Recommendation:
    """A proposed SLA target.

    - ``seconds``: the proposed target (business seconds), None if not enough data.
    - ``met_share_at_current``: share of the sample within ``current_target``
      (None without a current target or without data).
    - ``sample``: number of measured tickets.
    - ``enough_data``: ``sample >= min_sample`` (and the sample is not empty).
    - ``reason``: :data:`REASON_TOO_FEW` or :data:`REASON_OK` (translatable keys).
    - ``percentile_seconds``: the raw nearest-rank percentile before rounding.
    """

    seconds: int | None
    met_share_at_current: float | None
    sample: int
    enough_data: bool
    reason: str
    percentile_seconds: float | None = None


def recommend_target(
    business_seconds: Iterable[float | None],
    *,
    share: float = 0.85,
    min_sample: int = 20,
    current_target: float | None = None,
    working_day_seconds: float = WORKING_DAY_SECONDS,
    unit_ladder: Sequence[tuple[float | None, float]] | None = None,
) -> Recommendation:
    """Recommend a target that ``share`` of the measured tickets met.

    The target is the nearest-rank percentile at ``share`` (so at least that
    share of the sample is <= it), rounded UP along ``unit_ladder`` (default
    :func:`default_ladder` for ``working_day_seconds``), hence never below the
    percentile. None entries (not measured) are ignored; negative values refused.
    With fewer than ``min_sample`` values: ``seconds=None``, ``enough_data=False``,
    reason "too few tickets" (the share at the current target is still reported).
    """
    if isinstance(share, bool) or not isinstance(share, Real) or share != share or not 0 < share <= 1:
        raise ValidationError("The share must be greater than 0 and at most 1, got {0}", share)
    if isinstance(min_sample, bool) or not isinstance(min_sample, int) or min_sample < 0:
        raise ValidationError("The minimum sample must be a non-negative whole number, got {0}", min_sample)
    _check_working_day(working_day_seconds)
    ladder = default_ladder(working_day_seconds) if unit_ladder is None else tuple(unit_ladder)
    _check_ladder(ladder)
    if current_target is not None:
        _check_number(current_target)
    values = sorted(_clean(business_seconds))
    if values and values[0] < 0:
        raise ValidationError("Business time cannot be negative, got {0}", values[0])
    n = len(values)
    met = None
    if current_target is not None and n:
        met = sum(1 for v in values if v <= current_target) / n
    if n == 0 or n < min_sample:
        return Recommendation(None, met, n, False, REASON_TOO_FEW, None)
    raw = _percentile_sorted(values, _fraction(share))
    return Recommendation(_round_up(raw, ladder), met, n, True, REASON_OK, raw)


def humanize_seconds(
    seconds: float, working_day_seconds: float = WORKING_DAY_SECONDS
) -> tuple[int | float, str]:
    """A (value, unit) pair for UI text like "within 2 working days".

    Units are the keys "minutes", "hours", "working days" (the shell translates
    them; hours and minutes are business hours when the input is business time).
    The largest unit that expresses the time exactly in whole or half units is
    used: working days when >= 1 working day and a multiple of half a working
    day; otherwise hours when >= 1 hour and a multiple of half an hour; otherwise
    whole minutes, rounded up. Values are ints, or x.5 floats.

    >>> humanize_seconds(2 * 8.5 * 3600), humanize_seconds(3 * 3600), humanize_seconds(2700)
    ((2, 'working days'), (3, 'hours'), (45, 'minutes'))
    """
    _check_number(seconds)
    if seconds < 0:
        raise ValidationError("Seconds cannot be negative, got {0}", seconds)
    _check_working_day(working_day_seconds)
    s = _fraction(seconds)
    wd = _fraction(working_day_seconds)

    def halves(unit: Fraction) -> int | float | None:
        doubled = 2 * s / unit
        if s >= unit and doubled.denominator == 1:
            return int(doubled) // 2 if doubled.numerator % 2 == 0 else int(doubled) / 2
        return None

    days = halves(wd)
    if days is not None:
        return days, WORKING_DAYS
    hours = halves(Fraction(3600))
    if hours is not None:
        return hours, HOURS
    return math.ceil(s / 60), MINUTES


# ---------------------------------------------------------------------- counts in words
# (one, two, 3–10, 11 and more) in Arabic; «ونصف» is added for a half.
AR_UNITS: dict[str, tuple[str, str, str, str]] = {
    MINUTES: ("دقيقة", "دقيقتين", "دقائق", "دقيقة"),
    HOURS: ("ساعة", "ساعتين", "ساعات", "ساعة"),
    WORKING_HOURS: ("ساعة عمل", "ساعتي عمل", "ساعات عمل", "ساعة عمل"),
    WORKING_DAYS: ("يوم عمل", "يومي عمل", "أيام عمل", "يوم عمل"),
    DAYS: ("يوم", "يومين", "أيام", "يومًا"),
}
EN_UNITS: dict[str, tuple[str, str]] = {
    MINUTES: ("minute", "minutes"),
    HOURS: ("hour", "hours"),
    WORKING_HOURS: ("working hour", "working hours"),
    WORKING_DAYS: ("working day", "working days"),
    DAYS: ("day", "days"),
}


def arabic_count(value: int | float, unit: str) -> str:
    """«يومي عمل», «3 ساعات», «11 يوم عمل», «ساعة ونصف»: a count with its noun in Arabic
    (singular, dual, plural for 3–10, singular accusative from 11)."""
    one, two, few, many = AR_UNITS[unit]
    n = int(value)
    half = value != n
    if n == 1:
        text = one
    elif n == 2:
        text = two
    else:
        text = f"{n} {few}" if 3 <= n % 100 <= 10 else f"{n} {many}"
    return f"{text} ونصف" if half else text


def english_count(value: int | float, unit: str) -> str:
    """ "1 hour", "1.5 working days", "3 minutes"."""
    singular, plural = EN_UNITS[unit]
    return f"{value:g} {singular if value == 1 else plural}"


def count_words(value: int | float, unit: str, language: str = "en") -> str:
    """A count with its unit in ``language`` ("ar" or anything else for English)."""
    return arabic_count(value, unit) if language == "ar" else english_count(value, unit)


def duration_words(
    seconds,
    working_day_seconds: float = WORKING_DAY_SECONDS,
    round_the_clock: bool = False,
    language: str = "en",
) -> dict | None:
    """``{"seconds", "value", "unit", "text"}`` for a business-time target as the portal shows
    it, e.g. 2 working days: ``text`` «خلال يومي عمل» / "within 2 working days". Hours are
    working hours unless the calendar runs round the clock (then days are plain days too).
    None without a target (empty, zero, negative or not a number)."""
    try:
        seconds = int(float(seconds or 0))
    except (TypeError, ValueError):
        return None
    if seconds <= 0:
        return None
    value, unit = humanize_seconds(seconds, working_day_seconds)
    if unit == WORKING_DAYS and round_the_clock:
        unit = DAYS
    elif unit == HOURS and not round_the_clock:
        unit = WORKING_HOURS
    text = ("خلال {0}" if language == "ar" else "within {0}").format(count_words(value, unit, language))
    return {"seconds": seconds, "value": value, "unit": unit, "text": text}


def target_words(
    seconds: float | None, working_day_seconds: float = WORKING_DAY_SECONDS, language: str = "en"
) -> str:
    """A target as an admin should read it: business hours, and what that is in working days of
    its calendar — "24 working hours ≈ 3 working days", «17 ساعة عمل = يومي عمل», "45 minutes".
    A round-the-clock calendar (a working day of 24 hours) counts plain hours and days. The days
    are rounded to the half ("≈") unless exact ("="); shorter than a working day: hours only."""
    if seconds is None or seconds <= 0:
        return ""
    _check_number(seconds)
    _check_working_day(working_day_seconds)
    round_the_clock = working_day_seconds >= 24 * 3600
    if seconds < 3600:
        main = count_words(math.ceil(seconds / 60), MINUTES, language)
    else:
        hours = round(seconds / 3600, 2)
        main = count_words(
            int(hours) if hours == int(hours) else hours,
            HOURS if round_the_clock else WORKING_HOURS,
            language,
        )
    if seconds < working_day_seconds:
        return main
    days = _fraction(seconds) / _fraction(working_day_seconds)
    halves = round(days * 2)
    value = halves // 2 if halves % 2 == 0 else halves / 2
    sign = "=" if days * 2 == halves else "≈"
    return f"{main} {sign} {count_words(value, DAYS if round_the_clock else WORKING_DAYS, language)}"


# ----------------------------------------------------------------------- compliance
METRICS: tuple[str, ...] = (
    "tickets",
    "response_applicable",
    "response_met",
    "response_met_share",
    "resolution_applicable",
    "resolution_met",
    "resolution_met_share",
    "response_median",
    "response_p90",
    "resolution_median",
    "resolution_p90",
    "reopened_tickets",
    "reopen_rate",
    "breaches_tier1",
    "breaches_tier2",
    "rated",
    "satisfied",
    "csat",
    "mean_rating",
)

_P90 = Fraction(9, 10)


def _share(num: int, den: int) -> float | None:
    return num / den if den else None


def group_order(keys: Iterable[tuple]) -> list[tuple]:
    """Group keys in report order: by key tuple, None last (text order when a column mixes types)."""
    try:
        return sorted(keys, key=lambda key: tuple((1, 0) if v is None else (0, v) for v in key))
    except TypeError:  # mixed types in one grouping column
        return sorted(keys, key=lambda key: tuple((1, "") if v is None else (0, repr(v)) for v in key))


def compliance(rows: Iterable[Mapping[str, Any]], group_by: Sequence[str]) -> list[dict[str, Any]]:
    """Aggregate per-ticket rows into per-group compliance figures.

    Each row is a mapping with the grouping keys (any names; a missing key
    groups as None) and, all optional:

    - ``response_met`` / ``resolution_met``: True / False / None (not applicable yet);
    - ``response_seconds`` / ``resolution_seconds``: business seconds (hold
      excluded) or None;
    - ``reopened``: reopen count (None = 0);
    - ``breach_tier``: "Tier 1", "Tier 2" or None;
    - ``rating``: survey rating 1-5 or None.

    Each output dict holds the group keys and :data:`METRICS`:
    ``tickets``; ``response_met_share`` = met / applicable (with both counts);
    the same for resolution; ``response_median``/``response_p90`` and
    ``resolution_median``/``resolution_p90`` (median = mean of the two middle
    values for an even count, p90 = nearest rank); ``reopen_rate`` = tickets
    reopened at least once / tickets; ``breaches_tier1``/``breaches_tier2``;
    ``csat`` = ratings 4-5 / rated, ``mean_rating``, ``rated``. Shares and
    statistics are None when their denominator is 0.

    Groups are sorted by their key tuple, None after any value. One pass over
    the rows; the times are sorted once per group.
    """
    if isinstance(group_by, str):
        group_by = [group_by]
    keys = tuple(group_by)
    if len(set(keys)) != len(keys) or not all(isinstance(k, str) for k in keys):
        raise ValidationError("The grouping keys must be distinct names")
    for k in keys:
        if k in METRICS:
            raise ValidationError("The grouping key {0} clashes with an output column", k)

    # acc: [tickets, resp_app, resp_met, res_app, res_met, reopened, b1, b2, rated, rating_sum, satisfied,
    #       resp_times, res_times]
    groups: dict[tuple, list] = {}
    single = len(keys) == 1
    k0 = keys[0] if single else None
    for row in rows:
        get = row.get
        if single:
            key = (get(k0),)
        else:
            key = tuple([get(k) for k in keys])
        acc = groups.get(key)
        if acc is None:
            acc = groups[key] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, [], []]
        acc[0] += 1
        v = get("response_met")
        if v is not None:
            acc[1] += 1
            if v:
                acc[2] += 1
        v = get("resolution_met")
        if v is not None:
            acc[3] += 1
            if v:
                acc[4] += 1
        v = get("response_seconds")
        if v is not None:
            acc[11].append(v)
        v = get("resolution_seconds")
        if v is not None:
            acc[12].append(v)
        if get("reopened"):
            acc[5] += 1
        v = get("breach_tier")
        if v is not None:
            if v == TIER1_LABEL:
                acc[6] += 1
            elif v == TIER2_LABEL:
                acc[7] += 1
            else:
                raise ValidationError("Unknown breach tier {0}", v)
        v = get("rating")
        if v is not None:
            if isinstance(v, bool) or v not in (1, 2, 3, 4, 5):
                raise ValidationError("The rating {0} is outside the range 1 to 5", v)
            acc[8] += 1
            acc[9] += v
            if v >= 4:
                acc[10] += 1

    ordered = group_order(groups)

    out = []
    for key in ordered:
        tickets, r_app, r_met, s_app, s_met, reopened, b1, b2, rated, rating_sum, satisfied, r_t, s_t = (
            groups[key]
        )
        for times in (r_t, s_t):
            for t in times:
                if t != t:
                    raise ValidationError("Values must be numbers, got {0}", t)
        r_t.sort()
        s_t.sort()
        row = dict(zip(keys, key, strict=True))
        row.update(
            tickets=tickets,
            response_applicable=r_app,
            response_met=r_met,
            response_met_share=_share(r_met, r_app),
            resolution_applicable=s_app,
            resolution_met=s_met,
            resolution_met_share=_share(s_met, s_app),
            response_median=_median_sorted(r_t),
            response_p90=_percentile_sorted(r_t, _P90),
            resolution_median=_median_sorted(s_t),
            resolution_p90=_percentile_sorted(s_t, _P90),
            reopened_tickets=reopened,
            reopen_rate=_share(reopened, tickets),
            breaches_tier1=b1,
            breaches_tier2=b2,
            rated=rated,
            satisfied=satisfied,
            csat=_share(satisfied, rated),
            mean_rating=_share(rating_sum, rated),
        )
        out.append(row)
    return out


# ---------------------------------------------------------------------------- wilson
def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float | None, float | None]:
    """Wilson score interval for a share of ``successes`` out of ``n``.

    ``z = 1.96`` is the 95 % level. ``n == 0`` gives ``(None, None)``. The bounds
    are clamped to [0, 1] and are exactly 0 / 1 when there are no successes /
    no failures. Example: 8 of 10 -> (0.4902, 0.9433).
    """
    for value in (successes, n):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError("Counts must be whole numbers, got {0}", value)
    if n < 0 or not 0 <= successes <= n:
        raise ValidationError(
            "The successes ({0}) must be between 0 and the number of trials ({1})", successes, n
        )
    if isinstance(z, bool) or not isinstance(z, Real) or not (z > 0 and math.isfinite(z)):
        raise ValidationError("z must be a positive number, got {0}", z)
    if n == 0:
        return None, None
    p = successes / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


# ---------------------------------------------------------------------- translations
#: Arabic for the unit keys of humanize_seconds (plural form; the shell applies
#: Arabic number agreement if it needs "يومَي عمل" etc.).
UNITS_AR: dict[str, str] = {
    MINUTES: "دقائق",
    HOURS: "ساعات",
    WORKING_DAYS: "أيام عمل",
}

MESSAGES_AR: dict[str, str] = {
    "Values must be numbers, got {0}": "يجب أن تكون القيم أعدادًا، والقيمة المُدخلة {0}",
    "The percentile must be greater than 0 and at most 100, got {0}": (
        "يجب أن تكون المئوية أكبر من 0 وألا تتجاوز 100، والقيمة المُدخلة {0}"
    ),
    "The unit ladder must end with an open rung": "يجب أن ينتهي سُلَّم الوحدات بدرجة غير محدودة",
    "The unit ladder must list rungs with increasing bounds and positive steps, the last one open": (
        "يجب أن يتألف سُلَّم الوحدات من درجات ذات حدود متزايدة وخطوات موجبة، على أن تكون الدرجة الأخيرة غير محدودة"
    ),
    "The working day length must be a positive number of seconds, got {0}": (
        "يجب أن يكون طول يوم العمل عددًا موجبًا من الثواني، والقيمة المُدخلة {0}"
    ),
    "The share must be greater than 0 and at most 1, got {0}": (
        "يجب أن تكون النسبة أكبر من 0 وألا تتجاوز 1، والقيمة المُدخلة {0}"
    ),
    "The minimum sample must be a non-negative whole number, got {0}": (
        "يجب أن يكون الحد الأدنى لحجم العينة عددًا صحيحًا غير سالب، والقيمة المُدخلة {0}"
    ),
    "Business time cannot be negative, got {0}": "لا يجوز أن يكون وقت العمل سالبًا، والقيمة المُدخلة {0}",
    "Seconds cannot be negative, got {0}": "لا يجوز أن يكون عدد الثواني سالبًا، والقيمة المُدخلة {0}",
    "The grouping keys must be distinct names": "يجب أن تكون مفاتيح التجميع أسماءً غير مكررة",
    "The grouping key {0} clashes with an output column": "يتعارض مفتاح التجميع {0} مع أحد أعمدة النتائج",
    "Unknown breach tier {0}": "مستوى الإخلال {0} غير معروف",
    "The rating {0} is outside the range 1 to 5": "التقييم {0} خارج النطاق من 1 إلى 5",
    "Counts must be whole numbers, got {0}": "يجب أن تكون الأعداد صحيحة، والقيمة المُدخلة {0}",
    "The successes ({0}) must be between 0 and the number of trials ({1})": (
        "يجب أن يكون عدد النجاحات ({0}) بين 0 وعدد المحاولات ({1})"
    ),
    "z must be a positive number, got {0}": "يجب أن تكون قيمة z عددًا موجبًا، والقيمة المُدخلة {0}",
    # Recommendation.reason keys
    REASON_TOO_FEW: "عدد التذاكر غير كافٍ",
    REASON_OK: "المئوية المحسوبة من العينة مقرَّبةً إلى الأعلى وفق سُلَّم الوحدات",
}
