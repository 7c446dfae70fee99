"""Tests for moeen_helpdesk.core.surveys (pure Python, no Frappe)."""

import ast
import base64
import hashlib
import hmac
import json
import re
import string
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moeen_helpdesk.core import surveys as S
from moeen_helpdesk.core.errors import CoreError, ValidationError
from moeen_helpdesk.core.surveys import (
    DEFAULT_TEMPLATES,
    MESSAGES_AR,
    QUESTION_TYPES,
    MissingAnswers,
    Question,
    SurveyStats,
    TokenExpired,
    TokenInvalid,
    group_stats,
    is_satisfied,
    new_nonce,
    overall_rating,
    period_key,
    questions_from_template,
    reminder_due,
    sign_token,
    summarize,
    to_feedback_rating,
    validate_answers,
    validate_template,
    verify_token,
    wilson_interval,
)

SECRET = "s3cret-key"
T0 = datetime(2026, 11, 25, 9, 0, 0)  # naive = UTC
EXP = T0 + timedelta(days=7)


def q(key, type_="Rating", label=None, **kw):
    return Question(key=key, type=type_, label=label or key.title(), **kw)


@pytest.fixture
def template():
    return [
        q("service", "Rating", "Service", required=True, order=1),
        q("overall", "Rating", "Overall", required=True, order=2, is_overall=True),
        q("solved", "Yes/No", "Solved", order=3),
        q("channel", "Choice", "Channel", options=("Phone", "Email", "Portal"), order=4),
        q("comment", "Text", "Comment", order=5),
    ]


def err(excinfo):
    return excinfo.value


# ---------------------------------------------------------------------------
# Module hygiene
# ---------------------------------------------------------------------------


def test_core_never_imports_frappe():
    src = Path(S.__file__).read_text(encoding="utf-8")
    tree = ast.parse(src)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert all(not a.name.startswith("frappe") for a in node.names)
        if isinstance(node, ast.ImportFrom):
            assert not (node.module or "").startswith("frappe")


def _raised_templates():
    """Every literal template passed to ValidationError/TokenInvalid/TokenExpired/MissingAnswers."""
    tree = ast.parse(Path(S.__file__).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id
            in {"ValidationError", "TokenInvalid", "TokenExpired", "NotAllowed", "MissingAnswers"}
        ):
            first = node.args[0]
            assert isinstance(first, ast.Constant) and isinstance(
                first.value, str
            ), "template must be literal"
            found.add(first.value)
    return found


def test_every_template_has_arabic_with_same_placeholders():
    templates = _raised_templates()
    assert len(templates) >= 20
    missing = templates - set(MESSAGES_AR)
    assert not missing
    assert not set(MESSAGES_AR) - templates, "stale Arabic rows"
    for en, ar in MESSAGES_AR.items():
        assert sorted(re.findall(r"\{\d\}", en)) == sorted(re.findall(r"\{\d\}", ar)), en
        assert re.search("[\u0600-\u06ff]", ar), en


# ---------------------------------------------------------------------------
# Question dataclass & template validation
# ---------------------------------------------------------------------------


def test_question_coerces_frappe_values():
    x = Question(key="k", type="Choice", label="K", required=1, options=["a", "b"], order="3", is_overall=0)
    assert x.required is True and x.is_overall is False
    assert x.options == ("a", "b") and x.order == 3
    hash(x)  # frozen + tuple options -> hashable


def test_question_types_constant():
    assert QUESTION_TYPES == ("Rating", "Yes/No", "Choice", "Text")


def test_valid_template_passes(template):
    assert validate_template(template) is None


def test_all_types_accepted():
    validate_template(
        [q(f"k{i}", t, options=("x", "y") if t == "Choice" else ()) for i, t in enumerate(QUESTION_TYPES)]
    )


@pytest.mark.parametrize("empty", [[], (), None])
def test_template_needs_a_question(empty):
    with pytest.raises(ValidationError) as e:
        validate_template(empty)
    assert err(e).template == "The survey must have at least one question"


def test_template_duplicate_key():
    with pytest.raises(ValidationError) as e:
        validate_template([q("a"), q("b"), q("a", label="Again")])
    assert err(e).template == "Question key {0} is used more than once"
    assert err(e).params == ("a",)


@pytest.mark.parametrize("key", ["", "   ", None, 5])
def test_template_blank_key(key):
    with pytest.raises(ValidationError) as e:
        validate_template([Question(key=key, type="Rating", label="L")])
    assert err(e).template == "Every question must have a key"


@pytest.mark.parametrize("label", ["", "  ", None])
def test_template_blank_label(label):
    with pytest.raises(ValidationError) as e:
        validate_template([Question(key="k", type="Rating", label=label)])
    assert err(e).template == "Question {0} must have a label"
    assert err(e).params == ("k",)


@pytest.mark.parametrize("bad", ["rating", "Number", "", "Yes/no", None])
def test_template_unknown_type(bad):
    with pytest.raises(ValidationError) as e:
        validate_template([Question(key="k", type=bad, label="Kay")])
    assert err(e).template == "Question {0} has an unknown type {1}"
    assert err(e).params == ("Kay", bad)


@pytest.mark.parametrize("options", [(), ("only",), ("same", "same")])
def test_choice_needs_two_distinct_options(options):
    with pytest.raises(ValidationError) as e:
        validate_template([q("c", "Choice", "Pick", options=options)])
    assert err(e).template == "Question {0} needs at least two different options"
    assert err(e).params == ("Pick",)


