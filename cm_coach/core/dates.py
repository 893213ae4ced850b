"""Dates, durations, months and periods: parse what the user types, format what they read.

Every parser takes ``today`` explicitly (the clock seam: nothing here reads the machine's clock)
and lets only :class:`~cm_coach.errors.CoachError` escape, with keys from
``content/strings/dates.toml``. The grammar is strict and written out below rather than
delegated to ``dateutil.parser``, which is slow to import and guesses month-first dates.

Decisions worth knowing:

* Dates are always day first (``24/11/2026``); two-digit years (``24/11/26``) are refused
  rather than guessed; years outside 1970..2100 are refused.
* ``24/11`` and ``novembre`` mean the current year, even when that lies in the future:
  simple and predictable. The parsers do not judge the future at all (a week or a month may
  be ahead of today); callers that log past activity call :func:`ensure_not_future`.
  No relative word points forward: ``demain``/``tomorrow`` are not in the grammar.
* A weekday name (``lundi``) is the most recent such day *including today*: on a Monday,
  ``lundi`` is today. ``lundi dernier``/``last monday`` is the one strictly before today, so
  on a Wednesday ``lundi`` and ``lundi dernier`` are the same day, and on a Monday
  ``lundi dernier`` is a week ago.
* A weekday may precede an explicit date (``mardi 24 novembre 2026``, ``mar. 24/11``): it
  must then be that date's weekday, so the long and short display forms parse back.
* Durations: the minutes after hours must be below 60 (``1h75`` is refused as a likely
  typo), and a duration must be a whole number of minutes from 1 to 1440 (24 h).
* :func:`format_duration` also formats totals above 24 h (``37h30``) and zero (``0min``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, NoReturn

from cm_coach.core.i18n import t
from cm_coach.errors import CoachError, MessageKey
from cm_coach.models import MAX_YEAR, MIN_YEAR

MAX_DURATION = 24 * 60
MAX_RANGE_DAYS = 3660
MAX_INPUT = 100  # longer input is refused before any regex sees it

WEEKDAY_IDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_IDS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip

PeriodKind = Literal["day", "week", "month", "range"]
_KINDS = frozenset({"day", "week", "month", "range"})

# --- the grammar: accepted spellings, already lower-case and without accents ---------------

_WEEKDAY_WORDS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("lundi", "lun", "monday", "mon"),
        ("mardi", "mar", "tuesday", "tue", "tues"),
        ("mercredi", "mer", "wednesday", "wed"),
        ("jeudi", "jeu", "thursday", "thu", "thur", "thurs"),
        ("vendredi", "ven", "friday", "fri"),
        ("samedi", "sam", "saturday", "sat"),
        ("dimanche", "dim", "sunday", "sun"),
    )
):
    for _name in _names:
        _WEEKDAY_WORDS[_name] = _index

_MONTH_WORDS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("janvier", "janv", "jan", "january"),
        ("fevrier", "fevr", "fev", "feb", "february"),
        ("mars", "mar", "march"),
        ("avril", "avr", "apr", "april"),
        ("mai", "may"),
        ("juin", "jun", "june"),
        ("juillet", "juil", "jul", "july"),
        ("aout", "aug", "august"),
        ("septembre", "sept", "sep", "september"),
        ("octobre", "oct", "october"),
        ("novembre", "nov", "november"),
        ("decembre", "dec", "december"),
    ),
    start=1,
):
    for _name in _names:
        _MONTH_WORDS[_name] = _index

# Phrases are matched after hyphens became spaces ("avant-hier" → "avant hier").
_DAYS_AGO = {
    "today": 0, "aujourd'hui": 0, "aujourdhui": 0, "aujourd hui": 0, "auj": 0, "auj.": 0,
    "yesterday": 1, "hier": 1,
    "avant hier": 2, "the day before yesterday": 2, "day before yesterday": 2,
}  # fmt: skip
_LAST_WORDS = frozenset({"dernier", "passe"})  # "lundi dernier", "lundi passé"
_THIS_MONTH = frozenset({"this month", "ce mois ci", "ce mois", "le mois en cours"})
_LAST_MONTH = frozenset(
    {"last month", "previous month", "le mois dernier", "mois dernier", "le mois precedent",
     "mois precedent", "le mois passe", "mois passe"}
)  # fmt: skip
_THIS_WEEK = frozenset({"this week", "cette semaine", "la semaine en cours"})
_LAST_WEEK = frozenset(
    {"last week", "previous week", "la semaine derniere", "semaine derniere",
     "la semaine passee", "semaine passee", "la semaine precedente", "semaine precedente"}
)  # fmt: skip

# Bounded quantifiers and no nested repetition: every pattern runs in linear time. Kept as
# strings (re compiles and caches them on first use) so that importing this module stays cheap.
_ISO_DATE = r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})"
_DAY_FIRST = r"([0-9]{1,2})([-/.])([0-9]{1,2})(?:\2([0-9]{4}))?"
_DAY_MONTH_NAME = r"([0-9]{1,2}|1er) ?([a-z]{3,9})\.?(?: ([0-9]{4}))?"
_YEAR_MONTH = r"([0-9]{4})[-/.]([0-9]{1,2})"
_MONTH_YEAR = r"([0-9]{1,2})[-/.]([0-9]{4})"
_MONTH_NAME = r"([a-z]{3,9})\.?(?: ([0-9]{4}))?"
_ISO_WEEK = r"([0-9]{4})-?w([0-9]{1,2})"
_WEEK_NUMBER = r"(?:semaine|sem\.?|week) ([0-9]{1,2})(?: ([0-9]{4}))?"

_HOURS = r"(?:h|hr|hrs|heure|heures|hour|hours)"
_MINUTES = r"(?:m|min|mins|mn|mns|minute|minutes)"
_DURATION_HOURS = rf"([0-9]{{1,5}})(?:\.([0-9]{{1,6}}))? ?{_HOURS}"
_DURATION_MINUTES = rf"([0-9]{{1,5}})(?:\.([0-9]{{1,6}}))?(?: ?{_MINUTES})?"
_DURATION_BOTH = rf"([0-9]{{1,5}}) ?{_HOURS} ?([0-9]{{1,5}})(?: ?{_MINUTES})?"
_DURATION_CLOCK = r"([0-9]{1,5}):([0-9]{2})"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})


# --- input hygiene ----------------------------------------------------------------------------


def _shown(text: object) -> str:
    """The user's input as it may appear in a message: short, one line, printable."""
    if not isinstance(text, str):
        return repr(text)[:40]
    text = text.strip()
    cut = text[:40]
    cleaned = "".join("\ufffd" if unicodedata.category(c)[0] == "C" else c for c in cut)
    return cleaned + ("…" if len(text) > len(cut) else "")


