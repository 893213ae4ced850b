"""TUI fixtures: real journals in temporary folders, a fixed clock, helpers to wait on state."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from cm_coach.core.missions import add_mission
from cm_coach.store.db import connect
from cm_coach.tui.app import CoachApp, make_app

TODAY = date(2026, 11, 25)  # the conftest's CM_COACH_TODAY, a Wednesday


@pytest.fixture(scope="session", autouse=True)
def fewer_garbage_collections():
    """Textual makes many short-lived objects per frame and keeps a few hundred thousand in
    its caches: with Python's default threshold (700 allocations) the collector ran ~6,000
    times in this folder and walked all of them ~40 times, a third of its CPU time.
    Collecting less often finds the same garbage; ``CoachApp.run`` freezes the loaded
    objects for the same reason."""
    default = gc.get_threshold()
    gc.set_threshold(20_000, 10, 10)
    yield
    gc.set_threshold(*default)


@pytest.fixture(scope="session")
def journal_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("journal") / "journal.db"
    conn = connect(path)
    try:
        add_mission(conn, "Maison Lune", kind="freelance", start=date(2026, 1, 5))
        add_mission(conn, "Mairie", kind="employee", start=date(2025, 9, 1))
    finally:
        conn.close()
    return path


@pytest.fixture
def journal(journal_template: Path, tmp_path: Path) -> Path:
    """An empty journal with one freelance and one employee mission: a copy of one made once
    per worker (creating and migrating the schema took ~20 ms in each of ~150 tests)."""
    path = tmp_path / "journal.db"
    shutil.copy(journal_template, path)
    return path


@pytest.fixture
def app_for() -> Callable[..., CoachApp]:
    def build(db_path: Path, mode: str = "checkin", lang: str = "fr", **kwargs) -> CoachApp:
        return make_app(db_path, lang, TODAY, mode=mode, **kwargs)

    return build
