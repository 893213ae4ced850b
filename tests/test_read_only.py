"""A journal that cannot be written: reading still works, writing says why, nothing is lost.

Before: with a WAL journal in a read-only folder even ``stats`` and ``export`` failed, so
nothing could be copied out; a leftover 0400 ``-shm`` blocked every write while ``doctor``
said the permissions were fine; copies killed half-way left ``.partial`` files for ever.

Root ignores file modes, so these tests run cm-coach, when the suite runs as root, as root
*without* the capabilities that let it do so (``setpriv --bounding-set
-dac_override,-dac_read_search``): the kernel then applies the modes to it as to anyone.
A probe checks that before any command runs (a file cannot be created in a 0500 folder);
only if no such way exists is the test skipped, and that is decided before the action.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import TODAY, table_rows

ROOT = Path(__file__).resolve().parent.parent
TASK = "répondre aux commentaires"


def _modes_apply() -> list[str] | None:
    """The command prefix under which file modes apply to this process, or None."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]


@pytest.fixture(scope="module")
def as_user(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    prefix = _modes_apply()
    if prefix is None:
        pytest.skip(
            "running as root without setpriv: no way to make file modes apply (decided before any action)"
        )
    folder = tmp_path_factory.mktemp("probe")
    locked = folder / "locked"
    locked.mkdir(mode=0o500)
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", f"open({str(locked / 'x')!r}, 'w')"], capture_output=True, text=True
    )
    locked.chmod(0o700)
    if probe.returncode == 0:
        pytest.skip("file modes do not apply even without the capabilities (decided before any action)")
    return prefix


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CM_COACH_DATA_DIR=str(tmp_path / "data"),
        CM_COACH_CONFIG_DIR=str(tmp_path / "config"),
        CM_COACH_CACHE_DIR=str(tmp_path / "cache"),
        CM_COACH_LANG="fr",
        CM_COACH_TODAY=TODAY,
        PYTHONPATH=str(ROOT),
        NO_COLOR="1",
    )
    return env


def _cm(prefix: list[str], tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "cm_coach", *args],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=60,
    )


def _journal(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o700)
    db = folder / "journal.db"
    assert _cm([], tmp_path, "--db", str(db), "log", TASK, "-d", "30").returncode == 0
    return db


KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1])
    conn.execute("INSERT INTO settings (key, value) VALUES ('left', 'in the wal')")
    conn.commit()
    os.kill(os.getpid(), signal.SIGKILL)  # no close: the -wal and -shm stay, the row only in the -wal
    """
)


def _killed_writer(db: Path) -> None:
    result = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(db)], capture_output=True)
    assert result.returncode == -signal.SIGKILL
    assert Path(f"{db}-wal").exists() and Path(f"{db}-shm").exists()


@pytest.mark.parametrize("leftover_wal", [False, True], ids=["clean", "wal-left-by-a-killed-writer"])
def test_reading_works_in_a_read_only_folder_and_writing_says_why(as_user, tmp_path, leftover_wal):
    db = _journal(tmp_path)
    files: list[Path] = []  # the clean case: only the folder is read-only
    if leftover_wal:  # and everything read-only: with writable files, a read-only folder still takes writes
        _killed_writer(db)
        files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
    for path in files:
        path.chmod(0o400)
    db.parent.chmod(0o500)
    try:
        stats = _cm(as_user, tmp_path, "--db", str(db), "stats", "--json", "--day", "2026-11-25")
        entries = _cm(as_user, tmp_path, "--db", str(db), "entries")
        export = _cm(as_user, tmp_path, "--db", str(db), "export", "--all", "-f", "json")
        logged = _cm(as_user, tmp_path, "--db", str(db), "log", "modérer", "-d", "10")
        doctor = _cm(as_user, tmp_path, "--db", str(db), "doctor")
    finally:
        db.parent.chmod(0o700)
        for path in files:
            path.chmod(0o600)
    for result in (stats, entries, export):
        assert result.returncode == 0, result.stderr
    assert TASK in entries.stdout and TASK in export.stdout
    if leftover_wal:  # what only the -wal held is read too
        assert '"left": "in the wal"' in export.stdout
    assert logged.returncode == 2
    assert "lecture seule" in logged.stderr
    assert "lecture seule" in doctor.stdout
    assert [row["task"] for row in table_rows(db, "entries")] == [TASK]


def test_a_leftover_read_only_shm_is_named_by_doctor_and_by_the_refused_write(as_user, tmp_path):
    db = _journal(tmp_path)
    _killed_writer(db)
    shm = Path(f"{db}-shm")
    shm.chmod(0o400)
    logged = _cm(as_user, tmp_path, "--db", str(db), "log", "modérer", "-d", "10")
    doctor = _cm(as_user, tmp_path, "--db", str(db), "doctor")
    assert logged.returncode == 2
    assert shm.name in logged.stderr
    assert doctor.returncode == 2
    assert shm.name in doctor.stdout
    assert "Permissions : tout va bien" not in doctor.stdout.replace("\u00a0", " ")


def test_partial_copies_left_by_killed_processes_are_cleaned_at_the_next_copy(cli, db_path):
    assert cli("log", TASK, "-d", "30").code == 0
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o700)
    dead = folder / f".{db_path.name}-20261124-daily.db.999999999.1.partial"
    dead.write_bytes(b"half a copy")
    alive = folder / f".{db_path.name}-20261124-manual.db.{os.getpid()}.1.partial"
    alive.write_bytes(b"a copy being made right now")
    assert cli("backup").code == 0
    assert not dead.exists(), "the killed process's partial copy is removed"
    assert alive.exists(), "a live process's copy in progress is left alone"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_journal_opened_read_only_refuses_writes_cleanly(tmp_path):
    """In-process: the store's read-only opening, and a write through it."""
    from cm_coach.store.db import connect, transaction

    db = tmp_path / "journal.db"
    connect(db).close()
    conn = connect(db, read_only=True)
    try:
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
        with pytest.raises(Exception) as error, transaction(conn):
            conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
        assert getattr(error.value, "key", "") == "errors.db_readonly"
    finally:
        conn.close()
    assert sqlite3.connect(db).execute("SELECT count(*) FROM settings").fetchone()[0] == 0
