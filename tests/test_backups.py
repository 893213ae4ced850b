"""Backups on real files: daily on first use, kept 14 days, manual, listed, restored."""

from __future__ import annotations

import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from cm_coach.paths import backups_dir
from cm_coach.store import backups, copies
from cm_coach.store.db import connect
from tests.conftest import table_rows


def _tasks(path: Path) -> list[str]:
    return [row["task"] for row in table_rows(path, "entries")]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_first_opening_of_the_day_makes_one_private_daily_copy(cli, db_path):
    assert cli("log", "répondre aux commentaires", "-d", "20").code == 0
    folder = backups_dir(db_path)
    assert not folder.exists(), "a journal created today has nothing to back up yet"
    assert cli("log", "animer le live", "-d", "30").code == 0
    daily = list(folder.glob("*-daily.db"))
    assert len(daily) == 1
    assert _mode(daily[0]) == 0o600
    assert _mode(folder) == 0o700
    assert _tasks(daily[0]) == ["répondre aux commentaires"], "the copy is the state before today's work"
    assert cli("log", "modérer", "-d", "10").code == 0
    assert list(folder.glob("*-daily.db")) == daily, "one daily copy per day"
    assert not list(folder.glob(".*")), "no partial file left behind"


def test_daily_copy_is_a_self_contained_file(cli, db_path):
    cli("log", "répondre", "-d", "20")
    cli("log", "répondre encore", "-d", "20")
    (daily,) = backups_dir(db_path).glob("*-daily.db")
    conn = sqlite3.connect(daily)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_keeps_last_14_daily_and_every_other_copy(db_path):
    conn = connect(db_path)
    try:
        start = date(2026, 1, 1)
        for offset in range(20):
            copies.ensure_daily_backup(conn, db_path, today=start + timedelta(days=offset))
        pre = backups.make_backup(conn, db_path, reason="pre-migration-v1")
        imp = backups.make_backup(conn, db_path, reason="pre-import")
        copies.ensure_daily_backup(conn, db_path, today=start + timedelta(days=25))
    finally:
        conn.close()
    listed = copies.list_backups(db_path)
    daily = sorted(item.path.name for item in listed if item.reason == "daily")
    assert len(daily) == 14
    assert daily[0].endswith("20260108-daily.db") and daily[-1].endswith("20260126-daily.db")
    assert pre.exists() and imp.exists()
    assert {item.reason for item in listed} >= {"pre-migration-v1", "pre-import"}


def test_list_ignores_other_journals_and_foreign_files(db_path, tmp_path):
    other = tmp_path / "journal-old.db"
    for path in (db_path, other):
        conn = connect(path)
        backups.make_backup(conn, path)
        conn.close()
    (backups_dir(db_path) / "notes.txt").write_text("x")
    assert [item.path.parent for item in copies.list_backups(db_path)] == [backups_dir(db_path)]
    names = [item.path.name for item in copies.list_backups(db_path)]
    assert all(name.startswith("journal.db-2") for name in names)


def test_manual_backup_and_list_commands(cli, db_path):
    cli("missions", "add", "Boulangerie")
    made = cli("backup")
    assert made.code == 0, made.err
    listed = cli("backup", "--list")
    assert listed.code == 0
    assert "manuelle" in listed.out
    (copy,) = backups_dir(db_path).glob("*-manual.db")
    assert copy.name in listed.out
    assert _mode(copy) == 0o600
    english = cli("--lang", "en", "backup", "--list")
    assert "manual" in english.out


def test_backup_of_missing_journal_is_a_clean_error(cli, db_path):
    result = cli("backup")
    assert result.code == 2
    assert "n'existe pas" in result.err
    assert not db_path.exists()


def test_list_works_even_when_the_journal_is_damaged(cli, db_path):
    cli("log", "répondre", "-d", "20")
    cli("backup")
    db_path.write_bytes(b"garbage" * 200)
    listed = cli("backup", "--list")
    assert listed.code == 0
    assert "manual" in listed.out


def test_restore_brings_back_the_old_state_and_keeps_the_current_one(cli, db_path):
    cli("log", "répondre aux commentaires", "-d", "20")
    cli("backup")
    (copy,) = backups_dir(db_path).glob("*-manual.db")
    cli("log", "faire la compta du client", "-d", "60")
    assert len(_tasks(db_path)) == 2
    restored = cli("backup", "--restore", copy.name)
    assert restored.code == 0, restored.err
    assert _tasks(db_path) == ["répondre aux commentaires"]
    (before,) = backups_dir(db_path).glob("*-pre-restore.db")
    assert len(_tasks(before)) == 2
    assert _mode(before) == 0o600
    assert before.name in restored.out
    # and back again: nothing is ever lost
    assert cli("backup", "--restore", str(before)).code == 0
    assert len(_tasks(db_path)) == 2


