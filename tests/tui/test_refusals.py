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
