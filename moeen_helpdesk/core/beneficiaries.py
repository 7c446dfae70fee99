"""Beneficiary types and service eligibility.

The policy serves all university members — students, staff and faculty — and
external beneficiaries only for the services aimed at them. A beneficiary's type is
set by an administrator or derived, at sign-up or first login, from ordered rules
(email domain and/or university-ID pattern). Eligibility decides whether a
beneficiary of a type may request a service.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import NotAllowed, ValidationError

STUDENT = "Student"
STAFF = "Staff"
FACULTY = "Faculty"
EXTERNAL = "External"
BENEFICIARY_TYPES = (STUDENT, STAFF, FACULTY, EXTERNAL)
INTERNAL_TYPES = frozenset({STUDENT, STAFF, FACULTY})

# Where a beneficiary's type came from. A manual type is never replaced by a rule.
SOURCE_RULE = "Rule"
SOURCE_MANUAL = "Manual"

_DOMAIN = re.compile(
    r"^(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$"
)


def check_type(beneficiary_type: str) -> str:
    if beneficiary_type not in BENEFICIARY_TYPES:
        raise ValidationError("Unknown beneficiary type {0}", beneficiary_type)
    return beneficiary_type


@dataclass(frozen=True)
class TypeRule:
    """One row of the derivation rules. Every condition given must hold."""

    beneficiary_type: str
    email_domain: str | None = None
    university_id_pattern: str | None = None
    _regex: re.Pattern | None = field(default=None, compare=False, repr=False)

    @classmethod
    def make(
        cls,
        beneficiary_type: str,
        email_domain: str | None = None,
        university_id_pattern: str | None = None,
        row: int | None = None,
    ) -> TypeRule:
        """Validate and normalise a rule; ``row`` (1-based) names it in errors."""
        label = row if row is not None else "?"
        check_type(beneficiary_type)
        domain = (email_domain or "").strip().lower().lstrip("@") or None
        pattern = (university_id_pattern or "").strip() or None
        if not domain and not pattern:
            raise ValidationError("Rule {0} needs an email domain or a university ID pattern", label)
        if domain and not _DOMAIN.match(domain):
            raise ValidationError("Rule {0}: {1} is not a valid email domain", label, domain)
        regex = None
        if pattern:
            try:
                regex = re.compile(pattern)
            except re.error as exc:
                raise ValidationError(
                    "Rule {0}: the university ID pattern is not a valid regular expression ({1})",
                    label,
                    str(exc),
                ) from None
        return cls(beneficiary_type, domain, pattern, regex)

    def matches(self, email: str | None, university_id: str | None) -> bool:
        if self.email_domain:
            if not email or "@" not in email:
                return False
            domain = email.rsplit("@", 1)[1].strip().lower()
            if self.email_domain.startswith("*."):
                if not domain.endswith(self.email_domain[1:]):
                    return False
            elif domain != self.email_domain:
                return False
        if self.university_id_pattern:
            uid = (university_id or "").strip()
            regex = self._regex or re.compile(self.university_id_pattern)
            if not uid or not regex.fullmatch(uid):
                return False
        return True


def make_rules(rows: Iterable[dict]) -> list[TypeRule]:
    """Build rules from dict rows (as stored in the settings table), validating each."""
    return [
        TypeRule.make(r.get("beneficiary_type"), r.get("email_domain"), r.get("university_id_pattern"), row=i)
        for i, r in enumerate(rows, start=1)
    ]


def derive_type(
    email: str | None, university_id: str | None, rules: Iterable[TypeRule], default: str = EXTERNAL
) -> str:
    """The type of the first rule that matches, else ``default``."""
    for rule in rules:
        if rule.matches(email, university_id):
            return rule.beneficiary_type
    return check_type(default)


def next_type(current_type: str | None, current_source: str | None, derived: str) -> tuple[str, str]:
    """What a (re-)derivation leaves: a manual type stays, anything else follows the rules."""
    if current_type and current_source == SOURCE_MANUAL:
        return current_type, SOURCE_MANUAL
    return derived, SOURCE_RULE


WEBSITE_USER = "Website User"


def may_be_beneficiary(user_type: str | None, is_agent: bool) -> bool:
    """Whether the derivation rules may make this user a beneficiary (role and profile).

    Agents are not beneficiaries: a desk user (any other ``user_type``) or a user with an
    HD Agent record never gets the Beneficiary role or a profile from the rules, and a
    website user who becomes an agent later loses the role (the profile stays, for the
    tickets raised before).
    """
    return user_type == WEBSITE_USER and not is_agent


# ---------------------------------------------------------------------------
# Eligibility

#: The fields of a "Moeen Service" that :meth:`ServiceAccess.from_row` reads.
ACCESS_FIELDS = (
    "name",
    "is_active",
    "portal_visible",
    "allow_student",
    "allow_staff",
    "allow_faculty",
    "allow_external",
)


@dataclass(frozen=True)
class ServiceAccess:
    """What eligibility needs to know of a service."""

    name: str
    title: str
    is_active: bool
    portal_visible: bool
    allowed_types: frozenset[str]

    @classmethod
    def from_flags(
        cls,
        name: str,
        title: str,
        *,
        is_active,
        portal_visible,
        allow_student,
        allow_staff,
        allow_faculty,
        allow_external,
    ) -> ServiceAccess:
        flags = {STUDENT: allow_student, STAFF: allow_staff, FACULTY: allow_faculty, EXTERNAL: allow_external}
        return cls(
            name,
            title or name,
            bool(is_active),
            bool(portal_visible),
            frozenset(t for t, on in flags.items() if on),
        )

    @classmethod
    def from_row(cls, row, title: str) -> ServiceAccess:
        """From a service's :data:`ACCESS_FIELDS` (attributes of ``row``), shown as ``title``."""
        return cls.from_flags(
            row.name,
            title,
            is_active=row.is_active,
            portal_visible=row.portal_visible,
            allow_student=row.allow_student,
            allow_staff=row.allow_staff,
            allow_faculty=row.allow_faculty,
            allow_external=row.allow_external,
        )


