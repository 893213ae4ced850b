"""The prompt of the day: a pure function of the date, varied, never repeated within 30 days,
light at weekends, about one mission's community when asked, about last month once a month."""

from __future__ import annotations

import json
import os
import re
import string
import subprocess
import sys
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from cm_coach.core.content import THREE_WORDS_THEME, prompt_catalogue, read_toml, retired_prompts
from cm_coach.core.prompts import (
    MissionRef,
    community_phrase,
    prompt_for,
    render,
    render_prompt,
    three_words_day,
)
from tests.conftest import table_rows

START = date(2024, 1, 1)
DAYS = [START + timedelta(days=n) for n in range(366 * 10)]
ROOT = Path(__file__).resolve().parents[1]
COVERAGE = ROOT / "docs" / "article-coverage.md"
MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@pytest.fixture(scope="module")
def schedule() -> list:
    return [prompt_for(day, "fr") for day in DAYS]


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _first_day_with(placeholder: str, lang: str = "fr") -> date:
    return next(day for day in DAYS if "{" + placeholder + "}" in prompt_for(day, lang).prompt.text[lang])


# --- the catalogue --------------------------------------------------------------------------


def test_at_least_60_prompts_with_unique_ids():
    raw = read_toml(ROOT / "content" / "prompts.toml")["prompt"]
    ids = [item["id"] for item in raw]
    assert len(ids) >= 60
    assert len(ids) == len(set(ids))
    assert len(prompt_catalogue().prompts) == len(ids)


def test_retired_ids_are_never_reused_and_keep_their_text():
    current = {p.id for p in prompt_catalogue().prompts}
    retired = retired_prompts()
    assert retired and not current & set(retired)
    assert render_prompt("kpis-01", "fr", date(2026, 3, 2)) == retired["kpis-01"]["fr"]
    assert render_prompt("no-such-prompt", "en", date(2026, 3, 2)) is None


def test_every_text_renders_in_both_languages_without_a_leftover_brace():
    missions = (None, MissionRef("Maison Lune", "freelance"), MissionRef("Atelier Brun", "employee"))
    for prompt in prompt_catalogue().prompts:
        for lang in ("fr", "en"):
            for mission in missions:
                text = render(prompt.text[lang], lang, date(2026, 3, 2), mission)
                assert text.strip() and "{" not in text and "}" not in text, (prompt.id, lang)


def test_a_placeholder_never_opens_a_sentence():
    """« ta communauté » would need a capital there: texts are written around it."""
    for prompt in prompt_catalogue().prompts:
        for lang, text in prompt.text.items():
            assert not re.search(r"(^|[.?!…]\s+)\{", text), (prompt.id, lang)


# --- which prompt, which day ----------------------------------------------------------------


def test_no_prompt_comes_back_within_30_days(schedule):
    ids = [daily.prompt.id for daily in schedule]
    for index in range(len(ids)):
        window = ids[index : index + 30]
        assert len(window) == len(set(window)), (DAYS[index], window)


def test_themes_vary_across_every_week(schedule):
    themes = [daily.prompt.theme for daily in schedule]
    for index in range(len(themes) - 7):
        week = themes[index : index + 7]
        assert len(set(week)) >= 6, (DAYS[index], week)
        assert all(a != b for a, b in pairwise(week)), (DAYS[index], week)


def test_weekends_get_the_light_set_and_working_days_the_rest(schedule):
    catalogue = prompt_catalogue()
    weekend_themes = {p.theme for p in catalogue.prompts if p.days == "weekend"}
    working_themes = {p.theme for p in catalogue.prompts if p.days == "weekdays"}
    assert weekend_themes and not weekend_themes & working_themes
    for day, daily in zip(DAYS, schedule, strict=True):
        if day.weekday() >= 5:
            assert daily.prompt.days == "weekend", day
            assert daily.theme_label.startswith("Week-end"), day
        else:
            assert daily.prompt.days == "weekdays", day


def test_every_prompt_is_used_within_a_season(schedule):
    used = {daily.prompt.id for daily in schedule[:250]}
    assert used == {p.id for p in prompt_catalogue().prompts}


