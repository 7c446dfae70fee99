"""Moeen in Helpdesk's agent UI (``/helpdesk``), through its supported points only.

* **Ticket Info** (the side panel of ``/helpdesk/tickets/<id>``): Helpdesk shows the
  fields listed in its "Default" HD Ticket Template (``get_ticket_customizations``).
  :data:`TEMPLATE_FIELDS` are added there (missing rows only; rows an admin changed are
  kept) and removed on uninstall. Whether a field is read-only comes from its meta (the
  app's Custom Fields): the panel greys read-only fields and hides empty ones. The app's
  computed fields carry ``depends_on: eval:doc.creation`` so that Helpdesk's new-ticket
  page, which shows the same template, does not offer them as inputs.
* **Tier actions**: the HD Form Script :data:`FORM_SCRIPT` (HD Ticket, Form, enabled) whose
  script is ``public/js/hd_form_script/tier_actions.js`` (copied on install and migrate).
* **Tier queues**: public, standard HD Views (:data:`VIEWS`, route "TicketsAgent": in the
  sidebar of every agent). Helpdesk has a token for the session user (``@me``) but none
  for "my teams", and ``HD Settings.restrict_tickets_by_agent_group`` would hide from tier
  1 the tickets it escalated. So each view's filters hold one pseudo-filter,
  ``{"__moeen_queue": "<kind>"}``, which :func:`get_list_data` (Helpdesk's list API, through
  ``override_whitelisted_methods``) replaces on every load with the queue's filters for the
  session user (:func:`moeen_helpdesk.tiers.queues.queue_filters`: the user's teams and roles as
  they are now), then hands to Helpdesk's own ``get_list_data``. The ticket page's next /
  previous arrows (:func:`get_navigation_tickets`) and the list's export
  (:func:`export_query`) read the same filters and get the same expansion.
* **Labels in the agent's language**: Helpdesk 1.25.1 shows the side panel's field labels
  as the doctype meta has them (``frappe.desk.form.load.getdoctype``; its ``TicketField``
  does not pass them through ``__()``), so an Arabic agent reads "Service", "Tier State".
  :func:`getdoctype` (``override_whitelisted_methods``) is Frappe's, with the HD Ticket
  labels translated (``_()``, the rows of ``translations/ar.csv``) when Helpdesk's UI
  (``/helpdesk``) asks; the desk, which translates labels itself, gets Frappe's answer.
* **Protection**: agents hold write and delete on every HD View; the shipped views are
  changed only by System Managers (:func:`view_permission`, a ``has_permission`` hook,
  and :func:`guard_view`, on validate and on_trash, for code paths that skip permissions)
  and put back as shipped on every migrate.
"""

import json
import os

import frappe
from frappe import _
from frappe.utils import cint
from helpdesk.api.doc import get_list_data as helpdesk_get_list_data

from moeen_helpdesk.guard import check_list_view, endpoint
from moeen_helpdesk.tiers.queues import queue_filters

TEMPLATE = "Default"
#: (fieldname, hide_from_customer), in the panel's order.
TEMPLATE_FIELDS: tuple[tuple[str, int], ...] = (
    ("moeen_service", 1),
    ("moeen_kind", 1),
    ("moeen_beneficiary_type", 1),
    ("moeen_channel", 1),
    ("moeen_tier_state", 1),
    ("moeen_service_unit", 1),
    ("moeen_response_target_hours", 1),
    ("moeen_resolution_target_hours", 1),
    ("moeen_sla_state", 1),
)
#: Pinned targets (business seconds) and their hour twins shown in the panel.
TARGET_HOURS = (
    ("moeen_response_target", "moeen_response_target_hours"),
    ("moeen_resolution_target", "moeen_resolution_target_hours"),
)

FORM_SCRIPT = "Moeen Tier Actions"
SCRIPT_FILE = os.path.join(os.path.dirname(__file__), "public", "js", "hd_form_script", "tier_actions.js")

QUEUE_FILTER = "__moeen_queue"
ADMIN_ROLES = ("System Manager",)
READ_PTYPES = ("read", "select", "report", "export", "print", "email")

