"""A new journal gets the current schema in one step (store.fresh): the same as replaying
every migration, and a later migration finds it where the migrations would have left it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from sqlite_utils import Database

from cm_coach.store import fresh, signature
from cm_coach.store.db import CURRENT_SCHEMA_VERSION, connect
from cm_coach.store.schema import MIGRATION_SET, migrations


def layout(conn: sqlite3.Connection) -> list[tuple]:
    """Everything the schema is made of, without where its pages happen to sit."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    return [tuple(row) for row in rows]


def test_a_new_journal_is_laid_out_as_one_migrated_step_by_step(tmp_path):
    stepped = fresh.migrated_step_by_step(tmp_path / "stepped.db")
    made = connect(tmp_path / "new.db")
    try:
        assert layout(made) == layout(stepped)
        assert made.execute("PRAGMA user_version").fetchone()[0] == CURRENT_SCHEMA_VERSION
        recorded = "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id"
        assert [tuple(row) for row in made.execute(recorded)] == stepped.execute(recorded).fetchall()
        assert migrations.pending(Database(made)) == []
        assert signature.problems(made, columns=True) == []
    finally:
        made.close()
        stepped.close()


def test_the_script_is_what_the_migrations_make_now(tmp_path):
    """A new migration fails this until `python -m cm_coach.store.fresh` writes the script again."""
    stepped = fresh.migrated_step_by_step(tmp_path / "stepped.db")
    try:
        assert fresh.SCRIPT.read_text(encoding="utf-8") == fresh.schema_script(stepped)
    finally:
        stepped.close()
    assert tuple(m.name for m in migrations._migrations) == signature.MIGRATIONS
    assert MIGRATION_SET == signature.MIGRATION_SET


def test_the_migrations_are_recorded_as_sqlite_utils_records_them(tmp_path):
    conn = connect(tmp_path / "new.db")
    try:
        stamps = [row[0] for row in conn.execute("SELECT applied_at FROM _sqlite_migrations")]
    finally:
        conn.close()
    assert len(stamps) == len(signature.MIGRATIONS)
    assert all(stamp.endswith("+00:00") and stamp[10] == " " for stamp in stamps)


def test_a_trigger_s_own_semicolons_do_not_split_it():
    script = "-- a note\n\nCREATE TABLE t (a);\n\nCREATE TRIGGER x AFTER INSERT ON t BEGIN\n  SELECT 1; SELECT 2;\nEND;\n"
    assert fresh.statements(script) == [
        "CREATE TABLE t (a)",
        "CREATE TRIGGER x AFTER INSERT ON t BEGIN\n  SELECT 1; SELECT 2;\nEND",
    ]
    with pytest.raises(ValueError):
        fresh.statements("CREATE TABLE t (a")


def test_a_new_journal_is_made_without_importing_sqlite_utils(tmp_path):
    code = (
        "import sys; from pathlib import Path; from cm_coach.store.db import connect;"
        f"connect(Path({str(tmp_path / 'j.db')!r})).close();"
        "print('sqlite_utils' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_new_journal_made_by_two_processes_at_once_is_made_once(tmp_path):
    path = tmp_path / "j.db"
    code = "import sys; from pathlib import Path; from cm_coach.store.db import connect; connect(Path(sys.argv[1])).close()"
    processes = [subprocess.Popen([sys.executable, "-c", code, str(path)]) for _ in range(2)]
    assert [process.wait(timeout=60) for process in processes] == [0, 0]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(
            signature.MIGRATIONS
        )
    finally:
        conn.close()
