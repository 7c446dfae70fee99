"""Compliance figures on HD Tickets, aggregated in the database.

For a period (by ticket creation, site time) and any grouping, per group:

* tickets; the share of response and of resolution targets met, where a target
  counts once it is decided: met or missed when the clock stopped (first response /
  resolution), missed when an open ticket that is not on hold has used business time
  past its deadline (not for a deadline at closing time while the calendar is closed),
  undecided otherwise;
* median and 90th percentile (nearest rank) of the business time to the first
  response and to resolution — ``moeen_response_seconds`` / ``moeen_resolution_seconds``,
  stored per ticket by :func:`moeen_helpdesk.review.record_durations` on the ticket's
  own calendar with hold time excluded (a ticket counts once it has an SLA start and a
  first response / a resolution);
* reopen rate (tickets reopened at least once); breaches attributed to tier 1 / tier 2
  (``moeen_overrun_tier``; a ticket over both tiers' targets counts for both);
* satisfaction beside them, per rated ticket: the ticket's rating as the satisfaction
  survey ("Moeen Survey Response") writes it back to Helpdesk's ``feedback_rating`` (0.2-1.0
  for 1-5; the latest answer of the ticket) — CSAT (ratings 4-5) and mean rating. One
  rating per ticket, as :func:`moeen_helpdesk.core.review.compliance` counts it, and read
  in the same pass as everything else (joining 200,000 answers to their tickets cost
  0.6 s of the 2 s budget at 1,000,000 tickets). Empty when the surveys are not installed.

Two ways to the same numbers (a test keeps them equal):

* **fast**: one ``GROUP BY service, channel, beneficiary type`` (or ``team``) over a
  covering index of :data:`FAST_PATHS` (read in index order: no temporary table) returns per fine group
  the counts and the measured times as ``GROUP_CONCAT`` lists; Python rolls the fine
  groups up to the grouping asked for (service, category, kind, channel, beneficiary
  type and their combinations; or team) and takes the percentiles of the merged lists.
* **general** (when the indexes are missing, or forced: the tests compare the two): ``GROUP BY``
  with counts and sums, and one window query per time column that returns only the
  rows at the ranks the median and the p90 need.

Either way :func:`moeen_helpdesk.core.figures.assemble` maps the rows to the output of
:func:`moeen_helpdesk.core.review.compliance`.

One module per section:

* :mod:`.sql` — the tables, dimensions, measured columns, met rules, tier reached, packed sums;
* :mod:`.filters` — the period and filters as SQL conditions, grouping keys, FROM clause, indexes;
* :mod:`.grace` — running clocks past their deadline but in their calendar's grace;
* :mod:`.counts` — a group's counts as SQL columns and back from a row;
* :mod:`.fast` — the covering indexes (:data:`.fast.FAST_PATHS`) and the fast path;
* :mod:`.general` — the general path (counts, window queries for the ranks);
* :mod:`.targets` — :func:`.targets.compliance` and :func:`.targets.durations`;
* :mod:`.ola` — the tier figures (OLA);
* :mod:`.volume` — tickets per channel and beneficiary type;
* :mod:`.cards` — the workspace's number cards.
"""

from moeen_helpdesk.compliance.cards import compliance_this_month, csat_this_month

# Dotted paths stored outside the code keep working: the Number Cards "Moeen SLA Compliance This
# Month" and "Moeen CSAT This Month" (their JSON and the sites' records) call
# ``moeen_helpdesk.compliance.compliance_this_month`` / ``csat_this_month``.
__all__ = ["compliance_this_month", "csat_this_month"]
