"""Open the journal file safely: private, checked, migrated, ready for two processes at once.

Hot paths (``log``, ``stats``, ``checkin --if-needed``) use the plain ``sqlite3``
connection returned here; sqlite-utils is imported only when an older journal must be
migrated (a new one gets the current schema in one step, :mod:`cm_coach.store.fresh`), so
those commands start fast.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from cm_coach.errors import StorageError
from cm_coach.paths import ensure_private_dir
from cm_coach.store import copies, handles, signature

SQLITE_HEADER = handles.SQLITE_HEADER
CURRENT_SCHEMA_VERSION = 3  # kept equal to schema.SCHEMA_VERSION by a test
BUSY_TIMEOUT_MS = 15_000
SETTLE_SECONDS = 2.0  # how long a journal that looks cut short is read again (see _check_is_sqlite)


def _check_is_sqlite(path: Path) -> None:
    """Refuse a file that is not a SQLite database before SQLite touches it.

    The header is read with plain Python only while this process holds no connection on
    the file (:mod:`cm_coach.store.handles`): closing that descriptor would drop the
    connections' locks. Otherwise the file was checked when it was first opened, and
    SQLite itself refuses a file that has become foreign since.

    A file that looks cut short while a ``-wal`` lies beside it may be another process's
    checkpoint half-way (it writes the first page, with the new size, before the others):
    it is read again for up to :data:`SETTLE_SECONDS` before being refused."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        try:
            header = handles.read_start(path, 100)
        except PermissionError:
            raise StorageError("errors.db_unreadable", path=str(path)) from None
        except IsADirectoryError:
            raise StorageError("errors.db_is_folder", path=str(path)) from None
        except handles.NotARegularFile:  # a FIFO would block SQLite's open for ever
            raise StorageError("safety.not_a_file", path=str(path)) from None
        if header is None:
            return
        if header and not header.startswith(SQLITE_HEADER):
            raise StorageError("errors.db_not_sqlite", path=str(path))
        size = path.stat().st_size
        if not (0 < size < 512 or (header and _is_truncated(header, size))):
            return
        if not Path(f"{path}-wal").exists() or time.monotonic() > deadline:
            raise StorageError("errors.db_not_sqlite", path=str(path))
        time.sleep(0.01)


def _is_truncated(header: bytes, size: int) -> bool:
    """Shorter than the page count its header declares (a copy cut short, a full disk).

    The declared size is trusted only when its "version-valid-for" field matches the
    change counter, as SQLite itself does; a cheap read of 100 bytes on every start.
    """
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    declared_valid = header[24:28] == header[92:96]
    return page_size >= 512 and (size % page_size != 0 or (declared_valid and size < pages * page_size))


def _create_private_file(path: Path) -> None:
    ensure_private_dir(path.parent)
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(descriptor)


