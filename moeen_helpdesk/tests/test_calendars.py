"""Office calendars: shipped calendars, validation through the core, cached loader,
and Hijri holiday generation (idempotent, keeps edited rows)."""

from datetime import date, datetime
from unittest.mock import patch

import frappe
from click.testing import CliRunner
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate, today
from hijridate import Hijri

from moeen_helpdesk.calendars import (
    CONTACT_CENTER,
    PORTAL,
    generate_for,
    generate_holidays_command,
    get_calendar,
    ship_default_calendars,
)
from moeen_helpdesk.tests.utils import as_user, make_agent

DOCTYPE = "Moeen Office Calendar"
PREFIX = "IT Calendar"
SUN_THU = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday")


def make_calendar(name: str, windows=None, **values):
    """A fresh calendar (an earlier one of the same name is deleted)."""
    if frappe.db.exists(DOCTYPE, name):
        frappe.delete_doc(DOCTYPE, name, force=True, ignore_permissions=True)
    if windows is None:
        windows = [{"weekday": d, "start_time": "08:00", "end_time": "15:00"} for d in SUN_THU]
    doc = frappe.get_doc(
        {"doctype": DOCTYPE, "calendar_name": name, "timezone": "Asia/Riyadh", "windows": windows, **values}
    )
    return doc.insert(ignore_permissions=True)


def by_key(doc, table: str = "holidays") -> dict:
    return {row.key: row for row in doc.get(table) if row.key}


