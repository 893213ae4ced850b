"""People are counted once each over a period: new, returning, and relationships (2+)."""

from __future__ import annotations

from cm_coach.core.dates import month_period
from cm_coach.core.indicators import people_figures
from cm_coach.store.db import connect, transaction


def _link(conn, day: str, task: str, *people: str) -> None:
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO entries (uid, date, task, minutes, activity) VALUES (?, ?, ?, 30, 'dialogue')",
            (f"{day}-{task}", day, task),
        )
        for name in people:
            conn.execute(
                "INSERT OR IGNORE INTO people (uid, name, name_key) VALUES (?, ?, ?)",
                (name, name, name.lower()),
            )
            person = conn.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()[0]
            conn.execute(
                "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)", (cursor.lastrowid, person)
            )


def test_people_are_counted_once_new_or_returning(tmp_path):
    conn = connect(tmp_path / "j.db")
    _link(conn, "2026-10-20", "live", "@lea")
    for day in ("2026-11-02", "2026-11-09", "2026-11-16"):
        _link(conn, day, "réponses", "@lea", "Marc")
    _link(conn, "2026-11-20", "dm", "@nina")
    figures = people_figures(conn, month_period(2026, 11))
    assert (figures.distinct, figures.new, figures.returning, figures.relationships) == (3, 2, 1, 2)
    assert people_figures(conn, month_period(2026, 10)).distinct == 1
    assert people_figures(conn, month_period(2026, 12)).distinct == 0
    conn.close()
