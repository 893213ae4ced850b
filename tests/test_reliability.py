"""Nothing lost: real processes writing at once, damaged files, read-only places, a full disk,
and a process killed in the middle of an import."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from cm_coach.errors import StorageError
from cm_coach.store import db as db_module
from cm_coach.store.db import CURRENT_SCHEMA_VERSION, connect
from tests.conftest import table_rows

ROOT = Path(__file__).resolve().parent.parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CM_COACH_DATA_DIR=str(tmp_path / "data"),
        CM_COACH_CONFIG_DIR=str(tmp_path / "config"),
        CM_COACH_LANG="fr",
        PYTHONPATH=str(ROOT),
    )
    return env


def _cm(tmp_path: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cm_coach", *args],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=timeout,
        cwd=tmp_path,
    )


# --- two writers at once -------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import date
    from pathlib import Path
    from cm_coach.core.entries import log_entry
    from cm_coach.store.db import connect

    db, tag, count, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    while not start.exists():
        time.sleep(0.001)
    conn = None
    for i in range(count):
        if i % 50 == 0:  # a fresh connection now and then, as separate commands would
            if conn is not None:
                conn.close()
            conn = connect(db)
        log_entry(conn, f"répondre aux commentaires {tag} {i}", 5, day=date(2026, 11, 25))
    conn.close()
    """
)


