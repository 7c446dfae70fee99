"""Prepare a site for the external fuzzer (schemathesis), and clean up after it.

    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/fuzz/prepare.py \
        --site moeen-test.localhost --out /tmp/moeen-fuzz
    ... st run /tmp/moeen-fuzz/openapi.json ...
    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/fuzz/prepare.py \
        --site moeen-test.localhost --out /tmp/moeen-fuzz --cleanup

Prepare commits the security suites' people and tickets (``moeen_helpdesk.tests.security_helpers
.Fixtures``: two students, an external visitor, tier-1 and tier-2 agents, a lead, a manager; the
other student's ticket carries a secret word), writes ``openapi.json`` (the app's HTTP surface,
``moeen_helpdesk.openapi``) and ``fuzz.env`` (API tokens, the secrets that must never reach the
student, and the student's own ticket with the desk-decided values it had) into ``--out``.
``--check`` compares those values afterwards (a refused write changed nothing); ``--cleanup``
removes what prepare made. All three are idempotent.
"""

import argparse
import json
import os
import shlex
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))

from bench_site import run_on_site  # noqa: E402


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--site", default="moeen-test.localhost")
    p.add_argument("--sites-path", default=None)
    p.add_argument("--out", default="/tmp/moeen-fuzz")
    p.add_argument("--cleanup", action="store_true")
    p.add_argument("--check", action="store_true")
    return p.parse_args()


def desk_values(frappe, ticket: str) -> dict:
    from moeen_helpdesk.core.protected import protected_fields
    from moeen_helpdesk.protection import app_fields

    fields = sorted(f for f in protected_fields(app_fields()) if frappe.db.has_column("HD Ticket", f))
    return {k: str(v) for k, v in frappe.db.get_value("HD Ticket", ticket, fields, as_dict=True).items()}


def prepare(frappe, args):
    from moeen_helpdesk.openapi import document
    from moeen_helpdesk.tests.security_helpers import Client, Fixtures

    frappe.flags.in_test = True  # the fixtures' users get no welcome mail
    fx, client = Fixtures(), Client()
    fx.create(client)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "openapi.json"), "w") as fh:
        json.dump(document(own_ticket=str(fx.ticket)), fh, indent=1, default=str)
    state = {
        "review": fx.review,
        "saved_tiers": fx.saved_tiers,
        "saved_settings": fx.saved_settings,
        "ticket": str(fx.ticket),
        "values": desk_values(frappe, fx.ticket),
    }
    with open(os.path.join(args.out, "state.json"), "w") as fh:
        json.dump(state, fh, default=str)
    env = {
        "MOEEN_FUZZ_STUDENT_TOKEN": client.tokens[fx.STUDENT],
        "MOEEN_FUZZ_AGENT_TOKEN": client.tokens[fx.T1],
        # What the student must never be shown: the other student's secret word and address.
        "MOEEN_FUZZ_SECRETS": f"{fx.SECRET},{fx.OTHER}",
    }
    with open(os.path.join(args.out, "fuzz.env"), "w") as fh:
        fh.writelines(f"{k}={shlex.quote(v)}\n" for k, v in env.items())
    print(f"prepared: {len(json.load(open(os.path.join(args.out, 'openapi.json')))['paths'])} paths")


def check(frappe, args):
    with open(os.path.join(args.out, "state.json")) as fh:
        state = json.load(fh)
    now = desk_values(frappe, state["ticket"])
    changed = sorted(k for k, v in state["values"].items() if now.get(k) != v)
    print(json.dumps({"changed": changed}))


def cleanup(frappe, args):
    from moeen_helpdesk.tests.security_helpers import Fixtures

    fx = Fixtures()
    path = os.path.join(args.out, "state.json")
    if os.path.exists(path):
        with open(path) as fh:
            state = json.load(fh)
        fx.review = state.get("review")
        fx.saved_tiers = [frappe._dict(r) for r in state.get("saved_tiers") or []]
        fx.saved_settings = state.get("saved_settings") or {}
    fx.remove()
    print("cleaned up")


def main():
    args = parse()
    run_on_site(
        args, lambda frappe: (cleanup if args.cleanup else check if args.check else prepare)(frappe, args)
    )


if __name__ == "__main__":
    main()