def test_three_words_once_a_month_on_an_early_working_day(schedule):
    for year in range(2024, 2034):
        for month in range(1, 13):
            hits = [
                day
                for day, daily in zip(DAYS, schedule, strict=True)
                if (day.year, day.month) == (year, month) and daily.prompt.theme == THREE_WORDS_THEME
            ]
            if (year, month) > (DAYS[-1].year, DAYS[-1].month):
                continue
            assert hits == [three_words_day(year, month)], (year, month, hits)
            day = hits[0]
            assert day.weekday() < 5 and day.day <= 7 and (day.month, day.day) not in {(1, 1), (5, 1)}, day


@pytest.mark.parametrize(
    ("year", "month", "fr", "en"), [(2027, 1, "décembre", "December"), (2026, 9, "août", "August")]
)
def test_three_words_asks_about_last_month(year, month, fr, en):
    day = three_words_day(year, month)
    french, english = prompt_for(day, "fr"), prompt_for(day, "en")
    assert french.prompt.theme == THREE_WORDS_THEME
    assert f"en {fr}" in french.text and MONTHS_FR[month - 1] not in french.text
    assert f"in {en}" in english.text and MONTHS_EN[month - 1] not in english.text


def test_same_date_same_prompt_on_any_machine():
    code = "from datetime import date; from cm_coach.core.prompts import prompt_for; print(prompt_for(date(2026, 12, 2), 'fr').prompt.id)"
    env = {**os.environ, "TZ": "Pacific/Kiritimati", "LANG": "en_US.UTF-8", "PYTHONHASHSEED": "123"}
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert other.stdout.strip() == prompt_for(date(2026, 12, 2), "fr").prompt.id


# --- about one mission ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fr", "en"),
    [
        ("Maison Lune", "la communauté de Maison Lune", "Maison Lune’s community"),
        ("Atelier Brun", "la communauté d’Atelier Brun", "Atelier Brun’s community"),
        ("  Écrin   Vert ", "la communauté d’Écrin Vert", "Écrin Vert’s community"),
        ("Le Petit Four", "la communauté du Petit Four", "Le Petit Four’s community"),
        ("Les Délices", "la communauté des Délices", "Les Délices’ community"),
        ("La Fabrique", "la communauté de La Fabrique", "La Fabrique’s community"),
        ("Yves Rocher", "la communauté d’Yves Rocher", "Yves Rocher’s community"),
        ("YouTube", "la communauté de YouTube", "YouTube’s community"),
        ("Hachette", "la communauté de Hachette", "Hachette’s community"),
        ("IBM", "la communauté d’IBM", "IBM’s community"),
    ],
)
def test_community_names_the_mission_with_french_elision(name, fr, en):
    mission = MissionRef(name)
    assert community_phrase("fr", mission) == fr
    assert community_phrase("en", mission) == en


def test_prompt_about_a_mission_in_both_languages():
    day = _first_day_with("community")
    assert "ta communauté" in prompt_for(day, "fr").text
    assert "your community" in prompt_for(day, "en").text
    about = MissionRef("Atelier Brun", "freelance")
    french, english = prompt_for(day, "fr", mission=about), prompt_for(day, "en", mission=about)
    assert "la communauté d’Atelier Brun" in french.text and "ta communauté" not in french.text
    assert "Atelier Brun’s community" in english.text and "your community" not in english.text
    assert french.prompt.id == prompt_for(day, "fr").prompt.id
    assert french.as_json()["mission"] == "Atelier Brun"
    assert "mission" not in prompt_for(day, "fr").as_json()


@pytest.mark.parametrize(
    ("kind", "fr", "en"),
    [
        ("freelance", "ton client", "your client"),
        ("employee", "ta direction", "your manager"),
        (None, "ton client ou ta direction", "your client or manager"),
    ],
)
def test_client_is_worded_by_the_kind_of_mission(kind, fr, en):
    day = _first_day_with("client")
    mission = MissionRef("Maison Lune", kind) if kind else None
    assert fr in prompt_for(day, "fr", mission=mission).text
    assert en in prompt_for(day, "en", mission=mission).text


