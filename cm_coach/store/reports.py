"""The aggregate queries behind the indicators, signals and exports.

Each function answers one question over a period (and maybe one mission) in a few rows;
what the rows mean (shares, the "agreed" rule, signals) is decided by the core.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date

from cm_coach.store.queries import period_filter


def _marks(values: Iterable[object]) -> str:
    return ",".join("?" for _ in values) or "NULL"


def minutes_by_activity(
    conn: sqlite3.Connection, start: date, end: date, mission_id: int | None
) -> list[tuple[str, int]]:
    """``(activity, minutes)`` for the period, most minutes first."""
    where, params = period_filter("e", start, end, mission_id)
    rows = conn.execute(
        f"SELECT e.activity, SUM(e.minutes) FROM entries e WHERE {where}"
        " GROUP BY e.activity ORDER BY SUM(e.minutes) DESC, e.activity",
        params,
    )
    return [(row[0], row[1]) for row in rows]


def minutes_by_mission(
    conn: sqlite3.Connection, start: date, end: date, mission_id: int | None
) -> list[tuple[str, int]]:
    """``(mission name, minutes)`` for the period, most minutes first; ``""`` for no mission."""
    where, params = period_filter("e", start, end, mission_id)
    rows = conn.execute(
        "SELECT COALESCE(m.name, ''), SUM(e.minutes) FROM entries e"
        f" LEFT JOIN missions m ON m.id = e.mission_id WHERE {where}"
        " GROUP BY e.mission_id ORDER BY SUM(e.minutes) DESC, m.name",
        params,
    )
    return [(row[0], row[1]) for row in rows]


def outside_minutes(
    conn: sqlite3.Connection, start: date, end: date, mission_id: int | None
) -> list[tuple[str | None, str | None, str, str, int]]:
    """Outside-role minutes as ``(family, category, mission name, mission's agreed families,
    minutes)``: enough for the core to apply its one "agreed" rule."""
    where, params = period_filter("e", start, end, mission_id)
    rows = conn.execute(
        "SELECT e.family, e.category, COALESCE(m.name, ''), COALESCE(m.agreed, ''), SUM(e.minutes)"
        " FROM entries e LEFT JOIN missions m ON m.id = e.mission_id"
        f" WHERE {where} AND e.verdict = 'outside' GROUP BY 1, 2, e.mission_id ORDER BY 3, 1, 2",
        params,
    )
    return [tuple(row) for row in rows]


def minutes_per_mission(conn: sqlite3.Connection, start: date, end: date) -> dict[str, int]:
    """Every mission's total minutes over the period, by name."""
    rows = conn.execute(
        "SELECT m.name, SUM(e.minutes) FROM entries e JOIN missions m ON m.id = e.mission_id"
        " WHERE e.date BETWEEN ? AND ? GROUP BY e.mission_id",
        (start.isoformat(), end.isoformat()),
    )
    return {row[0]: row[1] for row in rows}


