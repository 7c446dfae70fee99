"""core.partition: the split of a first column into two halves of about equal weight."""

from hypothesis import given
from hypothesis import strategies as st

from moeen_helpdesk.core.partition import even_weights, split_value


def test_fewer_than_two_values_do_not_split():
    assert split_value({}) is None
    assert split_value({"A": 10}) is None
    assert split_value({None: 5, "": 3, "A": 10}) is None


def test_the_split_balances_the_weight():
    assert split_value({"A": 1, "B": 1, "C": 1, "D": 1}) == "C"
    assert split_value({"A": 90, "B": 5, "C": 5}) == "B"
    assert split_value({"A": 5, "B": 5, "C": 90}) == "C"


def test_empty_and_missing_keys_count_in_the_first_half():
    # 60 below "B" with the empty keys, 40 from it: "B" is the best split, not "C".
    assert split_value({None: 30, "": 20, "A": 10, "B": 20, "C": 20}) == "B"


def test_even_weights():
    assert even_weights(["A", "B", None]) == {"A": 1.0, "B": 1.0, None: 1.0}
    assert split_value(even_weights(["D", "A", "C", "B"])) == "C"


@given(st.dictionaries(st.one_of(st.none(), st.text(max_size=3)), st.integers(0, 1000), max_size=12))
def test_the_halves_cover_every_key_once_and_the_split_is_best(weights):
    s = split_value(weights)
    keys = sorted(k for k in weights if k)
    if len(keys) < 2:
        assert s is None
        return
    assert s in keys[1:]
    below = [k for k in weights if not k or k < s]
    above = [k for k in weights if k and k >= s]
    assert sorted(map(str, below + above)) == sorted(map(str, weights))
    assert below and above  # both halves hold a value

    def gap(split):
        low = sum(w for k, w in weights.items() if not k or k < split)
        return abs(2 * low - sum(weights.values()))

    assert gap(s) == min(gap(k) for k in keys[1:])
