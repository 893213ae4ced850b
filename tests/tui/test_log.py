"""Quick logging: inline errors, the table, delete and undo."""

from __future__ import annotations

from cm_coach.core.entries import log_entry
from cm_coach.store.db import connect
from cm_coach.tui.widgets.entries import EntriesTable
from tests.conftest import table_rows
from tests.tui.conftest import TODAY
from tests.tui.helpers import settle, until


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
        app.screen.query_one("#log-task").value = "modérer les commentaires"
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
        screen.query_one("#log-task").value = "répondre aux commentaires du live"
        activity = screen.query_one("#log-activity")
        await until(pilot, lambda: activity.value == "dialogue")  # from the classifier
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


async def test_an_empty_task_is_refused_by_the_core_inline(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#log-task").value = "   "
        screen.query_one("#log-duration").value = "30"
        await pilot.press("ctrl+s")
        message = screen.query_one("#log-message")
        await until(pilot, lambda: message.has_class("-error"))
        assert "La tâche est vide" in str(message.render())
    assert table_rows(journal, "entries") == []


async def test_the_users_pick_of_activity_wins_over_the_suggestion(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#log-task").value = "répondre aux commentaires du live"
        await pilot.pause()
        assert screen.query_one("#log-activity").value == "dialogue"  # suggested as it is typed
        screen.query_one("#log-activity").value = "content"
        screen.query_one("#log-duration").value = "20"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    [row] = table_rows(journal, "entries")
    assert row["activity"] == "content"


async def test_an_edit_refused_by_the_core_stays_in_the_dialog(journal, app_for):
    from cm_coach.tui.screens.edit_entry import EditEntryScreen

    add_entry(journal)
    before = table_rows(journal, "entries")
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.query_one(EntriesTable).focus()
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, EditEntryScreen))
        dialog = app.screen
        dialog.query_one("#edit-task").value = ""
        await pilot.press("ctrl+s")
        message = dialog.query_one("#edit-message")
        await until(pilot, lambda: message.has_class("-error"))
        assert app.screen is dialog  # still open: what was typed can be fixed
        assert "La tâche est vide" in str(message.render())
    assert table_rows(journal, "entries") == before
