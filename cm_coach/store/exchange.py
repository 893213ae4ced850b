"""The whole journal in and out, table by table: the rows a JSON export writes, and the
merge an import makes (records matched by their stable ids, so that nothing is duplicated).

One description per table (:data:`TABLES`) drives both directions: which columns travel,
under which JSON names, which of them refer to another table (written as that record's
``uid``, never as a local row id), and what identifies a record. Adding a table to the
export is adding one entry here (and its checks in ``core.importer``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from cm_coach.models import name_key

FORMAT_VERSION = 2  # the JSON format that carries every table below


@dataclass(frozen=True)
class Field:
    """One value of a record: its JSON name, its column, and the table it refers to (by uid)."""

    name: str
    column: str = ""
    ref: str | None = None
    since: int = 1  # the first format version that carries it

    @property
    def col(self) -> str:
        """The column that holds the value: the JSON name unless the two differ (``mission`` →
        ``mission_id``)."""
        return self.column or self.name


@dataclass(frozen=True)
class Table:
    """A table as the JSON format carries it."""

    name: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]  # the JSON fields that identify a record
    order: str  # ORDER BY of the export (columns of alias t)
    since: int = 1
    name_keyed: bool = False  # has a name_key column, computed from its name

    def fields_in(self, version: int) -> tuple[Field, ...]:
        """The fields a file of format ``version`` carries: an older file lacks the later ones."""
        return tuple(f for f in self.fields if f.since <= version)

    def field(self, name: str) -> Field:
        """The field called ``name`` in the JSON (it must exist)."""
        return next(f for f in self.fields if f.name == name)


def _f(name: str, ref: str | None = None, since: int = 1) -> Field:
    return Field(name, f"{name}_id" if ref else "", ref, since)


# In the order of the file: every table comes after the tables it refers to.
TABLES: tuple[Table, ...] = (
    Table(
        "missions",
        (
            _f("uid"), _f("name"), _f("client"), _f("kind"), _f("start"), _f("end"), _f("notes"),
            _f("agreed"), _f("followers"), _f("rate", since=2), _f("rate_unit", since=2), _f("created_at"),
        ),
        key=("uid",), order="t.uid", name_keyed=True,
    ),
    Table(
        "people",
        (_f("uid"), _f("name"), _f("platform"), _f("tags"), _f("note"), _f("created_at")),
        key=("uid",), order="t.uid", since=2, name_keyed=True,
    ),
    Table(
        "person_missions",
        (_f("person", ref="people"), _f("mission", ref="missions")),
        key=("person", "mission"), order="person, mission", since=2,
    ),
    Table(
        "entries",
        (
            _f("uid"), _f("date"), _f("mission", ref="missions"), _f("task"), _f("minutes"), _f("activity"),
            _f("activity_source", since=2), _f("verdict"), _f("category"), _f("family"), _f("score"),
            _f("matched"), _f("people"), _f("created_at"),
        ),
        key=("uid",), order="t.date, t.uid",
    ),
    Table(
        "entry_people",
        (_f("entry", ref="entries"), _f("person", ref="people")),
        key=("entry", "person"), order="entry, person", since=2,
    ),
    Table(
        "checkins",
        (
            _f("date"), _f("prompt_id"), _f("prompt_text", since=2), _f("answer"), _f("intention_minutes"),
            _f("energy"), _f("created_at"), _f("updated_at"),
        ),
        key=("date",), order="t.date",
    ),
    Table(
        "plan_items",
        (
            _f("uid"), _f("date"), _f("position"), _f("task"), _f("mission", ref="missions"),
            _f("entry", ref="entries", since=2), _f("verdict"), _f("family"), _f("category"), _f("decision"),
            _f("created_at"),
        ),
        key=("uid",), order="t.date, t.position, t.uid",
    ),
    Table(
        "plan_item_people",
        (_f("plan_item", ref="plan_items"), _f("person", ref="people")),
        key=("plan_item", "person"), order="plan_item, person", since=2,
    ),
    Table(
        "assessments",
        (
            _f("uid"), _f("mission", ref="missions"), _f("date"), _f("period_start"), _f("period_end"),
            _f("created_at"),
        ),
        key=("uid",), order="t.date, t.uid",
    ),
    Table(
        "follow_ups",
        (_f("uid"), _f("person", ref="people"), _f("text"), _f("due"), _f("done"), _f("created_at")),
        key=("uid",), order="t.uid", since=2,
    ),
    Table(
        "ideas",
        (
            _f("uid"), _f("date"), _f("text"), _f("person", ref="people"), _f("mission", ref="missions"),
            _f("entry", ref="entries"), _f("created_at"),
        ),
        key=("uid",), order="t.date, t.uid", since=2,
    ),
    Table(
        "mission_figures",
        (_f("mission", ref="missions"), _f("month"), _f("followers"), _f("interacting"), _f("created_at")),
        key=("mission", "month"), order="mission, t.month", since=2,
    ),
    Table(
        "weekly_reviews",
        (_f("week"), _f("answer"), _f("created_at"), _f("updated_at")),
        key=("week",), order="t.week", since=2,
    ),
    Table(
        "corrections",
        (
            _f("uid"), _f("text"), _f("text_key"), _f("verdict"), _f("family"), _f("category"), _f("activity"),
            _f("created_at"),
        ),
        key=("uid",), order="t.uid", since=2,
    ),
)  # fmt: skip
BY_NAME = {table.name: table for table in TABLES}
# Besides its key, a record is also the journal's when this unique value matches: a mission
# or a person of the same name (one rule: models.name_key), a correction of the same text.
ALTERNATE_KEYS = {"missions": "name_key", "people": "name_key", "corrections": "text_key"}


# --- reading, for the JSON export ---------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a scoped export holds: a period (``None``: all), maybe one mission (its row id)."""

    period: tuple[date, date] | None
    mission_id: int | None

    @property
    def whole(self) -> bool:
        """No period and no mission: every row travels, none filtered."""
        return self.period is None and self.mission_id is None


