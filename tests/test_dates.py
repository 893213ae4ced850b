"""Tests of cm_coach.core.dates: every accepted form, the refusals, periods and display."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cm_coach.core import dates
from cm_coach.core.content import strings
from cm_coach.core.dates import (
    Period,
    day_period,
    ensure_not_future,
    format_date,
    format_date_long,
    format_date_short,
    format_duration,
    format_month,
    format_period,
    month_period,
    parse_date,
    parse_duration,
    parse_month,
    parse_week,
    range_period,
    week_period,
)
from cm_coach.core.i18n import render_error
from cm_coach.errors import CoachError
from tests.conftest import plain

TODAY = date(2026, 11, 25)  # a Wednesday
MONDAY = date(2026, 11, 23)
NEW_YEAR = date(2027, 1, 1)  # a Friday, in ISO week 2026-W53
LANGS = ("fr", "en")


def d(text: str) -> date:
    return date.fromisoformat(text)


def error_key(call) -> str:
    with pytest.raises(CoachError) as caught:
        call()
    return caught.value.key


# --- parse_date -------------------------------------------------------------------------------

DATE_CASES = [
    # explicit dates, day first
    ("2026-11-24", "2026-11-24"),
    ("2026/11/24", "2026-11-24"),
    ("2026-1-5", "2026-01-05"),
    ("24/11/2026", "2026-11-24"),
    ("24-11-2026", "2026-11-24"),
    ("24.11.2026", "2026-11-24"),
    ("5/1/2026", "2026-01-05"),
    ("24/11", "2026-11-24"),
    ("01/01", "2026-01-01"),
    ("30/11", "2026-11-30"),  # later this year: still the current year, by decision
    ("24 novembre 2026", "2026-11-24"),
    ("24 nov. 2026", "2026-11-24"),
    ("24 November 2026", "2026-11-24"),
    ("1er novembre 2026", "2026-11-01"),
    ("3 août", "2026-08-03"),
    ("3 aout", "2026-08-03"),
    ("14 févr. 2026", "2026-02-14"),
    ("mardi 24 novembre 2026", "2026-11-24"),  # format_date_long parses back
    ("Tuesday 24 November 2026", "2026-11-24"),
    ("mar. 24/11", "2026-11-24"),  # format_date_short parses back
    ("Tue 24/11", "2026-11-24"),
    # relative words
    ("today", "2026-11-25"),
    ("aujourd'hui", "2026-11-25"),
    ("Aujourd’hui", "2026-11-25"),  # typographic apostrophe
    ("aujourdhui", "2026-11-25"),
    ("auj", "2026-11-25"),
    ("  AUJ  ", "2026-11-25"),
    ("yesterday", "2026-11-24"),
    ("hier", "2026-11-24"),
    ("Hier\n", "2026-11-24"),
    ("avant-hier", "2026-11-23"),
    ("avant hier", "2026-11-23"),
    ("Avant-Hier", "2026-11-23"),
    ("the day before yesterday", "2026-11-23"),
    # weekdays: the most recent one, today included (today is a Wednesday)
    ("lundi", "2026-11-23"),
    ("mardi", "2026-11-24"),
    ("mercredi", "2026-11-25"),
    ("jeudi", "2026-11-19"),
    ("vendredi", "2026-11-20"),
    ("samedi", "2026-11-21"),
    ("dimanche", "2026-11-22"),
    ("monday", "2026-11-23"),
    ("Wednesday", "2026-11-25"),
    ("sunday", "2026-11-22"),
    ("lun", "2026-11-23"),
    ("mar", "2026-11-24"),
    ("mer", "2026-11-25"),
    ("jeu", "2026-11-19"),
    ("ven", "2026-11-20"),
    ("sam", "2026-11-21"),
    ("dim", "2026-11-22"),
    ("mon", "2026-11-23"),
    ("tue", "2026-11-24"),
    ("wed", "2026-11-25"),
    ("thu", "2026-11-19"),
    ("fri", "2026-11-20"),
    ("sat", "2026-11-21"),
    ("sun", "2026-11-22"),
    # "... dernier" / "last ...": strictly before today
    ("lundi dernier", "2026-11-23"),
    ("LUNDI   DERNIER", "2026-11-23"),
    ("last monday", "2026-11-23"),
    ("mercredi dernier", "2026-11-18"),
    ("last wednesday", "2026-11-18"),
    ("jeudi dernier", "2026-11-19"),
    ("dimanche passé", "2026-11-22"),
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES)
def test_parse_date_accepted_forms(text: str, expected: str) -> None:
    assert parse_date(text, TODAY) == d(expected)


def test_weekday_on_that_same_weekday_is_today_and_dernier_is_a_week_ago() -> None:
    assert MONDAY.weekday() == 0
    assert parse_date("lundi", MONDAY) == MONDAY
    assert parse_date("monday", MONDAY) == MONDAY
    assert parse_date("lundi dernier", MONDAY) == d("2026-11-16")
    assert parse_date("last monday", MONDAY) == d("2026-11-16")
    assert parse_date("dimanche", MONDAY) == d("2026-11-22")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hier", "2026-12-31"),
        ("avant-hier", "2026-12-30"),
        ("aujourd'hui", "2027-01-01"),
        ("jeudi", "2026-12-31"),
        ("vendredi", "2027-01-01"),
        ("vendredi dernier", "2026-12-25"),
        ("31/12", "2027-12-31"),  # current year, even though it is a year ahead
        ("02/01", "2027-01-02"),
    ],
)
def test_parse_date_across_the_new_year(text: str, expected: str) -> None:
    assert parse_date(text, NEW_YEAR) == d(expected)


def test_leap_days() -> None:
    assert parse_date("29/02/2028", TODAY) == d("2028-02-29")
    assert parse_date("2024-02-29", TODAY) == d("2024-02-29")
    assert parse_date("29/02", date(2028, 3, 5)) == d("2028-02-29")
    assert parse_date("hier", date(2028, 3, 1)) == d("2028-02-29")
    assert parse_date("hier", date(2026, 3, 1)) == d("2026-02-28")
    assert error_key(lambda: parse_date("29/02/2026", TODAY)) == "dates.errors.no_such_date"
    assert error_key(lambda: parse_date("29/02", TODAY)) == "dates.errors.no_such_date"
    assert error_key(lambda: parse_date("2100-02-29", TODAY)) == "dates.errors.no_such_date"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("31/02/2026", "dates.errors.no_such_date"),
        ("2026-13-01", "dates.errors.no_such_date"),
        ("24/13/2026", "dates.errors.no_such_date"),
        ("00/11/2026", "dates.errors.no_such_date"),
        ("31 avril 2026", "dates.errors.no_such_date"),
        ("24/11/1969", "dates.errors.year_range"),
        ("2101-01-01", "dates.errors.year_range"),
        ("0001-01-01", "dates.errors.year_range"),
        ("lundi 24/11/2026", "dates.errors.weekday_mismatch"),  # the 24th is a Tuesday
        ("24/11/26", "dates.errors.bad_date"),  # two-digit years are not guessed
        ("11/24/2026", "dates.errors.no_such_date"),  # month first: refused, not guessed
        ("13/2026", "dates.errors.bad_date"),
        ("demain", "dates.errors.bad_date"),  # nothing relative points forward
        ("tomorrow", "dates.errors.bad_date"),
        ("lundi prochain", "dates.errors.bad_date"),
        ("next monday", "dates.errors.bad_date"),
        ("24/11-2026", "dates.errors.bad_date"),  # mixed separators
        ("24 brumaire 2026", "dates.errors.bad_date"),
        ("2026-11-24T10:00", "dates.errors.bad_date"),
        ("-1", "dates.errors.bad_date"),
        ("hier hier", "dates.errors.bad_date"),
        ("", "dates.errors.bad_date"),
        ("   ", "dates.errors.bad_date"),
        ("hi\x00er", "dates.errors.bad_date"),
        ("24/11\u200b", "dates.errors.bad_date"),  # zero-width space is a format character
        ("📅", "dates.errors.bad_date"),
        ("1" * 101, "dates.errors.bad_date"),
    ],
)
def test_parse_date_refusals(text: str, key: str) -> None:
    assert error_key(lambda: parse_date(text, TODAY)) == key


@pytest.mark.parametrize("value", [None, 20261124, 3.5, b"hier", ["hier"], date(2026, 11, 24)])
def test_parsers_refuse_non_strings(value: object) -> None:
    assert error_key(lambda: parse_date(value, TODAY)) == "dates.errors.bad_date"  # type: ignore[arg-type]
    assert error_key(lambda: parse_duration(value)) == "dates.errors.bad_duration"  # type: ignore[arg-type]
    assert error_key(lambda: parse_month(value, TODAY)) == "dates.errors.bad_month"  # type: ignore[arg-type]
    assert error_key(lambda: parse_week(value, TODAY)) == "dates.errors.bad_week"  # type: ignore[arg-type]


HOSTILE = [
    "1" * 100_000,
    "1h" * 50_000,
    "a" * 100_000,
    "1/" * 50_000,
    "9" * 99 + "x",
    "1 " * 49 + "h",
    "avant-" * 16 + "hier",
]


class RegexSpy:
    """Stands in for ``re`` inside ``cm_coach.core.dates``: each pattern and the text it ran on."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __getattr__(self, name: str):
        real = getattr(re, name)
        if name not in ("fullmatch", "match", "search", "findall", "finditer", "split", "sub", "subn"):
            return real

        def spied(pattern, *args, **kwargs):
            text = args[1] if name in ("sub", "subn") else args[0]
            self.calls.append((getattr(pattern, "pattern", pattern), text))
            return real(pattern, *args, **kwargs)

        return spied


