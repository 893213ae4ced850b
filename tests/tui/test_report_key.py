"""The client report from the app: one key on the missions screen and on the dashboard, a
dialog proposing the month and the file name, the file written, never one overwritten."""

from __future__ import annotations

from pypdf import PdfReader
from textual.widgets import DataTable, Input, Select

from tests.tui.helpers import settle, until


async def test_missions_screen_writes_the_selected_missions_report(
    demo_journal, app_for, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    app = app_for(demo_journal, mode="missions")
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        section = app.screen
        table = section.query_one(DataTable)
        assert (
            "r" in section.active_bindings
            and section.active_bindings["r"].binding.description == "Rapport client"
        )
        chosen = section.selected().name
        await pilot.press("r")
        await until(pilot, lambda: app.screen.query("#report-path"))
        dialog = app.screen
        proposed = dialog.query_one("#report-path", Input).value
        slug = chosen.lower().replace(" ", "-").replace("é", "e")
        assert proposed == str(tmp_path / f"rapport-{slug}-2026-11.pdf")  # this month, in the folder
        dialog.query_one("#report-month", Select).value = "2026-10-01"  # last month instead
        await pilot.pause()
        assert dialog.query_one("#report-path", Input).value == str(tmp_path / f"rapport-{slug}-2026-10.pdf")
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = tmp_path / f"rapport-{slug}-2026-10.pdf"
        assert written.exists()
        assert chosen in PdfReader(written).pages[0].extract_text()
        assert str(written) in str(section.query_one("#missions-message").render())
        assert table.row_count >= 1

        # The same name again: the dialog says so and writes nothing.
        before = written.read_bytes()
        await pilot.press("r")
        await until(pilot, lambda: app.screen.query("#report-path"))
        app.screen.query_one("#report-month", Select).value = "2026-10-01"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.query("#report-path")  # still open
        assert "existe déjà" in str(app.screen.query_one("#report-message").render())
        await pilot.press("escape")
        await settle(pilot)
        assert written.read_bytes() == before


async def test_dashboard_key_reports_the_month_shown(demo_journal, app_for, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = app_for(demo_journal, mode="dashboard", lang="en")
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("m")  # the month view, then the month before
        await settle(pilot)
        await pilot.press("left")
        await settle(pilot)
        await pilot.press("r")
        await until(pilot, lambda: app.screen.query("#report-path"))
        dialog = app.screen
        assert dialog.query_one("#report-month", Select).value == "2026-10-01"
        path = dialog.query_one("#report-path", Input)
        path.value = str(tmp_path / "october.html")
        await pilot.press("ctrl+s")
        await settle(pilot)
        page = (tmp_path / "october.html").read_text(encoding="utf-8")
        assert "Monthly report" in page and "October\u00a02026" in page
