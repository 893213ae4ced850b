"""Copies of the journal: made whole or not at all, private, named so that they sort by time.

Every copy is made with SQLite's online backup API (consistent even while another process
writes), under a temporary name renamed once whole, mode 0600 in a 0700 ``backups/``
folder beside the journal. Daily copies are named by day, so "has today's copy been made?"
is one ``stat``; the last :data:`KEEP_DAILY` are kept. Copies made for a reason
(``pre-migration-v1``, ``pre-import``, ``pre-restore``, ``manual``) are never pruned.
This module imports nothing else of the store, so that opening the journal (``db``) and
restoring it (``backups``) can both use it.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cm_coach.clock import now
from cm_coach.paths import backups_dir, ensure_private_dir

KEEP_DAILY = 14
DAILY = "daily"
_DAILY_LOCK = threading.Lock()


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    reason: str  # "daily", "manual", "pre-import", "pre-restore", "pre-migration-v1"...
    created: datetime
    size: int


def daily_path(path: Path, day: date) -> Path:
    """Daily copies are named by day, so "is today's made?" is a single ``stat``."""
    return backups_dir(path) / f"{path.stem}-{day:%Y%m%d}-daily.db"


def backup(conn: sqlite3.Connection, path: Path, *, reason: str) -> Path:
    """Copy the live database with SQLite's online backup API into ``backups/``."""
    stamp = now().strftime("%Y%m%d-%H%M%S-%f")
    return backup_to(conn, backups_dir(path) / f"{path.stem}-{stamp}-{reason}.db")


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Write a complete copy of ``conn``'s database at ``target`` (mode 0600), or nothing:
    the copy is made under a temporary name and renamed only once it is whole."""
    folder = ensure_private_dir(target.parent)
    partial = folder / f".{target.name}.{os.getpid()}.{threading.get_ident()}.partial"  # per thread too
    try:
        descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        os.close(descriptor)
        destination = sqlite3.connect(partial)
        try:
            conn.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            destination.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(
        re.escape(db_path.stem)
        + r"-(?P<day>\d{8})(?:-(?P<time>\d{6}-\d{6}))?-(?P<reason>[a-z][a-z0-9-]*)\.db"
    )


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
            logging.getLogger(__name__).warning(
                "cm-coach: daily backup skipped (%s): %s", target.parent, error
            )
            return None
    return target


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