def unbounded_repetition(pattern: str) -> list[str]:
    """``*``, ``+`` and ``{n,}`` outside escapes and character classes."""
    plain = re.sub(r"\\.", "", pattern)
    plain = re.sub(r"\[[^\]]*\]", "", plain)
    return re.findall(r"[*+]|\{[0-9]*,\}", plain)


def test_unbounded_repetition_is_found() -> None:
    assert unbounded_repetition(r"([0-9]{1,2}) ?(?:h|min)\.?") == []
    assert unbounded_repetition(r"[*+]\+\*[0-9]{2}") == []
    assert unbounded_repetition(r"a+") == ["+"]
    assert unbounded_repetition(r"(?:ab)*") == ["*"]
    assert unbounded_repetition(r"[0-9]{1,}") == ["{1,}"]


def test_hostile_input_is_refused_without_costly_matching(monkeypatch) -> None:
    """What keeps hostile input cheap, whatever the machine: text longer than 100
    characters (``MAX_INPUT``) is refused before any regex sees it, and every pattern that does run has
    bounded repetition only (so no backtracking blow-up on the short ones). The time it
    takes is measured by ``python -m benchmarks.bench_dates``, as a ratio to normal input."""
    assert dates.MAX_INPUT <= 100
    spy = RegexSpy()
    monkeypatch.setattr(dates, "re", spy)
    for text in HOSTILE:
        for parse in PARSERS.values():
            with pytest.raises(CoachError):
                parse(text)
    assert spy.calls, "the short hostile strings reach the patterns: the spy must see them"
    assert max(len(text) for _, text in spy.calls) <= 100
    for text, _ in DATE_CASES:
        parse_date(text, TODAY)
    for text, _ in DURATION_CASES:
        parse_duration(text)
    for text, _ in MONTH_CASES:
        parse_month(text, TODAY)
    for text in ("2026-W48", "semaine 48", "week 48 2026"):
        parse_week(text, TODAY)
    patterns = {pattern for pattern, _ in spy.calls}
    assert len(patterns) >= 10, patterns
    assert {
        pattern: unbounded_repetition(pattern) for pattern in patterns if unbounded_repetition(pattern)
    } == {}


