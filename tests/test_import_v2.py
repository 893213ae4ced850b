"""The JSON format, version 2: every table of the journal travels, version 1 files are still
read, the import applies the app's own rules, and records that differ are reported.

Before: the format carried six of the journal's fourteen tables, an import accepted values
the app would refuse (``"nan"`` targets, year 1, ESC sequences, tabs in names) and then
broke ``stats``, the exports or the app, and a record present on both sides with other
values was silently kept as the journal had it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import table_rows
from tests.test_export_fixture import EXPECTED, build_journal


@pytest.fixture
def exported(cli, db_path, monkeypatch, tmp_path) -> Path:
    build_journal(db_path, monkeypatch)
    target = tmp_path / "sauvegarde.json"
    assert cli("export", "--all", "--format", "json", "-o", str(target)).code == 0
    return target


def _write(tmp_path: Path, document: dict, name: str = "edited.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_version_1_file_is_still_read(cli, tmp_path):
    """The October export as version 1 wrote it: imported whole, and exported again in
    version 2 with the same values (the new fields empty)."""
    fresh = tmp_path / "fresh.db"
    result = cli("import", str(EXPECTED / "october.v1.json"), db=fresh)
    assert result.code == 0, result.err
    old = json.loads((EXPECTED / "october.v1.json").read_text(encoding="utf-8"))
    new = json.loads(cli("export", "--month", "2026-10", "-f", "json", db=fresh).out)
    assert new["version"] == 2
    for table in ("missions", "entries", "checkins", "plan_items", "assessments"):
        assert [{key: record[key] for key in old[table][0]} for record in new[table]] == old[table], table
    assert new["settings"] == old["settings"]
    assert all(record["prompt_text"] is None for record in new["checkins"])


def test_every_table_travels(cli, db_path, tmp_path):
    """People, their missions and exchanges, follow-ups, ideas, figures, weekly reviews and
    corrections: exported, imported into an empty journal, exported again identically."""
    import sqlite3

    assert cli("missions", "add", "Boulangerie").code == 0
    assert cli("log", "répondre aux commentaires", "-d", "30", "-m", "Boulangerie").code == 0
    conn = sqlite3.connect(db_path)
    conn.executescript(
        """
        INSERT INTO people (uid, name, name_key, platform, tags) VALUES ('p1', 'Léa', 'léa', 'Instagram', 'member');
        INSERT INTO person_missions (person_id, mission_id) VALUES (1, 1);
        INSERT INTO entry_people (entry_id, person_id) VALUES (1, 1);
        INSERT INTO follow_ups (uid, person_id, text, due) VALUES ('f1', 1, 'lui répondre', '2026-11-30');
        INSERT INTO ideas (uid, date, text, person_id, mission_id, entry_id)
            VALUES ('i1', '2026-11-20', 'un live avec Léa', 1, 1, 1);
        INSERT INTO mission_figures (mission_id, month, followers, interacting) VALUES (1, '2026-11', 1200, 80);
        INSERT INTO weekly_reviews (week, answer) VALUES ('2026-11-23', 'une bonne semaine');
        INSERT INTO corrections (uid, text, text_key, verdict, activity)
            VALUES ('c1', 'répondre aux avis', 'repondre avis', 'inside', 'dialogue');
        UPDATE missions SET rate = 450.0, rate_unit = 'day';
        """
    )
    conn.commit()
    conn.close()
    first = cli("export", "--all", "-f", "json").out
    data = json.loads(first)
    for table in (
        "people",
        "person_missions",
        "entry_people",
        "follow_ups",
        "ideas",
        "mission_figures",
        "weekly_reviews",
        "corrections",
    ):
        assert len(data[table]) == 1, table
    assert data["person_missions"] == [{"person": "p1", "mission": data["missions"][0]["uid"]}]
    assert data["ideas"][0]["entry"] == data["entries"][0]["uid"]
    fresh = tmp_path / "fresh.db"
    path = tmp_path / "all.json"
    path.write_text(first, encoding="utf-8")
    assert cli("import", str(path), db=fresh).code == 0
    assert cli("export", "--all", "-f", "json", db=fresh).out == first
    timer = sqlite3.connect(fresh)
    assert timer.execute("SELECT count(*) FROM timer").fetchone()[0] == 0
    timer.close()


def test_a_scoped_export_carries_the_people_its_records_mention(cli, db_path):
    import sqlite3

    assert cli("log", "répondre aux commentaires", "-d", "30", "--date", "2026-10-05").code == 0
    assert cli("log", "animer le live", "-d", "30", "--date", "2026-11-05").code == 0
    conn = sqlite3.connect(db_path)
    conn.executescript(
        """
        INSERT INTO people (uid, name, name_key) VALUES ('p1', 'Léa', 'léa'), ('p2', 'Marc', 'marc');
        INSERT INTO entry_people (entry_id, person_id) VALUES (1, 1), (2, 2);
        INSERT INTO ideas (uid, date, text, entry_id) VALUES ('i1', '2026-10-06', 'idée', 2);
        """
    )
    conn.commit()
    conn.close()
    october = json.loads(cli("export", "--month", "2026-10", "-f", "json").out)
    assert [p["uid"] for p in october["people"]] == ["p1"]
    assert october["ideas"][0]["entry"] is None  # the entry it names lies outside October


BAD = [
    ("nan_target", ["settings", "dialogue_target"], "nan", "settings.dialogue_target"),
    ("inf_target", ["settings", "dialogue_target"], "inf", "settings.dialogue_target"),
    ("year_1", ["entries", 0, "date"], "0001-01-01", "entries[0].date"),
    ("year_9999", ["missions", 0, "start"], "9999-12-31", "missions[0].start"),
    ("esc_in_task", ["entries", 1, "task"], "\x1b]0;pwned\x07", "entries[1].task"),
    ("clear_screen", ["checkins", 0, "answer"], "\x1b[2J", "checkins[0].answer"),
    ("bidi_name", ["missions", 1, "name"], "\u202egnp.exe", "missions[1].name"),
    ("zero_width", ["missions", 0, "client"], "Ac\u200bme", "missions[0].client"),
    ("lone_surrogate", ["entries", 0, "matched"], "\ud800", "entries[0].matched"),
    ("end_before_start", ["missions", 0, "end"], "2026-01-01", "missions[0].end"),
    ("reversed_period", ["assessments", 0, "period_end"], "2026-01-01", "assessments[0].period_end"),
    ("esc_setting_key", ["settings", "x\x1b[2J"], "1", "settings"),
]


@pytest.mark.parametrize(("name", "path", "value", "place"), BAD, ids=[b[0] for b in BAD])
def test_values_the_app_would_refuse_are_refused_with_their_place(
    cli, exported, tmp_path, name, path, value, place
):
    document = json.loads(exported.read_text(encoding="utf-8"))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    raw = json.dumps(document, ensure_ascii=True)  # a lone surrogate survives only as an escape
    broken = tmp_path / "broken.json"
    broken.write_text(raw, encoding="utf-8")
    other = tmp_path / "other.db"
    result = cli("import", str(broken), db=other)
    assert result.code == 2, result.out
    assert place in result.err
    assert "Rien n’a été importé" in result.err or "Rien n'a été importé" in result.err
    assert "\x1b" not in result.err and "\u202e" not in result.err
    assert table_rows(other, "entries") == [] if other.exists() else True


def test_values_are_read_as_the_app_would_store_them(cli, exported, tmp_path):
    """A name with a tab or doubled spaces, an assessment without a period: stored the
    app's way, so that every command can show them and the name can be typed again."""
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["missions"][0]["name"] = "Acme\t|  #1 "
    document["assessments"][0]["period_start"] = None
    document["assessments"][0]["period_end"] = None
    other = tmp_path / "other.db"
    assert cli("import", str(_write(tmp_path, document)), db=other).code == 0
    assert table_rows(other, "missions")[0]["name"] == "Acme | #1"
    assessment = table_rows(other, "assessments")[0]
    assert (assessment["period_start"], assessment["period_end"]) == ("2026-09-23", "2026-10-20")
    assert cli("assess", "Acme | #1", "--show", db=other).code == 0


