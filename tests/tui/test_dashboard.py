"""The dashboard: figures of the period shown, moving in time, fresh after logging."""

from __future__ import annotations

from cm_coach.core.dates import format_period, month_period, week_period
from cm_coach.core.formatting import duration, percent
from cm_coach.core.headline import people_time
from cm_coach.core.indicators import compute
from cm_coach.store.db import connect
from cm_coach.tui.widgets.charts import ShareChart
from tests.tui.conftest import TODAY
from tests.tui.helpers import settle, until


def expected(path, period):
    conn = connect(path)
    try:
        return compute(conn, period, today=TODAY)
    finally:
        conn.close()


def shown(app) -> tuple[str, list[tuple[str, int]]]:
    headline = str(app.screen.query_one("#dash-headline").render())
    chart = app.screen.query_one("#dash-activities", ShareChart)
    rows = [(row.label, row.minutes) for row in chart.rows]
    return headline, rows


async def test_moving_between_weeks_and_months_shows_their_figures(demo_journal, app_for):
    app = app_for(demo_journal, mode="dashboard")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        this_week = week_period(TODAY)
        headline, rows = shown(app)
        figures = expected(demo_journal, this_week)
        assert format_period(this_week, "fr") in headline
        assert duration(figures.total_minutes, "fr") in headline
        assert [minutes for _, minutes in rows] == [s.minutes for s in figures.by_activity]
        share, parts = people_time(figures, "fr")
        assert f"({share}" in headline and f"= {parts}" in headline  # the headline with its parts

        await pilot.press("left")
        await settle(pilot)
        last_week = this_week.previous()
        headline, rows = shown(app)
        figures = expected(demo_journal, last_week)
        assert format_period(last_week, "fr") in headline
        assert duration(figures.total_minutes, "fr") in headline
        assert [minutes for _, minutes in rows] == [s.minutes for s in figures.by_activity]

        await pilot.press("right", "right")  # the future is refused: stays on this week
        await settle(pilot)
        assert app.screen.period == this_week

        await pilot.press("m")
        await settle(pilot)
        month = month_period(2026, 11)
        headline, _ = shown(app)
        assert duration(expected(demo_journal, month).total_minutes, "fr") in headline


async def test_a_new_entry_shows_on_the_dashboard_without_restart(journal, app_for):
    app = app_for(journal, mode="dashboard")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert shown(app)[1] == []
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#log-task").value = "répondre aux commentaires"
        screen.query_one("#log-duration").value = "40"
        screen.query_one("#log-mission").value = "Maison Lune"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert shown(app)[1] == [("Dialogue", 40)]


async def test_dialogue_chart_draws_the_journal_target(demo_journal, app_for):
    from cm_coach.core.signals import dialogue_target
    from cm_coach.tui.widgets.charts import DialogueDays

    conn = connect(demo_journal)
    try:
        target = dialogue_target(conn)
    finally:
        conn.close()
    app = app_for(demo_journal, mode="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        chart = app.screen.query_one("#dash-days", DialogueDays)
        assert chart.target == target
        lines = chart.as_text().splitlines()
        target_line = next(line for line in lines if line.lstrip().startswith(percent(target, "fr")))
        assert "╌" in target_line  # the target is drawn across the days
        assert len(chart.days) == TODAY.day  # one bar per day of the month so far
        assert lines[-1].split()[:2] == ["1", "2"]  # day numbers under the bars


async def test_outside_entries_and_todays_entries_show_in_tables(demo_journal, app_for):
    from cm_coach.tui.widgets.entries import EntriesTable

    app = app_for(demo_journal, mode="dashboard")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        today = screen.query_one("#dash-entries", EntriesTable)
        assert today.row_count == len(screen.data.today_entries) > 0
        assert not screen.query("#dash-outside-entries")  # nothing asked yet
        outside = screen.data.outside_entries
        assert outside
        await pilot.press("o")
        await pilot.pause()
        table = screen.query_one("#dash-outside-entries", EntriesTable)
        assert table.display and table.row_count == len(outside)
        assert str(table.get_row_at(0)[0]) == outside[0].task
        await pilot.press("o")
        await pilot.pause()
        assert not table.display
        await pilot.press("left")  # another week: the hidden table is left alone, then refilled
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert table.display and table.row_count == len(screen.data.outside_entries)


async def test_a_journal_that_cannot_be_read_is_said_inline_in_the_users_language(tmp_path, app_for):
    broken = tmp_path / "journal.db"
    broken.write_bytes(b"not a journal" * 100)
    app = app_for(broken, mode="dashboard", lang="en")
    async with app.run_test() as pilot:
        line = app.screen.query_one("#dash-message")
        assert not line.display  # nothing to say yet: the line takes no room
        await until(pilot, lambda: line.display)
        assert line.has_class("-error")
        assert "is not a readable cm-coach journal" in str(line.render())
        assert not app.screen.loaded


async def test_people_counts_are_the_people_exchanged_with_not_a_sum(demo_journal, app_for):
    app = app_for(demo_journal, mode="dashboard")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        figures = expected(demo_journal, week_period(TODAY))
        habits = str(app.screen.query_one("#dash-habits").render())
        people = figures.people
        assert people.distinct > 0
        assert (
            f"Personnes avec qui tu as échangé\u00a0: {people.distinct} · nouvelles\u00a0: {people.new}"
            in habits
        )
        assert f"relations suivies\u00a0: {people.relationships}" in habits
        assert "touchées" not in habits
