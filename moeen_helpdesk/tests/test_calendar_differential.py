"""Differential tests: our business-time engine against Helpdesk's own SLA arithmetic.

``moeen_helpdesk.core.calendar.WorkCalendar`` (``add_business_seconds``,
``business_seconds_between``) is compared with the real methods of Helpdesk's
``HD Service Level Agreement`` (``calc_time``, ``calc_elapsed_time``) on calendars
both can express: one window a day per working day and whole-day holidays.

Helpdesk's model, as read from hd_service_level_agreement.py (1.25.1):

* ``get_holidays()`` loads every ``holiday_date`` row of the SLA's
  ``HD Service Holiday List`` from the database; a listed date is closed all day
  whatever its ``weekly_off`` flag. The list's "Get Weekly Off Dates" button
  (``get_weekly_off_dates``) adds one row per weekly-off date, so a list shared
  with a Sun–Thu office closes Fridays even for a Mon–Fri SLA. Our calendar
  expresses that by listing those dates as holidays (scenario ``mon_fri_shared``).
* ``calc_time`` returns the earliest instant at which the target has elapsed, so
  a deadline that uses up a day's window exactly lands *at* the closing time (not
  at the next opening), and a zero target returns the start unchanged even when
  closed. Our engine documents the same two rules, so these are asserted equal.
* Both work on naive wall time. Asia/Riyadh has no DST, so wall seconds and real
  seconds agree (in a DST zone our engine counts real seconds across a
  transition inside a window, Helpdesk wall seconds: not exercised here).

Documented difference (asserted as a relation, not equality):

* ``calc_elapsed_time`` reads the first and last day's times with
  ``convert_to_seconds`` (hour, minute, second: microseconds dropped), while
  ``business_seconds_between`` is exact and returns a float when an input has
  microseconds. Relation: Helpdesk(a, b) == ours(a truncated, b truncated).

The holiday lists are inserted in the database (``get_holidays`` reads them
from there) and rolled back with the test class; the SLA documents live in
memory only. No Helpdesk code is copied: its methods are called.
"""

import random
from datetime import date, datetime, time, timedelta

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_system_timezone

from moeen_helpdesk.core.calendar import WEEKDAYS, WorkCalendar
from moeen_helpdesk.core.hijri_holidays import generate_holidays

ZONE = "Asia/Riyadh"
SEED = 20260115
LIST_FROM, LIST_TO = date(2026, 1, 1), date(2027, 12, 31)  # the holiday lists' range
YEAR_DAYS = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]  # starts fall in 2026
# Priority label -> target in business seconds (response_time of that priority row).
TARGETS = {
    "IT-0": 0,
    "IT-1s": 1,
    "IT-1h": 3600,
    "IT-8h30": 8 * 3600 + 1800,
    "IT-3d": 3 * 86400,
    "IT-30d": 30 * 86400,
}
START_KINDS = (
    "before_open",
    "at_open",
    "inside",
    "hour_before_close",
    "second_before_close",
    "at_close",
    "after_close",
    "off_day",
    "holiday",
    "eve_of_holiday",
    "anywhere",
)
STARTS_PER_KIND = 5


def public_holidays() -> list[tuple[date, date]]:
    """Saudi public holidays (Umm al-Qura) inside the lists' range, as inclusive ranges."""
    out = []
    for h in generate_holidays(1447, 1449)["holidays"]:
        if LIST_FROM <= h["from"] and h["to"] <= LIST_TO:
            out.append((h["from"], h["to"]))
    return out


def days_in(lo: date, hi: date):
    d = lo
    while d <= hi:
        yield d
        d += timedelta(days=1)


def hms(text: str) -> int:
    h, m = map(int, text.split(":"))
    return h * 3600 + m * 60