@pytest.mark.parametrize("options", [("a", ""), ("a", "  ", "b"), ("a", 3)])
def test_choice_blank_or_non_text_option(options):
    with pytest.raises(ValidationError) as e:
        validate_template([q("c", "Choice", "Pick", options=options)])
    assert err(e).template == "Question {0} has a blank option"


def test_choice_duplicates_ok_if_two_distinct():
    validate_template([q("c", "Choice", options=("a", "a", "b"))])


def test_overall_must_be_rating():
    with pytest.raises(ValidationError) as e:
        validate_template([q("x", "Yes/No", "Happy?", is_overall=True)])
    assert err(e).template == "The overall question {0} must be a rating question"
    assert err(e).params == ("Happy?",)


def test_at_most_one_overall():
    validate_template([q("a", is_overall=True), q("b")])
    with pytest.raises(ValidationError) as e:
        validate_template([q("a", is_overall=True), q("b", is_overall=True)])
    assert err(e).template == "Only one question can be marked as the overall rating"


def test_template_checks_in_question_order():
    # The duplicate appears earlier by list position but the bad type comes first by order.
    qs = [q("a", order=5), q("a", order=6), Question(key="z", type="Bad", label="Zed", order=1)]
    with pytest.raises(ValidationError) as e:
        validate_template(qs)
    assert err(e).template == "Question {0} has an unknown type {1}"


# ---------------------------------------------------------------------------
# Answer validation
# ---------------------------------------------------------------------------


def test_full_answers_cleaned(template):
    out = validate_answers(
        template,
        {"service": "4", "overall": 5, "solved": "yes", "channel": "Email", "comment": "  thanks  "},
    )
    assert out == {"service": 4, "overall": 5, "solved": True, "channel": "Email", "comment": "thanks"}


def test_optional_blank_omitted(template):
    out = validate_answers(
        template, {"service": 3, "overall": "2", "solved": None, "channel": "", "comment": "   "}
    )
    assert out == {"service": 3, "overall": 2}


def test_optional_missing_omitted(template):
    assert validate_answers(template, {"service": 1, "overall": 1}) == {"service": 1, "overall": 1}


@pytest.mark.parametrize("value", [None, "", "   ", "\n\t"])
def test_required_blank_rejected(template, value):
    with pytest.raises(ValidationError) as e:
        validate_answers(template, {"service": value, "overall": 5})
    assert err(e).template == "Question {0} is required"
    assert err(e).params == ("Service",)


def test_required_missing_rejected(template):
    with pytest.raises(ValidationError) as e:
        validate_answers(template, {"service": 5})
    assert err(e).params == ("Overall",)


def test_required_yes_no_false_is_an_answer():
    qs = [q("ok", "Yes/No", "OK?", required=True)]
    assert validate_answers(qs, {"ok": False}) == {"ok": False}
    assert validate_answers(qs, {"ok": "0"}) == {"ok": False}
    with pytest.raises(ValidationError):
        validate_answers(qs, {})


def test_required_text_whitespace_is_blank():
    qs = [q("t", "Text", "Tell us", required=True)]
    with pytest.raises(ValidationError) as e:
        validate_answers(qs, {"t": "    "})
    assert err(e).template == "Question {0} is required"


@pytest.mark.parametrize(
    "value,expected",
    [(1, 1), (5, 5), (3, 3), ("4", 4), (" 4 ", 4), ("1", 1), ("5", 5), ("05", 5), ("٤", 4)],
)
def test_rating_accepted(value, expected):
    assert validate_answers([q("r", label="Rate")], {"r": value}) == {"r": expected}


@pytest.mark.parametrize(
    "value",
    [
        0,
        6,
        -1,
        4.5,
        4.0,
        "abc",
        "0",
        "6",
        "4.5",
        "4.0",
        "+4",
        "-1",
        True,
        False,
        [4],
        {"v": 4},
        "1" * 5000,
        10**100,
    ],
)
def test_rating_rejected(value):
    with pytest.raises(ValidationError) as e:
        validate_answers([q("r", label="Rate")], {"r": value})
    assert err(e).template == "Question {0} needs a rating from 1 to 5"
    assert err(e).params == ("Rate",)


@pytest.mark.parametrize(
    "value,expected",
    [
        (True, True),
        (False, False),
        ("yes", True),
        ("no", False),
        ("YES", True),
        (" No ", False),
        ("1", True),
        ("0", False),
        ("true", True),
        ("false", False),
        (1, True),
        (0, False),
    ],
)
def test_yes_no_accepted(value, expected):
    assert validate_answers([q("y", "Yes/No", "Solved")], {"y": value}) == {"y": expected}


@pytest.mark.parametrize("value", ["maybe", "y", "n", "2", 2, -1, 1.0, "نعم", ["yes"]])
def test_yes_no_rejected(value):
    with pytest.raises(ValidationError) as e:
        validate_answers([q("y", "Yes/No", "Solved")], {"y": value})
    assert err(e).template == "Question {0} needs a yes or no answer"
    assert err(e).params == ("Solved",)


def test_choice_accepted():
    qs = [q("c", "Choice", "Channel", options=("Phone", "E-mail"))]
    assert validate_answers(qs, {"c": "Phone"}) == {"c": "Phone"}
    assert validate_answers(qs, {"c": "E-mail"}) == {"c": "E-mail"}


