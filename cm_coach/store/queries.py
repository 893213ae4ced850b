"""Every SQL statement of the journal, with parameters only (never text built from input)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date

from cm_coach.clock import now
from cm_coach.models import Entry, Mission, name_key

ENTRY_COLUMNS = """
    e.id, e.uid, e.date, m.name AS mission, e.task, e.minutes, e.activity,
    COALESCE(e.verdict, 'unsure') AS verdict, e.family, e.category, e.score, e.matched,
    e.people, m.agreed AS agreed_families, e.activity_source,
    (SELECT group_concat(p.name, char(31)) FROM entry_people ep JOIN people p ON p.id = ep.person_id
     WHERE ep.entry_id = e.id) AS people_names
"""

# A mission's follower count is the latest one noted in its monthly figures (the older,
# undated ``missions.followers`` column was migrated there as a first month).
MISSION_COLUMNS = """
    m.*, COALESCE((SELECT f.followers FROM mission_figures f WHERE f.mission_id = m.id
                   AND f.followers IS NOT NULL ORDER BY f.month DESC LIMIT 1), m.followers)
         AS latest_followers
"""


def _inserted_id(cursor: sqlite3.Cursor) -> int:
    """The row id an INSERT just gave (SQLite always sets it after an insert)."""
    if cursor.lastrowid is None:
        raise sqlite3.DatabaseError("the insert returned no row id")
    return cursor.lastrowid


def period_filter(alias: str, start: date, end: date, mission_id: int | None) -> tuple[str, list]:
    """``{alias}.date`` within ``start``..``end`` (and one mission): the SQL and its parameters."""
    sql = f"{alias}.date BETWEEN ? AND ?"
    params: list = [start.isoformat(), end.isoformat()]
    if mission_id is not None:
        sql += f" AND {alias}.mission_id = ?"
        params.append(mission_id)
    return sql, params


def now_stamp() -> str:
    """The time rows are stamped with (``created_at``, ``updated_at``), to the second: the ``clock.now`` wall
    clock, not the caller's day."""
    return now().isoformat(timespec="seconds")


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def mission_from_row(row: sqlite3.Row) -> Mission:
    """A ``missions`` row (selected with :data:`MISSION_COLUMNS`) as a Mission, its agreed families split and
    its latest follower count."""
    return Mission(
        id=row["id"],
        uid=row["uid"],
        name=row["name"],
        client=row["client"],
        kind=row["kind"],
        start=_date(row["start"]),
        end=_date(row["end"]),
        notes=row["notes"],
        agreed=tuple(f for f in (row["agreed"] or "").split(",") if f),
        followers=row["latest_followers"],
        rate=row["rate"],
        rate_unit=row["rate_unit"],
    )


def entry_from_row(row: sqlite3.Row) -> Entry:
    """An entry as stored; whether it is agreed is the core's decision (core.scope)."""
    return Entry(
        id=row["id"],
        uid=row["uid"],
        date=date.fromisoformat(row["date"]),
        mission=row["mission"],
        task=row["task"],
        minutes=row["minutes"],
        activity=row["activity"],
        verdict=row["verdict"],
        family=row["family"],
        category=row["category"],
        score=row["score"],
        matched=row["matched"],
        people=row["people"],
        mission_agreed=tuple(f for f in (row["agreed_families"] or "").split(",") if f),
        activity_source=row["activity_source"],
        with_people=tuple(sorted((row["people_names"] or "").split("\x1f"), key=str.casefold))
        if row["people_names"]
        else (),
    )


