"""The channels by which beneficiaries reach the deanship; first of all the contact center's phone.

The unified contact center: :data:`CONTACT_PHONE`, its hours are the office calendar
:data:`CONTACT_CENTER`.

Caller identification: a phone number is written many ways (``+966 55 987 6543``,
``00966559876543``, ``0559876543``, ``559876543``, Arabic-Indic digits, dashes,
``+966 (0) 55…``). :func:`normalise_phone` turns every spelling of one number into one
form, the international digits (country code and national number, no ``+``), so
``same_number`` is plain equality. Every path that recognises a caller (a ticket from
a call, linking a call, the call survey) compares numbers through this function only.

The rules, for a default country (Saudi Arabia: code 966, trunk prefix 0, national
numbers of 9 digits) and in this order:

* a leading ``+`` or the international prefix ``00``: the digits already start with a
  country code;
* the trunk prefix ``0``: a national number of the default country;
* the default country code followed by a full national number (``966559876543``):
  international, written without ``+``;
* fewer than :data:`MIN_DIGITS` digits: a short code or an extension, kept as it is;
* otherwise a national number written without its trunk prefix (``559876543``).

A trunk prefix written after the default country code (``+966 0 55…``, ``+44 (0)20…``
for "(0)") is dropped.
"""

from __future__ import annotations

import unicodedata

#: The unified contact center: its number and the office calendar of its hours.
CONTACT_PHONE = "0114675557"
CONTACT_CENTER = "Contact Center"

DEFAULT_COUNTRY_CODE = "966"
TRUNK_PREFIX = "0"
INTERNATIONAL_PREFIX = "00"
NATIONAL_LENGTH = 9  # Saudi national (significant) numbers: 5XXXXXXXX, 1XXXXXXXX, 9200XXXXX
MIN_DIGITS = 7  # below: a short code (937) or an extension, never given a country code
#: How many trailing digits a stored spelling is pre-selected by (see :func:`lookup_tail`).
TAIL_DIGITS = 7


def digits(number: str | None) -> str:
    """The ASCII digits of ``number``, in order (Arabic-Indic and other decimal digits too)."""
    out = []
    for ch in number or "":
        if ch.isdecimal():
            out.append(str(unicodedata.decimal(ch)))
    return "".join(out)


def normalise_phone(
    number: str | None,
    *,
    country_code: str = DEFAULT_COUNTRY_CODE,
    trunk_prefix: str = TRUNK_PREFIX,
    international_prefix: str = INTERNATIONAL_PREFIX,
    national_length: int | None = NATIONAL_LENGTH,
) -> str:
    """The international digits of a phone number ("" when it has none); see the module."""
    raw = (number or "").strip()
    if trunk_prefix:
        raw = raw.replace(f"({trunk_prefix})", "")  # "+44 (0)20 …": an optional trunk prefix
    d = digits(raw)
    if not d:
        return ""
    first = next((ch for ch in raw if ch == "+" or ch.isdecimal()), "")
    if first == "+":
        full = d
    elif international_prefix and d.startswith(international_prefix):
        full = d[len(international_prefix) :]
    elif trunk_prefix and d.startswith(trunk_prefix):
        full = country_code + d[len(trunk_prefix) :]
    elif d.startswith(country_code) and national_length and len(d) >= len(country_code) + national_length:
        full = d
    elif len(d) < MIN_DIGITS:
        return d
    else:
        full = country_code + d
    rest = full[len(country_code) :]
    if (
        full.startswith(country_code)
        and trunk_prefix
        and rest.startswith(trunk_prefix)
        and national_length
        and len(rest) == len(trunk_prefix) + national_length
    ):
        full = country_code + rest[len(trunk_prefix) :]
    return full


def same_number(a: str | None, b: str | None, **rules) -> bool:
    """Whether two spellings are one phone number (never for a missing number)."""
    na = normalise_phone(a, **rules)
    return bool(na) and na == normalise_phone(b, **rules)


def lookup_tail(number: str | None, length: int = TAIL_DIGITS, **rules) -> str:
    """Trailing digits every spelling of ``number`` ends with ("" when it has none).

    Normalising only rewrites a number's prefix, so the digits of any stored spelling
    of the same number end with these: a store can pre-select candidates by this
    suffix and keep those for which :func:`same_number` holds."""
    return normalise_phone(number, **rules)[-length:]
