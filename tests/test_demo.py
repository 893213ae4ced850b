"""Demo journals: one language each, and tasks that fit the mission they are logged for."""

from __future__ import annotations

import re
from datetime import date

import pytest

from cm_coach.core.demo import _material, demo_missions, generate
from cm_coach.store.db import connect
from tests.conftest import table_rows

TODAY = date(2026, 11, 25)


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(?:day|topic|n)\}", template)
    return re.compile(".+".join(re.escape(part) for part in parts) + r"\Z")


@pytest.fixture(scope="module")
def journals(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("demo")
    paths = {}
    for lang in ("fr", "en"):
        path = folder / f"{lang}.db"
        conn = connect(path, today=TODAY)
        try:
            generate(conn, years=1, today=TODAY, lang=lang)
        finally:
            conn.close()
        paths[lang] = path
    return paths


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_task_is_one_of_its_missions_own_in_the_journals_language(journals, lang):
    missions = {spec["name"]: spec for spec in demo_missions(lang)}
    names = {row["id"]: row["name"] for row in table_rows(journals[lang], "missions")}
    assert set(names.values()) == set(missions)  # the missions' names are in the language too
    patterns = {
        name: [_pattern(t) for tasks in spec["tasks"].values() for t in tasks]
        for name, spec in missions.items()
    }
    entries = table_rows(journals[lang], "entries")
    assert len(entries) > 1000
    misfits = [
        (names[e["mission_id"]], e["task"])
        for e in entries
        if not any(p.match(e["task"]) for p in patterns[names[e["mission_id"]]])
    ]
    assert not misfits, misfits[:5]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_morning_answers_are_in_the_journals_language(journals, lang):
    answers = _material()["answers"][lang]
    starts = tuple(answers["openings"])
    for row in table_rows(journals[lang], "checkins"):
        assert row["answer"].startswith(starts) or row["answer"] in answers["three_words"], row["answer"]


def test_a_town_hall_does_not_bake():
    town_hall = next(spec for spec in demo_missions("fr") if spec["kind"] == "employee")
    tasks = " ".join(t for ts in town_hall["tasks"].values() for t in ts) + " ".join(town_hall["topics"])
    assert not re.search(r"levain|pain|yoga|reel", tasks)
    for lang in ("fr", "en"):
        other = demo_missions("en" if lang == "fr" else "fr")
        ours = demo_missions(lang)
        assert [m["name"] for m in ours] != [m["name"] for m in other]


def test_the_demo_command_writes_in_the_users_language(cli, tmp_path):
    english = tmp_path / "en.db"
    assert cli("--lang", "en", "demo", db=english).code == 0
    assert "Dupont Bakery" in {row["name"] for row in table_rows(english, "missions")}
    french = tmp_path / "fr.db"
    assert cli("demo", db=french).code == 0
    assert "Boulangerie Dupont" in {row["name"] for row in table_rows(french, "missions")}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_demo_community_speaks_the_journals_language(journals, lang):
    material = _material()["community"][lang]
    follow_ups = [_pattern(text) for text in material["follow_ups"]]
    ideas = [_pattern(text) for text in material["ideas"]]
    texts = [row["text"] for row in table_rows(journals[lang], "follow_ups")]
    assert texts and all(any(p.match(text) for p in follow_ups) for text in texts)
    texts = [row["text"] for row in table_rows(journals[lang], "ideas")]
    assert texts and all(any(p.match(text) for p in ideas) for text in texts)
