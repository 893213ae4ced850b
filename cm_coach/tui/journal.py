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
    from datetime import date
    from pathlib import Path


@contextmanager
def opened(db_path: Path, today: date) -> Iterator[sqlite3.Connection]:
    """A connection for one worker; the first of the day (by the app's clock) makes the
    day's backup."""
    from cm_coach.store.db import connect  # in the worker: sqlite3 is not needed for the first paint

    conn = connect(db_path, today=today)
    try:
        yield conn
    finally:
        conn.close()