def eligibility_problem(
    service: ServiceAccess, beneficiary_type: str, *, by_beneficiary: bool
) -> NotAllowed | None:
    """Why ``beneficiary_type`` may not have a ticket for ``service``; None when it may.

    ``by_beneficiary`` is true when the beneficiary files the ticket themselves (the
    portal or the REST API), false when an agent files it for them: agents may use
    services that are hidden from the portal, never inactive ones or ones closed to
    the raiser's type.
    """
    if not service.is_active:
        return NotAllowed("The service {0} is not available at the moment", service.title)
    if beneficiary_type not in service.allowed_types:
        return NotAllowed(
            "The service {0} is not offered to {1} beneficiaries", service.title, beneficiary_type
        )
    if by_beneficiary and not service.portal_visible:
        return NotAllowed("The service {0} cannot be requested through the portal", service.title)
    return None


def check_eligibility(service: ServiceAccess, beneficiary_type: str, *, by_beneficiary: bool) -> None:
    problem = eligibility_problem(service, beneficiary_type, by_beneficiary=by_beneficiary)
    if problem:
        raise problem


def eligible(services: Iterable[ServiceAccess], beneficiary_type: str) -> list[ServiceAccess]:
    """The services a beneficiary of this type may request on the portal."""
    return [s for s in services if eligibility_problem(s, beneficiary_type, by_beneficiary=True) is None]


def check_targets(response_seconds: float | None, resolution_seconds: float | None) -> None:
    """A service's targets: non-negative, and the response not after the resolution."""
    for value in (response_seconds, resolution_seconds):
        if value is not None and value < 0:
            raise ValidationError("Targets cannot be negative")
    if response_seconds and resolution_seconds and response_seconds > resolution_seconds:
        raise ValidationError("The response target cannot be longer than the resolution target")


MESSAGES_AR = {
    "Unknown beneficiary type {0}": "نوع المستفيد {0} غير معروف",
    "Rule {0} needs an email domain or a university ID pattern": "القاعدة {0} تحتاج إلى نطاق بريد إلكتروني أو نمط للرقم الجامعي",
    "Rule {0}: {1} is not a valid email domain": "القاعدة {0}: {1} ليس نطاق بريد إلكتروني صالحًا",
    "Rule {0}: the university ID pattern is not a valid regular expression ({1})": "القاعدة {0}: نمط الرقم الجامعي ليس تعبيرًا نمطيًا صالحًا ({1})",
    "The service {0} is not available at the moment": "الخدمة {0} غير متاحة حاليًا",
    "The service {0} is not offered to {1} beneficiaries": "الخدمة {0} غير مقدمة للمستفيدين من فئة {1}",
    "The service {0} cannot be requested through the portal": "لا يمكن طلب الخدمة {0} عبر المنصة",
    "Targets cannot be negative": "لا يمكن أن تكون الأوقات المستهدفة سالبة",
    "The response target cannot be longer than the resolution target": "لا يمكن أن يتجاوز وقت الاستجابة المستهدف وقت الحل المستهدف",
}
