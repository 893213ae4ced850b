"""Quick logging: inline errors, the table, delete and undo."""

from __future__ import annotations

from cm_coach.core.entries import log_entry
from cm_coach.store.db import connect
from cm_coach.tui.widgets.entries import EntriesTable
from tests.conftest import table_rows
from tests.tui.conftest import TODAY
from tests.tui.helpers import settle


def add_entry(path, task="répondre aux messages privés", minutes=30, day=TODAY):
    conn = connect(path)
    try:
        return log_entry(conn, task, minutes, day=day, mission="Maison Lune").entry
    finally:
        conn.close()


async def test_bad_duration_shows_an_inline_error_and_writes_nothing(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"modérer les commentaires")
        app.screen.query_one("#log-duration").value = "trois heures et quart"
        await pilot.press("enter")
        await settle(pilot)
        message = app.screen.query_one("#log-message")
        assert message.has_class("-error")
        assert "trois heures et quart" in str(message.render())
    assert table_rows(journal, "entries") == []


async def test_unknown_mission_is_refused_inline(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#log-task").value = "animer le live"
        screen.query_one("#log-duration").value = "45"
        screen.query_one("#log-mission").value = "Inconnue"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#log-message").has_class("-error")
        assert "Inconnue" in str(screen.query_one("#log-message").render())
    assert table_rows(journal, "entries") == []


async def test_logging_an_entry_with_a_date_word(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press(*"répondre aux commentaires du live")
        assert screen.query_one("#log-activity").value == "dialogue"  # from the classifier
        screen.query_one("#log-duration").value = "1h15"
        screen.query_one("#log-mission").value = "Maison Lune"
        screen.query_one("#log-date").value = "hier"
        await pilot.press("enter")
        await settle(pilot)
    [row] = table_rows(journal, "entries")
    assert (row["task"], row["minutes"], row["date"], row["activity"]) == (
        "répondre aux commentaires du live",
        75,
        "2026-11-24",
        "dialogue",
    )


async def test_delete_then_undo_restores_the_entry(journal, app_for):
    add_entry(journal, "écrire le post de jeudi", 45)
    add_entry(journal)
    before = table_rows(journal, "entries")
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        table = app.screen.query_one(EntriesTable)
        assert table.row_count == 2
        table.focus()
        await pilot.press("d")
        await settle(pilot)
        assert len(table_rows(journal, "entries")) == 1
        assert table.row_count == 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert table.row_count == 2
    assert table_rows(journal, "entries") == before


async def test_edit_an_entry(journal, app_for):
    add_entry(journal)
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.query_one(EntriesTable).focus()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#edit-duration").value = "1h"
        await pilot.press("ctrl+s")
        await settle(pilot)
    [row] = table_rows(journal, "entries")
    assert row["minutes"] == 60
