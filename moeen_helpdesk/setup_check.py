"""The setup check on a site: collects the facts, the core (:mod:`moeen_helpdesk.core.setup_check`)
decides. Shown by Moeen Settings ("Run Setup Check") and ``bench --site S moeen-doctor``."""

import frappe
from frappe import _
from frappe.utils.background_jobs import get_workers
from frappe.utils.scheduler import is_scheduler_inactive

from moeen_helpdesk.core import setup_check as core
from moeen_helpdesk.guard.endpoints import endpoint
from moeen_helpdesk.tiers.teams import TIER1


def _workers() -> int:
    try:
        return len(get_workers())
    except Exception:  # Redis down: no worker can run either
        return 0


def _tier1_teams() -> dict[str, int]:
    if not frappe.get_meta("HD Team").has_field("moeen_tier"):
        return {}
    teams = frappe.get_all("HD Team", {"moeen_tier": TIER1}, pluck="name")
    out = {}
    for team in teams:
        users = frappe.get_all("HD Team Member", {"parent": team, "parenttype": "HD Team"}, pluck="user")
        out[team] = frappe.db.count("HD Agent", {"name": ["in", users], "is_active": 1}) if users else 0
    return out


def facts() -> core.Facts:
    services = frappe.get_all("Moeen Service", {"is_active": 1}, ["name", "tier2_team"])
    return core.Facts(
        setup_complete=bool(frappe.is_setup_complete()),
        time_zone=frappe.db.get_single_value("System Settings", "time_zone"),
        outgoing_email_accounts=frappe.db.count("Email Account", {"enable_outgoing": 1}),
        tier1_teams=_tier1_teams(),
        active_services=len(services),
        services_without_unit=tuple(s.name for s in services if not s.tier2_team),
        scheduler_enabled=not is_scheduler_inactive(verbose=False),
        workers=_workers(),
        helpdesk_feedback_email=bool(
            frappe.db.get_single_value("HD Settings", "enable_email_ticket_feedback")
        ),
        site=frappe.local.site,
    )


def _text(part: tuple) -> str:
    if not part:
        return ""
    return _(part[0]).format(*part[1:])


def results() -> list[dict]:
    """The check as translated rows: key, ok, title, detail, fix."""
    return [
        {"key": i.key, "ok": i.ok, "title": _text(i.title), "detail": _text(i.detail), "fix": _text(i.fix)}
        for i in core.check(facts())
    ]


def _system_manager_only():
    if "System Manager" not in frappe.get_roles():
        frappe.throw(_("Only a System Manager may run the setup check"), frappe.PermissionError)


@frappe.whitelist()
@endpoint(check=_system_manager_only)
def run() -> list[dict]:
    """Moeen Settings' "Run Setup Check" button (System Manager)."""
    return results()


def report(rows: list[dict]) -> str:
    """Plain text for the terminal (``moeen-doctor``)."""
    lines = []
    for r in rows:
        mark = _("OK") if r["ok"] else _("MISSING")
        lines.append(f"[{mark}] {r['title']}" + (f" — {r['detail']}" if r["detail"] else ""))
        if r["fix"]:
            lines.append(f"      {_('How to fix')}: {r['fix']}")
    missing = sum(not r["ok"] for r in rows)
    lines.append(
        _("{0} of {1} items missing").format(missing, len(rows)) if missing else _("Everything is set up")
    )
    return "\n".join(lines)
