"""Prepare a site for the external fuzzer (schemathesis), and clean up after it.

    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/fuzz/prepare.py \
        --site moeen-test.localhost --out /tmp/moeen-fuzz
    ... st run /tmp/moeen-fuzz/openapi.json ...
    cd /home/frappe/frappe-bench && runuser -u frappe -- env/bin/python /path/to/fuzz/prepare.py \
        --site moeen-test.localhost --out /tmp/moeen-fuzz --cleanup

Prepare commits the security suites' people and tickets (``moeen_helpdesk.tests.security_helpers
.Fixtures``: two students, an external visitor, tier-1 and tier-2 agents, a lead, a manager; the
other student's ticket carries a secret word) and a closed, rated ticket of the student, writes
``openapi.json`` (the app's HTTP surface, ``moeen_helpdesk.openapi``, with the student's two
tickets as the targets of REST writes), ``fuzz.env`` (API tokens, the secrets that must never
reach the student) and ``state.json`` into ``--out``. ``--check`` compares afterwards every
desk-decided value of the closed ticket (frozen) and what the desk pinned on the open one (the
student's own replies and closing move its clocks legitimately); ``--cleanup`` removes what
prepare made. All three are idempotent.
"""

import json
import os
import shlex
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))

from bench_site import run_on_site, site_parser  # noqa: E402


def parse():
    p = site_parser()
    p.add_argument("--out", default="/tmp/moeen-fuzz")
    p.add_argument("--cleanup", action="store_true")
    p.add_argument("--check", action="store_true")
    return p.parse_args()


#: Of the student's open ticket: what the desk pinned at creation and only the desk changes (the
#: student's own replies, closing or reopening legitimately move the clocks and durations).
PINNED = (
    "moeen_service",
    "moeen_kind",
    "moeen_channel",
    "moeen_beneficiary_type",
    "moeen_service_unit",
    "moeen_sla_calendar",
    "moeen_sla_start",
    "moeen_response_target",
    "moeen_resolution_target",
    "moeen_sla_notified",
    "priority",
    "agent_group",
    "raised_by",
    "customer",
)


def desk_values(frappe, ticket: str, fields=None) -> dict:
    """The desk-decided values of a ticket (all of them, or ``fields``)."""
    from moeen_helpdesk.core.protected import protected_fields
    from moeen_helpdesk.protection import app_fields

    names = fields or protected_fields(app_fields()) | {"status", "subject", "description"}
    names = sorted(f for f in names if frappe.db.has_column("HD Ticket", f))
    return {k: str(v) for k, v in frappe.db.get_value("HD Ticket", ticket, names, as_dict=True).items()}


def prepare(frappe, args):
    from moeen_helpdesk.openapi import document
    from moeen_helpdesk.tests.security_helpers import Client, Fixtures

    frappe.flags.in_test = True  # the fixtures' users get no welcome mail
    fx, client = Fixtures(), Client()
    fx.create(client)
    # A closed, rated ticket of the student: frozen, so every value must stay as it is.
    closed = fx.new_ticket(fx.STUDENT, "Fuzz: a closed and rated ticket")
    frappe.db.set_value("HD Ticket", closed, {"status": "Closed", "feedback_rating": 0.8})
    frappe.db.commit()  # nosemgrep: the server sees only committed data
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "openapi.json"), "w") as fh:
        json.dump(document(own_tickets=[str(fx.ticket), str(closed)]), fh, indent=1, default=str)
    state = {
        "review": fx.review,
        "saved_tiers": fx.saved_tiers,
        "saved_settings": fx.saved_settings,
        "open": [str(fx.ticket), desk_values(frappe, fx.ticket, PINNED)],
        "closed": [str(closed), desk_values(frappe, closed)],
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
    changed = []
    for kind, fields in (("open", PINNED), ("closed", None)):
        ticket, before = state[kind]
        now = desk_values(frappe, ticket, fields)
        changed += [
            f"{kind} ticket {ticket}: {k} {v!r} -> {now.get(k)!r}"
            for k, v in before.items()
            if now.get(k) != v
        ]
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