_COLUMNS = [
    {"label": "ID", "type": "Int", "key": "name", "width": "5rem"},
    {"label": "Subject", "type": "Data", "key": "subject", "width": "20rem"},
    {
        "label": "Service",
        "type": "Link",
        "key": "moeen_service",
        "options": "Moeen Service",
        "width": "10rem",
    },
    {"label": "Tier State", "type": "Select", "key": "moeen_tier_state", "width": "8rem"},
    {"label": "Team", "type": "Link", "key": "agent_group", "options": "HD Team", "width": "10rem"},
    {"label": "Resolution By", "type": "Datetime", "key": "resolution_by", "width": "8rem"},
    {"label": "Response By", "type": "Datetime", "key": "response_by", "width": "8rem"},
    {"label": "Assigned To", "type": "MultipleAvatar", "key": "_assign", "width": "8rem"},
    {"label": "Status", "type": "Select", "key": "status", "width": "8rem"},
]
_ROWS = [c["key"] for c in _COLUMNS] + ["modified", "creation", "priority", "moeen_sla_state"]

# The view labels, shown through Helpdesk's __() (Arabic rows in ar.csv), listed here for the
# translation collector: _("My Tier's Queue") _("Escalated by My Team") _("Awaiting My Verification")
# _("Unassigned in My Teams")
VIEWS: dict[str, dict] = {
    "MOEEN-VIEW-MY-TIER": {
        "label": "My Tier's Queue",
        "icon": "📥",
        "queue": "my_tier",
        "order_by": "resolution_by asc",
    },
    "MOEEN-VIEW-ESCALATED-BY-MY-TEAM": {
        "label": "Escalated by My Team",
        "icon": "⤴️",
        "queue": "escalated_by_us",
        "order_by": "modified desc",
    },
    "MOEEN-VIEW-AWAITING-MY-VERIFICATION": {
        "label": "Awaiting My Verification",
        "icon": "✅",
        "queue": "awaiting_verification",
        "order_by": "modified asc",
    },
    "MOEEN-VIEW-UNASSIGNED-IN-MY-TEAMS": {
        "label": "Unassigned in My Teams",
        "icon": "🙋",
        "queue": "waiting",
        "order_by": "creation asc",
    },
}


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def view_values(name: str) -> dict:
    spec = VIEWS[name]
    return {
        "name": name,
        "label": spec["label"],
        "icon": spec["icon"],
        "dt": "HD Ticket",
        "type": "list",
        "route_name": "TicketsAgent",
        "public": 1,
        "pinned": 0,
        "is_default": 0,
        "is_customer_portal": 0,
        "user": "Administrator",
        "load_default_columns": 0,
        "order_by": spec["order_by"],
        "filters": _dumps({QUEUE_FILTER: spec["queue"]}),
        "columns": _dumps(_COLUMNS),
        "rows": _dumps(_ROWS),
    }


# ------------------------------------------------------------------ install / migrate
def install():
    """Install and every migrate (idempotent: saves only what differs from the shipped state)."""
    ensure_template_rows()
    ensure_form_script()
    ensure_views()


def ensure_template_rows():
    if not frappe.db.exists("HD Ticket Template", TEMPLATE):
        frappe.get_doc({"doctype": "HD Ticket Template", "template_name": TEMPLATE}).insert(
            ignore_permissions=True
        )
    doc = frappe.get_doc("HD Ticket Template", TEMPLATE)
    have = {row.fieldname for row in doc.fields}
    meta = frappe.get_meta("HD Ticket")
    missing = [(f, hide) for f, hide in TEMPLATE_FIELDS if f not in have and meta.has_field(f)]
    if not missing:
        return
    for fieldname, hide in missing:
        doc.append("fields", {"fieldname": fieldname, "required": 0, "hide_from_customer": hide})
    doc.save(ignore_permissions=True)


def script_source() -> str:
    with open(SCRIPT_FILE, encoding="utf-8") as fh:
        return fh.read()


def ensure_form_script():
    """The form script, enabled when created; later migrates bring its script up to date
    (an admin who disabled it keeps it disabled)."""
    script = script_source()
    if frappe.db.exists("HD Form Script", FORM_SCRIPT):
        if frappe.db.get_value("HD Form Script", FORM_SCRIPT, "script") != script:
            doc = frappe.get_doc("HD Form Script", FORM_SCRIPT)
            doc.script = script
            doc.save(ignore_permissions=True)
        return
    doc = frappe.get_doc(
        {
            "doctype": "HD Form Script",
            "name": FORM_SCRIPT,
            "dt": "HD Ticket",
            "apply_to": "Form",
            "enabled": 1,
            "script": script,
            "apply_to_customer_portal": 0,
            "apply_on_new_page": 0,
            "is_standard": 0,
        }
    )
    doc.insert(ignore_permissions=True)


