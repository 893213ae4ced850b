"""Plan rows as things to do: one row by id, its link to the entry it became."""

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
