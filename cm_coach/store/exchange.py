"""The whole journal in and out: the rows a JSON export writes, and the merge an import
makes (records matched by their stable ids, so that nothing is duplicated)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date

from cm_coach.models import name_key

TABLES = ("missions", "entries", "checkins", "plan_items", "assessments", "settings")


def _dated(column: str, period: tuple[date, date] | None) -> tuple[str, list]:
    if period is None:
        return "1 = 1", []
    return f"{column} BETWEEN ? AND ?", [period[0].isoformat(), period[1].isoformat()]


# --- reading, for the JSON export ---------------------------------------------------------


def mission_rows(conn: sqlite3.Connection, mission_id: int | None) -> Iterator[sqlite3.Row]:
    """Missions by uid (one, with ``mission_id``)."""
    sql, params = "SELECT * FROM missions", []
    if mission_id is not None:
        sql, params = sql + " WHERE id = ?", [mission_id]
    yield from conn.execute(sql + " ORDER BY uid", params)


def mission_name(conn: sqlite3.Connection, mission_id: int) -> str:
    return conn.execute("SELECT name FROM missions WHERE id = ?", (mission_id,)).fetchone()[0]


def entry_rows(
    conn: sqlite3.Connection, period: tuple[date, date] | None, mission_id: int | None
) -> Iterator[sqlite3.Row]:
    """Entries with their mission's uid (``mission_uid``), by date then uid."""
    where, params = _dated("e.date", period)
    if mission_id is not None:
        where, params = where + " AND e.mission_id = ?", [*params, mission_id]
    yield from conn.execute(
        "SELECT e.*, m.uid AS mission_uid FROM entries e LEFT JOIN missions m ON m.id = e.mission_id"
        f" WHERE {where} ORDER BY e.date, e.uid",
        params,
    )


def checkin_rows(
    conn: sqlite3.Connection, period: tuple[date, date] | None, mission_id: int | None
) -> Iterator[sqlite3.Row]:
    """Check-ins by date; with a mission, the days worked for it."""
    where, params = _dated("date", period)
    if mission_id is not None:
        where, params = (
            where + " AND date IN (SELECT date FROM entries WHERE mission_id = ?)",
            [
                *params,
                mission_id,
            ],
        )
    yield from conn.execute(f"SELECT * FROM checkins WHERE {where} ORDER BY date", params)


def plan_rows(
    conn: sqlite3.Connection, period: tuple[date, date] | None, mission_id: int | None
) -> Iterator[sqlite3.Row]:
    """Plan items with their mission's uid, by date, position then uid."""
    where, params = _dated("p.date", period)
    if mission_id is not None:
        where, params = where + " AND p.mission_id = ?", [*params, mission_id]
    yield from conn.execute(
        "SELECT p.*, m.uid AS mission_uid FROM plan_items p LEFT JOIN missions m ON m.id = p.mission_id"
        f" WHERE {where} ORDER BY p.date, p.position, p.uid",
        params,
    )


def assessment_rows(
    conn: sqlite3.Connection, period: tuple[date, date] | None, mission_id: int | None
) -> Iterator[tuple[sqlite3.Row, list[sqlite3.Row]]]:
    """Each assessment with its mission's uid, and its answers in the order given."""
    where, params = _dated("a.date", period)
    if mission_id is not None:
        where, params = where + " AND a.mission_id = ?", [*params, mission_id]
    heads = conn.execute(
        "SELECT a.*, m.uid AS mission_uid FROM assessments a JOIN missions m ON m.id = a.mission_id"
        f" WHERE {where} ORDER BY a.date, a.uid",
        params,
    ).fetchall()  # few rows; each is followed by a query of its answers
    for head in heads:
        answers = conn.execute(
            "SELECT question_id, score, note FROM assessment_answers WHERE assessment_id = ? ORDER BY rowid",
            (head["id"],),
        ).fetchall()
        yield head, answers


def settings(conn: sqlite3.Connection) -> dict[str, str]:
    return {key: value for key, value in conn.execute("SELECT key, value FROM settings ORDER BY key")}


# --- writing, for an import -----------------------------------------------------------------


def records(conn: sqlite3.Connection) -> int:
    """How many records the journal holds, in all its tables (settings, drafts and the
    timer included; the migration log is not a record): 0 for a new journal."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name != '_sqlite_migrations'"
        )
    ]
    return sum(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables)


def is_empty(conn: sqlite3.Connection) -> bool:
    """No record at all (an import into an empty journal needs no backup first)."""
    return not any(conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in TABLES)


def local_mission_id(conn: sqlite3.Connection, uid: str, name: str) -> int | None:
    """The journal's mission for an imported one: same uid, else same name."""
    row = conn.execute("SELECT id FROM missions WHERE uid = ?", (uid,)).fetchone()
    if row is None:
        row = conn.execute("SELECT id FROM missions WHERE name_key = ?", (name_key(name),)).fetchone()
    return row[0] if row else None


def insert_mission(conn: sqlite3.Connection, values: tuple) -> int:
    cursor = conn.execute(
        "INSERT INTO missions (uid, name, client, kind, start, end, notes, agreed, followers,"
        " created_at, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*values, name_key(values[1])),
    )
    return int(cursor.lastrowid or 0)


def add_entries(conn: sqlite3.Connection, rows: Iterable[tuple]) -> int:
    """Insert entries not already there (by uid); returns how many were added."""
    cursor = conn.executemany(
        "INSERT INTO entries (uid, date, mission_id, task, minutes, activity, verdict, category, family,"
        " score, matched, people, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(uid) DO NOTHING",
        rows,
    )
    return max(cursor.rowcount, 0)


def add_checkins(conn: sqlite3.Connection, rows: Iterable[tuple]) -> int:
    """Insert check-ins of days that have none; returns how many were added."""
    cursor = conn.executemany(
        "INSERT INTO checkins (date, prompt_id, answer, intention_minutes, energy, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(date) DO NOTHING",
        rows,
    )
    return max(cursor.rowcount, 0)


def planned_days(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT DISTINCT date FROM plan_items")}


def add_plan_items(conn: sqlite3.Connection, rows: Iterable[tuple]) -> int:
    cursor = conn.executemany(
        "INSERT INTO plan_items (uid, date, position, task, mission_id, verdict, family, category,"
        " decision, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(uid) DO NOTHING",
        rows,
    )
    return max(cursor.rowcount, 0)


def has_assessment(conn: sqlite3.Connection, uid: str) -> bool:
    return conn.execute("SELECT 1 FROM assessments WHERE uid = ?", (uid,)).fetchone() is not None


def add_settings(conn: sqlite3.Connection, values: dict[str, str]) -> int:
    cursor = conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING", list(values.items())
    )
    return max(cursor.rowcount, 0)
