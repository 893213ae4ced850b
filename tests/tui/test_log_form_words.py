"""The log form as a person fills it: a paste of two lines keeps both, an empty form asks for
its task first and an empty duration is asked for, not called "not recognised"."""

from __future__ import annotations

import pytest
from textual import events

from tests.conftest import plain
from tests.tui.helpers import settle, until


@pytest.mark.parametrize("field_id", ["#log-task"])
async def test_a_paste_over_two_lines_keeps_both(journal, app_for, field_id):
    """Textual's field kept the first line of a paste and dropped the rest without a word."""
    app = app_for(journal, mode="log")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        field = app.screen.query_one(field_id)
        field.focus()
        field.post_message(events.Paste("répondre aux commentaires\n  sous le post du salon\n"))
        await until(pilot, lambda: field.value)
        assert field.value == "répondre aux commentaires sous le post du salon"


async def test_an_empty_form_asks_for_its_task_then_its_duration(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        message = app.screen.query_one("#log-message")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "tâche est vide" in plain(str(message.content)))
        app.screen.query_one("#log-task").value = "répondre aux commentaires"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "combien de temps" in plain(str(message.content)))
        assert "n'est pas une durée reconnue" not in plain(str(message.content))
