"""A few pictures of the screens at 80×24 on demo data and a fixed clock.

They guard the look; behaviour is asserted by the Pilot tests. Update with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from functools import partial

import pytest

from tests.tui.helpers import checkin_ready, settle, until

OUTSIDE_TASK = "gérer le budget des campagnes Facebook Ads"


@pytest.fixture
def app_for(app_for):
    """A picture is of the section in view: no other section built out of sight meanwhile
    (the build-ahead has its own tests, tests/tui/test_build_ahead.py). Each section built
    ahead makes Textual parse the whole CSS again, a dozen times per picture."""
    return partial(app_for, build_ahead=False)


def steady_cursors(pilot) -> None:
    """A blinking cursor would make the pictures differ from run to run; a text area can
    also keep a line drawn with its cursor from before the blink was stopped. So no text
    field keeps the focus in a picture."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    pilot.app.set_focus(None)


def test_checkin_screen(snap_compare, demo_journal, app_for):
    async def ready(pilot):
        await checkin_ready(pilot)
        steady_cursors(pilot)
        await settle(pilot)

    assert snap_compare(app_for(demo_journal, mode="checkin"), terminal_size=(80, 24), run_before=ready)


def test_checkin_plan_with_outside_task(snap_compare, demo_journal, app_for):
    async def plan(pilot):
        screen = await checkin_ready(pilot)
        # The people part is read after the first frame, by a worker that may not have started
        # when the screen looked ready: wait for it, or the scroll below is chosen on a shorter page.
        from cm_coach.tui.widgets.people_today import CheckinPeople

        people_part = screen.query_one(CheckinPeople)
        await until(pilot, lambda: people_part.has_class("-filled"))
        await settle(pilot)
        # Focused without the smooth scroll that would race the one chosen below.
        pilot.app.set_focus(screen.query_one("#task"), scroll_visible=False)
        for typed in ("répondre aux questions du live", OUTSIDE_TASK):
            screen.query_one("#task").value = typed
            await pilot.press("enter")
        screen.query_one("#task").value = "rédiger les réponses du SAV"
        steady_cursors(pilot)
        await settle(pilot)
        await pilot.pause()  # idle: the verdict lines are laid out before the scroll is chosen
        screen.query_one("#task").scroll_visible(animate=False, top=True)
        await settle(pilot)

    assert snap_compare(app_for(demo_journal, mode="checkin"), terminal_size=(80, 24), run_before=plan)


def test_log_screen(snap_compare, demo_journal, app_for):
    async def ready(pilot):
        await settle(pilot)
        steady_cursors(pilot)
        await pilot.pause()

    assert snap_compare(app_for(demo_journal, mode="log"), terminal_size=(80, 24), run_before=ready)


def test_log_screen_inline_error_in_english(snap_compare, demo_journal, app_for):
    async def bad_duration(pilot):
        await settle(pilot)
        pilot.app.screen.query_one("#log-task").value = "reply to the forum questions"
        pilot.app.screen.query_one("#log-duration").value = "a while"
        await pilot.press("enter")
        await settle(pilot)
        steady_cursors(pilot)
        await pilot.pause()

    app = app_for(demo_journal, mode="log", lang="en")
    assert snap_compare(app, terminal_size=(80, 24), run_before=bad_duration)


def test_dashboard_80x24(snap_compare, demo_journal, app_for):
    async def ready(pilot):
        await settle(pilot)

    assert snap_compare(app_for(demo_journal, mode="dashboard"), terminal_size=(80, 24), run_before=ready)


def test_dashboard_month_120x40(snap_compare, demo_journal, app_for):
    async def month(pilot):
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)

    assert snap_compare(app_for(demo_journal, mode="dashboard"), terminal_size=(120, 40), run_before=month)


def test_assessment_80x24(snap_compare, demo_journal, app_for):
    async def scored(pilot):
        await settle(pilot)
        rows = list(pilot.app.screen.query("QuestionRow"))
        for row, score in zip(rows, (5, 2), strict=False):
            row.focus()
            await pilot.press(str(score))
        steady_cursors(pilot)
        await settle(pilot)

    assert snap_compare(app_for(demo_journal, mode="assessment"), terminal_size=(80, 24), run_before=scored)


def test_assessment_120x40(snap_compare, demo_journal, app_for):
    async def ready(pilot):
        await settle(pilot)
        steady_cursors(pilot)

    assert snap_compare(app_for(demo_journal, mode="assessment"), terminal_size=(120, 40), run_before=ready)


def test_missions_80x24(snap_compare, demo_journal, app_for):
    async def ready(pilot):
        await settle(pilot)
        # The table sizes its columns to the rows on its next idle, then lays itself out again
        # (its horizontal scroll bar comes): until then, a line drawn with the header's width
        # may be kept and drawn again. Wait until what it draws shows the longest name whole.
        table = pilot.app.screen.query_one("DataTable")
        longest = max((line.mission.name for line in pilot.app.screen.lines), key=len)
        await until(
            pilot, lambda: any(longest in table.render_line(y).text for y in range(table.size.height))
        )
        await pilot.pause()

    assert snap_compare(app_for(demo_journal, mode="missions"), terminal_size=(80, 24), run_before=ready)
