"""Numbers, percentages, durations and plurals in the reader's language; French typography;
the wrapper that keeps it. A sample is compared with CLDR's data through Babel (a test-only
dependency: the command path never imports it)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date as cldr_date
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit
from hypothesis import given
from hypothesis import strategies as st

from cm_coach.core.content import ContentError, localized
from cm_coach.core.dates import format_date, parse_date, parse_duration
from cm_coach.core.formatting import (
    NBSP,
    NNBSP,
    duration,
    hanging_indent,
    number,
    percent,
    plural_form,
    typeset,
    wrap,
)
from cm_coach.core.i18n import t
from tests.conftest import TODAY as TODAY_TEXT

TODAY = date.fromisoformat(TODAY_TEXT)
NUMBERS = [0, 7, 999, 1000, 2400, 27900, 18000, 123456, 1234567]


@pytest.mark.parametrize("value", NUMBERS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_numbers_are_cldr_numbers(value, lang):
    assert number(value, lang) == format_decimal(value, locale=lang)


def test_numbers_with_decimals():
    assert number(1234.5, "fr", 1) == f"1{NNBSP}234,5"
    assert number(1234.5, "en", 1) == "1,234.5"


@pytest.mark.parametrize("fraction", [0, 0.05, 0.37, 0.5, 1])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_percentages_are_cldr_percentages(fraction, lang):
    assert percent(fraction, lang) == format_percent(fraction, locale=lang)


def test_percentages_with_a_decimal():
    assert percent(0.375, "fr", 1) == f"37,5{NBSP}%"
    assert percent(0.375, "en", 1) == "37.5%"


@pytest.mark.parametrize("minutes", [0, 5, 45, 59])
def test_minutes_are_cldr_units(minutes):
    assert duration(minutes, "fr") == format_unit(minutes, "duration-minute", "short", locale="fr")
    assert duration(minutes, "en") == format_unit(minutes, "duration-minute", "narrow", locale="en")


@pytest.mark.parametrize(
    ("minutes", "fr", "en"),
    [
        (60, f"1{NBSP}h", "1h"),
        (90, f"1{NBSP}h{NBSP}30", f"1h{NBSP}30m"),
        (125, f"2{NBSP}h{NBSP}05", f"2h{NBSP}5m"),
        (2095, f"34{NBSP}h{NBSP}55", f"34h{NBSP}55m"),
    ],
)
def test_hours_read_as_people_write_them(minutes, fr, en):
    assert duration(minutes, "fr") == fr
    assert duration(minutes, "en") == en


@given(st.integers(min_value=1, max_value=24 * 60), st.sampled_from(["fr", "en"]))
def test_a_shown_duration_parses_back(minutes, lang):
    assert parse_duration(duration(minutes, lang)) == minutes


def test_durations_refuse_what_is_not_minutes():
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError):
            duration(bad, "fr")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("count", "fr", "en"), [(0, "one", "other"), (1, "one", "one"), (2, "other", "other")]
)
def test_plural_forms_follow_cldr(count, fr, en):
    assert plural_form(count, "fr") == fr
    assert plural_form(count, "en") == en
    assert plural_form(1_000_000, "en") == "other"


def test_dates_in_sentences_are_cldr_long_dates():
    for day in (parse_date("2026-05-14", TODAY), parse_date("2026-11-25", TODAY)):
        assert format_date(day, "fr").replace(NBSP, " ") == cldr_date(day, "long", locale="fr")
        # English keeps the day first, as the user types dates (and so that it parses back)
        assert format_date(day, "en").replace(NBSP, " ") == cldr_date(day, "d MMMM y", locale="en")


def test_t_picks_the_plural_form_by_count_and_shows_it_as_a_number():
    assert t("cli.entries.total", "fr", count=1, duration="1 h") == "1 entrée, 1 h au total."
    assert t("cli.entries.total", "fr", count=0, duration="0 min") == "0 entrée, 0 min au total."
    assert t("cli.entries.total", "en", count=0, duration="0m") == "0 entries, 0m in all."
    assert t("cli.missions.followers", "fr", count=27900) == f"27{NNBSP}900 abonnés"
    assert t("cli.missions.followers", "en", count=1) == "1 follower"


def test_plural_tables_are_checked_on_load():
    path = Path("strings/x.toml")
    good = localized(
        {"fr": {"one": "{count} jour", "other": "{count} jours"}, "en": "{count} d"}, path, "k", "k"
    )
    assert good["fr"] == {"one": "{count} jour", "other": "{count} jours"}
    for bad in (
        {"fr": {"one": "x"}, "en": "y"},
        {"fr": {"one": "x", "other": "y", "few": "z"}, "en": "y"},
        {"fr": {"one": "x", "other": ""}, "en": "y"},
        {"fr": "x"},
    ):
        with pytest.raises(ContentError):
            localized(bad, path, "k", "k")


TYPESET = [
    ("Bonjour ! Ça va ?", f"Bonjour{NNBSP}! Ça va{NNBSP}?"),
    ("Note : ceci ; cela", f"Note{NBSP}: ceci{NNBSP}; cela"),
    ("une « citation »", f"une «{NNBSP}citation{NNBSP}»"),
    ("objectif de 30 %", f"objectif de 30{NBSP}%"),
    ("vraiment ?!", f"vraiment{NNBSP}?!"),
    ("l'app d'aujourd'hui", "l’app d’aujourd’hui"),
    ("Sur {mission} ?", f"Sur {{mission}}{NNBSP}?"),
    ("(Ctrl+R : pourquoi ?)", f"(Ctrl+R{NBSP}: pourquoi{NNBSP}?)"),
    # not prose: left alone
    ("10:30, 1:30, ?q=1, a:b", "10:30, 1:30, ?q=1, a:b"),
    ("printf 'répondre\\n' | cm-coach check -", "printf 'répondre\\n' | cm-coach check -"),
]


@pytest.mark.parametrize(("text", "expected"), TYPESET)
def test_french_typography(text, expected):
    assert typeset(text, "fr") == expected
    assert typeset(expected, "fr") == expected  # idempotent


def test_english_gets_only_the_apostrophe():
    assert typeset("Today's check-in: done! 'quoted'", "en") == "Today’s check-in: done! 'quoted'"


def test_typography_goes_to_templates_not_to_values():
    shown = t("errors.mission_exists", "fr", name="Dupont ; l'ami !")
    assert "Dupont ; l'ami !" in shown  # the user's own text, as typed
    assert shown.startswith(f"La mission «{NNBSP}")


@pytest.mark.parametrize("width", range(12, 41))  # narrower than a word, it must be cut
def test_wrap_never_starts_a_line_with_french_punctuation(width):
    text = typeset("Qu’est-ce que ta communauté apporte ? Une « vraie » réponse : oui ; 30 % !", "fr")
    lines = wrap(text, width)
    assert all(len(line) <= width for line in lines)
    assert not [line for line in lines if line.lstrip()[:1] in ("?", ":", ";", "!", "»", "%")]
    assert " ".join(lines).replace("  ", " ") == text


def test_wrap_keeps_the_indent_and_hangs_under_a_bullet():
    assert hanging_indent("  • Signal") == 4
    assert hanging_indent("    plain") == 4
    lines = wrap("  • un signal assez long pour aller à la ligne deux fois", 20)
    assert lines[0].startswith("  • ") and all(line.startswith("    ") for line in lines[1:])


def test_wrap_cuts_a_word_longer_than_the_line():
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("", 10) == [""]


def test_durations_shown_to_a_reader_are_in_their_language():
    """``dates.format_duration`` is the compact, language-neutral form (``1h30``): for an input
    field to edit and for JSON. Anything a person reads goes through ``formatting.duration``.
    A new call elsewhere fails here with its place (a branch merged from before this rule)."""
    allowed = {"core/dates.py", "cli/commands/entries.py", "tui/screens/edit_entry.py"}
    root = Path(__file__).resolve().parents[1] / "cm_coach"
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if str(path.relative_to(root)) not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "format_duration(" in line
    ]
    assert not found, found
