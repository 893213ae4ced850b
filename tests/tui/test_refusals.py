"""Refusals in the app that had no message of their own: each says what is wrong, inline,
and writes nothing."""

from __future__ import annotations

from tests.conftest import table_rows
from tests.tui.helpers import checkin_ready, settle, until


async def test_a_checkin_intention_over_a_day_is_refused_with_the_cores_message(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await checkin_ready(pilot)
        screen.query_one("#intention").value = "1500"
        await pilot.press("ctrl+s")
        line = screen.query_one("#checkin-message")
        await until(pilot, lambda: line.has_class("-error"))
        shown = str(line.render())
        assert "minutes de dialogue prévues" in shown and "1500" in shown
        await settle(pilot)
        assert app.current_mode == "checkin"
    assert table_rows(journal, "checkins") == []


async def test_refused_figures_are_said_as_the_app_says_refusals(journal, app_for):
    from cm_coach.core.missions import edit_mission
    from cm_coach.store.db import connect

    app = app_for(journal, mode="missions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        missions = app.screen
        name = missions.selected().name
        await pilot.press("f")
        await pilot.pause()
        other = connect(journal)  # meanwhile, the mission is renamed from the command line
        try:
            edit_mission(other, name, new_name="Renommée entre-temps")
        finally:
            other.close()
        app.screen.query_one("#figures-followers").value = "3600"
        await pilot.press("ctrl+s")
        line = missions.query_one(".message")
        await until(pilot, lambda: line.has_class("-error"))
        shown = str(line.render())
        assert "Renommée entre-temps" in shown and "écran Missions" in shown  # the app's wording
    assert table_rows(journal, "mission_figures") == []


async def test_the_report_dialog_says_a_file_name_is_needed(journal, app_for, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = app_for(journal, mode="missions")
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await until(pilot, lambda: app.screen.query("#report-path"))
        dialog = app.screen
        dialog.query_one("#report-path").value = "   "
        await pilot.press("ctrl+s")
        line = dialog.query_one(".message")
        await until(pilot, lambda: line.has_class("-error"))
        assert "Donne un nom au fichier du rapport" in str(line.render())
        assert app.screen is dialog  # still open, nothing written
    assert list(tmp_path.glob("rapport-*")) == []
