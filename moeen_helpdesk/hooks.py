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
after_sync = [
    "moeen_helpdesk.report_indexes.ensure_indexes",
    "moeen_helpdesk.agent_ui.shipping.install",  # the template rows name the fixtures' custom fields
]

# Fixtures: only records of this app's module, and its own roles.
fixtures = [
    {
        "dt": "Role",
        "filters": [
            [
                "name",
                "in",
                [
                    "Beneficiary",
                    "Tier 1 Agent",
                    "Tier 1 Supervisor",
                    "Tier 2 Agent",
                    "Tier 2 Lead",
                    "Moeen Service Manager",
                ],
            ]
        ],
    },
    {"dt": "Custom Field", "filters": [["module", "=", "Moeen Helpdesk"]]},
    {"dt": "Property Setter", "filters": [["module", "=", "Moeen Helpdesk"]]},
]

# Document events
# ---------------
doc_events = {
    # One entry module per foreign doctype (moeen_helpdesk/overrides/): each states the order.
    "HD Ticket": {
        "before_insert": "moeen_helpdesk.overrides.hd_ticket.before_insert",
        "validate": "moeen_helpdesk.overrides.hd_ticket.validate",
        "before_save": "moeen_helpdesk.overrides.hd_ticket.before_save",
        "on_update": "moeen_helpdesk.overrides.hd_ticket.on_update",
        "on_trash": "moeen_helpdesk.overrides.hd_ticket.on_trash",
        "autoname": "moeen_helpdesk.overrides.hd_ticket.autoname",
        "after_insert": "moeen_helpdesk.overrides.hd_ticket.after_insert",
    },
    "HD Ticket Priority": {
        "after_insert": "moeen_helpdesk.overrides.hd_ticket_priority.after_insert",
    },
    "User": {
        "validate": "moeen_helpdesk.overrides.user.validate",
        "after_insert": "moeen_helpdesk.overrides.user.after_insert",
    },
    "HD Team": {
        "on_update": "moeen_helpdesk.overrides.hd_team.on_change",
        "on_trash": "moeen_helpdesk.overrides.hd_team.on_change",
        "after_rename": "moeen_helpdesk.overrides.hd_team.on_change",
    },
    "HD Agent": {
        "on_update": "moeen_helpdesk.overrides.hd_agent.on_update",
    },
    "HD View": {
        "validate": "moeen_helpdesk.overrides.hd_view.guard",
        "on_trash": "moeen_helpdesk.overrides.hd_view.guard",
    },
    "TP Call Log": {
        "on_update": "moeen_helpdesk.overrides.tp_call_log.on_update",
    },
    "File": {
        "before_insert": "moeen_helpdesk.overrides.file.before_insert",
    },
    "Communication": {
        "on_trash": "moeen_helpdesk.overrides.communication.on_trash",
    },
    # Knowledge articles (moeen_helpdesk/knowledge/): the request form's cache, a deleted article unlisted.
    "HD Article": {
        "on_update": "moeen_helpdesk.overrides.hd_article.on_update",
        "on_trash": "moeen_helpdesk.overrides.hd_article.on_trash",
    },
    # The app's own doctype: its calendar edits recompute the open tickets that use it.
    "Moeen Office Calendar": {
        "on_update": "moeen_helpdesk.sla.recompute.on_calendar_update",
    },
}

# The delivery figures are a cache rebuilt every hour: they keep no service or team from being deleted.
# The deflection records are history: they keep no article or service from being deleted either.
ignore_links_on_delete = ["Moeen Service Delivery", "Moeen Article Deflection"]

scheduler_events = {
    "cron": {
        "*/5 * * * *": [
            "moeen_helpdesk.sla.notices.run_periodic_job",
            "moeen_helpdesk.tiers.assignment.assign_waiting_tickets",
        ],
    },
    "daily": ["moeen_helpdesk.review.notify_due_reviews"],
    "hourly": [
        "moeen_helpdesk.tiers.times.refresh_open_tickets",
        "moeen_helpdesk.surveys.sending.send_reminders",
        "moeen_helpdesk.delivery.run_hourly",
    ],
}

