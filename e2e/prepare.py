"""Prepare a site for the e2e spec, and clean up after it.

    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/e2e/prepare.py --site moeen-test.localhost
    ... run the spec ...
    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/e2e/prepare.py --site moeen-test.localhost --cleanup

Prepare loads the demo catalog and beneficiaries (``moeen_helpdesk.demo.load``) and gives the first
demo student a password; it prints ``MOEEN_E2E_USER=… MOEEN_E2E_PASSWORD=…`` for the spec and
records in ``--state`` what it created. Cleanup deletes the student's tickets (with their messages
and files) and whatever prepare created (services, categories, tier-2 teams, type rules), so the
shared test site is left as it was found. Both are idempotent.
"""

import argparse
import json
import os

DEFAULT_PASSWORD = "Moeen-e2e-2026!"
TRACKED = ("Moeen Service", "Moeen Service Category", "HD Team")


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--site", default="moeen-test.localhost")
    p.add_argument("--sites-path", default=None)
    p.add_argument("--password", default=os.environ.get("MOEEN_E2E_PASSWORD", DEFAULT_PASSWORD))
    p.add_argument("--state", default="/tmp/moeen-e2e-state.json")
    p.add_argument("--cleanup", action="store_true")
    return p.parse_args()


def rules(frappe) -> list[tuple]:
    return [
        (r.beneficiary_type, r.email_domain, r.university_id_pattern)
        for r in frappe.get_doc("Moeen Settings").type_rules
    ]


def prepare(frappe, args):
    from frappe.utils.password import update_password

    from moeen_helpdesk.beneficiaries import ensure_profile
    from moeen_helpdesk.demo import PEOPLE, load

    before = {dt: set(frappe.get_all(dt, pluck="name")) for dt in TRACKED}
    before_rules = rules(frappe)
    load(with_beneficiaries=True)
    _count, prefix, domain = PEOPLE["Student"]
    user = f"{prefix}01@{domain}"
    # A reinstalled app has lost the profiles of demo users that survived: make this one again.
    ensure_profile(user)
    frappe.db.set_value("Moeen Beneficiary", user, "beneficiary_type", "Student")
    update_password(user, args.password)
    frappe.db.set_value("Moeen Beneficiary", user, "preferred_language", "ar")
    frappe.db.set_value("User", user, "language", "ar")
    frappe.db.commit()
    state = {"user": user, "rules": before_rules, "created": {}}
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
    print(f"MOEEN_E2E_USER={user} MOEEN_E2E_PASSWORD={args.password}")


def cleanup(frappe, args):
    if not os.path.exists(args.state):
        print("nothing to clean up")
        return
    with open(args.state) as fh:
        state = json.load(fh)
    user = state["user"]
    tickets = frappe.get_all("HD Ticket", filters={"raised_by": user}, pluck="name")
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
        f"cleaned up {len(tickets)} tickets and {sum(len(v) for v in state['created'].values())} demo records"
    )


def main():
    args = parse()
    import frappe

    # Frappe's logs go to ../logs of the working folder: work from the sites folder.
    os.chdir(args.sites_path or ("sites" if os.path.isdir("sites") else "."))
    frappe.init(site=args.site, sites_path=".")
    frappe.connect()
    try:
        (cleanup if args.cleanup else prepare)(frappe, args)
    finally:
        frappe.destroy()


if __name__ == "__main__":
    main()
