"""Plan rows as things to do: one row by id, its link to the entry it became, the people
it is with."""

from __future__ import annotations

import sqlite3
from datetime import date


def plan_item(conn: sqlite3.Connection, plan_id: int) -> dict | None:
    """One plan row with its mission's name, or None: the row a user logs or times from the plan."""
    row = conn.execute(
        "SELECT p.*, m.name AS mission FROM plan_items p LEFT JOIN missions m ON m.id = p.mission_id"
        " WHERE p.id = ?",
        (plan_id,),
    ).fetchone()
    return dict(row) if row else None


def link_entry(conn: sqlite3.Connection, plan_id: int, entry_id: int) -> None:
    """Mark a plan row as done by ``entry_id``, the entry that logged it."""
    conn.execute("UPDATE plan_items SET entry_id = ? WHERE id = ?", (entry_id, plan_id))


def entry_links(conn: sqlite3.Connection, day: date) -> dict[tuple[str, int | None], int]:
    """``(task, mission_id)`` → entry id for the day's plan rows already done: kept when
    the check-in is saved again and its plan rewritten."""
    rows = conn.execute(
        "SELECT task, mission_id, entry_id FROM plan_items WHERE date = ? AND entry_id IS NOT NULL",
        (day.isoformat(),),
    )
    return {(row[0], row[1]): row[2] for row in rows}


def people_of_day(conn: sqlite3.Connection, day: date) -> dict[int, list[str]]:
    """Plan row id → the names of the people it is with, as the journal knows them now, in
    the order they were given (rows with nobody are left out)."""
    rows = conn.execute(
        "SELECT pp.plan_item_id, p.name FROM plan_item_people pp JOIN people p ON p.id = pp.person_id"
        " JOIN plan_items i ON i.id = pp.plan_item_id WHERE i.date = ? ORDER BY pp.plan_item_id, pp.rowid",
        (day.isoformat(),),
    )
    found: dict[int, list[str]] = {}
    for plan_id, name in rows:
        found.setdefault(plan_id, []).append(name)
    return found


def people_of(conn: sqlite3.Connection, plan_id: int) -> list[str]:
    """The names of the people one plan row is with, in the order they were given."""
    rows = conn.execute(
        "SELECT p.name FROM plan_item_people pp JOIN people p ON p.id = pp.person_id"
        " WHERE pp.plan_item_id = ? ORDER BY pp.rowid",
        (plan_id,),
    )
    return [row[0] for row in rows]