def day_minutes(
    conn: sqlite3.Connection,
    start: date,
    end: date,
    mission_id: int | None,
    people_activities: tuple[str, ...],
    content_activity: str,
) -> dict[str, tuple[int, int, int]]:
    """ISO day → (minutes, minutes with people, content minutes), for the days with entries."""
    where, params = period_filter("e", start, end, mission_id)
    rows = conn.execute(
        f"SELECT e.date, SUM(e.minutes),"
        f" SUM(CASE WHEN e.activity IN ({_marks(people_activities)}) THEN e.minutes ELSE 0 END),"
        " SUM(CASE WHEN e.activity = ? THEN e.minutes ELSE 0 END)"
        f" FROM entries e WHERE {where} GROUP BY e.date",
        [*people_activities, content_activity, *params],
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def checkin_days(conn: sqlite3.Connection, start: date, end: date) -> set[str]:
    """ISO days of the period that have a saved check-in."""
    rows = conn.execute(
        "SELECT date FROM checkins WHERE date BETWEEN ? AND ?", (start.isoformat(), end.isoformat())
    )
    return {row[0] for row in rows}


def recent_checkin_days(conn: sqlite3.Connection, until: date, limit: int) -> set[str]:
    """The ``limit`` latest ISO days with a check-in, up to ``until``."""
    rows = conn.execute(
        "SELECT date FROM checkins WHERE date <= ? ORDER BY date DESC LIMIT ?", (until.isoformat(), limit)
    )
    return {row[0] for row in rows}


def people_sum(conn: sqlite3.Connection, start: date, end: date, mission_id: int | None) -> int | None:
    """The unnamed headcounts typed with the period's entries (``log --people N``), summed
    (None: none typed). They may count the same people twice, so they are shown apart."""
    where, params = period_filter("e", start, end, mission_id)
    return conn.execute(f"SELECT SUM(e.people) FROM entries e WHERE {where}", params).fetchone()[0]


def tasks_of_activity(
    conn: sqlite3.Connection, start: date, end: date, mission_id: int | None, activity: str
) -> list[tuple[str, str, int]]:
    """``(task, ISO day, minutes)`` of one activity over the period, oldest first."""
    where, params = period_filter("e", start, end, mission_id)
    rows = conn.execute(
        f"SELECT e.task, e.date, e.minutes FROM entries e WHERE {where} AND e.activity = ? ORDER BY e.date",
        [*params, activity],
    )
    return [(row[0], row[1], row[2]) for row in rows]


def family_minutes(
    conn: sqlite3.Connection, start: date, end: date, mission_id: int | None, family: str
) -> int:
    """Outside-role minutes of one family over the period."""
    where, params = period_filter("e", start, end, mission_id)
    return conn.execute(
        f"SELECT COALESCE(SUM(e.minutes), 0) FROM entries e WHERE {where}"
        " AND e.verdict = 'outside' AND e.family = ?",
        [*params, family],
    ).fetchone()[0]


def people_exchanges(
    conn: sqlite3.Connection, start: date, end: date, mission_id: int | None
) -> list[tuple[int, int, str]]:
    """Per person met in the period: ``(person id, exchanges in the period, ISO day of their
    first exchange ever)`` — an exchange is an entry linked to the person. The first one is
    the person's first link by day in idx_entry_people_person (the day is the entry's, kept
    by triggers), not the least of all their entries' dates: ~10× less on the 10-year demo."""
    where, params = period_filter("e", start, end, mission_id)
    rows = conn.execute(
        "SELECT ep.person_id, COUNT(*),"
        " (SELECT e2.date FROM entry_people ep2 CROSS JOIN entries e2 ON e2.id = ep2.entry_id"
        "  WHERE ep2.person_id = ep.person_id ORDER BY ep2.day LIMIT 1)"
        f" FROM entry_people ep JOIN entries e ON e.id = ep.entry_id WHERE {where}"
        " GROUP BY ep.person_id",
        params,
    )
    return [(row[0], row[1], row[2]) for row in rows]


def platform_figures(conn: sqlite3.Connection, mission_id: int) -> list[tuple[str, int | None, int | None]]:
    """A mission's monthly platform figures ``(YYYY-MM, followers, interacting)``, oldest first."""
    rows = conn.execute(
        "SELECT month, followers, interacting FROM mission_figures WHERE mission_id = ? ORDER BY month",
        (mission_id,),
    )
    return [(row[0], row[1], row[2]) for row in rows]


def category_minutes(
    conn: sqlite3.Connection, start: date, end: date, mission_id: int | None, category: str
) -> int:
    """Minutes of one category over the period (verdicts of any side)."""
    where, params = period_filter("e", start, end, mission_id)
    return conn.execute(
        f"SELECT COALESCE(SUM(e.minutes), 0) FROM entries e WHERE {where} AND e.category = ?",
        [*params, category],
    ).fetchone()[0]


def entries_count(
    conn: sqlite3.Connection, start: date, end: date, mission_id: int | None, activities: tuple[str, ...]
) -> int:
    """How many entries of the given activities fall in the period (the report's conversations)."""
    where, params = period_filter("e", start, end, mission_id)
    return conn.execute(
        f"SELECT COUNT(*) FROM entries e WHERE {where} AND e.activity IN ({_marks(activities)})",
        [*params, *activities],
    ).fetchone()[0]


def day_activity_minutes(
    conn: sqlite3.Connection, start: date, end: date, mission_id: int | None
) -> list[tuple[str, str, int]]:
    """``(ISO day, activity, minutes)`` for the period, by day then activity (the daily chart)."""
    where, params = period_filter("e", start, end, mission_id)
    rows = conn.execute(
        f"SELECT e.date, e.activity, SUM(e.minutes) FROM entries e WHERE {where}"
        " GROUP BY e.date, e.activity ORDER BY e.date",
        params,
    )
    return [(row[0], row[1], row[2]) for row in rows]
