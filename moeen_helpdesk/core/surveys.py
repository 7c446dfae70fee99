"""Satisfaction surveys: templates, answers, scoring, statistics, signed links.

After every resolved ticket and every completed contact-center call the shell
creates a survey request and sends the beneficiary a link carrying a signed,
expiring token. Answering needs no login, so everything that arrives from the
web form is untrusted and is checked here.

This module is pure Python and never imports Frappe. Errors are
:class:`~moeen_helpdesk.core.errors.ValidationError` with an English template and
parameters; ``MESSAGES_AR`` at the end holds the Arabic for every template.

Decisions worth knowing:

* Validation raises on the first problem, in a fixed order: unknown answer keys
  first (sorted by their text), then all unanswered required questions together
  (one error naming each), then invalid answers by ``(order, position)``.
* Ratings are integers 1..5. Strings of decimal digits are accepted ("4", also
  Arabic-Indic "٤"); floats are rejected even when integral (4.0), as are bools.
* ``overall_rating`` uses the ``is_overall`` question when it was answered; if no
  question is marked, *or the marked one was left unanswered*, it falls back to
  the mean of all rating answers rounded half up.
* A token is expired when ``now >= exp`` (``exp`` is whole UTC epoch seconds,
  ``expires_at`` truncated). Every invalid token gives the same message; the
  reason is kept on ``TokenInvalid.reason`` for logs only.
* Naive datetimes are UTC everywhere in this module except ``period_key``, which
  buckets the date exactly as given (pass local time to bucket by local day).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from moeen_helpdesk.core.errors import ValidationError
from moeen_helpdesk.core.review import wilson_interval

__all__ = [
    "QUESTION_TYPES",
    "RATING_MIN",
    "RATING_MAX",
    "TEXT_MAX_LENGTH",
    "GROUP_KEYS",
    "Question",
    "questions_from_template",
    "validate_template",
    "validate_answers",
    "MissingAnswers",
    "overall_rating",
    "to_feedback_rating",
    "is_satisfied",
    "wilson_interval",
    "SurveyStats",
    "summarize",
    "group_stats",
    "period_key",
    "TokenInvalid",
    "TokenExpired",
    "sign_token",
    "verify_token",
    "new_nonce",
    "reminder_due",
    "DEFAULT_TEMPLATES",
    "MESSAGES_AR",
]

# ---------------------------------------------------------------------------
# 1. Questions and validation
# ---------------------------------------------------------------------------

QUESTION_TYPES = ("Rating", "Yes/No", "Choice", "Text")
RATING_MIN = 1
RATING_MAX = 5
TEXT_MAX_LENGTH = 2000

_YES = frozenset({"yes", "true", "1"})
_NO = frozenset({"no", "false", "0"})


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    label: str
    required: bool = False
    options: tuple[str, ...] = ()
    order: int = 0
    is_overall: bool = False

    def __post_init__(self):
        # Frappe hands Check fields as 0/1 and child-table options as lists.
        object.__setattr__(self, "required", bool(self.required))
        object.__setattr__(self, "is_overall", bool(self.is_overall))
        object.__setattr__(self, "options", tuple(self.options or ()))
        object.__setattr__(self, "order", int(self.order or 0))


def questions_from_template(rows: Iterable[Mapping], lang: str = "en") -> tuple[Question, ...]:
    """Build questions from rows shaped like ``DEFAULT_TEMPLATES`` entries.

    ``lang`` picks ``label_<lang>`` (falling back to ``label_en`` / ``label``).
    """
    out = []
    for row in rows:
        label = row.get(f"label_{lang}") or row.get("label_en") or row.get("label") or ""
        out.append(
            Question(
                key=row["key"],
                type=row["type"],
                label=label,
                required=row.get("required", False),
                options=tuple(row.get("options") or ()),
                order=row.get("order", 0),
                is_overall=row.get("is_overall", False),
            )
        )
    return tuple(out)


def _ordered(questions) -> list[Question]:
    """Questions by (order, position in the list): a stable, deterministic order."""
    return [q for _, q in sorted(enumerate(questions), key=lambda iq: (iq[1].order, iq[0]))]


def _name(q: Question) -> str:
    """What error messages call a question: its label, else its key."""
    return q.label.strip() if isinstance(q.label, str) and q.label.strip() else str(q.key)


def validate_template(questions) -> None:
    """Check a survey template; raise ``ValidationError`` on the first problem.

    Rules: at least one question; every key a non-blank string and unique; every
    label non-blank; type one of ``QUESTION_TYPES``; a Choice has string options,
    none blank, at least two distinct; at most one ``is_overall`` question and it
    must be a Rating.
    """
    questions = list(questions or ())
    if not questions:
        raise ValidationError("The survey must have at least one question")
    seen: set[str] = set()
    overall: list[Question] = []
    for q in _ordered(questions):
        if not isinstance(q.key, str) or not q.key.strip():
            raise ValidationError("Every question must have a key")
        if q.key in seen:
            raise ValidationError("Question key {0} is used more than once", q.key)
        seen.add(q.key)
        if not isinstance(q.label, str) or not q.label.strip():
            raise ValidationError("Question {0} must have a label", q.key)
        if q.type not in QUESTION_TYPES:
            raise ValidationError("Question {0} has an unknown type {1}", _name(q), q.type)
        if q.type == "Choice":
            if any(not isinstance(o, str) or not o.strip() for o in q.options):
                raise ValidationError("Question {0} has a blank option", _name(q))
            if len(set(q.options)) < 2:
                raise ValidationError("Question {0} needs at least two different options", _name(q))
        if q.is_overall:
            if q.type != "Rating":
                raise ValidationError("The overall question {0} must be a rating question", _name(q))
            overall.append(q)
    if len(overall) > 1:
        raise ValidationError("Only one question can be marked as the overall rating")


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clean_rating(q: Question, value) -> int:
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        # isdecimal() also admits Arabic-Indic digits, which int() understands.
        if text.isdecimal() and len(text) <= 3:
            number = int(text)
    if number is None or not RATING_MIN <= number <= RATING_MAX:
        raise ValidationError("Question {0} needs a rating from 1 to 5", _name(q))
    return number


def _clean_yes_no(q: Question, value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return value == 1
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
    raise ValidationError("Question {0} needs a yes or no answer", _name(q))


def _clean_choice(q: Question, value) -> str:
    if isinstance(value, str) and value in q.options:
        return value
    raise ValidationError("Question {0} has an answer that is not one of its options", _name(q))


def _clean_text(q: Question, value) -> str:
    if not isinstance(value, str):
        raise ValidationError("Question {0} needs a text answer", _name(q))
    text = value.strip()
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError("Question {0} must be at most {1} characters", _name(q), TEXT_MAX_LENGTH)
    return text


_CLEANERS = {
    "Rating": _clean_rating,
    "Yes/No": _clean_yes_no,
    "Choice": _clean_choice,
    "Text": _clean_text,
}


def validate_answers(questions, answers) -> dict:
    """Check untrusted answers against a template; return ``{key: clean value}``.

    Raises ``ValidationError`` on the first problem: unknown keys first (sorted),
    then every required question left blank at once (:class:`MissingAnswers`, in
    question order), then invalid values by ``(order, position)``. A missing or
    blank answer (``None`` or whitespace-only text) to an optional question is
    left out of the result. The template itself is validated first.
    """
    questions = list(questions or ())
    validate_template(questions)
    if answers is None:
        answers = {}
    if not isinstance(answers, Mapping):
        raise ValidationError("The answers are not valid")
    known = {q.key for q in questions}
    unknown = sorted((k for k in answers if k not in known), key=lambda k: (str(type(k)), str(k)))
    if unknown:
        raise ValidationError("Unknown question {0}", str(unknown[0])[:100])
    ordered = _ordered(questions)
    missing = [_name(q) for q in ordered if q.required and _is_blank(answers.get(q.key))]
    if len(missing) == 1:
        raise MissingAnswers("Question {0} is required", missing)
    if missing:
        raise MissingAnswers("Please answer the required questions: {0}", missing)
    cleaned: dict = {}
    for q in ordered:
        value = answers.get(q.key)
        if _is_blank(value):
            continue
        cleaned[q.key] = _CLEANERS[q.type](q, value)
    return cleaned


class MissingAnswers(ValidationError):
    """Required questions left unanswered: ``missing`` names every one of them (in question
    order); the only parameter is those names joined with ", " (the shell may join them in
    the page's language instead)."""

    def __init__(self, template: str, missing: list[str]):
        self.missing = tuple(missing)
        super().__init__(template, ", ".join(self.missing))


# ---------------------------------------------------------------------------
# 2. Scoring
# ---------------------------------------------------------------------------


def _is_rating(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and RATING_MIN <= value <= RATING_MAX


def _mean_half_up(values: list[int]) -> int:
    # round(s / n) half up, in exact integer arithmetic.
    return (2 * sum(values) + len(values)) // (2 * len(values))


def overall_rating(questions, cleaned: Mapping) -> int | None:
    """The overall rating of one response.

    The answer to the ``is_overall`` question if there is one and it was
    answered; otherwise the mean of all rating answers rounded half up (2.5 → 3,
    3.5 → 4); ``None`` when there is no rating at all.
    """
    questions = list(questions or ())
    for q in questions:
        if q.is_overall and q.type == "Rating" and _is_rating(cleaned.get(q.key)):
            return cleaned[q.key]
    ratings = [cleaned[q.key] for q in questions if q.type == "Rating" and _is_rating(cleaned.get(q.key))]
    if not ratings:
        return None
    return _mean_half_up(ratings)


def to_feedback_rating(rating: int | None) -> float | None:
    """Map 1..5 to Helpdesk's 0–1 ``feedback_rating`` (5 stars): 5 → 1.0, 1 → 0.2."""
    if rating is None:
        return None
    if not _is_rating(rating):
        raise ValidationError("Rating {0} is not between 1 and 5", rating)
    return rating / RATING_MAX


def is_satisfied(rating) -> bool:
    """A satisfied response rated 4 or 5 (CSAT's "top two boxes")."""
    return _is_rating(rating) and rating >= 4


# ---------------------------------------------------------------------------
# 3. Statistics
# ---------------------------------------------------------------------------


# wilson_interval is review.wilson_interval (imported above): one implementation.


@dataclass
class SurveyStats:
    requests: int
    responses: int
    response_rate: float | None
    rated: int
    satisfied: int
    csat: float | None
    csat_low: float | None
    csat_high: float | None
    mean: float | None


def summarize(ratings: Iterable[int | None], requests: int) -> SurveyStats:
    """Statistics of one group.

    ``ratings`` has one item per *response* (``None`` for a response without an
    overall rating); ``requests`` counts survey requests sent. CSAT is the share
    of rated responses that are satisfied, with its Wilson 95% interval.
    """
    ratings = list(ratings)
    for r in ratings:
        if r is not None and not _is_rating(r):
            raise ValidationError("Rating {0} is not between 1 and 5", r)
    responses = len(ratings)
    if requests < 0 or responses > requests:
        raise ValidationError("Responses {0} cannot exceed requests {1}", responses, requests)
    rated_values = [r for r in ratings if r is not None]
    rated = len(rated_values)
    satisfied = sum(1 for r in rated_values if is_satisfied(r))
    low, high = wilson_interval(satisfied, rated)
    return SurveyStats(
        requests=requests,
        responses=responses,
        response_rate=responses / requests if requests else None,
        rated=rated,
        satisfied=satisfied,
        csat=satisfied / rated if rated else None,
        csat_low=low,
        csat_high=high,
        mean=sum(rated_values) / rated if rated else None,
    )


#: What a survey request is about, copied from its ticket or call onto the request and its response.
DIMENSIONS = ("service", "tier", "team", "agent", "channel", "beneficiary_type")
GROUP_KEYS = (*DIMENSIONS, "period")


def _sort_part(value):
    return (1, "") if value is None else (0, value)


def group_stats(rows: Iterable[Mapping], keys: list[str]) -> list[tuple[tuple, SurveyStats]]:
    """Group survey requests by ``keys`` and summarize each group.

    Each row is one survey request; its rating counts only when ``responded`` is
    true. Missing dimensions group under ``None``. Result sorted by key tuple,
    ``None`` last in each position.
    """
    keys = list(keys)
    for k in keys:
        if k not in GROUP_KEYS:
            raise ValidationError("Cannot group survey results by {0}", k)
    groups: dict[tuple, list] = {}
    for row in rows:
        key = tuple(row.get(k) for k in keys)
        bucket = groups.setdefault(key, [0, []])
        bucket[0] += 1
        if row.get("responded"):
            bucket[1].append(row.get("rating"))
    ordered = sorted(groups, key=lambda t: tuple(_sort_part(v) for v in t))
    return [(k, summarize(groups[k][1], groups[k][0])) for k in ordered]


def period_key(dt, granularity: str) -> str:
    """Bucket label of a date/datetime (taken as given, no time-zone conversion).

    day "2026-11-25", week (ISO) "2026-W48", month "2026-11", quarter "2026-Q4",
    year "2026". ISO weeks belong to the ISO year: 2027-01-01 → "2026-W53".
    """
    if not isinstance(dt, date):
        raise ValidationError("A date is required to compute the period")
    d = dt.date() if isinstance(dt, datetime) else dt
    if granularity == "day":
        return d.isoformat()
    if granularity == "week":
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if granularity == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if granularity == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if granularity == "year":
        return f"{d.year:04d}"
    raise ValidationError("Unknown period granularity {0}", granularity)


# ---------------------------------------------------------------------------
# 4. Tokens
# ---------------------------------------------------------------------------


class TokenInvalid(ValidationError):
    """The survey link is malformed or its signature does not match."""

    reason = ""


class TokenExpired(ValidationError):
    """The survey link was valid but its expiry time has passed."""


_TOKEN_MAX_LENGTH = 4096
_B64URL = re.compile(r"[A-Za-z0-9_-]+")


def _invalid(reason: str) -> TokenInvalid:
    err = TokenInvalid("The survey link is not valid")
    err.reason = reason
    return err


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key(secret) -> bytes:
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    if not isinstance(secret, bytes | bytearray) or not secret:
        raise ValidationError("The survey signing secret is not configured")
    return bytes(secret)


def _utc(dt: datetime) -> datetime:
    if not isinstance(dt, datetime):
        raise ValidationError("A date and time is required")
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def _signature(key: bytes, body: str) -> str:
    return _b64encode(hmac.new(key, body.encode("ascii"), hashlib.sha256).digest())


def sign_token(payload: dict, secret, expires_at: datetime) -> str:
    """``b64url(JSON payload + exp) + "." + b64url(HMAC-SHA256)``, no padding.

    JSON has sorted keys and no spaces; ``exp`` is ``expires_at`` as whole UTC
    epoch seconds (naive = UTC). The payload should carry e.g.
    ``{"s": survey_request_name, "n": new_nonce()}``; it must not contain "exp".
    """
    key = _key(secret)
    if not isinstance(payload, Mapping):
        raise ValidationError("The survey link payload is not valid")
    if "exp" in payload:
        raise ValidationError("The survey link payload must not contain {0}", "exp")
    data = dict(payload)
    data["exp"] = math.floor(_utc(expires_at).timestamp())
    try:
        raw = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    except (TypeError, ValueError):
        raise ValidationError("The survey link payload is not valid") from None
    body = _b64encode(raw.encode("ascii"))
    return f"{body}.{_signature(key, body)}"


def verify_token(token, secret, now: datetime) -> dict:
    """Check a token and return its payload (including ``exp``).

    Raises ``TokenInvalid`` for anything malformed or wrongly signed and
    ``TokenExpired`` when ``now >= exp``. The signature is checked (constant
    time) before the payload is parsed or the expiry looked at.
    """
    key = _key(secret)
    now_ts = _utc(now).timestamp()
    if not isinstance(token, str):
        raise _invalid("not a string")
    token = token.strip()
    if not token or len(token) > _TOKEN_MAX_LENGTH:
        raise _invalid("empty or too long")
    parts = token.split(".")
    if len(parts) != 2:
        raise _invalid("not two parts")
    body, sig = parts
    if not _B64URL.fullmatch(body) or not _B64URL.fullmatch(sig):
        raise _invalid("not base64url")
    if not hmac.compare_digest(_signature(key, body), sig):
        raise _invalid("bad signature")
    try:
        data = json.loads(_b64decode(body).decode("utf-8"))
    except (
        binascii.Error,
        ValueError,
        RecursionError,
    ):  # UnicodeDecodeError, JSONDecodeError are ValueErrors
        raise _invalid("payload is not JSON") from None
    if not isinstance(data, dict):
        raise _invalid("payload is not an object")
    exp = data.get("exp")
    if not isinstance(exp, int) or isinstance(exp, bool):
        raise _invalid("exp missing or not an integer")
    if now_ts >= exp:
        raise TokenExpired("The survey link has expired")
    return data


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


# ---------------------------------------------------------------------------
# 5. Reminders
# ---------------------------------------------------------------------------


def reminder_due(sent_at, now, delay_hours, reminded: bool, responded: bool, expires_at) -> bool:
    """Whether to send the single reminder now.

    True when the request was sent, not answered, not reminded yet, at least
    ``delay_hours`` have passed since ``sent_at``, and it has not expired
    (``expires_at`` None means never; expired when ``now >= expires_at``, as for
    tokens). Naive datetimes are UTC.
    """
    if delay_hours is None or delay_hours < 0:
        raise ValidationError("The reminder delay must be zero or more hours")
    if sent_at is None or reminded or responded:
        return False
    now = _utc(now)
    if expires_at is not None and now >= _utc(expires_at):
        return False
    return now >= _utc(sent_at) + timedelta(hours=delay_hours)


# ---------------------------------------------------------------------------
# 6. Default templates (shipped as records by the shell)
# ---------------------------------------------------------------------------

_OVERALL = {
    "key": "overall_satisfaction",
    "type": "Rating",
    "label_en": "Overall, how satisfied are you with the service?",
    "label_ar": "ما مدى رضاك العام عن الخدمة؟",
    "required": True,
    "order": 2,
    "is_overall": True,
}

_COMMENT = {
    "key": "comment",
    "type": "Text",
    "label_en": "Do you have any other comments or suggestions?",
    "label_ar": "هل لديك ملاحظات أو مقترحات أخرى؟",
    "required": False,
    "is_overall": False,
}

DEFAULT_TEMPLATES = {
    # One overall rating, then distinct dimensions: the time taken, the staff's courtesy, and
    # whether it was solved the first time (no near-duplicate of the overall question).
    "Ticket Resolved": [
        dict(_OVERALL, order=1),
        {
            "key": "time_taken",
            "type": "Rating",
            "label_en": "How would you rate the time it took to complete your request?",
            "label_ar": "كيف تقيّم الوقت الذي استغرقه إنجاز طلبك؟",
            "required": True,
            "order": 2,
            "is_overall": False,
        },
        {
            "key": "staff_courtesy",
            "type": "Rating",
            "label_en": "How would you rate the courtesy and helpfulness of the staff who handled your request?",
            "label_ar": "كيف تقيّم لباقة الموظفين الذين تعاملوا مع طلبك ومدى تعاونهم؟",
            "required": True,
            "order": 3,
            "is_overall": False,
        },
        {
            "key": "solved_first_time",
            "type": "Yes/No",
            "label_en": "Was it solved the first time, without you having to follow up?",
            "label_ar": "هل أُنجز طلبك من المرة الأولى دون أن تحتاج إلى المتابعة؟",
            "required": True,
            "order": 4,
            "is_overall": False,
        },
        dict(_COMMENT, order=5),
    ],
    "Call Completed": [
        {
            "key": "agent_quality",
            "type": "Rating",
            "label_en": "How would you rate the courtesy and helpfulness of the staff member who took your call?",
            "label_ar": "كيف تقيّم لباقة الموظف الذي تلقّى مكالمتك ومدى تعاونه؟",
            "required": True,
            "order": 1,
            "is_overall": False,
        },
        dict(_OVERALL),
        dict(_COMMENT, order=3),
    ],
}


# ---------------------------------------------------------------------------
# Arabic for every message template raised above
# ---------------------------------------------------------------------------

MESSAGES_AR = {
    "The survey must have at least one question": "يجب أن يتضمن الاستبيان سؤالًا واحدًا على الأقل",
    "Every question must have a key": "يجب أن يكون لكل سؤال مفتاح",
    "Question key {0} is used more than once": "مفتاح السؤال {0} مستخدم أكثر من مرة",
    "Question {0} must have a label": "يجب أن يكون للسؤال {0} نص",
    "Question {0} has an unknown type {1}": "نوع السؤال {0} غير معروف: {1}",
    "Question {0} has a blank option": "يتضمن السؤال {0} خيارًا فارغًا",
    "Question {0} needs at least two different options": "يجب أن يتضمن السؤال {0} خيارين مختلفين على الأقل",
    "The overall question {0} must be a rating question": "يجب أن يكون سؤال التقييم العام {0} من نوع التقييم",
    "Only one question can be marked as the overall rating": "لا يجوز تحديد أكثر من سؤال واحد بوصفه التقييم العام",
    "The answers are not valid": "الإجابات غير صالحة",
    "Unknown question {0}": "السؤال {0} غير معروف",
    "Question {0} is required": "السؤال {0} إلزامي",
    "Please answer the required questions: {0}": "يُرجى الإجابة عن الأسئلة الإلزامية: {0}",
    "Question {0} needs a rating from 1 to 5": "يتطلب السؤال {0} تقييمًا من 1 إلى 5",
    "Question {0} needs a yes or no answer": "يتطلب السؤال {0} الإجابة بنعم أو لا",
    "Question {0} has an answer that is not one of its options": "إجابة السؤال {0} ليست من الخيارات المتاحة",
    "Question {0} needs a text answer": "يتطلب السؤال {0} إجابة نصية",
    "Question {0} must be at most {1} characters": "يجب ألا تتجاوز إجابة السؤال {0} {1} حرفًا",
    "Rating {0} is not between 1 and 5": "التقييم {0} ليس بين 1 و5",
    "Responses {0} cannot exceed requests {1}": "لا يجوز أن يتجاوز عدد الردود {0} عدد الطلبات {1}",
    "Cannot group survey results by {0}": "لا يمكن تجميع نتائج الاستبيان حسب {0}",
    "A date is required to compute the period": "يلزم تحديد تاريخ لحساب الفترة",
    "Unknown period granularity {0}": "دقة الفترة {0} غير معروفة",
    "The survey link is not valid": "رابط الاستبيان غير صالح",
    "The survey link has expired": "انتهت صلاحية رابط الاستبيان",
    "The survey signing secret is not configured": "لم يُضبط مفتاح توقيع روابط الاستبيان",
    "The survey link payload is not valid": "بيانات رابط الاستبيان غير صالحة",
    "The survey link payload must not contain {0}": "يجب ألا تتضمن بيانات رابط الاستبيان الحقل {0}",
    "A date and time is required": "يلزم تحديد التاريخ والوقت",
    "The reminder delay must be zero or more hours": "يجب أن تكون مهلة التذكير صفر ساعات أو أكثر",
}
