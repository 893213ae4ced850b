"""The timer's row (``timer``, id 1: one timer at a time) and the read-only look at it that
``cm-coach status`` takes from a shell prompt: that path imports only sqlite3."""

from __future__ import annotations

import sqlite3
from pathlib import Path

TIMER_ID = 1
_COLUMNS = "t.task, t.started_at, m.name AS mission, t.mission_id, t.activity, t.people, t.plan_item_id"


def running(conn: sqlite3.Connection) -> dict | None:
    """The running timer's row with its mission's name, or ``None``."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM timer t LEFT JOIN missions m ON m.id = t.mission_id WHERE t.id = ?",
        (TIMER_ID,),
    ).fetchone()
    return dict(row) if row else None


def start(conn: sqlite3.Connection, values: dict) -> None:
    """Write the timer's row (the caller checked that none runs, inside its transaction)."""
    conn.execute(
        "INSERT INTO timer (id, task, mission_id, activity, people, started_at, plan_item_id)"
        " VALUES (:id, :task, :mission_id, :activity, :people, :started_at, :plan_item_id)",
        {"id": TIMER_ID, **values},
    )


def claim(conn: sqlite3.Connection, started_at: str) -> dict | None:
    """Take the timer started at ``started_at`` off the table and return its raw row: of two
    processes stopping it at once, only one gets it (the other gets ``None``)."""
    row = conn.execute(
        "SELECT * FROM timer WHERE id = ? AND started_at = ?", (TIMER_ID, started_at)
    ).fetchone()
    if row is None:
        return None
    conn.execute("DELETE FROM timer WHERE id = ?", (TIMER_ID,))
    return dict(row)


def put_back(conn: sqlite3.Connection, row: dict) -> None:
    """Restore a claimed row whose entry could not be written."""
    columns = ", ".join(row)
    marks = ", ".join(f":{column}" for column in row)
    conn.execute(f"INSERT OR REPLACE INTO timer ({columns}) VALUES ({marks})", row)


def peek(db_path: Path) -> tuple[str, str, str | None] | None:
    """``(task, started_at, mission)`` of the running timer, read-only and without migrating:
    ``None`` for no timer, a missing file, a journal older than the timer or not a journal."""
    if not db_path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute(
            "SELECT t.task, t.started_at, m.name FROM timer t LEFT JOIN missions m ON m.id = t.mission_id"
            " WHERE t.id = ?",
            (TIMER_ID,),
        ).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return (row[0], row[1], row[2]) if row else None
