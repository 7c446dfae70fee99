"""Attachment limits of the portal: size, allowed types and content that matches its extension
(:func:`validate_attachment` is the ``File`` ``before_insert`` step of
:mod:`moeen_helpdesk.overrides.file`), and the attachments a ticket's page lists."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint

from moeen_helpdesk.utils import is_agent

TICKET = "HD Ticket"
MAX_ATTACHMENT_MB = 10
MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_MB * 1024 * 1024
ALLOWED_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "txt")
# Doctypes whose attachments follow the portal's limits when a beneficiary uploads them
# (unattached uploads too: Helpdesk's own portal uploads first and attaches afterwards).
LIMITED_DOCTYPES = (None, "", TICKET, "Communication", "HD Ticket Comment")

_MAGIC = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}


def extension_of(filename: str | None) -> str:
    name = (filename or "").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_attachment(filename: str | None, size: int | None, content: bytes | str | None = None) -> None:
    """Refuse (translated) a file that is too large, of a type not allowed, or whose content is
    not what its extension says."""
    ext = extension_of(filename)
    allowed = ", ".join(e.upper() for e in ALLOWED_EXTENSIONS if e != "jpeg")
    if ext not in ALLOWED_EXTENSIONS:
        frappe.throw(
            _("{0}: this type of file cannot be attached. Allowed types: {1}").format(
                filename or "?", allowed
            ),
            frappe.ValidationError,
            title=_("Attachment refused"),
        )
    if size and cint(size) > MAX_ATTACHMENT_BYTES:
        frappe.throw(
            _("{0} is larger than {1} MB").format(filename, MAX_ATTACHMENT_MB),
            frappe.ValidationError,
            title=_("Attachment refused"),
        )
    if content:
        head = content[:16] if isinstance(content, bytes) else content[:16].encode("utf-8", "ignore")
        magic = _MAGIC.get(ext)
        bad = (magic and not head.startswith(magic)) or (
            ext == "txt" and isinstance(content, bytes) and b"\x00" in content[:4096]
        )
        if bad:
            frappe.throw(
                _("{0}: the file's content does not match its type").format(filename),
                frappe.ValidationError,
                title=_("Attachment refused"),
            )


def validate_attachment(doc, method=None):
    """File ``before_insert``: the portal's limits for files a beneficiary attaches to a ticket
    (or uploads unattached, as Helpdesk's portal does). Agents and system jobs are not limited."""
    if doc.get("is_folder") or frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_patch:
        return
    if doc.get("attached_to_doctype") not in LIMITED_DOCTYPES:
        return
    user = frappe.session.user
    if user == "Administrator" or (user != "Guest" and is_agent(user)):
        return
    check_attachment(doc.file_name or doc.file_url, doc.file_size, getattr(doc, "_content", None))


def attachments_of(doctype: str, names: list[str]) -> dict[str, list[dict]]:
    if not names:
        return {}
    out: dict[str, list[dict]] = {}
    for f in frappe.get_all(
        "File",
        filters={"attached_to_doctype": doctype, "attached_to_name": ["in", names]},
        fields=["name", "file_name", "file_url", "file_size", "attached_to_name", "creation"],
        order_by="creation asc",
    ):
        out.setdefault(f.attached_to_name, []).append(
            {
                "name": f.name,
                "file_name": f.file_name,
                "url": f.file_url,
                "size": cint(f.file_size),
                "size_text": size_text(f.file_size),
            }
        )
    return out


def size_text(size) -> str:
    size = cint(size)
    if size >= 1024 * 1024:
        return _("{0} MB").format(f"{size / 1048576:.1f}")
    return _("{0} KB").format(max(1, round(size / 1024)))
