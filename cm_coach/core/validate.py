"""Checks shared by the CLI, the TUI and the importer: one place decides what is acceptable
input, and every write function of the core calls it with the values the user gave.

Each check takes the raw value (text as typed, or a value a shell already parsed) and
returns the canonical one, or raises :class:`~cm_coach.errors.CoachError` (nothing is
written). The rules, decided once:

* **Names** (missions, clients, people) and **tasks** are one line: runs of whitespace
  (tabs, newlines, doubled spaces) become one space, as typed text would be read.
* **Free text** (notes, answers) keeps its line breaks and tabs.
* Nothing stored may hold a character that acts on a terminal or hides what is shown:
  control characters (ESC sequences retitle or clear a terminal, CR rewrites a line), lone
  surrogates (not text; they break every encoder), bidirectional controls
  (``"\\u202egnp.exe"`` shows as "exe.png") and zero-width spaces. They are refused, never
  silently removed: the user sees what was wrong. The zero-width joiners (U+200C, U+200D)
  stay allowed: emoji sequences and several scripts need them. Text shown but not stored
  (an error quoting what was typed, an old journal) goes through :func:`printable`.
* **Dates** lie within :data:`~cm_coach.models.MIN_YEAR`–:data:`~cm_coach.models.MAX_YEAR`
  (1970–2100, the range the date parser always had), so that every export and period
  computation stays within what ``datetime`` can represent.
* **Numbers** are whole where counted, finite where measured (``"nan"``/``"inf"`` never
  reach the journal).
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from functools import cache

from cm_coach.core.content import activities
from cm_coach.core.terminal_text import printable, unsafe_in_free_text
from cm_coach.errors import CoachError
from cm_coach.models import (
    MAX_NAME_LENGTH,
    MAX_PEOPLE,
    MAX_RATE,
    MAX_TASK_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
    MISSION_KINDS,
    OUTSIDE_FAMILIES,
    RATE_UNITS,
    Minutes,
)

MAX_FOLLOWERS = 10**10
MAX_MINUTES = 24 * 60
FIRST_DAY = date(MIN_YEAR, 1, 1)
LAST_DAY = date(MAX_YEAR, 12, 31)


# C0 and C1 controls (Cc), lone surrogates (Cs), bidirectional controls, zero-width and
# invisible formatting characters. Tab and line feed are matched by the same class but let
# through by free text (see _LINE_BREAKS_OK).
@cache
def _unsafe() -> re.Pattern[str]:
    # compiled on first use (~1 ms): the exports load this module and never check a text
    return re.compile(
        "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
        "\u2066-\u2069\ufeff]"
    )


def _refuse_unsafe(text: str, pattern: re.Pattern[str]) -> None:
    found = pattern.search(text)
    if found is not None:
        raise CoachError("safety.unsafe_char", char=f"U+{ord(found.group()):04X}")


def safe(text: str, *, line_breaks: bool = False) -> str:
    """``text`` unchanged, or refused if it holds a character no stored text may hold."""
    _refuse_unsafe(text, unsafe_in_free_text() if line_breaks else _unsafe())
    return text


def unsafe_char(text: str, *, line_breaks: bool = False) -> str | None:
    """The first character of ``text`` that may not be stored (see the module notes)."""
    found = (unsafe_in_free_text() if line_breaks else _unsafe()).search(text)
    return found.group() if found else None


def _one_line(text: object) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    cleaned = " ".join(text.split())
    _refuse_unsafe(cleaned, _unsafe())
    return cleaned


# --- texts ------------------------------------------------------------------------------------


def task_text(text: object, empty: str = "errors.task_empty") -> str:
    """What was done: one line, 1 to :data:`MAX_TASK_LENGTH` characters. ``empty``: the
    message when there is nothing (an idea or a follow-up is not a task done)."""
    cleaned = _one_line(text)
    if not cleaned:
        raise CoachError(empty)
    if len(cleaned) > MAX_TASK_LENGTH:
        raise CoachError("errors.task_too_long", length=len(cleaned), max=MAX_TASK_LENGTH)
    return cleaned


def free_text(text: object, max_length: int = MAX_TEXT_LENGTH) -> str:
    """Answers and notes: line breaks and tabs kept (``\\r\\n`` read as ``\\n``), ends trimmed."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text.replace("\r\n", "\n").strip()
    if len(text) > max_length:
        raise CoachError("errors.text_too_long", max=max_length)
    _refuse_unsafe(text, unsafe_in_free_text())
    return text


