"""What makes a SQLite file a cm-coach journal: the tables and columns each schema version
must have, and the migrations it must record.

``PRAGMA user_version`` and a table called ``entries`` prove nothing (any SQLite file can
have both): before a file is opened as the journal, restored over it or called healthy by
``doctor``, its whole layout is compared with this signature. Plain sqlite3, one read
snapshot: it runs on every opening (well under a millisecond) and must stay importable
without sqlite-utils.
"""

from __future__ import annotations

import sqlite3

MIGRATION_SET = "cm_coach"  # equal to schema.MIGRATION_SET (a test keeps them equal)
# The migrations of each version, in order: a journal at version N has recorded the first N.
MIGRATIONS = ("m001_foundation", "m002_boundaries_and_coaching", "m003_people_timer_corrections")

_TRACKING = {"_sqlite_migrations": {"id", "migration_set", "name", "applied_at"}}
# What each migration adds. Later features may add more (m003 is unreleased): the signature
# lists what must be there, never forbids more.
_ADDED: tuple[dict[str, set[str]], ...] = (
    {
        **_TRACKING,
        "missions": {"id", "uid", "name", "client", "kind", "start", "end", "notes", "created_at"},
        "entries": {"id", "uid", "date", "mission_id", "task", "minutes", "activity", "created_at"},
        "checkins": {"date", "prompt_id", "answer", "intention_minutes", "energy", "created_at", "updated_at"},
    },
    {
        "missions": {"agreed", "followers"},
        "entries": {"verdict", "category", "family", "score", "matched", "people"},
        "plan_items": {
            "id", "uid", "date", "position", "task", "mission_id", "verdict", "family", "category",
            "decision", "created_at",
        },
        "checkin_drafts": {"date", "payload", "updated_at"},
        "assessments": {"id", "uid", "mission_id", "date", "period_start", "period_end", "created_at"},
        "assessment_answers": {"assessment_id", "question_id", "score", "note"},
        "settings": {"key", "value"},
    },
    {
        "missions": {"name_key", "rate", "rate_unit"},
        "entries": {"activity_source"},
        "checkins": {"prompt_text"},
        "plan_items": {"entry_id"},
        "people": {"id", "uid", "name", "name_key", "platform", "tags", "note", "created_at"},
        "person_missions": {"person_id", "mission_id"},
        "entry_people": {"entry_id", "person_id", "day"},
        "plan_item_people": {"plan_item_id", "person_id"},
        "follow_ups": {"id", "uid", "person_id", "text", "due", "done", "created_at"},
        "ideas": {"id", "uid", "date", "text", "person_id", "mission_id", "entry_id", "created_at"},
        "mission_figures": {"mission_id", "month", "followers", "interacting", "created_at"},
        "timer": {"id", "task", "mission_id", "activity", "people", "started_at"},
        "weekly_reviews": {"week", "answer", "created_at", "updated_at"},
        "corrections": {
            "id", "uid", "text", "text_key", "verdict", "family", "category", "activity", "created_at",
        },
    },
)  # fmt: skip


def required(version: int) -> dict[str, frozenset[str]]:
    """Tables and their columns a journal at schema ``version`` must have."""
    tables: dict[str, set[str]] = {}
    for added in _ADDED[:version]:
        for table, columns in added.items():
            tables.setdefault(table, set()).update(columns)
    return {table: frozenset(columns) for table, columns in tables.items()}


def read(conn: sqlite3.Connection, *, columns: bool = True) -> tuple[int, dict[str, set[str]], list[str]]:
    """The file's version, tables (with their columns, unless ``columns`` is false) and
    recorded migrations, read in one snapshot (a journal being created by another process
    is seen before or after, never half-way)."""
    in_transaction = conn.in_transaction
    if not in_transaction:
        conn.execute("BEGIN")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables: dict[str, set[str]] = {}
        if columns:
            for table, column in conn.execute(
                "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p"
                " WHERE m.type = 'table'"
            ):
                tables.setdefault(table, set()).add(column)
        else:
            tables = {
                row[0]: set() for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        applied: list[str] = []
        if "_sqlite_migrations" in tables:
            applied = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                    (MIGRATION_SET,),
                )
            ]
    finally:
        if not in_transaction:
            conn.rollback()
    return version, tables, applied


def problems(conn: sqlite3.Connection, *, columns: bool = True) -> list[str]:
    """Why the file is not a cm-coach journal of the version it declares: the missing tables
    (``"checkins"``), columns (``"entries.verdict"``) or migration records, sorted; for a
    version-0 file, the tables it should not have (a new journal is empty). ``[]`` when it
    is one. A version newer than this cm-coach knows is not judged here (``db_too_new``).

    Without ``columns`` only the tables and the migration records are compared: ~30 µs
    instead of ~300 µs, for the opening of a current journal on every command (a file that
    has every table of ours and our migration records is ours; ``doctor``, a restore and a
    migration compare the columns too)."""
    version, tables, applied = read(conn, columns=columns)
    if version == 0:
        return sorted(name for name in tables if not name.startswith("sqlite_"))
    if version > len(MIGRATIONS):
        return []
    missing: list[str] = []
    for table, wanted in required(version).items():
        if table not in tables:
            missing.append(table)
        elif columns:
            missing.extend(f"{table}.{column}" for column in sorted(wanted - tables[table]))
    if "_sqlite_migrations" in tables and applied != list(MIGRATIONS[:version]):
        missing.append("_sqlite_migrations")
    return sorted(missing)
