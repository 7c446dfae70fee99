"""The two languages of the platform and text rules that do not depend on Frappe.

* Arabic first, English too: :data:`LANGUAGES`, :data:`DEFAULT_LANGUAGE`, and
  :func:`requested_language` (``?lang=ar`` / ``en-US`` → ``"ar"`` / ``"en"``).
* :func:`normalize`: text for search — lower case, Arabic without diacritics and with
  folded letter variants («أ إ آ ٱ» → «ا», «ى» → «ي», «ة» → «ه»…), single spaces.
* :data:`LRI` / :data:`PDI`: isolate a left-to-right run ("07:30–16:00") inside Arabic text.
"""

from __future__ import annotations

import re

LANGUAGES = ("ar", "en")
DEFAULT_LANGUAGE = "ar"

LRI, PDI = "\u2066", "\u2069"

_AR_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # tashkeel, dagger alef, tatweel
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def requested_language(value) -> str | None:
    """``"ar"`` or ``"en"`` when ``value`` (a ``?lang=`` or a stored language) starts with one
    of them (any case), else None."""
    if not isinstance(value, str):
        return None
    code = value[:2].lower()
    return code if code in LANGUAGES else None


def normalize(text: str | None) -> str:
    """Text for search: lower case, Arabic without diacritics and with folded letter variants."""
    text = _AR_MARKS.sub("", (text or "").lower()).translate(_AR_FOLD)
    return " ".join(text.split())