@pytest.mark.slow
def test_two_processes_logging_500_entries_each_lose_nothing(tmp_path):
    db = tmp_path / "shared.db"  # does not exist yet: creation and migration race too
    start = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), tag, "500", str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(tmp_path),
        )
        for tag in ("A", "B")
    ]
    start.touch()
    outputs = [writer.communicate(timeout=240) for writer in writers]
    for writer, (_out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err
    rows = table_rows(db, "entries")
    assert len(rows) == 1000
    assert len({row["task"] for row in rows}) == 1000
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_SCHEMA_VERSION
    conn.close()


OPENER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from cm_coach.store.db import connect

    folder, tag, rounds, together = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    for n in range(rounds):
        (folder / f"ready-{n}-{tag}").touch()
        while len(list(folder.glob(f"ready-{n}-*"))) < together:
            time.sleep(0.0005)
        try:
            for _ in range(3):  # open, close, open again: creation, WAL switch, checkpoints race
                connect(folder / f"new-{n}.db").close()
        except BaseException:
            for later in range(n + 1, rounds):  # the others must not wait for this one
                (folder / f"ready-{later}-{tag}").touch()
            raise
    """
)


@pytest.mark.slow
def test_processes_opening_a_new_journal_at_the_same_moment_all_succeed(tmp_path):
    """Commands started together on a journal that does not exist yet (the first morning, two
    terminals): before this was fixed, about one round in four had one of them refuse the
    file, "locked" (SQLite answers the switch to WAL without waiting) or "not a SQLite file"
    (a checkpoint half-way, read by the other)."""
    rounds, together = 30, 3
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, str(tmp_path), tag, str(rounds), str(together)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(tmp_path),
        )
        for tag in "ABC"[:together]
    ]
    outputs = [opener.communicate(timeout=240) for opener in openers]
    assert [opener.returncode for opener in openers] == [0] * together, [err for _out, err in outputs]
    for n in range(rounds):
        conn = sqlite3.connect(tmp_path / f"new-{n}.db")
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_SCHEMA_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()


class _LockedAtFirst(sqlite3.Connection):
    """A real connection whose first switches to WAL are answered "locked", as SQLite does
    while another process is creating the same file."""

    refusals = 0  # set by each test

    def execute(self, sql, *args):
        if sql == "PRAGMA journal_mode = WAL" and _LockedAtFirst.refusals:
            _LockedAtFirst.refusals -= 1
            raise sqlite3.OperationalError("database is locked")
        return super().execute(sql, *args)


def test_the_switch_to_wal_is_tried_again_while_another_process_holds_it(tmp_path, monkeypatch):
    monkeypatch.setattr(_LockedAtFirst, "refusals", 2)
    conn = sqlite3.connect(tmp_path / "j.db", factory=_LockedAtFirst)
    db_module._use_wal(conn)
    assert _LockedAtFirst.refusals == 0
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_the_switch_to_wal_gives_up_after_the_busy_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(_LockedAtFirst, "refusals", 1_000)
    conn = sqlite3.connect(tmp_path / "j.db", factory=_LockedAtFirst)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        db_module._use_wal(conn, wait=0.05)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


@pytest.mark.slow
def test_two_real_cli_processes_at_once(tmp_path, cli):
    """The real thing, smaller: ``cm-coach log`` commands of two shells interleaved."""
    db = tmp_path / "j.db"
    assert cli("missions", "add", "Boulangerie", db=db).code == 0  # the set-up, in this process
    script = "; ".join(
        f'{sys.executable} -m cm_coach --db "{db}" log "tâche $0 {i}" -d 5 -m Boulangerie >/dev/null'
        for i in range(15)
    )
    shells = [
        subprocess.Popen(
            ["sh", "-c", script, tag], stderr=subprocess.PIPE, text=True, env=_env(tmp_path), cwd=tmp_path
        )
        for tag in ("A", "B")
    ]
    errors = [shell.communicate(timeout=240)[1] for shell in shells]
    assert all(shell.returncode == 0 for shell in shells), errors
    assert not any(errors), errors
    assert len(table_rows(db, "entries")) == 30


# --- damaged or foreign files ----------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year of demo journal written by a real ``cm-coach demo``, once per session (per
    xdist worker), in one self-contained file (no WAL beside it)."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "real.db"
    made = _cm(folder, "--db", str(db), "demo", "--years", "1")
    assert made.returncode == 0, made.stderr
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return db


@pytest.fixture
def real_journal(demo_file: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo journal, free to damage."""
    db = tmp_path / "real.db"
    shutil.copyfile(demo_file, db)
    return db


def _newer(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {CURRENT_SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()


DAMAGES = {
    "not_sqlite": lambda db: db.write_bytes(b"ceci n'est pas un journal\n" * 400),
    "empty_header_only": lambda db: db.write_bytes(db.read_bytes()[:100]),
    "truncated_half": lambda db: db.write_bytes(db.read_bytes()[: len(db.read_bytes()) // 2]),
    "truncated_mid_page": lambda db: db.write_bytes(db.read_bytes()[: 4096 * 3 + 1000]),
    "newer_schema": _newer,
}
COMMANDS = [
    ["entries", "--month"],
    ["log", "répondre aux messages", "-d", "10"],
    ["missions", "list"],
    ["stats", "--month"],
    ["backup"],
]


# The commands run in the test's process (the cli fixture): what is tested is what they do with
# the file, and an unexpected error would show as exit 1 and a log in the test's data folder.
@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_or_foreign_file_is_left_byte_identical(cli, tmp_path, real_journal, damage):
    db = real_journal
    DAMAGES[damage](db)
    before = db.read_bytes()
    for command in COMMANDS:
        result = cli(*command, db=db)
        assert result.code == 2, (command, result.err)
        assert "Traceback" not in result.err
        message = result.err.lower()
        assert str(db) in result.err
        assert "plus récente" in message if damage == "newer_schema" else "sqlite" in message
        assert db.read_bytes() == before, command
    assert not (tmp_path / "data" / "logs").exists()


def _half_written(db: Path) -> bytes:
    """Leave ``db`` as a checkpoint half-way leaves it: the first page (with the new page
    count) written, the rest not yet, the WAL beside it; give back the whole content."""
    whole = db.read_bytes()
    db.write_bytes(whole[: len(whole) // 2])
    Path(f"{db}-wal").touch()
    return whole


def _finish_writing(db: Path, whole: bytes) -> None:
    """The checkpoint's last pages, added after the first ones as SQLite does (the file grows,
    it is never emptied and written again)."""
    with db.open("r+b") as handle:
        handle.seek(0, os.SEEK_END)
        handle.write(whole[handle.tell() :])


def test_a_journal_caught_half_way_through_a_checkpoint_is_read_again_not_refused(real_journal):
    whole = _half_written(real_journal)
    finish = threading.Timer(0.1, _finish_writing, args=(real_journal, whole))
    finish.start()
    try:
        conn = connect(real_journal)
    finally:
        finish.join()
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] > 0
    conn.close()


def test_a_journal_cut_short_with_a_wal_beside_is_still_refused(real_journal, monkeypatch):
    _half_written(real_journal)
    before = real_journal.read_bytes()
    monkeypatch.setattr(db_module, "SETTLE_SECONDS", 0.05)
    with pytest.raises(StorageError) as refused:
        connect(real_journal)
    assert refused.value.key == "errors.db_not_sqlite"
    assert real_journal.read_bytes() == before


def test_newer_schema_message_in_english(cli, real_journal):
    db = real_journal
    _newer(db)
    result = cli("--lang", "en", "entries", db=db)
    assert result.code == 2
    assert "newer cm-coach" in result.err


def test_doctor_on_a_damaged_file_says_what_to_do(cli, real_journal):
    db = real_journal
    DAMAGES["truncated_half"](db)
    before = db.read_bytes()
    result = cli("doctor", db=db)
    assert result.code == 2
    assert "backup --restore" in result.out
    assert db.read_bytes() == before


# --- read-only places ------------------------------------------------------------------------


def _immutable_flag_problem(folder: Path) -> str | None:
    """None when ``chattr +i`` stops root from writing on this file system, else why not."""
    if shutil.which("chattr") is None:
        return "chattr is missing"
    probe = folder / "probe"
    probe.write_text("before", encoding="utf-8")
    made = subprocess.run(["chattr", "+i", str(probe)], capture_output=True, text=True)
    if made.returncode != 0:
        return f"this file system has no immutable flag ({made.stderr.strip()})"
    try:
        probe.write_text("after", encoding="utf-8")
    except PermissionError:
        return None
    finally:
        subprocess.run(["chattr", "-i", str(probe)], check=True)
    return "the immutable flag does not stop root here"


@pytest.fixture(scope="session")
def root_read_only_problem(tmp_path_factory: pytest.TempPathFactory) -> str | None:
    """Probed once, on a scratch file, before any test that needs a read-only place runs."""
    return _immutable_flag_problem(tmp_path_factory.mktemp("chattr-probe")) if IS_ROOT else None


@contextlib.contextmanager
def _read_only(path: Path, mode: int):
    if not IS_ROOT:
        original = path.stat().st_mode
        path.chmod(mode)
        try:
            yield
        finally:
            path.chmod(original)
        return
    subprocess.run(["chattr", "+i", str(path)], check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture
def read_only(root_read_only_problem):
    """``read_only(path, mode)`` makes ``path`` read-only for this process: chmod for a normal
    user; as root (who ignores modes, as in CI) the immutable attribute, which binds root too.
    Where root has no such attribute the test is skipped before it starts, saying why."""
    if root_read_only_problem:
        pytest.skip(f"running as root, who ignores file modes, and {root_read_only_problem}")
    return _read_only


def test_read_only_database_file(cli, db_path, read_only):
    assert cli("log", "répondre", "-d", "10").code == 0
    before = db_path.read_bytes()
    with read_only(db_path, 0o400):
        result = cli("log", "modérer", "-d", "10")
        assert result.code == 2, result.err
        assert "lecture seule" in result.err
        assert "Traceback" not in result.err
        assert db_path.read_bytes() == before
        listed = cli("entries", "--json")
        assert listed.code in (0, 2), listed.err
        assert "Traceback" not in listed.err
    assert [r["task"] for r in table_rows(db_path, "entries")] == ["répondre"]


def test_read_only_folder(cli, tmp_path, read_only):
    folder = tmp_path / "locked"
    folder.mkdir()
    db = folder / "j.db"
    assert cli("log", "répondre", "-d", "10", db=db).code == 0
    with read_only(folder, 0o500):
        result = cli("log", "modérer", "-d", "10", db=db)
        assert result.code in (0, 2), result.err
        assert "Traceback" not in result.err
        fresh = cli("log", "modérer", "-d", "10", db=folder / "new.db")
        assert fresh.code == 2
        assert "lecture seule" in fresh.err
        assert not (folder / "new.db").exists()
    tasks = [r["task"] for r in table_rows(db, "entries")]
    assert tasks in (["répondre"], ["répondre", "modérer"])


# --- a full disk -------------------------------------------------------------------------------


@pytest.fixture
def full_disk(monkeypatch):
    """Every journal opened from now on can grow by at most ``spare`` pages."""
    from cm_coach.store import db as store_db

    real_connect = store_db.connect
    spare = {"pages": 0}

    def tight_connect(path, **kwargs):
        conn = real_connect(path, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + spare['pages']}")
        return conn

    monkeypatch.setattr(store_db, "connect", tight_connect)
    return spare


def test_full_disk_writes_nothing_partial(cli, db_path, tmp_path, full_disk):
    """A year of journal imported at once on a full disk: all of it or none of it.
    (``demo`` refuses a journal that holds data, so the big write is an import.)"""
    full_disk["pages"] = 10**6
    demo = tmp_path / "demo.db"
    assert cli("demo", "--years", "1", db=demo).code == 0
    assert cli("export", "--all", "-f", "json", "-o", str(tmp_path / "year.json"), db=demo).code == 0
    full_disk["pages"] = 0
    assert cli("log", "répondre", "-d", "10").code == 0
    before = table_rows(db_path, "entries")
    result = cli("import", str(tmp_path / "year.json"))
    assert result.code == 2, result.err
    assert "plein" in result.err
    assert "Traceback" not in result.err
    assert table_rows(db_path, "entries") == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_full_disk_on_a_single_entry(cli, db_path, full_disk):
    assert cli("log", "répondre", "-d", "10").code == 0
    for i in range(200):  # fill the last free page, then one more entry must fail cleanly
        result = cli("log", f"{'x' * 1900} {i}", "-d", "10")
        if result.code:
            break
    assert result.code == 2, result.err
    assert "plein" in result.err
    count = len(table_rows(db_path, "entries"))
    assert count == i + 1  # every earlier entry is there, the failed one is not


# --- a process killed in the middle of an import ----------------------------------------------


@pytest.mark.slow
def test_sigkill_during_a_large_import_leaves_all_or_nothing(tmp_path, cli):
    # The file to import and the reference are made in this process (``cli``): only the
    # imports that are killed need processes of their own.
    source = tmp_path / "source.db"
    assert cli("demo", "--years", "5", db=source).code == 0
    dump = tmp_path / "all.json"
    exported = cli("export", "--all", "--format", "json", "-o", str(dump), db=source)
    assert exported.code == 0, exported.err
    total = len(table_rows(source, "entries"))
    # A complete import first: what an import that was not killed leaves.
    reference = tmp_path / "reference.db"
    done = cli("import", str(dump), db=reference)
    assert done.code == 0, done.err
    assert len(table_rows(reference, "entries")) == total
    killed = 0
    # Kill once the import is writing: its transaction's pages are growing the WAL file.
    for attempt, wal_bytes in enumerate((8_192, 131_072, 524_288, 1_048_576)):
        target = tmp_path / f"target-{attempt}.db"
        connect(target).close()  # an empty journal (a reading command refuses a missing file)
        wal = target.with_name(target.name + "-wal")
        baseline = wal.stat().st_size if wal.exists() else 0
        process = subprocess.Popen(
            [sys.executable, "-m", "cm_coach", "--db", str(target), "import", str(dump)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_env(tmp_path),
            cwd=tmp_path,
        )
        deadline = time.monotonic() + 300  # a guard against a hung import, not a speed limit
        while process.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size >= baseline + wal_bytes:
                break
            time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
        killed += process.wait(timeout=30) == -signal.SIGKILL
        conn = sqlite3.connect(target)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            count = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        finally:
            conn.close()
        assert count in (0, total), f"partial import after {wal_bytes} WAL bytes: {count}/{total}"
        # and the journal still works afterwards, the import can be run again
        assert cli("log", "répondre", "-d", "5", db=target).code == 0
    assert killed >= 3, "the imports ended before they could be killed mid-write: use a larger file"


# --- the TUI while another process holds the journal -----------------------------------------

LOCKER = textwrap.dedent(
    """
    import sqlite3, sys, time
    from pathlib import Path
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    Path(sys.argv[2]).touch()
    release = Path(sys.argv[3])
    while not release.exists():
        time.sleep(0.005)
    conn.execute("COMMIT")
    """
)


@pytest.mark.slow
async def test_tui_waits_for_a_locked_journal_then_saves(tmp_path):
    """Another process holds the write lock until the test releases it: the save waits
    (no error, nothing written) while the lock is held, and lands once it is released."""
    from datetime import date

    from cm_coach.store.db import connect
    from cm_coach.tui.app import make_app
    from tests.tui.helpers import settle

    db = tmp_path / "journal.db"
    connect(db).close()
    locked, release = tmp_path / "locked", tmp_path / "release"
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(db), str(locked), str(release)])
    try:
        for _ in range(3000):
            if locked.exists() or locker.poll() is not None:
                break
            time.sleep(0.01)
        assert locked.exists(), "the other process did not take the lock"
        app = make_app(db, "fr", date(2026, 11, 25), mode="log")
        async with app.run_test() as pilot:
            await settle(pilot)
            screen = app.screen
            screen.query_one("#log-task").value = "répondre aux commentaires"
            screen.query_one("#log-duration").value = "30"
            await pilot.press("ctrl+s")
            saving = [worker for worker in app.workers if worker.group == "log-add"]
            assert saving, "no save is running: none started, or it ended at once without waiting"
            # A save that did not wait would fail (or land) within these few frames; the
            # locked journal keeps a waiting one busy, however slow the machine.
            for _ in range(15):
                await pilot.pause(0.02)
            message = screen.query_one("#log-message")
            assert all(worker.is_running for worker in saving), str(message.render())
            assert not message.has_class("-error"), str(message.render())
            assert table_rows(db, "entries") == []
            release.touch()
            await settle(pilot)
            assert not any(worker.is_running for worker in saving)
            assert not message.has_class("-error"), str(message.render())
        assert locker.wait(timeout=30) == 0
    finally:
        locker.kill()
        locker.wait()
    assert [row["task"] for row in table_rows(db, "entries")] == ["répondre aux commentaires"]
