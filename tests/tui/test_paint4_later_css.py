"""The first screens are painted with app.tcss alone; later.tcss (the dialogs, the sections no
command opens first) is read after the first frame, or before whatever needs it is built
(issue 16, point 7: first paint)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cm_coach.tui.app import FIRST_SCREEN_MODES, LATER_CSS
from cm_coach.tui.widgets.footer import CoachFooter
from tests.tui.helpers import settle
from tests.tui.test_paint5_restyle import count_reparses


def later_selectors() -> list[str]:
    """The first part of each selector of later.tcss (an id or a class of a later screen)."""
    css = re.sub(r"/\*.*?\*/", "", Path(LATER_CSS).read_text(encoding="utf-8"), flags=re.S)
    heads = re.findall(r"([^{}]+)\{", css)
    return sorted({part.split()[0] for head in heads for part in head.split(",")})


@pytest.mark.parametrize("mode", FIRST_SCREEN_MODES)
async def test_a_first_screen_is_painted_before_the_later_css_is_read(journal, app_for, mode):
    """Also the first frame's parse, test_paint5_restyle's subject, looked at on the same app
    (each app started is ~0.2 CPU-s): the CSS is parsed once before it, not again."""
    app = app_for(journal, mode=mode)
    reparses = count_reparses(app)
    at_first_frame: list[tuple[bool, int]] = []
    app.after_first_frame(
        lambda: at_first_frame.append((app.stylesheet.has_source(LATER_CSS), len(reparses)))
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert at_first_frame == [(False, 0)]  # no later.tcss yet, and no parse again
        assert app.stylesheet.has_source(LATER_CSS)  # read once the first frame is out
        # None of its rules styles a widget of a first screen: nothing painted changes.
        assert len(later_selectors()) > 20
        assert [selector for selector in later_selectors() if app.screen.query(selector)] == []
        assert app.screen.query_one(CoachFooter).shown_keys()  # the whole screen (its look: the snapshots)


async def test_a_section_opened_first_has_its_rules_in_its_first_frame(journal, app_for):
    app = app_for(journal, mode="missions")
    at_first_frame: list[bool] = []
    app.after_first_frame(lambda: at_first_frame.append(app.stylesheet.has_source(LATER_CSS)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert at_first_frame == [True]


async def test_a_dialog_is_styled_by_the_later_css(journal, app_for):
    app = app_for(journal, mode="checkin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        dialog = app.screen.query_one("#help-dialog")
        assert (str(dialog.styles.width), str(dialog.styles.max_width)) == ("90w", "100")  # #help-dialog
