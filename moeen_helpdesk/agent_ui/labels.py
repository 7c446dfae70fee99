"""The HD Ticket labels in the agent's language for Helpdesk's UI (``/helpdesk``)."""

from urllib.parse import urlparse

import frappe
from frappe import _
from frappe.desk.form.load import getdoctype as frappe_getdoctype

from moeen_helpdesk.guard.endpoints import endpoint

AGENT_UI_PATH = "/helpdesk"
TRANSLATED_DOCTYPES = ("HD Ticket",)


def from_agent_ui() -> bool:
    """Whether the request comes from a page of Helpdesk's UI (its ``Referer``)."""
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
    result = frappe_getdoctype(doctype, with_parent=with_parent, cached_timestamp=cached_timestamp)
    docs = frappe.response.get("docs")
    if docs and from_agent_ui():
        frappe.response.docs = [
            translated_meta(d) if getattr(d, "name", None) in TRANSLATED_DOCTYPES else d for d in docs
        ]
    return result
