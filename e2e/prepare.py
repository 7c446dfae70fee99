"""Prepare a site for the e2e spec, and clean up after it.

    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/e2e/prepare.py --site moeen-test.localhost
    ... run the spec ...
    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/e2e/prepare.py --site moeen-test.localhost --cleanup

Prepare loads the demo catalog and beneficiaries (``moeen_helpdesk.demo.load``) and gives the first
demo student and the first demo external visitor a password; it prints, on its last line,
``MOEEN_E2E_USER=… MOEEN_E2E_PASSWORD=… MOEEN_E2E_EXTERNAL_USER=… MOEEN_E2E_EXTERNAL_PASSWORD=…``
for the specs and records in ``--state`` what it created. Cleanup deletes both users' tickets and
those of ``prepare_survey.py`` (with their messages, files, survey requests and responses, and the
emails queued for them) and whatever prepare created (services, categories, tier-2 teams, type
rules), so the shared test site is left as it was found. Both are idempotent.
"""

import json
import os

from bench_site import run_on_site, site_parser

DEFAULT_PASSWORD = "Moeen-e2e-2026!"
TRACKED = ("Moeen Service", "Moeen Service Category", "HD Team")
SURVEY_E2E_EMAIL = "e2e-survey@moeen-e2e.test"  # the raiser of prepare_survey.py's tickets
SURVEY_REQUEST = "Moeen Survey Request"
SURVEY_RESPONSE = "Moeen Survey Response"


def parse():
    p = site_parser()
    p.add_argument("--password", default=os.environ.get("MOEEN_E2E_PASSWORD", DEFAULT_PASSWORD))
    p.add_argument("--state", default="/tmp/moeen-e2e-state.json")
    p.add_argument("--cleanup", action="store_true")
    return p.parse_args()


def rules(frappe) -> list[tuple]:
    return [
        (r.beneficiary_type, r.email_domain, r.university_id_pattern)
        for r in frappe.get_doc("Moeen Settings").type_rules
    ]


def demo_user(frappe, beneficiary_type: str, password: str) -> str:
    """The first demo beneficiary of a type, with a password, the type and Arabic as language."""
    from frappe.utils.password import update_password

    from moeen_helpdesk.beneficiaries import ensure_profile
    from moeen_helpdesk.demo import PEOPLE

    _count, prefix, domain = PEOPLE[beneficiary_type]
    user = f"{prefix}01@{domain}"
    # A reinstalled app has lost the profiles of demo users that survived: make this one again.
    ensure_profile(user)
    frappe.db.set_value("Moeen Beneficiary", user, "beneficiary_type", beneficiary_type)
    update_password(user, password)
    frappe.db.set_value("Moeen Beneficiary", user, "preferred_language", "ar")
    frappe.db.set_value("User", user, "language", "ar")
    return user


def prepare(frappe, args):
    from moeen_helpdesk.demo import load

    before = {dt: set(frappe.get_all(dt, pluck="name")) for dt in TRACKED}
    before_rules = rules(frappe)
    load(with_beneficiaries=True)
    user = demo_user(frappe, "Student", args.password)
    external = demo_user(frappe, "External", args.password)
    frappe.db.commit()
    state = {"user": user, "users": [user, external], "rules": before_rules, "created": {}}
    if os.path.exists(args.state):  # a run that was not cleaned up: keep what it recorded
        with open(args.state) as fh:
            previous = json.load(fh)
        state["created"] = previous.get("created", {})
        state["rules"] = previous.get("rules", before_rules)
    for dt in TRACKED:
        new = set(frappe.get_all(dt, pluck="name")) - before[dt]
        state["created"][dt] = sorted(set(state["created"].get(dt, [])) | new)
    with open(args.state, "w") as fh:
        json.dump(state, fh)
    print(
        f"MOEEN_E2E_USER={user} MOEEN_E2E_PASSWORD={args.password}"
        f" MOEEN_E2E_EXTERNAL_USER={external} MOEEN_E2E_EXTERNAL_PASSWORD={args.password}"
    )


def delete_all(frappe, doctype: str, filters: dict) -> int:
    names = frappe.get_all(doctype, filters=filters, pluck="name")
    for name in names:
        frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
    return len(names)


def delete_surveys(frappe, tickets: list[str]) -> int:
    """The survey requests of the tickets (e2e/agent_resolve.py resolves one), their responses and
    the emails queued for them."""
    if not tickets or not frappe.db.exists("DocType", SURVEY_REQUEST):
        return 0
    requests = frappe.get_all(
        SURVEY_REQUEST,
        filters={"reference_doctype": "HD Ticket", "reference_name": ["in", tickets]},
        pluck="name",
    )
    if requests:
        delete_all(frappe, SURVEY_RESPONSE, {"request": ["in", requests]})
        queued = {"reference_doctype": SURVEY_REQUEST, "reference_name": ["in", requests]}
        delete_all(frappe, "Email Queue", queued)
        for name in requests:
            frappe.delete_doc(SURVEY_REQUEST, name, force=True, ignore_permissions=True)
    return len(requests)


def cleanup(frappe, args):
    if not os.path.exists(args.state):
        print("nothing to clean up")
        return
    with open(args.state) as fh:
        state = json.load(fh)
    users = [*(state.get("users") or [state["user"]]), SURVEY_E2E_EMAIL]
    tickets = frappe.get_all("HD Ticket", filters={"raised_by": ["in", users]}, pluck="name")
    surveys = delete_surveys(frappe, tickets)
    for name in tickets:
        comms = frappe.get_all(
            "Communication", filters={"reference_doctype": "HD Ticket", "reference_name": name}, pluck="name"
        )
        for f in frappe.get_all(
            "File",
            filters={
                "attached_to_doctype": ["in", ["HD Ticket", "Communication"]],
                "attached_to_name": ["in", [name, *comms]],
            },
            pluck="name",
        ):
            frappe.delete_doc("File", f, force=True, ignore_permissions=True)
        for c in comms:
            frappe.delete_doc("Communication", c, force=True, ignore_permissions=True)
        delete_all(frappe, "Email Queue", {"reference_doctype": "HD Ticket", "reference_name": name})
        frappe.delete_doc("HD Ticket", name, force=True, ignore_permissions=True)
    for dt in TRACKED:  # services before their categories and teams
        for name in state["created"].get(dt, []):
            if frappe.db.exists(dt, name):
                frappe.delete_doc(dt, name, force=True, ignore_permissions=True)
    settings = frappe.get_doc("Moeen Settings")
    keep = {tuple(r) for r in state["rules"]}
    settings.type_rules = [
        r
        for r in settings.type_rules
        if (r.beneficiary_type, r.email_domain, r.university_id_pattern) in keep
    ]
    settings.save(ignore_permissions=True)
    frappe.db.commit()
    os.remove(args.state)
    print(
        f"cleaned up {len(tickets)} tickets, {surveys} survey requests and"
        f" {sum(len(v) for v in state['created'].values())} demo records"
    )


def main():
    args = parse()
    run_on_site(args, lambda frappe: (cleanup if args.cleanup else prepare)(frappe, args))


if __name__ == "__main__":
    main()