def test_a_mission_from_the_journal_fits(tmp_path):
    from cm_coach.core.missions import add_mission
    from cm_coach.store.db import connect

    conn = connect(tmp_path / "j.db")
    try:
        mission = add_mission(conn, "Orée du Bois", kind="employee")
    finally:
        conn.close()
    day = _first_day_with("community")
    assert "la communauté d’Orée du Bois" in prompt_for(day, "fr", mission=mission).text


# --- the command ------------------------------------------------------------------------------


def test_prompt_cli_text_and_json(cli):
    text = cli("prompt")
    assert text.code == 0 and "mercredi 25 novembre 2026" in text.out
    data = json.loads(cli("--lang", "en", "prompt", "--json").raw_out)
    assert data["date"] == "2026-11-25"
    assert data["text"] == prompt_for(date(2026, 11, 25), "en").text
    assert set(data) == {"date", "id", "theme", "text"}
    assert cli("prompt", "--date", "n'importe quand").code == 2


def test_prompt_without_mission_never_opens_the_journal(cli, db_path):
    assert cli("prompt", "--date", "samedi").code == 0
    assert not db_path.exists()


def test_prompt_about_a_mission_from_the_cli(cli, db_path):
    day = _first_day_with("community")
    assert cli("missions", "add", "Atelier Brun", "--kind", "freelance").code == 0
    result = cli("prompt", "--mission", "atelier brun", "--date", day.isoformat())
    assert result.code == 0, result.err
    assert "Atelier Brun" in result.out.splitlines()[0]
    assert "la communauté d’Atelier Brun" in result.raw_out
    data = json.loads(
        cli("--lang", "en", "prompt", "-m", "Atelier Brun", "--date", day.isoformat(), "--json").raw_out
    )
    assert data["mission"] == "Atelier Brun" and "Atelier Brun’s community" in data["text"]
    unknown = cli("prompt", "--mission", "Nulle Part")
    assert unknown.code == 2 and "Nulle Part" in unknown.err and "Atelier Brun" in unknown.err
    assert [m["name"] for m in table_rows(db_path, "missions")] == ["Atelier Brun"]


# --- the article ------------------------------------------------------------------------------


def _coverage_rows() -> dict[str, dict[str, str]]:
    """``idea id → {column title → cell}`` from the table of docs/article-coverage.md."""
    header: list[str] = []
    rows = {}
    for line in COVERAGE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == "Idea":
            header = cells
        elif found := re.fullmatch(r"`([a-z_]+)`", cells[0]):
            rows[found[1]] = dict(zip(header, cells, strict=True))
    return rows


def test_every_prompt_carries_an_idea_of_the_coverage_table():
    rows = _coverage_rows()
    catalogue = prompt_catalogue()
    assert set(rows) == set(catalogue.ideas)
    for prompt in catalogue.prompts:
        assert prompt.ideas and set(prompt.ideas) <= set(rows), prompt.id


def test_coverage_table_lists_exactly_the_prompts_of_each_idea():
    for idea, cells in _coverage_rows().items():
        listed = set(re.findall(r"`([a-z0-9-]+)`", cells["Prompts"]))
        assert listed == {p.id for p in prompt_catalogue().prompts if idea in p.ideas}, idea


def test_coverage_table_names_real_boundaries_signals_and_rubric_questions():
    from cm_coach.core.content import rubric, signal_texts

    known = {
        "Boundaries": {c["id"] for c in read_toml(ROOT / "content" / "boundaries.toml")["category"]},
        "Signals": set(signal_texts()),
        "Rubric": {q.id for q in rubric().questions},
    }
    named = {column: set() for column in known}
    for cells in _coverage_rows().values():
        for column in known:
            named[column] |= set(re.findall(r"`([a-z_]+)`", cells[column]))
    for column, ids in known.items():
        assert named[column] <= ids, (column, sorted(named[column] - ids))
    # every signal and every rubric question carries at least one idea
    assert named["Signals"] == known["Signals"] and named["Rubric"] == known["Rubric"]
