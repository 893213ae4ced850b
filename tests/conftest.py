"""Hermetic tests: every test gets its own data and config folders and a fixed "today"."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from cm_coach.cli import main

TODAY = "2026-11-25"  # a Wednesday

# Hypothesis draws the same examples on every run and in every xdist worker, keeps no example
# database between runs, and has no clock in it: its per-example deadline and its "too slow"
# health check are wall-clock asserts that a loaded machine fails. A failure prints the blob
# that replays it. To look for new examples: pytest --hypothesis-profile=explore
settings.register_profile(
    "repeatable",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", parent=settings.get_profile("repeatable"), derandomize=False)
settings.load_profile("repeatable")


def pytest_configure(config: pytest.Config) -> None:
    """Let Python keep the package's compiled bytecode during the run.

    A few hundred tests start ``python -m cm_coach`` (or a script importing it) in a real
    process. Where PYTHONDONTWRITEBYTECODE is set (it is where CI timed the suite), each of
    them compiled the package again from source, a third of its CPU time. The run drops the
    variable for itself and what it starts (the xdist workers start after this hook), so the
    bytecode lands in ``__pycache__`` folders beside the sources, as Python does by default
    (git ignores them); Python checks it against each source's time and size. A cache folder
    of its own (PYTHONPYCACHEPREFIX) was slower: it is also where Python then looks for the
    standard library's and the installed packages' bytecode, which it compiled again."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Set aside what is still alive once the last test is done.

    After the run pytest collects garbage five times over, to report the errors raised by
    finalizers; each pass walked every object left, Textual's caches and the loaded modules
    included (~1 CPU-s per xdist worker, at the end, when the workers wait for each other).
    One collection here finds the garbage and runs its finalizers (pytest still reports what
    they raise); frozen, what is left alive is not walked again by the passes after it."""
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder per worker. What cm-coach caches there (parsed catalogues, the
    classifier's index) is keyed by the files and the code that read them, so a test never
    gets another's answer; with a folder per test, each of ~200 tests parsed the catalogues
    again (~15 ms). Tests of the cache itself set a folder of their own."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_cache: Path) -> Path:
    """Data, settings and journal per test, a fixed day and language, one cache per worker."""
    monkeypatch.setenv("CM_COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CM_COACH_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CM_COACH_DB", raising=False)
    monkeypatch.setenv("CM_COACH_LANG", "fr")
    monkeypatch.setenv("CM_COACH_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("CM_COACH_CACHE_DIR", str(shared_cache))
    return tmp_path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year of demo work, made once per worker (~0.15 CPU-s each time)."""
    from cm_coach.core.demo import generate  # not at import: tests look at what the CLI imports
    from cm_coach.store.db import connect

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    conn = connect(path)
    try:
        generate(conn, years=1, today=date.fromisoformat(TODAY))
    finally:
        conn.close()
    return path


@pytest.fixture
def demo_journal(demo_template: Path, tmp_path: Path) -> Path:
    """The test's own copy of the demo journal: a year of work ending on TODAY."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    return path


# French typography puts no-break spaces before : ; ! ? % and inside « », and ’ for the
# apostrophe. What a command printed is kept as printed; a test may look for a fragment
# either typeset (« Échanges\u00a0: 2 ») or plain (« n'existe pas »): both are found.
PLAIN = str.maketrans({"\u00a0": " ", "\u202f": " ", "’": "'"})


def plain(text: str) -> str:
    """``text`` with ordinary spaces and straight apostrophes, for assertions on wording."""
    return text.translate(PLAIN)


class Shown(str):
    """A command's output: the text as printed, where ``in``, ``startswith`` and ``endswith``
    also accept a fragment written with plain spaces and apostrophes."""

    def __contains__(self, fragment: object) -> bool:
        if not isinstance(fragment, str):
            return False
        return str.__contains__(self, fragment) or plain(fragment) in plain(str(self))

    def startswith(self, prefix, *args) -> bool:  # type: ignore[override]
        return str.startswith(self, prefix, *args) or plain(str(self)).startswith(
            prefix if not isinstance(prefix, str) else plain(prefix), *args
        )

    def endswith(self, suffix, *args) -> bool:  # type: ignore[override]
        return str.endswith(self, suffix, *args) or plain(str(self)).endswith(
            suffix if not isinstance(suffix, str) else plain(suffix), *args
        )


@dataclass
class Result:
    code: int
    raw_out: str
    raw_err: str

    @property
    def out(self) -> Shown:
        return Shown(self.raw_out)

    @property
    def err(self) -> Shown:
        return Shown(self.raw_err)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.db"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_path: Path):
    """Run ``cm-coach ARGS`` in-process on the test's journal; returns code, out, err."""

    def run(*args: str, db: Path | None = None) -> Result:
        try:
            code = main(["--db", str(db or db_path), *args])
        except SystemExit as exit_:  # argparse usage errors and --version
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def table_rows(path: Path, table: str) -> list[dict]:
    """Read a table straight from the SQLite file, as a user's other tools would."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    finally:
        conn.close()
