"""core.partition: the split of an index's leading columns into two halves of about equal weight."""

from hypothesis import given
from hypothesis import strategies as st

from moeen_helpdesk.core.partition import even_weights, split_point


def split_value(weights):
    point = split_point({(k,): w for k, w in weights.items()})
    return point[0] if point else None


def test_fewer_than_two_values_do_not_split():
    assert split_value({}) is None
    assert split_value({"A": 10}) is None
    assert split_point({}) is None
    assert split_point({("A", "x"): 3}) is None
    assert split_point({(None, "x"): 3, (None, "y"): 4}) is None  # no first value to split at


def test_the_split_balances_the_weight():
    assert split_value({"A": 1, "B": 1, "C": 1, "D": 1}) == "C"
    assert split_value({"A": 90, "B": 5, "C": 5}) == "B"
    assert split_value({"A": 5, "B": 5, "C": 90}) == "C"


def test_missing_and_empty_values_are_in_the_first_half():
    # 50 missing or empty, then 10 + 20 + 20: "A" halves it (the first half: only those)
    assert split_value({None: 30, "": 20, "A": 10, "B": 20, "C": 20}) == "A"
    assert split_point({(None,): 5, ("",): 5}) == ("",)  # an empty value is a value (< any other)
    assert split_value({None: 10, "A": 10, "B": 20, "C": 20}) == "B"


def test_keys_of_two_columns_split_as_an_index_orders_them():
    # a key may carry a second column: a first value holding most rows is split between its second values
    weights = {("A", "Email"): 30, ("A", "Phone"): 30, ("A", "Portal"): 30, ("B", None): 5, ("C", "Phone"): 5}
    assert split_point(weights) == ("A", "Portal")
    assert split_point({("A", None): 40, ("A", "x"): 40, ("B", "y"): 20}) == ("A", "x")
    assert split_value({"A": 90, "B": 5, "C": 5}) == "B"  # one column: at a value boundary


def test_even_weights():
    assert even_weights(["A", "B", None]) == {("A",): 1.0, ("B",): 1.0, (None,): 1.0}
    assert split_point(even_weights(["D", "A", "C", "B"])) == ("C",)


def _order(key):
    return tuple((0, "") if v is None else (1, v) for v in key)


values = st.one_of(st.none(), st.text(alphabet="abc", min_size=1, max_size=2))


@given(st.dictionaries(st.tuples(values, values), st.integers(0, 1000), max_size=12))
def test_the_halves_cover_every_key_once_and_the_split_is_best(weights):
    s = split_point(weights)
    keys = sorted(weights, key=_order)
    candidates = [k for k in keys[1:] if k[0] is not None]
    if not candidates:
        assert s is None
        return
    assert s in candidates
    below = [k for k in keys if _order(k) < _order(s)]
    above = [k for k in keys if _order(k) >= _order(s)]
    assert len(below) + len(above) == len(keys) and below and above

    def gap(split):
        low = sum(w for k, w in weights.items() if _order(k) < _order(split))
        return abs(2 * low - sum(weights.values()))

    assert gap(s) == min(gap(k) for k in candidates)
