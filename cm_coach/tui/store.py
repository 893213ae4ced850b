"""Database access for the TUI's thread workers: one short-lived connection per call.

SQLite connections are not shared between threads here: each worker opens its own with
:func:`cm_coach.store.db.connect` (cheap on an existing journal) and closes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path


@contextmanager
def opened(db_path: Path) -> Iterator[sqlite3.Connection]:
    from cm_coach.store.db import connect  # in the worker: sqlite3 is not needed for the first paint

    conn = connect(db_path)
    try:
        yield conn
    finally:
        conn.close()