def test_ensure_not_future() -> None:
    assert ensure_not_future(TODAY, TODAY) == TODAY
    assert ensure_not_future(d("2026-11-24"), TODAY) == d("2026-11-24")
    future = parse_date("30/11", TODAY)  # parses, being this year...
    with pytest.raises(CoachError) as caught:
        ensure_not_future(future, TODAY)  # ...but a journal entry cannot be in the future
    assert caught.value.key == "dates.errors.future"
    assert caught.value.params == {"value": d("2026-11-30")}  # shown as a date of the reader's language


# --- durations --------------------------------------------------------------------------------

DURATION_CASES = [
    ("45", 45),
    ("45m", 45),
    ("45min", 45),
    ("45 min", 45),
    ("45 mn", 45),
    ("45 minutes", 45),
    ("90 minutes", 90),
    ("1 minute", 1),
    ("1h", 60),
    ("1 h", 60),
    ("1H", 60),
    ("1h30", 90),
    ("1h30m", 90),
    ("1h30min", 90),
    ("1h 30min", 90),
    ("1 h 30", 90),
    ("1h05", 65),
    ("1h5", 65),
    ("12h05", 725),
    ("1:30", 90),
    ("0:45", 45),
    ("24:00", 1440),
    ("1.5h", 90),
    ("1,5h", 90),
    ("1,5 h", 90),
    ("0.25h", 15),
    ("2.75 heures", 165),
    ("2 heures", 120),
    ("1 heure", 60),
    ("1 heure 15", 75),
    ("1 hour", 60),
    ("3 hours", 180),
    ("1 hour 30 minutes", 90),
    ("24h", 1440),
    ("1440", 1440),
    ("45.0", 45),
    ("  45min ", 45),
]


