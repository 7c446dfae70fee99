"""Nesting depth of JSON-looking input without parsing (moeen_helpdesk.core.inputs)."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moeen_helpdesk.core.inputs import (
    BAD_FIELD,
    BAD_SHAPE,
    BAD_VALUE,
    MAX_DEPTH,
    body_problem,
    filters_problem,
    json_depth,
    list_view_problem,
    value_problem,
)

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='ab"[]{}\\ ', max_size=6),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(alphabet='k"[{', max_size=3), inner, max_size=3),
    max_leaves=20,
)


def depth_of(value) -> int:
    if isinstance(value, list):
        return 1 + max((depth_of(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth_of(v) for v in value.values()), default=0)
    return 0


@given(values)
def test_depth_matches_the_parsed_structure(value):
    assert json_depth(json.dumps(value), limit=10_000) == depth_of(value)


def test_deep_input_is_cut_short():
    assert json_depth("[" * 100_000, limit=MAX_DEPTH) == MAX_DEPTH + 1
    assert json_depth('"[[[[[[["') == 0
    assert json_depth('{"a": "\\"[["}') == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('{"a": [1, 2, {"b": null}]}', None),
        ("[]", None),
        ('{"a": ', "invalid"),
        ("{'a': 1}", "invalid"),
        ('{"a": "[[[[" }', None),
        ("[" * 5000 + "]" * 5000, "too_deep"),
        ('{"a":' * 3000 + "1" + "}" * 3000, "too_deep"),
        ("[" * MAX_DEPTH + "]" * MAX_DEPTH, None),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "too_deep"),
    ],
)
def test_body_problem(body, expected):
    assert body_problem(body) == expected


FIELDS = {None: {"subject", "status", "name"}, "HD Ticket": {"subject", "status", "name"}}


def known(doctype, field):
    return field in FIELDS.get(doctype, set())


@pytest.mark.parametrize(
    "filters",
    [
        None,
        {},
        [],
        {"status": "Open"},
        {"status": ["in", ["Open", "Replied"]]},
        {"subject": ["like", "%a%"], "name": 12},
        [["status", "=", "Open"]],
        [["HD Ticket", "status", "in", ["Open"]]],
        [["HD Ticket", "status", "=", "Open", False]],
        [["subject", "Hello"]],
        [{"status": "Open"}],
    ],
)
def test_filters_as_frappe_reads_them(filters):
    assert filters_problem(filters, known) is None


@pytest.mark.parametrize(
    ("filters", "problem"),
    [
        ({"": [9007199254740992.0, None, 3]}, BAD_FIELD),
        ({"no_such": 1}, BAD_FIELD),
        ({"status": {"a": 1}}, BAD_VALUE),
        ({"status": [1, 2, 3]}, BAD_VALUE),
        ({"status": ["in", [{"a": 1}]]}, BAD_VALUE),
        ([{"Â>": {";3": True}}], BAD_FIELD),
        ([["status"]], BAD_SHAPE),
        ([[["x"], "=", 1]], BAD_FIELD),
        ([["Other", "status", "=", 1]], BAD_FIELD),
        ("status", BAD_SHAPE),
        (12, BAD_SHAPE),
        ([["status", "=", {"a": 1}]], BAD_VALUE),
    ],
)
def test_malformed_filters(filters, problem):
    assert filters_problem(filters, known)[0] == problem


@pytest.mark.parametrize(
    ("fieldtype", "value", "bad"),
    [
        ("Link", "SIS-001", False),
        ("Link", [None, None], True),
        ("Data", {"a": 1}, True),
        ("Datetime", None, False),
        ("Int", "12", False),
        ("Int", "twelve", True),
        ("Float", 1.5, False),
        ("Table", [{"user": "a"}], False),
        ("Table", "rows", True),
        ("Table", [1, 2], True),
        ("JSON", {"a": [1]}, False),
        ("Check", True, False),
    ],
)
def test_field_values(fieldtype, value, bad):
    assert value_problem(fieldtype, value) is bad


def test_list_views_as_helpdesk_reads_them():
    def field(name):
        return name in {"name", "subject", "modified", "status"}

    assert (
        list_view_problem(
            [{"key": "subject", "label": "Subject"}], ["name", "status"], "modified desc", field
        )
        is None
    )
    assert list_view_problem([], [], "`tabHD Ticket`.modified DESC, name asc", field) is None
    assert list_view_problem([{"": ["x"]}], [], "modified desc", field) is None  # no key: Helpdesk skips it
    assert list_view_problem([["subject"]], [], "modified", field)[0] == BAD_SHAPE
    assert list_view_problem([{"key": ["x"]}], [], "modified", field)[0] == BAD_FIELD
    assert list_view_problem([], [{"a": [None]}], "modified", field)[0] == BAD_FIELD
    assert list_view_problem([], ["nope"], "modified", field)[0] == BAD_FIELD
    assert list_view_problem([], [], "modified; drop table x", field)[0] == BAD_FIELD
    assert list_view_problem([], [], "\u00db\u0095:\u0005", field)[0] == BAD_FIELD
    assert list_view_problem([], [], ["modified"], field)[0] == BAD_FIELD
    assert list_view_problem(None, None, "", lambda f: False) is None
