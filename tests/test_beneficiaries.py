from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moeen_helpdesk.core import beneficiaries as b
from moeen_helpdesk.core.errors import NotAllowed, ValidationError

RULES = b.make_rules(
    [
        {"beneficiary_type": "Student", "email_domain": "student.ksu.edu.sa"},
        {"beneficiary_type": "Faculty", "email_domain": "ksu.edu.sa", "university_id_pattern": r"F\d{5}"},
        {"beneficiary_type": "Staff", "email_domain": "ksu.edu.sa"},
        {"beneficiary_type": "Student", "university_id_pattern": r"4\d{8}"},
        {"beneficiary_type": "Staff", "email_domain": "*.hospital.ksu.edu.sa"},
    ]
)


@pytest.mark.parametrize(
    "email, uid, expected",
    [
        ("ali@student.ksu.edu.sa", None, "Student"),
        ("ALI@Student.KSU.edu.sa", None, "Student"),  # case-insensitive domain
        ("prof@ksu.edu.sa", "F12345", "Faculty"),  # both conditions hold
        ("prof@ksu.edu.sa", "F1234", "Staff"),  # pattern must match the whole ID
        ("clerk@ksu.edu.sa", None, "Staff"),
        ("someone@gmail.com", "441234567", "Student"),  # ID rule alone
        ("someone@gmail.com", "4412345678", "External"),  # too long: fullmatch
        ("nurse@er.hospital.ksu.edu.sa", None, "Staff"),  # wildcard subdomain
        ("nurse@hospital.ksu.edu.sa", None, "External"),  # wildcard needs a subdomain
        ("x@evilksu.edu.sa", None, "External"),  # no suffix confusion
        ("x@student.ksu.edu.sa.evil.com", None, "External"),
        (None, None, "External"),
        ("not-an-email", None, "External"),
    ],
)
def test_derive_type(email, uid, expected):
    assert b.derive_type(email, uid, RULES) == expected


def test_derive_type_default_and_order():
    assert b.derive_type("a@b.com", None, RULES, default="Staff") == "Staff"
    first = b.make_rules(
        [
            {"beneficiary_type": "Staff", "email_domain": "ksu.edu.sa"},
            {"beneficiary_type": "Faculty", "email_domain": "ksu.edu.sa"},
        ]
    )
    assert b.derive_type("a@ksu.edu.sa", None, first) == "Staff"
    with pytest.raises(ValidationError):
        b.derive_type("a@b.com", None, [], default="Alumni")


@pytest.mark.parametrize(
    "row, template",
    [
        ({"beneficiary_type": "Alumni", "email_domain": "x.edu"}, "Unknown beneficiary type {0}"),
        ({"beneficiary_type": "Staff"}, "Rule {0} needs an email domain or a university ID pattern"),
        (
            {"beneficiary_type": "Staff", "email_domain": "  ", "university_id_pattern": " "},
            "Rule {0} needs an email domain or a university ID pattern",
        ),
        (
            {"beneficiary_type": "Staff", "email_domain": "not a domain"},
            "Rule {0}: {1} is not a valid email domain",
        ),
        ({"beneficiary_type": "Staff", "email_domain": "ksu"}, "Rule {0}: {1} is not a valid email domain"),
        (
            {"beneficiary_type": "Staff", "university_id_pattern": "([0-9"},
            "Rule {0}: the university ID pattern is not a valid regular expression ({1})",
        ),
    ],
)
def test_invalid_rules(row, template):
    with pytest.raises(ValidationError) as exc:
        b.make_rules([{"beneficiary_type": "Student", "email_domain": "ok.edu"}, row])
    assert exc.value.template == template
    assert exc.value.params[0] in (2, "Alumni")


def test_rule_normalises_domain():
    (rule,) = b.make_rules([{"beneficiary_type": "Staff", "email_domain": " @KSU.edu.sa "}])
    assert rule.email_domain == "ksu.edu.sa"