@pytest.mark.parametrize(("text", "expected"), DURATION_CASES)
def test_parse_duration_accepted_forms(text: str, expected: int) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("0", "dates.errors.duration_range"),
        ("0min", "dates.errors.duration_range"),
        ("0h", "dates.errors.duration_range"),
        ("0:00", "dates.errors.duration_range"),
        ("25h", "dates.errors.duration_range"),
        ("1441", "dates.errors.duration_range"),
        ("24h01", "dates.errors.duration_range"),
        ("99999h", "dates.errors.duration_range"),
        ("0.01h", "dates.errors.duration_whole_minutes"),  # 0.6 minute
        ("1.01h", "dates.errors.duration_whole_minutes"),
        ("45.5", "dates.errors.duration_whole_minutes"),
        ("1h75", "dates.errors.bad_duration"),  # minutes after hours must be below 60
        ("1:75", "dates.errors.bad_duration"),
        ("1:5", "dates.errors.bad_duration"),  # clock form wants two digits
        ("-5", "dates.errors.bad_duration"),
        ("-1h", "dates.errors.bad_duration"),
        ("1.5h30", "dates.errors.bad_duration"),
        ("1h30h", "dates.errors.bad_duration"),
        ("h", "dates.errors.bad_duration"),
        ("min", "dates.errors.bad_duration"),
        ("une heure", "dates.errors.bad_duration"),
        ("1e3", "dates.errors.bad_duration"),
        ("1_000", "dates.errors.bad_duration"),
        ("٤٥", "dates.errors.bad_duration"),  # Arabic-Indic digits stay foreign
        ("", "dates.errors.duration_empty"),  # asked for, not "not recognised"
        ("⏱", "dates.errors.bad_duration"),
        ("45\x07", "dates.errors.bad_duration"),
    ],
)
def test_parse_duration_refusals(text: str, key: str) -> None:
    assert error_key(lambda: parse_duration(text)) == key


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (1, "1min"),
        (45, "45min"),
        (59, "59min"),
        (60, "1h"),
        (90, "1h30"),
        (65, "1h05"),
        (725, "12h05"),
        (1440, "24h"),
        (0, "0min"),  # totals may be zero...
        (2250, "37h30"),  # ...or above a day
    ],
)
def test_format_duration(minutes: int, expected: str) -> None:
    assert format_duration(minutes) == expected


@pytest.mark.parametrize("bad", [-1, 1.5, True, "45", None])
def test_format_duration_refuses_non_minutes(bad: object) -> None:
    with pytest.raises(ValueError):
        format_duration(bad)  # type: ignore[arg-type]


def test_every_duration_round_trips() -> None:
    # Exhaustive rather than sampled: all 1,440 values are cheap to check.
    for minutes in range(1, 1441):
        assert parse_duration(format_duration(minutes)) == minutes


# --- months -----------------------------------------------------------------------------------

NOVEMBER_2026 = Period(d("2026-11-01"), d("2026-11-30"), "month")

MONTH_CASES = [
    ("2026-11", NOVEMBER_2026),
    ("2026/11", NOVEMBER_2026),
    ("11/2026", NOVEMBER_2026),
    ("11-2026", NOVEMBER_2026),
    ("11.2026", NOVEMBER_2026),
    ("novembre 2026", NOVEMBER_2026),
    ("Novembre 2026", NOVEMBER_2026),
    ("nov 2026", NOVEMBER_2026),
    ("nov. 2026", NOVEMBER_2026),
    ("November 2026", NOVEMBER_2026),
    ("Nov 2026", NOVEMBER_2026),
    ("novembre", NOVEMBER_2026),
    ("this month", NOVEMBER_2026),
    ("ce mois-ci", NOVEMBER_2026),
    ("ce mois ci", NOVEMBER_2026),
    ("ce mois", NOVEMBER_2026),
    ("last month", month_period(2026, 10)),
    ("le mois dernier", month_period(2026, 10)),
    ("mois dernier", month_period(2026, 10)),
    ("le mois précédent", month_period(2026, 10)),
    ("janv 2026", month_period(2026, 1)),
    ("janvier", month_period(2026, 1)),
    ("févr 2026", month_period(2026, 2)),
    ("fevr. 2026", month_period(2026, 2)),
    ("février 2028", Period(d("2028-02-01"), d("2028-02-29"), "month")),
    ("mars 2026", month_period(2026, 3)),
    ("avr 2026", month_period(2026, 4)),
    ("mai 2026", month_period(2026, 5)),
    ("juin 2026", month_period(2026, 6)),
    ("juil. 2026", month_period(2026, 7)),
    ("août 2026", month_period(2026, 8)),
    ("aout 2026", month_period(2026, 8)),
    ("sept 2026", month_period(2026, 9)),
    ("oct. 2026", month_period(2026, 10)),
    ("déc 2026", month_period(2026, 12)),
    ("dec 2026", month_period(2026, 12)),
    ("décembre", month_period(2026, 12)),
    ("Mar 2026", month_period(2026, 3)),
    ("May 2026", month_period(2026, 5)),
    ("Sep 2026", month_period(2026, 9)),
]


@pytest.mark.parametrize(("text", "expected"), MONTH_CASES)
def test_parse_month_accepted_forms(text: str, expected: Period) -> None:
    assert parse_month(text, TODAY) == expected


