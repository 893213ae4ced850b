"""What the user does not wait for (the later CSS, the sections built ahead, the log's names to
complete and corrections) runs once the first screen's figures and the header's mission are in,
not while they are being read and drawn (issue 16, point 7: figures ≤ 1.4× a minimal app)."""

from __future__ import annotations

import pytest

from cm_coach.tui.app import FIRST_SCREEN_MODES
from cm_coach.tui.screens.log import LogScreen
from tests.tui.helpers import settle, until


def figures_in(app) -> bool:
    return app.context_ready and app.screen.loaded


@pytest.mark.parametrize("mode", FIRST_SCREEN_MODES)
async def test_the_later_work_waits_for_the_first_figures(journal, app_for, mode):
    app = app_for(journal, mode=mode, build_ahead=True)
    seen: list[tuple[str, bool]] = []
    later_css, build_ahead = app.load_later_css, app._build_ahead_soon

    def reading_css() -> None:
        seen.append(("css", figures_in(app)))
        later_css()

    def building_ahead() -> None:
        seen.append(("ahead", figures_in(app)))
        build_ahead()

    app.load_later_css = reading_css  # type: ignore[method-assign]  # as on_mount hands them on
    app._build_ahead_soon = building_ahead  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        # Both are called again later (each section built ahead asks for the next one, and
        # reads the later CSS if it is not read yet): the first two calls are the ones handed on.
        await until(pilot, lambda: len(seen) >= 2)
        assert seen[:2] == [("css", True), ("ahead", True)]
        await until(pilot, lambda: app.built_ahead)
        await settle(pilot)


async def test_the_log_reads_names_and_corrections_once_its_entries_are_shown(journal, app_for, monkeypatch):
    app = app_for(journal, mode="log")
    seen: list[tuple[str, bool]] = []
    names, corrections = LogScreen.load_people_names, LogScreen.load_corrections

    def load_people_names(screen) -> None:
        seen.append(("names", figures_in(app)))
        names(screen)

    def load_corrections(screen) -> None:
        seen.append(("corrections", figures_in(app)))
        corrections(screen)

    monkeypatch.setattr(LogScreen, "load_people_names", load_people_names)
    monkeypatch.setattr(LogScreen, "load_corrections", load_corrections)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: len(seen) >= 2)
        await settle(pilot)
        assert seen[:2] == [("names", True), ("corrections", True)]


async def test_the_later_work_runs_anyway_when_the_figures_never_come(journal, app_for, monkeypatch):
    """A read that hangs (a journal held by another program) must not keep the dialogs unstyled:
    the later CSS is read after FIGURES_WAIT at the latest."""
    from cm_coach.tui import app as app_module

    monkeypatch.setattr(app_module, "FIGURES_WAIT", 0.05)
    app = app_for(journal, mode="dashboard", build_ahead=False)
    app.load_context = lambda: None  # type: ignore[method-assign]  # the context never lands
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.stylesheet.has_source(app_module.LATER_CSS))
        assert not app.context_ready
