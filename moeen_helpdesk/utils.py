"""Small helpers shared by the Frappe shell."""

import hashlib
from functools import lru_cache
from pathlib import Path

import frappe
from frappe import _
from frappe.email.doctype.email_account.email_account import EmailAccount
from helpdesk.utils import is_agent as hd_is_agent

from moeen_helpdesk.core.errors import CoreError, NotAllowed


class NotEligibleError(frappe.PermissionError):
    """A rule of the policy refuses the action (HTTP 403)."""


def translate_core(error: CoreError) -> str:
    """The translated text of a core error: template and string parameters both go through ``_``."""
    params = [_(p) if isinstance(p, str) else p for p in error.params]
    return _(error.template).format(*params)


def throw_core(error: CoreError, title: str | None = None):
    exc = NotEligibleError if isinstance(error, NotAllowed) else frappe.ValidationError
    frappe.throw(
        translate_core(error), exc, title=title or (_("Not allowed") if exc is NotEligibleError else None)
    )


def is_agent(user: str | None = None) -> bool:
    """Helpdesk's own definition of an agent (admins included)."""
    return hd_is_agent(user or frappe.session.user)


def service_doc(name: str | None):
    """A Moeen Service from Frappe's document cache (cleared on every save of it), or None.

    One cached read serves the request's catalog check, the extra fields, the ticket's
    eligibility and its clock targets."""
    if not name or not isinstance(name, str):
        return None
    try:
        return frappe.get_cached_doc("Moeen Service", name)
    except frappe.DoesNotExistError:
        frappe.clear_last_message()
        return None


def outgoing_email_ready() -> bool:
    """Whether e-mail can be queued: an enabled default outgoing Email Account, or one in the site
    config (not the dummy account Frappe makes up when ``mute_emails`` is set and there is none)."""
    return bool(
        frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1})
        or EmailAccount.find_from_config()
    )


# Background queues. Frappe's workers take the queues they serve in order ("short,default" for
# the standard worker): a job on URGENT_QUEUE starts before every job waiting on MAIL_QUEUE.
#: Work a beneficiary or an agent waits for within seconds: a new ticket's assignment, the bell.
URGENT_QUEUE = "short"
#: Jobs that talk to the SMTP server (Helpdesk's reply e-mail sends at once, ``now=True``): a slow
#: or unreachable server holds up only other e-mails, never an assignment.
MAIL_QUEUE = "default"


PUBLIC = Path(__file__).parent / "public"


def public_file(path: str) -> Path:
    """A file of the app's ``public/`` folder (``js/…``, ``css/…``)."""
    return PUBLIC / path


@lru_cache(maxsize=16)
def asset_url(path: str) -> str:
    """The URL of a ``public/`` file: ``/assets/moeen_helpdesk/<path>`` (the link ``bench build``
    makes for every app), with a version from its content so that a changed file is fetched anew."""
    digest = hashlib.sha1(public_file(path).read_bytes()).hexdigest()[:12]
    return f"/assets/moeen_helpdesk/{path}?v={digest}"
