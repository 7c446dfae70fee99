"""Splitting an index's leading columns into two halves of about equal weight (the compliance
reports' large scans run as two halves at once: :mod:`moeen_helpdesk.compliance.split`).

Keys are tuples of the leading columns' values (one or two), ordered as an index orders them
with missing values first. The halves' membership is the database's to decide (``<`` / ``>=``
in its collation): an order that differs from this one unbalances the halves, never loses or
doubles a row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def _order(key: tuple) -> tuple:
    return tuple((0, "") if v is None else (1, v) for v in key)


def split_point(weights: Mapping[tuple, float]) -> tuple | None:
    """The key ``s`` that best halves the total weight between the keys ordered below ``s`` and
    those from ``s`` on. ``s`` never starts with a missing value (missing first values stay in the
    first half); None when no key can split (fewer than two keys, or none with a first value
    after the first key)."""
    keys = sorted(weights, key=_order)
    total = sum(max(w, 0) for w in weights.values())
    below, best, best_gap = 0.0, None, None
    for previous, key in zip(keys, keys[1:], strict=False):
        below += max(weights[previous], 0)
        if key[0] is None:
            continue
        gap = abs(2 * below - total)
        if best_gap is None or gap < best_gap:
            best, best_gap = key, gap
    return best


def even_weights(values: Iterable) -> dict[tuple, float]:
    """Weight 1 for each first-column value (when nothing is known of how many rows each has)."""
    return {(v,): 1.0 for v in values}
