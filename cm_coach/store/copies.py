"""Copies of the journal: made whole or not at all, private, named so that they sort by time.

Every copy is made with SQLite's online backup API (consistent even while another process
writes), under a temporary name renamed once whole, mode 0600 in a 0700 ``backups/``
folder beside the journal. Daily copies are named by day, so "has today's copy been made?"
is one ``stat``; the last :data:`KEEP_DAILY` are kept. Copies made for a reason
(``pre-migration-v1``, ``pre-import``, ``pre-restore``, ``manual``) are never pruned.

Copies are named after the journal's full file name (``work.db-20261125-daily.db``), so
that ``work.db`` and ``work.sqlite`` beside each other never share them. Copies made
before were named after the stem (``work-20261125-daily.db``): they are still read as
this journal's, unless another SQLite file in the folder has the same stem, in which case
they could be either's and are listed for neither (a journal without a suffix, ``work``,
cannot tell its copies from ``work.db``'s old ones: both are ``work-…``).
This module imports nothing else of the store but :mod:`~cm_coach.store.handles`, so that
opening the journal (``db``) and restoring it (``backups``) can both use it.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cm_coach.clock import now
from cm_coach.paths import backups_dir, ensure_private_dir
from cm_coach.store.handles import SQLITE_HEADER, read_start

KEEP_DAILY = 14
DAILY = "daily"
_DAILY_LOCK = threading.Lock()


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as ``backup --list`` shows it: why it was made, when, its size, and (for a daily copy)
    the day its name carries."""

    path: Path
    reason: str  # "daily", "manual", "pre-import", "pre-restore", "pre-migration-v1"...
    created: datetime
    size: int
    day: str = ""  # YYYYMMDD from the name: daily copies are pruned by it


def daily_path(path: Path, day: date) -> Path:
    """Daily copies are named by day, so "is today's made?" is a single ``stat``."""
    return backups_dir(path) / f"{path.name}-{day:%Y%m%d}-daily.db"


def copy_path(path: Path, reason: str) -> Path:
    """Where a copy of ``path`` made now for ``reason`` goes (named so that copies sort by time)."""
    stamp = now().strftime("%Y%m%d-%H%M%S-%f")
    return backups_dir(path) / f"{path.name}-{stamp}-{reason}.db"


def backup(conn: sqlite3.Connection, path: Path, *, reason: str) -> Path:
    """Copy the live database with SQLite's online backup API into ``backups/``."""
    return backup_to(conn, copy_path(path, reason))


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Write a complete copy of ``conn``'s database at ``target`` (mode 0600), or nothing:
    the copy is made under a temporary name and renamed only once it is whole."""
    folder = ensure_private_dir(target.parent)
    remove_dead_partials(folder)
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


_COPY_SUFFIX = r"-(?P<day>\d{8})(?:-(?P<time>\d{6}-\d{6}))?-(?P<reason>[a-z][a-z0-9-]*)\.db"
_COMPANIONS = ("-wal", "-shm", "-journal")


_PARTIAL = re.compile(r"\..+\.(?P<pid>\d+)\.\d+\.partial")


def remove_dead_partials(folder: Path) -> list[Path]:
    """Delete the partial copies that processes killed half-way left in ``folder`` (named
    ``.<target>.<pid>.<thread>.partial``): only those whose process is gone, never a copy
    another living process is making."""
    removed: list[Path] = []
    try:
        names = [path for path in folder.iterdir() if path.name.endswith(".partial")]
    except OSError:
        return removed
    for path in names:
        match = _PARTIAL.fullmatch(path.name)
        if match is None or _alive(int(match["pid"])):
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or an impossible pid: not ours to judge
    return True


def _patterns(db_path: Path) -> list[re.Pattern[str]]:
    """The names of this journal's copies: by its full name, and by its stem (the names of
    older copies) when no other SQLite file beside it shares that stem."""
    patterns = [re.compile(re.escape(db_path.name) + _COPY_SUFFIX)]
    if db_path.stem != db_path.name and not _stem_shared(db_path):
        patterns.append(re.compile(re.escape(db_path.stem) + _COPY_SUFFIX))
    return patterns


def _stem_shared(db_path: Path) -> bool:
    """Another SQLite file in the journal's folder with the same stem (``work.sqlite`` beside
    ``work.db``, or ``work``)."""
    try:
        siblings = list(db_path.parent.iterdir())
    except OSError:
        return True  # cannot tell: old names are nobody's
    for sibling in siblings:
        name = sibling.name
        if name == db_path.name or name.startswith(".") or name.endswith(_COMPANIONS):
            continue
        if sibling.stem != db_path.stem:
            continue
        try:
            if read_start(sibling, len(SQLITE_HEADER)) in (SQLITE_HEADER, None):
                return True  # None: this process has it open, so it is a journal
        except OSError:
            continue
    return False


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
            import logging  # only on this rare path: ~3 ms on every command that opens the journal

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
    patterns = _patterns(db_path)
    found = []
    for path in folder.iterdir():
        match = next((m for m in (p.fullmatch(path.name) for p in patterns) if m), None)
        if not match:
            continue
        info = path.stat()
        created = (
            datetime.strptime(f"{match['day']}-{match['time']}", "%Y%m%d-%H%M%S-%f")
            if match["time"]
            else datetime.fromtimestamp(info.st_mtime)
        )
        found.append(BackupInfo(path, match["reason"], created, info.st_size, match["day"]))
    return sorted(found, key=lambda item: (item.created, item.path.name))


def prune_daily(db_path: Path, keep: int = KEEP_DAILY) -> list[Path]:
    """Delete the daily copies beyond the ``keep`` most recent days; never the others."""
    daily = [
        item.path
        for item in sorted(list_backups(db_path), key=lambda item: (item.day, item.created))
        if item.reason == DAILY
    ]
    removed = daily[:-keep] if keep else daily
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