def ensure_views():
    for name in VIEWS:
        values = view_values(name)
        if frappe.db.exists("HD View", name):
            doc = frappe.get_doc("HD View", name)
            changed = {k: v for k, v in values.items() if k != "name" and doc.get(k) != v}
            if changed:
                doc.update(changed)
                doc.flags.moeen_shipping = True
                doc.save(ignore_permissions=True)
        else:
            doc = frappe.get_doc({"doctype": "HD View", **values})
            doc.flags.name_set = True
            doc.flags.moeen_shipping = True
            doc.insert(ignore_permissions=True)
        # Helpdesk keeps is_standard only for views made in install/migrate: set it whatever the caller.
        if not cint(frappe.db.get_value("HD View", name, "is_standard")):
            frappe.db.set_value("HD View", name, "is_standard", 1, update_modified=False)


def uninstall():
    """before_uninstall: remove the template rows, the form script and the views."""
    frappe.db.delete(
        "HD Ticket Template Field",
        {
            "parent": TEMPLATE,
            "parenttype": "HD Ticket Template",
            "fieldname": ["in", [f for f, _hide in TEMPLATE_FIELDS]],
        },
    )
    frappe.db.delete("HD Form Script", {"name": FORM_SCRIPT})
    # Helpdesk refuses to trash standard views: remove the rows themselves.
    frappe.db.delete("HD View", {"name": ["in", list(VIEWS)]})


# ------------------------------------------------------------------ HD Ticket facts
def set_ticket_facts(doc, method=None):
    """HD Ticket before_save (after the SLA has pinned the targets): the service's unit and the
    targets in business hours for the panel (whatever was typed into them; a beneficiary's
    change of them is refused before, by ``moeen_helpdesk.protection``)."""
    unit = (
        frappe.get_cached_value("Moeen Service", doc.moeen_service, "tier2_team")
        if doc.moeen_service
        else None
    )
    if (doc.get("moeen_service_unit") or None) != unit:
        doc.moeen_service_unit = unit
    for seconds_field, hours_field in TARGET_HOURS:
        seconds = cint(doc.get(seconds_field))
        hours = round(seconds / 3600, 2) if seconds else None
        if doc.get(hours_field) != hours:
            doc.set(hours_field, hours)


# ------------------------------------------------------------------ the views' queues
def expand_queue_filter(filters):
    """Replace the pseudo-filter ``__moeen_queue`` with the queue's filters for the session user."""
    if isinstance(filters, str):
        try:
            filters = json.loads(filters or "{}")
        except ValueError:
            frappe.throw(_("Invalid filters"), frappe.ValidationError)
    if not isinstance(filters, dict) or QUEUE_FILTER not in filters:
        return filters

    filters = dict(filters)
    kind = filters.pop(QUEUE_FILTER)
    if isinstance(kind, list | tuple):  # ["=", "my_tier"]
        kind = kind[-1] if kind else None
    if not isinstance(kind, str):
        frappe.throw(_("Unknown queue {0}").format(kind), frappe.ValidationError)
    filters.update(queue_filters(kind))
    return filters


@frappe.whitelist()
@endpoint(pseudo_filters=(QUEUE_FILTER,))
def get_list_data(
    doctype: str,
    filters: dict | None = None,
    default_filters: dict | None = None,
    order_by: str = "modified desc",
    page_length: int = 20,
    columns: list | None = None,
    rows: list | None = None,
    show_customer_portal_fields: bool = False,
    view: dict | None = None,
    is_default: bool = False,
) -> dict:
    """Helpdesk's list API (``helpdesk.api.doc.get_list_data``, same arguments) with the
    Moeen queue pseudo-filter expanded; everything else is Helpdesk's."""
    check_list_view(doctype, columns, rows, order_by)
    return helpdesk_get_list_data(
        doctype=doctype,
        filters=expand_queue_filter(filters or {}),
        default_filters=default_filters or {},
        order_by=order_by,
        page_length=page_length,
        columns=columns or [],
        rows=rows or [],
        show_customer_portal_fields=show_customer_portal_fields,
        view=view,
        is_default=is_default,
    )


def queue_conditions(filters) -> list:
    """A view's filters (a dict, with the queue pseudo-filter or not) as a list of
    ``[field, operator, value]``, the queue's own filters added beside the others: a
    field may be filtered twice (``name`` by an escalation queue and by the page's
    selection or the current ticket)."""
    if isinstance(filters, str):
        try:
            filters = json.loads(filters or "{}")
        except ValueError:
            frappe.throw(_("Invalid filters"), frappe.ValidationError)
    if isinstance(filters, list):
        return filters
    if not isinstance(filters, dict):
        frappe.throw(_("Invalid filters"), frappe.ValidationError)
    queue = expand_queue_filter({QUEUE_FILTER: filters[QUEUE_FILTER]}) if QUEUE_FILTER in filters else {}
    out = []
    for source in ({k: v for k, v in filters.items() if k != QUEUE_FILTER}, queue):
        for field, value in source.items():
            if isinstance(value, list | tuple) and len(value) == 2 and isinstance(value[0], str):
                out.append([field, value[0], value[1]])
            else:
                out.append([field, "=", value])
    return out


