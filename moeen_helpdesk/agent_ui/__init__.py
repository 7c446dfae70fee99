"""Moeen in Helpdesk's agent UI (``/helpdesk``), through its supported points only.

* **Ticket Info** (the side panel of ``/helpdesk/tickets/<id>``): Helpdesk shows the
  fields listed in its "Default" HD Ticket Template (``get_ticket_customizations``).
  :data:`.shipping.TEMPLATE_FIELDS` are added there (missing rows only; rows an admin changed are
  kept) and removed on uninstall. Whether a field is read-only comes from its meta (the
  app's Custom Fields): the panel greys read-only fields and hides empty ones. The app's
  computed fields carry ``depends_on: eval:doc.creation`` so that Helpdesk's new-ticket
  page, which shows the same template, does not offer them as inputs.
* **Tier actions**: the HD Form Script :data:`.shipping.FORM_SCRIPT` (HD Ticket, Form, enabled) whose
  script is ``public/js/hd_form_script/tier_actions.js`` (copied on install and migrate).
* **Tier queues**: public, standard HD Views (:data:`.views.VIEWS`, route "TicketsAgent": in the
  sidebar of every agent). Helpdesk has a token for the session user (``@me``) but none
  for "my teams", and ``HD Settings.restrict_tickets_by_agent_group`` would hide from tier
  1 the tickets it escalated. So each view's filters hold one pseudo-filter,
  ``{"__moeen_queue": "<kind>"}``, which :func:`.queues.get_list_data` (Helpdesk's list API, through
  ``override_whitelisted_methods``) replaces on every load with the queue's filters for the
  session user (:func:`moeen_helpdesk.tiers.queues.queue_filters`: the user's teams and roles as
  they are now), then hands to Helpdesk's own ``get_list_data``. The ticket page's next /
  previous arrows (:func:`.queues.get_navigation_tickets`) and the list's export
  (:func:`.queues.export_query`) read the same filters and get the same expansion.
* **Labels in the agent's language**: Helpdesk 1.25.1 shows the side panel's field labels
  as the doctype meta has them (``frappe.desk.form.load.getdoctype``; its ``TicketField``
  does not pass them through ``__()``), so an Arabic agent reads "Service", "Tier State".
  :func:`.labels.getdoctype` (``override_whitelisted_methods``) is Frappe's, with the HD Ticket
  labels translated (``_()``, the rows of ``translations/ar.csv``) when Helpdesk's UI
  (``/helpdesk``) asks; the desk, which translates labels itself, gets Frappe's answer.
* **Protection**: agents hold write and delete on every HD View; the shipped views are
  changed only by System Managers (:func:`.protection.view_permission`, a ``has_permission`` hook,
  and :func:`.protection.guard_view`, on validate and on_trash, for code paths that skip permissions)
  and put back as shipped on every migrate.

One module per section:

* :mod:`.views` — the shipped HD Views and the queue pseudo-filter;
* :mod:`.shipping` — install / migrate of the template rows, the form script and the views;
  uninstall;
* :mod:`.facts` — the service's unit and the targets in hours on the ticket (``before_save``);
* :mod:`.queues` — the list data, the next / previous arrows and the export of the queues;
* :mod:`.labels` — the translated HD Ticket labels (``getdoctype``);
* :mod:`.protection` — the shipped views changed only by System Managers.

The hooks name the section modules (the form script calls ``moeen_helpdesk.api.tiers``). The
paths older hooks named are re-exported: Frappe keeps the hooks in its cache until the next
migrate, so between an upgrade's code and its migrate those paths are still looked up.
"""

from moeen_helpdesk.agent_ui.labels import getdoctype
from moeen_helpdesk.agent_ui.protection import view_permission
from moeen_helpdesk.agent_ui.queues import export_query, get_list_data, get_navigation_tickets
from moeen_helpdesk.agent_ui.shipping import install

__all__ = [
    "export_query",
    "get_list_data",
    "get_navigation_tickets",
    "getdoctype",
    "install",
    "view_permission",
]
