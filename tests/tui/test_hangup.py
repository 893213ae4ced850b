"""An app that can always be stopped: SIGHUP (the terminal closed) or SIGTERM at any moment
ends the process, with what was typed kept as the day's draft.

Before: closing the terminal 0.3–1.3 s after starting ``cm-coach`` left, now and then, a
process that ignored SIGTERM (its main thread stuck in shutdown, waiting on two loaders),
and typing that had not reached the draft's half-second pause could be lost.

``cm-coach`` runs here in a real pseudo-terminal. The app sets itself a deadline of
``HANGUP_DEADLINE`` after a signal; the test waits several times longer before calling the
process hung (a hang lasts for ever), and never sleeps: it waits on real state (the day's
backup copy, made by the app's first worker once the first frame is out; the process's
end).
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cm_coach.tui.app import HANGUP_DEADLINE

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-25"
HUNG = HANGUP_DEADLINE * 8  # far beyond the deadline: a process still there is stuck
LOCKER = textwrap.dedent(
    """
    import sqlite3, sys, time
    from pathlib import Path
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    Path(sys.argv[2]).touch()
    while not Path(sys.argv[3]).exists():
        time.sleep(0.005)
    conn.execute("COMMIT")
    """
)


class Terminal:
    """``cm-coach`` in a pseudo-terminal; its output is read continuously (a full pty would
    block the app's writes, which is not what is tested)."""

    def __init__(self, tmp_path: Path, db: Path) -> None:
        master, slave = pty.openpty()
        env = dict(os.environ)
        env.update(
            TERM="xterm-256color",
            COLUMNS="100",
            LINES="30",
            CM_COACH_DATA_DIR=str(tmp_path / "data"),
            CM_COACH_CONFIG_DIR=str(tmp_path / "config"),
            CM_COACH_CACHE_DIR=str(tmp_path / "cache"),
            CM_COACH_TODAY=TODAY,
            CM_COACH_LANG="fr",
            PYTHONPATH=str(ROOT),
        )
        self.master = master
        self.output = b""  # what the app has shown so far
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cm_coach", "--db", str(db)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=tmp_path,
            start_new_session=True,
        )
        os.close(slave)
        self.backup = db.parent / "backups" / f"{db.name}-{TODAY.replace('-', '')}-daily.db"

    def pump(self, seconds: float) -> None:
        """Read what the app writes for up to ``seconds``, or until it ends."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and self.process.poll() is None:
            ready, _, _ = select.select([self.master], [], [], 0.01)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:  # the terminal's other side is closed: only the end is left
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        self.process.wait(timeout=max(0.0, end - time.monotonic()))
                    return

    def until(self, condition, limit: float = 60) -> None:
        end = time.monotonic() + limit
        while not condition():
            assert time.monotonic() < end, "the app never reached the state waited for"
            assert self.process.poll() is None, "the app ended before it was asked to"
            self.pump(0.01)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def stop(self, signum: int) -> float:
        """Send ``signum``; the seconds until the process ended (fails if it never does)."""
        sent = time.monotonic()
        self.process.send_signal(signum)
        self.pump(HUNG)
        took = time.monotonic() - sent
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"still running {took:.1f} s after {signal.Signals(signum).name}")
        os.close(self.master)
        return took


def _journal(tmp_path: Path) -> Path:
    """A journal in use (a mission: not the first run, whose welcome would take the keys)."""
    from cm_coach.core.missions import add_mission
    from cm_coach.store.db import connect

    db = tmp_path / "journal.db"
    conn = connect(db)
    try:
        add_mission(conn, "Boulangerie")
    finally:
        conn.close()
    return db


def _draft(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT payload FROM checkin_drafts WHERE date = ?", (TODAY,)).fetchone()
    finally:
        conn.close()
    return row[0] if row else ""


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("moment", ["at-once", "starting", "painted", "working"])
def test_a_signal_at_any_moment_ends_the_app(tmp_path, signum, moment):
    terminal = Terminal(tmp_path, _journal(tmp_path))
    if moment == "starting":
        terminal.pump(0.3)  # the interpreter and Textual are loading, the terminal being set up
    elif moment in ("painted", "working"):
        terminal.until(terminal.backup.exists)  # the first frame is out, the workers at work
        if moment == "working":
            terminal.type("a")
    terminal.stop(signum)  # fails unless the process ends


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_typing_is_kept_when_the_app_is_stopped_before_the_drafts_pause(tmp_path, signum):
    db = _journal(tmp_path)
    terminal = Terminal(tmp_path, db)
    terminal.until(terminal.backup.exists)
    terminal.type("brouillon garde")
    terminal.until(lambda: b"brouillon garde" in terminal.output)  # on screen: the app has it
    terminal.stop(signum)  # at once: the draft's half-second pause has not passed
    assert "brouillon garde" in _next_opening_draft(db)


def _next_opening_draft(db: Path) -> str:
    """The typing the next opening brings back: in the journal, or set aside in the data folder
    when the journal could not take it within the app's closing moment (a loaded machine)."""
    from datetime import date

    from cm_coach.core.checkins import load_draft
    from cm_coach.store.db import connect

    conn = connect(db)  # the test's data folder is the app's (tests/conftest.py)
    try:
        draft = load_draft(conn, date.fromisoformat(TODAY))
    finally:
        conn.close()
    return draft["answer"] if draft else ""


@pytest.mark.slow
def test_a_busy_journal_does_not_hold_the_app_and_the_draft_waits_aside(tmp_path):
    """Another program holds the journal's write lock: the app still ends at once; the typing
    is kept in a private file beside the data, and the next opening takes it back."""
    from datetime import date

    from cm_coach.core.checkins import load_draft
    from cm_coach.store.db import connect

    db = _journal(tmp_path)
    terminal = Terminal(tmp_path, db)
    terminal.until(terminal.backup.exists)
    locked, release = tmp_path / "locked", tmp_path / "release"
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(db), str(locked), str(release)])
    try:
        terminal.until(locked.exists)
        terminal.type("garde malgre le verrou")
        terminal.until(lambda: b"garde malgre le verrou" in terminal.output)
        terminal.stop(signal.SIGHUP)
        assert "garde malgre le verrou" not in _draft(db)
        release.touch()
        assert locker.wait(timeout=30) == 0
    finally:
        locker.kill()
        locker.wait()
    aside = list((tmp_path / "data" / "drafts").iterdir())
    assert len(aside) == 1 and oct(aside[0].stat().st_mode & 0o777) == "0o600"
    conn = connect(db)  # the test's data folder is the app's (tests/conftest.py)
    try:
        draft = load_draft(conn, date.fromisoformat(TODAY))
    finally:
        conn.close()
    assert draft is not None and "garde malgre le verrou" in draft["answer"]
    assert "garde malgre le verrou" in _draft(db)
    assert not aside[0].exists()
