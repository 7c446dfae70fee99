"""SLA clocks on HD Tickets: per-service targets on the service's calendar.

The maths lives in :mod:`moeen_helpdesk.core.sla` and :mod:`moeen_helpdesk.core.calendar`;
this package loads the data, converts between the site's naive datetimes and the
calendar, and stores the results in Helpdesk's own fields (response_by,
resolution_by, agreement_status) so its agent UI shows them. One module per section:

* :mod:`.business_time` — a ticket's calendar, site and aware datetimes, business seconds,
  the calendars' breach cutoffs (as values and as SQL);
* :mod:`.deadlines` — the service's targets by priority, the warning share, the deadlines and
  warning times they give on a calendar;
* :mod:`.on_save` — the ticket's clocks on save (HD Ticket ``before_save``, after Helpdesk's own
  ``apply_sla``): pin, pause, reopen, recompute; Helpdesk's status category;
* :mod:`.status` — the set-based refresh of the agreement status and clock state;
* :mod:`.notices` — the periodic job (:func:`.notices.run_periodic_job`): the status, then the
  warnings and breach notices, one ticket per transaction;
* :mod:`.recompute` — a calendar edit recomputes the open tickets on it, in the background.
"""

from moeen_helpdesk.sla.notices import run_periodic_job
from moeen_helpdesk.sla.recompute import on_calendar_update, recompute_calendar

# Dotted paths stored outside the code keep working: the Scheduled Job Type of older installs
# (``moeen_helpdesk.sla.run_periodic_job``) until the next migrate replaces it, recomputations
# enqueued before an upgrade (``moeen_helpdesk.sla.recompute_calendar``, in RQ), and the hooks
# Frappe keeps cached until that migrate (``moeen_helpdesk.sla.on_calendar_update``).
__all__ = ["on_calendar_update", "recompute_calendar", "run_periodic_job"]
