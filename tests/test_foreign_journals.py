"""A SQLite file that is not a cm-coach journal is never restored, migrated or trusted.

Before: ``backup --restore`` took any SQLite file with a table ``entries`` and a
``user_version`` of 1 or 2, after which every command failed while ``doctor`` said all was
well; each failed migration left one more never-pruned ``pre-migration`` copy.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from cm_coach.paths import backups_dir
from cm_coach.store import signature
from cm_coach.store.db import connect
from cm_coach.store.schema import migrations
from tests.conftest import table_rows

FIXTURES = Path(__file__).parent / "data"
FOREIGN = "pas un journal cm-coach"


def _foreign(
    path: Path, version: int, tables: str = "CREATE TABLE entries (id INTEGER PRIMARY KEY, note TEXT)"
):
    conn = sqlite3.connect(path)
    conn.executescript(f"{tables}; PRAGMA user_version = {version};")
    conn.execute("INSERT INTO entries (note) VALUES ('not ours')") if "entries" in tables else None
    conn.commit()
    conn.close()
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("version", [1, 2, 3])
def test_restore_refuses_a_foreign_sqlite_file_and_changes_nothing(cli, db_path, tmp_path, version):
    cli("log", "répondre aux commentaires", "-d", "20")
    foreign = _foreign(tmp_path / f"other-v{version}.db", version)
    before, copies_before = db_path.read_bytes(), _listing(backups_dir(db_path))
    result = cli("backup", "--restore", str(foreign))
    assert result.code == 2
    assert FOREIGN in result.err
    assert "Traceback" not in result.err
    assert db_path.read_bytes() == before
    assert _listing(backups_dir(db_path)) == copies_before
    assert cli("entries").code == 0


def test_restore_of_a_backup_that_cannot_be_upgraded_changes_nothing(cli, db_path, tmp_path, monkeypatch):
    """The copy is upgraded aside first: a failure leaves the journal as it was, and says so."""
    cli("log", "répondre aux commentaires", "-d", "20")
    old = tmp_path / "old-v1.db"
    shutil.copy(FIXTURES / "journal-v1.db", old)
    step = next(m for m in migrations._migrations if m.name == "m003_people_timer_corrections")
    original = step.fn

    def broken(db):
        original(db)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(step, "fn", broken)
    before, copies_before = db_path.read_bytes(), _listing(backups_dir(db_path))
    result = cli("backup", "--restore", str(old))
    assert result.code == 2
    assert db_path.read_bytes() == before
    assert _listing(backups_dir(db_path)) == copies_before
    assert [row["task"] for row in table_rows(db_path, "entries")] == ["répondre aux commentaires"]


@pytest.mark.parametrize(
    ("version", "tables"),
    [
        (0, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"),
        (1, "CREATE TABLE entries (id INTEGER PRIMARY KEY, note TEXT)"),
        (3, "CREATE TABLE entries (id INTEGER PRIMARY KEY, note TEXT)"),
    ],
)
def test_a_foreign_file_given_as_the_journal_is_refused_untouched(cli, tmp_path, version, tables):
    other = _foreign(tmp_path / "other.db", version, tables)
    before = other.read_bytes()
    result = cli("log", "répondre", "-d", "20", db=other)
    assert result.code == 2
    assert FOREIGN in result.err
    assert other.read_bytes() == before  # not even switched to WAL
    assert not backups_dir(other).exists()


def test_doctor_says_a_foreign_file_is_not_a_journal(cli, tmp_path):
    other = _foreign(tmp_path / "other.db", 2)
    result = cli("doctor", db=other)
    assert result.code == 2
    assert FOREIGN in result.out


def test_a_failed_migration_leaves_no_copy_behind_however_often_it_is_tried(tmp_path, monkeypatch):
    """The migration is rolled back, so the journal itself is the pre-migration state: a
    copy per attempt would only pile up (they are never pruned)."""
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURES / "journal-v1.db", path)
    step = next(m for m in migrations._migrations if m.name == "m003_people_timer_corrections")
    original = step.fn

    def broken(db):
        original(db)
        raise RuntimeError("power cut")

    monkeypatch.setattr(step, "fn", broken)
    for _ in range(3):
        with pytest.raises(RuntimeError):
            connect(path)
    assert list(backups_dir(path).glob("*pre-migration*")) == []
    monkeypatch.setattr(step, "fn", original)
    connect(path).close()
    assert len(list(backups_dir(path).glob("*pre-migration-v1*"))) == 1


@pytest.mark.parametrize("version", [1, 2, 3])
def test_the_signature_of_each_schema_is_what_its_migrations_build(version):
    """Every table and column the signature requires exists after migrating to ``version``
    (other features may add more to the unreleased m003: those are allowed)."""
    from sqlite_utils import Database

    from cm_coach.store.schema import MIGRATION_SET

    names = [m.name for m in migrations._migrations]
    assert list(signature.MIGRATIONS) == names
    assert signature.MIGRATION_SET == MIGRATION_SET
    conn = sqlite3.connect(":memory:")
    stop = names[version] if version < len(names) else None
    migrations.apply(Database(conn), stop_before=stop) if stop else migrations.apply(Database(conn))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    assert signature.problems(conn) == []
    # and it can tell: a missing column, a missing table, a missing migration record
    conn.execute("ALTER TABLE missions DROP COLUMN notes")
    assert signature.problems(conn) == ["missions.notes"]
    conn.execute("DROP TABLE checkins")
    assert signature.problems(conn) == ["checkins", "missions.notes"]
    conn.execute("DELETE FROM _sqlite_migrations")
    assert "_sqlite_migrations" in signature.problems(conn)


# --- demo never writes into a journal that holds data -------------------------------------


def test_demo_refuses_a_journal_that_holds_data_and_writes_nothing(cli, db_path):
    """Before: 2,265 fake entries went into the user's real journal."""
    assert cli("log", "répondre aux commentaires", "-d", "20").code == 0
    before, copies_before = db_path.read_bytes(), _listing(backups_dir(db_path))
    result = cli("demo", "--years", "1")
    assert result.code == 2
    assert "démo" in result.err and "cm-coach --demo" in result.err
    assert db_path.read_bytes() == before
    assert _listing(backups_dir(db_path)) == copies_before
    assert [row["task"] for row in table_rows(db_path, "entries")] == ["répondre aux commentaires"]


