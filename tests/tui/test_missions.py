"""The missions screen: list with this month's figures, add, edit, close."""

from __future__ import annotations

from textual.widgets import DataTable, SelectionList

from cm_coach.core.missions import list_missions
from cm_coach.store.db import connect
from tests.conftest import table_rows
from tests.tui.helpers import settle


def missions(path):
    conn = connect(path)
    try:
        return {m.name: m for m in list_missions(conn)}
    finally:
        conn.close()


async def test_added_mission_is_listed_and_offered_in_the_log(journal, app_for):
    app = app_for(journal, mode="missions")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 2
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#mission-name").value = "Festival des Lumières"
        dialog.query_one("#mission-followers").value = "1200"
        dialog.query_one("#mission-agreed", SelectionList).select("advertising")
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        assert "Festival des Lumières" in [str(table.get_row_at(i)[0]) for i in range(3)]
        await pilot.press("f3")
        await settle(pilot)
        field = app.screen.query_one("#log-mission")
        field.value = "Festi"
        field.cursor_position = len(field.value)
        assert await field.completion() == "Festival des Lumières"
    added = missions(journal)["Festival des Lumières"]
    assert added.agreed == ("advertising",) and added.followers == 1200


async def test_edit_and_close_a_mission(journal, app_for):
    app = app_for(journal, mode="missions")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#mission-followers").value = "350"
        await pilot.press("ctrl+s")
        await settle(pilot)
        first = app.screen.lines[0].mission.name
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")  # the date asked for: today, as offered
        await settle(pilot)
    assert missions(journal)[first].followers == 350
    assert missions(journal)[first].end is not None
    assert len(table_rows(journal, "missions")) == 2


async def test_close_on_a_chosen_date_shows_closed_then_reopen(journal, app_for):
    from datetime import date

    app = app_for(journal, mode="missions")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = app.screen.lines[0].mission.name
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#ask-input").value = "30/11/2026"  # its last day is still to come
        await pilot.press("enter")
        await settle(pilot)
        assert missions(journal)[first].end == date(2026, 11, 30)
        row = app.screen.lines.index(next(line for line in app.screen.lines if line.mission.name == first))
        status = app.screen.query_one("DataTable").get_row_at(row)[2]
        assert "close" in status and "en cours" not in status
        app.screen.query_one("DataTable").move_cursor(row=row)
        await pilot.press("c")  # a closed mission: reopened
        await settle(pilot)
    assert missions(journal)[first].end is None


async def test_a_line_drawn_before_the_table_s_idle_moment_shows_whole_names(
    demo_journal, app_for, monkeypatch
):
    """Textual sizes a table's columns when it is next idle, and keeps a line drawn before that
    in its cache: drawn then (a loaded machine), a name stayed cut to its heading ("Associa")."""
    from cm_coach.tui.screens.missions import MissionsScreen

    drawn: list[str] = []
    show_lines = MissionsScreen.show_lines

    def shown_then_drawn_at_once(screen, lines) -> None:
        show_lines(screen, lines)
        table = screen.query_one(DataTable)
        drawn.extend(table.render_line(y).text for y in range(table.size.height))

    monkeypatch.setattr(MissionsScreen, "show_lines", shown_then_drawn_at_once)
    app = app_for(demo_journal, mode="missions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        names = [line.mission.name for line in app.screen.lines]
        assert drawn and all(any(name in line for line in drawn) for name in names)
        again = [table.render_line(y).text for y in range(table.size.height)]
        assert all(any(name in line for line in again) for name in names)