def test_parse_month_across_the_new_year() -> None:
    assert parse_month("le mois dernier", NEW_YEAR) == Period(d("2026-12-01"), d("2026-12-31"), "month")
    assert parse_month("ce mois-ci", NEW_YEAR) == month_period(2027, 1)
    assert parse_month("décembre", NEW_YEAR) == month_period(2027, 12)  # current year
    assert parse_month("last month", date(2026, 3, 31)) == month_period(2026, 2)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("13/2026", "dates.errors.bad_month"),
        ("0/2026", "dates.errors.bad_month"),
        ("2026-00", "dates.errors.bad_month"),
        ("2026-13", "dates.errors.bad_month"),
        ("brumaire 2026", "dates.errors.bad_month"),
        ("novembre 26", "dates.errors.bad_month"),
        ("24/11/2026", "dates.errors.bad_month"),  # a date is not a month
        ("next month", "dates.errors.bad_month"),
        ("lundi", "dates.errors.bad_month"),
        ("11/1969", "dates.errors.year_range"),
        ("novembre 2101", "dates.errors.year_range"),
        ("", "dates.errors.bad_month"),
        ("🗓️ 2026", "dates.errors.bad_month"),
    ],
)
def test_parse_month_refusals(text: str, key: str) -> None:
    assert error_key(lambda: parse_month(text, TODAY)) == key


# --- weeks ------------------------------------------------------------------------------------

WEEK_48 = Period(d("2026-11-23"), d("2026-11-29"), "week")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-W48", WEEK_48),
        ("2026-w48", WEEK_48),
        ("2026W48", WEEK_48),
        ("semaine 48", WEEK_48),
        ("week 48", WEEK_48),
        ("semaine 48 2026", WEEK_48),
        ("this week", WEEK_48),
        ("cette semaine", WEEK_48),
        ("last week", Period(d("2026-11-16"), d("2026-11-22"), "week")),
        ("la semaine dernière", Period(d("2026-11-16"), d("2026-11-22"), "week")),
        ("semaine derniere", Period(d("2026-11-16"), d("2026-11-22"), "week")),
        ("24/11/2026", WEEK_48),
        ("2026-11-29", WEEK_48),  # a Sunday ends its week
        ("lundi", WEEK_48),
        ("hier", WEEK_48),
        ("dimanche", Period(d("2026-11-16"), d("2026-11-22"), "week")),
        ("2026-W01", Period(d("2025-12-29"), d("2026-01-04"), "week")),
        ("2026-W53", Period(d("2026-12-28"), d("2027-01-03"), "week")),
    ],
)
def test_parse_week_accepted_forms(text: str, expected: Period) -> None:
    assert parse_week(text, TODAY) == expected


def test_parse_week_across_the_new_year() -> None:
    across = Period(d("2026-12-28"), d("2027-01-03"), "week")
    assert parse_week("cette semaine", NEW_YEAR) == across
    assert parse_week("hier", NEW_YEAR) == across
    assert parse_week("last week", NEW_YEAR) == Period(d("2026-12-21"), d("2026-12-27"), "week")
    assert parse_week("semaine 53", NEW_YEAR) == across  # the ISO year of today is 2026


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2025-W53", "dates.errors.bad_week"),  # 2025 has 52 ISO weeks
        ("2027-W53", "dates.errors.bad_week"),
        ("2026-W00", "dates.errors.bad_week"),
        ("2026-W54", "dates.errors.bad_week"),
        ("1969-W10", "dates.errors.year_range"),
        ("semaine prochaine", "dates.errors.bad_week"),
        ("novembre", "dates.errors.bad_week"),
        ("31/02/2026", "dates.errors.no_such_date"),  # the date's own, more precise, error
        ("", "dates.errors.bad_week"),
    ],
)
def test_parse_week_refusals(text: str, key: str) -> None:
    assert error_key(lambda: parse_week(text, TODAY)) == key


# --- periods ----------------------------------------------------------------------------------


def test_period_constructors() -> None:
    assert day_period(TODAY) == Period(TODAY, TODAY, "day")
    assert day_period(datetime(2026, 11, 25, 23, 59)) == Period(TODAY, TODAY, "day")
    assert week_period(TODAY) == WEEK_48
    assert week_period(MONDAY) == WEEK_48
    assert week_period(d("2026-11-29")) == WEEK_48
    assert month_period(2026, 2) == Period(d("2026-02-01"), d("2026-02-28"), "month")
    assert month_period(2028, 2).end == d("2028-02-29")
    assert month_period(2026, 12).end == d("2026-12-31")
    assert range_period(d("2026-11-01"), d("2026-11-15")) == Period(d("2026-11-01"), d("2026-11-15"), "range")
    assert len(range_period(TODAY, TODAY)) == 1
    assert len(range_period(d("2020-01-01"), d("2030-01-07"))) == 3660