def test_demo_counts_any_record_as_data(cli, db_path):
    """A journal with only a setting or a mission is still someone's journal."""
    assert cli("missions", "add", "Boulangerie").code == 0
    assert cli("demo", "--years", "1").code == 2
    assert [row["name"] for row in table_rows(db_path, "missions")] == ["Boulangerie"]


def test_demo_fills_an_empty_journal(cli, db_path):
    connect(db_path).close()
    assert cli("demo", "--years", "1").code == 0
    assert len(table_rows(db_path, "entries")) > 1000


def test_the_demo_flag_opens_the_app_on_a_temporary_journal(monkeypatch, tmp_path, db_path):
    """``cm-coach --demo`` never touches the user's journal, and leaves nothing behind."""
    from cm_coach.cli import main
    from cm_coach.cli.commands import app as app_command

    opened: list[Path] = []

    def fake_open_app(ctx, *, db_path, **kwargs):
        opened.append(db_path)
        assert len(table_rows(db_path, "entries")) > 1000
        return 0

    monkeypatch.setattr(app_command, "open_app", fake_open_app)
    monkeypatch.setattr(app_command, "on_a_terminal", lambda: True)  # as from a terminal
    assert main(["--db", str(db_path), "--demo"]) == 0
    assert opened and opened[0] != db_path and not opened[0].exists()
    assert not db_path.exists()


def test_another_program_s_database_is_said_to_hold_its_own_tables_not_to_miss_them(cli, tmp_path):
    """A SQLite file of another program's (version 0, a table "notes"): "il lui manque : notes"
    named the table it has as one missing."""
    other = _foreign(tmp_path / "other.db", 0, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    for args in (("entries",), ("doctor",), ("backup", "--restore", str(other))):
        result = cli(*args, db=other if args[0] != "backup" else None)
        said = result.err + result.out
        assert "d’autres tables" in said and "notes" in said, args
        assert "il lui manque" not in said


def test_a_folder_given_as_the_journal_is_said_to_be_a_folder(cli, tmp_path):
    for args in (("entries",), ("log", "répondre", "-d", "5"), ("doctor",)):
        result = cli(*args, db=tmp_path)
        assert result.code == 2
        said = result.err + result.out
        assert "est un dossier" in said and "chmod" not in said, args


def test_doctor_says_a_damaged_journal_in_the_reader_s_language(cli, db_path):
    assert cli("log", "répondre", "-d", "5").code == 0
    data = bytearray(db_path.read_bytes())
    for index in range(4096, min(len(data), 12_000)):  # the pages after the header, scrambled
        data[index] = (data[index] * 7 + 13) % 256
    db_path.write_bytes(bytes(data))
    for name in ("-wal", "-shm"):
        Path(f"{db_path}{name}").unlink(missing_ok=True)
    result = cli("doctor")
    assert result.code == 2
    assert "abîmé" in result.out and "malformed" not in result.out
