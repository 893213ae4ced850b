"""The journal for the TUI: every read and write runs in a thread worker, on its own connection.

SQLite connections are not shared between threads here: each piece of work opens one with
:func:`cm_coach.store.db.connect` (cheap on an existing journal) and closes it. Screens go
through :func:`run_in_journal` (via ``CoachScreen.run_in_journal``), never through a
connection of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar, cast

from cm_coach.errors import CoachError

if TYPE_CHECKING:
    import sqlite3
    from datetime import date
    from pathlib import Path

    from textual.dom import DOMNode
    from textual.worker import Worker

    from cm_coach.tui.app import CoachApp

T = TypeVar("T")
R = TypeVar("R")


@contextmanager
def opened(db_path: Path, today: date | None, *, wait_ms: int | None = None) -> Iterator[sqlite3.Connection]:
    """A connection for one piece of work; the first of the day (by the app's clock) makes
    the day's backup. ``wait_ms`` shortens the wait for another writer (the app closing)."""
    from cm_coach.store.db import connect, set_busy_timeout  # in the worker: not for the first paint

    conn = connect(db_path, today=today)
    if wait_ms is not None:
        set_busy_timeout(conn, wait_ms)
    try:
        yield conn
    finally:
        conn.close()


QUICK_READ_SECONDS = 0.05  # CPU seconds: a read known to take no longer may run on the UI thread
QUICK_WAIT_MS = 20  # how long a read on the UI thread waits for a journal busy elsewhere


def read_at_once(
    node: DOMNode,
    action: Callable[[sqlite3.Connection], T],
    on_done: Callable[[T], object],
    *,
    group: str,
    cost_of: str | None = None,
) -> bool:
    """Run the read ``action(conn)`` here, on the UI thread, and hand its result to ``on_done``
    at once, when the group's reads are known to be quick (``QUICK_READ_SECONDS``, measured
    on the ones before); False when they are not, or the journal did not answer: the caller
    then reads in a worker.

    For a section shown again: in a worker its fresh figures came a hand-off to the thread,
    one back and a frame later than the section itself (~70 ms of its key, though the read
    takes a few); read here, the section's first frame shows them. A slower read (a huge
    journal) stays in a worker, the UI free meanwhile. An older read of the group still at
    work is dropped, as a newer worker would drop it.
    """
    import sqlite3
    import time

    app = cast("CoachApp", node.app)
    took = app.read_seconds.get(cost_of or group)
    if took is None or took > QUICK_READ_SECONDS:
        return False
    started = time.thread_time()
    try:
        # No day's backup here (``today`` unset): the next worker makes it, off the UI thread;
        # a journal held by a writer is waited for briefly (WAL readers rarely wait at all).
        with opened(app.db_path, None, wait_ms=QUICK_WAIT_MS) as conn:
            result = action(conn)
    except (CoachError, sqlite3.OperationalError):
        return False  # the worker reads again, and says what is wrong
    app.read_seconds[group] = time.thread_time() - started
    app.reads_at_once[group] += 1
    node.workers.cancel_group(node, group)
    on_done(result)
    return True


def run_in_journal(
    node: DOMNode,
    action: Callable[[sqlite3.Connection], T],
    on_done: Callable[[T], object] | None,
    on_refused: Callable[[CoachError], object],
    *,
    group: str,
    exclusive: bool = True,
    once: bool = False,
) -> Worker[None] | None:
    """Run ``action(conn)`` in a thread worker of ``node``, on the app's journal and clock.

    ``on_done(result)`` or, when the core refuses (:class:`CoachError`), ``on_refused(error)``
    is then called on the UI thread. Any other exception is a bug: Textual shows it and exits.
    The clock is read here, on the UI thread, when the work is asked for.

    ``exclusive`` is for reads: a newer call in the same group supersedes this one, whose
    answer is then dropped (a thread cannot be stopped, and its older answer would land
    over the newer one). Writes pass ``exclusive=False``: each one's answer counts.

    ``once`` is for a form's submission: while one of ``node``'s workers of the group is still
    at work, a new one is dropped (None is returned). Ctrl+S pressed again, or held down,
    while the journal is busy then writes the entry once, not once per press.

    A read the second process has made already (:class:`~cm_coach.tui.prefetch.Answered`)
    needs no worker: ``on_done`` gets its answer here and now (None is returned).
    """
    import time

    from textual.worker import get_current_worker

    from cm_coach.tui.prefetch import Answered

    if isinstance(action, Answered) and on_done is not None:
        answered = action.now()  # read already by the second process (cm_coach.tui.prefetch)
        if answered is not None:
            if node.app.is_running and node.is_attached:  # not while the app is leaving
                on_done(answered[0])
            return None
    if once and any(
        worker.group == group and worker.node is node and not worker.is_finished for worker in node.workers
    ):
        return None
    app = cast("CoachApp", node.app)
    db_path, today = app.db_path, app.today()

    def in_thread() -> None:
        worker = get_current_worker()

        def hand_back(callback: Callable[[R], object], value: R) -> None:
            # Checked on the UI thread, where workers are cancelled. An app closing (Ctrl+Q, a
            # signal, a section built ahead at that moment) takes its screens apart before it
            # cancels their workers: an answer landing then has nothing left to fill.
            if not worker.is_cancelled and app.is_running:
                callback(value)

        started = time.thread_time()  # the read's own work, not its waits for the interpreter
        try:
            with opened(db_path, today) as conn:
                result = action(conn)
            took = time.thread_time() - started
            # The smallest since the last read at once: a group's first read also imports what it uses.
            app.read_seconds[group] = min(took, app.read_seconds.get(group, took))  # (see read_at_once)
        except CoachError as error:
            app.call_from_thread(hand_back, on_refused, error)
            return
        if on_done is not None:
            app.call_from_thread(hand_back, on_done, result)

    return node.run_worker(in_thread, name=group, group=group, exclusive=exclusive, thread=True)
