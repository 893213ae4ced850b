"""Ctrl+L keeps the search typed in the People section (issue 16, point 7): the section
built anew in the other language shows the same people, not everyone."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from tests.tui.helpers import settle, until
from tests.tui.test_people_screen import names, seed


async def test_the_search_typed_in_people_survives_the_language_switch(journal, app_for):
    seed(journal)
    app = app_for(journal, mode="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        french = app.screen
        await pilot.press(*"marc")
        await settle(pilot)
        assert names(app) == ["Marc du forum"]
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.lang == "en" and app.screen is not french
        assert app.screen.query_one("#people-search", Input).value == "marc"
        assert names(app) == ["Marc du forum"]
        await pilot.press("ctrl+l")  # and back again, over the screen shown at the first switch
        await settle(pilot)
        assert app.lang == "fr" and app.screen.query_one("#people-search", Input).value == "marc"
        assert names(app) == ["Marc du forum"]


@pytest.mark.parametrize("ahead", [False, True], ids=["built-when-shown", "built-ahead"])
async def test_a_search_left_in_a_hidden_people_section_is_there_when_it_is_shown_again(
    journal, app_for, ahead
):
    seed(journal)
    app = app_for(journal, mode="people", build_ahead=("dashboard", "people") if ahead else False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"salo")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        if ahead:
            await until(pilot, lambda: app.built_ahead)
        await pilot.press("f7")  # built anew in English as it is shown, or ahead
        await settle(pilot)
        assert app.lang == "en" and app.screen.MODE == "people"
        assert app.screen.query_one("#people-search", Input).value == "salo"
        assert names(app) == ["Salomé"]
        assert app.screen.query_one(DataTable).row_count == 1