def test_restore_over_a_damaged_journal_keeps_the_damaged_bytes(cli, db_path):
    cli("log", "répondre", "-d", "20")
    cli("backup")
    (copy,) = backups_dir(db_path).glob("*-manual.db")
    damaged = b"not a database at all" * 100
    cli("--version")
    db_path.write_bytes(damaged)
    assert cli("entries").code == 2
    result = cli("backup", "--restore", copy.name)
    assert result.code == 0, result.err
    assert _tasks(db_path) == ["répondre"]
    (kept,) = backups_dir(db_path).glob("*-pre-restore-damaged.db")
    assert kept.read_bytes() == damaged
    assert _mode(kept) == 0o600
    assert _mode(db_path) == 0o600


def test_restore_while_another_connection_is_open(cli, db_path):
    cli("log", "répondre", "-d", "20")
    cli("backup")
    (copy,) = backups_dir(db_path).glob("*-manual.db")
    cli("log", "modérer", "-d", "20")
    other = connect(db_path)  # a TUI left open
    try:
        assert cli("backup", "--restore", copy.name).code == 0
        assert [r["task"] for r in other.execute("SELECT task FROM entries")] == ["répondre"]
    finally:
        other.close()


@pytest.mark.parametrize("content", [b"", b"hello" * 300, b"SQLite format 3\x00" + b"\x00" * 100])
def test_restore_refuses_a_file_that_is_not_a_backup(cli, db_path, tmp_path, content):
    cli("log", "répondre", "-d", "20")
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(content)
    before = db_path.read_bytes()
    result = cli("backup", "--restore", str(bogus))
    assert result.code == 2
    assert "Traceback" not in result.err
    assert db_path.read_bytes() == before
    assert not list(backups_dir(db_path).glob("*-pre-restore*.db")) if backups_dir(db_path).exists() else True


def test_restore_unknown_file(cli):
    result = cli("backup", "--restore", "nope.db")
    assert result.code == 2
    assert "cm-coach backup --list" in result.err


def test_restore_of_an_older_schema_migrates_it(cli, db_path, tmp_path):
    from sqlite_utils import Database

    from cm_coach.store.schema import migrations

    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    migrations.apply(Database(conn), stop_before="m002_boundaries_and_coaching")
    conn.execute(
        "INSERT INTO entries (uid, date, task, minutes, activity)"
        " VALUES ('u1', '2020-01-01', 'vieux', 5, 'dialogue')"
    )
    conn.commit()
    conn.close()
    cli("log", "répondre", "-d", "20")
    assert cli("backup", "--restore", str(old)).code == 0
    rows = table_rows(db_path, "entries")
    assert [r["task"] for r in rows] == ["vieux"]
    assert rows[0]["verdict"] == "unsure"


def test_daily_backup_failure_never_blocks_the_journal(cli, db_path):
    cli("log", "répondre", "-d", "20")
    folder = backups_dir(db_path)
    folder.write_text("a file where the folder should be")
    result = cli("log", "modérer", "-d", "20")
    assert result.code == 0, result.err
    assert len(_tasks(db_path)) == 2


def test_list_and_restore_together_is_refused(cli):
    result = cli("backup", "--list", "--restore", "x.db")
    assert result.code == 2


def test_restore_with_an_impossible_name(cli):
    result = cli("backup", "--restore", "x" * 100_000)
    assert result.code == 2
    assert "cm-coach backup --list" in result.err


def test_threads_opening_the_journal_together_make_one_whole_daily_copy(db_path, caplog):
    """The app's workers open the journal at the same moment on the day's first start."""
    import threading

    connect(db_path).close()
    day = date(2026, 3, 2)
    made: list[Path | None] = []
    start = threading.Barrier(4)

    def open_and_back_up() -> None:
        conn = connect(db_path)
        try:
            start.wait()
            made.append(copies.ensure_daily_backup(conn, db_path, today=day))
        finally:
            conn.close()

    threads = [threading.Thread(target=open_and_back_up) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(path is not None for path in made) == 1
    assert "skipped" not in caplog.text
    (daily,) = backups_dir(db_path).glob("*-20260302-daily.db")
    copy = sqlite3.connect(daily)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        copy.close()
    assert not list(backups_dir(db_path).glob(".*partial"))
