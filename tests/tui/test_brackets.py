"""Text the user typed is shown as typed, brackets included: ``[x] valider visuels`` (a to-do
line), a mission called ``Client [/b] Paris``. Textual reads ``[…]`` in a label as markup: one
name with an unmatched closing tag crashed the app on opening, and ``[x]`` vanished."""

from __future__ import annotations

import pytest

from cm_coach.core.checkins import save_checkin
from cm_coach.models import Checkin, PlanItem
from cm_coach.store.db import connect
from cm_coach.tui.app import MODE_NAMES
from tests.tui.conftest import TODAY
from tests.tui.helpers import settle, until

MISSION = "Client [/b] Paris"
PERSON = "@lea[/b]"
TASK = "[x] répondre [/b] aux coms insta"
PLANNED = "[x] valider visuels carrousel [/b]"


@pytest.fixture
def bracket_journal(cli, db_path):
    """A journal whose every text the user types holds brackets that read as markup."""
    steps = [
        ("missions", "add", MISSION, "--client", "[/] SA", "--notes", "[x] notes [/]", "--followers", "1200"),
        ("people", "add", PERSON, "--platform", "Insta[/]", "-m", MISSION, "--note", "[x] aime [/b]"),
        ("log", TASK, "-d", "45m", "-m", MISSION, "--with", PERSON),
        ("log", "fin [/] relancer la communauté", "-d", "30m", "-m", MISSION, "--date", "2026-11-24"),
        ("log", "[/b] campagne ads facebook", "-d", "60m", "-m", MISSION, "--date", "2026-11-23"),
        ("people", "follow", PERSON, "[/] lui répondre [x]", "--due", "2026-11-26"),
        ("idea", "[/b] idée de live", "--from", PERSON, "-m", MISSION),
        ("teach", "[x] facture [/] client", "--outside", "other"),
    ]
    for step in steps:
        result = cli(*step)
        assert result.code == 0, (step, result.err)
    conn = connect(db_path)
    try:  # the morning's plan, with a to-do line and a mission named with brackets
        plan = (PlanItem(PLANNED, "keep", mission=MISSION), PlanItem("[/] préparer le live", "keep"))
        save_checkin(conn, Checkin(TODAY, "kpis-01", "[x] réponse [/b]", 60, None, plan))
    finally:
        conn.close()
    return db_path


def shown(screen) -> str:
    """Every line the screen's widgets draw, as text."""
    return "\n".join(
        widget.render_line(y).text
        for widget in screen.walk_children()
        if widget.display and widget.is_mounted
        for y in range(widget.size.height)
    )


@pytest.mark.parametrize("mode", MODE_NAMES)
async def test_every_section_shows_bracketed_text_as_typed(bracket_journal, app_for, mode):
    app = app_for(bracket_journal, mode=mode)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.pause()
        text = shown(app.screen)
        assert app.is_running
    expected = {
        "checkin": [PLANNED],
        "log": [TASK],
        "missions": [MISSION],
        "people": [PERSON],
        "dashboard": [MISSION],
    }
    for fragment in expected.get(mode, []):
        assert fragment in text, (mode, fragment)


def all_shown(app) -> str:
    """What every screen of the stack draws (a dialog over its section)."""
    return "\n".join(shown(screen) for screen in app.screen_stack)


@pytest.mark.parametrize(
    ("mode", "keys", "fragment"),
    [
        ("missions", ["c"], MISSION),  # close: the day asked, under the mission's name
        ("missions", ["f"], MISSION),  # the month's figures for the mission
        ("missions", ["r"], MISSION),  # the client report: the mission chosen
        ("missions", ["e"], None),  # the mission's form
        ("people", ["down", "s"], PERSON),  # a follow-up for the person
        ("people", ["down", "delete"], PERSON),  # forget them: the question names them
        ("people", ["down", "e"], MISSION),  # the person's form: the missions to tick
        ("log", ["ctrl+o"], PLANNED),  # the plan's rows
    ],
)
async def test_every_dialog_shows_bracketed_text_as_typed(bracket_journal, app_for, mode, keys, fragment):
    app = app_for(bracket_journal, mode=mode)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        section = app.screen
        await pilot.press(*keys)
        await until(pilot, lambda: app.screen is not section)
        await settle(pilot)
        await pilot.pause()
        text = all_shown(app)
        assert app.is_running
    if fragment:
        assert fragment in text


async def test_the_log_s_dialogs_and_notifications_show_the_task_as_typed(bracket_journal, app_for):
    app = app_for(bracket_journal, mode="log")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("EntriesTable")
        table.focus()
        await pilot.press("c")  # teach: the dialog quotes the task
        await until(pilot, lambda: len(app.screen_stack) > 1)
        await settle(pilot)
        assert TASK in all_shown(app)
        await pilot.press("escape")
        await until(pilot, lambda: len(app.screen_stack) == 1)
        app.notify(f"« {TASK} »")  # as the timer's and the log's confirmations do
        await pilot.pause()
        assert app.is_running