def optional_free_text(text: object, max_length: int = MAX_TEXT_LENGTH) -> str | None:
    """:func:`free_text`, with nothing given (or only spaces) read as no text at all."""
    cleaned = free_text(text, max_length)
    return cleaned or None


def name(text: object, *, empty_key: str = "safety.name_empty") -> str:
    """A name (a person, a client, a platform): one line, 1 to :data:`MAX_NAME_LENGTH` characters."""
    cleaned = _one_line(text)
    if not cleaned:
        raise CoachError(empty_key)
    if len(cleaned) > MAX_NAME_LENGTH:
        raise CoachError("safety.name_too_long", max=MAX_NAME_LENGTH)
    return cleaned


def optional_name(text: object) -> str | None:
    """:func:`name`, with nothing given (or only spaces) read as no name."""
    return name(text) if text is not None and str(text).strip() else None


def mission_name(text: object) -> str:
    """A mission's name: one line, 1 to :data:`MAX_NAME_LENGTH` characters (the mission's own error messages,
    not :func:`name`'s)."""
    cleaned = _one_line(text)
    if not cleaned:
        raise CoachError("errors.mission_name_empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise CoachError("errors.mission_name_too_long", max=MAX_NAME_LENGTH)
    return cleaned


# --- choices ----------------------------------------------------------------------------------


def _folded(name: str) -> str:
    """Case, accents, dashes and underscores set aside: ``Service-client`` = ``service_client``."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("-", " ").replace("_", " ").split())


@cache
def _activity_names() -> dict[str, str]:
    """Every name of every activity (id, French and English labels, aliases) → its id."""
    names: dict[str, str] = {}
    for item in activities().values():
        for name in (item.id, *item.label.values(), *item.aliases):
            names.setdefault(_folded(name), item.id)
    return names


def activity(value: object) -> str:
    """The activity's id from any of its names, in French or English (``publicité``,
    ``service client``, ``advertising``)."""
    key = _activity_names().get(_folded(str(value)))
    if key is None:
        raise CoachError(
            "errors.unknown_activity", value=printable(str(value)), choices=", ".join(activities())
        )
    return key


def mission_kind(value: object) -> str:
    """``"Freelance "`` → ``"freelance"``: one of :data:`MISSION_KINDS`, case and spaces ignored."""
    key = str(value).strip().lower()
    if key not in MISSION_KINDS:
        raise CoachError("errors.unknown_kind", value=printable(str(value)), choices=", ".join(MISSION_KINDS))
    return key


def families(value: object) -> tuple[str, ...]:
    """``"advertising,customer_service"`` (or a list of them) → a tuple in canonical order."""
    if not value:
        return ()
    given = value if isinstance(value, list | tuple) else [value]
    parts = [part for item in given for part in str(item).split(",")]
    chosen = []
    for part in parts:
        key = str(part).strip().lower().replace("-", "_")
        if not key:
            continue
        if key not in OUTSIDE_FAMILIES:
            raise CoachError(
                "errors.unknown_family",
                value=printable(str(part).strip()),
                choices=", ".join(OUTSIDE_FAMILIES),
            )
        chosen.append(key)
    return tuple(f for f in OUTSIDE_FAMILIES if f in chosen)


# --- numbers ----------------------------------------------------------------------------------


def whole_number(value: object, *, low: int, high: int, key: str) -> int:
    """A whole number from ``low`` to ``high``, given as a number or typed (``" 12 "``)."""
    if isinstance(value, bool):
        raise CoachError(key, value=str(value), max=high)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if len(text) > 40:
            raise CoachError(key, value=printable(text[:40]) + "…", max=high)
        try:
            number = int(text)
        except ValueError:
            raise CoachError(key, value=printable(text), max=high) from None
    if not low <= number <= high:
        raise CoachError(key, value=printable(str(value)), max=high)
    return number


def optional_whole_number(value: object, *, low: int, high: int, key: str) -> int | None:
    """:func:`whole_number`, with nothing given (``None`` or blank) read as no number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return whole_number(value, low=low, high=high, key=key)


