"""The journal read in date order, for exports: entries, check-ins and hand-offs as
ordered cursors (one row at a time, so ten years never sit in memory), and its span."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from cm_coach.store.queries import period_filter


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction: every query of an export sees the same journal, even if the
    app writes in the meantime (WAL keeps the snapshot)."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.rollback()


def span(conn: sqlite3.Connection) -> tuple[date, date] | None:
    """The first and last days with an entry, a check-in or a plan (None: an empty journal)."""
    row = conn.execute(
        "SELECT MIN(d), MAX(d) FROM (SELECT MIN(date) AS d FROM entries"
        " UNION ALL SELECT MAX(date) FROM entries"
        " UNION ALL SELECT MIN(date) FROM checkins UNION ALL SELECT MAX(date) FROM checkins"
        " UNION ALL SELECT MIN(date) FROM plan_items UNION ALL SELECT MAX(date) FROM plan_items)"
    ).fetchone()
    if not row or row[0] is None:
        return None
    return date.fromisoformat(row[0]), date.fromisoformat(row[1])


def entry_rows(conn: sqlite3.Connection, start: date, end: date, mission_id: int | None) -> Iterator[tuple]:
    """``(day, mission, client, task, minutes, activity, verdict, family, category, mission's
    agreed families)`` per entry, oldest first."""
    where, params = period_filter("e", start, end, mission_id)
    sql = (
        "SELECT e.date, m.name, m.client, e.task, e.minutes, e.activity, COALESCE(e.verdict, 'unsure'),"
        " e.family, e.category, COALESCE(m.agreed, '') FROM entries e"
        f" LEFT JOIN missions m ON m.id = e.mission_id WHERE {where} ORDER BY e.date, e.id"
    )
    for row in conn.execute(sql, params):
        yield tuple(row)


def checkin_rows(
    conn: sqlite3.Connection,
    start: date,
    end: date,
    mission_id: int | None,
    prompt_ids: list[str] | None = None,
) -> Iterator[tuple]:
    """``(day, prompt id, answer, intention minutes, energy)`` per check-in, oldest first.
    With a mission, only the days worked for it; with ``prompt_ids``, only answered check-ins
    of those prompts."""
    sql = "SELECT date, prompt_id, answer, intention_minutes, energy FROM checkins WHERE date BETWEEN ? AND ?"
    params: list = [start.isoformat(), end.isoformat()]
    if prompt_ids is not None:
        sql += f" AND prompt_id IN ({','.join('?' for _ in prompt_ids) or 'NULL'})"
        sql += " AND TRIM(COALESCE(answer, '')) != ''"
        params += prompt_ids
    if mission_id is not None:
        sql += " AND date IN (SELECT date FROM entries WHERE mission_id = ?)"
        params.append(mission_id)
    sql += " ORDER BY date"
    for row in conn.execute(sql, params):
        yield tuple(row)


def handoff_rows(conn: sqlite3.Connection, start: date, end: date, mission_id: int | None) -> Iterator[tuple]:
    """``(day, task, mission)`` per planned task handed off, oldest first."""
    where, params = period_filter("p", start, end, mission_id)
    sql = (
        "SELECT p.date, p.task, m.name FROM plan_items p LEFT JOIN missions m ON m.id = p.mission_id"
        f" WHERE p.decision = 'handoff' AND {where} ORDER BY p.date, p.position, p.id"
    )
    for row in conn.execute(sql, params):
        yield tuple(row)
