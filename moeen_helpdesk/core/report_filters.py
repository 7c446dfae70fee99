"""The filters the app's reports read, checked before any query sees them.

What reaches a report's ``execute`` comes from the browser, or from anyone who calls Frappe's
report runner: an object whose dates must be dates and whose choices must be short text (a
dimension may also be a list of them).
:func:`clean` returns the filters as the reports expect them or raises :class:`BadFilter`
naming the filter and what is wrong with it (the shell translates it into a 417)."""

import datetime as dt
import json

DATE_FILTERS = ("from_date", "to_date")
DATETIME_FILTERS = ("now",)
#: One value each.
TEXT_FILTERS = ("group_by", "then_by", "period")
#: One value or a list of them (the figures take several services, channels, …).
CHOICE_FILTERS = (
    "service",
    "category",
    "tier",
    "team",
    "channel",
    "beneficiary_type",
    "kind",
    "agent",
    "trigger",
)
MAX_TEXT = 140

NOT_AN_OBJECT = "not_an_object"
NOT_A_DATE = "not_a_date"
NOT_TEXT = "not_text"
TOO_LONG = "too_long"


class BadFilter(ValueError):
    def __init__(self, field: str, reason: str):
        super().__init__(f"{field or 'filters'}: {reason}")
        self.field, self.reason = field, reason


def clean(raw) -> dict:
    """The report filters in ``raw`` (an object or its JSON text), checked. Filters the app
    does not read (Frappe's own) pass through untouched; empty values stay empty."""
    if raw is None or raw == "":
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise BadFilter("", NOT_AN_OBJECT) from None
    if not isinstance(raw, dict):
        raise BadFilter("", NOT_AN_OBJECT)
    out = {}
    for key, value in raw.items():
        if value is None or value == "":
            out[key] = value
        elif key in DATE_FILTERS:
            out[key] = _date(key, value)
        elif key in DATETIME_FILTERS:
            out[key] = _datetime(key, value)
        elif key in TEXT_FILTERS or key in CHOICE_FILTERS:
            values = value if key in CHOICE_FILTERS and isinstance(value, list) else [value]
            for one in values:
                if not isinstance(one, str):
                    raise BadFilter(key, NOT_TEXT)
                if len(one) > MAX_TEXT:
                    raise BadFilter(key, TOO_LONG)
            out[key] = value
        else:
            out[key] = value
    return out


def _date(key: str, value):
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if isinstance(value, str) and len(value) <= 32:
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            pass
    raise BadFilter(key, NOT_A_DATE)


def _datetime(key: str, value):
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value) <= 32:
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise BadFilter(key, NOT_A_DATE)
