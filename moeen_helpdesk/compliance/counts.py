"""The counts of a group (tickets, targets decided and met, reopened, breaches per tier,
satisfaction) as SQL columns and back from a row."""

from __future__ import annotations

from frappe.utils import cint

from moeen_helpdesk.compliance.filters import surveys_installed
from moeen_helpdesk.compliance.sql import (
    FIELD,
    FLAGS_PLAIN_SQL,
    FLAGS_SQL,
    NO_SATISFACTION_SQL,
    PACK,
    SATISFACTION_SQL,
    fast_met_sql,
    met_sql,
    packed_sum,
)
from moeen_helpdesk.core import figures


def count_columns_sql(fast: bool = False) -> str:
    """The counts of a group (and its satisfaction while the surveys are installed);
    ``fast``: a fast path's fine group (fewer than 2^21 tickets: the flags in one sum), read
    from the generated flags its covering index holds. The parameters need :func:`grace_params`."""
    response, resolution = ((fast_met_sql if fast else met_sql)(m) for m in ("response", "resolution"))
    return f"""COUNT(*) AS tickets,
      {packed_sum(response)} AS response_packed,
      {packed_sum(resolution)} AS resolution_packed,
      {FLAGS_SQL if fast else FLAGS_PLAIN_SQL},
      {SATISFACTION_SQL if surveys_installed() else NO_SATISFACTION_SQL}"""


def exact(value) -> int:
    """A packed SUM, read as text (``CAST(… AS CHAR)``): beyond 2^53 a DECIMAL that Frappe's
    driver hands back as a float (and ``cint``) would lose the low fields of a large group."""
    return int(value or 0)


def unpack_counts(row: dict) -> dict | None:
    """The counts of :func:`count_columns_sql` (a row with its column names): ``figures.COUNTS``
    and the satisfaction counts (rated, satisfied, rating_sum). None if packed fields may overflow."""
    out = {"tickets": cint(row["tickets"])}
    for metric in ("response", "resolution"):
        packed = exact(row[f"{metric}_packed"])
        out[f"{metric}_applicable"], out[f"{metric}_met"] = packed >> 32, packed & (PACK - 1)
    if "flags_packed" in row:
        if out["tickets"] >= FIELD:
            return None
        flags = exact(row["flags_packed"])
        out["reopened_tickets"], out["breaches_tier1"], out["breaches_tier2"] = (
            flags % FIELD,
            flags // FIELD % FIELD,
            flags // (FIELD * FIELD),
        )
    else:
        for c in ("reopened_tickets", "breaches_tier1", "breaches_tier2"):
            out[c] = cint(row[c])
    out["rating_sum"] = cint(row["rating_sum"])
    rated = exact(row["rated_packed"])
    out["rated"], out["satisfied"] = rated & (PACK - 1), rated >> 32
    return out


SATISFACTION_KEYS = ("rated", "satisfied", "rating_sum")


def split_counts(keys, groups: dict) -> tuple[list[dict], list[dict]]:
    """Per-group counts -> (counts rows, satisfaction rows) for ``figures.assemble``."""
    counts, sat = [], []
    for key, c in groups.items():
        if not c["tickets"]:
            continue
        base = dict(zip(keys, key, strict=True))
        counts.append({**base, **{k: c[k] for k in figures.COUNTS}})
        sat.append({**base, **{k: c[k] for k in SATISFACTION_KEYS}})
    return counts, sat