def database_file(conn: sqlite3.Connection) -> str:
    """The file a connection works on (so that per-journal caches can tell journals apart)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    return row[2] if row else ""


# --- missions ----------------------------------------------------------------------------


def missions(conn: sqlite3.Connection) -> list[Mission]:
    """Every mission, those without an end date first, then by name (case ignored)."""
    rows = conn.execute(
        f"SELECT {MISSION_COLUMNS} FROM missions m ORDER BY (m.end IS NOT NULL), m.name COLLATE NOCASE"
    )
    return [mission_from_row(row) for row in rows]


def mission_by_name(conn: sqlite3.Connection, name: str) -> Mission | None:
    """The mission named ``name`` by the one name rule (:func:`models.name_key`), or None."""
    row = conn.execute(
        f"SELECT {MISSION_COLUMNS} FROM missions m WHERE m.name_key = ?", (name_key(name),)
    ).fetchone()
    return mission_from_row(row) if row else None


def insert_mission(conn: sqlite3.Connection, values: dict) -> int:
    """Add a mission, its ``name_key`` and ``created_at`` set here; returns its id."""
    values = {**values, "name_key": name_key(values["name"]), "created_at": now_stamp()}
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(f"INSERT INTO missions ({columns}) VALUES ({marks})", tuple(values.values()))
    return _inserted_id(cursor)


MISSION_EDITABLE = (
    "name",
    "client",
    "kind",
    "start",
    "end",
    "notes",
    "agreed",
    "followers",
    "rate",
    "rate_unit",
)


def update_mission(conn: sqlite3.Connection, mission_id: int, values: dict) -> None:
    """Change a mission's editable columns (``name_key`` follows a new name); any other column is a bug and
    raises ValueError."""
    unknown = set(values) - set(MISSION_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "name" in values:
        values = {**values, "name_key": name_key(values["name"])}
    assignments = ", ".join(f"{column} = ?" for column in values)
    conn.execute(f"UPDATE missions SET {assignments} WHERE id = ?", (*values.values(), mission_id))


# --- entries -------------------------------------------------------------------------------


def insert_entry(conn: sqlite3.Connection, values: dict) -> int:
    """Add an entry (``values`` are columns; ``created_at`` is stamped now unless given); returns its id."""
    values = {**values, "created_at": values.get("created_at") or now_stamp()}
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(f"INSERT INTO entries ({columns}) VALUES ({marks})", tuple(values.values()))
    return _inserted_id(cursor)


def entry_by_id(conn: sqlite3.Connection, entry_id: int) -> Entry | None:
    """One entry as every reader sees it, with its mission and people, or None."""
    row = conn.execute(
        f"SELECT {ENTRY_COLUMNS} FROM entries e LEFT JOIN missions m ON m.id = e.mission_id WHERE e.id = ?",
        (entry_id,),
    ).fetchone()
    return entry_from_row(row) if row else None


def entries_between(
    conn: sqlite3.Connection, start: date, end: date, mission_id: int | None = None
) -> Iterator[Entry]:
    """The entries from ``start`` to ``end`` included (of one mission if given), by date then as they were
    written."""
    sql = (
        f"SELECT {ENTRY_COLUMNS} FROM entries e LEFT JOIN missions m ON m.id = e.mission_id"
        " WHERE e.date BETWEEN ? AND ?"
    )
    params: list = [start.isoformat(), end.isoformat()]
    if mission_id is not None:
        sql += " AND e.mission_id = ?"
        params.append(mission_id)
    sql += " ORDER BY e.date, e.id"
    for row in conn.execute(sql, params):
        yield entry_from_row(row)


def entry_row(conn: sqlite3.Connection, entry_id: int) -> dict | None:
    """An entry's raw row (every column, ids included), or None: what the undo keeps before a change."""
    row = conn.execute("SELECT * FROM entries WHERE id = ?", (entry_id,)).fetchone()
    return dict(row) if row else None


def delete_entry(conn: sqlite3.Connection, entry_id: int) -> None:
    """Remove an entry's row; the core detaches its people and ideas and keeps it for the undo first."""
    conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))


def update_entry(conn: sqlite3.Connection, entry_id: int, values: dict) -> None:
    """Set an entry's columns to ``values`` (the core has validated them)."""
    assignments = ", ".join(f"{column} = ?" for column in values)
    conn.execute(f"UPDATE entries SET {assignments} WHERE id = ?", (*values.values(), entry_id))


# --- check-ins ----------------------------------------------------------------------------


def has_checkin(conn: sqlite3.Connection, day: date) -> bool:
    """Whether ``day`` has a check-in."""
    return conn.execute("SELECT 1 FROM checkins WHERE date = ?", (day.isoformat(),)).fetchone() is not None