def test_manual_type_is_never_replaced_by_rules():
    assert b.next_type("Faculty", b.SOURCE_MANUAL, "External") == ("Faculty", b.SOURCE_MANUAL)
    assert b.next_type("External", b.SOURCE_RULE, "Student") == ("Student", b.SOURCE_RULE)
    assert b.next_type(None, None, "Staff") == ("Staff", b.SOURCE_RULE)


@given(st.emails(), st.one_of(st.none(), st.text(max_size=12)))
def test_derivation_is_total_and_returns_a_known_type(email, uid):
    assert b.derive_type(email, uid, RULES) in b.BENEFICIARY_TYPES


def svc(**kw):
    flags = dict(
        is_active=1, portal_visible=1, allow_student=1, allow_staff=1, allow_faculty=1, allow_external=0
    )
    flags.update(kw)
    return b.ServiceAccess.from_flags("SIS-001", "Transcript request", **flags)


def test_eligibility_rules():
    s = svc()
    assert s.allowed_types == {"Student", "Staff", "Faculty"}
    for t in ("Student", "Staff", "Faculty"):
        b.check_eligibility(s, t, by_beneficiary=True)
    with pytest.raises(NotAllowed) as exc:
        b.check_eligibility(s, "External", by_beneficiary=True)
    assert exc.value.template == "The service {0} is not offered to {1} beneficiaries"
    assert exc.value.params == ("Transcript request", "External")
    # agents cannot bypass the type rule either
    with pytest.raises(NotAllowed):
        b.check_eligibility(s, "External", by_beneficiary=False)


def test_access_from_a_service_row_reads_its_access_fields():
    flags = dict(
        is_active=1, portal_visible=0, allow_student=0, allow_staff=1, allow_faculty=1, allow_external=1
    )
    row = SimpleNamespace(name="SIS-002", **flags)
    assert set(b.ACCESS_FIELDS) == {"name", *flags}
    s = b.ServiceAccess.from_row(row, "Certificate")
    assert s == b.ServiceAccess.from_flags("SIS-002", "Certificate", **flags)
    assert (s.title, s.portal_visible, s.allowed_types) == (
        "Certificate",
        False,
        {"Staff", "Faculty", "External"},
    )
    assert b.ServiceAccess.from_row(row, "").title == "SIS-002"


def test_inactive_service_refused_for_everyone():
    s = svc(is_active=0)
    for by in (True, False):
        with pytest.raises(NotAllowed) as exc:
            b.check_eligibility(s, "Student", by_beneficiary=by)
        assert exc.value.template == "The service {0} is not available at the moment"


def test_portal_hidden_service_only_through_agents():
    s = svc(portal_visible=0)
    with pytest.raises(NotAllowed) as exc:
        b.check_eligibility(s, "Staff", by_beneficiary=True)
    assert exc.value.template == "The service {0} cannot be requested through the portal"
    b.check_eligibility(s, "Staff", by_beneficiary=False)


def test_external_only_service_and_catalog_filter():
    ext = b.ServiceAccess.from_flags(
        "EXT-1",
        "Visitor Wi-Fi",
        is_active=1,
        portal_visible=1,
        allow_student=0,
        allow_staff=0,
        allow_faculty=0,
        allow_external=1,
    )
    services = [svc(), ext, svc(is_active=0), svc(portal_visible=0)]
    assert [s.name for s in b.eligible(services, "External")] == ["EXT-1"]
    assert [s.title for s in b.eligible(services, "Student")] == ["Transcript request"]


def test_targets():
    b.check_targets(3600, 7200)
    b.check_targets(None, 7200)
    b.check_targets(3600, None)
    with pytest.raises(ValidationError):
        b.check_targets(7200, 3600)
    with pytest.raises(ValidationError):
        b.check_targets(-1, None)


def test_every_message_has_arabic():
    import inspect
    import re

    src = inspect.getsource(b)
    templates = set(re.findall(r'(?:NotAllowed|ValidationError)\(\s*"([^"]+)"', src))
    assert templates and templates <= set(b.MESSAGES_AR)