@pytest.mark.parametrize("value", ["phone", " Phone", "Phone ", "Fax", 1, ["Phone"], True])
def test_choice_rejected_unless_exact(value):
    qs = [q("c", "Choice", "Channel", options=("Phone", "E-mail"))]
    with pytest.raises(ValidationError) as e:
        validate_answers(qs, {"c": value})
    assert err(e).template == "Question {0} has an answer that is not one of its options"
    assert err(e).params == ("Channel",)


def test_text_accepted_and_limit():
    qs = [q("t", "Text", "Comment")]
    assert validate_answers(qs, {"t": " شكرًا لكم "}) == {"t": "شكرًا لكم"}
    exact = "x" * 2000
    assert validate_answers(qs, {"t": exact}) == {"t": exact}
    assert validate_answers(qs, {"t": "  " + exact + "  "}) == {"t": exact}  # limit after strip
    with pytest.raises(ValidationError) as e:
        validate_answers(qs, {"t": "x" * 2001})
    assert err(e).template == "Question {0} must be at most {1} characters"
    assert err(e).params == ("Comment", 2000)


@pytest.mark.parametrize("value", [5, 1.5, True, ["a"], {"a": 1}])
def test_text_rejects_non_strings(value):
    with pytest.raises(ValidationError) as e:
        validate_answers([q("t", "Text", "Comment")], {"t": value})
    assert err(e).template == "Question {0} needs a text answer"


def test_unknown_key_rejected_first(template):
    # a required question is missing too, but unknown keys come first
    with pytest.raises(ValidationError) as e:
        validate_answers(template, {"zzz": 1, "aaa": 2})
    assert err(e).template == "Unknown question {0}"
    assert err(e).params == ("aaa",)


def test_errors_follow_question_order_not_dict_order():
    qs = [q("b", label="Second", order=2, required=True), q("a", label="First", order=1, required=True)]
    with pytest.raises(ValidationError) as e:
        validate_answers(qs, {"b": 9, "a": 9})
    assert err(e).params == ("First",)


def test_equal_order_uses_list_position():
    qs = [q("b", label="B", required=True), q("a", label="A", required=True)]
    with pytest.raises(ValidationError) as e:
        validate_answers(qs, {"b": 9, "a": 9})
    assert err(e).params == ("B",)


def test_every_missing_answer_named_at_once():
    qs = [q("b", label="B", required=True), q("a", label="A", required=True), q("c", label="C")]
    with pytest.raises(MissingAnswers) as e:
        validate_answers(qs, {"c": 9})  # missing answers come before an invalid one
    assert err(e).template == "Please answer the required questions: {0}"
    assert err(e).missing == ("B", "A")
    assert err(e).params == ("B, A",)
    with pytest.raises(MissingAnswers) as e:
        validate_answers(qs, {"a": 2})
    assert err(e).template == "Question {0} is required"
    assert err(e).missing == ("B",)


def test_blank_label_caught_before_answers():
    # labels are required by the template, so messages always carry a label
    with pytest.raises(ValidationError) as e:
        validate_answers([Question(key="k", type="Rating", label="")], {"k": 1})
    assert err(e).template == "Question {0} must have a label"


@pytest.mark.parametrize("answers", [["service"], "service=5", 5])
def test_answers_must_be_mapping(template, answers):
    with pytest.raises(ValidationError) as e:
        validate_answers(template, answers)
    assert err(e).template == "The answers are not valid"


def test_none_answers_is_empty():
    assert validate_answers([q("c", "Text")], None) == {}


def test_validate_answers_checks_template():
    with pytest.raises(ValidationError) as e:
        validate_answers([q("a"), q("a")], {"a": 1})
    assert err(e).template == "Question key {0} is used more than once"


_answer_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["1", "5", "yes", "no", "Phone", "", " 3 "]),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["service", "overall", "solved", "channel", "comment", "x"]), _answer_values
    )
)
def test_validate_answers_fuzz_only_validation_errors(template, answers):
    try:
        out = validate_answers(template, answers)
    except ValidationError as e:
        assert e.template in MESSAGES_AR
        return
    assert set(out) <= {"service", "overall", "solved", "channel", "comment"}
    for k in ("service", "overall"):
        assert out[k] in range(1, 6) and type(out[k]) is int
    if "solved" in out:
        assert type(out["solved"]) is bool
    if "channel" in out:
        assert out["channel"] in ("Phone", "Email", "Portal")
    if "comment" in out:
        assert out["comment"] == out["comment"].strip() and out["comment"]


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------


def test_overall_uses_marked_question(template):
    assert overall_rating(template, {"service": 1, "overall": 5}) == 5


def test_overall_mean_when_none_marked():
    qs = [q("a"), q("b"), q("c"), q("t", "Text")]
    assert overall_rating(qs, {"a": 4, "b": 5, "t": "x"}) == 5  # 4.5 -> 5 (half up)
    assert overall_rating(qs, {"a": 2, "b": 3}) == 3  # 2.5 -> 3, not banker's 2
    assert overall_rating(qs, {"a": 1, "b": 2, "c": 2}) == 2  # 1.67 -> 2
    assert overall_rating(qs, {"a": 1, "b": 1, "c": 2}) == 1  # 1.33 -> 1
    assert overall_rating(qs, {"a": 3}) == 3


def test_overall_falls_back_to_mean_when_marked_unanswered():
    qs = [q("a"), q("b"), q("o", is_overall=True)]
    assert overall_rating(qs, {"a": 3, "b": 4}) == 4  # 3.5 -> 4


