"""The setup check: what a site needs before the policy works, as OK / missing with the fix.

The shell (``moeen_helpdesk/setup_check.py``) collects the :class:`Facts` of a site; the rules
here turn them into :class:`Item` results. Shown in Moeen Settings ("Run Setup Check") and
printed by ``bench --site S moeen-doctor`` (exit code 1 when something is missing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

POLICY_TIME_ZONE = "Asia/Riyadh"
MAX_LISTED = 5  # services named in a detail; the rest are counted

# keys, in the order shown
SETUP_WIZARD = "setup_wizard"
TIME_ZONE = "time_zone"
OUTGOING_EMAIL = "outgoing_email"
TIER1_TEAM = "tier1_team"
SERVICE_UNITS = "service_units"
SCHEDULER = "scheduler"
WORKER = "worker"
HELPDESK_FEEDBACK = "helpdesk_feedback"


@dataclass(frozen=True)
class Facts:
    """What the shell found on the site."""

    setup_complete: bool
    time_zone: str | None
    outgoing_email_accounts: int
    #: Tier 1 team name → number of its active agents
    tier1_teams: dict[str, int] = field(default_factory=dict)
    active_services: int = 0
    #: active services without a tier-2 unit (names or codes)
    services_without_unit: Sequence[str] = ()
    scheduler_enabled: bool = False
    workers: int = 0
    helpdesk_feedback_email: bool = False
    site: str = "SITE"


@dataclass(frozen=True)
class Item:
    """One line of the check. ``title``, ``detail`` and ``fix`` are translatable templates
    (``MESSAGES_AR``) with their parameters."""

    key: str
    ok: bool
    title: tuple  # (template, *params)
    detail: tuple = ()  # (template, *params)
    fix: tuple = ()  # (template, *params); empty when ok


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:MAX_LISTED])
    more = len(names) - MAX_LISTED
    return f"{shown} (+{more})" if more > 0 else shown


def check(f: Facts) -> list[Item]:
    items = [
        Item(
            SETUP_WIZARD,
            f.setup_complete,
            ("Setup wizard completed",),
            () if f.setup_complete else ("Every desk page opens the setup wizard until it is completed",),
            () if f.setup_complete else ("Complete the setup wizard at /app (as Administrator)",),
        ),
        Item(
            TIME_ZONE,
            f.time_zone == POLICY_TIME_ZONE,
            ("System time zone is {0}", POLICY_TIME_ZONE),
            ("The system time zone is {0}", f.time_zone or "-"),
            ()
            if f.time_zone == POLICY_TIME_ZONE
            else ("Set the Time Zone to {0} in System Settings", POLICY_TIME_ZONE),
        ),
        Item(
            OUTGOING_EMAIL,
            f.outgoing_email_accounts > 0,
            ("An outgoing e-mail account",),
            ("{0} enabled outgoing e-mail accounts", f.outgoing_email_accounts),
            ()
            if f.outgoing_email_accounts
            else ("Add an Email Account with Enable Outgoing and Default Outgoing checked",),
        ),
    ]
    staffed = sorted(t for t, n in f.tier1_teams.items() if n > 0)
    if staffed:
        tier1 = Item(
            TIER1_TEAM,
            True,
            ("A Tier 1 team with agents",),
            ("Tier 1 teams with agents: {0}", _listed(staffed)),
        )
    elif f.tier1_teams:
        tier1 = Item(
            TIER1_TEAM,
            False,
            ("A Tier 1 team with agents",),
            ("The Tier 1 teams have no active agent: {0}", _listed(sorted(f.tier1_teams))),
            ("Add active agents (HD Agent) to the Tier 1 team",),
        )
    else:
        tier1 = Item(
            TIER1_TEAM,
            False,
            ("A Tier 1 team with agents",),
            ("No HD Team is marked Tier 1",),
            ("Set Tier to Tier 1 on the contact center's HD Team and add its agents",),
        )
    items.append(tier1)
    missing_units = sorted(f.services_without_unit)
    title = ("Every active service has a tier-2 unit",)
    if not f.active_services:
        units = Item(
            SERVICE_UNITS,
            False,
            title,
            ("The catalog has no active service",),
            ("Add the services (Moeen Service), or load the demo: bench --site {0} moeen-demo", f.site),
        )
    elif missing_units:
        units = Item(
            SERVICE_UNITS,
            False,
            title,
            ("Active services without a tier-2 unit: {0}", _listed(missing_units)),
            ("Set the Tier 2 Unit of these services (Moeen Service)",),
        )
    else:
        units = Item(SERVICE_UNITS, True, title, ("{0} active services", f.active_services))
    items.append(units)
    items.append(
        Item(
            SCHEDULER,
            f.scheduler_enabled,
            ("The scheduler is enabled",),
            ()
            if f.scheduler_enabled
            else ("SLA warnings, tier assignment, reminders and reviews do not run",),
            () if f.scheduler_enabled else ("Run: bench --site {0} enable-scheduler", f.site),
        )
    )
    items.append(
        Item(
            WORKER,
            f.workers > 0,
            ("A background worker is running",),
            ("{0} background workers", f.workers),
            ()
            if f.workers
            else ("Start the workers (bench start, or the supervisor/systemd service in production)",),
        )
    )
    items.append(
        Item(
            HELPDESK_FEEDBACK,
            not f.helpdesk_feedback_email,
            ("Helpdesk's own feedback e-mail is off",),
            ("Beneficiaries would get Helpdesk's feedback e-mail besides Moeen's survey",)
            if f.helpdesk_feedback_email
            else (),
            (
                "Turn off the ticket feedback e-mail in HD Settings (Helpdesk > Settings > Email Notifications)",
            )
            if f.helpdesk_feedback_email
            else (),
        )
    )
    return items


def missing(items: Sequence[Item]) -> list[Item]:
    return [i for i in items if not i.ok]


MESSAGES_AR = {
    "Setup wizard completed": "اكتمال معالج الإعداد",
    "Every desk page opens the setup wizard until it is completed": "تفتح كل صفحات مكتب العمل معالج الإعداد حتى يكتمل",
    "Complete the setup wizard at /app (as Administrator)": "أكمل معالج الإعداد من /app (بحساب المسؤول)",
    "System time zone is {0}": "المنطقة الزمنية للنظام {0}",
    "The system time zone is {0}": "المنطقة الزمنية الحالية للنظام {0}",
    "Set the Time Zone to {0} in System Settings": "اضبط المنطقة الزمنية على {0} في إعدادات النظام",
    "An outgoing e-mail account": "حساب بريد إلكتروني صادر",
    "{0} enabled outgoing e-mail accounts": "حسابات البريد الصادر المفعّلة: {0}",
    "Add an Email Account with Enable Outgoing and Default Outgoing checked": "أضف حساب بريد إلكتروني مع تفعيل الإرسال وجعله الحساب الصادر الافتراضي",
    "A Tier 1 team with agents": "فريق للمستوى الأول فيه موظفون",
    "Tier 1 teams with agents: {0}": "فرق المستوى الأول التي فيها موظفون: {0}",
    "The Tier 1 teams have no active agent: {0}": "لا يوجد موظف نشط في فرق المستوى الأول: {0}",
    "Add active agents (HD Agent) to the Tier 1 team": "أضف موظفين نشطين (HD Agent) إلى فريق المستوى الأول",
    "No HD Team is marked Tier 1": "لا يوجد فريق محدد كمستوى أول",
    "Set Tier to Tier 1 on the contact center's HD Team and add its agents": "حدّد المستوى الأول لفريق مركز الاتصال وأضف موظفيه",
    "Every active service has a tier-2 unit": "لكل خدمة نشطة وحدة في المستوى الثاني",
    "Active services without a tier-2 unit: {0}": "خدمات نشطة بلا وحدة في المستوى الثاني: {0}",
    "Set the Tier 2 Unit of these services (Moeen Service)": "حدّد وحدة المستوى الثاني لهذه الخدمات (خدمة معين)",
    "The catalog has no active service": "لا توجد خدمة نشطة في الدليل",
    "Add the services (Moeen Service), or load the demo: bench --site {0} moeen-demo": "أضف الخدمات (خدمة معين)، أو حمّل البيانات التجريبية: bench --site {0} moeen-demo",
    "{0} active services": "الخدمات النشطة: {0}",
    "The scheduler is enabled": "المجدول مفعّل",
    "SLA warnings, tier assignment, reminders and reviews do not run": "لن تعمل تنبيهات مستوى الخدمة ولا الإسناد بين المستويات ولا التذكيرات ولا المراجعات",
    "Run: bench --site {0} enable-scheduler": "نفّذ: bench --site {0} enable-scheduler",
    "A background worker is running": "عامل خلفي قيد التشغيل",
    "{0} background workers": "العمال الخلفيون: {0}",
    "Start the workers (bench start, or the supervisor/systemd service in production)": "شغّل العمال الخلفيين (bench start، أو خدمة supervisor/systemd في بيئة الإنتاج)",
    "Helpdesk's own feedback e-mail is off": "رسالة تقييم Helpdesk الخاصة معطّلة",
    "Beneficiaries would get Helpdesk's feedback e-mail besides Moeen's survey": "سيتلقى المستفيدون رسالة تقييم Helpdesk إضافة إلى استبانة معين",
    "Turn off the ticket feedback e-mail in HD Settings (Helpdesk > Settings > Email Notifications)": "عطّل رسالة تقييم التذكرة في إعدادات HD (Helpdesk > الإعدادات > إشعارات البريد)",
}
