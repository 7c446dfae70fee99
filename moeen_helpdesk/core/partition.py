"""Splitting an index's first column into two halves of about equal weight (the compliance
reports' large scans run as two halves at once: :mod:`moeen_helpdesk.compliance.split`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def split_value(weights: Mapping[str | None, float]) -> str | None:
    """The value ``s`` that best halves the total weight between the keys below ``s`` (empty and
    missing keys included: they sort first) and the keys from ``s`` on; None when there are fewer
    than two non-empty keys (no split helps). The halves' membership is the database's to decide
    (``< s`` / ``>= s`` in its collation): an order that differs from this one unbalances the
    halves, never loses or doubles a row."""
    keys = sorted(k for k in weights if k)
    if len(keys) < 2:
        return None
    total = sum(max(w, 0) for w in weights.values())
    below = sum(max(weights.get(k) or 0, 0) for k in weights if not k)
    best, best_gap = keys[1], None
    for previous, key in zip(keys, keys[1:], strict=False):
        below += max(weights[previous], 0)
        gap = abs(2 * below - total)
        if best_gap is None or gap < best_gap:
            best, best_gap = key, gap
    return best


def even_weights(values: Iterable[str | None]) -> dict[str | None, float]:
    """Weight 1 for each value (when nothing is known of how many rows each has)."""
    return dict.fromkeys(values, 1.0)