def checkin_row(conn: sqlite3.Connection, day: date) -> dict | None:
    """The raw check-in row of ``day``, or None."""
    row = conn.execute("SELECT * FROM checkins WHERE date = ?", (day.isoformat(),)).fetchone()
    return dict(row) if row else None


def plan_rows(conn: sqlite3.Connection, day: date) -> list[dict]:
    """The plan of ``day`` in the order it was written, each row with its mission's name."""
    rows = conn.execute(
        "SELECT p.*, m.name AS mission FROM plan_items p LEFT JOIN missions m ON m.id = p.mission_id"
        " WHERE p.date = ? ORDER BY p.position, p.id",
        (day.isoformat(),),
    )
    return [dict(row) for row in rows]


def upsert_checkin(conn: sqlite3.Connection, values: dict) -> None:
    """Write the check-in of ``values["date"]``, replacing that day's answer if there was one (``created_at``
    is kept)."""
    stamp = now_stamp()
    conn.execute(
        "INSERT INTO checkins (date, prompt_id, prompt_text, answer, intention_minutes, energy, created_at,"
        " updated_at) VALUES (:date, :prompt_id, :prompt_text, :answer, :intention_minutes, :energy, :stamp,"
        " :stamp) ON CONFLICT(date) DO UPDATE SET prompt_id = excluded.prompt_id,"
        " prompt_text = excluded.prompt_text, answer = excluded.answer,"
        " intention_minutes = excluded.intention_minutes, energy = excluded.energy,"
        " updated_at = excluded.updated_at",
        {"prompt_text": None, **values, "stamp": stamp},
    )


def replace_plan(conn: sqlite3.Connection, day: date, items: Iterable[dict]) -> None:
    """Make ``items`` the plan of ``day``: a plan is saved whole, never merged; each row with
    the people it is with (``person_ids``, in the order given)."""
    conn.execute(
        "DELETE FROM plan_item_people WHERE plan_item_id IN (SELECT id FROM plan_items WHERE date = ?)",
        (day.isoformat(),),
    )
    conn.execute("DELETE FROM plan_items WHERE date = ?", (day.isoformat(),))
    for item in items:
        values = {"entry_id": None, **item}
        person_ids = values.pop("person_ids", ())
        plan_id = _inserted_id(
            conn.execute(
                "INSERT INTO plan_items (uid, date, position, task, mission_id, verdict, family, category,"
                " decision, created_at, entry_id) VALUES (:uid, :date, :position, :task, :mission_id,"
                " :verdict, :family, :category, :decision, :created_at, :entry_id)",
                values,
            )
        )
        conn.executemany(
            "INSERT OR IGNORE INTO plan_item_people (plan_item_id, person_id) VALUES (?, ?)",
            [(plan_id, person_id) for person_id in person_ids],
        )


def save_draft(conn: sqlite3.Connection, day: date, payload: str) -> None:
    """Keep what the check-in form holds so far (one draft a day), so a closed terminal loses nothing."""
    conn.execute(
        "INSERT INTO checkin_drafts (date, payload, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT(date) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at",
        (day.isoformat(), payload, now_stamp()),
    )


def draft(conn: sqlite3.Connection, day: date) -> str | None:
    """The check-in draft of ``day`` (as saved by :func:`save_draft`), or None."""
    row = conn.execute("SELECT payload FROM checkin_drafts WHERE date = ?", (day.isoformat(),)).fetchone()
    return row[0] if row else None


def delete_draft(conn: sqlite3.Connection, day: date) -> None:
    """Drop the draft of ``day`` once its check-in is saved."""
    conn.execute("DELETE FROM checkin_drafts WHERE date = ?", (day.isoformat(),))


# --- settings ------------------------------------------------------------------------------


def setting(conn: sqlite3.Connection, key: str) -> str | None:
    """The journal's value for ``key`` (settings that travel with the journal), or None."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Set the journal's ``key`` to ``value``, whether it was there or not."""
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