def people(value: object) -> int:
    """An unnamed headcount (``log --people N``): a whole number from 0 to :data:`MAX_PEOPLE`."""
    return whole_number(value, low=0, high=MAX_PEOPLE, key="errors.bad_people")


def optional_people(value: object) -> int | None:
    """:func:`people`, with None for no headcount."""
    return optional_whole_number(value, low=0, high=MAX_PEOPLE, key="errors.bad_people")


def energy(value: object) -> int:
    """The check-in's energy: a whole number from 1 to 5."""
    return whole_number(value, low=1, high=5, key="errors.bad_energy")


def rate(value: object) -> float:
    """A mission's rate: a number ≥ 0 with at most two decimals, ``45``, ``45.5`` or ``45,5``
    (the French comma), and no currency sign: the report prints amounts in the rate's unit."""
    text = str(value).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise CoachError("report.errors.bad_rate", value=value, max=MAX_RATE) from None
    if not math.isfinite(number) or not 0 <= number <= MAX_RATE or round(number, 2) != number:
        raise CoachError("report.errors.bad_rate", value=value, max=MAX_RATE)
    return number


def rate_unit(value: object) -> str:
    """``hour`` or ``day`` (``heure``, ``jour``, ``h``, ``j``, ``d`` are understood too)."""
    key = str(value).strip().lower()
    aliases = {
        "h": "hour",
        "heure": "hour",
        "hours": "hour",
        "heures": "hour",
        "d": "day",
        "j": "day",
        "jour": "day",
        "days": "day",
        "jours": "day",
    }
    key = aliases.get(key, key)
    if key not in RATE_UNITS:
        raise CoachError("report.errors.bad_rate_unit", value=value, choices=", ".join(RATE_UNITS))
    return key


