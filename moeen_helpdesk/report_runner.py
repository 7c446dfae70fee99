"""Frappe's report runner (``frappe.desk.query_report.run``) behind the app's guard.

The app's reports are reached through it, and Frappe 15.92 answers a call without
``report_name`` (or with unusable arguments) with a 500. The override binds the arguments
first (a translated 417), bounds their size and nesting, and then calls Frappe's own runner
unchanged, for every report of the site."""

import frappe
from frappe.desk import query_report

from moeen_helpdesk.guard.endpoints import endpoint


@frappe.whitelist()
@endpoint
def run(
    report_name: str,
    filters=None,
    user=None,
    ignore_prepared_report=False,
    custom_columns=None,
    is_tree=False,
    parent_field=None,
    are_default_filters=True,
):
    return query_report.run(
        report_name,
        filters=filters,
        user=user,
        ignore_prepared_report=ignore_prepared_report,
        custom_columns=custom_columns,
        is_tree=is_tree,
        parent_field=parent_field,
        are_default_filters=are_default_filters,
    )