def _between(column: str, period: tuple[date, date] | None) -> tuple[str, list]:
    if period is None:
        return "1 = 1", []
    return f"{column} BETWEEN ? AND ?", [period[0].isoformat(), period[1].isoformat()]


def _scoped_entries(alias: str, scope: Scope) -> tuple[str, list]:
    where, params = _between(f"{alias}.date", scope.period)
    if scope.mission_id is not None:
        where, params = f"{where} AND {alias}.mission_id = ?", [*params, scope.mission_id]
    return where, params


def _where(table: str, scope: Scope) -> tuple[str, list]:
    """The rows of ``table`` (alias ``t``) that a scoped export holds.

    Entries, check-ins, plans (with their people), assessments and ideas by their day (and
    mission); a person when a record of the export refers to them, with their follow-ups; a mission's links
    and monthly figures with it; weekly reviews of the weeks that meet the period.
    Corrections are rules rather than records of a period: they always travel, like the
    settings."""
    if scope.whole or table == "corrections":
        return "1 = 1", []
    mission = scope.mission_id
    if table == "missions":
        return ("t.id = ?", [mission]) if mission is not None else ("1 = 1", [])
    if table in ("entries", "plan_items", "assessments"):
        return _scoped_entries("t", scope)
    if table == "checkins":
        where, params = _between("t.date", scope.period)
        if mission is not None:
            where += " AND t.date IN (SELECT date FROM entries WHERE mission_id = ?)"
            params.append(mission)
        return where, params
    if table == "ideas":
        where, params = _between("t.date", scope.period)
        if mission is not None:
            where, params = f"{where} AND t.mission_id = ?", [*params, mission]
        return where, params
    if table == "entry_people":
        inner, params = _scoped_entries("e", scope)
        return f"t.entry_id IN (SELECT e.id FROM entries e WHERE {inner})", params
    if table == "plan_item_people":
        inner, params = _scoped_entries("p", scope)
        return f"t.plan_item_id IN (SELECT p.id FROM plan_items p WHERE {inner})", params
    if table in ("person_missions", "mission_figures"):
        where, params = ("t.mission_id = ?", [mission]) if mission is not None else ("1 = 1", [])
        if table == "mission_figures" and scope.period is not None:
            where += " AND t.month BETWEEN ? AND ?"
            params += [scope.period[0].isoformat()[:7], scope.period[1].isoformat()[:7]]
        return where, params
    if table == "people":
        return _people_in(scope, "t.id")
    if table == "follow_ups":
        return _people_in(scope, "t.person_id")
    if table == "weekly_reviews":
        where, params = "1 = 1", []
        if scope.period is not None:
            first = scope.period[0] - timedelta(days=6)
            where, params = "t.week BETWEEN ? AND ?", [first.isoformat(), scope.period[1].isoformat()]
        if mission is not None:
            where += (
                " AND EXISTS (SELECT 1 FROM entries e WHERE e.mission_id = ?"
                " AND e.date BETWEEN t.week AND date(t.week, '+6 days'))"
            )
            params.append(mission)
        return where, params
    raise ValueError(f"no scope rule for table {table}")


