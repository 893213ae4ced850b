"""FIFOs and devices given where a file is expected: refused at once, with a clear message.

Before: a FIFO as ``--db``, as the ``import`` file or as ``assess --answers`` made the
command wait for ever (``checkin --if-needed`` in a shell start-up file hung the shell),
and ``/dev/zero`` skipped the import's size limit, which was read from the file's size.
Each command here runs in a real process with a timeout: a hang fails the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cm_coach.core.inputs import read_limited
from cm_coach.errors import CoachError
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent
NOT_A_FILE = "pas un fichier ordinaire"
TIMEOUT = 20  # seconds: far more than any of these needs; a hang would be for ever


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CM_COACH_DATA_DIR=str(tmp_path / "data"),
        CM_COACH_CONFIG_DIR=str(tmp_path / "config"),
        CM_COACH_CACHE_DIR=str(tmp_path / "cache"),
        CM_COACH_LANG="fr",
        CM_COACH_TODAY=TODAY,
        PYTHONPATH=str(ROOT),
    )
    return env


def _cm(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [sys.executable, "-m", "cm_coach", *args],
            capture_output=True,
            text=True,
            env=_env(tmp_path),
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"cm-coach {' '.join(args)} hung")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.db"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("stats",),
        ("log", "répondre", "-d", "10"),
        ("entries",),
        ("backup",),
        ("backup", "--list"),
    ],
    ids=lambda args: " ".join(args),
)
def test_a_fifo_as_the_journal_is_refused_at_once(tmp_path, fifo, args):
    result = _cm(tmp_path, "--db", str(fifo), *args)
    assert result.returncode in (0, 2), result.stderr
    if args != ("backup", "--list"):  # listing copies never opens the journal
        assert result.returncode == 2
        assert NOT_A_FILE in result.stderr
    assert "Traceback" not in result.stderr


def test_doctor_says_the_journal_is_not_a_file(tmp_path, fifo):
    result = _cm(tmp_path, "--db", str(fifo), "doctor")
    assert result.returncode == 2
    assert NOT_A_FILE in result.stdout


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_as_the_journal_is_refused(tmp_path, device):
    result = _cm(tmp_path, "--db", device, "stats")
    assert result.returncode == 2
    assert NOT_A_FILE in result.stderr


def test_a_fifo_as_the_import_file_is_refused(tmp_path, fifo):
    result = _cm(tmp_path, "--db", str(tmp_path / "journal.db"), "import", str(fifo))
    assert result.returncode == 2
    assert NOT_A_FILE in result.stderr


def test_dev_zero_as_the_import_file_is_refused_without_reading_it(tmp_path):
    result = _cm(tmp_path, "--db", str(tmp_path / "journal.db"), "import", "/dev/zero")
    assert result.returncode == 2
    assert NOT_A_FILE in result.stderr


def test_a_fifo_as_the_answers_file_is_refused(tmp_path, fifo):
    db = str(tmp_path / "journal.db")
    assert _cm(tmp_path, "--db", db, "missions", "add", "Boulangerie").returncode == 0
    result = _cm(tmp_path, "--db", db, "assess", "Boulangerie", "--answers", str(fifo))
    assert result.returncode == 2
    assert NOT_A_FILE in result.stderr


def test_a_fifo_as_the_users_boundaries_file_is_refused(tmp_path):
    (tmp_path / "config").mkdir(mode=0o700)
    os.mkfifo(tmp_path / "config" / "boundaries.toml")
    result = _cm(tmp_path, "--db", str(tmp_path / "journal.db"), "check", "répondre aux commentaires")
    assert result.returncode in (2, 3)
    assert NOT_A_FILE in result.stderr


def test_the_size_limit_holds_while_reading_whatever_the_size_said(tmp_path):
    """The limit is counted on the bytes read, not on the size the file system reports
    (a device says 0, a file may grow): at most limit + 1 bytes are ever read."""
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * 5000)
    assert read_limited(path, 5000, source="big.json") == b"x" * 5000
    with pytest.raises(CoachError) as error:
        read_limited(path, 4999, source="big.json")
    assert error.value.key == "safety.too_big"
