"""The app writes once per submission and checks what it writes with the core's rules.

Before: Ctrl+S pressed three times while the journal was busy gave three identical entries;
the mission form crashed on followers « - » (ValueError) and stored « -5 ».
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import date

import pytest

from cm_coach.store.db import connect
from cm_coach.tui.app import make_app
from tests.conftest import table_rows
from tests.tui.helpers import settle, until

TODAY = date(2026, 11, 25)
LOCKER = textwrap.dedent(
    """
    import sqlite3, sys, time
    from pathlib import Path
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    Path(sys.argv[2]).touch()
    release = Path(sys.argv[3])
    while not release.exists():
        time.sleep(0.005)
    conn.execute("COMMIT")
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("presses", [3])
async def test_ctrl_s_pressed_again_while_the_journal_is_busy_writes_one_entry(tmp_path, presses):
    db = tmp_path / "journal.db"
    connect(db).close()
    locked, release = tmp_path / "locked", tmp_path / "release"
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(db), str(locked), str(release)])
    try:
        for _ in range(3000):
            if locked.exists() or locker.poll() is not None:
                break
            time.sleep(0.01)
        assert locked.exists(), "the other process did not take the lock"
        app = make_app(db, "fr", TODAY, mode="log")
        async with app.run_test() as pilot:
            await settle(pilot)
            screen = app.screen
            screen.query_one("#log-task").value = "répondre aux commentaires"
            screen.query_one("#log-duration").value = "30"
            for _ in range(presses):  # the key held down, or pressed again: "did it save?"
                await pilot.press("ctrl+s")
                await pilot.pause(0.02)
            release.touch()
            await settle(pilot)
            assert not screen.query_one("#log-message").has_class("-error")
        assert locker.wait(timeout=30) == 0
    finally:
        locker.kill()
        locker.wait()
    assert [row["task"] for row in table_rows(db, "entries")] == ["répondre aux commentaires"]


async def _mission_form(pilot, name: str, followers: str, start: str = ""):
    from cm_coach.tui.screens.mission_form import MissionFormScreen

    await settle(pilot)
    await pilot.press("n")  # a new mission
    await until(pilot, lambda: isinstance(pilot.app.screen, MissionFormScreen))
    form = pilot.app.screen
    form.query_one("#mission-name").value = name
    form.query_one("#mission-followers").value = followers
    form.query_one("#mission-start").value = start
    await pilot.press("ctrl+s")
    await settle(pilot)
    return form


async def test_the_mission_form_refuses_a_bad_follower_count_inline(db_path):
    """Each bad count in a form of its own (its message starts blank), in one app: an app
    per count cost ~0.4 s of CPU each for the same screens."""
    connect(db_path).close()
    app = make_app(db_path, "fr", TODAY, mode="missions")
    async with app.run_test() as pilot:
        for followers in ("-", "-5", "1e3", "12 000 000 000 000"):
            form = await _mission_form(pilot, "Boulangerie", followers)
            assert app.screen is form, f"the form stays open to fix what was typed: {followers!r}"
            message = form.query_one(".message")
            assert message.has_class("-error"), followers
            assert "abonnés" in str(message.render()), followers
            await pilot.press("escape")
            await until(pilot, lambda form=form: app.screen is not form)
    assert table_rows(db_path, "missions") == []


async def test_the_mission_form_saves_what_the_core_accepts(db_path):
    connect(db_path).close()
    app = make_app(db_path, "fr", TODAY, mode="missions")
    async with app.run_test() as pilot:
        await _mission_form(pilot, "  Boulangerie   du coin ", " 1200 ", start="hier")
        await settle(pilot)
    (row,) = table_rows(db_path, "missions")
    assert (row["name"], row["followers"], row["start"]) == ("Boulangerie du coin", 1200, "2026-11-24")


async def test_the_mission_form_refuses_a_date_out_of_range_inline(db_path):
    connect(db_path).close()
    app = make_app(db_path, "fr", TODAY, mode="missions")
    async with app.run_test() as pilot:
        form = await _mission_form(pilot, "Boulangerie", "", start="01/01/1900")
        assert app.screen is form
        assert form.query_one(".message").has_class("-error")
    assert table_rows(db_path, "missions") == []
