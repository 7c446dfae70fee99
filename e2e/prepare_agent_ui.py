"""Prepare the two tiers and one ticket for e2e/specs/agent_ui.test.js, and remove them afterwards.

    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/e2e/prepare_agent_ui.py \
        --site moeen-test.localhost --student s01@… [--cleanup]

Prepare makes (idempotent, committed) a tier-1 team with a Tier 1 Agent (Arabic), a tier-2 unit with
a Tier 2 Agent (English) and a Tier 2 Lead (Arabic), all with a password, a service whose unit is
that unit (response 2 business hours, resolution 24), and a new ticket of the student on that
service, which lands on tier 1. It prints, on its last line, ``MOEEN_E2E_UI_TICKET=…
MOEEN_E2E_UI_TIER1=… MOEEN_E2E_UI_AGENT=… MOEEN_E2E_UI_LEAD=… MOEEN_E2E_UI_UNIT=…
MOEEN_E2E_UI_SERVICE=… MOEEN_E2E_UI_PASSWORD=…``.

``--state`` prints the ticket's tier state, team and status (``MOEEN_E2E_UI_STATE=…``), for the spec
to check what the browser did.

Cleanup deletes the tickets of that service (with their messages and tier log), the service, its
category, both teams and the three agents: no tier team stays behind for other specs or suites.
"""

import os

from bench_site import run_on_site, site_parser

PASSWORD = os.environ.get("MOEEN_E2E_PASSWORD", "Moeen-e2e-2026!")
CENTER = "E2E UI Contact Center"
UNIT = "E2E UI Unit"
SERVICE = "E2E-UI"
CATEGORY = "E2E-UI-CAT"
TIER1 = "e2e-ui-tier1@moeen-e2e.test"
AGENT = "e2e-ui-agent@moeen-e2e.test"
LEAD = "e2e-ui-lead@moeen-e2e.test"
AGENTS = (
    (TIER1, "Tier 1 Agent", "ar", "موظف المستوى الأول"),
    (AGENT, "Tier 2 Agent", "en", "Unit Agent"),
    (LEAD, "Tier 2 Lead", "ar", "قائد الفريق"),
)
H = 3600


def parse():
    p = site_parser()
    p.add_argument("--student", default=None)
    p.add_argument("--ticket", default=None)
    p.add_argument("--state", action="store_true")
    p.add_argument("--cleanup", action="store_true")
    return p.parse_args()


def prepare(frappe, args):
    from frappe.utils.password import update_password

    from moeen_helpdesk.tests.utils import make_agent, make_category, make_service, make_team
    from moeen_helpdesk.tiers import teams

    for email, role, lang, name in AGENTS:
        make_agent(email, ("Agent", role), name=name, language=lang)
        update_password(email, PASSWORD)
    make_team(CENTER, "Tier 1", [TIER1])
    make_team(UNIT, "Tier 2", [AGENT, LEAD])
    teams.forget_tier_teams()
    make_service(
        SERVICE,
        category=make_category(CATEGORY),
        tier2_team=UNIT,
        service_name_ar="خدمة واجهة الموظفين",
        service_name_en="Agent UI service",
        response_target=2 * H,
        resolution_target=24 * H,
        allow_external=1,
    )
    ticket = frappe.get_doc(
        {
            "doctype": "HD Ticket",
            "subject": "تعذّر الدخول إلى البوابة",
            "raised_by": args.student,
            "description": "<p>لا أستطيع الدخول إلى البوابة منذ الصباح.</p>",
            "moeen_service": SERVICE,
        }
    ).insert(ignore_permissions=True)
    frappe.db.commit()
    teams.forget_tier_teams()
    print(
        f"MOEEN_E2E_UI_TICKET={ticket.name} MOEEN_E2E_UI_TIER1={TIER1} MOEEN_E2E_UI_AGENT={AGENT}"
        f" MOEEN_E2E_UI_LEAD={LEAD} MOEEN_E2E_UI_UNIT={UNIT.replace(' ', '_')} MOEEN_E2E_UI_SERVICE={SERVICE}"
        f" MOEEN_E2E_UI_PASSWORD={PASSWORD} MOEEN_E2E_UI_TEAM={ticket.agent_group.replace(' ', '_')}"
        f" MOEEN_E2E_UI_STATE={(ticket.moeen_tier_state or '').replace(' ', '_')}"
    )


def state(frappe, args):
    row = frappe.db.get_value(
        "HD Ticket", args.ticket, ["moeen_tier_state", "agent_group", "status"], as_dict=True
    )
    print(
        f"MOEEN_E2E_UI_STATE={(row.moeen_tier_state or '').replace(' ', '_')}"
        f" MOEEN_E2E_UI_TEAM={(row.agent_group or '').replace(' ', '_')} MOEEN_E2E_UI_STATUS={row.status}"
    )


def cleanup(frappe, args):
    from moeen_helpdesk.tiers import teams

    tickets = frappe.get_all("HD Ticket", filters={"moeen_service": SERVICE}, pluck="name")
    for name in tickets:
        for dt in ("Communication", "HD Ticket Comment"):
            if frappe.db.exists("DocType", dt):
                field = "reference_name" if dt == "Communication" else "reference_ticket"
                for c in frappe.get_all(dt, filters={field: name}, pluck="name"):
                    frappe.delete_doc(dt, c, force=True, ignore_permissions=True)
        frappe.db.delete("Email Queue", {"reference_doctype": "HD Ticket", "reference_name": name})
        frappe.delete_doc("HD Ticket", name, force=True, ignore_permissions=True)
    if frappe.db.exists("Moeen Service", SERVICE):
        frappe.delete_doc("Moeen Service", SERVICE, force=True, ignore_permissions=True)
    if frappe.db.exists("Moeen Service Category", CATEGORY):
        frappe.delete_doc("Moeen Service Category", CATEGORY, force=True, ignore_permissions=True)
    for name in (CENTER, UNIT):
        if frappe.db.exists("HD Team", name):
            frappe.delete_doc("HD Team", name, force=True, ignore_permissions=True)
    for email, *_rest in AGENTS:
        frappe.db.delete("Notification Log", {"for_user": email})
        if frappe.db.exists("HD Agent", email):
            frappe.delete_doc("HD Agent", email, force=True, ignore_permissions=True)
        if frappe.db.exists("User", email):
            frappe.delete_doc("User", email, force=True, ignore_permissions=True)
    frappe.db.commit()
    teams.forget_tier_teams()
    print(f"cleaned up {len(tickets)} tickets, the service, both teams and the agents")


def main():
    args = parse()
    if args.cleanup:
        action = cleanup
    elif args.state:
        action = state
    else:
        action = prepare
    run_on_site(args, lambda frappe: action(frappe, args))


if __name__ == "__main__":
    main()