def test_overall_none_without_ratings():
    qs = [q("a"), q("y", "Yes/No"), q("t", "Text")]
    assert overall_rating(qs, {"y": True, "t": "hi"}) is None
    assert overall_rating(qs, {}) is None
    assert overall_rating([q("t", "Text")], {"t": "x"}) is None


@pytest.mark.parametrize("rating,expected", [(1, 0.2), (2, 0.4), (3, 0.6), (4, 0.8), (5, 1.0), (None, None)])
def test_feedback_rating(rating, expected):
    assert to_feedback_rating(rating) == expected


@pytest.mark.parametrize("bad", [0, 6, True, 4.5, "4"])
def test_feedback_rating_rejects(bad):
    with pytest.raises(ValidationError):
        to_feedback_rating(bad)


@pytest.mark.parametrize(
    "rating,expected",
    [(1, False), (2, False), (3, False), (4, True), (5, True), (None, False), (6, False), (True, False)],
)
def test_is_satisfied(rating, expected):
    assert is_satisfied(rating) is expected


# ---------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------


def test_wilson_known_values():
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)
    low, high = wilson_interval(5, 10)
    assert (low, high) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))


def test_wilson_edges():
    assert wilson_interval(0, 0) == (None, None)
    low, high = wilson_interval(10, 10)
    assert high == 1.0 and low == pytest.approx(0.7225, abs=1e-4)
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson_interval(1, 1)
    assert high == 1.0 and 0 < low < 1


def test_wilson_z_changes_width():
    l95, h95 = wilson_interval(50, 100)
    l99, h99 = wilson_interval(50, 100, z=2.576)
    assert l99 < l95 < 0.5 < h95 < h99


@pytest.mark.parametrize("s,n", [(-1, 5), (6, 5), (0, -1)])
def test_wilson_rejects_impossible(s, n):
    with pytest.raises(ValidationError):
        wilson_interval(s, n)


@given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_property(sn):
    s, n = sn
    low, high = wilson_interval(s, n)
    if n == 0:
        assert (low, high) == (None, None)
    else:
        assert 0.0 <= low <= s / n <= high <= 1.0


def test_summarize_hand_computed():
    # 10 requests, 6 responses: ratings 5,4,4,3,1 and one without rating
    st_ = summarize([5, 4, None, 4, 3, 1], requests=10)
    assert isinstance(st_, SurveyStats)
    assert st_.requests == 10 and st_.responses == 6
    assert st_.response_rate == pytest.approx(0.6)
    assert st_.rated == 5 and st_.satisfied == 3
    assert st_.csat == pytest.approx(0.6)
    assert st_.mean == pytest.approx(17 / 5)
    low, high = wilson_interval(3, 5)
    assert (st_.csat_low, st_.csat_high) == (low, high)
    assert st_.csat_low == pytest.approx(0.2307, abs=1e-4)
    assert st_.csat_high == pytest.approx(0.8824, abs=1e-4)


def test_summarize_empty():
    assert summarize([], 0) == SurveyStats(0, 0, None, 0, 0, None, None, None, None)
    s = summarize([], 4)
    assert s.response_rate == 0.0 and s.csat is None and s.mean is None and s.csat_low is None
    s = summarize([None, None], 2)
    assert s.response_rate == 1.0 and s.rated == 0 and s.csat is None


def test_summarize_accepts_generator():
    s = summarize((r for r in [5, 5]), 3)
    assert s.responses == 2 and s.csat == 1.0 and s.csat_high == 1.0


@pytest.mark.parametrize("ratings,requests", [([5, 5, 5], 2), ([], -1)])
def test_summarize_rejects_more_responses_than_requests(ratings, requests):
    with pytest.raises(ValidationError) as e:
        summarize(ratings, requests)
    assert err(e).template == "Responses {0} cannot exceed requests {1}"


@pytest.mark.parametrize("bad", [0, 6, 4.5, True, "5"])
def test_summarize_rejects_bad_ratings(bad):
    with pytest.raises(ValidationError):
        summarize([bad], 5)


def _row(service, agent, responded, rating=None, **kw):
    return {"service": service, "agent": agent, "responded": responded, "rating": rating, **kw}


def test_group_stats_hand_computed():
    rows = [
        _row("IT", "amal", True, 5),
        _row("IT", "amal", True, 3),
        _row("IT", "amal", False),
        _row("IT", "badr", True, 4),
        _row("Admissions", "amal", True, 2),
        _row("Admissions", "amal", False),
        _row(None, "amal", True, 5),
        _row("IT", None, True, None),
        _row("IT", "amal", False, 5),  # not responded: stray rating ignored
    ]
    out = group_stats(rows, ["service", "agent"])
    assert [k for k, _ in out] == [
        ("Admissions", "amal"),
        ("IT", "amal"),
        ("IT", "badr"),
        ("IT", None),
        (None, "amal"),
    ]
    by = dict(out)
    it_amal = by[("IT", "amal")]
    assert (it_amal.requests, it_amal.responses, it_amal.rated, it_amal.satisfied) == (4, 2, 2, 1)
    assert it_amal.response_rate == 0.5 and it_amal.csat == 0.5 and it_amal.mean == 4.0
    adm = by[("Admissions", "amal")]
    assert (adm.requests, adm.responses, adm.satisfied, adm.csat, adm.mean) == (2, 1, 0, 0.0, 2.0)
    it_none = by[("IT", None)]
    assert (it_none.requests, it_none.responses, it_none.rated, it_none.csat) == (1, 1, 0, None)
    assert by[(None, "amal")].csat == 1.0


