"""Tier actions on tickets, for the desk's HD Ticket form and Helpdesk's agent UI.

* ``transition(ticket, action, reason=None, target_team=None)``: take a tier action
  (resolve, escalate, accept, return, complete, reject, verify, reopen) as the
  session user; refused actions raise a translated error and change nothing.
* ``available(ticket)``: the state, the actions the user may take now, and the teams
  the user may escalate to.
* ``queue(kind)``: a work queue (my_tier, escalated_by_us, awaiting_verification, waiting).

Only the desk's staff call them: a beneficiary is refused before the arguments are read.
"""

import frappe

from moeen_helpdesk.guard.endpoints import endpoint, staff_only
from moeen_helpdesk.tiers import queues, transitions


@frappe.whitelist(methods=["POST"])
@endpoint(check=staff_only)
def transition(ticket: str, action: str, reason: str | None = None, target_team: str | None = None) -> dict:
    return transitions.do_transition(ticket, action, reason=reason, target_team=target_team)


@frappe.whitelist()
@endpoint(check=staff_only)
def available(ticket: str) -> dict:
    return transitions.available_for(ticket)


@frappe.whitelist()
@endpoint(check=staff_only)
def queue(kind: str, limit: int = 100) -> list[dict]:
    return queues.queue(kind, limit=min(max(int(limit or 100), 1), 500))
