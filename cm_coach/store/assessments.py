"""Self-assessments and their answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


def insert(
    conn: sqlite3.Connection,
    head: tuple,
    answers: Iterable[tuple[str, int, str | None]],
) -> int:
    """One assessment ``(uid, mission_id, date, period_start, period_end, created_at)`` and its
    answers ``(question_id, score, note)``; returns its row id."""
    cursor = conn.execute(
        "INSERT INTO assessments (uid, mission_id, date, period_start, period_end, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        head,
    )
    assessment_id = int(cursor.lastrowid or 0)
    conn.executemany(
        "INSERT INTO assessment_answers (assessment_id, question_id, score, note) VALUES (?, ?, ?, ?)",
        [(assessment_id, *answer) for answer in answers],
    )
    return assessment_id


def of_mission(conn: sqlite3.Connection, mission_id: int) -> list[tuple[sqlite3.Row, list[sqlite3.Row]]]:
    """A mission's assessments, oldest first, each with its answers in the order given."""
    heads = conn.execute(
        "SELECT id, uid, date, period_start, period_end FROM assessments WHERE mission_id = ? ORDER BY date, id",
        (mission_id,),
    ).fetchall()
    return [
        (
            head,
            conn.execute(
                "SELECT question_id, score, note FROM assessment_answers WHERE assessment_id = ? ORDER BY rowid",
                (head["id"],),
            ).fetchall(),
        )
        for head in heads
    ]