def test_group_stats_single_key_and_totals():
    rows = [_row("IT", "a", True, 5), _row("HR", "a", True, 1), _row("IT", "b", False)]
    out = group_stats(rows, ["agent"])
    assert [k for k, _ in out] == [("a",), ("b",)]
    total = group_stats(rows, [])
    assert len(total) == 1 and total[0][0] == ()
    t = total[0][1]
    assert (t.requests, t.responses, t.rated, t.satisfied) == (3, 2, 2, 1)


def test_group_stats_missing_dimension_is_none_and_period_sort():
    rows = [
        {"period": "2026-12", "responded": True, "rating": 4},
        {"period": "2026-11", "responded": True, "rating": 2},
        {"responded": False},
    ]
    assert [k for k, _ in group_stats(rows, ["period"])] == [("2026-11",), ("2026-12",), (None,)]


def test_group_stats_empty_rows():
    assert group_stats([], ["service"]) == []


def test_group_stats_rejects_unknown_key():
    with pytest.raises(ValidationError) as e:
        group_stats([], ["service", "rating; drop table"])
    assert err(e).template == "Cannot group survey results by {0}"


@pytest.mark.parametrize(
    "dt,gran,expected",
    [
        (date(2026, 11, 25), "day", "2026-11-25"),
        (datetime(2026, 11, 25, 23, 59), "day", "2026-11-25"),
        (date(2026, 11, 25), "week", "2026-W48"),
        (date(2026, 11, 25), "month", "2026-11"),
        (date(2026, 1, 5), "month", "2026-01"),
        (date(2026, 11, 25), "quarter", "2026-Q4"),
        (date(2026, 1, 1), "quarter", "2026-Q1"),
        (date(2026, 3, 31), "quarter", "2026-Q1"),
        (date(2026, 4, 1), "quarter", "2026-Q2"),
        (date(2026, 9, 30), "quarter", "2026-Q3"),
        (date(2026, 11, 25), "year", "2026"),
        # ISO-week year boundaries
        (date(2026, 12, 31), "week", "2026-W53"),
        (date(2027, 1, 1), "week", "2026-W53"),
        (date(2027, 1, 3), "week", "2026-W53"),
        (date(2027, 1, 4), "week", "2027-W01"),
        (date(2024, 12, 30), "week", "2025-W01"),
        (date(2026, 1, 1), "week", "2026-W01"),
        (date(2026, 1, 5), "week", "2026-W02"),
        (datetime(2027, 1, 1, 12, tzinfo=timezone.utc), "week", "2026-W53"),
    ],
)
def test_period_key(dt, gran, expected):
    assert period_key(dt, gran) == expected


def test_period_key_does_not_convert_timezones():
    riyadh = timezone(timedelta(hours=3))
    assert period_key(datetime(2026, 12, 1, 1, 0, tzinfo=riyadh), "month") == "2026-12"


@pytest.mark.parametrize("gran", ["hour", "Week", "", None])
def test_period_key_unknown_granularity(gran):
    with pytest.raises(ValidationError) as e:
        period_key(date(2026, 1, 1), gran)
    assert err(e).template == "Unknown period granularity {0}"


def test_period_key_needs_date():
    with pytest.raises(ValidationError):
        period_key("2026-01-01", "day")


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _forge(body_bytes: bytes, secret=SECRET) -> str:
    """A correctly signed token around arbitrary payload bytes."""
    body = _b64(body_bytes)
    sig = _b64(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest())
    return f"{body}.{sig}"


def test_token_round_trip():
    nonce = new_nonce()
    tok = sign_token({"s": "SR-0001", "n": nonce}, SECRET, EXP)
    assert "=" not in tok and tok.count(".") == 1
    assert re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", tok)
    payload = verify_token(tok, SECRET, T0)
    assert payload == {"s": "SR-0001", "n": nonce, "exp": int(EXP.replace(tzinfo=timezone.utc).timestamp())}


def test_token_format_sorted_json_and_hmac():
    tok = sign_token({"s": "SR-1", "n": "abc"}, SECRET, datetime(2026, 1, 1))
    body, sig = tok.split(".")
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    assert raw == b'{"exp":1767225600,"n":"abc","s":"SR-1"}'
    assert sig == _b64(hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).digest())
    assert len(sig) == 43


def test_token_bytes_secret_equivalent():
    tok = sign_token({"s": "x"}, SECRET, EXP)
    assert tok == sign_token({"s": "x"}, SECRET.encode(), EXP)
    assert verify_token(tok, SECRET.encode(), T0)["s"] == "x"


def test_token_unicode_payload():
    tok = sign_token({"s": "طلب-١"}, SECRET, EXP)
    assert verify_token(tok, SECRET, T0)["s"] == "طلب-١"


def test_token_aware_and_naive_datetimes():
    riyadh = timezone(timedelta(hours=3))
    exp_local = datetime(2026, 12, 2, 12, 0, tzinfo=riyadh)  # == 09:00 UTC
    tok = sign_token({"s": "a"}, SECRET, exp_local)
    assert tok == sign_token({"s": "a"}, SECRET, datetime(2026, 12, 2, 9, 0))
    verify_token(tok, SECRET, datetime(2026, 12, 2, 11, 59, 59, tzinfo=riyadh))
    verify_token(tok, SECRET, datetime(2026, 12, 2, 8, 59, 59))
    with pytest.raises(TokenExpired):
        verify_token(tok, SECRET, datetime(2026, 12, 2, 12, 0, tzinfo=riyadh))
    with pytest.raises(TokenExpired):
        verify_token(tok, SECRET, datetime(2026, 12, 2, 9, 0))


