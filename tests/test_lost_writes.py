"""Writes made by another program are never lost because this process looked at the file.

Closing *any* descriptor on a file drops every POSIX lock the process holds on it (SQLite's
documentation, "How To Corrupt An SQLite Database File", § 2.2). A journal opened by two
threads (the app's workers) used to be opened and closed with plain Python by the second
``connect()``: the first connection's lock was gone, another program then believed itself
the journal's last user, deleted the ``-wal`` and ``-shm`` files, and the first connection
later wrote a stale page over that program's row.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cm_coach.store import db as store_db
from cm_coach.store.db import connect

ROUNDS = 100

# "Another program": plain sqlite3, a fresh connection per request, closed at once, so that
# it checkpoints and deletes the -wal/-shm whenever it believes it is the last user.
OTHER_PROGRAM = textwrap.dedent(
    """
    import sqlite3, sys
    for line in sys.stdin:
        action, path, key = line.rstrip("\\n").split("\\t")
        conn = sqlite3.connect(path, timeout=15)
        if action == "read":
            answer = conn.execute("SELECT count(*) FROM settings").fetchone()[0]
        else:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, key))
            conn.commit()
            answer = "done"
        conn.close()
        print(answer, flush=True)
    """
)


def _ask(other: subprocess.Popen[str], action: str, path: Path, key: str = "-") -> str:
    assert other.stdin is not None and other.stdout is not None
    other.stdin.write(f"{action}\t{path}\t{key}\n")
    other.stdin.flush()
    return other.stdout.readline().strip()


def _keys(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT key FROM settings")}
    finally:
        conn.close()


def test_another_programs_write_survives_a_second_connection_in_a_thread_x100(tmp_path):
    """The issue's scenario ×100, each on a fresh journal: thread 1 writes and keeps its
    connection; thread 2 opens and closes the journal with ``connect()``; another process
    reads, then writes; thread 1 writes again. Every row must be there at the end."""
    template = tmp_path / "template.db"
    connect(template).close()
    other = subprocess.Popen(
        [sys.executable, "-c", OTHER_PROGRAM],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    lost = []
    try:
        with ThreadPoolExecutor(max_workers=2) as threads:
            for round_ in range(ROUNDS):
                path = tmp_path / f"journal-{round_}.db"
                shutil.copyfile(template, path)
                first = threads.submit(connect, path).result()
                try:
                    threads.submit(_write, first, "one").result()
                    threads.submit(_open_and_close, path).result()  # another worker
                    assert _ask(other, "read", path) == "1"
                    assert _ask(other, "write", path, "three") == "done"
                    threads.submit(_write, first, "four").result()
                finally:
                    first.close()
                missing = {"one", "three", "four"} - _keys(path)
                if missing:
                    lost.append((round_, sorted(missing)))
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=30)
    assert lost == [], f"rows lost in {len(lost)} of {ROUNDS} rounds: {lost[:5]}"


def _open_and_close(path: Path) -> None:
    connect(path).close()


def _write(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, key))
    conn.commit()


def test_the_header_is_still_checked_when_no_connection_is_open(tmp_path):
    """The guard must not weaken the check it guards: a foreign file is still refused by
    its header when the process holds no connection to it."""
    path = tmp_path / "notes.db"
    path.write_bytes(b"not a database at all" * 100)
    try:
        connect(path).close()
    except store_db.StorageError as error:
        assert error.key == "errors.db_not_sqlite"
    else:
        raise AssertionError("a foreign file was opened as a journal")


def test_connections_are_counted_until_closed_or_collected(tmp_path):
    """The registry behind the guard: closed or forgotten connections stop counting, so a
    later header check is not skipped for ever."""
    import gc

    from cm_coach.store.handles import open_count

    path = tmp_path / "journal.db"
    first = connect(path)
    second = connect(path)
    assert open_count(path) == 2
    first.close()
    first.close()  # closing twice counts once
    assert open_count(path) == 1
    del second
    gc.collect()
    assert open_count(path) == 0
