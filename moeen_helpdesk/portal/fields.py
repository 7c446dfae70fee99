"""A service's extra fields ("Moeen Service Field" rows), the check of their values and the
labelled block they become in the ticket's description; the checks of a form's plain text."""

from __future__ import annotations

import html
import re

import frappe
from frappe import _
from frappe.utils import getdate

from moeen_helpdesk.portal.language import pick
from moeen_helpdesk.utils import service_doc

SERVICE = "Moeen Service"
FIELD = "Moeen Service Field"

MAX_SUBJECT = 140
MAX_TEXT = 10_000
MAX_DATA = 140
MAX_SMALL_TEXT = 2_000


def _options(text: str | None) -> list[dict]:
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        en, _sep, ar = line.partition("|")
        value = en.strip()
        out.append(
            {
                "value": value,
                "label": pick(ar.strip() or value, value),
                "label_ar": ar.strip() or value,
                "label_en": value,
            }
        )
    return out


def service_fields(service: str) -> list[dict]:
    doc = service_doc(service)
    rows = sorted(doc.get("extra_fields") or [], key=lambda r: r.idx) if doc else []
    return [
        {
            "key": r.name,
            "label": pick(r.label_ar, r.label_en),
            "label_ar": r.label_ar,
            "label_en": r.label_en,
            "fieldtype": r.fieldtype or "Data",
            "required": bool(r.required),
            "options": _options(r.options) if r.fieldtype == "Select" else [],
        }
        for r in rows
    ]


def clean_field_values(service: str, values) -> list[dict]:
    """Check the extra fields' values against the service's definitions (keys are the fields'
    ``key``s). Returns ``[{"label_ar", "label_en", "value"}]`` in the fields' order."""
    if values in (None, "", {}):
        values = {}
    if isinstance(values, str):
        try:
            values = frappe.parse_json(values)
        except Exception:
            values = None
    if not isinstance(values, dict):
        frappe.throw(_("The service's fields are not valid"), frappe.ValidationError)
    fields = service_fields(service)
    known = {f["key"] for f in fields}
    unknown = [k for k in values if k not in known]
    if unknown:
        frappe.throw(_("Unknown field {0}").format(", ".join(map(str, unknown))), frappe.ValidationError)
    out = []
    for f in fields:
        raw = values.get(f["key"])
        value = "" if raw is None else str(raw).strip()
        label = f["label"]
        if not value:
            if f["required"]:
                frappe.throw(_("{0} is required").format(label), frappe.MandatoryError)
            continue
        kind = f["fieldtype"]
        if kind == "Select":
            match = next((o for o in f["options"] if o["value"] == value), None)
            if match is None:
                frappe.throw(_("{0}: choose one of the options").format(label), frappe.ValidationError)
            shown = (
                match["label_ar"]
                if match["label_ar"] == match["label_en"]
                else f"{match['label_ar']} / {match['label_en']}"
            )
        elif kind == "Date":
            try:
                shown = getdate(value).isoformat()
            except Exception:
                frappe.throw(_("{0}: enter a valid date").format(label), frappe.ValidationError)
        else:
            limit = MAX_SMALL_TEXT if kind == "Small Text" else MAX_DATA
            if len(value) > limit:
                frappe.throw(
                    _("{0} is too long (at most {1} characters)").format(label, limit), frappe.ValidationError
                )
            shown = value
        out.append({"label_ar": f["label_ar"], "label_en": f["label_en"], "value": shown})
    return out


def fields_block(rows: list[dict]) -> str:
    """The extra fields as a labelled block for the ticket's description (agents read both languages)."""
    if not rows:
        return ""
    items = "".join(
        "<li><strong>{}</strong>: {}</li>".format(
            html.escape(
                r["label_ar"] if r["label_ar"] == r["label_en"] else f"{r['label_ar']} / {r['label_en']}"
            ),
            html.escape(r["value"]).replace("\n", "<br>"),
        )
        for r in rows
    )
    return f'<div class="moeen-fields"><p><strong>{html.escape(_("Service details"))}</strong></p><ul>{items}</ul></div>'


def text_to_html(text: str) -> str:
    """Plain text from a form as safe HTML paragraphs."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if p.strip()]
    return "".join(f"<p>{html.escape(p.strip()).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def clean_text(value: str | None, label: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        frappe.throw(_("{0} is required").format(label), frappe.MandatoryError)
    if len(value) > limit:
        frappe.throw(
            _("{0} is too long (at most {1} characters)").format(label, limit), frappe.ValidationError
        )
    return value