def test_token_expiry_boundary_now_equal_exp_is_expired():
    tok = sign_token({"s": "a"}, SECRET, EXP)
    verify_token(tok, SECRET, EXP - timedelta(microseconds=1))
    with pytest.raises(TokenExpired) as e:
        verify_token(tok, SECRET, EXP)
    assert err(e).template == "The survey link has expired"
    with pytest.raises(TokenExpired):
        verify_token(tok, SECRET, EXP + timedelta(days=365))


def test_token_exp_truncates_microseconds():
    tok = sign_token({"s": "a"}, SECRET, EXP + timedelta(microseconds=999_999))
    with pytest.raises(TokenExpired):
        verify_token(tok, SECRET, EXP)


def test_token_errors_are_validation_errors():
    assert issubclass(TokenInvalid, ValidationError) and issubclass(TokenExpired, ValidationError)
    assert not issubclass(TokenInvalid, TokenExpired) and not issubclass(TokenExpired, TokenInvalid)


def test_tampered_payload():
    tok = sign_token({"s": "SR-0001", "n": "n"}, SECRET, EXP)
    body, sig = tok.split(".")
    forged_body = _b64(
        json.dumps({"exp": 9999999999, "n": "n", "s": "SR-0002"}, separators=(",", ":")).encode()
    )
    with pytest.raises(TokenInvalid) as e:
        verify_token(f"{forged_body}.{sig}", SECRET, T0)
    assert err(e).template == "The survey link is not valid"
    assert err(e).reason == "bad signature"


def test_tampered_signature():
    tok = sign_token({"s": "SR-0001"}, SECRET, EXP)
    body, sig = tok.split(".")
    flipped = sig[:-2] + ("A" if sig[-2] != "A" else "B") + sig[-1]
    for bad in (flipped, sig[:-1], sig + "A", sig[::-1], ""):
        with pytest.raises(TokenInvalid):
            verify_token(f"{body}.{bad}", SECRET, T0)


def test_wrong_secret():
    tok = sign_token({"s": "SR-0001"}, SECRET, EXP)
    with pytest.raises(TokenInvalid):
        verify_token(tok, "other-secret", T0)


def test_expired_and_forged_reports_invalid_not_expired():
    tok = sign_token({"s": "a"}, "attacker", T0 - timedelta(days=1))
    with pytest.raises(TokenInvalid):
        verify_token(tok, SECRET, T0)


def test_surrounding_whitespace_tolerated():
    tok = sign_token({"s": "a"}, SECRET, EXP)
    assert verify_token(f"  {tok}\n", SECRET, T0)["s"] == "a"


def test_padding_rejected():
    tok = sign_token({"s": "a"}, SECRET, EXP)
    body, sig = tok.split(".")
    with pytest.raises(TokenInvalid):
        verify_token(f"{body}.{sig}=", SECRET, T0)


@pytest.mark.parametrize(
    "body,reason",
    [
        (b"not json", "payload is not JSON"),
        (b"\xff\xfe\x00", "payload is not JSON"),
        (b"[1, 2, 3]", "payload is not an object"),
        (b'"string"', "payload is not an object"),
        (b"null", "payload is not an object"),
        (b'{"s": "a"}', "exp missing or not an integer"),
        (b'{"exp": "9999999999"}', "exp missing or not an integer"),
        (b'{"exp": 9999999999.0}', "exp missing or not an integer"),
        (b'{"exp": true}', "exp missing or not an integer"),
        (b'{"exp": null}', "exp missing or not an integer"),
        (b'{"exp": Infinity}', "exp missing or not an integer"),
        (b'{"exp": NaN}', "exp missing or not an integer"),
        (b"[" * 3000, "payload is not JSON"),  # RecursionError inside json
        (b'{"exp": 1' + b"0" * 5000 + b"}", "empty or too long"),  # length cap before int parsing
        (b"[" * 100_000, "empty or too long"),
    ],
    ids=lambda v: repr(v)[:40] if isinstance(v, bytes) else None,
)
def test_signed_but_bad_payload(body, reason):
    with pytest.raises(TokenInvalid) as e:
        verify_token(_forge(body), SECRET, T0)
    assert err(e).reason == reason


def test_signed_payload_with_huge_int_exp_is_valid_until_then():
    assert verify_token(_forge(b'{"exp": 99999999999999999999}'), SECRET, T0)["exp"] == 99999999999999999999
    big = b'{"exp": 1' + b"0" * 2900 + b"}"  # biggest that fits the length cap: still an int
    assert verify_token(_forge(big), SECRET, T0)["exp"] == 10**2900
    with pytest.raises(TokenExpired):
        verify_token(_forge(b'{"exp": -5}'), SECRET, T0)


@pytest.mark.parametrize(
    "token",
    [
        "",
        " ",
        ".",
        "..",
        "a.b.c",
        "abc",
        "abc.",
        ".abc",
        "a b.c",
        "ab+/.cd",
        "é.é",
        "x" * 5000 + "." + "y",
        None,
        5,
        b"a.b",
    ],
    ids=lambda v: repr(v)[:20],
)
def test_malformed_tokens(token):
    with pytest.raises(TokenInvalid):
        verify_token(token, SECRET, T0)


