"""Self-assessment: number keys, figures beside the answers, contradictions, history, CLI view."""

from __future__ import annotations

import json

from cm_coach.core.content import rubric
from cm_coach.tui.widgets.question import QuestionRow
from tests.tui.helpers import settle


async def test_assessment_saved_shows_in_history_and_in_the_cli(demo_journal, app_for, cli):
    app = app_for(demo_journal, mode="assessment")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        mission = screen.query_one("#assess-mission").value
        rows = list(screen.query(QuestionRow))
        assert len(rows) == len(rubric().questions)
        for row in rows[:2]:
            row.focus()
            await pilot.press("5")  # the number keys score the focused statement
        for row in rows[2:]:
            row.set_score(5)  # the same, without a key and a focus change per statement
        await settle(pilot)
        assert all(row.score == 5 for row in rows)
        flagged = [row for row in rows if row.has_class("-contradicted")]
        assert flagged, "full marks everywhere should clash with some demo figures"
        assert "Écart à regarder" in str(flagged[0].query_one(".q-contradiction").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        history = screen.query_one("#assess-history")
        assert history.row_count == 1 and history.get_row_at(0)[1] == "5.0"
    result = cli("assess", mission, "--show", "--json", db=demo_journal)
    assert result.code == 0, result.err
    shown = json.loads(result.raw_out)
    assert len(shown["answers"]) == len(rubric().questions)


async def test_shown_again_reads_the_figures_again_on_the_mission_chosen(demo_journal, app_for):
    """Refresh on show (a section built ahead is shown this way the first time): the
    figures are read again, and the mission the user picked stays picked."""
    from tests.tui.test_startup import Loads

    app = app_for(demo_journal, mode="assessment")
    loads = Loads(app)
    async with app.run_test(size=(100, 40), message_hook=loads) as pilot:
        await settle(pilot)
        screen = app.screen
        select = screen.query_one("#assess-mission")
        other = next(name for name in screen.mission_names if name != select.value)
        select.value = other
        await settle(pilot)
        read = loads.count("assess-figures")
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert app.screen is screen and select.value == other
        assert loads.count("assess-figures") > read
        assert screen.figures.mission == other
