"""Knowledge articles before a ticket (issue 15): which articles to suggest for the words a
beneficiary types, and the deflection figures of a service.

* **Matching** (:func:`rank`): the subject and each article are read as search words —
  :func:`moeen_helpdesk.core.language.normalize` (the catalog search's normaliser: lower case,
  no diacritics or tatweel, «أ إ آ ٱ» → «ا», «ى» → «ي», «ة» → «ه»), split on anything that is not
  a letter or digit, the Arabic article and its joined particles taken off («والمرور» →
  «مرور», :func:`stem`) and stop words dropped (:data:`STOP_WORDS`). A typed word matches an
  article word that it equals or begins (the beneficiary is still typing: «مرو» finds
  «المرور»). A word found in the title weighs :data:`TITLE_WEIGHT`, in the text 1.
* **Who is suggested**: an article related to the service (listed on it) when it matches at
  least one typed word, or always while nothing is typed yet; any other published article
  when it matches at least half of the typed words (:data:`MIN_COVERAGE`) and one of them in
  its title. Related articles come first, then by the share of typed words matched, the
  score, the title. At most ``limit`` (default :data:`DEFAULT_LIMIT`).
* **Deflection events** (:data:`EVENTS`): an article *suggested* on the request form, *opened*
  and *solved* ("this solved my problem", no ticket). Each implies the ones before it
  (:func:`implied_events`): a solved article was opened and suggested. One row per user,
  article, service and event within :data:`DEDUPE_MINUTES` (:func:`is_duplicate`).
* **Figures** (:func:`figures`): per service, suggested / opened / solved with the rates
  opened ÷ suggested, solved ÷ suggested, solved ÷ opened, and — beside the tickets of the
  service in the same period — the share of needs met without a ticket,
  solved ÷ (solved + tickets). A rate with nothing to divide by is None, never 0.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from moeen_helpdesk.core.errors import ValidationError
from moeen_helpdesk.core.language import normalize

DEFAULT_LIMIT = 5
MAX_LIMIT = 20
TITLE_WEIGHT = 3
MIN_COVERAGE = 0.5
MIN_WORD = 2
MAX_QUERY_WORDS = 12
DEDUPE_MINUTES = 30

SUGGESTED, OPENED, SOLVED = "Suggested", "Opened", "Solved"
EVENTS = (SUGGESTED, OPENED, SOLVED)

#: Joined Arabic particles and the article, longest first; taken off a word of 2+ letters left.
_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال")
STOP_WORDS = frozenset(
    normalize(w)
    for w in (
        "في من على عن الى إلى مع هذا هذه ذلك تلك التي الذي او أو ثم قد لا لم لن ما هل كيف لماذا عند "
        "كل بعض اي أي انا أنا لي لدي عندي يتم تم غير هو هي هم نحن انت أنت "
        "the a an and or of to in on for with is are was be it my me i we you your at by from "
        "this that how why what can cannot not no do does please help"
    ).split()
)
_WORD_SPLIT = re.compile(r"[^\w]+", re.UNICODE)


def stem(word: str) -> str:
    """A normalised word without the Arabic article and its joined particles (when at least
    :data:`MIN_WORD` letters remain)."""
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_WORD:
            return word[len(prefix) :]
    return word


def words(text: str | None) -> list[str]:
    """The search words of ``text``: normalised, stemmed, no stop words or one-letter words,
    each once, in order."""
    out: list[str] = []
    for raw in _WORD_SPLIT.split(normalize(text).replace("_", " ")):
        if not raw or raw in STOP_WORDS:
            continue
        word = stem(raw)
        if len(word) >= MIN_WORD and word not in STOP_WORDS and word not in out:
            out.append(word)
    return out


def query_words(subject: str | None) -> list[str]:
    """The typed words that are searched for (the first :data:`MAX_QUERY_WORDS`)."""
    return words(subject)[:MAX_QUERY_WORDS]


def _found(term: str, vocabulary: Iterable[str]) -> bool:
    return any(w.startswith(term) for w in vocabulary)


@dataclass(frozen=True)
class Article:
    """A published article as the rules read it; ``text`` is its content as plain text."""

    name: str
    title: str
    text: str = ""
    related: bool = False


@dataclass(frozen=True)
class Match:
    name: str
    related: bool
    matched: int
    in_title: int
    score: int
    coverage: float


def match(article: Article, terms: list[str]) -> Match:
    title = set(words(article.title))
    body = set(words(article.text)) | title
    in_title = sum(1 for t in terms if _found(t, title))
    matched = sum(1 for t in terms if _found(t, body))
    score = TITLE_WEIGHT * in_title + (matched - in_title)
    coverage = matched / len(terms) if terms else 0.0
    return Match(article.name, article.related, matched, in_title, score, coverage)


def is_suggested(m: Match, has_terms: bool) -> bool:
    if m.related:
        return m.matched > 0 or not has_terms
    return has_terms and m.in_title > 0 and m.coverage >= MIN_COVERAGE


def check_limit(limit) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError("The number of suggestions must be a whole number from 1 to {0}", MAX_LIMIT)
    return limit


def rank(articles: Iterable[Article], subject: str | None, limit: int = DEFAULT_LIMIT) -> list[str]:
    """The names of the articles to suggest for ``subject``, best first (see the module)."""
    check_limit(limit)
    terms = query_words(subject)
    seen: set[str] = set()
    matches = []
    for article in articles:
        if article.name in seen:
            continue
        seen.add(article.name)
        m = match(article, terms)
        if is_suggested(m, bool(terms)):
            matches.append((m, normalize(article.title)))
    matches.sort(key=lambda x: (not x[0].related, -x[0].coverage, -x[0].score, x[1], x[0].name))
    return [m.name for m, _title in matches[:limit]]


# ---------------------------------------------------------------------- deflection
def check_event(event) -> str:
    if event not in EVENTS:
        raise ValidationError("Unknown deflection event {0}", str(event)[:40])
    return event


def implied_events(event: str) -> tuple[str, ...]:
    """The events a recorded ``event`` stands for, itself last: solved → suggested, opened, solved."""
    return EVENTS[: EVENTS.index(check_event(event)) + 1]


def is_duplicate(last_at: dt.datetime | None, now: dt.datetime, minutes: int = DEDUPE_MINUTES) -> bool:
    """A new row would repeat one recorded at ``last_at`` (same user, article, service, event)."""
    return last_at is not None and now - dt.timedelta(minutes=minutes) <= last_at <= now


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Figures:
    suggested: int
    opened: int
    solved: int
    tickets: int
    open_rate: float | None
    solve_rate: float | None
    solved_per_opened: float | None
    without_ticket_share: float | None


def service_figures(suggested: int, opened: int, solved: int, tickets: int = 0) -> Figures:
    for value in (suggested, opened, solved, tickets):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError("A count must be a non-negative whole number, got {0}", value)
    return Figures(
        suggested,
        opened,
        solved,
        tickets,
        _rate(opened, suggested),
        _rate(solved, suggested),
        _rate(solved, opened),
        _rate(solved, solved + tickets),
    )


def figures(
    events: Iterable[tuple[str, str, int]], tickets: dict[str, int] | None = None
) -> dict[str, Figures]:
    """Service -> :class:`Figures` from ``(service, event, count)`` rows and the service's
    ticket count; a service with tickets but no event gets zeros beside its tickets."""
    counts: dict[str, dict[str, int]] = {}
    for service, event, n in events:
        check_event(event)
        row = counts.setdefault(service, dict.fromkeys(EVENTS, 0))
        row[event] += n
    tickets = tickets or {}
    for service in tickets:
        counts.setdefault(service, dict.fromkeys(EVENTS, 0))
    return {
        s: service_figures(c[SUGGESTED], c[OPENED], c[SOLVED], tickets.get(s, 0)) for s, c in counts.items()
    }


MESSAGES_AR: dict[str, str] = {
    "The number of suggestions must be a whole number from 1 to {0}": "يجب أن يكون عدد الاقتراحات عددًا صحيحًا من 1 إلى {0}",
    "Unknown deflection event {0}": "حدث غير معروف في سجل الاستغناء عن التذاكر: {0}",
    "A count must be a non-negative whole number, got {0}": "يجب أن يكون العدد صحيحًا غير سالب، والقيمة المُدخلة {0}",
}