def _people_in(scope: Scope, column: str) -> tuple[str, list]:
    entries, entry_params = _scoped_entries("e", scope)
    plans, plan_params = _scoped_entries("p", scope)
    links, link_params = _where("person_missions", scope)
    ideas, idea_params = _where("ideas", scope)
    return (
        f"({column} IN (SELECT ep.person_id FROM entry_people ep JOIN entries e ON e.id = ep.entry_id"
        f" WHERE {entries}) OR {column} IN (SELECT pp.person_id FROM plan_item_people pp"
        f" JOIN plan_items p ON p.id = pp.plan_item_id WHERE {plans})"
        f" OR {column} IN (SELECT t.person_id FROM person_missions t WHERE {links})"
        f" OR {column} IN (SELECT t.person_id FROM ideas t WHERE {ideas}))",
        [*entry_params, *plan_params, *link_params, *idea_params],
    )


def _select(table: Table, scope: Scope) -> tuple[str, list]:
    columns: list[str] = []
    params: list = []
    for field in table.fields:
        if field.ref is None:
            columns.append(f't."{field.col}" AS "{field.name}"')
            continue
        condition = ""
        if field.ref == "entries" and not scope.whole:  # a day outside the period: no link
            inner, inner_params = _scoped_entries("r", scope)
            condition, params = f" AND {inner}", [*params, *inner_params]
        columns.append(
            f'(SELECT r.uid FROM {field.ref} r WHERE r.id = t."{field.col}"{condition}) AS "{field.name}"'
        )
    where, where_params = _where(table.name, scope)
    sql = f"SELECT {', '.join(columns)} FROM {table.name} t WHERE {where} ORDER BY {table.order}"
    return sql, [*params, *where_params]


def rows(conn: sqlite3.Connection, table: Table, scope: Scope) -> Iterator[sqlite3.Row]:
    """The records of ``table`` in ``scope``, references as uids, in the export's order."""
    sql, params = _select(table, scope)
    yield from conn.execute(sql, params)


def answers(conn: sqlite3.Connection, assessment_uid: str) -> list[tuple[str, int, str | None]]:
    """An assessment's answers ``(question_id, score, note)`` in the order given."""
    return [
        (row[0], row[1], row[2])
        for row in conn.execute(
            "SELECT a.question_id, a.score, a.note FROM assessment_answers a"
            " JOIN assessments s ON s.id = a.assessment_id WHERE s.uid = ? ORDER BY a.rowid",
            (assessment_uid,),
        )
    ]


def mission_name(conn: sqlite3.Connection, mission_id: int) -> str:
    """The name of the mission a scoped export is limited to, written at the top of the file."""
    return conn.execute("SELECT name FROM missions WHERE id = ?", (mission_id,)).fetchone()[0]


def settings(conn: sqlite3.Connection) -> dict[str, str]:
    """The journal's own settings (``key`` → ``value``), as the export writes them."""
    return {key: value for key, value in conn.execute("SELECT key, value FROM settings ORDER BY key")}


# --- the journal's side of an import ------------------------------------------------------------


def records(conn: sqlite3.Connection) -> int:
    """How many records the journal holds, in all its tables (settings, drafts and the
    timer included; the migration log is not a record): 0 for a new journal."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name != '_sqlite_migrations'"
        )
    ]
    return sum(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables)


def is_empty(conn: sqlite3.Connection) -> bool:
    """No record at all (an import into an empty journal needs no backup first)."""
    return records(conn) == 0


def find(conn: sqlite3.Connection, table: Table, values: dict[str, object]) -> sqlite3.Row | None:
    """The journal's record with the same key as ``values`` (columns, references as row ids)."""
    columns = [table.field(name).col for name in table.key]
    where = " AND ".join(f'"{column}" = ?' for column in columns)
    return conn.execute(
        f"SELECT rowid AS _rowid, * FROM {table.name} WHERE {where}", [values[c] for c in columns]
    ).fetchone()


