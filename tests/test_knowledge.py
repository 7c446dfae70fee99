"""Knowledge articles before a ticket (issue 15): Arabic-aware matching and ranking of the
articles for the words typed, related articles of the service first, the deflection events
and their figures per service."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moeen_helpdesk.core import knowledge as k
from moeen_helpdesk.core.errors import ValidationError
from moeen_helpdesk.core.language import normalize

RESET = k.Article("KB-RESET", "إعادة تعيين كلمة المرور", "من صفحة الدخول اختر «نسيت كلمة المرور».")
WIFI = k.Article("KB-WIFI", "الاتصال بالشبكة اللاسلكية", "اختر الشبكة وأدخل اسم المستخدم.")
VPN = k.Article("KB-VPN", "VPN access from home", "Install the client and sign in with your password.")


def related(article):
    return k.Article(article.name, article.title, article.text, related=True)


def test_arabic_letter_variants_and_diacritics_match():
    # alef forms, ta marbuta / ha, ya / alef maqsura, tashkeel and tatweel: all the same word
    for typed in ("اعاده تعيين كلمه المرور", "إعادةُ تعيينِ كلمـــة المرور", "كَلِمَة المُرور"):
        assert k.rank([RESET, WIFI, VPN], typed) == ["KB-RESET"], typed
    assert k.rank([k.Article("A", "مستوى الدخول")], "مستوي") == ["A"]


def test_article_and_joined_particles_are_taken_off():
    assert k.stem("والمرور") == "مرور"
    assert k.stem("بالشبكه") == "شبكه"
    assert k.stem("ال") == "ال"  # nothing would be left
    assert k.rank([WIFI], "شبكة لاسلكية") == ["KB-WIFI"]


def test_a_word_being_typed_matches_its_beginning():
    assert k.rank([RESET, WIFI], "كلمة المر") == ["KB-RESET"]
    assert k.rank([VPN], "vp") == ["KB-VPN"]


def test_stop_words_alone_suggest_nothing():
    assert k.query_words("في من على the to my") == []
    assert k.rank([RESET, WIFI, VPN], "في من على") == []
    assert k.rank([RESET, WIFI, VPN], "") == []


def test_unrelated_articles_need_half_the_words_and_one_in_the_title():
    # "password" only in VPN's text, not its title: not suggested
    assert k.rank([VPN], "password") == []
    # one word of three in the title: below half
    assert k.rank([RESET], "كلمة طابعة ماسح") == []
    assert k.rank([RESET], "كلمة المرور طابعة") == ["KB-RESET"]


def test_related_articles_come_first_and_need_one_word():
    wifi = related(WIFI)
    # the related article matches one word in its text only; still suggested, and first
    assert k.rank([RESET, wifi], "كلمة المرور المستخدم") == ["KB-WIFI", "KB-RESET"]
    # nothing typed: the service's related articles only
    assert k.rank([RESET, wifi], None) == ["KB-WIFI"]
    # a related article that matches none of the words typed is not shown
    assert k.rank([RESET, wifi], "كلمة المرور") == ["KB-RESET"]


def test_the_limit_and_duplicates():
    many = [k.Article(f"KB-{i:02}", f"كلمة المرور {i}") for i in range(10)]
    out = k.rank(many + many, "كلمة المرور", limit=3)
    assert out == ["KB-00", "KB-01", "KB-02"]
    for bad in (0, k.MAX_LIMIT + 1, "3", True, 2.5):
        with pytest.raises(ValidationError):
            k.rank(many, "x", limit=bad)


TEXT = st.text(alphabet=st.sampled_from(list("كلمةالمرورأإآىيةـَُِ abc")), max_size=30)
ARTICLES = st.lists(
    st.builds(k.Article, st.text(min_size=1, max_size=6), TEXT, TEXT, st.booleans()), max_size=8
)


@given(ARTICLES, TEXT, st.integers(1, k.MAX_LIMIT))
def test_ranking_properties(articles, subject, limit):
    out = k.rank(articles, subject, limit)
    names = {a.name for a in articles}
    assert len(out) == len(set(out)) <= limit
    assert set(out) <= names
    # related articles (as first seen) come before any other
    first = {}
    for a in articles:
        first.setdefault(a.name, a)
    flags = [first[n].related for n in out]
    assert flags == sorted(flags, reverse=True)
    # the normalised spelling of the subject ranks the same
    assert k.rank(articles, normalize(subject), limit) == out


@given(TEXT)
def test_words_are_normalised_and_unique(text):
    found = k.words(text)
    assert len(found) == len(set(found))
    assert all(len(w) >= k.MIN_WORD and w == normalize(w) and w not in k.STOP_WORDS for w in found)


# ---------------------------------------------------------------------- deflection
def test_each_event_implies_those_before_it():
    assert k.implied_events(k.SUGGESTED) == ("Suggested",)
    assert k.implied_events(k.OPENED) == ("Suggested", "Opened")
    assert k.implied_events(k.SOLVED) == ("Suggested", "Opened", "Solved")
    with pytest.raises(ValidationError):
        k.implied_events("Liked")


def test_duplicates_within_the_window():
    now = dt.datetime(2026, 12, 1, 10, 0)
    assert k.is_duplicate(now - dt.timedelta(minutes=k.DEDUPE_MINUTES), now)
    assert not k.is_duplicate(now - dt.timedelta(minutes=k.DEDUPE_MINUTES, seconds=1), now)
    assert not k.is_duplicate(None, now)
    assert not k.is_duplicate(now + dt.timedelta(seconds=1), now)  # a clock that went back


def test_figures_per_service_beside_tickets():
    rows = [("S1", "Suggested", 10), ("S1", "Opened", 4), ("S1", "Solved", 2), ("S2", "Suggested", 3)]
    out = k.figures(rows, {"S1": 6, "S3": 5})
    s1 = out["S1"]
    assert (s1.suggested, s1.opened, s1.solved, s1.tickets) == (10, 4, 2, 6)
    assert (s1.open_rate, s1.solve_rate, s1.solved_per_opened) == (0.4, 0.2, 0.5)
    assert s1.without_ticket_share == 0.25  # 2 of the 8 needs met without a ticket
    s2 = out["S2"]
    assert (s2.solve_rate, s2.solved_per_opened, s2.without_ticket_share) == (0.0, None, None)
    s3 = out["S3"]  # tickets, no suggestion: no rate from nothing
    assert (s3.suggested, s3.tickets, s3.solve_rate, s3.without_ticket_share) == (0, 5, None, 0.0)
    with pytest.raises(ValidationError):
        k.figures([("S1", "Shown", 1)])
    with pytest.raises(ValidationError):
        k.service_figures(-1, 0, 0)


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500), st.integers(0, 500))
def test_rates_are_shares_when_events_are_nested(solved, more_opened, more_suggested, tickets):
    opened = solved + more_opened
    suggested = opened + more_suggested
    f = k.service_figures(suggested, opened, solved, tickets)
    for rate in (f.open_rate, f.solve_rate, f.solved_per_opened, f.without_ticket_share):
        assert rate is None or 0 <= rate <= 1
    assert (f.solve_rate is None) == (suggested == 0)
    if suggested:
        assert f.solve_rate <= f.open_rate
