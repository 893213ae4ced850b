"""The user's corrections of the judgements (``cm-coach teach``, a key in the app, an
explicit ``--activity``), one per wording."""

from __future__ import annotations

import sqlite3


def all_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every correction, oldest first."""
    return conn.execute(
        "SELECT id, uid, text, verdict, family, category, activity, created_at FROM corrections ORDER BY id"
    ).fetchall()


def fingerprint(conn: sqlite3.Connection) -> tuple[int, int]:
    """Changes whenever a correction is added, replaced or removed (to reload only then)."""
    row = conn.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM corrections").fetchone()
    return (row[0], row[1])


def upsert(conn: sqlite3.Connection, values: dict) -> None:
    """One correction per wording (``text_key``): a new one for the same wording replaces it."""
    conn.execute("DELETE FROM corrections WHERE text_key = ?", (values["text_key"],))
    conn.execute(
        "INSERT INTO corrections (uid, text, text_key, verdict, family, category, activity, created_at)"
        " VALUES (:uid, :text, :text_key, :verdict, :family, :category, :activity, :created_at)",
        values,
    )


def delete(conn: sqlite3.Connection, key: str) -> int:
    """Remove the correction of a wording (``text_key``) or with that uid; how many went."""
    cursor = conn.execute("DELETE FROM corrections WHERE text_key = ? OR uid = ?", (key, key))
    return cursor.rowcount
