"""Weekly reviews (``weekly_reviews``, keyed by the week's Monday) and the few counts a
review reads that no other query gives: plan rows kept, people met, follow-ups."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date

from cm_coach.store.queries import now_stamp


def answer(conn: sqlite3.Connection, monday: date) -> str | None:
    """The answer kept for the week starting ``monday``, or None."""
    row = conn.execute("SELECT answer FROM weekly_reviews WHERE week = ?", (monday.isoformat(),)).fetchone()
    return row[0] if row else None


def save(conn: sqlite3.Connection, monday: date, text: str) -> None:
    """Keep ``text`` as the week's answer, replacing an earlier one (``created_at`` is kept)."""
    stamp = now_stamp()
    conn.execute(
        "INSERT INTO weekly_reviews (week, answer, created_at, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(week) DO UPDATE SET answer = excluded.answer, updated_at = excluded.updated_at",
        (monday.isoformat(), text, stamp, stamp),
    )


def reviews(conn: sqlite3.Connection, start: date | None = None, end: date | None = None) -> Iterator[dict]:
    """Saved reviews by week (those whose Monday is within ``start``..``end`` when given)."""
    sql, params = "SELECT * FROM weekly_reviews", []
    if start is not None and end is not None:
        sql, params = sql + " WHERE week BETWEEN ? AND ?", [start.isoformat(), end.isoformat()]
    for row in conn.execute(sql + " ORDER BY week", params):
        yield dict(row)


def add_reviews(conn: sqlite3.Connection, rows: list[tuple]) -> int:
    """Import: reviews of weeks that have none; returns how many were added."""
    cursor = conn.executemany(
        "INSERT INTO weekly_reviews (week, answer, created_at, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(week) DO NOTHING",
        rows,
    )
    return max(cursor.rowcount, 0)


def plan_days(conn: sqlite3.Connection, start: date, end: date) -> dict[str, tuple[int, int]]:
    """Per day: (plan rows kept for the day, how many became an entry)."""
    rows = conn.execute(
        "SELECT date, count(*), count(entry_id) FROM plan_items"
        " WHERE date BETWEEN ? AND ? AND decision != 'handoff' GROUP BY date",
        (start.isoformat(), end.isoformat()),
    )
    return {row[0]: (row[1], row[2]) for row in rows}


def checkin_days(
    conn: sqlite3.Connection, start: date, end: date
) -> dict[str, tuple[int | None, int | None]]:
    """Per day with a check-in: (intended minutes with people, energy)."""
    rows = conn.execute(
        "SELECT date, intention_minutes, energy FROM checkins WHERE date BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    )
    return {row[0]: (row[1], row[2]) for row in rows}


def people_met(conn: sqlite3.Connection, start: date, end: date) -> int:
    """Distinct people linked to the period's entries."""
    row = conn.execute(
        "SELECT count(DISTINCT ep.person_id) FROM entry_people ep JOIN entries e ON e.id = ep.entry_id"
        " WHERE e.date BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    ).fetchone()
    return int(row[0])


def follow_ups(conn: sqlite3.Connection, start: date, end: date) -> tuple[int, int]:
    """Follow-ups due in the period: (how many, how many done)."""
    row = conn.execute(
        "SELECT count(*), count(done) FROM follow_ups WHERE due BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    ).fetchone()
    return int(row[0]), int(row[1])


def first_checkin_between(conn: sqlite3.Connection, start: date, end: date) -> str | None:
    """The first day from ``start`` to ``end`` that has a check-in (ISO text), or None."""
    row = conn.execute(
        "SELECT min(date) FROM checkins WHERE date BETWEEN ? AND ?", (start.isoformat(), end.isoformat())
    ).fetchone()
    return row[0] if row else None
