"""Helpers of the integration tests (run on a bench: `bench run-tests --app moeen_helpdesk`)."""

import copy
from contextlib import contextmanager
from unittest.mock import patch

import frappe

from moeen_helpdesk.core.channels import CONTACT_PHONE

PREFIX = "moeen-it"


def make_category(code: str = "IT-CAT") -> str:
    if not frappe.db.exists("Moeen Service Category", code):
        frappe.get_doc(
            {
                "doctype": "Moeen Service Category",
                "category_code": code,
                "category_name_ar": "تصنيف اختبار",
                "category_name_en": "Test category",
            }
        ).insert(ignore_permissions=True)
    return code


def make_service(code: str, **values) -> str:
    if frappe.db.exists("Moeen Service", code):
        doc = frappe.get_doc("Moeen Service", code)
        doc.update(values)
        doc.save(ignore_permissions=True)
        return code
    doc = {
        "doctype": "Moeen Service",
        "service_code": code,
        "category": make_category(),
        "service_name_ar": f"خدمة {code}",
        "service_name_en": f"Service {code}",
        "kind": "Request",
        "is_active": 1,
        "portal_visible": 1,
        "allow_student": 1,
        "allow_staff": 1,
        "allow_faculty": 1,
        "allow_external": 0,
        "response_target": 3600,
        "resolution_target": 8 * 3600,
    }
    doc.update(values)
    frappe.get_doc(doc).insert(ignore_permissions=True)
    return code


def make_website_user(email: str, first_name: str = "Test", language: str | None = None) -> str:
    if not frappe.db.exists("User", email):
        user = {
            "doctype": "User",
            "email": email,
            "first_name": first_name,
            "user_type": "Website User",
            "send_welcome_email": 0,
        }
        if language:
            user["language"] = language
        frappe.get_doc(user).insert(ignore_permissions=True)
    return email


def make_beneficiary(email: str, beneficiary_type: str) -> str:
    make_website_user(email)
    profile = frappe.get_doc("Moeen Beneficiary", email)
    if profile.beneficiary_type != beneficiary_type:
        profile.beneficiary_type = beneficiary_type
        profile.save(ignore_permissions=True)
    return email


def make_call(number: str, status: str = "Completed", **values):
    """An incoming call from ``number`` to the contact center (a TP Call Log, inserted)."""
    return frappe.get_doc(
        {
            "doctype": "TP Call Log",
            "id": frappe.generate_hash(length=12),
            "from": number,
            "to": CONTACT_PHONE,
            "type": "Incoming",
            "status": status,
            "telephony_medium": "Manual",
            **values,
        }
    ).insert(ignore_permissions=True)


def make_agent(email: str, roles=("Agent",), name: str = "Agent", language: str | None = None) -> str:
    """A desk user with these roles and an active HD Agent; ``language`` (if given) is the user's,
    set on an existing user too."""
    if not frappe.db.exists("User", email):
        user = {
            "doctype": "User",
            "email": email,
            "first_name": name,
            "send_welcome_email": 0,
            "roles": [{"role": r} for r in roles],
        }
        if language:
            user["language"] = language
        frappe.get_doc(user).insert(ignore_permissions=True)
    if language:
        frappe.db.set_value("User", email, "language", language)
    if not frappe.db.exists("HD Agent", email):
        frappe.get_doc({"doctype": "HD Agent", "user": email, "agent_name": name, "is_active": 1}).insert(
            ignore_permissions=True
        )
    return email


@contextmanager
def as_user(user: str):
    previous = frappe.session.user
    frappe.set_user(user)
    try:
        yield
    finally:
        frappe.set_user(previous)


def api_token(user: str) -> str:
    """An ``Authorization`` header value for HTTP tests (new API keys of the user)."""
    from frappe.core.doctype.user.user import generate_keys

    generate_keys(user)
    doc = frappe.get_doc("User", user)
    return f"token {doc.api_key}:{doc.get_password('api_secret')}"


def ticket_count() -> int:
    return frappe.db.count("HD Ticket")


@contextmanager
def doc_hooks(*hooks: tuple[str, str, str]):
    """Add (doctype, event, method) doc_events for the block when hooks.py lacks them, never twice."""
    events = frappe.get_doc_hooks()
    saved = copy.deepcopy(events)
    for doctype, event, method in hooks:
        methods = events.setdefault(doctype, {}).setdefault(event, [])
        if method not in methods:
            methods.append(method)
    try:
        yield
    finally:
        frappe.local.doc_events_hooks = saved


TEST_EMAIL_ACCOUNT = "Moeen Test Outgoing"
CLOSED_SMTP_PORT = 1  # tcpmux: nothing listens on 127.0.0.1:1, a connection is refused at once


def forget_email_accounts():
    """Drop Frappe's per-process cache of outgoing accounts (it outlives a test's rollback, and
    with ``mute_emails`` it may hold a dummy account that cannot format a sender)."""
    frappe.local.outgoing_email_account = {}


