"""The two tiers on Helpdesk: intake, assignment on shift, tier actions and per-tier time.

Tier 1 (the contact & control center) is an HD Team with ``moeen_tier = "Tier 1"``;
tier-2 units are HD Teams with ``moeen_tier = "Tier 2"``. The rules are the pure
state machine of :mod:`moeen_helpdesk.core.tiers`; this package loads what it needs,
applies the accepted transition to the ticket and records it, one module per section:

* :mod:`.teams` — tier states and fields, the tier teams (cached), members, verifiers, intake;
* :mod:`.assignment` — rotations on shift, waiting tickets, assignees, HD Team / HD Agent handlers;
* :mod:`.transitions` — actor and context, the actions available, applying a transition;
* :mod:`.log` — the "Moeen Tier Transition" record and Helpdesk's timeline (activity);
* :mod:`.notifications` — the team or user told of a transition, after commit;
* :mod:`.resolution` — the resolving note as a reply and e-mail to the beneficiary;
* :mod:`.status_sync` — Helpdesk's reopen / resolution followed (``HD Ticket.validate``);
* :mod:`.times` — per-tier business time, overruns, the hourly refresh;
* :mod:`.queues` — the work queues' filters and tickets.

* **Intake** (:func:`.teams.route_new_ticket`, from ``HD Ticket.before_insert``): once a
  tier-1 team exists, every new ticket lands on it (several tier-1 teams: the first
  by name) in state "Tier 1", whatever team the raiser sent. Before that,
  Helpdesk's routing is untouched and the tier state stays empty.
* **Assignment** inside a team: the team's own Assignment Rule (Helpdesk makes one
  per team) keeps only the members on shift now (their ``moeen_shift_calendar``
  is open; no calendar: always) who are active and not away, and its rule
  (Round Robin / Load Balancing) follows the team's ``moeen_dispatch``; Frappe's
  rule then assigns on save (a new ticket: just after its intake commits, see
  :mod:`moeen_helpdesk.intake`). :func:`.assignment.assign_waiting_tickets` (every 5 minutes)
  refreshes the rules and hands unassigned tickets to whoever is on shift.
* **Transitions** (:func:`.transitions.do_transition`): the acting user and the ticket become a
  core ``Actor`` / ``TicketContext``; a refused action changes nothing. An accepted
  one moves the team, sets the state (resolve/verify: a Resolved-category status,
  reopen: Helpdesk's reopen status), is logged in "Moeen Tier Transition" and on
  Helpdesk's timeline, and the team told is notified after commit.
* **Status sync** (:func:`.status_sync.on_ticket_update`, from ``HD Ticket.validate``): a resolved
  ticket reopened through Helpdesk goes back to tier 1; a ticket resolved through
  Helpdesk's status is recorded as resolved (refused while tier 2 holds it, except
  for admins and the raiser); tier fields are only written here.
* **Per-tier clocks** (:func:`.times.refresh_tier_times`): business seconds per tier on the
  ticket's calendar (``moeen_helpdesk.sla.business_time.business_seconds``), hold periods (status
  in a Paused category, from the ticket's version history) excluded, and the tiers
  over the service's ``tier1_target`` / ``tier2_target``.
"""

from moeen_helpdesk.tiers.assignment import assign_waiting_tickets
from moeen_helpdesk.tiers.notifications import notify
from moeen_helpdesk.tiers.times import refresh_open_tickets

# Dotted paths stored outside the code keep working: background jobs enqueued before an upgrade
# (``moeen_helpdesk.tiers.notify``) and the Scheduled Job Types of older installs
# (``moeen_helpdesk.tiers.assign_waiting_tickets``, ``moeen_helpdesk.tiers.refresh_open_tickets``)
# until the next migrate replaces them.
__all__ = ["assign_waiting_tickets", "notify", "refresh_open_tickets"]
