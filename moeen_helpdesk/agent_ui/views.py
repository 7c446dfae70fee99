"""The tier queues as Helpdesk views: public, standard HD Views of HD Ticket (route
"TicketsAgent"), each with the queue pseudo-filter :data:`QUEUE_FILTER` that
:mod:`.queues` expands for the session user."""

import json

QUEUE_FILTER = "__moeen_queue"

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
