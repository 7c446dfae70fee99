"""What ``moeen-demo`` sets on the site besides the catalog, so that ``moeen-doctor`` passes on a
demo site apart from what a demo cannot do (an outgoing e-mail account, the scheduler and a
worker — the command reports them).

Idempotent, and it leaves an existing configuration alone: the setup wizard runs only when
it was never completed, a Tier 1 team and its agents are made only when no team is Tier 1,
only unmarked units get the Tier 2 mark. (Not part of :func:`moeen_helpdesk.demo.load`, which
the e2e specs use on a shared test site.)
"""

import frappe
from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

from moeen_helpdesk.core.setup_check import POLICY_TIME_ZONE
from moeen_helpdesk.demo import DEMO_DOMAIN
from moeen_helpdesk.demo.catalog import UNITS
from moeen_helpdesk.tiers.teams import TIER1, TIER2

TIER1_TEAM = "Contact Center"
# (email prefix, first name, last name)
TIER1_AGENTS = [
    ("agent01", "نورة", "الحربي"),
    ("agent02", "Fahad", "Alotaibi"),
    ("agent03", "سارة", "القحطاني"),
]
SETUP_ARGS = {
    "language": "English",
    "country": "Saudi Arabia",
    "timezone": POLICY_TIME_ZONE,
    "currency": "SAR",
}


def prepare_site() -> dict[str, str]:
    return {
        "setup wizard": _setup_wizard(),
        "time zone": _time_zone(),
        "tier 1 team": _tier1_team(),
        "tier-2 marks": _tier2_marks(),
        "helpdesk feedback e-mail": _helpdesk_feedback_off(),
    }


def _setup_wizard() -> str:
    if frappe.is_setup_complete():
        return "already completed"
    setup_complete(dict(SETUP_ARGS))
    return "completed (Saudi Arabia, Asia/Riyadh, SAR)"


def _time_zone() -> str:
    if frappe.db.get_single_value("System Settings", "time_zone") == POLICY_TIME_ZONE:
        return POLICY_TIME_ZONE
    # (no System Settings save: before the wizard its mandatory fields may be empty)
    frappe.db.set_single_value("System Settings", "time_zone", POLICY_TIME_ZONE)
    frappe.clear_cache()
    return f"set to {POLICY_TIME_ZONE}"


def _tier1_team() -> str:
    existing = frappe.get_all("HD Team", {"moeen_tier": TIER1}, pluck="name")
    if existing:
        return f"kept: {', '.join(existing)}"
    agents = [_agent(*a) for a in TIER1_AGENTS]
    if frappe.db.exists("HD Team", TIER1_TEAM):
        team = frappe.get_doc("HD Team", TIER1_TEAM)
    else:
        team = frappe.get_doc({"doctype": "HD Team", "team_name": TIER1_TEAM})
    have = {u.user for u in team.get("users") or []}
    for agent in agents:
        if agent not in have:
            team.append("users", {"user": agent})
    team.moeen_tier = TIER1
    team.save(ignore_permissions=True)
    return f"{TIER1_TEAM} with {len(agents)} agents"


def _agent(prefix: str, first: str, last: str) -> str:
    email = f"{prefix}@{DEMO_DOMAIN}"
    if not frappe.db.exists("User", email):
        frappe.get_doc(
            {
                "doctype": "User",
                "email": email,
                "first_name": first,
                "last_name": last,
                "send_welcome_email": 0,
                "roles": [{"role": "Agent"}, {"role": "Tier 1 Agent"}],
            }
        ).insert(ignore_permissions=True)
    if not frappe.db.exists("HD Agent", email):
        frappe.get_doc(
            {"doctype": "HD Agent", "user": email, "agent_name": f"{first} {last}", "is_active": 1}
        ).insert(ignore_permissions=True)
    return email


def _tier2_marks() -> str:
    marked = 0
    for unit in UNITS:
        if frappe.db.exists("HD Team", unit) and not frappe.db.get_value("HD Team", unit, "moeen_tier"):
            team = frappe.get_doc("HD Team", unit)
            team.moeen_tier = TIER2
            team.save(ignore_permissions=True)
            marked += 1
    return f"{marked} units marked Tier 2"


def _helpdesk_feedback_off() -> str:
    if not frappe.db.get_single_value("HD Settings", "enable_email_ticket_feedback"):
        return "off"
    frappe.db.set_single_value("HD Settings", "enable_email_ticket_feedback", 0)
    return "turned off (Moeen's survey replaces it)"
