"""The app needs a terminal. Started without one (``ssh host cmd`` reading ``~/.bashrc``, a
script, cron), it used to write escape codes into the void and spin a CPU forever: now
``cm-coach`` and ``cm-coach checkin`` refuse at once and ``checkin --if-needed`` (the line
the README puts in ``~/.bashrc``) does nothing."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

TIMEOUT = 60  # a hang fails the test instead of the run


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CM_COACH_DATA_DIR": str(tmp_path / "data"),
        "CM_COACH_CONFIG_DIR": str(tmp_path / "config"),
        "CM_COACH_CACHE_DIR": str(tmp_path / "cache"),
    }


def _cm(tmp_path: Path, *args: str, terminal: bool = False) -> subprocess.CompletedProcess[str]:
    """``cm-coach ARGS`` with its input and output on pipes, or on a pseudo-terminal."""
    command = [sys.executable, "-m", "cm_coach", *args]
    if not terminal:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=_env(tmp_path),
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            command,
            stdin=follower,
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(tmp_path),
            timeout=TIMEOUT,
        )
    finally:
        os.close(follower)
        os.close(leader)
    return done


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("command", [[], ["checkin"], ["--demo"]], ids=["app", "checkin", "demo"])
def test_the_app_without_a_terminal_refuses_at_once_and_creates_nothing(tmp_path, command, lang):
    journal = tmp_path / "journal.db"
    done = _cm(tmp_path, "--db", str(journal), "--lang", lang, *command)
    assert done.returncode == 2
    assert ("a besoin d’un terminal" if lang == "fr" else "needs a terminal") in done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert not journal.exists()


def test_the_morning_check_in_in_bashrc_does_nothing_without_a_terminal(tmp_path):
    journal = tmp_path / "journal.db"
    done = _cm(tmp_path, "--db", str(journal), "checkin", "--if-needed")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert not journal.exists()


def test_on_a_terminal_the_check_in_still_checks_its_journal(tmp_path):
    """On a terminal, ``checkin --if-needed`` reads the journal first: a FIFO is refused."""
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    done = _cm(tmp_path, "--db", str(fifo), "checkin", "--if-needed", terminal=True)
    assert done.returncode == 2
    assert "pas un fichier ordinaire" in done.stderr


@pytest.mark.parametrize(
    "args",
    [("export", "-f", "xlsx"), ("report", "Acme", "--month", "2026-11", "-o", "-")],
    ids=["xlsx", "pdf"],
)
def test_a_binary_file_is_not_written_onto_a_terminal(tmp_path, args):
    """Its bytes garbled the terminal: refused there, written through a pipe or a file."""
    journal = str(tmp_path / "journal.db")
    assert _cm(tmp_path, "--db", journal, "missions", "add", "Acme").returncode == 0
    assert _cm(tmp_path, "--db", journal, "log", "répondre", "-d", "30", "-m", "Acme").returncode == 0
    on_terminal = _cm(tmp_path, "--db", journal, *args, terminal=True)
    assert on_terminal.returncode == 2
    assert "ne s’affiche pas dans le terminal" in on_terminal.stderr
    piped = subprocess.run(
        [sys.executable, "-m", "cm_coach", "--db", journal, *args],
        capture_output=True,
        env=_env(tmp_path),
        timeout=TIMEOUT,
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout[:4] in (b"PK\x03\x04", b"%PDF")