# Helpdesk's customer portal posts a reply through run_doc_method: stored first, e-mailed after.
doctype_list_js = {"HD Ticket": "public/js/hd_ticket_list.js"}

doctype_js = {
    "HD Ticket": "public/js/hd_ticket_tiers.js",
    "TP Call Log": "public/js/tp_call_log.js",
}

on_session_creation = "moeen_helpdesk.beneficiaries.on_login"

# Beneficiaries land in Moeen (moeen_helpdesk/landing.py)
# ------------------------------------------------------
role_home_page = {"Beneficiary": "moeen"}
portal_menu_items = [{"title": "Moeen", "route": "/moeen", "role": "Beneficiary"}]
update_website_context = "moeen_helpdesk.landing.update_website_context"
# Helpdesk's customer portal opened from a link goes to the Moeen pages (302: not cached by browsers).
website_redirects = [
    {"source": r"/helpdesk/my-tickets/new(/.*)?", "target": "/moeen", "redirect_http_status": 302},
    {
        "source": r"/helpdesk/my-tickets/(\d+)",
        "target": r"/moeen/ticket?name=\1",
        "redirect_http_status": 302,
    },
    {"source": "/helpdesk/my-tickets", "target": "/moeen/tickets", "redirect_http_status": 302},
]

# Permissions
# -----------
has_permission = {
    "Moeen Beneficiary": "moeen_helpdesk.permissions.beneficiary.has_permission",
    "HD View": "moeen_helpdesk.agent_ui.protection.view_permission",
    "HD Article": "moeen_helpdesk.knowledge.articles.article_permission",
}

permission_query_conditions = {
    "Moeen Beneficiary": "moeen_helpdesk.permissions.beneficiary.query_conditions",
    "HD Article": "moeen_helpdesk.knowledge.articles.article_conditions",
}


# Security (moeen_helpdesk.counts, moeen_helpdesk.guard)
# --------
# Frappe 15.92's count, link search and "assigned to" group count ignore permissions.
override_whitelisted_methods = {
    "frappe.client.get_count": "moeen_helpdesk.counts.get_count",
    "frappe.desk.search.search_link": "moeen_helpdesk.counts.search_link",
    "frappe.desk.search.search_widget": "moeen_helpdesk.counts.search_widget",
    "frappe.desk.listview.get_group_by_count": "moeen_helpdesk.counts.get_group_by_count",
    # Frappe's report runner answers a call without report_name with a 500: arguments bound first.
    "frappe.desk.query_report.run": "moeen_helpdesk.report_runner.run",
    # Helpdesk's customer portal posts a reply through run_doc_method: stored first, e-mailed after.
    "run_doc_method": "moeen_helpdesk.api.replies.run_doc_method",
    "frappe.handler.run_doc_method": "moeen_helpdesk.api.replies.run_doc_method",
    # Helpdesk's list API, with the Moeen queue pseudo-filter of the shipped HD Views expanded.
    "helpdesk.api.doc.get_list_data": "moeen_helpdesk.agent_ui.queues.get_list_data",
    # ... and in its ticket page's next / previous arrows and its list's export.
    "helpdesk.helpdesk.doctype.hd_ticket.api.get_navigation_tickets": "moeen_helpdesk.agent_ui.queues.get_navigation_tickets",
    "frappe.desk.reportview.export_query": "moeen_helpdesk.agent_ui.queues.export_query",
    # Frappe's doctype meta: the HD Ticket labels in the agent's language for Helpdesk's UI.
    "frappe.desk.form.load.getdoctype": "moeen_helpdesk.agent_ui.labels.getdoctype",
    # Helpdesk's portal quick filters: no internal Moeen field for those who are not agents.
    "helpdesk.api.doc.get_quick_filters": "moeen_helpdesk.landing.get_quick_filters",
    # Helpdesk 1.25.1's UI asks a path Frappe 15 moved to frappe.pulse (else a 417 on every page load).
    "frappe.utils.telemetry.pulse.client.is_enabled": "frappe.pulse.client.is_enabled",
}
before_request = ["moeen_helpdesk.guard.request.before_request"]
# A JSON body Frappe could not parse (before any hook) is the client's error: 400, not 500.
after_request = ["moeen_helpdesk.guard.parse_errors.after_request"]