class Scenario:
    """One calendar, built twice: a Helpdesk SLA (+ holiday list in the DB) and a WorkCalendar."""

    def __init__(self, key: str, workdays, open_: str, close: str, weekly_offs=(), zone: str = ZONE):
        self.key = key
        self.workdays = tuple(workdays)  # lower-case names, as in WEEKDAYS
        self.open_s, self.close_s = hms(open_), hms(close)
        ranges = public_holidays()
        hl = frappe.get_doc(
            {
                "doctype": "HD Service Holiday List",
                "holiday_list_name": f"moeen-it differential {key} {frappe.generate_hash(length=6)}",
                "from_date": LIST_FROM,
                "to_date": LIST_TO,
                "holidays": [
                    {"holiday_date": d, "description": f"Public holiday {lo}", "weekly_off": 0}
                    for lo, hi in ranges
                    for d in days_in(lo, hi)
                ],
            }
        )
        for day in weekly_offs:  # Helpdesk's own "Get Weekly Off Dates" flow
            hl.weekly_off = day.capitalize()
            hl.get_weekly_off_dates()
        hl.insert(ignore_permissions=True)
        self.holiday_list = hl.name
        self.sla = frappe.get_doc(
            {
                "doctype": "HD Service Level Agreement",
                "service_level": f"moeen-it differential {key}",
                "holiday_list": hl.name,
                "support_and_resolution": [
                    {
                        "workday": d.capitalize(),
                        "start_time": timedelta(seconds=self.open_s),
                        "end_time": timedelta(seconds=self.close_s),
                    }
                    for d in self.workdays
                ],
                "priorities": [
                    {"priority": label, "response_time": secs, "resolution_time": secs}
                    for label, secs in TARGETS.items()
                ],
            }
        )
        self.sla.validate_support_and_resolution()  # Helpdesk's own row checks
        # What Helpdesk will treat as closed all day: every listed date (read back from the DB).
        self.listed = {frappe.utils.getdate(d) for d in self.sla.get_holidays()}
        self.weekly_off_dates = sorted(d for d in self.listed if not any(lo <= d <= hi for lo, hi in ranges))
        self.cal = WorkCalendar.from_dict(
            {
                "timezone": zone,
                "weekly": {d: ([[open_, close]] if d in self.workdays else []) for d in WEEKDAYS},
                # Public holidays as ranges; weekly-off rows only matter on our working days.
                "holidays": [[lo.isoformat(), hi.isoformat()] for lo, hi in ranges]
                + [d.isoformat() for d in self.weekly_off_dates if self.is_workday(d)],
            }
        )

    def is_workday(self, d: date) -> bool:
        return WEEKDAYS[(d.weekday() + 1) % 7] in self.workdays

    def is_open_day(self, d: date) -> bool:
        return self.is_workday(d) and d not in self.listed

    # ---- the two engines
    def hd_deadline(self, start: datetime, label: str) -> datetime:
        return self.sla.calc_time(start, label, "response_time")

    def hd_elapsed(self, a: datetime, b: datetime):
        return self.sla.calc_elapsed_time(a, b)

    # ---- generated starts
    def start(self, rng: random.Random, kind: str) -> datetime:
        open_days = [d for d in YEAR_DAYS if self.is_open_day(d)]
        at = lambda d, s: datetime.combine(d, time()) + timedelta(seconds=s)  # noqa: E731
        if kind == "before_open":
            return at(rng.choice(open_days), rng.randrange(0, self.open_s))
        if kind == "at_open":
            return at(rng.choice(open_days), self.open_s)
        if kind == "inside":
            return at(rng.choice(open_days), rng.randrange(self.open_s + 1, self.close_s))
        if kind == "hour_before_close":
            return at(rng.choice(open_days), self.close_s - 3600)
        if kind == "second_before_close":
            return at(rng.choice(open_days), self.close_s - 1)
        if kind == "at_close":
            return at(rng.choice(open_days), self.close_s)
        if kind == "after_close":
            return at(rng.choice(open_days), rng.randrange(self.close_s + 1, 86400))
        if kind == "off_day":
            return at(rng.choice([d for d in YEAR_DAYS if not self.is_workday(d)]), rng.randrange(86400))
        if kind == "holiday":  # a listed date that would otherwise be a working day
            days = [d for d in YEAR_DAYS if self.is_workday(d) and d in self.listed]
            return at(rng.choice(days), rng.choice([0, self.open_s, rng.randrange(86400)]))
        if kind == "eve_of_holiday":  # the last open day before a listed date, near closing
            d = rng.choice(sorted(d for d in self.listed if d.year == 2026)) - timedelta(days=1)
            while not self.is_open_day(d):
                d -= timedelta(days=1)
            return at(d, rng.choice([self.close_s - 3600, self.close_s - 1, self.close_s]))
        if kind == "anywhere":
            return at(rng.choice(YEAR_DAYS), rng.randrange(86400))
        raise AssertionError(kind)


