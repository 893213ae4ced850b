"""Backups of the journal: daily on first use, before migrations, imports and restores.

Every copy is made with SQLite's online backup API (consistent even while another
process writes), under a temporary name renamed once whole, mode 0600 in a 0700
``backups/`` folder beside the journal. Daily copies are named by day, so "has today's
copy been made?" is one ``stat``; the last :data:`KEEP_DAILY` are kept. Copies made for
a reason (``pre-migration-v1``, ``pre-import``, ``pre-restore``, ``manual``) are never
pruned.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cm_coach.clock import now
from cm_coach.errors import StorageError
from cm_coach.paths import backups_dir, ensure_private_dir
from cm_coach.store.db import (
    BUSY_TIMEOUT_MS,
    CURRENT_SCHEMA_VERSION,
    SQLITE_HEADER,
    backup,
    backup_to,
    connect,
    daily_backup_path,
)

KEEP_DAILY = 14
DAILY = "daily"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    reason: str  # "daily", "manual", "pre-import", "pre-restore", "pre-migration-v1"...
    created: datetime
    size: int


@dataclass(frozen=True)
class Restored:
    source: Path
    saved: Path | None  # the copy of the state before the restore (None: there was no journal)


_DAILY_LOCK = threading.Lock()


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(
        re.escape(db_path.stem)
        + r"-(?P<day>\d{8})(?:-(?P<time>\d{6}-\d{6}))?-(?P<reason>[a-z][a-z0-9-]*)\.db"
    )


def daily_path(db_path: Path, day: date) -> Path:
    return daily_backup_path(db_path, day)


def ensure_daily_backup(conn: sqlite3.Connection, db_path: Path, today: date) -> Path | None:
    """Make today's copy if it is not there yet; return it, or ``None`` when it existed.

    A backup that cannot be written (read-only folder, full disk) must not stop the user
    from reading or writing the journal: it is logged as a warning, and ``doctor``
    reports the folder.
    """
    target = daily_path(db_path, today)
    with _DAILY_LOCK:  # the app's workers open the journal together on the day's first start
        if target.exists():
            return None
        try:
            backup_to(conn, target)
            prune_daily(db_path)
        except (OSError, sqlite3.Error) as error:
            import logging

            logging.getLogger(__name__).warning("cm-coach: daily backup skipped (%s): %s", target.parent, error)
            return None
    return target


def make_backup(conn: sqlite3.Connection, db_path: Path, reason: str = "manual") -> Path:
    """A copy now, kept until the user deletes it (``pre-import``, ``manual``...)."""
    try:
        return backup(conn, db_path, reason=reason)
    except OSError as error:
        raise StorageError(
            "errors.cannot_write", path=str(backups_dir(db_path)), reason=error.strerror or str(error)
        ) from None


def list_backups(db_path: Path) -> list[BackupInfo]:
    """This journal's backups, oldest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(db_path)
    found = []
    for path in folder.iterdir():
        match = pattern.fullmatch(path.name)
        if not match:
            continue
        info = path.stat()
        created = (
            datetime.strptime(f"{match['day']}-{match['time']}", "%Y%m%d-%H%M%S-%f")
            if match["time"]
            else datetime.fromtimestamp(info.st_mtime)
        )
        found.append(BackupInfo(path, match["reason"], created, info.st_size))
    return sorted(found, key=lambda item: (item.created, item.path.name))


def prune_daily(db_path: Path, keep: int = KEEP_DAILY) -> list[Path]:
    """Delete the daily copies beyond the ``keep`` most recent days; never the others."""
    daily = sorted(
        (item.path for item in list_backups(db_path) if item.reason == DAILY),
        key=lambda path: path.name,
    )
    removed = daily[:-keep] if keep else daily
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def resolve_backup(db_path: Path, name: str) -> Path:
    """``--restore`` takes a path, or just a file name from ``backup --list``."""
    given = Path(name).expanduser()
    for candidate in (given, backups_dir(db_path) / given.name):
        try:
            if candidate.is_file():
                return candidate
        except OSError:  # a name too long for the file system, a bad byte: not a backup
            continue
    raise StorageError("maintenance.errors.backup_not_found", path=name, folder=str(backups_dir(db_path)))


def check_backup_file(path: Path) -> int:
    """Refuse anything that is not a whole, readable cm-coach journal; return its schema."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StorageError("errors.cannot_read", path=str(path), reason=error.strerror) from None
    if header != SQLITE_HEADER:
        raise StorageError("maintenance.errors.backup_invalid", path=str(path))
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            check = source.execute("PRAGMA integrity_check").fetchone()[0]
            version = source.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            source.close()
    except sqlite3.Error:
        raise StorageError("maintenance.errors.backup_invalid", path=str(path)) from None
    if check != "ok" or "entries" not in tables or version < 1:
        raise StorageError("maintenance.errors.backup_invalid", path=str(path))
    if version > CURRENT_SCHEMA_VERSION:
        raise StorageError(
            "errors.db_too_new", path=str(path), version=version, supported=CURRENT_SCHEMA_VERSION
        )
    return version


def restore(db_path: Path, name: str) -> Restored:
    """Put the journal back as it was in backup ``name``, after saving the current state.

    A healthy journal is overwritten through the backup API, under SQLite's lock, so a
    TUI left open sees the restored data rather than writing into a replaced file. A
    damaged journal (the usual reason to restore) is first copied byte for byte.
    """
    source_path = resolve_backup(db_path, name)
    check_backup_file(source_path)
    saved = _save_current(db_path) if db_path.exists() else None
    source = sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if saved is not None and saved.name.endswith("-damaged.db"):
            _replace_file(source, db_path)
        elif db_path.exists():
            live = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000)
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
    connect(db_path, create=False).close()  # migrate an older copy now
    return Restored(source_path, saved)


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
    folder = ensure_private_dir(backups_dir(db_path))
    stamp = now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{db_path.stem}-{stamp}-pre-restore-damaged.db"
    descriptor = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out, db_path.open("rb") as original:
        shutil.copyfileobj(original, out)
    return target


def _replace_file(source: sqlite3.Connection, db_path: Path) -> None:
    staged = backup_to(source, db_path.parent / f".{db_path.name}.restoring")
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, db_path)
