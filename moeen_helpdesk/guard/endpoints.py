"""The decorator of every whitelisted function and doc method of the app (:func:`endpoint`) and the
permission checks it is given (:func:`staff_only`, :func:`roles_only`)."""

import functools
import inspect

import frappe
from frappe import _
from frappe.utils.typing_validations import transform_parameter_types

from moeen_helpdesk.guard.errors import InputTooDeep, InvalidArguments
from moeen_helpdesk.guard.filters import FILTER_ARGUMENTS, check_filters
from moeen_helpdesk.guard.values import check_input, check_paging, known_doctype


def staff_only():
    """Permission check of the desk's own calls: a website user (a beneficiary) or Guest is
    refused before any argument is looked at."""
    user = frappe.session.user
    if user == "Guest" or frappe.get_cached_value("User", user, "user_type") != "System User":
        frappe.throw(_("Only the service desk's staff may do this"), frappe.PermissionError)


def roles_only(*roles: str):
    """A permission check for ``endpoint(check=...)``: one of ``roles`` (or Administrator)."""

    def check():
        if frappe.session.user != "Administrator" and not set(roles) & set(frappe.get_roles()):
            frappe.throw(_("You are not permitted to do this"), frappe.PermissionError)

    return check


def _refuse_arguments(sig: inspect.Signature, args: tuple, kwargs: dict):
    params = sig.parameters
    takes_any = any(p.kind is p.VAR_KEYWORD for p in params.values())
    unexpected = [] if takes_any else sorted(k for k in kwargs if k not in params)
    if unexpected:
        frappe.throw(_("Unexpected argument: {0}").format(", ".join(unexpected)), InvalidArguments)
    positional = [p.name for p in params.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    given = set(positional[: len(args)]) | set(kwargs)
    missing = [
        p.name
        for p in params.values()
        if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name not in given
    ]
    if missing:
        frappe.throw(_("Missing argument: {0}").format(", ".join(missing)), InvalidArguments)
    frappe.throw(_("The arguments of this call are not valid"), InvalidArguments)


def endpoint(fn=None, *, check=None, pseudo_filters=()):
    """Decorate a whitelisted function or doc method (below ``@frappe.whitelist``).

    ``check``: a permission check called first (with ``self`` for a doc method), before the
    arguments are looked at. ``pseudo_filters``: filter names the function itself resolves
    (not fields of the ``doctype``)."""

    def wrap(func):
        sig = inspect.signature(func)
        is_method = next(iter(sig.parameters), None) == "self"

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if check is not None:
                check(*args[:1]) if is_method else check()
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError:
                _refuse_arguments(sig, args, kwargs)
            for name, value in bound.arguments.items():
                if name != "self":
                    check_input(value, name)
            if "doctype" in bound.arguments:
                known_doctype(bound.arguments["doctype"])
                # A search with its own ``query`` function reads its filters its own way: shape only.
                any_field = bool(bound.arguments.get("query"))
                for name in FILTER_ARGUMENTS & bound.arguments.keys():
                    check_filters(
                        bound.arguments["doctype"], bound.arguments[name], name, pseudo_filters, any_field
                    )
            if getattr(frappe.local, "request", None) or frappe.flags.in_test:
                args, kwargs = transform_parameter_types(func, args, kwargs)
            check_paging(sig.bind(*args, **kwargs).arguments)
            try:
                return func(*args, **kwargs)
            except RecursionError:
                frappe.throw(_("The input is nested too deeply"), InputTooDeep)
            except (ValueError, TypeError, KeyError) as e:
                if isinstance(e, frappe.ValidationError | frappe.PermissionError) or hasattr(
                    e, "http_status_code"
                ):
                    raise
                frappe.log_error(title=f"Invalid input to {func.__module__}.{func.__qualname__}")
                frappe.throw(_("The request is not valid"), InvalidArguments)

        # ``frappe.whitelist`` validates the types of an annotated function before calling it,
        # i.e. before the permission check above: the wrapper shows it no annotations and
        # validates them itself, after the check (``inspect.signature`` still reads them).
        wrapper.__annotations__ = {}
        wrapper.__moeen_endpoint__ = True
        return wrapper

    return wrap(fn) if fn is not None else wrap


def is_endpoint(fn) -> bool:
    return bool(
        getattr(fn, "__moeen_endpoint__", False)
        or any(getattr(f, "__moeen_endpoint__", False) for f in _unwrapped(fn))
    )


def _unwrapped(fn):
    seen = 0
    while hasattr(fn, "__wrapped__") and seen < 10:
        fn = fn.__wrapped__
        seen += 1
        yield fn