class TestCalendarDifferential(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        # Registered before FrappeTestCase's rollback, so it runs after it (cleanups are LIFO).
        cls.addClassCleanup(cls._forget_system_settings)
        super().setUpClass()
        cls.site_zone = get_system_timezone()
        if cls.site_zone != ZONE:  # inside the rolled-back transaction
            frappe.db.set_single_value("System Settings", "time_zone", ZONE)
            frappe.local.system_settings = None
        cls.zone = get_system_timezone()
        sun_thu = ("sunday", "monday", "tuesday", "wednesday", "thursday")
        mon_fri = ("monday", "tuesday", "wednesday", "thursday", "friday")
        cls.scenarios = [
            # The Contact Center shape, with the Friday/Saturday rows Helpdesk's button adds.
            Scenario("sun_thu", sun_thu, "07:30", "16:00", weekly_offs=("friday", "saturday"), zone=cls.zone),
            Scenario("mon_fri", mon_fri, "10:00", "18:00", zone=cls.zone),
            # A Mon–Fri SLA sharing a Saudi list: Helpdesk closes its Fridays too.
            Scenario(
                "mon_fri_shared", mon_fri, "10:00", "18:00", weekly_offs=("friday", "saturday"), zone=cls.zone
            ),
        ]
        cls.by_key = {s.key: s for s in cls.scenarios}

    @classmethod
    def _forget_system_settings(cls):
        frappe.clear_document_cache("System Settings", "System Settings")
        frappe.local.system_settings = None

    def test_zones_match(self):
        print(f"\nsite time zone: {self.site_zone}; used: {self.zone}")
        self.assertEqual(self.zone, ZONE)
        for s in self.scenarios:
            self.assertEqual(str(s.cal.timezone), get_system_timezone())

    def test_scenarios_are_what_they_claim(self):
        sun_thu, mon_fri, shared = (self.by_key[k] for k in ("sun_thu", "mon_fri", "mon_fri_shared"))
        self.assertFalse(mon_fri.weekly_off_dates)
        self.assertTrue(all(d.weekday() in (4, 5) for d in shared.weekly_off_dates))
        self.assertEqual(len(shared.weekly_off_dates), len(sun_thu.weekly_off_dates))
        self.assertGreater(len(shared.weekly_off_dates), 150)  # two years of Fridays and Saturdays
        # The shared list really changes Helpdesk's answer: Thursday 17:00 + 8.5 h is
        # Friday 17:30 for a plain Mon–Fri SLA, Monday 17:30 when the list closes Fridays.
        thu = datetime(2026, 1, 15, 17, 0)
        self.assertEqual(mon_fri.hd_deadline(thu, "IT-8h30"), datetime(2026, 1, 16, 17, 30))
        self.assertEqual(shared.hd_deadline(thu, "IT-8h30"), datetime(2026, 1, 19, 17, 30))
        self.assertEqual(
            shared.cal.add_business_seconds(thu, TARGETS["IT-8h30"]), datetime(2026, 1, 19, 17, 30)
        )

    def test_hand_computed_anchors(self):
        """A few deadlines worked out by hand, so the two engines cannot agree on a wrong answer."""
        cases = [
            # (scenario, start, target label, expected deadline)
            ("sun_thu", datetime(2026, 1, 15, 15, 0), "IT-8h30", datetime(2026, 1, 18, 15, 0)),
            ("sun_thu", datetime(2026, 1, 15, 16, 0), "IT-1s", datetime(2026, 1, 18, 7, 30, 1)),
            # A deadline that uses up the window exactly lands at closing time, not the next opening.
            ("sun_thu", datetime(2026, 1, 18, 7, 30), "IT-8h30", datetime(2026, 1, 18, 16, 0)),
            ("sun_thu", datetime(2026, 3, 19, 15, 0), "IT-1h", datetime(2026, 3, 19, 16, 0)),
            # Eid al-Fitr 1447 is Fri 20 – Mon 23 March 2026: next opening Tuesday the 24th.
            ("sun_thu", datetime(2026, 3, 19, 15, 0, 1), "IT-1h", datetime(2026, 3, 24, 7, 30, 1)),
            # Founding Day is Sunday 22 February 2026.
            ("sun_thu", datetime(2026, 2, 21, 10, 0), "IT-1h", datetime(2026, 2, 23, 8, 30)),
            # 72 h = 8 full days (68 h) + 4 h: Jan 4-8, 11-13, then the 14th at 11:30.
            ("sun_thu", datetime(2026, 1, 4, 7, 30), "IT-3d", datetime(2026, 1, 14, 11, 30)),
            # Zero returns the start unchanged, even when closed (a Friday night).
            ("sun_thu", datetime(2026, 1, 16, 23, 0), "IT-0", datetime(2026, 1, 16, 23, 0)),
            ("mon_fri", datetime(2026, 1, 16, 17, 0), "IT-1h", datetime(2026, 1, 16, 18, 0)),
            ("mon_fri", datetime(2026, 1, 16, 17, 0, 1), "IT-1h", datetime(2026, 1, 19, 10, 0, 1)),
            ("mon_fri_shared", datetime(2026, 1, 15, 17, 30), "IT-1h", datetime(2026, 1, 19, 10, 30)),
        ]
        for key, start, label, expected in cases:
            s = self.by_key[key]
            with self.subTest(scenario=key, start=start, target=label):
                self.assertEqual(s.hd_deadline(start, label), expected)
                self.assertEqual(s.cal.add_business_seconds(start, TARGETS[label]), expected)
        sun_thu = self.by_key["sun_thu"]
        a, b = datetime(2026, 1, 15, 12, 0), datetime(2026, 1, 18, 9, 0)  # 4 h + 1.5 h
        self.assertEqual(sun_thu.hd_elapsed(a, b), 5.5 * 3600)
        self.assertEqual(sun_thu.cal.business_seconds_between(a, b), 19800)

    def test_deadlines_agree(self):
        """calc_time(start, priority, "response_time") == add_business_seconds(start, target)."""
        rng = random.Random(SEED)
        compared, mismatches, per_kind = 0, [], {}
        for s in self.scenarios:
            for kind in START_KINDS:
                for _ in range(STARTS_PER_KIND):
                    start = s.start(rng, kind)
                    for label, secs in TARGETS.items():
                        theirs = s.hd_deadline(start, label)
                        ours = s.cal.add_business_seconds(start, secs)
                        compared += 1
                        per_kind[kind] = per_kind.get(kind, 0) + 1
                        if theirs != ours:
                            mismatches.append((s.key, kind, start, label, theirs, ours))
                            continue
                        if secs:  # both engines measure the target back from the deadline
                            back_hd = s.hd_elapsed(start, theirs)
                            back_ours = s.cal.business_seconds_between(start, ours)
                            if not (back_hd == back_ours == secs):
                                mismatches.append((s.key, kind, start, label, f"back {back_hd}", back_ours))
        print(
            f"\ndeadlines compared: {compared} ({len(self.scenarios)} calendars x {len(START_KINDS)} "
            f"start kinds x {STARTS_PER_KIND} starts x {len(TARGETS)} targets); mismatches: {len(mismatches)}"
        )
        self.assertEqual(compared, len(self.scenarios) * len(START_KINDS) * STARTS_PER_KIND * len(TARGETS))
        self.assertEqual(mismatches, [], "\n".join(map(str, mismatches[:20])))

    def test_elapsed_agrees(self):
        """calc_elapsed_time(a, b) == business_seconds_between(a, b), b before, at and after a."""
        rng = random.Random(SEED + 1)
        compared, mismatches = 0, []
        for s in self.scenarios:
            pairs = []
            for kind in START_KINDS:
                for _ in range(STARTS_PER_KIND):
                    a = s.start(rng, kind)
                    pairs.append((a, a))
                    pairs.append((a, a - timedelta(seconds=rng.randrange(1, 10 * 86400))))
                    pairs.append((a, a + timedelta(seconds=rng.randrange(1, 3600))))
                    pairs.append((a, a + timedelta(seconds=rng.randrange(1, 90 * 86400))))
                    pairs.append(
                        (a, a + timedelta(days=rng.randrange(200, 500), seconds=rng.randrange(86400)))
                    )
                    pairs.append(
                        (a, s.start(rng, rng.choice(START_KINDS)) + timedelta(days=rng.randrange(60)))
                    )
            for a, b in pairs:
                theirs, ours = s.hd_elapsed(a, b), s.cal.business_seconds_between(a, b)
                compared += 1
                if theirs != ours or not isinstance(ours, int):
                    mismatches.append((s.key, a, b, theirs, ours))
        print(f"\nelapsed compared: {compared} pairs; mismatches: {len(mismatches)}")
        self.assertEqual(mismatches, [], "\n".join(map(str, mismatches[:20])))

    def test_microseconds(self):
        """The documented difference: Helpdesk's calc_elapsed_time drops microseconds
        on the first and last day; ours is exact. calc_time keeps them, like ours."""
        rng = random.Random(SEED + 2)
        s = self.by_key["sun_thu"]
        differed = 0
        for _ in range(40):
            a = s.start(rng, rng.choice(START_KINDS)).replace(microsecond=rng.randrange(1, 10**6))
            b = a + timedelta(seconds=rng.randrange(0, 20 * 86400), microseconds=rng.randrange(10**6))
            theirs, ours = s.hd_elapsed(a, b), s.cal.business_seconds_between(a, b)
            self.assertIsInstance(ours, float)
            truncated = s.cal.business_seconds_between(a.replace(microsecond=0), b.replace(microsecond=0))
            self.assertEqual(theirs, truncated, (a, b))
            self.assertLess(abs(theirs - ours), 1, (a, b))
            differed += theirs != ours
            for label in ("IT-1s", "IT-1h", "IT-3d"):
                self.assertEqual(
                    s.hd_deadline(a, label), s.cal.add_business_seconds(a, TARGETS[label]), (a, label)
                )
        self.assertGreater(differed, 0)  # the difference is real, not just allowed
        # A concrete case: 0.75 s open inside the window, Helpdesk counts 1 s (10:00:00 to 10:00:01).
        a, b = datetime(2026, 1, 15, 10, 0, 0, 500000), datetime(2026, 1, 15, 10, 0, 1, 250000)
        self.assertEqual(s.hd_elapsed(a, b), 1)
        self.assertEqual(s.cal.business_seconds_between(a, b), 0.75)
