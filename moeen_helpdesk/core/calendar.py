"""Business-time engine: working calendars, SLA deadlines and elapsed open time.

Pure Python (no Frappe). A :class:`WorkCalendar` has

* an IANA time zone (``zoneinfo``; ``Asia/Riyadh`` by default),
* weekly windows per weekday, several a day (split shifts, breaks); a window may
  end at ``"24:00"`` so that a 24/7 calendar has no gap at midnight,
* holidays: single dates or inclusive date ranges, closed all day,
* overrides: inclusive date ranges with their own weekly windows (Ramadan hours,
  summer hours). A holiday inside an override still wins.

Spec (see :meth:`WorkCalendar.from_dict`)::

    {"timezone": "Asia/Riyadh",
     "weekly": {"sunday": [["07:30", "16:00"]], "monday": [...], ...,
                "friday": [], "saturday": []},
     "holidays": ["2026-09-23", ["2026-03-19", "2026-03-28"]],
     "overrides": [{"from": "2026-02-18", "to": "2026-03-19", "weekly": {...}}]}

Every weekly map names all seven days (``[]`` when closed). Times are ``HH:MM``
(``HH:MM:SS`` is accepted too); ``24:00`` may only end a window. Windows on the
same day may touch (``08:00–12:00`` and ``12:00–16:00``) but not overlap.
Holidays may be given as a date, a ``[from, to]`` pair or a mapping with
``from``/``to`` (extra keys such as ``key``/``name_en`` are ignored, so the output
of :func:`moeen_helpdesk.core.hijri_holidays.generate_holidays` can be passed as
is); overrides are mappings with ``from``, ``to`` and ``weekly`` (extra keys are
ignored too). :meth:`WorkCalendar.to_dict` returns the canonical form.

Date-times
----------
Naive date-times are wall time in the calendar's zone and results come back
naive (as Frappe stores them). Aware date-times may be in any zone; results come
back aware in the input's ``tzinfo``. :meth:`WorkCalendar.business_seconds_between`
refuses a naive/aware mix.

Time zones and DST
------------------
Windows are wall-clock times, and a business second is a real elapsed second:

* On a spring-forward day the skipped wall hour does not exist, so a window
  covering it is shorter (``00:00–24:00`` is 23 real hours in New York on the
  DST start day); on a fall-back day the repeated wall hour is counted twice
  (``00:00–24:00`` is 25 real hours). A 24/7 calendar therefore equals plain
  elapsed time in every zone.
* A naive input inside a DST gap or fold is read per PEP 495: ``fold=0`` (the
  default) takes the offset in force before the transition, ``fold=1`` the one
  after. Naive results in a fold carry ``fold=1`` for the second occurrence so
  they convert back to the right instant.
* :meth:`WorkCalendar.windows_on` returns plain wall times for the date (it
  does not shorten a window that crosses a DST gap).

Units
-----
Everything is computed exactly in integer microseconds.
``add_business_seconds`` accepts an ``int``, a ``float`` or a ``timedelta``.
``business_seconds_between`` returns an ``int`` when neither input has
microseconds (the result is then a whole number of seconds, because window
edges and zone transitions are whole seconds) and a ``float`` otherwise.

Speed
-----
Each weekly pattern keeps prefix sums of its windows over the week, so whole
weeks are skipped arithmetically. Holidays and overrides are folded into a
sorted list of date segments (each with its pattern) with prefix sums of open
time, so the cumulative open time up to any wall instant, and its inverse, are a
binary search plus O(1) arithmetic. Real time is mapped to wall time piecewise:
the UTC axis is cut at the zone's offset changes and at UTC year ends (zone
transitions are found once per zone and year and cached), and the work per call
is O(log n) per piece. A 30-day target costs about the same as a 1-hour one; an
interval of Y years costs O(Y log n) in any zone (about 2 pieces a year in DST
zones, 1 in zones without DST such as Asia/Riyadh). Finding a zone's transitions
for a year the first time costs about a millisecond (daily probes of zoneinfo,
then a binary search to the second); offset changes less than a day apart that
cancel each other out would be missed (no zone in current tzdata has one).

Limits
------
``add_business_seconds`` and ``next_open`` raise :class:`ValidationError` when
there is no open time at all, or none in ``HORIZON_YEARS`` (10) years, and
``add_business_seconds`` also when the deadline would fall more than
``MAX_SPAN_YEARS`` (100) years after the start; they never loop unbounded.
Instants must lie within the years 2–9998 (UTC).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moeen_helpdesk.core.errors import ValidationError

__all__ = [
    "WorkCalendar",
    "WEEKDAYS",
    "DEFAULT_TIMEZONE",
    "HORIZON_YEARS",
    "MAX_SPAN_YEARS",
    "day_totals",
    "hours_groups",
    "is_round_the_clock",
    "usual_day_seconds",
]

DEFAULT_TIMEZONE = "Asia/Riyadh"
#: Spec order of the weekdays (Sunday first, as in Saudi Arabia).
WEEKDAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
#: A search for open time gives up after this many years without any.
HORIZON_YEARS = 10
#: A deadline may not fall further than this after its start.
MAX_SPAN_YEARS = 100

# Python's weekday(): Monday=0 .. Sunday=6.
_WEEKDAY_INDEX = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

_US = 1_000_000
_DAY = 86_400 * _US
_WEEK = 7 * _DAY
_HORIZON = HORIZON_YEARS * 366 * _DAY
_MAX_SPAN = MAX_SPAN_YEARS * 366 * _DAY
_ONE_US = timedelta(microseconds=1)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=timezone.utc)
# Wall axis: microseconds since Monday 0001-01-01 00:00 (wall time).
_WALL_EPOCH = (date(1970, 1, 1).toordinal() - 1) * _DAY
_MIN_YEAR, _MAX_YEAR = 2, 9998

_TIME_RE = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2}))?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPEC_KEYS = ("timezone", "weekly", "holidays", "overrides")


# --------------------------------------------------------------------------
# Spec parsing
# --------------------------------------------------------------------------


def _parse_time(text, day: str, is_end: bool) -> int:
    """'HH:MM' or 'HH:MM:SS' -> seconds since midnight (24:00 only as an end)."""
    m = _TIME_RE.match(text) if isinstance(text, str) else None
    if not m:
        raise ValidationError("Bad time {0}: expected HH:MM", text)
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if h > 24 or mi > 59 or s > 59 or (h == 24 and (mi or s)):
        raise ValidationError("Bad time {0}: expected HH:MM", text)
    if h == 24 and not is_end:
        raise ValidationError("24:00 can only end a window ({0})", day)
    return h * 3600 + mi * 60 + s


def _fmt_time(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}" if not s else f"{h:02d}:{m:02d}:{s:02d}"


def _parse_weekly(weekly) -> tuple:
    """Weekly map -> tuple of 7 tuples of (start_s, end_s), indexed Monday=0."""
    if not isinstance(weekly, dict):
        raise ValidationError("The weekly hours must be a mapping of weekday to windows")
    days: list = [None] * 7
    for raw_name, windows in weekly.items():
        name = raw_name.strip().lower() if isinstance(raw_name, str) else raw_name
        if name not in _WEEKDAY_INDEX:
            raise ValidationError("Unknown weekday {0}", raw_name)
        idx = _WEEKDAY_INDEX[name]
        if days[idx] is not None:
            raise ValidationError("Weekday {0} is given twice", name)
        if not isinstance(windows, list | tuple):
            raise ValidationError("The hours for {0} must be a list of [start, end] pairs", name)
        parsed = []
        for w in windows:
            if not isinstance(w, list | tuple) or len(w) != 2:
                raise ValidationError("Bad window {0} on {1}: expected a [start, end] pair", w, name)
            start = _parse_time(w[0], name, is_end=False)
            end = _parse_time(w[1], name, is_end=True)
            if end <= start:
                raise ValidationError("The window {0}–{1} on {2} must end after it starts", w[0], w[1], name)
            parsed.append((start, end))
        parsed.sort()
        for (s1, e1), (s2, e2) in zip(parsed, parsed[1:], strict=False):
            if s2 < e1:
                raise ValidationError(
                    "The windows {0}–{1} and {2}–{3} on {4} overlap",
                    _fmt_time(s1),
                    _fmt_time(e1),
                    _fmt_time(s2),
                    _fmt_time(e2),
                    name,
                )
        days[idx] = tuple(parsed)
    for name in WEEKDAYS:
        if days[_WEEKDAY_INDEX[name]] is None:
            raise ValidationError("The weekly hours are missing {0}", name)
    return tuple(days)


def _weekly_to_dict(days: tuple) -> dict:
    return {name: [[_fmt_time(s), _fmt_time(e)] for s, e in days[_WEEKDAY_INDEX[name]]] for name in WEEKDAYS}


def _parse_date(value) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return date(value.year, value.month, value.day)  # plain date (not a subclass)
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError("Bad date {0}: expected YYYY-MM-DD", value)


def _parse_holiday(item) -> tuple[date, date]:
    if isinstance(item, dict):
        if "from" not in item or "to" not in item:
            raise ValidationError("Bad holiday {0}: expected a date or a [from, to] pair", item)
        lo, hi = _parse_date(item["from"]), _parse_date(item["to"])
    elif isinstance(item, list | tuple):
        if len(item) != 2:
            raise ValidationError("Bad holiday {0}: expected a date or a [from, to] pair", item)
        lo, hi = _parse_date(item[0]), _parse_date(item[1])
    elif isinstance(item, str | date):
        lo = hi = _parse_date(item)
    else:
        raise ValidationError("Bad holiday {0}: expected a date or a [from, to] pair", item)
    if hi < lo:
        raise ValidationError(
            "The holiday range {0} to {1} ends before it starts", lo.isoformat(), hi.isoformat()
        )
    return lo, hi


def _parse_override(item) -> tuple[date, date, tuple]:
    if not isinstance(item, dict) or not all(k in item for k in ("from", "to", "weekly")):
        raise ValidationError("Each override needs from, to and weekly: {0}", item)
    lo, hi = _parse_date(item["from"]), _parse_date(item["to"])
    if hi < lo:
        raise ValidationError("The override {0} to {1} ends before it starts", lo.isoformat(), hi.isoformat())
    return lo, hi, _parse_weekly(item["weekly"])


def _load_zone(name) -> ZoneInfo:
    if not isinstance(name, str) or not name:
        raise ValidationError("Unknown time zone {0}", name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError("Unknown time zone {0}", name) from None


# --------------------------------------------------------------------------
# Weekly pattern with prefix sums
# --------------------------------------------------------------------------


class _Pattern:
    """One weekly pattern on the wall axis (µs since Monday 0001-01-01)."""

    __slots__ = ("days", "starts", "ends", "cum_before", "cum_end", "total")

    def __init__(self, days: tuple):
        self.days = days
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.cum_before: list[int] = []
        self.cum_end: list[int] = []
        acc = 0
        for d, windows in enumerate(days):
            for s, e in windows:
                self.starts.append(d * _DAY + s * _US)
                self.ends.append(d * _DAY + e * _US)
                self.cum_before.append(acc)
                acc += (e - s) * _US
                self.cum_end.append(acc)
        self.total = acc  # open µs per week

    def cum(self, x: int) -> int:
        """Open µs in [0, x) (negative for x < 0)."""
        q, r = divmod(x, _WEEK)
        j = bisect_right(self.starts, r) - 1
        if j < 0:
            return q * self.total
        return q * self.total + self.cum_before[j] + min(r, self.ends[j]) - self.starts[j]

    def inverse(self, v: int) -> int:
        """Earliest x with cum(x) >= v. Needs total > 0."""
        q, r = divmod(v, self.total)
        if r == 0:
            q -= 1
            r = self.total
        j = bisect_left(self.cum_end, r)
        return q * _WEEK + self.starts[j] + (r - self.cum_before[j])

    def is_open(self, x: int) -> bool:
        r = x % _WEEK
        j = bisect_right(self.starts, r) - 1
        return j >= 0 and r < self.ends[j]


_CLOSED = _Pattern(((),) * 7)


# --------------------------------------------------------------------------
# Zone offsets, found once per zone and UTC year
# --------------------------------------------------------------------------


def _utc_text(u: int) -> str:
    try:
        return (_EPOCH_NAIVE + timedelta(microseconds=u)).isoformat(sep=" ") + " UTC"
    except OverflowError:
        return "before year 1" if u < 0 else "after year 9999"


class _ZoneTimeline:
    def __init__(self, tz: ZoneInfo):
        self.tz = tz
        self._years: dict[int, tuple[list[int], list[int], int]] = {}

    def _offset(self, u: int) -> int:
        dt = (_EPOCH_NAIVE + timedelta(microseconds=u)).replace(tzinfo=self.tz)
        return self.tz.fromutc(dt).utcoffset() // _ONE_US

    def _first_change(self, lo_s: int, hi_s: int, off: int) -> int:
        """First whole second in (lo_s, hi_s] whose offset differs from off."""
        while hi_s - lo_s > 1:
            mid = (lo_s + hi_s) // 2
            if self._offset(mid * _US) == off:
                lo_s = mid
            else:
                hi_s = mid
        return hi_s

    def year(self, y: int):
        got = self._years.get(y)
        if got is None:
            got = self._years[y] = self._build(y)
        return got

    def _build(self, y: int):
        start = (datetime(y, 1, 1) - _EPOCH_NAIVE) // _ONE_US
        end = (datetime(y + 1, 1, 1) - _EPOCH_NAIVE) // _ONE_US
        times, offs = [start], [self._offset(start)]
        u, cur = start, offs[0]
        while u < end:
            nu = min(u + _DAY, end)
            off = self._offset(nu)
            lo = u
            while off != cur:  # one or more transitions in (lo, nu]
                t = self._first_change(lo // _US, nu // _US, cur) * _US
                cur = self._offset(t)
                if t < end:
                    times.append(t)
                    offs.append(cur)
                lo = t
            u = nu
        return times, offs, end

    def piece(self, u: int) -> tuple[int, int]:
        """(offset µs in force at instant u, end of that constant-offset piece)."""
        try:
            y = (_EPOCH_NAIVE + timedelta(microseconds=u)).year
        except OverflowError:
            y = 0
        if not _MIN_YEAR <= y <= _MAX_YEAR:
            raise ValidationError("The date {0} is outside the supported range", _utc_text(u))
        times, offs, end = self.year(y)
        i = bisect_right(times, u) - 1
        return offs[i], (times[i + 1] if i + 1 < len(times) else end)


_TIMELINES: dict[str, _ZoneTimeline] = {}


def _timeline(tz: ZoneInfo) -> _ZoneTimeline:
    tl = _TIMELINES.get(tz.key)
    if tl is None:
        tl = _TIMELINES[tz.key] = _ZoneTimeline(tz)
    return tl


# --------------------------------------------------------------------------
# The calendar
# --------------------------------------------------------------------------


def _is_aware(dt: datetime) -> bool:
    return dt.tzinfo is not None and dt.utcoffset() is not None


def _check_datetime(value) -> datetime:
    if not isinstance(value, datetime):
        raise ValidationError("Expected a date and time, got {0}", value)
    return value


def _seconds_to_us(seconds) -> int:
    if isinstance(seconds, timedelta):
        us = seconds // _ONE_US
    elif isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ValidationError("The number of seconds must be a number, not {0}", seconds)
    elif isinstance(seconds, float):
        if not math.isfinite(seconds):
            raise ValidationError("The number of seconds must be a number, not {0}", seconds)
        us = round(seconds * _US)
    else:
        us = seconds * _US
    if us < 0:
        raise ValidationError("The number of seconds cannot be negative: {0}", seconds)
    return us


class WorkCalendar:
    """A working calendar. Build it with :meth:`from_dict` (or the constructor,
    which takes the same pieces as the spec)."""

    def __init__(self, weekly, *, timezone: str = DEFAULT_TIMEZONE, holidays=(), overrides=()):
        self._tz = _load_zone(timezone)
        self._weekly = _parse_weekly(weekly)
        if not isinstance(holidays, list | tuple):
            raise ValidationError("The holidays must be a list")
        if not isinstance(overrides, list | tuple):
            raise ValidationError("The overrides must be a list")
        self._holidays = [_parse_holiday(h) for h in holidays]
        self._overrides = [_parse_override(o) for o in overrides]
        ordered = sorted(self._overrides, key=lambda o: o[0])
        for a, b in zip(ordered, ordered[1:], strict=False):
            if b[0] <= a[1]:
                raise ValidationError(
                    "The overrides {0} to {1} and {2} to {3} overlap",
                    a[0].isoformat(),
                    a[1].isoformat(),
                    b[0].isoformat(),
                    b[1].isoformat(),
                )
        self._tl = _timeline(self._tz)
        self._build_segments(ordered)

    # ---- construction helpers ------------------------------------------
    def _build_segments(self, overrides) -> None:
        base = _Pattern(self._weekly)
        opats = [(lo.toordinal(), hi.toordinal(), _Pattern(w)) for lo, hi, w in overrides]
        merged: list[list[int]] = []
        for lo, hi in sorted((lo.toordinal(), hi.toordinal()) for lo, hi in self._holidays):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        hol_los = [m[0] for m in merged]
        ov_los = [o[0] for o in opats]
        bounds = {1}
        for lo, hi in merged:
            bounds.update((lo, hi + 1))
        for lo, hi, _ in opats:
            bounds.update((lo, hi + 1))

        def pattern_on(day: int) -> _Pattern:
            i = bisect_right(hol_los, day) - 1
            if i >= 0 and day <= merged[i][1]:
                return _CLOSED
            i = bisect_right(ov_los, day) - 1
            if i >= 0 and day <= opats[i][1]:
                return opats[i][2]
            return base

        starts: list[int] = []
        pats: list[_Pattern] = []
        for day in sorted(bounds):
            p = pattern_on(day)
            if pats and pats[-1] is p:
                continue
            starts.append((day - 1) * _DAY)
            pats.append(p)
        cums, bases = [], []
        acc = 0
        for i, p in enumerate(pats):
            if i:
                acc += pats[i - 1].cum(starts[i]) - pats[i - 1].cum(starts[i - 1])
            cums.append(acc)
            bases.append(acc - p.cum(starts[i]))
        self._seg_starts, self._seg_pats, self._seg_cum, self._seg_base = starts, pats, cums, bases
        self._any_open = base.total > 0 or any(p.total > 0 for _, _, p in opats)

    @classmethod
    def from_dict(cls, spec) -> WorkCalendar:
        if not isinstance(spec, dict):
            raise ValidationError("The calendar spec must be a mapping")
        for key in spec:
            if key not in _SPEC_KEYS:
                raise ValidationError("Unknown calendar field {0}", key)
        if "weekly" not in spec:
            raise ValidationError("The calendar spec needs weekly hours")
        tz, holidays, overrides = spec.get("timezone"), spec.get("holidays"), spec.get("overrides")
        return cls(
            spec["weekly"],
            timezone=DEFAULT_TIMEZONE if tz is None else tz,
            holidays=() if holidays is None else holidays,
            overrides=() if overrides is None else overrides,
        )

    def to_dict(self) -> dict:
        return {
            "timezone": self._tz.key,
            "weekly": _weekly_to_dict(self._weekly),
            "holidays": [
                lo.isoformat() if lo == hi else [lo.isoformat(), hi.isoformat()] for lo, hi in self._holidays
            ],
            "overrides": [
                {"from": lo.isoformat(), "to": hi.isoformat(), "weekly": _weekly_to_dict(w)}
                for lo, hi, w in self._overrides
            ],
        }

    def __eq__(self, other):
        if not isinstance(other, WorkCalendar):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None

    def __repr__(self):
        return f"WorkCalendar.from_dict({self.to_dict()!r})"

    @property
    def timezone(self) -> ZoneInfo:
        return self._tz

    # ---- wall-axis primitives --------------------------------------------
    def _cum(self, x: int) -> int:
        """Open wall-µs from the origin to wall instant x."""
        i = bisect_right(self._seg_starts, x) - 1
        return self._seg_base[i] + self._seg_pats[i].cum(x)

    def _inverse(self, t: int):
        """Earliest wall instant x with _cum(x) >= t (t > 0), or None if never."""
        i = bisect_left(self._seg_cum, t) - 1
        p = self._seg_pats[i]
        if p.total == 0:  # only possible for the last segment
            return None
        return p.inverse(t - self._seg_base[i])

    def _open_at(self, x: int) -> bool:
        i = bisect_right(self._seg_starts, x) - 1
        return self._seg_pats[i].is_open(x)

    # ---- instant conversion --------------------------------------------
    def _to_utc(self, dt: datetime) -> int:
        try:
            if _is_aware(dt):
                return (dt - _EPOCH_UTC) // _ONE_US
            return (dt.replace(tzinfo=self._tz) - _EPOCH_UTC) // _ONE_US
        except OverflowError:
            raise ValidationError("The date {0} is outside the supported range", dt.isoformat()) from None

    def _from_utc(self, u: int, like: datetime) -> datetime:
        try:
            if _is_aware(like):
                return (_EPOCH_UTC + timedelta(microseconds=u)).astimezone(like.tzinfo)
            local = (_EPOCH_NAIVE + timedelta(microseconds=u)).replace(tzinfo=self._tz)
            return self._tz.fromutc(local).replace(tzinfo=None)
        except OverflowError:
            raise ValidationError("The date {0} is outside the supported range", _utc_text(u)) from None

    def _wall_text(self, u: int) -> str:
        return self._from_utc(u, _EPOCH_NAIVE).isoformat(sep=" ")

    # ---- public API ----------------------------------------------------
    def add_business_seconds(self, start: datetime, seconds) -> datetime:
        """The earliest instant at which ``seconds`` of open time have passed
        since ``start``. A deadline may fall exactly at a closing time. Zero
        returns ``start`` unchanged (even when closed)."""
        _check_datetime(start)
        remaining = _seconds_to_us(seconds)
        if remaining == 0:
            return start
        if not self._any_open:
            raise ValidationError("The calendar has no open hours")
        u0 = u = self._to_utc(start)
        progress = u
        piece = self._tl.piece
        while True:
            off, end = piece(u)
            shift = _WALL_EPOCH + off
            wa = u + shift
            ca = self._cum(wa)
            x = self._inverse(ca + remaining)
            if x is not None and x <= end + shift:
                return self._from_utc(x - shift, start)
            got = self._cum(end + shift) - ca
            if got:
                remaining -= got
                progress = end
            elif end - progress > _HORIZON:
                raise ValidationError(
                    "The calendar has no open time in the {0} years after {1}",
                    HORIZON_YEARS,
                    self._wall_text(progress),
                )
            if end - u0 > _MAX_SPAN:
                raise ValidationError(
                    "The deadline would fall more than {0} years after {1}",
                    MAX_SPAN_YEARS,
                    self._wall_text(u0),
                )
            u = end

    def business_seconds_between(self, a: datetime, b: datetime):
        """Open seconds in [a, b): ``int`` when neither input has microseconds,
        else ``float``; 0 when b <= a."""
        _check_datetime(a)
        _check_datetime(b)
        if _is_aware(a) != _is_aware(b):
            raise ValidationError("Cannot mix naive and aware date-times")
        exact = not (a.microsecond or b.microsecond)
        ua, ub = self._to_utc(a), self._to_utc(b)
        total = 0
        u = ua
        piece = self._tl.piece
        while u < ub:
            off, end = piece(u)
            end = min(end, ub)
            shift = _WALL_EPOCH + off
            total += self._cum(end + shift) - self._cum(u + shift)
            u = end
        return total // _US if exact else total / _US

    def is_open(self, instant: datetime) -> bool:
        _check_datetime(instant)
        u = self._to_utc(instant)
        off, _ = self._tl.piece(u)
        return self._open_at(u + _WALL_EPOCH + off)

    def next_open(self, instant: datetime) -> datetime:
        """``instant`` itself when open, else the next opening."""
        _check_datetime(instant)
        u0 = u = self._to_utc(instant)
        piece = self._tl.piece
        while True:
            off, end = piece(u)
            shift = _WALL_EPOCH + off
            wa = u + shift
            if self._open_at(wa):
                return instant if u == u0 else self._from_utc(u, instant)
            x = self._inverse(self._cum(wa) + 1)
            if x is not None and x - 1 < end + shift:
                return self._from_utc(x - 1 - shift, instant)
            if end - u0 > _HORIZON:
                raise ValidationError(
                    "The calendar has no open time in the {0} years after {1}",
                    HORIZON_YEARS,
                    self._wall_text(u0),
                )
            u = end

    def windows_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """Open windows of ``day`` (after overrides and holidays) as naive wall
        times; a window ending at 24:00 ends at the next day's 00:00."""
        if isinstance(day, datetime):
            day = day.date()
        elif not isinstance(day, date):
            raise ValidationError("Bad date {0}: expected YYYY-MM-DD", day)
        x = (day.toordinal() - 1) * _DAY
        p = self._seg_pats[bisect_right(self._seg_starts, x) - 1]
        midnight = datetime.combine(day, time())
        return [
            (midnight + timedelta(seconds=s), midnight + timedelta(seconds=e))
            for s, e in p.days[day.weekday()]
        ]