class TestCalendars(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ship_default_calendars()

    # ------------------------------------------------------------ shipped
    def test_shipped_calendars(self):
        self.assertEqual(ship_default_calendars(), [])  # idempotent: nothing more to create
        cc = frappe.get_doc(DOCTYPE, CONTACT_CENTER)
        self.assertEqual(cc.timezone, "Asia/Riyadh")
        days = {}
        for row in cc.windows:
            self.assertFalse(row.override_key)
            days.setdefault(row.weekday, []).append(row)
        self.assertEqual(sorted(days), sorted(SUN_THU))
        sunday = days["Sunday"][0]
        self.assertEqual((str(sunday.start_time), str(sunday.end_time)), ("7:30:00", "16:00:00"))
        self.assertNotIn("Friday", days)
        self.assertIsNone(cc.ramadan_start)  # not filled with "now" by Frappe's Time default

        cal = get_calendar(CONTACT_CENTER)
        self.assertTrue(cal.is_open(datetime(2026, 1, 4, 7, 30)))  # Sunday
        self.assertFalse(cal.is_open(datetime(2026, 1, 9, 10, 0)))  # Friday
        self.assertEqual(
            cal.business_seconds_between(datetime(2026, 1, 4, 7), datetime(2026, 1, 4, 17)), 30600
        )
        # Thursday 15:00 to Sunday 08:30: one hour each side of the weekend.
        self.assertEqual(
            cal.business_seconds_between(datetime(2026, 1, 8, 15), datetime(2026, 1, 11, 8, 30)), 7200
        )

        portal = frappe.get_doc(DOCTYPE, PORTAL)
        self.assertEqual(len(portal.windows), 7)
        self.assertTrue(all(r.until_midnight and not r.end_time for r in portal.windows))
        cal = get_calendar(PORTAL)
        self.assertEqual(cal.to_dict()["weekly"]["friday"], [["00:00", "24:00"]])
        self.assertEqual(
            cal.business_seconds_between(datetime(2026, 1, 9), datetime(2026, 1, 10, 12)), 36 * 3600
        )

    def test_get_calendar_is_cached_until_the_calendar_changes(self):
        doc = make_calendar(f"{PREFIX} Cache")
        first = get_calendar(doc.name)
        self.assertIs(get_calendar(doc.name), first)
        self.assertFalse(first.is_open(datetime(2026, 1, 10, 10)))  # Saturday
        doc.append("windows", {"weekday": "Saturday", "start_time": "09:00", "end_time": "12:00"})
        doc.save()
        second = get_calendar(doc.name)
        self.assertIsNot(second, first)
        self.assertTrue(second.is_open(datetime(2026, 1, 10, 10)))
        with self.assertRaises(frappe.DoesNotExistError):
            get_calendar(f"{PREFIX} Missing")

    def test_to_spec(self):
        doc = make_calendar(
            f"{PREFIX} Spec",
            windows=[
                {"weekday": "Sunday", "start_time": "08:00", "end_time": "12:00"},
                {"weekday": "Sunday", "start_time": "13:00", "until_midnight": 1},
                {"weekday": "Monday", "start_time": "10:00", "end_time": "14:00", "override_key": "summer"},
            ],
            holidays=[
                {"holiday_name_en": "One", "from_date": "2026-04-01"},
                {"holiday_name_en": "Range", "from_date": "2026-04-05", "to_date": "2026-04-07"},
            ],
            overrides=[{"key": "summer", "from_date": "2026-07-01", "to_date": "2026-08-31"}],
        )
        doc.reload()
        spec = doc.to_spec()
        self.assertEqual(spec["weekly"]["sunday"], [["08:00", "12:00"], ["13:00", "24:00"]])
        self.assertEqual(spec["weekly"]["monday"], [])
        self.assertEqual(spec["holidays"], ["2026-04-01", ["2026-04-05", "2026-04-07"]])
        self.assertEqual(len(spec["overrides"]), 1)
        summer = spec["overrides"][0]
        self.assertEqual((summer["from"], summer["to"]), ("2026-07-01", "2026-08-31"))
        self.assertEqual(summer["weekly"]["monday"], [["10:00", "14:00"]])
        self.assertEqual(summer["weekly"]["sunday"], [])

    # ------------------------------------------------------------ validation
    def assert_refused(self, name: str, **values):
        with self.assertRaises(frappe.ValidationError) as ctx:
            make_calendar(name, **values)
        self.assertFalse(frappe.db.exists(DOCTYPE, name))
        return str(ctx.exception)

    def test_invalid_calendars_are_refused_and_nothing_is_saved(self):
        name = f"{PREFIX} Bad"
        overlap = [
            {"weekday": "Sunday", "start_time": "08:00", "end_time": "12:00"},
            {"weekday": "Sunday", "start_time": "11:00", "end_time": "14:00"},
        ]
        self.assertIn("overlap", self.assert_refused(name, windows=overlap))
        backwards = [{"weekday": "Sunday", "start_time": "12:00", "end_time": "08:00"}]
        self.assertIn("must end after it starts", self.assert_refused(name, windows=backwards))
        self.assertIn("Mars/Olympus", self.assert_refused(name, timezone="Mars/Olympus"))
        msg = self.assert_refused(
            name, overrides=[{"key": "x", "from_date": "2026-03-10", "to_date": "2026-03-01"}]
        )
        self.assertIn("ends before it starts", msg)
        msg = self.assert_refused(
            name, holidays=[{"holiday_name_en": "H", "from_date": "2026-03-10", "to_date": "2026-03-01"}]
        )
        self.assertIn("ends before it starts", msg)
        stray = [{"weekday": "Sunday", "start_time": "08:00", "end_time": "12:00", "override_key": "nope"}]
        self.assertIn("nope", self.assert_refused(name, windows=stray))
        open_end = [{"weekday": "Sunday", "start_time": "08:00"}]
        self.assertIn("Until Midnight", self.assert_refused(name, windows=open_end))
        midnight_as_zero = [{"weekday": "Sunday", "start_time": "08:00", "end_time": "00:00"}]
        self.assertIn("Until Midnight", self.assert_refused(name, windows=midnight_as_zero))
        bad_override_hours = overlap[:1] + [dict(overlap[1], override_key="ramadan")]
        bad_override_hours.append(dict(overlap[0], override_key="ramadan"))
        msg = self.assert_refused(
            name,
            windows=bad_override_hours,
            overrides=[{"key": "ramadan", "from_date": "2026-02-18", "to_date": "2026-03-19"}],
        )
        self.assertIn("ramadan", msg)
        self.assertIn("overlap", msg)

    def test_invalid_edit_of_an_existing_calendar_is_refused(self):
        doc = make_calendar(f"{PREFIX} Edit")
        doc.append("windows", {"weekday": "Sunday", "start_time": "14:00", "end_time": "18:00"})
        with self.assertRaises(frappe.ValidationError):
            doc.save()
        self.assertEqual(len(frappe.get_doc(DOCTYPE, doc.name).windows), 5)

    def test_refusal_is_in_arabic(self):
        name = f"{PREFIX} Arabic"
        overlap = [
            {"weekday": "Sunday", "start_time": "08:00", "end_time": "12:00"},
            {"weekday": "Sunday", "start_time": "11:00", "end_time": "14:00"},
        ]
        frappe.local.lang = "ar"
        try:
            msg = self.assert_refused(name, windows=overlap)
            zone_msg = self.assert_refused(name, timezone="Mars/Olympus")
        finally:
            frappe.local.lang = "en"
        self.assertIn("متداخلتان", msg)
        self.assertIn("الأحد", msg)
        self.assertIn("المنطقة الزمنية", zone_msg)

    # ------------------------------------------------------------ generation
    def test_generation_for_1447(self):
        doc = make_calendar(f"{PREFIX} Gen")
        counts = doc.generate_hijri_holidays(1447, 1447, ramadan_start="09:00", ramadan_end="14:00")
        self.assertEqual(
            counts, {"holidays_added": 4, "holidays_kept": 0, "overrides_added": 1, "overrides_kept": 0}
        )
        doc = frappe.get_doc(DOCTYPE, doc.name)
        rows = by_key(doc)
        adha = Hijri(1447, 12, 9).to_gregorian()
        self.assertEqual(str(rows["eid_al_fitr-1447"].from_date), "2026-03-20")  # 1 Shawwal 1447
        self.assertEqual(str(rows["eid_al_fitr-1447"].to_date), "2026-03-23")
        self.assertEqual(rows["eid_al_adha-1447"].from_date, date(adha.year, adha.month, adha.day))
        self.assertEqual(str(rows["eid_al_adha-1447"].from_date), "2026-05-26")
        self.assertEqual(str(rows["founding_day-2026"].from_date), "2026-02-22")
        self.assertFalse(rows["founding_day-2026"].to_date)
        # 1447 AH (2025-06-26 to 2026-06-15) holds National Day 2025, not Founding Day 2025
        self.assertEqual(str(rows["national_day-2025"].from_date), "2025-09-23")
        self.assertNotIn("founding_day-2025", rows)
        self.assertNotIn("national_day-2026", rows)
        self.assertEqual(rows["eid_al_fitr-1447"].holiday_name_en, "Eid al-Fitr break 1447")
        self.assertIn("عيد الفطر", rows["eid_al_fitr-1447"].holiday_name_ar)
        froms = [str(r.from_date) for r in doc.holidays]
        self.assertEqual(froms, sorted(froms))

        ramadan = by_key(doc, "overrides")["ramadan-1447"]
        self.assertEqual((str(ramadan.from_date), str(ramadan.to_date)), ("2026-02-18", "2026-03-19"))
        ramadan_windows = [w for w in doc.windows if w.override_key == "ramadan-1447"]
        self.assertEqual(sorted(w.weekday for w in ramadan_windows), sorted(SUN_THU))

        cal = get_calendar(doc.name)
        self.assertEqual(
            cal.business_seconds_between(datetime(2026, 3, 1, 8), datetime(2026, 3, 1, 16)), 5 * 3600
        )
        self.assertEqual(
            cal.business_seconds_between(datetime(2026, 1, 4, 8), datetime(2026, 1, 4, 16)), 7 * 3600
        )
        self.assertFalse(cal.is_open(datetime(2026, 3, 22, 10)))  # Sunday in the Eid al-Fitr break
        self.assertFalse(cal.is_open(datetime(2026, 2, 22, 10)))  # Founding Day (a Sunday)
        self.assertTrue(cal.is_open(datetime(2026, 3, 24, 10)))  # Tuesday after the break

    def test_generation_without_ramadan_hours_adds_no_override(self):
        doc = make_calendar(f"{PREFIX} NoRamadan")
        counts = generate_for(doc.name, 1447, 1448, fitr_days=10, adha_days=10)
        self.assertEqual(counts["overrides_added"], 0)
        doc = frappe.get_doc(DOCTYPE, doc.name)
        self.assertEqual(doc.overrides, [])
        rows = by_key(doc)
        self.assertEqual(str(rows["eid_al_fitr-1447"].to_date), "2026-03-29")  # the university's longer break
        self.assertIn("eid_al_adha-1448", rows)
        with self.assertRaises(frappe.ValidationError):
            generate_for(doc.name, 1447, 1447, ramadan_start="09:00")
        with self.assertRaises(frappe.ValidationError):
            generate_for(doc.name, 1448, 1447)

    def test_form_defaults_to_the_current_and_next_hijri_year(self):
        from moeen_helpdesk.core.hijri_holidays import hijri_year_of

        doc = make_calendar(f"{PREFIX} Onload")
        doc = frappe.get_doc(DOCTYPE, doc.name)
        doc.run_method("onload")
        self.assertEqual(doc.get_onload().hijri_year, hijri_year_of(getdate(today())))

    def test_regeneration_adds_nothing_and_keeps_edited_rows(self):
        doc = make_calendar(f"{PREFIX} Regen")
        generate_for(doc.name, 1447, 1447, ramadan_start="09:00", ramadan_end="14:00")
        doc = frappe.get_doc(DOCTYPE, doc.name)
        sizes = (len(doc.holidays), len(doc.overrides), len(doc.windows))
        modified = doc.modified

        again = generate_for(doc.name, 1447, 1447, ramadan_start="09:00", ramadan_end="14:00")
        self.assertEqual(
            again, {"holidays_added": 0, "holidays_kept": 4, "overrides_added": 0, "overrides_kept": 1}
        )
        doc = frappe.get_doc(DOCTYPE, doc.name)
        self.assertEqual((len(doc.holidays), len(doc.overrides), len(doc.windows)), sizes)
        self.assertEqual(doc.modified, modified)  # nothing to add: not even saved

        # The moon is sighted a day later: an admin moves Eid al-Fitr by a day.
        fitr = by_key(doc)["eid_al_fitr-1447"]
        fitr.from_date, fitr.to_date = "2026-03-21", "2026-03-24"
        by_key(doc, "overrides")["ramadan-1447"].to_date = "2026-03-20"
        doc.save()
        doc.generate_hijri_holidays(1447, 1447, ramadan_start="09:00", ramadan_end="14:00")
        doc = frappe.get_doc(DOCTYPE, doc.name)
        fitr = by_key(doc)["eid_al_fitr-1447"]
        self.assertEqual((str(fitr.from_date), str(fitr.to_date)), ("2026-03-21", "2026-03-24"))
        self.assertEqual(str(by_key(doc, "overrides")["ramadan-1447"].to_date), "2026-03-20")
        self.assertEqual((len(doc.holidays), len(doc.overrides), len(doc.windows)), sizes)

        # A wider range adds only the new year's rows.
        wider = generate_for(doc.name, 1447, 1448)
        self.assertEqual(wider["holidays_kept"], 4)
        self.assertEqual(wider["holidays_added"], 4)  # 1448's Eids, National Day 2026, Founding Day 2027
        keys = [row.key for row in frappe.get_doc(DOCTYPE, doc.name).holidays]
        self.assertEqual(len(keys), len(set(keys)))
        # nothing of 1446 AH (Founding Day 2025) or 1449 AH (National Day 2027)
        self.assertNotIn("founding_day-2025", keys)
        self.assertNotIn("national_day-2027", keys)

    def test_agents_read_but_cannot_change_or_generate(self):
        doc = make_calendar(f"{PREFIX} Perms")
        agent = make_agent("calendar-agent@it-moeen.edu.sa", roles=("Agent",))
        with as_user(agent):
            mine = frappe.get_doc(DOCTYPE, doc.name)
            mine.check_permission("read")
            with self.assertRaises(frappe.PermissionError):
                mine.generate_hijri_holidays(1447, 1447)
            mine.append("windows", {"weekday": "Saturday", "start_time": "09:00", "end_time": "12:00"})
            with self.assertRaises(frappe.PermissionError):
                mine.save()
        self.assertEqual(frappe.get_doc(DOCTYPE, doc.name).holidays, [])

    def test_command_refuses_bad_ramadan_hours_before_connecting(self):
        result = CliRunner().invoke(
            generate_holidays_command,
            ["--calendar", CONTACT_CENTER, "--from", "1447", "--to", "1447", "--ramadan-hours", "9am"],
            obj={"sites": [frappe.local.site], "profile": False},
        )
        self.assertEqual(result.exit_code, 2, result.output)
        self.assertIn("HH:MM-HH:MM", result.output)

    def test_command_generates_idempotently(self):
        doc = make_calendar(f"{PREFIX} Command")
        args = [
            "--calendar",
            doc.name,
            "--from",
            "1447",
            "--to",
            "1448",
            "--fitr-days",
            "10",
            "--adha-days",
            "10",
            "--ramadan-hours",
            "09:00-14:00",
        ]
        outputs = []
        # Run in this test's connection and transaction: no init/connect/destroy, no commit.
        with (
            patch.object(frappe, "init"),
            patch.object(frappe, "connect"),
            patch.object(frappe, "destroy"),
            patch.object(frappe.db, "commit"),
            patch.object(frappe.db, "rollback"),
        ):
            for _ in range(2):
                result = CliRunner().invoke(
                    generate_holidays_command, args, obj={"sites": [frappe.local.site], "profile": False}
                )
                self.assertEqual(result.exit_code, 0, result.output + repr(result.exception))
                outputs.append(result.output)
            missing = CliRunner().invoke(
                generate_holidays_command,
                ["--calendar", f"{PREFIX} Missing", "--from", "1447", "--to", "1447"],
                obj={"sites": [frappe.local.site], "profile": False},
            )
        self.assertIn(
            "8 holidays added", outputs[0]
        )  # 4 Eids; National Day 2025, 2026; Founding Day 2026, 2027
        self.assertIn("2 overrides added", outputs[0])
        self.assertIn("0 holidays added, 8 already there; 0 overrides added, 2 already there", outputs[1])
        self.assertEqual(missing.exit_code, 1)
        self.assertIn(f"{PREFIX} Missing", missing.output)
        doc = frappe.get_doc(DOCTYPE, doc.name)
        self.assertEqual(
            str(by_key(doc)["eid_al_fitr-1448"].to_date),
            str(frappe.utils.add_days(by_key(doc)["eid_al_fitr-1448"].from_date, 9)),
        )
        self.assertEqual(len([w for w in doc.windows if w.override_key == "ramadan-1448"]), 5)
