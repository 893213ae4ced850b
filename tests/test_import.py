"""``cm-coach import``: everything checked before anything is written, one transaction,
merging by stable ids without duplicates, a backup first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cm_coach.core import importer
from tests.conftest import table_rows
from tests.test_export_fixture import build_journal

TABLES = ("missions", "entries", "checkins", "plan_items", "assessments", "assessment_answers", "settings")


def counts(path: Path) -> dict[str, int]:
    return {table: len(table_rows(path, table)) for table in TABLES}


@pytest.fixture
def exported(cli, db_path, monkeypatch, tmp_path) -> Path:
    build_journal(db_path, monkeypatch)
    target = tmp_path / "sauvegarde.json"
    result = cli("export", "--all", "--format", "json", "-o", str(target))
    assert result.code == 0, result.err
    return target


def test_round_trip_is_byte_identical(cli, exported, tmp_path, db_path):
    fresh = tmp_path / "new.db"
    imported = cli("import", str(exported), db=fresh)
    assert imported.code == 0, imported.err
    assert "Sauvegarde" not in imported.out  # an empty journal has nothing to back up
    again = tmp_path / "again.json"
    assert cli("export", "--all", "--format", "json", "-o", str(again), db=fresh).code == 0
    assert again.read_bytes() == exported.read_bytes()
    assert counts(fresh) == counts(db_path)
    md = [cli("export", "--month", "2026-10", db=db).out for db in (db_path, fresh)]
    assert md[0] == md[1]


def test_importing_twice_adds_nothing_and_backs_up_first(cli, exported, tmp_path):
    fresh = tmp_path / "new.db"
    assert cli("import", str(exported), db=fresh).code == 0
    before = counts(fresh)
    second = cli("import", str(exported), db=fresh)
    assert second.code == 0, second.err
    assert counts(fresh) == before
    assert "nouveaux : 0" in second.out
    backups = list((tmp_path / "backups").glob("new.db-*-pre-import.db"))
    assert len(backups) == 1
    assert len(table_rows(backups[0], "entries")) == before["entries"]


def test_merge_keeps_local_records_and_matches_missions_by_name(cli, exported, tmp_path):
    other = tmp_path / "other.db"
    assert cli("missions", "add", "acme | #1", "--client", "Local", db=other).code == 0
    assert (
        cli("log", "tâche locale", "-d", "30min", "-m", "acme | #1", "--date", "2026-10-01", db=other).code
        == 0
    )
    result = cli("import", str(exported), db=other)
    assert result.code == 0, result.err
    missions = table_rows(other, "missions")
    assert sorted(m["name"] for m in missions) == ["Café `Noir`", "acme | #1"]
    local = next(m for m in missions if m["name"] == "acme | #1")
    assert local["client"] == "Local"
    entries = table_rows(other, "entries")
    assert len(entries) == 10
    assert {e["mission_id"] for e in entries if e["task"] == "répondre aux messages privés"} == {local["id"]}


def test_period_export_merges_into_a_full_journal(cli, db_path, monkeypatch, tmp_path):
    build_journal(db_path, monkeypatch)
    october = tmp_path / "octobre.json"
    assert cli("export", "--month", "2026-10", "-f", "json", "-o", str(october)).code == 0
    before = counts(db_path)
    result = cli("import", str(october))
    assert result.code == 0, result.err
    assert counts(db_path) == before


def _broken(document: dict, change) -> dict:
    copy = json.loads(json.dumps(document))
    change(copy)
    return copy


def _set(path: list, value):
    def change(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


BROKEN = [
    ("minutes_as_text", _set(["entries", 2, "minutes"], "30"), "entries[2].minutes"),
    ("minutes_out_of_range", _set(["entries", 0, "minutes"], 5000), "entries[0].minutes"),
    ("bool_is_not_a_number", _set(["checkins", 0, "energy"], True), "checkins[0].energy"),
    ("bad_date", _set(["entries", 1, "date"], "2026-02-30"), "entries[1].date"),
    ("unknown_activity", _set(["entries", 1, "activity"], "juggling"), "entries[1].activity"),
    ("unknown_mission", _set(["entries", 3, "mission"], "nope"), "entries[3].mission"),
    ("duplicate_uid", _set(["entries", 1, "uid"], "uid-0003"), "entries[1].uid"),
    ("missing_field", lambda d: d["missions"][1].pop("kind"), "missions[1].kind"),
    ("unknown_field", _set(["checkins", 1, "mood"], "ok"), "checkins[1].mood"),
    ("answers_not_list", _set(["assessments", 0, "answers"], {}), "assessments[0].answers"),
    ("score_too_high", _set(["assessments", 0, "answers", 1, "score"], 9), "assessments[0].answers[1].score"),
    ("settings_not_text", _set(["settings", "dialogue_target"], 0.4), "settings.dialogue_target"),
    ("entries_not_list", _set(["entries"], "none"), "entries"),
]


@pytest.mark.parametrize(("name", "change", "place"), BROKEN, ids=[b[0] for b in BROKEN])
def test_invalid_record_is_named_and_nothing_is_written(cli, exported, tmp_path, name, change, place):
    target = tmp_path / "other.db"
    assert cli("missions", "add", "Déjà là", db=target).code == 0
    before = counts(target)
    document = _broken(json.loads(exported.read_text(encoding="utf-8")), change)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = cli("import", str(broken), db=target)
    assert result.code == 2
    assert place in result.err
    assert "Rien n'a été importé" in result.err
    assert counts(target) == before
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").glob("*pre-import*"))


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'{"format": "cm-coach", "version": 1, "missions": [', "ligne 1"),
        (b'{"format": "cm-coach", "version": 7}', "version 7"),
        (b'{"format": "other"}', "export JSON de cm-coach"),
        (b"[" * 100_000 + b"]" * 100_000, "trop profond"),
        (b'{"format": "cm-coach", "version": 1, "x": NaN}', "JSON valide"),
        (b"\xff\xfe{}", "UTF-8"),
        (b"", "JSON valide"),
    ],
    ids=["truncated", "unknown_version", "not_ours", "too_deep", "nan", "not_utf8", "empty"],
)
def test_unreadable_files_are_refused(cli, db_path, tmp_path, content, fragment):
    path = tmp_path / "in.json"
    path.write_bytes(content)
    result = cli("import", str(path))
    assert result.code == 2
    assert fragment in result.err
    assert "Traceback" not in result.err


def test_size_limit_is_checked_before_reading(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "MAX_IMPORT_BYTES", 10)
    path = tmp_path / "big.json"
    path.write_text('{"format": "cm-coach"}')
    result = cli("import", str(path))
    assert result.code == 2
    assert "limité" in result.err


def test_missing_file(cli, tmp_path):
    result = cli("--lang", "en", "import", str(tmp_path / "nope.json"))
    assert result.code == 2
    assert "does not exist" in result.err