# --------------------------------------------------------------------------
# Weekly hours as people read them (a spec's ``weekly`` map, ``HH:MM`` texts)
# --------------------------------------------------------------------------


def _text_seconds(text: str) -> int:
    h, m, *s = text.split(":")
    return int(h) * 3600 + int(m) * 60 + (int(s[0]) if s else 0)


def day_totals(weekly: dict) -> list[int]:
    """Open seconds of each weekday (:data:`WEEKDAYS` order, Sunday first) of a weekly map."""
    return [sum(_text_seconds(e) - _text_seconds(s) for s, e in weekly.get(day) or []) for day in WEEKDAYS]


def is_round_the_clock(weekly: dict) -> bool:
    """Open 24 hours on all seven days."""
    return all(total == 86400 for total in day_totals(weekly))


def usual_day_seconds(weekly: dict, default: float) -> float:
    """The most common daily total of the open days (the first in the week on a tie);
    ``default`` for a calendar that never opens."""
    counts: dict[int, int] = {}
    for total in day_totals(weekly):
        if total:
            counts[total] = counts.get(total, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else default


def hours_groups(weekly: dict) -> list[tuple[str, str, tuple]]:
    """Consecutive weekdays with the same windows: ``[(first day, last day, windows)]``,
    e.g. ``[("sunday", "thursday", (("07:30", "16:00"),))]``; closed days are left out."""
    groups: list[list] = []
    for day in WEEKDAYS:
        windows = tuple(tuple(w) for w in weekly.get(day) or [])
        if (
            windows
            and groups
            and groups[-1][2] == windows
            and WEEKDAYS.index(groups[-1][1]) == WEEKDAYS.index(day) - 1
        ):
            groups[-1][1] = day
        elif windows:
            groups.append([day, day, windows])
    return [tuple(g) for g in groups]


MESSAGES = (
    "Bad time {0}: expected HH:MM",
    "24:00 can only end a window ({0})",
    "The weekly hours must be a mapping of weekday to windows",
    "Unknown weekday {0}",
    "Weekday {0} is given twice",
    "The hours for {0} must be a list of [start, end] pairs",
    "Bad window {0} on {1}: expected a [start, end] pair",
    "The window {0}–{1} on {2} must end after it starts",
    "The windows {0}–{1} and {2}–{3} on {4} overlap",
    "The weekly hours are missing {0}",
    "Bad date {0}: expected YYYY-MM-DD",
    "Bad holiday {0}: expected a date or a [from, to] pair",
    "The holiday range {0} to {1} ends before it starts",
    "Each override needs from, to and weekly: {0}",
    "The override {0} to {1} ends before it starts",
    "Unknown time zone {0}",
    "The date {0} is outside the supported range",
    "Expected a date and time, got {0}",
    "The number of seconds must be a number, not {0}",
    "The number of seconds cannot be negative: {0}",
    "The holidays must be a list",
    "The overrides must be a list",
    "The overrides {0} to {1} and {2} to {3} overlap",
    "The calendar spec must be a mapping",
    "Unknown calendar field {0}",
    "The calendar spec needs weekly hours",
    "The calendar has no open hours",
    "The calendar has no open time in the {0} years after {1}",
    "The deadline would fall more than {0} years after {1}",
    "Cannot mix naive and aware date-times",
)

MESSAGES_AR = {
    "Bad time {0}: expected HH:MM": "الوقت {0} غير صالح: الصيغة المتوقعة HH:MM",
    "24:00 can only end a window ({0})": "لا يصح استخدام 24:00 إلا نهايةً لفترة العمل ({0})",
    "The weekly hours must be a mapping of weekday to windows": "يجب أن تكون ساعات العمل الأسبوعية جدولًا يربط كل يوم من أيام الأسبوع بفترات عمله",
    "Unknown weekday {0}": "يوم الأسبوع {0} غير معروف",
    "Weekday {0} is given twice": "ورد يوم الأسبوع {0} مرتين",
    "The hours for {0} must be a list of [start, end] pairs": "يجب أن تكون ساعات يوم {0} قائمة من أزواج [البداية، النهاية]",
    "Bad window {0} on {1}: expected a [start, end] pair": "فترة العمل {0} في يوم {1} غير صالحة: المتوقع زوج [البداية، النهاية]",
    "The window {0}–{1} on {2} must end after it starts": "يجب أن تنتهي فترة العمل {0}–{1} في يوم {2} بعد بدايتها",
    "The windows {0}–{1} and {2}–{3} on {4} overlap": "فترتا العمل {0}–{1} و{2}–{3} في يوم {4} متداخلتان",
    "The weekly hours are missing {0}": "ساعات العمل الأسبوعية لا تتضمن يوم {0}",
    "Bad date {0}: expected YYYY-MM-DD": "التاريخ {0} غير صالح: الصيغة المتوقعة YYYY-MM-DD",
    "Bad holiday {0}: expected a date or a [from, to] pair": "الإجازة {0} غير صالحة: المتوقع تاريخ واحد أو زوج [من، إلى]",
    "The holiday range {0} to {1} ends before it starts": "فترة الإجازة من {0} إلى {1} تنتهي قبل أن تبدأ",
    "Each override needs from, to and weekly: {0}": "يجب أن يتضمن كل استثناء الحقول from وto وweekly: {0}",
    "The override {0} to {1} ends before it starts": "الاستثناء من {0} إلى {1} ينتهي قبل أن يبدأ",
    "Unknown time zone {0}": "المنطقة الزمنية {0} غير معروفة",
    "The date {0} is outside the supported range": "التاريخ {0} خارج النطاق المدعوم",
    "Expected a date and time, got {0}": "المتوقع تاريخ ووقت، لكن القيمة المُدخلة {0}",
    "The number of seconds must be a number, not {0}": "يجب أن يكون عدد الثواني رقمًا، لا {0}",
    "The number of seconds cannot be negative: {0}": "لا يجوز أن يكون عدد الثواني سالبًا: {0}",
    "The holidays must be a list": "يجب أن تكون الإجازات قائمة",
    "The overrides must be a list": "يجب أن تكون الاستثناءات قائمة",
    "The overrides {0} to {1} and {2} to {3} overlap": "الاستثناءان من {0} إلى {1} ومن {2} إلى {3} متداخلان",
    "The calendar spec must be a mapping": "يجب أن يكون تعريف التقويم جدولًا من المفاتيح والقيم",
    "Unknown calendar field {0}": "حقل التقويم {0} غير معروف",
    "The calendar spec needs weekly hours": "يجب أن يتضمن تعريف التقويم ساعات العمل الأسبوعية",
    "The calendar has no open hours": "لا يتضمن التقويم أي ساعات عمل",
    "The calendar has no open time in the {0} years after {1}": "لا يتضمن التقويم أي وقت عمل خلال {0} سنوات بعد {1}",
    "The deadline would fall more than {0} years after {1}": "سيقع الموعد النهائي بعد أكثر من {0} سنة من {1}",
    "Cannot mix naive and aware date-times": "لا يجوز الجمع بين تواريخ وأوقات بمنطقة زمنية وأخرى بدونها",
}
