"""Ctrl+L keeps the week or month the dashboard shows (issue 16, point 7): the section
built anew in the other language shows the same period, not today's week."""

from __future__ import annotations

from tests.tui.helpers import settle


async def test_the_period_on_view_survives_the_language_switch(journal, app_for):
    app = app_for(journal, mode="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        french = app.screen
        await pilot.press("m", "left")  # the month before this one
        await settle(pilot)
        chosen = french.period
        assert chosen.kind == "month" and chosen.start.month == 10
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.lang == "en" and app.screen is not french
        assert app.screen.period == chosen and app.screen.data.period == chosen
