"""The header is one widget (issue 16, point 7: Textual's is four, on every screen): the
title and sub-title centred between the icon and the clock's space, redrawn when they
change (the running timer is the sub-title), and the icon opens the palette."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.widgets import Static

from cm_coach.tui.widgets.header import CLOCK_WIDTH, ICON, ICON_WIDTH, CoachHeader
from tests.tui.helpers import until


class TitledApp(App[None]):
    TITLE = "cm-coach"

    def compose(self) -> ComposeResult:
        yield CoachHeader()
        yield Static("body")


def line_of(app: App) -> str:
    return app.query_one(CoachHeader).render().plain


async def test_the_title_is_centred_between_the_icon_and_the_clock_space():
    app = TitledApp()
    async with app.run_test(size=(60, 10)) as pilot:
        app.sub_title = "lundi"
        await until(pilot, lambda: "lundi" in line_of(app))
        line = line_of(app)
        assert len(line) == 60 and line[1] == ICON and line.endswith(" " * CLOCK_WIDTH)
        title = "cm-coach — lundi"
        room = 60 - ICON_WIDTH - CLOCK_WIDTH
        assert line[ICON_WIDTH:-CLOCK_WIDTH] == " " * ((room - len(title)) // 2) + title + " " * (
            room - len(title) - (room - len(title)) // 2
        )


async def test_a_new_sub_title_is_drawn_and_a_long_one_is_cut_with_an_ellipsis():
    app = TitledApp()
    async with app.run_test(size=(40, 10)) as pilot:
        app.sub_title = "une tâche au long cours qui ne tient pas dans la largeur"
        await until(pilot, lambda: "…" in line_of(app))
        assert len(line_of(app)) == 40
        app.sub_title = "9:05 post"
        await until(pilot, lambda: "9:05 post" in line_of(app))


async def test_a_screen_s_own_title_comes_first():
    app = TitledApp()
    async with app.run_test(size=(60, 10)) as pilot:
        app.screen.title = "Aide"
        await until(pilot, lambda: "Aide" in line_of(app) and "cm-coach" not in line_of(app))


async def test_the_icon_opens_the_palette_and_gives_its_tooltip():
    app = TitledApp()
    app.t = lambda key: {"textual.header.palette": "Ouvrir la palette des actions"}[key]  # as CoachApp does
    async with app.run_test(size=(60, 10)) as pilot:
        header = app.query_one(CoachHeader)
        await pilot.hover(CoachHeader, offset=(1, 0))
        await until(pilot, lambda: header.tooltip == "Ouvrir la palette des actions")
        await pilot.hover(CoachHeader, offset=(30, 0))
        await until(pilot, lambda: header.tooltip is None)
        await pilot.click(CoachHeader, offset=(30, 0))  # the title: nothing opens
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(CoachHeader, offset=(1, 0))
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