def test_records_that_differ_are_reported_and_the_journals_kept(cli, exported, db_path, tmp_path):
    """Issue #14, point 4: same uid, other values → listed; the journal's stay, unless
    --prefer-file, which takes the file's (a backup is made first either way)."""
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["entries"][0]["minutes"] = 50
    document["entries"][1]["task"] = "répondre aux messages privés et aux mentions"
    document["settings"]["dialogue_target"] = "0.5"
    document["assessments"][0]["answers"][0]["score"] = 3
    edited = _write(tmp_path, document)
    kept = cli("--lang", "en", "import", str(edited))
    assert kept.code == 0, kept.err
    assert "In both with other values: 4" in kept.out
    first_uid = document["entries"][0]["uid"]
    assert f"{first_uid}: minutes" in kept.out
    assert "settings dialogue_target: value" in kept.out
    assert "answers" in kept.out
    entries = {row["uid"]: row for row in table_rows(db_path, "entries")}
    assert entries[first_uid]["minutes"] == 45
    taken = cli("--lang", "en", "import", str(edited), "--prefer-file")
    assert taken.code == 0, taken.err
    assert "The file’s values replaced the journal’s" in taken.out
    entries = {row["uid"]: row for row in table_rows(db_path, "entries")}
    assert entries[first_uid]["minutes"] == 50
    assert entries[document["entries"][1]["uid"]]["task"] == "répondre aux messages privés et aux mentions"
    assert table_rows(db_path, "settings") == [{"key": "dialogue_target", "value": "0.5"}]
    assert table_rows(db_path, "assessment_answers")[0]["score"] == 3
    again = cli("--lang", "en", "import", str(edited))
    assert "other values" not in again.out  # now the same on both sides
    assert len(list((tmp_path / "backups").glob("*-pre-import.db"))) == 3


def test_prefer_file_never_gives_two_missions_one_name(cli, exported, db_path, tmp_path):
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["missions"][0]["name"] = document["missions"][1]["name"]  # uid-0001 takes uid-0002's name
    document["missions"][1]["name"] = "Autre"
    result = cli("import", str(_write(tmp_path, document)), "--prefer-file")
    assert result.code == 2
    assert "Rien n’a été importé" in result.err
    assert sorted(row["name"] for row in table_rows(db_path, "missions")) == ["Acme | #1", "Café `Noir`"]
