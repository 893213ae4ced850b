"""The SQL of people, their exchanges, follow-ups, ideas and a mission's monthly figures.

A person's first and last exchange and their count are never stored: they are read from
``entry_people`` joined to the entries, so that editing or deleting an entry can never
leave them stale.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date

from cm_coach.models import Mission
from cm_coach.store.probe import EVERYONE, PEOPLE_ORDER
from cm_coach.store.probe import PEOPLE_SUMMARY as _SUMMARY
from cm_coach.store.queries import MISSION_COLUMNS, _inserted_id, mission_from_row, now_stamp, period_filter

SEP = "\x1f"  # joins names inside one column (a character no name can hold: validation refuses it)

# --- people ---------------------------------------------------------------------------------


def person_summaries(conn: sqlite3.Connection, person_id: int | None = None) -> list[sqlite3.Row]:
    """Every person (or one) with their first and last exchange, how many, their missions'
    names (joined by ``SEP``) and their open follow-ups; most recent exchange first."""
    if person_id is None:
        sql, params = _SUMMARY.format(inner=""), []
    else:
        sql = _SUMMARY.format(inner="WHERE ep.person_id = ?") + " WHERE p.id = ?"
        params = [person_id, person_id]
    sql += PEOPLE_ORDER
    return conn.execute(sql, params).fetchall()


def everyone(conn: sqlite3.Connection) -> list[tuple]:
    """Every person as a tuple in :data:`~cm_coach.store.probe.EVERYONE`'s column order, the
    most recent exchange first (PEOPLE_ORDER), for the People section and ``list_people``.

    Each person's first and last day and count are three seeks in ``idx_entry_people_person``
    instead of a GROUP BY over every exchange joined back and sorted: on 5,000 people and
    33,000 exchanges that was about half of the People key. Plain tuples: looking columns up
    by name in ``sqlite3.Row`` cost as much again as building the records.
    """
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(EVERYONE).fetchall()
    # By name, then by last day, newest first: the sort is stable (also reversed), so people
    # of the same day stay by name; ISO days sort as text, "" (never) after them all.
    rows.sort(key=_name_key)
    rows.sort(key=_last_day, reverse=True)
    return rows


def tagged_last_exchanges(
    conn: sqlite3.Connection, tags: Iterable[str]
) -> list[tuple[int, str, str | None, str | None]]:
    """``(id, tags, last exchange day, missions' names joined by SEP)`` of the people whose
    tags contain one of ``tags`` as text (the caller narrows to whole tags): who may have
    gone quiet, without reading and building everyone (on 5,000 people the morning's
    check-in spent ~60 ms on that)."""
    wanted = sorted(set(tags))
    if not wanted:
        return []
    sieve = " OR ".join("instr(lower(p.tags), lower(?))" for _ in wanted)
    sql = f"""
SELECT p.id, p.tags, (SELECT MAX(day) FROM entry_people WHERE person_id = p.id),
       (SELECT group_concat(m.name, char(31)) FROM person_missions pm JOIN missions m ON m.id = pm.mission_id
        WHERE pm.person_id = p.id)
FROM people p WHERE {sieve}"""
    return [(row[0], row[1], row[2], row[3]) for row in conn.execute(sql, wanted)]


def everyone_among(conn: sqlite3.Connection, person_ids: Iterable[int]) -> list[tuple]:
    """:func:`everyone`'s rows for these people only (in no particular order)."""
    ids = sorted(set(person_ids))
    if not ids:
        return []
    cursor = conn.cursor()
    cursor.row_factory = None
    found: list[tuple] = []
    for start in range(0, len(ids), 500):  # SQLite's limit on a statement's parameters
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found += cursor.execute(f"{EVERYONE} WHERE p.id IN ({marks})", chunk).fetchall()
    return found


def _name_key(row: tuple) -> str:
    return row[11]


def _last_day(row: tuple) -> str:
    return row[7] or ""


def people_tagged_like(conn: sqlite3.Connection, tag: str) -> list[tuple[int, str, str]]:
    """``(id, name, tags)`` of the people whose tags contain ``tag`` as text (case ignored):
    a cheap first sieve that the caller narrows to whole tags; signals ask it on every
    export, and reading everyone's summary for it cost a 5,000-person journal ~20 ms."""
    rows = conn.execute("SELECT id, name, tags FROM people WHERE instr(lower(tags), lower(?))", (tag,))
    return [(row[0], row[1], row[2]) for row in rows]


def person_names(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """``(id, name)`` of everyone: what a typed name is matched against."""
    return [(row[0], row[1]) for row in conn.execute("SELECT id, name FROM people ORDER BY name_key")]


def person_id_by_key(conn: sqlite3.Connection, key: str) -> int | None:
    """The id of the person whose ``name_key`` is ``key``, or None: one name, one person."""
    row = conn.execute("SELECT id FROM people WHERE name_key = ?", (key,)).fetchone()
    return row[0] if row else None


def insert_person(conn: sqlite3.Connection, values: dict) -> int:
    """Add a person (``values`` are columns, ``name_key`` included; ``created_at`` is stamped now unless
    given); returns its id."""
    values = {**values, "created_at": values.get("created_at") or now_stamp()}
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    return _inserted_id(
        conn.execute(f"INSERT INTO people ({columns}) VALUES ({marks})", tuple(values.values()))
    )


PERSON_EDITABLE = ("name", "name_key", "platform", "tags", "note")


def update_person(conn: sqlite3.Connection, person_id: int, values: dict) -> None:
    """Change a person's editable columns; any other column is a bug and raises ValueError. The caller passes
    ``name_key`` with a new ``name``: nothing here derives it."""
    unknown = set(values) - set(PERSON_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    assignments = ", ".join(f"{column} = ?" for column in values)
    conn.execute(f"UPDATE people SET {assignments} WHERE id = ?", (*values.values(), person_id))


def set_person_missions(conn: sqlite3.Connection, person_id: int, mission_ids: Iterable[int]) -> None:
    """Make ``mission_ids`` the person's missions, replacing the ones they had."""
    conn.execute("DELETE FROM person_missions WHERE person_id = ?", (person_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO person_missions (person_id, mission_id) VALUES (?, ?)",
        [(person_id, mission_id) for mission_id in mission_ids],
    )


def delete_person(conn: sqlite3.Connection, person_id: int) -> dict[str, int]:
    """Remove the person and every trace of them; the entries (and their minutes) stay.
    Returns how many links, follow-ups and ideas were touched."""
    counts = {
        "exchanges": conn.execute("DELETE FROM entry_people WHERE person_id = ?", (person_id,)).rowcount,
        "follow_ups": conn.execute("DELETE FROM follow_ups WHERE person_id = ?", (person_id,)).rowcount,
        "ideas": conn.execute("UPDATE ideas SET person_id = NULL WHERE person_id = ?", (person_id,)).rowcount,
    }
    conn.execute("DELETE FROM person_missions WHERE person_id = ?", (person_id,))
    conn.execute("DELETE FROM plan_item_people WHERE person_id = ?", (person_id,))
    conn.execute("DELETE FROM people WHERE id = ?", (person_id,))
    return counts


def add_person_mission(conn: sqlite3.Connection, person_id: int, mission_id: int) -> None:
    """Tie a person to one more mission (nothing happens when they already are)."""
    conn.execute(
        "INSERT OR IGNORE INTO person_missions (person_id, mission_id) VALUES (?, ?)", (person_id, mission_id)
    )


def mission_by_id(conn: sqlite3.Connection, mission_id: int) -> Mission | None:
    """The mission with row id ``mission_id``, or None."""
    row = conn.execute(f"SELECT {MISSION_COLUMNS} FROM missions m WHERE m.id = ?", (mission_id,)).fetchone()
    return mission_from_row(row) if row else None


def people_of_missions(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    """``(person id, mission id)``: who belongs to which mission."""
    return [(row[0], row[1]) for row in conn.execute("SELECT person_id, mission_id FROM person_missions")]


# --- exchanges (entries linked to people) ------------------------------------------------------


def link_entry(conn: sqlite3.Connection, entry_id: int, person_ids: Iterable[int]) -> None:
    """Tie an entry to the people it was an exchange with (links already there are kept once)."""
    conn.executemany(
        "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?, ?)",
        [(entry_id, person_id) for person_id in person_ids],
    )


def unlink_entry(conn: sqlite3.Connection, entry_id: int) -> list[int]:
    """Drop an entry's links to people (before the entry is deleted or relinked); returns
    the people it was linked to, so that an undo can put them back."""
    ids = [
        row[0] for row in conn.execute("SELECT person_id FROM entry_people WHERE entry_id = ?", (entry_id,))
    ]
    conn.execute("DELETE FROM entry_people WHERE entry_id = ?", (entry_id,))
    return ids


def person_entry_ids(conn: sqlite3.Connection, person_id: int, limit: int | None) -> list[int]:
    """The entries that were exchanges with the person, newest first."""
    sql = "SELECT ep.entry_id FROM entry_people ep WHERE ep.person_id = ? ORDER BY ep.day DESC, ep.entry_id DESC"
    params: list = [person_id]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [row[0] for row in conn.execute(sql, params)]


def last_exchanges_in_mission(
    conn: sqlite3.Connection, mission_id: int, until: date, people: Iterable[int] | None = None
) -> dict[int, str]:
    """Person id → ISO day of their last exchange logged for this mission, up to ``until``;
    with ``people``, only theirs (read through their own exchanges: a few rows, not the
    mission's years of them)."""
    wanted = sorted(set(people)) if people is not None else []
    if people is None or len(wanted) > 500:  # SQLite caps the parameters of one statement
        rows = conn.execute(
            "SELECT ep.person_id, MAX(e.date) FROM entry_people ep JOIN entries e ON e.id = ep.entry_id"
            " WHERE e.mission_id = ? AND e.date <= ? GROUP BY ep.person_id",
            (mission_id, until.isoformat()),
        )
    else:
        # Each person's links newest first (idx_entry_people_person, whose day is the entry's),
        # stopping at the first one on this mission: left to itself SQLite read the mission's
        # years of entries (~4 ms a mission on the 10-year demo), and even each person's whole
        # history cost 0.2-1.4 ms; this way ~0.02.
        rows = conn.execute(
            f"WITH wanted(id) AS (VALUES {', '.join(['(?)'] * len(wanted))})"
            " SELECT id, (SELECT e.date FROM entry_people ep CROSS JOIN entries e ON e.id = ep.entry_id"
            "  WHERE ep.person_id = wanted.id AND ep.day <= ? AND e.mission_id = ?"
            "  ORDER BY ep.day DESC LIMIT 1) FROM wanted",
            (*wanted, until.isoformat(), mission_id),
        )
        return {row[0]: row[1] for row in rows if row[1] is not None}
    return {row[0]: row[1] for row in rows}


def demo_entry_ids(conn: sqlite3.Connection, uid_prefix: str) -> dict[str, int]:
    """Entry uid → id for the uids starting with ``uid_prefix`` (the demo links its people)."""
    rows = conn.execute(
        "SELECT uid, id FROM entries WHERE uid >= ? AND uid < ?", (uid_prefix, uid_prefix + "\uffff")
    )
    return {row[0]: row[1] for row in rows}


def add_demo_people(conn: sqlite3.Connection, rows: list[tuple]) -> dict[str, int]:
    """Many ``(uid, name, platform, tags, created_at)`` at once (the demo); uid → id."""
    from cm_coach.models import name_key

    conn.executemany(
        "INSERT OR IGNORE INTO people (uid, name, name_key, platform, tags, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(uid, name, name_key(name), platform, tags, stamp) for uid, name, platform, tags, stamp in rows],
    )
    wanted = {row[0] for row in rows}
    found = conn.execute("SELECT uid, id FROM people")
    return {uid: person_id for uid, person_id in found if uid in wanted}


def add_person_missions(conn: sqlite3.Connection, pairs: Iterable[tuple[int, int]]) -> None:
    """Many ``(person id, mission id)`` ties at once (the demo)."""
    conn.executemany(
        "INSERT OR IGNORE INTO person_missions (person_id, mission_id) VALUES (?, ?)", list(pairs)
    )


def add_links(conn: sqlite3.Connection, links: Iterable[tuple[int, int]]) -> None:
    """Many ``(entry id, person id)`` links at once (the demo)."""
    conn.executemany("INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?, ?)", list(links))


# --- follow-ups ----------------------------------------------------------------------------------

_FOLLOW_UPS = (
    "SELECT f.id, f.uid, p.name AS person, f.text, f.due, f.done, p.tags AS person_tags"
    " FROM follow_ups f JOIN people p ON p.id = f.person_id"
)


def insert_follow_up(conn: sqlite3.Connection, values: dict) -> int:
    """Add a follow-up (``values`` are columns; ``created_at`` is stamped now unless given); returns its
    id."""
    values = {**values, "created_at": values.get("created_at") or now_stamp()}
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    return _inserted_id(
        conn.execute(f"INSERT INTO follow_ups ({columns}) VALUES ({marks})", tuple(values.values()))
    )


def follow_up_rows(
    conn: sqlite3.Connection, *, person_id: int | None = None, open_only: bool = True
) -> list[sqlite3.Row]:
    """Follow-ups, the most urgent first (a due date first, then the oldest)."""
    where, params = [], []
    if person_id is not None:
        where.append("f.person_id = ?")
        params.append(person_id)
    if open_only:
        where.append("f.done IS NULL")
    sql = _FOLLOW_UPS + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY f.done IS NOT NULL, f.due IS NULL, f.due, f.id"
    return conn.execute(sql, params).fetchall()


def follow_up_row(conn: sqlite3.Connection, follow_up_id: int) -> sqlite3.Row | None:
    """One follow-up with its person's name and tags, or None."""
    return conn.execute(_FOLLOW_UPS + " WHERE f.id = ?", (follow_up_id,)).fetchone()


def set_follow_up_done(conn: sqlite3.Connection, follow_up_id: int, day: date | None) -> None:
    """Mark a follow-up done on ``day``, or open again with None."""
    conn.execute(
        "UPDATE follow_ups SET done = ? WHERE id = ?", (day.isoformat() if day else None, follow_up_id)
    )


def add_follow_ups(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Many ``(uid, person id, text, due, done, created_at)`` at once (the demo)."""
    conn.executemany(
        "INSERT OR IGNORE INTO follow_ups (uid, person_id, text, due, done, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        list(rows),
    )


# --- ideas ------------------------------------------------------------------------------------

_IDEAS = (
    "SELECT i.id, i.uid, i.date, i.text, p.name AS person, m.name AS mission, i.entry_id FROM ideas i"
    " LEFT JOIN people p ON p.id = i.person_id LEFT JOIN missions m ON m.id = i.mission_id"
)


def insert_idea(conn: sqlite3.Connection, values: dict) -> int:
    """Add an idea (``values`` are columns; ``created_at`` is stamped now unless given); returns its id."""
    values = {**values, "created_at": values.get("created_at") or now_stamp()}
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    return _inserted_id(
        conn.execute(f"INSERT INTO ideas ({columns}) VALUES ({marks})", tuple(values.values()))
    )


def idea_rows(
    conn: sqlite3.Connection,
    *,
    unused_only: bool = True,
    mission_id: int | None = None,
    person_id: int | None = None,
    limit: int | None = None,
) -> list[sqlite3.Row]:
    """Ideas, newest first; by default those no content has used yet."""
    where, params = [], []
    if unused_only:
        where.append("i.entry_id IS NULL")
    if mission_id is not None:
        where.append("(i.mission_id = ? OR i.mission_id IS NULL)")
        params.append(mission_id)
    if person_id is not None:
        where.append("i.person_id = ?")
        params.append(person_id)
    sql = _IDEAS + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY i.date DESC, i.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return conn.execute(sql, params).fetchall()


def idea_row(conn: sqlite3.Connection, idea_id: int) -> sqlite3.Row | None:
    """One idea with the names of its person and mission, or None."""
    return conn.execute(_IDEAS + " WHERE i.id = ?", (idea_id,)).fetchone()


def use_idea(conn: sqlite3.Connection, idea_id: int, entry_id: int | None) -> None:
    """Mark an idea as used by the content entry ``entry_id``, or unused again with None."""
    conn.execute("UPDATE ideas SET entry_id = ? WHERE id = ?", (entry_id, idea_id))


def release_ideas_of_entry(conn: sqlite3.Connection, entry_id: int) -> list[int]:
    """An entry about to be deleted no longer uses its ideas; returns them (for an undo)."""
    ids = [row[0] for row in conn.execute("SELECT id FROM ideas WHERE entry_id = ?", (entry_id,))]
    conn.execute("UPDATE ideas SET entry_id = NULL WHERE entry_id = ?", (entry_id,))
    return ids


def add_ideas(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Many ``(uid, date, text, person id, mission id, entry id, created_at)`` at once (the demo)."""
    conn.executemany(
        "INSERT OR IGNORE INTO ideas (uid, date, text, person_id, mission_id, entry_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        list(rows),
    )


def content_sources(
    conn: sqlite3.Connection, start: date, end: date, mission_id: int | None, content_activity: str
) -> tuple[int, int]:
    """``(content entries that used a community idea, all content entries)`` over the period.
    The ideas' entries are gathered once (IN): the correlated EXISTS read every idea for each
    content entry, as ideas.entry_id has no index (1.4 ms a month on the 10-year demo, 212 ms
    for ten years; 0.1 and 9 ms this way)."""
    where, params = period_filter("e", start, end, mission_id)
    row = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(e.id IN (SELECT entry_id FROM ideas WHERE entry_id IS NOT NULL)), 0)"
        f" FROM entries e WHERE {where} AND e.activity = ?",
        [*params, content_activity],
    ).fetchone()
    return row[1], row[0]


# --- a mission's monthly figures -------------------------------------------------------------------


def upsert_figures(
    conn: sqlite3.Connection, mission_id: int, month: str, followers: int | None, interacting: int | None
) -> None:
    """Note a month's figures; a figure left out keeps the value already noted."""
    conn.execute(
        "INSERT INTO mission_figures (mission_id, month, followers, interacting, created_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(mission_id, month) DO UPDATE SET"
        " followers = COALESCE(excluded.followers, followers),"
        " interacting = COALESCE(excluded.interacting, interacting)",
        (mission_id, month, followers, interacting, now_stamp()),
    )


def add_figures(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Many ``(mission id, month, followers, interacting, created_at)`` at once (the demo)."""
    conn.executemany(
        "INSERT OR IGNORE INTO mission_figures (mission_id, month, followers, interacting, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        list(rows),
    )


def latest_followers(conn: sqlite3.Connection, mission_ids: Iterable[int], until_month: str) -> int | None:
    """The followers of these missions as last noted up to ``until_month`` (for a mission
    whose first figure came later, that first figure: the nearest one known; else the old
    undated count), added up."""
    ids = list(mission_ids)
    if not ids:
        return None
    marks = ",".join("?" for _ in ids)
    return conn.execute(
        "SELECT SUM(COALESCE("
        " (SELECT f.followers FROM mission_figures f WHERE f.mission_id = m.id AND f.month <= ?"
        "  AND f.followers IS NOT NULL ORDER BY f.month DESC LIMIT 1),"
        " (SELECT f.followers FROM mission_figures f WHERE f.mission_id = m.id"
        "  AND f.followers IS NOT NULL ORDER BY f.month LIMIT 1),"
        " m.followers))"
        f" FROM missions m WHERE m.id IN ({marks})",
        [until_month, *ids],
    ).fetchone()[0]


def worked_mission_ids(conn: sqlite3.Connection, start: date, end: date) -> list[int]:
    """The missions that have entries in the period."""
    where, params = period_filter("e", start, end, None)
    rows = conn.execute(
        f"SELECT DISTINCT e.mission_id FROM entries e WHERE {where} AND e.mission_id IS NOT NULL", params
    )
    return [row[0] for row in rows]