def test_range_period_refusals() -> None:
    with pytest.raises(CoachError) as caught:
        range_period(d("2026-11-15"), d("2026-11-01"))
    assert caught.value.key == "dates.errors.bad_range"
    assert caught.value.params == {"start": d("2026-11-15"), "end": d("2026-11-01")}
    with pytest.raises(CoachError) as caught:
        range_period(d("2020-01-01"), d("2030-01-08"))  # 3661 days
    assert caught.value.key == "dates.errors.range_too_long"
    assert error_key(lambda: Period(TODAY, MONDAY)) == "dates.errors.bad_range"
    assert error_key(lambda: month_period(2026, 13)) == "dates.errors.bad_month"
    with pytest.raises(ValueError):
        Period(TODAY, TODAY, "fortnight")  # type: ignore[arg-type]


def test_period_days_len_and_contains() -> None:
    assert list(WEEK_48.days()) == [d(f"2026-11-{n}") for n in range(23, 30)]
    assert len(WEEK_48) == 7
    assert len(NOVEMBER_2026) == 30
    assert len(list(month_period(2028, 2).days())) == 29
    assert TODAY in WEEK_48
    assert d("2026-11-23") in WEEK_48
    assert d("2026-11-29") in WEEK_48
    assert d("2026-11-22") not in WEEK_48
    assert d("2026-11-30") not in WEEK_48
    assert datetime(2026, 11, 29, 23, 59) in WEEK_48
    assert "2026-11-25" not in WEEK_48
    assert None not in WEEK_48


def test_month_previous_next_across_the_year() -> None:
    december = month_period(2026, 12)
    january = december.next()
    assert january == Period(d("2027-01-01"), d("2027-01-31"), "month")
    assert january.previous() == december
    assert month_period(2027, 1).previous() == Period(d("2026-12-01"), d("2026-12-31"), "month")
    assert month_period(2028, 1).next() == Period(d("2028-02-01"), d("2028-02-29"), "month")
    assert month_period(2028, 3).previous().end == d("2028-02-29")
    assert NOVEMBER_2026.previous().next() == NOVEMBER_2026


def test_week_day_and_range_previous_next() -> None:
    assert WEEK_48.next() == Period(d("2026-11-30"), d("2026-12-06"), "week")
    assert WEEK_48.previous() == Period(d("2026-11-16"), d("2026-11-22"), "week")
    last_of_2026 = week_period(d("2026-12-28"))
    assert last_of_2026.next() == Period(d("2027-01-04"), d("2027-01-10"), "week")
    assert last_of_2026.previous() == Period(d("2026-12-21"), d("2026-12-27"), "week")
    assert day_period(d("2026-12-31")).next() == day_period(d("2027-01-01"))
    assert day_period(d("2028-03-01")).previous() == day_period(d("2028-02-29"))
    fortnight = range_period(d("2026-11-01"), d("2026-11-14"))
    assert fortnight.next() == Period(d("2026-11-15"), d("2026-11-28"), "range")
    assert fortnight.previous() == Period(d("2026-10-18"), d("2026-10-31"), "range")


def test_period_str_is_compact_and_parses_back() -> None:
    assert str(day_period(TODAY)) == "2026-11-25"
    assert str(WEEK_48) == "2026-W48"
    assert str(week_period(NEW_YEAR)) == "2026-W53"
    assert str(week_period(d("2026-01-01"))) == "2026-W01"
    assert str(NOVEMBER_2026) == "2026-11"
    assert str(range_period(d("2026-11-01"), d("2026-11-15"))) == "2026-11-01..2026-11-15"
    assert parse_week(str(WEEK_48), TODAY) == WEEK_48
    assert parse_month(str(NOVEMBER_2026), TODAY) == NOVEMBER_2026
    assert parse_date(str(day_period(TODAY)), TODAY) == TODAY


# --- display ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "fr", "en"),
    [
        ("2026-11-24", "mardi 24 novembre 2026", "Tuesday 24 November 2026"),
        ("2026-11-01", "dimanche 1er novembre 2026", "Sunday 1 November 2026"),
        ("2028-02-29", "mardi 29 février 2028", "Tuesday 29 February 2028"),
        ("2026-08-15", "samedi 15 août 2026", "Saturday 15 August 2026"),
    ],
)
def test_format_date_long(day: str, fr: str, en: str) -> None:
    assert plain(format_date_long(d(day), "fr")) == fr
    assert plain(format_date_long(d(day), "en")) == en


def test_a_date_never_splits_across_lines() -> None:
    assert format_date_long(d("2026-11-24"), "fr") == "mardi 24\u00a0novembre\u00a02026"
    assert format_date(d("2026-05-01"), "fr") == "1er\u00a0mai\u00a02026"
    assert format_date(d("2026-05-14"), "en") == "14\u00a0May\u00a02026"
    for day in (d("2026-05-01"), d("2026-05-14"), NEW_YEAR):
        for lang in LANGS:
            assert parse_date(format_date(day, lang), TODAY) == day  # every display form parses back


