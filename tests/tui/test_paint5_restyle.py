"""Before the first frame the app's CSS is parsed once: Textual's refresh of the CSS, run for
the first screen, restyles with the rules already parsed while the theme's variables are the
same (issue 16, point 7: first paint); a new theme still parses everything again."""

from __future__ import annotations

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


# That a first screen's first frame parses the CSS once (no ``reparse`` before it) is looked at
# in test_paint4_later_css.test_a_first_screen_is_painted_before_the_later_css_is_read, on the
# app it starts for each first screen.


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
