"""The check-in's plan rows « avec qui »: typed with completion, checked like the log form's
field, saved with the row, kept by an undo, and given to the entry the row becomes."""

from __future__ import annotations

from datetime import date

import pytest

from cm_coach.core import checkins, people
from cm_coach.models import Checkin, PlanItem
from cm_coach.store.db import connect
from cm_coach.tui.screens.people_forms import ConfirmScreen
from cm_coach.tui.widgets.plan import PlanRow
from tests.conftest import table_rows
from tests.tui.conftest import TODAY
from tests.tui.helpers import checkin_ready, settle, until


def seed(path) -> None:
    conn = connect(path)
    try:
        people.add_person(conn, "@lea.cuisine", platform="Instagram", missions=["Maison Lune"])
        people.add_person(conn, "Marc du forum", platform="forum")
    finally:
        conn.close()


@pytest.fixture
def checkin_app(journal, app_for):
    """The check-in on a journal that knows Léa and Marc."""
    seed(journal)
    return app_for(journal, mode="checkin")


def planned_with(path) -> list[tuple[str, str]]:
    """``(task, person)`` read straight from the file."""
    tasks = {row["id"]: row["task"] for row in table_rows(path, "plan_items")}
    names = {row["id"]: row["name"] for row in table_rows(path, "people")}
    return [(tasks[r["plan_item_id"]], names[r["person_id"]]) for r in table_rows(path, "plan_item_people")]


async def add_row(pilot, screen, task: str, with_people: str) -> None:
    screen.query_one("#task").value = task
    field = screen.query_one("#task-with")
    field.focus()
    field.value = with_people
    await pilot.press("enter")
    await settle(pilot)


async def test_a_plan_row_with_people_is_saved_with_them(journal, checkin_app):
    app = checkin_app
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await checkin_ready(pilot)
        assert "@lea.cuisine" in screen.query_one("#task-with").people.names  # completion is loaded
        await add_row(pilot, screen, "répondre à @lea sur l'atelier", "lea, marc du forum")
        [row] = screen.query(PlanRow)
        assert row.item.with_people == ("@lea.cuisine", "Marc du forum")  # as the journal names them
        assert "avec @lea.cuisine, Marc du forum" in str(row.query_one(".plan-task").render())
        assert screen.query_one("#task").value == "" and screen.query_one("#task-with").value == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.current_mode == "dashboard"
    assert planned_with(journal) == [
        ("répondre à @lea sur l'atelier", "@lea.cuisine"),
        ("répondre à @lea sur l'atelier", "Marc du forum"),
    ]


async def test_an_unknown_name_is_refused_inline_and_nothing_is_written(journal, checkin_app):
    app = checkin_app
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await checkin_ready(pilot)
        await add_row(pilot, screen, "remercier pour la photo", "@lea.cusine")
        assert isinstance(app.screen, ConfirmScreen)  # offered to create, as in the log form
        message = str(screen.query_one("#checkin-message").render())
        assert "Personne inconnue" in message and "@lea.cuisine" in message  # the closest name
        await pilot.click("#people-dialog-cancel")
        await settle(pilot)
        assert list(screen.query(PlanRow)) == []
        assert screen.query_one("#task-with").value == "@lea.cusine"  # kept, to be corrected
        assert [p["name"] for p in table_rows(journal, "people")] == ["@lea.cuisine", "Marc du forum"]
        assert table_rows(journal, "plan_items") == [] and table_rows(journal, "plan_item_people") == []
        await pilot.press("enter")  # asked again: this time, yes
        await settle(pilot)
        await pilot.click("#people-dialog-apply")
        await settle(pilot)
        [row] = screen.query(PlanRow)
        assert row.item.with_people == ("@lea.cusine",)
        assert "@lea.cusine" in [p["name"] for p in table_rows(journal, "people")]
        assert "@lea.cusine" in screen.query_one("#task-with").people.names  # completed from now on


async def test_a_removed_row_comes_back_with_its_people_and_with_can_be_changed(journal, checkin_app):
    app = checkin_app
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await checkin_ready(pilot)
        await add_row(pilot, screen, "live avec Marc", "marc")
        row = screen.query_one(PlanRow)
        row.query_one(".plan-remove").press()
        await settle(pilot)
        assert list(screen.query(PlanRow)) == []
        await pilot.press("ctrl+z")
        await settle(pilot)
        row = screen.query_one(PlanRow)
        assert row.item.with_people == ("Marc du forum",)
        row.query_one(".plan-people").press()  # "With…": the row's people, names completed
        await settle(pilot)
        field = app.screen.query_one("#ask-input")
        assert field.value == "Marc du forum" and "@lea.cuisine" in field.people.names
        field.value = "Marc du forum, lea"
        await pilot.press("enter")
        await until(pilot, lambda: row.item.with_people == ("Marc du forum", "@lea.cuisine"))
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert planned_with(journal) == [("live avec Marc", "Marc du forum"), ("live avec Marc", "@lea.cuisine")]


async def test_the_plan_row_logged_from_the_log_is_an_exchange_with_its_people(journal, app_for):
    seed(journal)
    conn = connect(journal)
    try:
        plan = (PlanItem("répondre à Léa", "keep", with_people=("@lea.cuisine",)),)
        checkins.save_checkin(conn, Checkin(TODAY, "kpis-01", "", None, None, plan), today=TODAY)
    finally:
        conn.close()
    app = app_for(journal, mode="log")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")  # today's plan
        await settle(pilot)
        assert "avec @lea.cuisine" in str(app.screen.query_one("#plan-rows").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#ask-input").value = "30"
        await pilot.press("enter")
        await settle(pilot)
    [entry] = table_rows(journal, "entries")
    assert (entry["task"], entry["minutes"], entry["date"]) == ("répondre à Léa", 30, "2026-11-25")
    lea = next(p["id"] for p in table_rows(journal, "people") if p["name"] == "@lea.cuisine")
    assert [(r["entry_id"], r["person_id"]) for r in table_rows(journal, "entry_people")] == [
        (entry["id"], lea)
    ]


def an_idea_from_marc(journal) -> None:
    """The journal of these tests, with one idea Marc gave in a conversation."""
    seed(journal)
    conn = connect(journal)
    try:
        people.add_idea(conn, "un atelier pour les enfants", day=date(2026, 11, 23), person="Marc du forum")
    finally:
        conn.close()


async def test_an_idea_taken_into_the_plan_is_with_the_person_who_gave_it(journal, app_for):
    an_idea_from_marc(journal)
    app = app_for(journal, mode="checkin")
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await checkin_ready(pilot)
        await pilot.click(".idea-button")
        await settle(pilot)
        assert [row.item.with_people for row in screen.query(PlanRow)] == [("Marc du forum",)]


async def test_the_checkin_shown_again_reads_its_ideas_again_without_a_clash(journal, app_for):
    an_idea_from_marc(journal)
    app = app_for(journal, mode="checkin")
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await checkin_ready(pilot)
        for _ in range(2):  # away and back: the people part is read again each time
            await pilot.press("f4")
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
        assert app.screen is screen
        await until(pilot, lambda: len(screen.query(".idea-button")) == 1)
        await pilot.click(".idea-button")
        await settle(pilot)
        assert [row.item.with_people for row in screen.query(PlanRow)] == [("Marc du forum",)]
