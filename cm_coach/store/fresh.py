"""A new journal made in one step from the current schema's statements, instead of replaying
every migration through sqlite-utils.

Replaying m001…m003 on an empty file cost ~10 ms of CPU and imported sqlite-utils (~100 ms)
on a user's very first command, and in the ~450 tests that make a journal. The statements in
``current_schema.sql`` are those a journal migrated step by step holds in ``sqlite_master``,
in their order, and the same migrations are recorded as applied: a later migration finds a
new journal exactly where the step-by-step path would have left it. A test migrates a file
step by step and compares both, and the script itself: after a new migration it fails until
``python -m cm_coach.store.fresh`` has written the script again.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC
from functools import cache
from pathlib import Path

from cm_coach import clock
from cm_coach.store.signature import MIGRATION_SET, MIGRATIONS

SCRIPT = Path(__file__).with_name("current_schema.sql")
HEADER = "-- The journal's schema after every migration: written by `python -m cm_coach.store.fresh`.\n"


def statements(script: str) -> list[str]:
    """The script's statements, whole: a trigger's body holds semicolons of its own."""
    found: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        if not pending and (not line.strip() or line.startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip().removesuffix(";"))
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete statement at the end of {SCRIPT.name}")
    return found


@cache
def _current_statements() -> tuple[str, ...]:
    return tuple(statements(SCRIPT.read_text(encoding="utf-8")))


def create_current(conn: sqlite3.Connection, version: int) -> None:
    """Give an empty file the whole current schema, inside the caller's transaction."""
    for statement in _current_statements():
        conn.execute(statement)
    applied_at = str(clock.now().astimezone(UTC))  # as sqlite-utils records it
    conn.executemany(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [(MIGRATION_SET, name, applied_at) for name in MIGRATIONS],
    )
    conn.execute(f"PRAGMA user_version = {version}")


def schema_script(conn: sqlite3.Connection) -> str:
    """The statements of a migrated journal's schema, in the order they were made."""
    rows = conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
    return HEADER + "".join(f"\n{sql};\n" for (sql,) in rows)


def migrated_step_by_step(path: Path) -> sqlite3.Connection:
    """A journal at ``path`` made by replaying every migration (the reference for the script)."""
    from sqlite_utils import Database

    from cm_coach.store.schema import migrations

    conn = sqlite3.connect(path)
    migrations.apply(Database(conn, execute_plugins=False))
    conn.commit()
    return conn


if __name__ == "__main__":  # python -m cm_coach.store.fresh: write the script again
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        reference = migrated_step_by_step(Path(folder) / "journal.db")
        try:
            SCRIPT.write_text(schema_script(reference), encoding="utf-8")
        finally:
            reference.close()
    print(f"{SCRIPT} written")
