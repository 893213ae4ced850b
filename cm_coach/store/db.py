"""Open the journal file safely: private, checked, migrated, ready for two processes at once.

Hot paths (``log``, ``stats``, ``checkin --if-needed``) use the plain ``sqlite3``
connection returned here; sqlite-utils is imported only when the schema must be
created or migrated, so those commands start fast.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from cm_coach.errors import StorageError
from cm_coach.paths import backups_dir, ensure_private_dir

SQLITE_HEADER = b"SQLite format 3\x00"
CURRENT_SCHEMA_VERSION = 2  # kept equal to schema.SCHEMA_VERSION by a test
BUSY_TIMEOUT_MS = 15_000


def _check_is_sqlite(path: Path) -> None:
    """Refuse a file that is not a SQLite database before SQLite touches it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError:
        raise StorageError("errors.db_unreadable", path=str(path)) from None
    except IsADirectoryError:
        raise StorageError("errors.db_not_sqlite", path=str(path)) from None
    if header and header != SQLITE_HEADER:
        raise StorageError("errors.db_not_sqlite", path=str(path))
    if 0 < path.stat().st_size < 512:
        raise StorageError("errors.db_not_sqlite", path=str(path))


def _create_private_file(path: Path) -> None:
    ensure_private_dir(path.parent)
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(descriptor)


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (creating if allowed) and migrate the journal at ``path``."""
    exists = path.exists()
    if not exists:
        if not create:
            raise StorageError("errors.db_missing", path=str(path))
        try:
            _create_private_file(path)
        except PermissionError:
            raise StorageError("errors.db_readonly", path=str(path)) from None
        except FileExistsError:
            pass  # another process created it between our check and now
    else:
        _check_is_sqlite(path)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > CURRENT_SCHEMA_VERSION:
            raise StorageError(
                "errors.db_too_new",
                path=str(path),
                version=version,
                supported=CURRENT_SCHEMA_VERSION,
            )
        if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < CURRENT_SCHEMA_VERSION:
            _migrate(conn, path, version)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise _storage_error(error, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _storage_error(error: sqlite3.Error, path: Path) -> StorageError:
    text = str(error).lower()
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageError("errors.db_readonly", path=str(path))
    if "full" in text:
        return StorageError("errors.db_full", path=str(path))
    if "locked" in text or "busy" in text:
        return StorageError("errors.db_locked", path=str(path))
    return StorageError("errors.db_not_sqlite", path=str(path))


def _migrate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    from sqlite_utils import Database

    from cm_coach.store.schema import migrations

    if version > 0:
        backup(conn, path, reason=f"pre-migration-v{version}")
    db = Database(conn, execute_plugins=False)
    migrations.apply(db)


def backup(conn: sqlite3.Connection, path: Path, *, reason: str) -> Path:
    """Copy the live database with SQLite's online backup API into ``backups/``."""
    folder = ensure_private_dir(backups_dir(path))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{reason}.db"
    descriptor = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(descriptor)
    destination = sqlite3.connect(target)
    try:
        conn.backup(destination)
    finally:
        destination.close()
    return target


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user action, one transaction. ``BEGIN IMMEDIATE`` takes the write lock at
    once, so a concurrent writer waits on the busy timeout instead of failing mid-way."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise _storage_error(error, Path(_db_file(conn))) from None
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    try:
        conn.commit()
    except sqlite3.Error as error:
        conn.rollback()
        raise _storage_error(error, Path(_db_file(conn))) from None


def _db_file(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA database_list").fetchone()
    return row[2] if row else "?"