def connect(
    path: Path,
    *,
    create: bool = True,
    today: date | None = None,
    copy_before_migration: bool = True,
    read_only: bool = False,
) -> sqlite3.Connection:
    """Open (creating if allowed) and migrate the journal at ``path``.

    Given the caller's ``today`` (its clock, never the machine's: a test or a demo may fix
    the day), an existing journal also gets that day's automatic backup on its first
    opening: one ``stat`` on the other openings, so every command stays fast.

    A SQLite file that is not a cm-coach journal (:mod:`cm_coach.store.signature`) is
    refused before anything is written to it, not even the switch to WAL. Without
    ``copy_before_migration`` an older file is migrated without a copy in ``backups/``
    (a restore upgrades its own staged copy).

    A journal that cannot be written (a read-only folder, where SQLite cannot make the WAL's
    ``-shm``; a read-only file), or ``read_only``, is opened read-only: every reading works,
    and a write is refused with ``errors.db_readonly`` (see :func:`transaction`).
    """
    exists = path.exists()
    if not exists:
        if not create or read_only:
            raise StorageError("errors.db_missing", path=str(path))
        try:
            _create_private_file(path)
        except PermissionError:
            raise StorageError("errors.db_readonly", path=str(path)) from None
        except FileExistsError:
            pass  # another process created it between our check and now
    else:
        _check_is_sqlite(path)
    if read_only:
        return _connect_read_only(path)
    conn = handles.open_sqlite(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError as error:
            if not _cannot_write(error):
                raise
            conn.close()
            return _connect_read_only(path)
        _check_layout(conn, path, version)
        if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
            _use_wal(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        if version < CURRENT_SCHEMA_VERSION:
            _migrate(conn, path, version, copy=copy_before_migration)
        if exists and today is not None and not copies.daily_path(path, today).exists():
            copies.ensure_daily_backup(conn, path, today)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise _storage_error(error, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _use_wal(conn: sqlite3.Connection, *, wait: float = BUSY_TIMEOUT_MS / 1000) -> None:
    """Switch the journal to WAL, waiting for another process doing the same.

    SQLite answers the switch with "locked" at once, without its busy handler, when another
    process is in the middle of creating or switching the same file (two commands started
    together on a new journal); so the switch is tried again, reading the mode first: the
    other process has usually made the switch for both."""
    deadline = time.monotonic() + wait
    pause = 0.002
    while conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return  # switched, or kept in its mode where WAL cannot be used: asked once
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.05)


def _is_busy(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _check_layout(conn: sqlite3.Connection, path: Path, version: int) -> None:
    if version > CURRENT_SCHEMA_VERSION:
        raise StorageError(
            "errors.db_too_new",
            path=str(path),
            version=version,
            supported=CURRENT_SCHEMA_VERSION,
        )
    missing = signature.problems(conn, columns=version < CURRENT_SCHEMA_VERSION)
    if missing and version == 0:  # another program's database: the tables it has, not ours missing
        raise StorageError("safety.not_a_journal_other", path=str(path), tables=", ".join(missing[:5]))
    if missing:
        raise StorageError("safety.not_a_journal", path=str(path), missing=", ".join(missing[:5]))


def _cannot_write(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """The journal for reading only (:func:`handles.open_readable`). An older schema cannot
    be read this way: it must be upgraded first, which needs writing."""
    try:
        conn = handles.open_readable(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    except sqlite3.OperationalError as error:
        raise _storage_error(error, path) from None
    try:
        conn.row_factory = sqlite3.Row
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        _check_layout(conn, path, version)
        if version < CURRENT_SCHEMA_VERSION:
            raise StorageError("errors.db_readonly", path=str(path))
    except sqlite3.DatabaseError as error:
        conn.close()
        raise _storage_error(error, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


def known_storage_error(error: sqlite3.Error, path: Path) -> StorageError | None:
    """The user-fixable state behind a SQLite error, or ``None`` for a programming error.

    Public so that the CLI and the TUI can turn a damaged page met by a read query into
    the same clean message as the writes get from :func:`transaction`."""
    text = str(error).lower()
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        blocking = _read_only_companion(path)
        if blocking is not None:  # a -shm or -wal left behind that we cannot write
            return StorageError("safety.companion_readonly", path=str(blocking), journal=str(path))
        return StorageError("errors.db_readonly", path=str(path))
    if "full" in text:
        return StorageError("errors.db_full", path=str(path))
    if _is_busy(error):
        return StorageError("errors.db_locked", path=str(path))
    if "not a database" in text:
        return StorageError("errors.db_not_sqlite", path=str(path))
    if "malformed" in text or "corrupt" in text:
        return StorageError("maintenance.errors.db_corrupt", path=str(path))
    if "disk i/o" in text:
        return StorageError("maintenance.errors.disk_io", path=str(path))
    return None


def _read_only_companion(path: Path) -> Path | None:
    """A ``-wal`` or ``-shm`` beside a writable journal that this process cannot write."""
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return None
    for suffix in ("-shm", "-wal"):
        companion = Path(f"{path}{suffix}")
        if companion.exists() and not os.access(companion, os.W_OK):
            return companion
    return None


def _storage_error(error: sqlite3.Error, path: Path) -> StorageError:
    return known_storage_error(error, path) or StorageError("errors.db_not_sqlite", path=str(path))


def _migrate(conn: sqlite3.Connection, path: Path, version: int, *, copy: bool = True) -> None:
    """Apply pending migrations under the write lock, so that two processes opening a
    new or old journal at the same moment migrate it once, not twice.

    The copy made first is kept only when the migration succeeds: a failed one is rolled
    back, so the journal itself is still that state, and a copy per attempt would pile up
    (copies made for a reason are never pruned)."""
    made = copies.backup(conn, path, reason=f"pre-migration-v{version}") if version > 0 and copy else None
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] < CURRENT_SCHEMA_VERSION:
            if conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is None:
                from cm_coach.store.fresh import create_current

                create_current(conn, CURRENT_SCHEMA_VERSION)  # a new file: no steps to replay
            else:
                from sqlite_utils import Database

                from cm_coach.store.schema import migrations

                migrations.apply(Database(conn, execute_plugins=False))
    except BaseException:
        conn.rollback()  # should this fail, the copy stays: the file may be half-way
        if made is not None:
            made.unlink(missing_ok=True)
        raise
    conn.commit()


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user action, one transaction. ``BEGIN IMMEDIATE`` takes the write lock at
    once, so a concurrent writer waits on the busy timeout instead of failing mid-way."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise _storage_error(error, Path(database_file(conn))) from None
    try:
        yield conn
    except sqlite3.DatabaseError as error:
        conn.rollback()
        known = known_storage_error(error, Path(database_file(conn)))
        if known is None:
            raise
        raise known from None
    except BaseException:
        conn.rollback()
        raise
    try:
        conn.commit()
    except sqlite3.Error as error:
        conn.rollback()
        raise _storage_error(error, Path(database_file(conn))) from None


def set_busy_timeout(conn: sqlite3.Connection, milliseconds: int) -> None:
    """How long ``conn`` waits for another writer before giving up (the app, being closed,
    cannot wait the usual 15 s for a draft)."""
    conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")


def database_file(conn: sqlite3.Connection) -> str:
    """The path of the file ``conn`` is open on (for messages about it)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    return row[2] if row else "?"