def _refuse(key: str, text: object, expected: str | None = None) -> NoReturn:
    params: dict[str, object] = {"value": _shown(text)}
    if expected is not None:
        params["expected"] = MessageKey(f"dates.expected_{expected}")
    raise CoachError(f"dates.errors.{key}", **params)


def _normalize(text: object, key: str, expected: str) -> str:
    """Lower-case, accents and typographic apostrophes removed, spaces collapsed.

    Anything that is not a short printable string is refused here, before any regex runs.
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        _refuse(key, text, expected)
    stripped = text.strip()
    if not stripped or any(unicodedata.category(c)[0] == "C" for c in stripped):
        _refuse(key, text, expected)
    decomposed = unicodedata.normalize("NFKD", stripped.translate(_APOSTROPHES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def _words(normalized: str) -> str:
    return " ".join(normalized.replace("-", " ").split())


def _make_date(year: int, month: int, day: int, text: str) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CoachError("dates.errors.year_range", value=_shown(text), min=MIN_YEAR, max=MAX_YEAR)
    try:
        return date(year, month, day)
    except ValueError:
        raise CoachError("dates.errors.no_such_date", value=_shown(text)) from None


# --- dates ------------------------------------------------------------------------------------


def parse_date(text: str, today: date) -> date:
    """The day the user means by ``text``, relative to ``today`` (see the module notes)."""
    normalized = _normalize(text, "bad_date", "date")
    found = _date_from(normalized, today, text)
    if found is None:
        _refuse("bad_date", text, "date")
    return found


def _date_from(normalized: str, today: date, text: str) -> date | None:
    words = _words(normalized)
    if words in _DAYS_AGO:
        return today - timedelta(days=_DAYS_AGO[words])
    first, _, rest = normalized.partition(" ")
    if words.startswith("last ") and words[5:].rstrip(".") in _WEEKDAY_WORDS:
        return _last_weekday(today, _WEEKDAY_WORDS[words[5:].rstrip(".")], strictly_before=True)
    weekday = _WEEKDAY_WORDS.get(first.rstrip(".,"))
    if weekday is None:
        return _explicit_date(normalized, today, text)
    if not rest:
        return _last_weekday(today, weekday, strictly_before=False)
    if _words(rest) in _LAST_WORDS:
        return _last_weekday(today, weekday, strictly_before=True)
    found = _explicit_date(rest, today, text)
    if found is not None and found.weekday() != weekday:
        raise CoachError(
            "dates.errors.weekday_mismatch",
            value=_shown(text),
            weekday=MessageKey(f"dates.weekday.{WEEKDAY_IDS[found.weekday()]}"),
        )
    return found


def _last_weekday(today: date, weekday: int, *, strictly_before: bool) -> date:
    # dateutil only where words name a day: its import (~3 ms) stays off the app's first frame.
    from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

    # relativedelta applies the days first, then moves back to the weekday (today included).
    named = (MO, TU, WE, TH, FR, SA, SU)[weekday]
    return today + relativedelta(days=-1 if strictly_before else 0, weekday=named(-1))


def _explicit_date(normalized: str, today: date, text: str) -> date | None:
    if match := re.fullmatch(_ISO_DATE, normalized):
        return _make_date(int(match[1]), int(match[3]), int(match[4]), text)
    if match := re.fullmatch(_DAY_FIRST, normalized):
        year = int(match[4]) if match[4] else today.year
        return _make_date(year, int(match[3]), int(match[1]), text)
    if match := re.fullmatch(_DAY_MONTH_NAME, normalized):
        month = _MONTH_WORDS.get(match[2])
        if month is None:
            return None
        day = 1 if match[1] == "1er" else int(match[1])
        year = int(match[3]) if match[3] else today.year
        return _make_date(year, month, day, text)
    return None


def ensure_not_future(day: date, today: date) -> date:
    """``day`` unchanged, or a CoachError if it is after ``today`` (one cannot log tomorrow)."""
    if day > today:
        raise CoachError("dates.errors.future", value=day)
    return day


# --- durations --------------------------------------------------------------------------------


def parse_duration(text: str) -> int:
    """A duration typed by the user (``45``, ``1h30``, ``1:30``, ``1,5h``…) in whole minutes."""
    if isinstance(text, str) and not text.strip():  # a field left empty: asked for, not "not recognised"
        _refuse("duration_empty", text, "duration")
    normalized = _normalize(text, "bad_duration", "duration").replace(",", ".")
    if match := re.fullmatch(_DURATION_HOURS, normalized):
        minutes = _scaled(match[1], match[2] or "", 60, text)
    elif match := re.fullmatch(_DURATION_BOTH, normalized) or re.fullmatch(_DURATION_CLOCK, normalized):
        minutes = _hours_and_minutes(match[1], match[2], text)
    elif match := re.fullmatch(_DURATION_MINUTES, normalized):
        minutes = _scaled(match[1], match[2] or "", 1, text)
    else:
        _refuse("bad_duration", text, "duration")
    if not 1 <= minutes <= MAX_DURATION:
        raise CoachError("dates.errors.duration_range", value=_shown(text))
    return minutes


def _scaled(whole: str, fraction: str, factor: int, text: str) -> int:
    """``whole.fraction × factor`` in exact integer arithmetic; refused unless a whole number."""
    scale = 10 ** len(fraction)
    numerator = (int(whole) * scale + int(fraction or "0")) * factor
    if numerator % scale:
        raise CoachError("dates.errors.duration_whole_minutes", value=_shown(text))
    return numerator // scale


def _hours_and_minutes(hours: str, minutes: str, text: str) -> int:
    if int(minutes) >= 60:
        _refuse("bad_duration", text, "duration")
    return int(hours) * 60 + int(minutes)


def format_duration(minutes: int) -> str:
    """``45min``, ``1h``, ``1h30``, ``12h05``: the compact, language-neutral form, for an input
    field the user edits and for JSON. What a person reads goes through
    :func:`cm_coach.core.formatting.duration` (« 1 h 30 », "1h 30m").

    Totals are formatted too, so anything from 0 up is accepted (``37h30`` for a week).
    """
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise ValueError(f"a duration is a non-negative number of minutes, not {minutes!r}")
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}min"
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Days from ``start`` to ``end``, both included; ``kind`` says how it steps."""

    start: date
    end: date
    kind: PeriodKind = "range"

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.end < self.start:
            raise CoachError("dates.errors.bad_range", start=self.start, end=self.end)

    def days(self) -> Iterator[date]:
        """Each day of the period, in order."""
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)

    def __len__(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        return isinstance(day, date) and self.start <= day <= self.end

    def previous(self) -> Period:
        """The period just before, of the same kind (the month before a month, a range of the same length
        before a range)."""
        return self._shifted(-1)

    def next(self) -> Period:
        """The period just after, of the same kind (the month after a month, a range of the same length after
        a range)."""
        return self._shifted(1)

    def _shifted(self, direction: int) -> Period:
        if self.kind == "month":
            months = self.start.year * 12 + self.start.month - 1 + direction
            return month_period(months // 12, months % 12 + 1)
        if self.kind == "week":
            return week_period(self.start + timedelta(weeks=direction))
        if self.kind == "day":
            return day_period(self.start + timedelta(days=direction))
        step = timedelta(days=len(self) * direction)
        return Period(self.start + step, self.end + step, "range")

    def __str__(self) -> str:
        """A compact, language-neutral form the parsers read back (``2026-11``, ``2026-W48``)."""
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            iso = self.start.isocalendar()
            return f"{iso.year}-W{iso.week:02d}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _as_date(day: date) -> date:
    return day.date() if isinstance(day, datetime) else day


def day_period(day: date) -> Period:
    """One day as a period (a datetime is taken to its date)."""
    day = _as_date(day)
    return Period(day, day, "day")


def week_period(day: date) -> Period:
    """The ISO week (Monday to Sunday) that contains ``day``."""
    monday = _as_date(day) - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6), "week")


