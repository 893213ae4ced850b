"""Storage on real files: schema version, migrations from a v1 file, WAL, privacy."""

from __future__ import annotations

import shutil
import sqlite3
import stat

import pytest

from cm_coach.store import db as store_db
from cm_coach.store.db import CURRENT_SCHEMA_VERSION, connect
from cm_coach.store.schema import SCHEMA_VERSION, migrations
from tests.conftest import table_rows

FIXTURES = __import__("pathlib").Path(__file__).parent / "data"


def test_schema_version_constants_agree():
    assert CURRENT_SCHEMA_VERSION == SCHEMA_VERSION == len(migrations._migrations)


def test_new_database_is_current_private_and_wal(tmp_path):
    path = tmp_path / "sub" / "new.db"
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    conn.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_v1_file_is_upgraded_after_a_backup(tmp_path):
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURES / "journal-v1.db", path)
    path.chmod(0o600)
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == ["m001_foundation", "m002_boundaries_and_coaching", "m003_people_timer_corrections"]
    conn.close()
    entries = table_rows(path, "entries")
    assert [(e["uid"], e["task"], e["minutes"], e["verdict"]) for e in entries] == [
        ("e-v1-1", "répondre aux commentaires", 45, "unsure"),
        ("e-v1-2", "boost du post de lundi", 30, "unsure"),
    ]
    assert table_rows(path, "missions")[0]["agreed"] == ""
    assert table_rows(path, "checkins")[0]["answer"] == "Une réponse de la v1"
    backups = list((tmp_path / "backups").glob("*pre-migration-v1*.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 2
    old.close()
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURES / "journal-v1.db", path)
    step = next(m for m in migrations._migrations if m.name == "m002_boundaries_and_coaching")
    original = step.fn

    def broken(db):
        original(db)
        raise RuntimeError("power cut")

    monkeypatch.setattr(step, "fn", broken)
    with pytest.raises(RuntimeError):
        connect(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [row[1] for row in conn.execute("PRAGMA table_info(entries)")]
    assert "verdict" not in columns
    conn.close()


def test_transaction_is_all_or_nothing(tmp_path):
    conn = connect(tmp_path / "j.db")
    try:
        with store_db.transaction(conn):
            conn.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
            raise ValueError("boom")
    except ValueError:
        pass
    assert conn.execute("SELECT COUNT(*) FROM settings").fetchone()[0] == 0


def _v2_journal(path):
    """A journal as cm-coach 2 left it: the first two migrations only."""
    from sqlite_utils import Database

    from cm_coach.store.schema import migrations

    db = Database(path)
    migrations.apply(db, stop_before="m003_people_timer_corrections")
    db.close()


def test_v2_names_that_differ_only_by_unicode_case_are_kept_apart_and_followers_dated(tmp_path):
    path = tmp_path / "journal.db"
    _v2_journal(path)
    raw = sqlite3.connect(path)
    raw.executemany(
        "INSERT INTO missions (uid, name, kind, start, followers, agreed) VALUES (?, ?, 'freelance', ?, ?, '')",
        [("a", "Éclair", "2026-03-04", 1200), ("b", "éclair", None, None), ("c", "Straße", None, None)],
    )
    raw.commit()
    raw.close()
    conn = connect(path)
    names = [row[0] for row in conn.execute("SELECT name FROM missions ORDER BY id")]
    assert names == ["Éclair", "éclair (2)", "Straße"]
    figures = conn.execute("SELECT month, followers FROM mission_figures").fetchall()
    assert [tuple(row) for row in figures] == [("2026-03", 1200)]
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO missions (uid, name, name_key, kind) VALUES ('d', 'STRASSE', 'strasse', 'freelance')"
        )
    conn.close()
