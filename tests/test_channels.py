"""Caller identification: every spelling of a phone number is one number."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moeen_helpdesk.core import channels

SAME = [
    "+966 55 987 6543",
    "00966559876543",
    "0559876543",
    "559876543",
    "966559876543",
    "+966559876543",
    "+966 (0) 55 987 6543",
    "+966 0559876543",
    "055-987-6543",
    "(055) 987 6543",
    "٠٥٥٩٨٧٦٥٤٣",
    "+٩٦٦ ٥٥ ٩٨٧ ٦٥٤٣",
    " 00966 55 987 65 43 ",
]


@pytest.mark.parametrize("spelling", SAME)
def test_the_saudi_forms_of_one_number(spelling):
    assert channels.normalise_phone(spelling) == "966559876543"
    assert channels.same_number(spelling, "+966 55 987 6543")
    assert channels.lookup_tail(spelling) == "9876543"


def test_landlines_toll_free_and_foreign_numbers():
    assert (
        channels.normalise_phone("011 467 5557")
        == channels.normalise_phone("+966 11 467 5557")
        == "966114675557"
    )
    assert (
        channels.normalise_phone("800 123 4567")
        == channels.normalise_phone("+966 800 123 4567")
        == "9668001234567"
    )
    # another country: its code is kept, its own trunk prefix in "(0)" dropped
    assert (
        channels.normalise_phone("+44 (0)20 7946 0958")
        == channels.normalise_phone("0044 20 7946 0958")
        == "442079460958"
    )
    assert channels.normalise_phone("+1 (202) 555-0123") == "12025550123"
    # same last nine digits, other countries: other numbers
    assert not channels.same_number("+20 559876543", "0559876543")
    assert not channels.same_number("+966 55 987 6543", "+966 55 987 6544")


def test_other_rules_of_another_default_country():
    # Egypt: code 20, trunk prefix 0, 10-digit national numbers
    rules = {"country_code": "20", "national_length": 10}
    assert (
        channels.normalise_phone("010 1234 5678", **rules)
        == channels.normalise_phone("+20 10 1234 5678")
        == "201012345678"
    )
    assert channels.normalise_phone("201012345678", **rules) == "201012345678"


def test_missing_and_short_numbers():
    for nothing in (None, "", "   ", "anonymous", "+"):
        assert channels.normalise_phone(nothing) == ""
        assert not channels.same_number(nothing, nothing)
        assert channels.lookup_tail(nothing) == ""
    assert channels.normalise_phone("937") == "937"  # a short code keeps its digits only
    assert channels.normalise_phone("ext. 1234") == "1234"
    assert not channels.same_number("937", "+966937")


SEPARATORS = st.sampled_from(["", " ", "-", ".", " - ", "\u00a0"])
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def national_numbers():
    """Saudi national numbers: mobiles 5XXXXXXXX and landlines 1XXXXXXXX."""
    return st.tuples(st.sampled_from("51"), st.text("0123456789", min_size=8, max_size=8)).map("".join)


@st.composite
def spellings(draw, nsn):
    prefix = draw(st.sampled_from(["+966", "00966", "0", "", "966", "+966 (0)", "+9660", "9660"]))
    groups, rest = [], nsn
    while rest:
        n = draw(st.integers(1, 4))
        groups.append(rest[:n])
        rest = rest[n:]
    text = prefix + draw(SEPARATORS) + draw(SEPARATORS).join(groups)
    if draw(st.booleans()):
        text = text.translate(ARABIC_INDIC)
    return draw(st.sampled_from(["", " "])) + text


@settings(max_examples=300, deadline=None)
@given(data=st.data(), nsn=national_numbers())
def test_every_spelling_is_the_same_number_and_ends_with_its_tail(data, nsn):
    spelling = data.draw(spellings(nsn))
    assert channels.normalise_phone(spelling) == "966" + nsn
    # a store pre-selects by the tail of the ASCII digits of what it holds
    assert channels.digits(spelling).endswith(channels.lookup_tail("+966" + nsn))


@settings(max_examples=300, deadline=None)
@given(data=st.data(), a=national_numbers(), b=national_numbers())
def test_different_numbers_never_match(data, a, b):
    if a == b:
        return
    assert not channels.same_number(data.draw(spellings(a)), data.draw(spellings(b)))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_text_normalises_to_digits_idempotently(text):
    n = channels.normalise_phone(text)
    assert n == "" or n.isdigit() and n.isascii()
    if len(n) >= channels.MIN_DIGITS:
        assert channels.normalise_phone("+" + n) == n