def outgoing_email_account(case=None, name: str = TEST_EMAIL_ACCOUNT, port: int = CLOSED_SMTP_PORT) -> str:
    """The tests' own default outgoing Email Account (created when missing, made the default).

    Tests that send e-mails call this in their setUp (``outgoing_email_account(self)``): a fresh
    site has no outgoing account, and with ``mute_emails`` and none Frappe builds a dummy sender
    that cannot be formatted. With ``case`` the test's e-mails are also muted (Email Queue rows are
    written, nothing is sent: sending commits the transaction) and both are undone after the test.
    The server is 127.0.0.1 on a closed port: nothing leaves the machine even when a test sends."""
    if case is not None:
        muted = frappe.flags.mute_emails
        case.addCleanup(forget_email_accounts)
        case.addCleanup(lambda: setattr(frappe.flags, "mute_emails", muted))
        frappe.flags.mute_emails = True
    if not frappe.db.exists("Email Account", name):
        frappe.get_doc(
            {
                "doctype": "Email Account",
                "email_account_name": name,
                "email_id": "moeen-tests@example.com",
                "enable_outgoing": 1,
                "default_outgoing": 1,
                "enable_incoming": 0,
                "smtp_server": "127.0.0.1",
                "smtp_port": port,
                "no_smtp_authentication": 1,
                "awaiting_password": 0,
            }
        ).insert(ignore_permissions=True)
    else:
        frappe.db.set_value(
            "Email Account",
            name,
            {"enable_outgoing": 1, "default_outgoing": 1, "smtp_server": "127.0.0.1", "smtp_port": port},
        )
    # one default outgoing account
    for other in frappe.get_all("Email Account", {"default_outgoing": 1, "name": ["!=", name]}, pluck="name"):
        frappe.db.set_value("Email Account", other, "default_outgoing", 0)
    forget_email_accounts()
    return name


@contextmanager
def no_outgoing_email_account():
    """No outgoing Email Account for the block (every enabled one disabled, restored afterwards)."""
    enabled = frappe.get_all("Email Account", {"enable_outgoing": 1}, ["name", "default_outgoing"])
    for row in enabled:
        frappe.db.set_value("Email Account", row.name, {"enable_outgoing": 0, "default_outgoing": 0})
    forget_email_accounts()
    try:
        yield
    finally:
        for row in enabled:
            frappe.db.set_value(
                "Email Account", row.name, {"enable_outgoing": 1, "default_outgoing": row.default_outgoing}
            )
        forget_email_accounts()


def forget_tier_caches():
    """After a suite's rollback: no tier team or assignment rule of it stays in Frappe's caches
    (Redis is not rolled back), so later suites route and assign as on a fresh site. Register it
    with ``cls.addClassCleanup(forget_tier_caches)`` in a suite that marks teams as tiers."""
    from frappe.cache_manager import clear_doctype_map

    from moeen_helpdesk.tiers.teams import forget_tier_teams

    forget_tier_teams()
    clear_doctype_map("Assignment Rule", "HD Ticket")
    clear_doctype_map("Assignment Rule", "due_date_rules_for_HD Ticket")
    frappe.clear_document_cache("Assignment Rule")
    frappe.clear_document_cache("HD Team")


def make_team(name: str, tier: str, members: list[str], **values) -> str:
    """A tier team with these members (updated in place if it exists: deleting an HD Team commits)."""
    values = {"moeen_tier": tier, "users": [{"user": u} for u in members], **values}
    if frappe.db.exists("HD Team", name):
        doc = frappe.get_doc("HD Team", name)
        doc.update(values)
        doc.save(ignore_permissions=True)
    else:
        frappe.get_doc({"doctype": "HD Team", "team_name": name, **values}).insert(ignore_permissions=True)
    return name


class Killed(BaseException):
    """The worker running a job dies (not an error the job could catch)."""


DURABLE = "moeen_it_durable"


@contextmanager
def worker_killed_midway():
    """A scheduler job run in the block dies there (:func:`killed_on_call`): ``frappe.db.commit``
    is a savepoint inside (the durable point), and the database loses what the job did since
    its last commit, as it would the transaction of a killed worker. The block must be killed."""
    frappe.db.savepoint(DURABLE)
    with patch.object(frappe.db, "commit", lambda: frappe.db.savepoint(DURABLE)):
        try:
            yield
        except Killed:
            frappe.db.rollback(save_point=DURABLE)
            return
    raise AssertionError("the job ran to its end: nothing was interrupted")


def killed_on_call(module, name: str, nth: int = 2):
    """Patch ``module.name`` so that its ``nth`` call does its work and then the worker dies
    (:class:`Killed`): the job is interrupted after part of its work."""
    original = getattr(module, name)
    calls = []

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append(args)
        if len(calls) == nth:
            raise Killed(f"killed after {name}{args}")
        return result

    return patch.object(module, name, wrapper)
