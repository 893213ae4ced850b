"""Read-only looks at a journal file without opening it for work: no migration, no backup,
no sqlite-utils. For the shell start-up path (``checkin --if-needed``) and ``doctor``."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path


def _read_only(db_path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    return sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)


def checkin_saved(db_path: Path, day: date) -> bool:
    """Whether ``day`` has a saved check-in; a missing or unreadable journal says no."""
    if not db_path.is_file():
        return False
    try:
        conn = _read_only(db_path, timeout=2)
    except sqlite3.Error:
        return False
    try:
        return (
            conn.execute("SELECT 1 FROM checkins WHERE date = ?", (day.isoformat(),)).fetchone() is not None
        )
    except sqlite3.Error:  # no table yet (fresh file) or not a journal: the app will say why
        return False
    finally:
        conn.close()


@dataclass(frozen=True)
class Facts:
    """What ``doctor`` reports about the file."""

    version: int
    integrity: list[str]  # ["ok"] when intact; else up to five problems
    entries: int


def facts(db_path: Path) -> Facts:
    """Schema version, integrity and size of the journal (raises ``sqlite3.DatabaseError``
    for a file SQLite cannot read)."""
    conn = _read_only(db_path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        has_entries = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'"
        ).fetchone()
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0] if has_entries else 0
    finally:
        conn.close()
    return Facts(version, integrity, entries)


def correction_rows(db_path: Path) -> list[tuple[str, str | None, str | None, str | None, str]]:
    """The user's corrections ``(text, family, category, activity, uid)`` read without opening
    the journal for work (``check`` stays fast); none for a missing, older or foreign file."""
    if not db_path.is_file():
        return []
    try:
        conn = _read_only(db_path, timeout=2)
    except sqlite3.Error:
        return []
    try:
        rows = conn.execute(
            "SELECT text, family, category, activity, uid FROM corrections ORDER BY id"
        ).fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    return [tuple(row) for row in rows]
