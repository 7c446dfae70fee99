"""The setup check's rules: each item OK or missing, with a fix when missing."""

from dataclasses import replace

from moeen_helpdesk.core import setup_check as sc
from moeen_helpdesk.core.beneficiaries import may_be_beneficiary

READY = sc.Facts(
    setup_complete=True,
    time_zone="Asia/Riyadh",
    outgoing_email_accounts=1,
    tier1_teams={"Contact Center": 3},
    active_services=30,
    services_without_unit=(),
    scheduler_enabled=True,
    workers=2,
    helpdesk_feedback_email=False,
    site="s.localhost",
)
FRESH = sc.Facts(
    setup_complete=False, time_zone="Asia/Kolkata", outgoing_email_accounts=0, site="s.localhost"
)
ORDER = [
    sc.SETUP_WIZARD,
    sc.TIME_ZONE,
    sc.OUTGOING_EMAIL,
    sc.TIER1_TEAM,
    sc.SERVICE_UNITS,
    sc.SCHEDULER,
    sc.WORKER,
    sc.HELPDESK_FEEDBACK,
]


def by_key(facts):
    return {i.key: i for i in sc.check(facts)}


def test_a_ready_site_passes_every_item_in_order():
    items = sc.check(READY)
    assert [i.key for i in items] == ORDER
    assert sc.missing(items) == []
    assert all(i.fix == () for i in items)


def test_a_fresh_site_misses_everything_but_the_feedback_mail_each_with_a_fix():
    items = sc.check(FRESH)
    assert [i.key for i in sc.missing(items)] == ORDER[:-1]
    for item in sc.missing(items):
        assert item.fix and item.fix[0] in sc.MESSAGES_AR, item.key
    assert by_key(FRESH)[sc.TIME_ZONE].detail == ("The system time zone is {0}", "Asia/Kolkata")
    assert by_key(FRESH)[sc.SCHEDULER].fix == ("Run: bench --site {0} enable-scheduler", "s.localhost")


def test_each_fact_alone_decides_its_item():
    changes = {
        sc.SETUP_WIZARD: {"setup_complete": False},
        sc.TIME_ZONE: {"time_zone": "UTC"},
        sc.OUTGOING_EMAIL: {"outgoing_email_accounts": 0},
        sc.TIER1_TEAM: {"tier1_teams": {}},
        sc.SERVICE_UNITS: {"services_without_unit": ("SIS-01",)},
        sc.SCHEDULER: {"scheduler_enabled": False},
        sc.WORKER: {"workers": 0},
        sc.HELPDESK_FEEDBACK: {"helpdesk_feedback_email": True},
    }
    for key, change in changes.items():
        assert [i.key for i in sc.missing(sc.check(replace(READY, **change)))] == [key], key


def test_a_tier1_team_needs_active_agents():
    empty = by_key(replace(READY, tier1_teams={"Contact Center": 0}))[sc.TIER1_TEAM]
    assert not empty.ok and empty.detail == ("The Tier 1 teams have no active agent: {0}", "Contact Center")
    one = by_key(replace(READY, tier1_teams={"B": 0, "A": 2}))[sc.TIER1_TEAM]
    assert one.ok and one.detail == ("Tier 1 teams with agents: {0}", "A")


def test_services_without_unit_are_named_then_counted():
    names = tuple(f"S{i:02d}" for i in range(8, 0, -1))
    item = by_key(replace(READY, services_without_unit=names))[sc.SERVICE_UNITS]
    assert not item.ok
    assert item.detail == ("Active services without a tier-2 unit: {0}", "S01, S02, S03, S04, S05 (+3)")


def test_an_empty_catalog_is_missing():
    item = by_key(replace(READY, active_services=0))[sc.SERVICE_UNITS]
    assert not item.ok and item.detail == ("The catalog has no active service",)


def test_every_template_has_an_arabic_row_with_its_placeholders():
    for facts in (READY, FRESH, replace(READY, tier1_teams={"X": 0}, services_without_unit=("A",))):
        for item in sc.check(facts):
            for part in (item.title, item.detail, item.fix):
                if part:
                    assert part[0] in sc.MESSAGES_AR, part[0]
                    assert part[0].count("{0}") == sc.MESSAGES_AR[part[0]].count("{0}")
                    assert part[0].count("{0}") == len(part) - 1, part


def test_agents_are_not_beneficiaries():
    assert may_be_beneficiary("Website User", is_agent=False)
    assert not may_be_beneficiary("Website User", is_agent=True)
    assert not may_be_beneficiary("System User", is_agent=False)
    assert not may_be_beneficiary(None, is_agent=False)