def find_alternate(conn: sqlite3.Connection, table: Table, values: dict[str, object]) -> sqlite3.Row | None:
    """The journal's record with the same name (missions, people) or text (corrections)."""
    column = ALTERNATE_KEYS.get(table.name)
    if column is None:
        return None
    wanted = name_key(str(values["name"])) if column == "name_key" else values[column]
    return conn.execute(
        f"SELECT rowid AS _rowid, * FROM {table.name} WHERE {column} = ?", (wanted,)
    ).fetchone()


def _with_derived(table: Table, values: dict[str, object]) -> dict[str, object]:
    if table.name_keyed and "name" in values:
        return {**values, "name_key": name_key(str(values["name"]))}
    return values


def insert(conn: sqlite3.Connection, table: Table, values: dict[str, object]) -> int:
    """Add a record (``values``: columns, references as row ids); returns its rowid."""
    values = _with_derived(table, values)
    names = ", ".join(f'"{column}"' for column in values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", list(values.values()))
    return int(cursor.lastrowid or 0)


def update(conn: sqlite3.Connection, table: Table, rowid: int, values: dict[str, object]) -> None:
    """Change the journal's record ``rowid`` to ``values`` (the file's, on ``--prefer-file``)."""
    values = _with_derived(table, values)
    if values:
        changes = ", ".join(f'"{column}" = ?' for column in values)
        conn.execute(f"UPDATE {table.name} SET {changes} WHERE rowid = ?", [*values.values(), rowid])


def local_answers(conn: sqlite3.Connection, assessment_id: int) -> list[tuple[str, int, str | None]]:
    """The journal's answers of one assessment, in order: compared with the file's on an import."""
    return [
        (row[0], row[1], row[2])
        for row in conn.execute(
            "SELECT question_id, score, note FROM assessment_answers WHERE assessment_id = ? ORDER BY rowid",
            (assessment_id,),
        )
    ]


def replace_answers(
    conn: sqlite3.Connection, assessment_id: int, given: Iterable[tuple[str, int, str | None]]
) -> None:
    """Replace an assessment's answers with ``given`` (an assessment is merged whole, not answer by
    answer)."""
    conn.execute("DELETE FROM assessment_answers WHERE assessment_id = ?", (assessment_id,))
    conn.executemany(
        "INSERT INTO assessment_answers (assessment_id, question_id, score, note) VALUES (?, ?, ?, ?)",
        [(assessment_id, *answer) for answer in given],
    )


def planned_days(conn: sqlite3.Connection) -> set[str]:
    """Days that already have a plan in the journal: an import never mixes another plan into them."""
    return {row[0] for row in conn.execute("SELECT DISTINCT date FROM plan_items")}


def setting(conn: sqlite3.Connection, key: str) -> str | None:
    """The journal's value for ``key``, or None: compared with the file's on an import."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def put_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Set ``key`` to ``value``, whether it was there or not."""
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


# --- bulk writes, for the demo journal -----------------------------------------------------------


def add_entries(conn: sqlite3.Connection, rows: Iterable[tuple]) -> int:
    """Insert entries not already there (by uid); returns how many were added."""
    cursor = conn.executemany(
        "INSERT INTO entries (uid, date, mission_id, task, minutes, activity, verdict, category, family,"
        " score, matched, people, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(uid) DO NOTHING",
        rows,
    )
    return max(cursor.rowcount, 0)


def add_checkins(conn: sqlite3.Connection, rows: Iterable[tuple]) -> int:
    """Insert check-ins of days that have none; returns how many were added."""
    cursor = conn.executemany(
        "INSERT INTO checkins (date, prompt_id, answer, intention_minutes, energy, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(date) DO NOTHING",
        rows,
    )
    return max(cursor.rowcount, 0)


def add_plan_items(conn: sqlite3.Connection, rows: Iterable[tuple]) -> int:
    """Insert plan rows not already there (by uid); returns how many were added."""
    cursor = conn.executemany(
        "INSERT INTO plan_items (uid, date, position, task, mission_id, verdict, family, category,"
        " decision, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(uid) DO NOTHING",
        rows,
    )
    return max(cursor.rowcount, 0)
