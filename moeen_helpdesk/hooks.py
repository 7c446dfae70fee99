app_name = "moeen_helpdesk"
app_title = "Moeen Helpdesk"
app_publisher = "Deanship of E-Transactions and Communications"
app_description = "Moeen: the deanship's support platform on Frappe Helpdesk"
app_email = "moeen@example.edu"
app_license = "AGPL-3.0"

# "org/repo" form: Frappe 15.92 resolves a bare name online before looking
# locally; with the org given it needs no network (the same form bench uses).
required_apps = ["frappe/helpdesk"]
require_type_annotated_api_methods = True

# Installation
# ------------
after_install = "moeen_helpdesk.install.after_install"
after_migrate = "moeen_helpdesk.install.after_migrate"
before_uninstall = "moeen_helpdesk.uninstall.before_uninstall"
# install-app marks patches as done and syncs fixtures after after_install: the report
# indexes need the fixtures' columns, so they are added here (and after every migrate).
after_sync = "moeen_helpdesk.patches.v0_1.add_report_indexes.execute"

# Fixtures: only records of this app's module, and its own roles.
fixtures = [
    {"dt": "Role", "filters": [["name", "in", [
        "Beneficiary",
        "Tier 1 Agent",
        "Tier 1 Supervisor",
        "Tier 2 Agent",
        "Tier 2 Lead",
        "Moeen Service Manager",
    ]]]},
    {"dt": "Custom Field", "filters": [["module", "=", "Moeen Helpdesk"]]},
    {"dt": "Property Setter", "filters": [["module", "=", "Moeen Helpdesk"]]},
]

# Document events
# ---------------
doc_events = {
    "HD Ticket": {
        "autoname": "moeen_helpdesk.intake.autoname",
        "before_insert": [
            "moeen_helpdesk.tickets.before_insert",
            "moeen_helpdesk.intake.before_insert",
            "moeen_helpdesk.service_sla.before_insert",
        ],
        "validate": [
            "moeen_helpdesk.tickets.validate",
            "moeen_helpdesk.intake.keep_flag",
            "moeen_helpdesk.service_sla.validate",
        ],
        "after_insert": "moeen_helpdesk.intake.after_insert",
        "before_save": [
            "moeen_helpdesk.sla.on_before_save",
            "moeen_helpdesk.review.record_durations",
        ],
        "on_update": "moeen_helpdesk.surveys.on_ticket_update",
        "on_trash": "moeen_helpdesk.tiers.on_ticket_trash",
    },
    "HD Ticket Priority": {
        "after_insert": "moeen_helpdesk.service_sla.on_priority_insert",
    },
    "File": {
        "before_insert": "moeen_helpdesk.portal.validate_attachment",
    },
    "TP Call Log": {
        "on_update": "moeen_helpdesk.surveys.on_call_log_update",
    },
    "HD Team": {
        "on_update": "moeen_helpdesk.tiers.on_team_change",
        "on_trash": "moeen_helpdesk.tiers.on_team_change",
        "after_rename": "moeen_helpdesk.tiers.on_team_change",
    },
    "HD Agent": {
        "on_update": "moeen_helpdesk.tiers.on_agent_change",
    },
    "Moeen Office Calendar": {
        "on_update": "moeen_helpdesk.sla.on_calendar_update",
    },
    "User": {
        "validate": "moeen_helpdesk.beneficiaries.add_role",
        "after_insert": "moeen_helpdesk.beneficiaries.on_user_created",
    },
}

scheduler_events = {
    "cron": {
        "*/5 * * * *": [
            "moeen_helpdesk.sla.run_periodic_job",
            "moeen_helpdesk.tiers.assign_waiting_tickets",
        ],
    },
    "daily": ["moeen_helpdesk.review.notify_due_reviews"],
    "hourly": [
        "moeen_helpdesk.tiers.refresh_open_tickets",
        "moeen_helpdesk.surveys.send_reminders",
    ],
}

doctype_list_js = {"HD Ticket": "public/js/hd_ticket_list.js"}

doctype_js = {
    "HD Ticket": "public/js/hd_ticket_tiers.js",
    "TP Call Log": "public/js/tp_call_log.js",
}

on_session_creation = "moeen_helpdesk.beneficiaries.on_login"

# Permissions
# -----------
has_permission = {
    "Moeen Beneficiary": "moeen_helpdesk.permissions.beneficiary.has_permission",
}
permission_query_conditions = {
    "Moeen Beneficiary": "moeen_helpdesk.permissions.beneficiary.query_conditions",
}

