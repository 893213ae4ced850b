"""The undo of entry edits and deletions (``entry_undo``): each change keeps the entry's row
as it was, with its links, so that ``entries undo`` and the app's undo key can put it back."""

from __future__ import annotations

import sqlite3

from cm_coach.store.queries import now_stamp

KEEP = 100  # the most recent changes that can be undone


def remember(conn: sqlite3.Connection, action: str, entry_id: int, payload: str) -> None:
    """Record a change about to be made (inside the caller's transaction); the oldest
    records beyond :data:`KEEP` are dropped."""
    conn.execute(
        "INSERT INTO entry_undo (action, entry_id, payload, created_at) VALUES (?, ?, ?, ?)",
        (action, entry_id, payload, now_stamp()),
    )
    conn.execute(
        "DELETE FROM entry_undo WHERE id NOT IN (SELECT id FROM entry_undo ORDER BY id DESC LIMIT ?)", (KEEP,)
    )


def latest(conn: sqlite3.Connection) -> dict | None:
    """The most recent change that can be undone, or None."""
    row = conn.execute("SELECT * FROM entry_undo ORDER BY id DESC LIMIT 1").fetchone()
    return dict(row) if row else None


def forget(conn: sqlite3.Connection, undo_id: int) -> None:
    """Drop one undo record, once it is undone or no longer applies."""
    conn.execute("DELETE FROM entry_undo WHERE id = ?", (undo_id,))


def forget_deletion(conn: sqlite3.Connection, entry_id: int) -> None:
    """The deletion of ``entry_id`` was undone another way (the entry is back)."""
    conn.execute("DELETE FROM entry_undo WHERE action = 'delete' AND entry_id = ?", (entry_id,))


def people_links(conn: sqlite3.Connection, entry_id: int) -> list[int]:
    """The people an entry is tied to, kept with it so that an undo ties them again."""
    rows = conn.execute(
        "SELECT person_id FROM entry_people WHERE entry_id = ? ORDER BY person_id", (entry_id,)
    )
    return [row[0] for row in rows]


def plan_links(conn: sqlite3.Connection, entry_id: int) -> list[int]:
    """The plan rows an entry did, kept with it so that an undo marks them done again."""
    rows = conn.execute("SELECT id FROM plan_items WHERE entry_id = ? ORDER BY id", (entry_id,))
    return [row[0] for row in rows]


def idea_links(conn: sqlite3.Connection, entry_id: int) -> list[int]:
    """The ideas an entry used, kept with it so that an undo marks them used again."""
    rows = conn.execute("SELECT id FROM ideas WHERE entry_id = ? ORDER BY id", (entry_id,))
    return [row[0] for row in rows]


def detach_plan(conn: sqlite3.Connection, entry_id: int) -> None:
    """The plan row an entry about to be deleted did is to be done again."""
    conn.execute("UPDATE plan_items SET entry_id = NULL WHERE entry_id = ?", (entry_id,))


def attach_plan(conn: sqlite3.Connection, entry_id: int, plan_items: list[int]) -> None:
    """Put back the links :func:`detach_plan` removed (rows not taken meanwhile)."""
    conn.executemany(
        "UPDATE plan_items SET entry_id = ? WHERE id = ? AND entry_id IS NULL",
        [(entry_id, item) for item in plan_items],
    )


def put_back_entry(conn: sqlite3.Connection, row: dict) -> None:
    """Insert a deleted entry's row again, with its id."""
    columns = ", ".join(row)
    marks = ", ".join(f":{column}" for column in row)
    conn.execute(f"INSERT INTO entries ({columns}) VALUES ({marks})", row)


def restore_values(conn: sqlite3.Connection, row: dict) -> None:
    """Set an edited entry's columns back to ``row``'s values."""
    values = {column: value for column, value in row.items() if column != "id"}
    assignments = ", ".join(f"{column} = :{column}" for column in values)
    conn.execute(f"UPDATE entries SET {assignments} WHERE id = :id", {**values, "id": row["id"]})


def entry_exists(conn: sqlite3.Connection, entry_id: int) -> bool:
    """Whether the entry is in the journal: an undo record that no longer applies is passed over."""
    return conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is not None
