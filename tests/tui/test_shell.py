"""The app shell: modes, palette, help, theme, header."""

from __future__ import annotations

from textual.command import CommandPalette

from cm_coach.core.settings import load_settings
from cm_coach.tui.screens.help import HelpScreen
from tests.conftest import plain
from tests.tui.helpers import checkin_ready, settle


async def test_palette_lists_the_actions(journal, app_for):
    app = app_for(journal)
    async with app.run_test() as pilot:
        await checkin_ready(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in (
            "Enregistrer",
            "Saisie",
            "Tableau",
            "Missions",
            "Auto-éval",
            "Aide",
            "English",
            "Thème",
        ):
            assert expected in titles
        assert "Check-in" not in titles  # the section you are in
        assert "Quit" not in titles and "Quitter" in titles  # Textual's own, in the user's language
        assert "Copy selected text" not in titles  # editing keys stay out of the list
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Saisie", "enter")
        await settle(pilot)
        assert app.current_mode == "log"


async def test_help_is_generated_from_the_bindings(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "Ajouter" in text and "^z" in text and "Annuler" in text
        assert "Comment cm-coach réfléchit" in text
        assert "Cursor up" not in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_modes_and_header(journal, app_for):
    app = app_for(journal, mode="dashboard")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert "mercredi 25 novembre 2026" in plain(app.sub_title)
        for key, mode in (("f3", "log"), ("f5", "missions"), ("f6", "assessment"), ("f2", "checkin")):
            await pilot.press(key)
            await settle(pilot)
            assert app.current_mode == mode


async def test_theme_choice_is_remembered(journal, app_for):
    app = app_for(journal, mode="dashboard")
    async with app.run_test() as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await pilot.pause()
    assert load_settings().theme == "textual-light"
    again = app_for(journal, mode="dashboard", theme=load_settings().theme)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"