def test_sign_rejects_bad_inputs():
    with pytest.raises(ValidationError) as e:
        sign_token({"s": "a", "exp": 1}, SECRET, EXP)
    assert err(e).template == "The survey link payload must not contain {0}"
    with pytest.raises(ValidationError) as e:
        sign_token({"s": object()}, SECRET, EXP)
    assert err(e).template == "The survey link payload is not valid"
    with pytest.raises(ValidationError):
        sign_token({"s": float("nan")}, SECRET, EXP)
    with pytest.raises(ValidationError):
        sign_token(["s"], SECRET, EXP)
    with pytest.raises(ValidationError):
        sign_token({"s": "a"}, SECRET, "2026-12-01")


@pytest.mark.parametrize("secret", ["", b"", None, 123])
def test_empty_secret_refused(secret):
    with pytest.raises(ValidationError) as e:
        sign_token({"s": "a"}, secret, EXP)
    assert err(e).template == "The survey signing secret is not configured"
    assert not isinstance(err(e), TokenInvalid | TokenExpired)
    with pytest.raises(ValidationError):
        verify_token("a.b", secret, T0)


def test_new_nonce():
    a, b = new_nonce(), new_nonce()
    assert a != b and len(a) >= 21 and re.fullmatch(r"[A-Za-z0-9_-]+", a)


# --- fuzzing: nothing but TokenInvalid / TokenExpired for any token string ---

_GOOD = sign_token({"s": "SR-0001", "n": "nonce"}, SECRET, EXP)
_B64_ALPHABET = string.ascii_letters + string.digits + "-_"


def _only_token_errors(token, now=T0):
    try:
        out = verify_token(token, SECRET, now)
    except (TokenInvalid, TokenExpired):
        return None
    # Anything accepted must be a dict carrying an int exp.
    assert isinstance(out, dict) and type(out["exp"]) is int
    return out


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_fuzz_random_text(token):
    _only_token_errors(token)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_random_bytes_decoded(raw):
    _only_token_errors(raw.decode("latin-1"))
    _only_token_errors(raw.decode("utf-8", errors="replace"))


@settings(max_examples=300, deadline=None)
@given(st.text(_B64_ALPHABET, max_size=80), st.text(_B64_ALPHABET, max_size=60))
def test_fuzz_well_formed_shapes(body, sig):
    _only_token_errors(f"{body}.{sig}")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(_GOOD)), st.integers(0, len(_GOOD)))
def test_fuzz_truncated_and_sliced(i, j):
    assert _only_token_errors(_GOOD[:i]) is None or i == len(_GOOD)
    _only_token_errors(_GOOD[i:j])
    _only_token_errors(_GOOD[:i] + _GOOD[j:])


def test_swapped_parts():
    body, sig = _GOOD.split(".")
    for tok in (f"{sig}.{body}", f"{body}.{body}", f"{sig}.{sig}", f"{body}{sig}"):
        with pytest.raises(TokenInvalid):
            verify_token(tok, SECRET, T0)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(_GOOD) - 1), st.sampled_from(_B64_ALPHABET + ".=+/ é"))
def test_fuzz_single_char_mutation(pos, ch):
    mutated = _GOOD[:pos] + ch + _GOOD[pos + 1 :]
    out = _only_token_errors(mutated)
    if mutated != _GOOD and out is not None:
        # Only a change in the unused low bits of the last base64 char could
        # survive decoding, and the signature is compared as canonical text.
        pytest.fail(f"mutated token accepted: {mutated!r}")


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_json_values, st.dictionaries(st.sampled_from(["exp", "s", "n"]), _json_values)))
def test_fuzz_signed_arbitrary_json(value):
    body = json.dumps(value).encode()
    out = _only_token_errors(_forge(body))
    if out is not None:
        assert out == value


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_fuzz_signed_arbitrary_bytes(raw):
    _only_token_errors(_forge(raw))


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text(max_size=8).filter(lambda k: k != "exp"), st.text(max_size=20), max_size=4),
    st.integers(-(10**6), 10**6),
    st.integers(-(10**6), 10**6),
)
def test_fuzz_round_trip_and_expiry(payload, exp_offset, now_offset):
    exp = T0 + timedelta(seconds=exp_offset)
    now = T0 + timedelta(seconds=now_offset)
    tok = sign_token(payload, SECRET, exp)
    if now_offset >= exp_offset:
        with pytest.raises(TokenExpired):
            verify_token(tok, SECRET, now)
    else:
        out = verify_token(tok, SECRET, now)
        assert out.pop("exp") == int(exp.replace(tzinfo=timezone.utc).timestamp())
        assert out == payload


# ---------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------


SENT = datetime(2026, 11, 25, 10, 0)


@pytest.mark.parametrize(
    "now,delay,reminded,responded,expires,expected",
    [
        (SENT + timedelta(hours=48), 48, False, False, SENT + timedelta(days=7), True),  # exactly at delay
        (SENT + timedelta(hours=47, minutes=59), 48, False, False, SENT + timedelta(days=7), False),
        (SENT + timedelta(hours=72), 48, False, False, None, True),  # no expiry
        (SENT + timedelta(hours=72), 48, True, False, None, False),  # already reminded
        (SENT + timedelta(hours=72), 48, False, True, None, False),  # already answered
        (SENT + timedelta(days=7), 48, False, False, SENT + timedelta(days=7), False),  # expired at boundary
        (SENT + timedelta(days=8), 48, False, False, SENT + timedelta(days=7), False),
        (SENT, 0, False, False, SENT + timedelta(days=1), True),  # zero delay
        (SENT - timedelta(hours=1), 0, False, False, None, False),  # clock before sending
        (SENT + timedelta(hours=1, minutes=30), 1.5, False, False, None, True),  # fractional hours
    ],
)
def test_reminder_due(now, delay, reminded, responded, expires, expected):
    assert reminder_due(SENT, now, delay, reminded, responded, expires) is expected