def person_name(name: str) -> str:
    """A handle or a first name as the CM knows them (``@lea.cuisine``, « Marc du forum »).
    No comma: ``--with "@lea, Marc"`` separates names with commas."""
    cleaned = " ".join(str(name).split())
    if not cleaned or cleaned == "@":
        raise CoachError("people.errors.name_empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise CoachError("people.errors.name_too_long", max=MAX_NAME_LENGTH)
    if "," in cleaned:
        raise CoachError("people.errors.name_comma", name=cleaned)
    _refuse_unsafe(cleaned, _unsafe())
    return cleaned


def platform(value: str | None) -> str | None:
    """Where the CM meets the person (Instagram, the forum, Discord…): short free text."""
    cleaned = " ".join(str(value or "").split())
    if len(cleaned) > MAX_NAME_LENGTH:
        raise CoachError("people.errors.name_too_long", max=MAX_NAME_LENGTH)
    _refuse_unsafe(cleaned, _unsafe())
    return cleaned or None


def tags(values: object) -> tuple[str, ...]:
    """``"Ambassador, client contact"`` (or a list) → ``("ambassador", "client_contact")``:
    lower case, no accents, words joined by ``_``; any tag is allowed, each kept once."""
    parts = values.split(",") if isinstance(values, str) else [p for v in values for p in str(v).split(",")]  # type: ignore[attr-defined]
    found: list[str] = []
    for part in parts:
        folded = unicodedata.normalize("NFKD", part.strip().casefold())
        plain = "".join(c for c in folded if not unicodedata.combining(c))
        key = "_".join("".join(c if c.isalnum() else " " for c in plain).split())
        if not part.strip():
            continue
        if not key or len(key) > 40:
            raise CoachError("people.errors.bad_tag", value=part.strip())
        if key not in found:
            found.append(key)
    return tuple(found)


def followers(value: object) -> int | None:
    """A follower count (0 or more), or ``None`` when nothing is given."""
    return optional_whole_number(value, low=0, high=MAX_FOLLOWERS, key="errors.bad_followers")


def minutes(value: object) -> int:
    """A duration of 1 minute to 24 h: whole minutes, or typed (``1h30``, ``45``)."""
    from cm_coach.core.dates import parse_duration

    if isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MINUTES:
        raise CoachError("dates.errors.duration_range", value=printable(str(value)), max=Minutes(MAX_MINUTES))
    return value


def dialogue_intention(value: object) -> int | None:
    """The minutes of dialogue the CM plans at the check-in: whole minutes from 0 to a day,
    as the check-in's field takes them; nothing typed is no intention."""
    return optional_whole_number(value, low=0, high=MAX_MINUTES, key="refusals.bad_intention")


def finite_number(value: object, *, low: float, high: float, key: str) -> float:
    """A measured quantity: finite, from ``low`` to ``high`` (``"nan"`` and ``"inf"`` refused)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CoachError(key, value=printable(str(value)[:40]))
    try:
        number = float(value)
    except ValueError:
        raise CoachError(key, value=printable(str(value)[:40])) from None
    if not math.isfinite(number) or not low <= number <= high:
        raise CoachError(key, value=printable(str(value)[:40]))
    return number


def dialogue_target_percent(value: object) -> float:
    """The dialogue-share target typed by the user (``40``, ``40 %``) → the fraction 0.4."""
    text = str(value).strip().rstrip("% \u00a0\u202f")
    return whole_number(text, low=1, high=100, key="stats.bad_target") / 100


def dialogue_target_fraction(value: object) -> float:
    """The dialogue-share target as stored (a fraction from 0.01 to 1), finite."""
    return finite_number(value, low=0.01, high=1.0, key="safety.bad_target")


# --- dates ------------------------------------------------------------------------------------


def day(value: object, *, today: date | None = None, future: bool = True) -> date:
    """A day from :data:`FIRST_DAY` to :data:`LAST_DAY`: a date, or text typed by the user
    (parsed relative to ``today``; without it, only ``YYYY-MM-DD``). With ``future=False``
    and ``today``, a day after today is refused (one cannot log tomorrow)."""
    from cm_coach.core.dates import ensure_not_future, parse_date

    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        found = value
    elif isinstance(value, str) and today is not None:
        found = parse_date(value, today)
    else:
        found = iso_day(value)
    if not FIRST_DAY <= found <= LAST_DAY:
        raise CoachError("dates.errors.year_range", value=found.isoformat(), min=MIN_YEAR, max=MAX_YEAR)
    if not future and today is not None:
        ensure_not_future(found, today)
    return found


def optional_day(value: object, *, today: date | None = None, future: bool = True) -> date | None:
    """:func:`day`, with nothing given (``None`` or blank) read as no day."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return day(value, today=today, future=future)


def iso_day(value: object) -> date:
    """A day written exactly ``YYYY-MM-DD`` (as files store it), within the allowed years."""
    if not isinstance(value, str):
        raise CoachError("safety.bad_iso_date", value=printable(str(value)[:40]))
    try:
        found = date.fromisoformat(value)
    except ValueError:
        raise CoachError("safety.bad_iso_date", value=printable(value[:40])) from None
    if found.isoformat() != value:
        raise CoachError("safety.bad_iso_date", value=printable(value[:40]))
    if not FIRST_DAY <= found <= LAST_DAY:
        raise CoachError("dates.errors.year_range", value=value, min=MIN_YEAR, max=MAX_YEAR)
    return found
