"""Read-only looks at a journal file without opening it for work: no migration, no backup,
no sqlite-utils. For the shell start-up path (``checkin --if-needed``) and ``doctor``."""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from datetime import date
from pathlib import Path

from cm_coach.store import signature
from cm_coach.store.handles import open_readable

SCHEMA_VERSION = 3  # the schema the quick reads below know (a test keeps it equal to db's)

# Each person's missions' names (joined by char 31) and open follow-ups, joined on ``p``.
_MISSIONS_AND_FOLLOW_UPS = """
LEFT JOIN (
    SELECT pm.person_id, group_concat(m.name, char(31)) AS mission_names
    FROM person_missions pm JOIN missions m ON m.id = pm.mission_id GROUP BY pm.person_id
) pm ON pm.person_id = p.id
LEFT JOIN (
    SELECT person_id, COUNT(*) AS open_follow_ups FROM follow_ups WHERE done IS NULL GROUP BY person_id
) f ON f.person_id = p.id
"""

# Everyone with their first and last exchange, how many, their missions' names (joined by
# char 31) and open follow-ups: the store's people query and ``people list``'s quick path.
PEOPLE_SUMMARY = (
    """
SELECT p.id, p.uid, p.name, p.platform, p.tags, p.note, p.created_at,
       x.first_day, x.last_day, COALESCE(x.exchanges, 0) AS exchanges,
       pm.mission_names, COALESCE(f.open_follow_ups, 0) AS open_follow_ups
FROM people p
LEFT JOIN (
    SELECT ep.person_id, MIN(ep.day) AS first_day, MAX(ep.day) AS last_day, COUNT(*) AS exchanges
    FROM entry_people ep {inner} GROUP BY ep.person_id
) x ON x.person_id = p.id
"""
    + _MISSIONS_AND_FOLLOW_UPS
)
PEOPLE_ORDER = " ORDER BY x.last_day IS NULL, x.last_day DESC, p.name_key"
# What ``people list``'s table shows: id, name, platform, tags, last exchange, exchanges, in
# name order; people_listing adds the open follow-ups and orders it like PEOPLE_ORDER. Each
# person's last day and count are two seeks in idx_entry_people_person (the last day is the
# index's last entry for that person), not a GROUP BY over every exchange: on 5,000 people
# and 33,000 exchanges the grouping, its join and its sort cost about as much as the rest
# of the command.
PEOPLE_TABLE = """
SELECT p.id, p.name, p.platform, p.tags,
       (SELECT day FROM entry_people WHERE person_id = p.id ORDER BY day DESC LIMIT 1),
       (SELECT COUNT(*) FROM entry_people WHERE person_id = p.id)
FROM people p ORDER BY p.name_key
"""
# Everyone, with what a Person holds (the People section and ``list_people``), by the same
# seeks as PEOPLE_TABLE and in the people table's own order (no index walked then each row
# looked up): the caller orders it like PEOPLE_ORDER (see ``people.everyone``). Columns:
# id, uid, name, platform, tags, note, first day, last day, exchanges, missions' names
# (joined by char 31), open follow-ups, name key.
EVERYONE = (
    """
SELECT p.id, p.uid, p.name, p.platform, p.tags, p.note,
       (SELECT MIN(day) FROM entry_people WHERE person_id = p.id),
       (SELECT MAX(day) FROM entry_people WHERE person_id = p.id),
       (SELECT COUNT(*) FROM entry_people WHERE person_id = p.id),
       pm.mission_names, COALESCE(f.open_follow_ups, 0), p.name_key
FROM people p
"""
    + _MISSIONS_AND_FOLLOW_UPS
)
OPEN_FOLLOW_UPS = "SELECT person_id, COUNT(*) FROM follow_ups WHERE done IS NULL GROUP BY person_id"


def _read_only(db_path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    return open_readable(db_path, timeout=timeout)  # a read-only folder too


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


# What ``doctor`` reports about the file: the schema version, the integrity (["ok"] when
# intact; else up to five problems), how many entries, and, for a file that is not a
# cm-coach journal, what it lacks. A named tuple, not a dataclass: this module is on the
# quick paths, and dataclasses costs them ~5 ms to import.
Facts = namedtuple("Facts", ["version", "integrity", "entries", "missing"], defaults=((),))


def facts(db_path: Path) -> Facts:
    """Schema version, integrity and size of the journal (raises ``sqlite3.DatabaseError``
    for a file SQLite cannot read)."""
    conn = _read_only(db_path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        missing = signature.problems(conn) if integrity == ["ok"] else []
        has_entries = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'"
        ).fetchone()
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0] if has_entries else 0
    finally:
        conn.close()
    return Facts(version, integrity, entries, missing)


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


def people_listing(db_path: Path, *, table: bool = False) -> list[tuple] | None:
    """Everyone, the most recent exchange first, as tuples in :data:`PEOPLE_SUMMARY`'s column
    order (with ``table``: name, platform, tags, last exchange, exchanges, open follow-ups),
    read without opening the journal for work; None when the file is not a journal of the
    current schema (the full path will say why)."""
    try:
        conn = _read_only(db_path)
    except sqlite3.Error:
        return None
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None
        if not table:
            return conn.execute(PEOPLE_SUMMARY.format(inner="") + PEOPLE_ORDER).fetchall()
        waiting = dict(conn.execute(OPEN_FOLLOW_UPS).fetchall()).get
        rows = [
            (name, platform, tags, last, exchanges, waiting(person_id, 0))
            for person_id, name, platform, tags, last, exchanges in conn.execute(PEOPLE_TABLE)
        ]
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    # PEOPLE_ORDER: the most recent exchange first, never last, then by name. The rows come
    # by name and the sort is stable, also reversed; ISO days sort as text, "" after them all.
    rows.sort(key=_last_day, reverse=True)
    return rows


def _last_day(row: tuple) -> str:
    return row[3] or ""


def daily_backup_made(db_path: Path, day: date) -> bool:
    """Whether ``day``'s automatic copy exists (the rule of ``copies.daily_path``, without
    importing what copying needs; a test keeps both equal)."""
    from cm_coach.paths import backups_dir

    return (backups_dir(db_path) / f"{db_path.name}-{day:%Y%m%d}-daily.db").exists()


def records(db_path: Path) -> int:
    """How many records the journal at ``db_path`` holds, read-only (0: missing or new).
    Asked before a command that must not write into a journal in use (``demo``)."""
    from cm_coach.store import exchange

    if not db_path.exists():
        return 0
    conn = _read_only(db_path)
    try:
        return exchange.records(conn)
    finally:
        conn.close()
