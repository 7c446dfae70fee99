"""Nesting depth of JSON-looking input without parsing (moeen_helpdesk.core.inputs)."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moeen_helpdesk.core.inputs import MAX_DEPTH, body_problem, json_depth

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
