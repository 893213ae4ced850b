"""Sections built ahead, out of sight, after the first paint (issue 16: instant keys): the
section on view stays on view, and a section built early shows fresh data when opened."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cm_coach.tui.app import MODE_NAMES
from cm_coach.tui.screens.checkin import CheckinScreen
from cm_coach.tui.screens.log import LogScreen
from cm_coach.tui.widgets.entries import EntriesTable
from cm_coach.tui.widgets.prose import Prose
from cm_coach.tui.widgets.recap import Recap
from tests.tui.conftest import TODAY
from tests.tui.helpers import settle, until
from tests.tui.test_log import add_entry
from tests.tui.test_startup import Loads


async def test_sections_built_ahead_leave_the_one_on_view_and_show_what_was_logged_since(journal, app_for):
    """One build ahead, looked at three ways (each is ~1 s of CPU to build): the section on
    view stays on view, and the log and the check-in, built early, show what the command
    line logged after they were built, today's and yesterday's, when they are opened."""
    app = app_for(journal, mode="dashboard", build_ahead=True)
    loads = Loads()
    async with app.run_test(size=(100, 40), message_hook=loads) as pilot:
        await until(pilot, lambda: app.built_ahead)
        await settle(pilot)
        assert app.current_mode == "dashboard"
        # Passed over, not left: the dashboard was not taken for shown again (read once).
        assert loads.count("dashboard-load") == 1
        assert app.screen.query_one("#dash-body").has_focus  # the focus stayed where it was
        # From the command line, meanwhile: a task today, and yesterday's work.
        add_entry(journal, "écrire le post de jeudi", 45)
        add_entry(journal, "répondre aux questions sous le post du forum", 50, day=TODAY - timedelta(days=1))
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        table = app.screen.query_one(EntriesTable)
        await until(pilot, lambda: table.row_count == 1)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen)
        recap = app.screen.query_one(Recap)
        await until(pilot, lambda: "50\xa0min" in " ".join(str(line.render()) for line in recap.query(Prose)))
        for mode in MODE_NAMES:  # each key now shows a section that is already there
            await app.switch_mode(mode)
            assert app.screen.is_mounted and mode == app.screen.MODE


async def test_not_under_the_pilot_unless_asked(journal, app_for):
    app = app_for(journal, mode="dashboard")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert not app.built_ahead


async def test_a_language_switch_rebuilds_only_the_section_on_view(journal, app_for):
    """Ctrl+L shows the section on view in English at once; the others are rebuilt in
    English out of sight (or when opened), and every one then speaks English."""
    app = app_for(journal, mode="dashboard", build_ahead=("log", "missions", "checkin"))  # the ones visited
    async with app.run_test() as pilot:
        await until(pilot, lambda: app.built_ahead)
        await settle(pilot)
        before = app.screen
        await pilot.press("ctrl+l")
        assert app.lang == "en" and app.screen is not before and app.screen.MODE == "dashboard"
        await until(pilot, lambda: app.built_ahead)
        await settle(pilot)
        assert app.current_mode == "dashboard"
        for key, mode in (("f3", "log"), ("f5", "missions"), ("f4", "dashboard"), ("f2", "checkin")):
            await pilot.press(key)
            await settle(pilot)
            assert mode == app.screen.MODE and len(app.screen_stack) == 1  # the old one is gone
            assert app.screen.active_bindings["f1"].binding.description == "Help"


async def test_the_language_switched_back_and_forth_keeps_one_screen_over_the_old_one(journal, app_for):
    """Ctrl+L pressed again and again on the same section: the screen shown at the previous
    switch gives way each time (the stack would grow with every press, each switch slower)."""
    app = app_for(journal, mode="dashboard", build_ahead=("log",))
    async with app.run_test() as pilot:
        await until(pilot, lambda: app.built_ahead)
        await settle(pilot)
        for lang in ("en", "fr"):  # the second press is the one that stacked a third screen
            await pilot.press("ctrl+l")
            await settle(pilot)
            assert app.lang == lang and app.screen.MODE == "dashboard"
            assert len(app.screen_stack) == 2
            assert app.screen.active_bindings["f1"].binding.description == (
                "Help" if lang == "en" else "Aide"
            )
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert len(app.screen_stack) == 1 and app.screen.MODE == "dashboard"


async def test_typing_after_a_language_switch_is_kept_when_the_section_is_left(journal, app_for):
    """The log shown anew in English over its French screen: what is typed in it is the
    draft, not what the French one held, once the section is left and taken apart."""
    from textual.widgets import Input

    app = app_for(journal, mode="log", build_ahead=("dashboard", "log"))
    async with app.run_test() as pilot:
        await until(pilot, lambda: app.built_ahead)
        await settle(pilot)
        app.screen.query_one("#log-task", Input).value = "avant"
        await pilot.pause()
        await pilot.press("ctrl+l")
        await settle(pilot)
        app.screen.query_one("#log-task", Input).value = "after the switch"
        await pilot.pause()
        await pilot.press("f4")
        await until(pilot, lambda: app.built_ahead)
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen.query_one("#log-task", Input).value == "after the switch"


async def test_only_the_sections_named_are_built_ahead(journal, app_for):
    """A test about two sections builds those (each section built is ~0.15 s of CPU)."""
    app = app_for(journal, mode="dashboard", build_ahead=("log",))
    async with app.run_test() as pilot:
        await until(pilot, lambda: app.built_ahead)
        await settle(pilot)
        assert app.built_sections == {"dashboard", "log"}
        assert app.current_mode == "dashboard"


def test_a_section_name_that_does_not_exist_is_refused(journal, app_for):
    with pytest.raises(ValueError, match="jounral"):
        app_for(journal, mode="dashboard", build_ahead=("log", "jounral"))
