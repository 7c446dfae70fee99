"""The refusals of malformed input, each with its HTTP status (a 4xx, never a 500)."""

import frappe


class InvalidArguments(frappe.ValidationError):
    """A call with missing, unexpected or unusable arguments (HTTP 417)."""

    http_status_code = 417


class InputTooDeep(frappe.ValidationError):
    http_status_code = 400


class InputTooLarge(frappe.ValidationError):
    http_status_code = 413


class InputNotAnObject(frappe.ValidationError):
    http_status_code = 400


class InputNotText(frappe.ValidationError):
    http_status_code = 400