def test_reminder_not_sent_yet():
    assert reminder_due(None, SENT, 0, False, False, None) is False


def test_reminder_mixed_timezones():
    riyadh = timezone(timedelta(hours=3))
    now = datetime(2026, 11, 27, 13, 0, tzinfo=riyadh)  # 10:00 UTC, 48h after SENT
    assert reminder_due(SENT, now, 48, False, False, None) is True
    assert reminder_due(SENT, now - timedelta(seconds=1), 48, False, False, None) is False


@pytest.mark.parametrize("delay", [-1, None])
def test_reminder_bad_delay(delay):
    with pytest.raises(ValidationError):
        reminder_due(SENT, SENT, delay, False, False, None)


# ---------------------------------------------------------------------------
# Default templates
# ---------------------------------------------------------------------------

_FIELDS = {"key", "type", "label_en", "label_ar", "required", "order", "is_overall"}


@pytest.mark.parametrize("name", ["Ticket Resolved", "Call Completed"])
def test_default_templates_valid(name):
    rows = DEFAULT_TEMPLATES[name]
    for row in rows:
        assert set(row) == _FIELDS
        assert re.search("[\u0600-\u06ff]", row["label_ar"]) and row["label_ar"].endswith("؟")
        assert row["label_en"].endswith("?")
    for lang in ("en", "ar"):
        qs = questions_from_template(rows, lang)
        validate_template(qs)
        assert [x.order for x in qs] == sorted(x.order for x in qs)
        overall = [x for x in qs if x.is_overall]
        assert len(overall) == 1 and overall[0].required and overall[0].type == "Rating"
    assert questions_from_template(rows, "ar")[0].label == rows[0]["label_ar"]


def test_default_templates_content():
    assert set(DEFAULT_TEMPLATES) == {"Ticket Resolved", "Call Completed"}
    t = {r["key"]: r for r in DEFAULT_TEMPLATES["Ticket Resolved"]}
    assert [
        (r["key"], r["type"], r["required"], r["is_overall"]) for r in DEFAULT_TEMPLATES["Ticket Resolved"]
    ] == [
        ("overall_satisfaction", "Rating", True, True),
        ("time_taken", "Rating", True, False),
        ("staff_courtesy", "Rating", True, False),
        ("solved_first_time", "Yes/No", True, False),
        ("comment", "Text", False, False),
    ]
    assert t["overall_satisfaction"]["label_ar"] == "ما مدى رضاك العام عن الخدمة؟"
    # one overall question; no other question asks about the quality or satisfaction in general
    others = [r["label_ar"] for r in DEFAULT_TEMPLATES["Ticket Resolved"] if not r["is_overall"]]
    assert not [label for label in others if "جودة الخدمة" in label or "رضاك" in label]
    assert len({r["label_en"] for r in DEFAULT_TEMPLATES["Ticket Resolved"]}) == 5
    assert [(r["type"], r["required"], r["is_overall"]) for r in DEFAULT_TEMPLATES["Call Completed"]] == [
        ("Rating", True, False),
        ("Rating", True, True),
        ("Text", False, False),
    ]
    # the shared overall row is copied, not aliased
    assert DEFAULT_TEMPLATES["Ticket Resolved"][1] is not DEFAULT_TEMPLATES["Call Completed"][1]


def test_default_template_end_to_end():
    qs = questions_from_template(DEFAULT_TEMPLATES["Ticket Resolved"], "ar")
    answers = {"overall_satisfaction": "4", "time_taken": "3", "staff_courtesy": 5, "solved_first_time": "no"}
    cleaned = validate_answers(qs, {**answers, "comment": ""})
    assert cleaned == {
        "overall_satisfaction": 4,
        "time_taken": 3,
        "staff_courtesy": 5,
        "solved_first_time": False,
    }
    r = overall_rating(qs, cleaned)
    assert r == 4 and to_feedback_rating(r) == 0.8 and is_satisfied(r)
    with pytest.raises(ValidationError) as e:
        validate_answers(qs, {k: v for k, v in answers.items() if k != "overall_satisfaction"})
    assert e.value.params == ("ما مدى رضاك العام عن الخدمة؟",)
    # an empty submit names every missing answer, in question order
    with pytest.raises(MissingAnswers) as e:
        validate_answers(qs, {})
    assert e.value.template == "Please answer the required questions: {0}"
    assert e.value.missing == tuple(
        r["label_ar"] for r in DEFAULT_TEMPLATES["Ticket Resolved"] if r["required"]
    )


def test_core_error_message_formats():
    e = ValidationError("Question {0} is required", "Service")
    assert isinstance(e, CoreError) and str(e) == "Question Service is required"


def test_survey_dimensions_are_fields_of_the_request_and_the_response():
    """What a survey is about is copied from the request onto the response: both doctypes carry it."""
    doctypes = Path(__file__).resolve().parents[1] / "moeen_helpdesk" / "moeen_helpdesk" / "doctype"
    for name in ("moeen_survey_request", "moeen_survey_response"):
        meta = json.loads((doctypes / name / f"{name}.json").read_text(encoding="utf-8"))
        fields = {f["fieldname"] for f in meta["fields"]}
        assert set(S.DIMENSIONS) <= fields, (name, set(S.DIMENSIONS) - fields)
    assert S.GROUP_KEYS == (*S.DIMENSIONS, "period")