@pytest.mark.parametrize(
    ("day", "fr", "en"),
    [
        ("2026-11-24", "mar. 24/11", "Tue 24/11"),
        ("2026-03-02", "lun. 02/03", "Mon 02/03"),
        ("2026-11-29", "dim. 29/11", "Sun 29/11"),
    ],
)
def test_format_date_short(day: str, fr: str, en: str) -> None:
    assert format_date_short(d(day), "fr") == fr
    assert format_date_short(d(day), "en") == en


def test_format_month_takes_a_period_a_date_or_a_pair() -> None:
    assert plain(format_month(NOVEMBER_2026, "fr")) == "novembre 2026"
    assert plain(format_month(NOVEMBER_2026, "en")) == "November 2026"
    assert plain(format_month((2026, 12), "fr")) == "décembre 2026"
    assert plain(format_month(d("2027-01-15"), "en")) == "January 2027"


@pytest.mark.parametrize(
    ("period", "fr", "en"),
    [
        (NOVEMBER_2026, "novembre 2026", "November 2026"),
        (
            day_period(d("2026-11-24")),
            "mardi 24 novembre 2026",
            "Tuesday 24 November 2026",
        ),
        (WEEK_48, "semaine du 23 au 29 novembre 2026", "week of 23–29 November 2026"),
        (
            week_period(d("2026-06-03")),
            "semaine du 1er au 7 juin 2026",
            "week of 1–7 June 2026",
        ),
        (
            week_period(d("2026-12-01")),
            "semaine du 30 novembre au 6 décembre 2026",
            "week of 30 November – 6 December 2026",
        ),
        (
            week_period(NEW_YEAR),
            "semaine du 28 décembre 2026 au 3 janvier 2027",
            "week of 28 December 2026 – 3 January 2027",
        ),
        (
            range_period(d("2026-11-01"), d("2026-11-15")),
            "du 1er au 15 novembre 2026",
            "from 1 to 15 November 2026",
        ),
        (
            range_period(d("2026-10-20"), d("2026-11-03")),
            "du 20 octobre au 3 novembre 2026",
            "from 20 October to 3 November 2026",
        ),
        (
            range_period(d("2026-12-15"), d("2027-01-15")),
            "du 15 décembre 2026 au 15 janvier 2027",
            "from 15 December 2026 to 15 January 2027",
        ),
        (range_period(TODAY, TODAY), "mercredi 25 novembre 2026", "Wednesday 25 November 2026"),
    ],
)
def test_format_period(period: Period, fr: str, en: str) -> None:
    assert plain(format_period(period, "fr")) == fr
    assert plain(format_period(period, "en")) == en


# --- error messages ---------------------------------------------------------------------------

ERROR_CASES = [
    (lambda: parse_date("31/02/2026", TODAY), "31/02/2026"),
    (lambda: parse_date("demain", TODAY), "demain"),
    (lambda: parse_date("1850-01-01", TODAY), "1850-01-01"),
    (lambda: parse_date("lundi 24/11/2026", TODAY), "lundi 24/11/2026"),
    (lambda: parse_duration("1h75"), "1h75"),
    (lambda: parse_duration("25h"), "25h"),
    (lambda: parse_duration("0.01h"), "0.01h"),
    (lambda: parse_month("13/2026", TODAY), "13/2026"),
    (lambda: parse_week("2025-W53", TODAY), "2025-W53"),
    (lambda: range_period(d("2026-11-15"), d("2026-11-01")), ("15 novembre 2026", "15 November 2026")),
    (lambda: range_period(d("2000-01-01"), d("2026-11-01")), ("1er janvier 2000", "1 January 2000")),
    (lambda: ensure_not_future(d("2026-11-30"), TODAY), ("30 novembre 2026", "30 November 2026")),
]


@pytest.mark.parametrize(("call", "shown"), ERROR_CASES)
@pytest.mark.parametrize("lang", LANGS)
def test_errors_render_in_both_languages_and_name_the_value(call, shown: str, lang: str) -> None:
    with pytest.raises(CoachError) as caught:
        call()
    message = plain(render_error(caught.value, lang))
    assert caught.value.key in strings(), caught.value.key
    assert (shown[LANGS.index(lang)] if isinstance(shown, tuple) else shown) in message
    assert "{" not in message and "@dates" not in message  # every placeholder filled


def test_error_messages_differ_by_language_and_list_the_accepted_forms() -> None:
    with pytest.raises(CoachError) as caught:
        parse_date("demain", TODAY)
    fr, en = render_error(caught.value, "fr"), render_error(caught.value, "en")
    assert fr != en
    assert "«\u202fdemain\u202f»" in fr and "avant-hier" in fr and "lundi dernier" in fr
    assert "“demain”" in en and "yesterday" in en and "last monday" in en
    with pytest.raises(CoachError) as caught:
        parse_duration("25h")
    assert "24 heures" in render_error(caught.value, "fr")


