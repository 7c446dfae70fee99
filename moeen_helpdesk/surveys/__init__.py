"""Satisfaction surveys: the Frappe shell around :mod:`moeen_helpdesk.core.surveys`.

Sections: :mod:`.settings` (doctypes, settings, signing secret), :mod:`.shipped` (the shipped
templates), :mod:`.triggers` (ticket and call triggers, requests), :mod:`.sending` (links,
e-mails, reminders), :mod:`.answers` (answering, pending surveys).

Policy: satisfaction is measured after every resolved ticket (a fulfilled request
or a resolved incident) and after every completed contact-center call.

* **Triggers** (``doc_events``, cheap, no network, no email inside the save):
  :func:`on_ticket_update` (HD Ticket ``on_update``) when ``status_category``
  becomes "Resolved", and :func:`on_call_log_update` (TP Call Log ``on_update``)
  when ``status`` becomes "Completed". Each creates a "Moeen Survey Request" and
  enqueues :func:`send_request` *after the commit*; the job renders the editable
  Email Template "Moeen Satisfaction Survey" and queues the email.
* **Resolution cycles**: every transition of a ticket into "Resolved" is a cycle.
  A ticket reopened and resolved again gets a new request (cycle 2, 3…); a still
  pending request of an earlier cycle is withdrawn (status Expired, its link then
  says so). Resolved → Closed is the same category and sends nothing. A unique
  ``dedupe_key`` (ticket and the resolving save's ``modified``) stops the same
  event run twice from sending twice.
  A call log gets one request, ever.
* **Links**: ``/moeen-survey?token=…``; the token is the core's signed token with
  payload ``{"s": request name, "n": nonce}`` and the request's expiry. The secret
  is the site config key ``moeen_survey_secret`` when set, else a random key
  generated once (on install / migrate, or at the first send) and stored
  encrypted (``frappe.utils.password``) for "Moeen Survey Settings".
* **Independent of e-mail**: a pending request is offered on the portal ("My tickets", the
  ticket's page) as soon as it exists; the e-mail and its reminder are extra ways to reach the
  beneficiary. Without an outgoing Email Account nothing is sent (and nothing fails); a failed
  send is logged (Error Log) and the request stays pending. ``answered_via`` records whether the
  answer came through the e-mail's link or the portal.
* **Answers**: :func:`record_response` (called by the guest API) checks the token,
  the request (pending, same nonce, not expired), validates the answers with the
  core, stores the response, copies the overall rating onto the request and, for a
  ticket, writes Helpdesk's ``feedback_rating`` (0–1) without touching ``modified``.
  One response per request (row lock, unique index).
* **Reminder**: :func:`send_reminders` (hourly) sends one reminder after the
  configured delay (core ``reminder_due``) and marks expired requests.
"""

from moeen_helpdesk.surveys.sending import send_reminders, send_request

# Dotted paths stored outside the code keep working: background jobs enqueued before an upgrade
# (``moeen_helpdesk.surveys.send_request``) and the hourly Scheduled Job Type of older installs
# (``moeen_helpdesk.surveys.send_reminders``) until the next migrate replaces it.
__all__ = ["send_reminders", "send_request"]
