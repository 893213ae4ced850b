"""Fixing any day: ``entries edit``, ``entries delete`` and ``entries undo`` (the way back),
plus the smaller command-line fixes of the same round (``--db``, ``--agreed``, activity names)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cm_coach.core.entries import delete_entry, edit_entry, log_entry, restore_entry
from cm_coach.core.undo import undo_last
from cm_coach.errors import CoachError
from cm_coach.store.db import connect
from tests.conftest import table_rows


@pytest.fixture
def logged(cli):
    assert cli("missions", "add", "Boulangerie Dupont").code == 0
    assert cli("log", "répondre aux commentaires", "-d", "45", "-m", "Boulangerie Dupont").code == 0
    assert cli("log", "modérer le forum", "-d", "30", "--date", "hier").code == 0


def test_edit_any_field_of_a_past_entry(cli, db_path, logged):
    result = cli(
        "entries",
        "edit",
        "2",
        "--date",
        "2026-11-20",
        "-d",
        "1h15",
        "-a",
        "dialogue",
        "-m",
        "boulangerie dupont",
    )
    assert result.code == 0, result.err
    assert "entries undo" in result.out
    row = table_rows(db_path, "entries")[1]
    assert (row["date"], row["minutes"], row["activity"], row["mission_id"]) == (
        "2026-11-20",
        75,
        "dialogue",
        1,
    )
    assert cli("entries", "edit", "2", "--no-mission", "--task", "animer le forum", "--people", "3").code == 0
    row = table_rows(db_path, "entries")[1]
    assert (row["mission_id"], row["task"], row["people"]) == (None, "animer le forum", 3)


def test_edit_refuses_bad_input_and_writes_nothing(cli, db_path, logged):
    before = table_rows(db_path, "entries")
    for args in (
        ["entries", "edit", "2"],
        ["entries", "edit", "99", "-d", "10"],
        ["entries", "edit", "deux", "-d", "10"],
        ["entries", "edit", "2", "-d", "25h"],
        ["entries", "edit", "2", "-m", "inconnue"],
        ["entries", "edit", "2", "-a", "cuisine"],
    ):
        assert cli(*args).code == 2, args
    assert table_rows(db_path, "entries") == before
    assert table_rows(db_path, "entry_undo") == []


def test_delete_then_undo_puts_the_entry_back_exactly(cli, db_path, logged):
    before = table_rows(db_path, "entries")
    deleted = cli("entries", "delete", "1")
    assert deleted.code == 0 and "entries undo" in deleted.out
    assert [row["id"] for row in table_rows(db_path, "entries")] == [2]
    undone = cli("entries", "undo")
    assert undone.code == 0, undone.err
    assert table_rows(db_path, "entries") == before


def test_undo_goes_back_one_change_at_a_time(cli, db_path, logged):
    before = table_rows(db_path, "entries")
    cli("entries", "edit", "1", "-d", "2h")
    cli("entries", "edit", "1", "--task", "répondre aux avis Google")
    cli("entries", "delete", "2")
    assert cli("entries", "undo").code == 0
    assert len(table_rows(db_path, "entries")) == 2
    assert cli("entries", "undo").code == 0
    assert table_rows(db_path, "entries")[0]["minutes"] == 120
    assert cli("entries", "undo").code == 0
    assert table_rows(db_path, "entries") == before
    nothing = cli("entries", "undo")
    assert nothing.code == 2 and "Rien à annuler" in nothing.err


def test_undo_keeps_links_to_people_and_plan(db_path):
    conn = connect(db_path)
    entry = log_entry(conn, "live Q&A", 30, day=date(2026, 11, 25)).entry
    conn.execute("INSERT INTO people (uid, name, name_key) VALUES ('p1', 'Léa', 'léa')")
    conn.execute("INSERT INTO entry_people (entry_id, person_id) VALUES (?, 1)", (entry.id,))
    conn.execute(
        "INSERT INTO plan_items (uid, date, position, task, decision, entry_id)"
        " VALUES ('u1', '2026-11-25', 0, 'live Q&A', 'keep', ?)",
        (entry.id,),
    )
    conn.commit()
    delete_entry(conn, entry.id)  # the links do not stop the deletion
    assert conn.execute("SELECT count(*) FROM entry_people").fetchone()[0] == 0
    undone = undo_last(conn)
    assert undone.action == "delete" and undone.entry.id == entry.id
    assert [tuple(r) for r in conn.execute("SELECT entry_id, person_id FROM entry_people")] == [(entry.id, 1)]
    assert conn.execute("SELECT entry_id FROM plan_items").fetchone()[0] == entry.id
    conn.close()


def test_a_deletion_put_back_by_the_app_is_not_undone_twice(db_path):
    conn = connect(db_path)
    day = date(2026, 11, 25)
    first = log_entry(conn, "veille", 10, day=day).entry
    second = log_entry(conn, "modérer", 20, day=day).entry
    edit_entry(conn, first.id, minutes=15)
    row = delete_entry(conn, second.id)
    restore_entry(conn, row)  # the app's own undo
    undone = undo_last(conn)  # so the next undo is the edit
    assert (undone.action, undone.entry.minutes) == ("edit", 10)
    with pytest.raises(CoachError):
        undo_last(conn)
    conn.close()


def test_entries_json_lists_ids_for_edit(cli, logged):
    listed = json.loads(cli("entries", "--week", "--json").out)
    assert [item["id"] for item in listed] == [2, 1]


# --- --db, --agreed, activity names --------------------------------------------------------


def test_reading_commands_refuse_a_missing_journal(cli, tmp_path):
    missing = tmp_path / "journl.db"  # mistyped
    for args in (["stats"], ["entries"], ["missions", "list"], ["export", "--month"], ["review"]):
        result = cli(*args, db=missing)
        assert result.code == 2, args
        assert str(missing) in result.err and "--db" in result.err
        assert not missing.exists()


def test_writing_commands_create_the_journal_and_say_so(cli, tmp_path):
    new = tmp_path / "nouveau.db"
    result = cli("missions", "add", "M", db=new)
    assert result.code == 0 and new.exists()
    assert str(new) in result.err
    assert str(new) not in cli("missions", "add", "N", db=new).err  # said once, on creation


def test_agreed_is_repeatable(cli, db_path):
    assert cli("missions", "add", "M", "--agreed", "advertising", "--agreed", "customer_service").code == 0
    assert table_rows(db_path, "missions")[0]["agreed"] == "advertising,customer_service"
    assert cli("missions", "edit", "M", "--agreed", "other").code == 0
    assert table_rows(db_path, "missions")[0]["agreed"] == "other"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("publicité", "advertising"),
        ("service client", "customer_service"),
        ("Service-Client", "customer_service"),
        ("SAV", "customer_service"),
        ("modération", "moderation"),
        ("écoute", "listening"),
        ("Bilans et KPI", "reporting"),
        ("customer_service", "customer_service"),
        ("Customer service", "customer_service"),
    ],
)
def test_activity_names_in_the_users_language(cli, db_path, typed, stored):
    result = cli("log", "une tâche", "-d", "10", "-a", typed)
    assert result.code == 0, result.err
    assert table_rows(db_path, "entries")[0]["activity"] == stored


def test_a_closed_mission_can_be_reopened(cli, db_path):
    cli("missions", "add", "Boulangerie Dupont")
    assert cli("missions", "close", "Boulangerie Dupont", "--date", "2026-11-30").code == 0
    assert table_rows(db_path, "missions")[0]["end"] == "2026-11-30"
    reopened = cli("missions", "reopen", "boulangerie dupont")
    assert reopened.code == 0 and "rouverte" in reopened.out
    assert table_rows(db_path, "missions")[0]["end"] is None
    again = cli("missions", "reopen", "Boulangerie Dupont")  # not closed: "reopened" was false
    assert again.code == 2 and "n’est pas close" in again.err


def test_errors_name_the_app_inside_the_app():
    from cm_coach.core.i18n import render_error

    error = CoachError("errors.unknown_mission", name="Boul", known="Boulangerie Dupont")
    assert "cm-coach missions add" in render_error(error, "fr")
    assert "cm-coach" not in render_error(error, "fr", in_app=True)
    assert "Missions" in render_error(error, "en", in_app=True)
    no_variant = CoachError("errors.task_empty")
    assert render_error(no_variant, "fr", in_app=True) == render_error(no_variant, "fr")