NAVIGATION_LIMIT = 40  # as many as Helpdesk's own list of tickets to navigate


@frappe.whitelist()
@endpoint
def get_navigation_tickets(ticket: str, current_view: str | None = None):
    """Helpdesk's next / previous ticket list (``helpdesk.helpdesk.doctype.hd_ticket.api.
    get_navigation_tickets``, same arguments and answer); for a view with the queue
    pseudo-filter, the queue's tickets after Helpdesk's filters and order of the view."""
    from helpdesk.helpdesk.doctype.hd_ticket import api as hd_ticket_api

    filters = hd_ticket_api.get_navigation_filters(ticket, current_view)
    if not isinstance(filters, dict) or QUEUE_FILTER not in filters:
        return hd_ticket_api.get_navigation_tickets(ticket, current_view)
    tickets = frappe.get_list(
        "HD Ticket",
        pluck="name",
        filters=queue_conditions(filters),
        order_by=hd_ticket_api.get_navigation_order_by(current_view),
        limit=NAVIGATION_LIMIT,
    )
    return [ticket, *tickets]


@frappe.whitelist()
@endpoint
def export_query():
    """Frappe's ``frappe.desk.reportview.export_query`` (Helpdesk's list export) with the
    queue pseudo-filter of an HD Ticket list expanded; any other export is Frappe's."""
    from frappe.desk.reportview import export_query as frappe_export_query

    filters = frappe.form_dict.get("filters")
    if frappe.form_dict.get("doctype") == "HD Ticket" and filters and QUEUE_FILTER in str(filters):
        frappe.form_dict["filters"] = json.dumps(queue_conditions(filters))
    return frappe_export_query()


# ------------------------------------------------------------------ labels
AGENT_UI_PATH = "/helpdesk"
TRANSLATED_DOCTYPES = ("HD Ticket",)


def from_agent_ui() -> bool:
    """Whether the request comes from a page of Helpdesk's UI (its ``Referer``)."""
    from urllib.parse import urlparse

    referer = frappe.get_request_header("Referer") if getattr(frappe.local, "request", None) else None
    path = urlparse(referer or "").path
    return path == AGENT_UI_PATH or path.startswith(AGENT_UI_PATH + "/")


def translated_meta(meta) -> dict:
    """A doctype meta as Frappe sends it, its field labels in the user's language."""
    out = meta.as_dict(no_nulls=True)
    for df in out.get("fields") or []:
        if df.get("label"):
            df["label"] = _(df["label"], context=meta.name)
    return out


@frappe.whitelist()
@endpoint
def getdoctype(doctype, with_parent=False, cached_timestamp=None):
    """Frappe's ``frappe.desk.form.load.getdoctype`` (same arguments and answer); for
    Helpdesk's UI, the labels of :data:`TRANSLATED_DOCTYPES` in the user's language."""
    from frappe.desk.form.load import getdoctype as frappe_getdoctype

    result = frappe_getdoctype(doctype, with_parent=with_parent, cached_timestamp=cached_timestamp)
    docs = frappe.response.get("docs")
    if docs and from_agent_ui():
        frappe.response.docs = [
            translated_meta(d) if getattr(d, "name", None) in TRANSLATED_DOCTYPES else d for d in docs
        ]
    return result


# ------------------------------------------------------------------ protection
def _is_admin(user: str | None) -> bool:
    user = user or frappe.session.user
    return user == "Administrator" or bool(set(frappe.get_roles(user)) & set(ADMIN_ROLES))


def view_permission(doc, ptype=None, user=None):
    """has_permission for HD View: the shipped views may be read by everyone who may read views,
    changed only by System Managers. Other views: no opinion."""
    if doc.name not in VIEWS or (ptype or "read") in READ_PTYPES:
        return None
    return _is_admin(user)


def _shipping() -> bool:
    return bool(frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_uninstall)


def guard_view(doc, method=None):
    """HD View validate / on_trash: refuse changes to a shipped view by anyone but a System Manager."""
    if doc.name not in VIEWS or doc.flags.moeen_shipping or _shipping() or _is_admin(None):
        return
    frappe.throw(
        _("The view {0} is shipped by Moeen and cannot be changed").format(_(VIEWS[doc.name]["label"])),
        frappe.PermissionError,
    )
