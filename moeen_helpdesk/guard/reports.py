"""The filters of the app's reports, checked before any query runs."""

import frappe
from frappe import _

from moeen_helpdesk.core import report_filters as filters_rule
from moeen_helpdesk.guard.errors import InvalidArguments


def report_filters(filters) -> frappe._dict:
    """The filters of one of the app's reports, checked (``core.report_filters``): a translated
    417 naming the filter when one is malformed, before any query runs."""
    try:
        return frappe._dict(filters_rule.clean(filters))
    except filters_rule.BadFilter as e:
        frappe.throw(_report_filter_message(e), InvalidArguments)


def _report_filter_message(e) -> str:
    if e.reason == filters_rule.NOT_A_DATE:
        return _("The filter {0} must be a date").format(e.field)
    if e.reason == filters_rule.NOT_TEXT:
        return _("The filter {0} must be text").format(e.field)
    if e.reason == filters_rule.TOO_LONG:
        return _("The filter {0} is too long").format(e.field)
    return _("The report filters must be an object")
