"""Backups the user asks for: a copy now, finding one by name, and restoring it.

How copies are made, named and pruned is :mod:`cm_coach.store.copies`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cm_coach.errors import StorageError, os_reason
from cm_coach.paths import backups_dir, ensure_private_dir, user_path
from cm_coach.store import signature
from cm_coach.store.copies import backup, backup_to, copy_path
from cm_coach.store.db import BUSY_TIMEOUT_MS, CURRENT_SCHEMA_VERSION, SQLITE_HEADER, connect
from cm_coach.store.handles import NotARegularFile, open_sqlite, plain_access, read_start


@dataclass(frozen=True)
class Restored:
    """What a restore did: the backup it took the journal from, and the copy it made of the journal it
    replaced (None when there was none), so the user can go back."""

    source: Path
    saved: Path | None  # the copy of the state before the restore (None: there was no journal)


def make_backup(conn: sqlite3.Connection, db_path: Path, reason: str = "manual") -> Path:
    """A copy now, kept until the user deletes it (``pre-import``, ``manual``...)."""
    try:
        return backup(conn, db_path, reason=reason)
    except OSError as error:
        raise StorageError(
            "errors.cannot_write", path=str(backups_dir(db_path)), reason=os_reason(error)
        ) from None


def resolve_backup(db_path: Path, name: str) -> Path:
    """``--restore`` takes a path, or just a file name from ``backup --list``."""
    given = user_path(name)
    for candidate in (given, backups_dir(db_path) / given.name):
        try:
            if candidate.is_file():
                return candidate
        except OSError:  # a name too long for the file system, a bad byte: not a backup
            continue
    raise StorageError("maintenance.errors.backup_not_found", path=name, folder=str(backups_dir(db_path)))


def check_backup_file(path: Path) -> int:
    """Refuse anything that is not a whole, readable cm-coach journal; return its schema.

    A journal is known by its whole layout (:mod:`cm_coach.store.signature`), not by a
    table name and a version number that any SQLite file may have."""
    try:
        header = read_start(path, len(SQLITE_HEADER))
    except NotARegularFile:
        raise StorageError("maintenance.errors.backup_invalid", path=str(path)) from None
    except OSError as error:
        raise StorageError("errors.cannot_read", path=str(path), reason=os_reason(error)) from None
    if header is not None and header != SQLITE_HEADER:
        raise StorageError("maintenance.errors.backup_invalid", path=str(path))
    try:
        source = open_sqlite(path, read_only=True)
        try:
            check = source.execute("PRAGMA integrity_check").fetchone()[0]
            version = source.execute("PRAGMA user_version").fetchone()[0]
            missing = signature.problems(source) if check == "ok" else []
        finally:
            source.close()
    except sqlite3.Error:
        raise StorageError("maintenance.errors.backup_invalid", path=str(path)) from None
    if check != "ok":
        raise StorageError("maintenance.errors.backup_invalid", path=str(path))
    if version > CURRENT_SCHEMA_VERSION:
        raise StorageError(
            "errors.db_too_new", path=str(path), version=version, supported=CURRENT_SCHEMA_VERSION
        )
    if version < 1 and missing:  # another program's database: the tables it has
        raise StorageError("safety.backup_other", path=str(path), tables=", ".join(missing[:5]))
    if version < 1 or missing:
        raise StorageError(
            "safety.backup_foreign", path=str(path), missing=", ".join(missing[:5]) or "entries"
        )
    return version


def restore(db_path: Path, name: str) -> Restored:
    """Put the journal back as it was in backup ``name``, after saving the current state.

    The backup is first copied beside the journal and upgraded to the current schema
    there: a copy that cannot be upgraded is refused before the journal is touched. A
    healthy journal is then overwritten through the backup API, under SQLite's lock, so a
    TUI left open sees the restored data rather than writing into a replaced file. A
    damaged journal (the usual reason to restore) is first copied byte for byte.
    """
    source_path = resolve_backup(db_path, name)
    check_backup_file(source_path)
    staged = _upgraded_copy(source_path, db_path)
    try:
        saved = _save_current(db_path) if db_path.exists() else None
        source = open_sqlite(staged, read_only=True)
        try:
            if saved is not None and saved.name.endswith("-damaged.db"):
                _replace_file(source, db_path)
            elif db_path.exists():
                live = open_sqlite(db_path, timeout=BUSY_TIMEOUT_MS / 1000)
                try:
                    source.backup(live)
                finally:
                    live.close()
            else:
                _replace_file(source, db_path)
        except sqlite3.Error as error:
            raise StorageError("errors.cannot_write", path=str(db_path), reason=str(error)) from None
        finally:
            source.close()
    finally:
        _remove_with_companions(staged)
    connect(db_path, create=False).close()  # switch the restored journal back to WAL
    return Restored(source_path, saved)


def _upgraded_copy(source_path: Path, db_path: Path) -> Path:
    """A private copy of the backup beside the journal, upgraded to the current schema, or
    a :class:`StorageError` saying why it cannot be (nothing else is changed)."""
    staged = db_path.parent / f".{db_path.name}.upgrading"
    _remove_with_companions(staged)  # left by a restore that was killed
    source = open_sqlite(source_path, read_only=True)
    try:
        backup_to(source, staged)
    except OSError as error:
        raise StorageError(
            "errors.cannot_write", path=str(db_path.parent), reason=error.strerror or str(error)
        ) from None
    finally:
        source.close()
    try:
        connect(staged, create=False, copy_before_migration=False).close()
    except StorageError:
        _remove_with_companions(staged)
        raise
    except Exception as error:  # a migration that fails on this copy: said, and nothing restored
        _remove_with_companions(staged)
        raise StorageError(
            "safety.restore_upgrade_failed",
            path=str(source_path),
            supported=CURRENT_SCHEMA_VERSION,
            reason=str(error) or type(error).__name__,
        ) from None
    return staged


def _remove_with_companions(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _save_current(db_path: Path) -> Path:
    try:
        conn = connect(db_path, create=False)
    except StorageError as error:
        if error.key == "errors.db_too_new":
            raise
        return _copy_damaged(db_path)
    try:
        return make_backup(conn, db_path, reason="pre-restore")
    finally:
        conn.close()


def _copy_damaged(db_path: Path) -> Path:
    target = copy_path(db_path, "pre-restore-damaged")
    ensure_private_dir(target.parent)
    with plain_access(db_path) as allowed:
        if not allowed:  # this process still has it open: restoring under it would lose writes
            raise StorageError("errors.db_locked", path=str(db_path))
        descriptor = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out, db_path.open("rb") as original:
            shutil.copyfileobj(original, out)
    return target


def _replace_file(source: sqlite3.Connection, db_path: Path) -> None:
    staged = backup_to(source, db_path.parent / f".{db_path.name}.restoring")
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, db_path)
