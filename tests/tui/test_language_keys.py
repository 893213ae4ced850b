"""Ctrl+L (issue 16, point 7): the language is remembered off the UI thread, and the other
sections' old screens are taken apart as they are built again, not during the switch."""

from __future__ import annotations

from cm_coach.core.settings import load_settings
from tests.tui.helpers import settle, until


async def test_the_language_is_remembered_even_when_quitting_at_once(journal, app_for):
    app = app_for(journal, mode="dashboard")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l", "ctrl+l", "ctrl+l", "ctrl+q")  # written in threads: the last one counts
        await until(pilot, lambda: not app.is_running)
    assert app.lang == "en"
    assert load_settings().lang == "en"


async def test_after_a_switch_each_section_is_shown_in_the_new_language(journal, app_for):
    """Not built ahead (the Pilot's default): the old screens are still there after the
    switch, and each section is built anew in English when its key shows it."""
    app = app_for(journal, mode="dashboard")
    async with app.run_test() as pilot:
        await settle(pilot)
        for key in ("f3", "f7", "f4"):  # sections built in French
            await pilot.press(key)
            await settle(pilot)
        french = {mode: app.get_screen_stack(mode)[-1] for mode in ("log", "people")}
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.lang == "en" and app.screen.active_bindings["f1"].binding.description == "Help"
        for key, mode in (("f3", "log"), ("f7", "people")):
            await pilot.press(key)
            await settle(pilot)
            assert mode == app.screen.MODE and app.screen is not french[mode]
            assert len(app.screen_stack) == 1
            assert app.screen.active_bindings["f1"].binding.description == "Help"
