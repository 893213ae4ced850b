"""The judgements in the app: an unsure task asks for its activity, and a correction (on a
logged row, or on the task being typed) fixes the entry and teaches similar wording."""

from __future__ import annotations

from cm_coach.tui.screens.correct import CorrectScreen
from tests.conftest import table_rows
from tests.tui.helpers import settle, until
from tests.tui.test_log import add_entry


async def test_an_unsure_task_asks_for_its_activity_before_it_is_saved(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#log-task").value = "zxqv plorf"
        screen.query_one("#log-duration").value = "20"
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = str(screen.query_one("#log-message").render())
        assert "trancher" in message and table_rows(journal, "entries") == []
        assert screen.focused is screen.query_one("#log-activity")  # the activity is asked
        screen.query_one("#log-activity").value = "strategy"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: table_rows(journal, "entries"))
    row = table_rows(journal, "entries")[0]
    assert (row["activity"], row["activity_source"], row["verdict"]) == ("strategy", "user", "unsure")


async def test_correcting_a_logged_row_fixes_it_and_teaches(journal, app_for):
    entry = add_entry(journal, task="répondre aux avis Google du resto")
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        table = app.screen.query_one("#log-entries")
        table.focus()
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CorrectScreen))
        dialog = app.screen
        dialog.query_one("#correct-family").value = "customer_service"
        await pilot.click("#correct-ok")
        await until(pilot, lambda: not isinstance(app.screen, CorrectScreen))
        await settle(pilot)
        fixed = next(row for row in table_rows(journal, "entries") if row["id"] == entry.id)
        assert (fixed["family"], fixed["activity"], fixed["activity_source"]) == (
            "customer_service",
            "customer_service",
            "user",
        )
        assert [row["text"] for row in table_rows(journal, "corrections")] == [entry.task]
        app.screen.query_one("#log-task").value = "réponses aux avis Google du resto"
        await until(pilot, lambda: "service client" in str(app.screen.query_one("#log-verdict").render()))


async def test_the_task_being_typed_can_be_corrected_before_saving(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#log-task").value = "préparer le live de jeudi"
        await pilot.press("ctrl+g")
        await until(pilot, lambda: isinstance(app.screen, CorrectScreen))
        app.screen.query_one("#correct-family").value = "community"
        app.screen.query_one("#correct-activity").value = "dialogue"
        await pilot.click("#correct-ok")
        await until(pilot, lambda: table_rows(journal, "corrections"))
        await until(pilot, lambda: screen.query_one("#log-activity").value == "dialogue")
    assert table_rows(journal, "entries") == []  # a correction writes no entry


async def test_a_plan_row_can_be_corrected_and_follows(journal, app_for):
    from cm_coach.tui.widgets.plan import PlanRow
    from tests.tui.helpers import checkin_ready

    app = app_for(journal)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await checkin_ready(pilot)
        screen.query_one("#task").value = "répondre aux avis Google du resto"
        screen.query_one("#task").focus()
        await pilot.press("enter")
        await until(pilot, lambda: screen.query(PlanRow))
        row = screen.query_one(PlanRow)
        before = row.item.family
        target = "customer_service" if before != "customer_service" else "community"
        await pilot.click(".plan-correct")
        await until(pilot, lambda: isinstance(app.screen, CorrectScreen))
        app.screen.query_one("#correct-family").value = target
        if target == "community":
            app.screen.query_one("#correct-activity").value = "dialogue"
        await pilot.click("#correct-ok")
        await until(pilot, lambda: row.item.family == target)
    assert [r["text"] for r in table_rows(journal, "corrections")] == ["répondre aux avis Google du resto"]


async def test_the_dashboard_lists_the_tasks_still_to_settle(journal, app_for):
    from cm_coach.core.entries import log_entry
    from cm_coach.store.db import connect
    from tests.tui.conftest import TODAY

    conn = connect(journal)
    try:
        log_entry(conn, "zxqv plorf", 20, day=TODAY, mission="Maison Lune")
    finally:
        conn.close()
    app = app_for(journal, mode="dashboard")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        habits = str(app.screen.query_one("#dash-habits").render())
        assert "À trancher" in habits and "zxqv plorf" in habits
