"""Before the first frame the app's CSS is parsed once: Textual's refresh of the CSS, run for
the first screen, restyles with the rules already parsed while the theme's variables are the
same (issue 16, point 7: first paint); a new theme still parses everything again."""

from __future__ import annotations

import pytest

from cm_coach.tui.app import FIRST_SCREEN_MODES
from cm_coach.tui.widgets.footer import CoachFooter
from tests.tui.helpers import settle


def count_reparses(app) -> list[str]:
    """Each full parse again of the app's stylesheet (Textual's ``reparse``), counted."""
    calls: list[str] = []
    sheet = app.stylesheet
    reparse = sheet.reparse

    def counted() -> None:
        calls.append("reparse")
        reparse()

    sheet.reparse = counted
    return calls


@pytest.mark.parametrize("mode", FIRST_SCREEN_MODES)
async def test_the_first_frame_parses_the_css_once(journal, app_for, mode):
    app = app_for(journal, mode=mode)
    reparses = count_reparses(app)
    at_first_frame: list[int] = []
    app.after_first_frame(lambda: at_first_frame.append(len(reparses)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert at_first_frame == [0]
        assert app.screen.query_one(CoachFooter).shown_keys()  # the whole screen (its look: the snapshots)


async def test_a_new_theme_parses_and_restyles_everything(journal, app_for):
    app = app_for(journal, mode="checkin")
    reparses = count_reparses(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        background = app.screen.styles.background
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot)
        assert reparses
        assert app.screen.styles.background != background


async def test_a_themes_variables_are_made_once(journal, app_for, monkeypatch):
    app = app_for(journal, mode="checkin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        other = app.get_theme("textual-light" if app.theme != "textual-light" else "textual-dark")
        made: list[str] = []
        to_color_system = other.to_color_system

        def counted():
            made.append(other.name)
            return to_color_system()

        monkeypatch.setattr(other, "to_color_system", counted)
        app.theme = other.name
        await settle(pilot)
        first = app.get_css_variables()
        assert app.get_css_variables() == first
        assert made == [other.name]  # once for this theme, however often asked
        assert first["background"] == app.theme_variables["background"] != ""
        assert "readable-warning" in first