def month_period(year: int, month: int) -> Period:
    """The month ``year``-``month`` from its first to its last day; a month outside 1–12 is refused."""
    if not 1 <= month <= 12:
        _refuse("bad_month", f"{year}-{month}", "month")
    first = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return Period(first, following - timedelta(days=1), "month")


def range_period(start: date, end: date) -> Period:
    """Any span of days, refused if it ends before it starts or exceeds ``MAX_RANGE_DAYS``."""
    start, end = _as_date(start), _as_date(end)
    period = Period(start, end, "range")  # raises bad_range when end < start
    if len(period) > MAX_RANGE_DAYS:
        raise CoachError(
            "dates.errors.range_too_long",
            start=start,
            end=end,
            count=MAX_RANGE_DAYS,
        )
    return period


def parse_month(text: str, today: date) -> Period:
    """The month meant by ``text``: ``2026-11``, ``11/2026``, ``nov. 2026``, ``le mois dernier``…"""
    normalized = _normalize(text, "bad_month", "month")
    words = _words(normalized)
    if words in _THIS_MONTH:
        return month_period(today.year, today.month)
    if words in _LAST_MONTH:
        months = today.year * 12 + today.month - 2  # the month before, counted from year 0
        return month_period(months // 12, months % 12 + 1)
    if match := re.fullmatch(_YEAR_MONTH, normalized):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(_MONTH_YEAR, normalized):
        year, month = int(match[2]), int(match[1])
    elif (match := re.fullmatch(_MONTH_NAME, normalized)) and match[1] in _MONTH_WORDS:
        year = int(match[2]) if match[2] else today.year
        month = _MONTH_WORDS[match[1]]
    else:
        _refuse("bad_month", text, "month")
    if not 1 <= month <= 12:
        _refuse("bad_month", text, "month")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CoachError("dates.errors.year_range", value=_shown(text), min=MIN_YEAR, max=MAX_YEAR)
    return month_period(year, month)


def parse_week(text: str, today: date) -> Period:
    """The ISO week meant by ``text``: ``2026-W48``, ``semaine 48``, ``la semaine dernière``,
    or any date :func:`parse_date` accepts (the week that contains it)."""
    normalized = _normalize(text, "bad_week", "week")
    words = _words(normalized)
    if words in _THIS_WEEK:
        return week_period(today)
    if words in _LAST_WEEK:
        return week_period(today - timedelta(weeks=1))
    if match := re.fullmatch(_ISO_WEEK, normalized):
        return _iso_week(int(match[1]), int(match[2]), text)
    if match := re.fullmatch(_WEEK_NUMBER, normalized):
        year = int(match[2]) if match[2] else today.isocalendar().year
        return _iso_week(year, int(match[1]), text)
    # A date's own precise errors (no_such_date, year_range, weekday_mismatch) pass through.
    found = _date_from(normalized, today, text)
    if found is None:
        _refuse("bad_week", text, "week")
    return week_period(found)


def _iso_week(year: int, week: int, text: str) -> Period:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CoachError("dates.errors.year_range", value=_shown(text), min=MIN_YEAR, max=MAX_YEAR)
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:  # week 0, or week 53 of a 52-week year
        _refuse("bad_week", text, "week")
    return week_period(monday)


# --- display ----------------------------------------------------------------------------------


def _weekday_name(day: date, lang: str) -> str:
    return t(f"dates.weekday.{WEEKDAY_IDS[day.weekday()]}", lang)


def _month_name(month: int, lang: str) -> str:
    return t(f"dates.month.{MONTH_IDS[month - 1]}", lang)


def _day_number(day: date, lang: str) -> str:
    return t("dates.format.first_day", lang) if day.day == 1 else str(day.day)


def format_date(day: date, lang: str) -> str:
    """A date inside a sentence: fr ``14 mai 2026`` (« le 14 mai 2026 »), en ``14 May 2026``,
    with no-break spaces. Never ISO in a sentence; day first in both languages, like the dates
    the user types, so that every display form parses back."""
    return t(
        "dates.format.day_month_year",
        lang,
        day=_day_number(day, lang),
        month=_month_name(day.month, lang),
        year=day.year,
    )


def format_date_long(day: date, lang: str) -> str:
    """fr ``mardi 24 novembre 2026``, en ``Tuesday 24 November 2026``."""
    return t(
        "dates.format.long",
        lang,
        weekday=_weekday_name(day, lang),
        day=_day_number(day, lang),
        month=_month_name(day.month, lang),
        year=day.year,
    )


def format_date_short(day: date, lang: str) -> str:
    """fr ``mar. 24/11``, en ``Tue 24/11``: for lists and tables within a known year."""
    return t(
        "dates.format.short",
        lang,
        weekday=t(f"dates.weekday_short.{WEEKDAY_IDS[day.weekday()]}", lang),
        day=f"{day.day:02d}",
        month=f"{day.month:02d}",
    )


def format_month(month: Period | date | tuple[int, int], lang: str) -> str:
    """fr ``novembre 2026``, en ``November 2026``, from a period, a date or ``(year, month)``."""
    if isinstance(month, Period):
        year, number = month.start.year, month.start.month
    elif isinstance(month, date):
        year, number = month.year, month.month
    else:
        year, number = month
    return t("dates.format.month", lang, month=_month_name(number, lang), year=year)


def format_period(period: Period, lang: str) -> str:
    """A readable label for any period: a month, ``semaine du 23 au 29 novembre 2026``,
    a long date, or ``du 1er au 15 novembre 2026``."""
    if period.kind == "month":
        return format_month(period, lang)
    if period.kind == "day" or period.start == period.end:
        return format_date_long(period.start, lang)
    start, end = period.start, period.end
    same_month = (start.year, start.month) == (end.year, end.month)
    if same_month:
        first = _day_number(start, lang)
    elif start.year == end.year:
        first = t(
            "dates.format.day_month",
            lang,
            day=_day_number(start, lang),
            month=_month_name(start.month, lang),
        )
    else:
        first = format_date(start, lang)
    last = format_date(end, lang)
    if period.kind == "week":
        key = "dates.format.week_same_month" if same_month else "dates.format.week"
    else:
        key = "dates.format.range"
    return t(key, lang, start=first, end=last)


# --- due dates (follow-ups): the one place where a word points forward ----------------------------

_DAYS_AHEAD = {"demain": 1, "tomorrow": 1, "apres demain": 2, "day after tomorrow": 2}


def parse_due_date(text: str, today: date) -> date:
    """A due date: like :func:`parse_date`, except that a weekday name means the next one
    (today included) and ``demain``/``tomorrow`` and ``après-demain`` are understood —
    one plans a follow-up forward, one logs time backward."""
    normalized = _normalize(text, "bad_date", "date")
    words = _words(normalized)
    if words in _DAYS_AHEAD:
        return today + timedelta(days=_DAYS_AHEAD[words])
    weekday = _WEEKDAY_WORDS.get(words.rstrip(".,"))
    if weekday is not None:
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    return parse_date(text, today)