def test_shown_value_is_short_and_printable() -> None:
    with pytest.raises(CoachError) as caught:
        parse_date("x" * 100_000, TODAY)
    shown = caught.value.params["value"]
    assert isinstance(shown, str) and len(shown) <= 41 and shown.endswith("…")
    with pytest.raises(CoachError) as caught:
        parse_date("hi\x1b[31mer", TODAY)
    assert "\x1b" not in caught.value.params["value"]
    with pytest.raises(CoachError) as caught:
        parse_date(None, TODAY)  # type: ignore[arg-type]
    assert caught.value.params["value"] == "None"


def test_every_dates_string_is_used_consistently() -> None:
    catalogue = {key: value for key, value in strings().items() if key.startswith("dates.")}
    for name in dates.WEEKDAY_IDS:
        assert f"dates.weekday.{name}" in catalogue
        assert f"dates.weekday_short.{name}" in catalogue
    for name in dates.MONTH_IDS:
        assert f"dates.month.{name}" in catalogue
    for key, texts in catalogue.items():
        fields = {lang: set(re.findall(r"\{(\w+)\}", texts[lang])) for lang in LANGS}
        assert fields["fr"] == fields["en"], key
    source = Path(dates.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'"(dates\.[a-z_.]+[a-z])"', source))
    used |= {f"dates.errors.{k}" for k in re.findall(r'_refuse\("([a-z_]+)"', source)}
    used |= {f"dates.expected_{k}" for k in ("date", "duration", "month", "week")}
    missing = {key for key in used if key not in catalogue}
    assert not missing


# --- properties -------------------------------------------------------------------------------

ANY_DATE = st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 12, 31))
GRAMMAR_TEXT = st.text(alphabet=string.digits + "/-.:,' hHmMwW" + "abcdefijlmnorstuvé’", max_size=30)
ANYTHING = st.one_of(
    st.text(),
    st.text(max_size=200),
    GRAMMAR_TEXT,
    st.none(),
    st.integers(),
    st.floats(),
    st.binary(),
)
PARSERS = {
    "date": lambda value: parse_date(value, TODAY),
    "duration": parse_duration,
    "month": lambda value: parse_month(value, TODAY),
    "week": lambda value: parse_week(value, TODAY),
}


@pytest.mark.parametrize("name", PARSERS)
@given(value=ANYTHING)
def test_parsers_return_a_value_or_raise_coach_error_only(name: str, value: object) -> None:
    try:
        result = PARSERS[name](value)
    except CoachError as error:
        assert error.key.startswith("dates.errors.")
        for lang in LANGS:
            assert render_error(error, lang)
    else:
        assert isinstance(result, int | date | Period)
        if isinstance(result, int):
            assert 1 <= result <= 1440
        if isinstance(result, Period):
            assert date(1970, 1, 1) <= result.end and result.start <= date(2101, 1, 3)


@given(ANY_DATE)
def test_iso_and_day_first_dates_parse_back(day: date) -> None:
    assert parse_date(day.isoformat(), TODAY) == day
    assert parse_date(day.strftime("%d/%m/%Y"), TODAY) == day
    assert parse_date(day.strftime("%d-%m-%Y"), TODAY) == day
    assert parse_date(day.strftime("%d.%m.%Y"), TODAY) == day


@given(ANY_DATE, st.sampled_from(LANGS))
def test_long_and_short_display_forms_parse_back(day: date, lang: str) -> None:
    assert parse_date(format_date_long(day, lang), TODAY) == day
    assert parse_date(format_date_short(day, lang), day) == day  # short form: current year


@given(ANY_DATE)
def test_weekday_names_point_to_the_last_seven_days(today: date) -> None:
    for name in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"):
        found = parse_date(name, today)
        assert 0 <= (today - found).days <= 6
        last = parse_date(f"{name} dernier", today)
        assert 1 <= (today - last).days <= 7
        assert found.weekday() == last.weekday()


@given(ANY_DATE)
def test_periods_contain_their_day_and_step_without_gaps(day: date) -> None:
    for period in (day_period(day), week_period(day), month_period(day.year, day.month)):
        assert day in period
        assert (period.next().start - period.end).days == 1
        assert (period.start - period.previous().end).days == 1
        assert period.next().previous() == period
        assert period.next().kind == period.kind
    assert parse_week(str(week_period(day)), TODAY) == week_period(day)


# --- import hygiene ---------------------------------------------------------------------------


def test_module_import_stays_cheap() -> None:
    code = (
        "import sys, cm_coach.core.dates; "
        "heavy = [m for m in ('dateutil.parser', 'textual', 'dateutil.tz') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],  # "-c" puts the checkout on sys.path
    )
    assert result.stdout.strip() == ""
