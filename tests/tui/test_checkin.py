"""The morning check-in, driven with the Pilot on real journal files."""

from __future__ import annotations

from cm_coach.core.prompts import prompt_for
from cm_coach.core.settings import load_settings
from cm_coach.store.db import connect
from cm_coach.tui.screens import checkin
from cm_coach.tui.screens.checkin import CheckinScreen
from cm_coach.tui.widgets.plan import PlanRow
from cm_coach.tui.widgets.verdict import VerdictLine
from tests.conftest import table_rows
from tests.tui.conftest import TODAY
from tests.tui.helpers import checkin_ready, settle, until

OUTSIDE_TASK = "gérer le budget des campagnes Facebook Ads"


async def test_checkin_typed_and_saved_lands_in_the_database(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await checkin_ready(pilot)
        await pilot.click("#answer")
        await pilot.press(*"Plus de dialogue")  # really typed: this test is the user's morning
        task = screen.query_one("#task")
        await pilot.click("#task")
        for typed in ("répondre aux commentaires du live", OUTSIDE_TASK):
            task.value = typed
            await pilot.press("enter")
        screen.query_one("#intention").value = "45"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.current_mode == "dashboard"
    [row] = table_rows(journal, "checkins")
    assert row["date"] == "2026-11-25"
    assert row["prompt_id"] == prompt_for(TODAY, "fr").prompt.id
    assert row["answer"] == "Plus de dialogue"
    assert row["intention_minutes"] == 45
    plan = table_rows(journal, "plan_items")
    assert [(p["task"], p["verdict"], p["decision"]) for p in plan] == [
        ("répondre aux commentaires du live", "inside", "keep"),
        (OUTSIDE_TASK, "outside", "keep"),
    ]
    assert table_rows(journal, "checkin_drafts") == []


async def test_draft_survives_the_app_closing_mid_typing(journal, app_for):
    app = app_for(journal)
    async with app.run_test() as pilot:
        screen = await checkin_ready(pilot)
        screen.query_one("#answer").text = "Je commence à"
        task = screen.query_one("#task")
        task.focus()
        task.value = "animer le live"
        await pilot.press("enter")
        task.value = "prépa"
        await pilot.press("ctrl+q")  # quits before the debounce fires
    assert table_rows(journal, "checkins") == []

    reopened = app_for(journal)
    async with reopened.run_test() as pilot:
        screen = await checkin_ready(pilot)
        assert screen.query_one("#answer").text == "Je commence à"
        assert [row.item.task for row in screen.query(PlanRow)] == ["animer le live"]
        assert screen.query_one("#task").value == "prépa"


async def test_draft_is_written_while_typing_without_quitting(journal, app_for, monkeypatch):
    """A closed terminal gives no chance to save: the debounced draft must already be there."""
    monkeypatch.setattr(checkin, "DRAFT_DELAY", 0.05)  # the pause after typing, made short
    app = app_for(journal)
    async with app.run_test() as pilot:
        screen = await checkin_ready(pilot)
        screen.query_one("#answer").text = "tout est gardé"
        await until(pilot, lambda: table_rows(journal, "checkin_drafts"))
        assert "tout est gardé" in table_rows(journal, "checkin_drafts")[0]["payload"]
        assert isinstance(screen, CheckinScreen)


async def test_typing_whose_change_arrives_after_the_journal_read_is_written(journal, app_for, monkeypatch):
    """On a loaded machine the journal's read can land between a keystroke and the message
    saying the field changed: that typing is not in the journal yet, so it is written all
    the same (it was taken for the journal's own draft, and lost on SIGHUP)."""
    from cm_coach.store.db import connect

    monkeypatch.setattr(checkin, "DRAFT_DELAY", 0.05)  # the pause after typing, made short
    app = app_for(journal)
    async with app.run_test() as pilot:
        screen = await checkin_ready(pilot)
        conn = connect(journal)
        try:
            read = checkin.load_checkin(conn, TODAY, "fr")
        finally:
            conn.close()
        screen.query_one("#answer").text = "écrit avant la lecture"  # its message is queued
        screen._loaded(read)  # the journal's read is handled first
        await until(pilot, lambda: table_rows(journal, "checkin_drafts"))
        assert "écrit avant la lecture" in table_rows(journal, "checkin_drafts")[0]["payload"]


async def test_live_verdict_for_an_outside_task(journal, app_for):
    app = app_for(journal)
    async with app.run_test() as pilot:
        screen = await checkin_ready(pilot)
        screen.query_one("#task").focus()
        screen.query_one("#task").value = OUTSIDE_TASK
        line = app.screen.query_one("#live-verdict", VerdictLine)
        await until(pilot, lambda: line.has_class("-outside"))
        shown = str(line.render())
        assert "hors rôle" in shown and "publicité" in shown
        await pilot.press("ctrl+r")  # the reason, on demand
        assert "métier" in str(line.render())
        await pilot.press("enter")
        [row] = app.screen.query(PlanRow)
        assert row.item.verdict == "outside" and row.item.family == "advertising"


async def test_outside_task_can_be_handed_off(journal, app_for):
    app = app_for(journal)
    async with app.run_test() as pilot:
        screen = await checkin_ready(pilot)
        screen.query_one("#task").focus()
        screen.query_one("#task").value = OUTSIDE_TASK
        await pilot.press("enter")
        [row] = screen.query(PlanRow)
        row.query_one(".plan-decision").value = "handoff"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    [item] = table_rows(journal, "plan_items")
    assert item["decision"] == "handoff"
    assert table_rows(journal, "entries") == []  # a hand-off is a note, not time


async def test_language_switch_keeps_typing_and_is_remembered(journal, app_for):
    app = app_for(journal)
    async with app.run_test() as pilot:
        screen = await checkin_ready(pilot)
        screen.query_one("#answer").text = "garde-moi"
        await pilot.pause(0)  # the change is seen before the key
        await pilot.press("ctrl+l")
        screen = await checkin_ready(pilot)
        assert app.lang == "en"
        assert "Good morning" in str(screen.query_one("#greeting").render())
        assert screen.query_one("#answer").text == "garde-moi"
        assert screen.active_bindings["ctrl+s"].binding.description == "Save"
    assert load_settings().lang == "en"


async def test_typing_is_kept_when_the_app_ends_abruptly(journal, app_for):
    """No Ctrl+Q: the app is told to exit (a crash, a closed terminal) right after typing."""
    app = app_for(journal)
    async with app.run_test() as pilot:
        await checkin_ready(pilot)
        await pilot.click("#answer")
        await pilot.press(*"vite")  # really typed, and the cursor then waits at its end
        app.hang_up()
    [draft] = table_rows(journal, "checkin_drafts")
    assert '"answer": "vite"' in draft["payload"]

    crashed = app_for(journal)
    async with crashed.run_test() as pilot:
        screen = await checkin_ready(pilot)
        screen.query_one("#answer").focus()  # the cursor waits at the end of the kept text
        await pilot.press(*" encore")
        crashed.exit()  # no flush by the app: the screen keeps it as it unmounts
    [draft] = table_rows(journal, "checkin_drafts")
    assert '"answer": "vite encore"' in draft["payload"]


async def test_energy_is_picked_with_digits_arrows_and_a_click_and_saved(journal, app_for):
    from cm_coach.tui.widgets.energy import EnergyPicker

    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await checkin_ready(pilot)
        picker = screen.query_one("#energy", EnergyPicker)
        assert picker.value is None and str(picker.render()) == "○ ○ ○ ○ ○"
        picker.focus()
        await pilot.press("3")
        assert picker.value == 3
        shown = picker.render()
        assert str(shown) == "● ● ● ○ ○"
        assert [(span.start, span.style) for span in shown.spans] == [
            (0, "$readable-accent"),
            (2, "$readable-accent"),
            (4, "$readable-accent"),
        ]
        await pilot.press("right", "right", "right")  # stops at 5
        assert picker.value == 5
        await pilot.press("0")
        assert picker.value is None
        await pilot.press("left")  # from nothing, ← starts at the top
        assert picker.value == 5
        picker.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#energy", offset=(1 + 2 * 1, 0))  # padding, then the second dot
        assert picker.value == 2
        await pilot.press("ctrl+s")
        await settle(pilot)
    [row] = table_rows(journal, "checkins")
    assert row["energy"] == 2


async def test_energy_survives_in_the_draft(journal, app_for):
    app = app_for(journal)
    async with app.run_test() as pilot:
        screen = await checkin_ready(pilot)
        screen.query_one("#energy").focus()
        await pilot.press("4")
        await pilot.press("ctrl+q")
    assert table_rows(journal, "checkins") == []

    reopened = app_for(journal)
    async with reopened.run_test() as pilot:
        screen = await checkin_ready(pilot)
        assert screen.query_one("#energy").value == 4


async def test_typing_before_the_journal_answered_is_kept_when_the_app_is_stopped(
    journal, app_for, monkeypatch
):
    """The terminal closes while the check-in still waits for the journal's draft, the typing
    on screen but its change message not handled yet: the typing is what is kept (a CI run on
    a loaded machine lost it: only changes already handled were kept before the draft came)."""
    import signal
    import threading

    from textual.widgets import TextArea

    from cm_coach.core.checkins import load_draft
    from cm_coach.store.db import connect

    gate = threading.Event()
    real = checkin.load_checkin

    def journal_slow_to_answer(*args, **kwargs):
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(checkin, "load_checkin", journal_slow_to_answer)
    app = app_for(journal, mode="checkin")
    try:
        async with app.run_test() as pilot:
            screen = app.screen
            await until(pilot, lambda: bool(screen.query("#answer")))
            assert isinstance(screen, CheckinScreen) and not screen.ready
            screen.query_one("#answer", TextArea).text = "tapé avant la réponse du journal"
            app.hang_up(signal.SIGHUP)  # at once: the change's message is still on its way
    finally:
        gate.set()
    conn = connect(journal)
    try:
        draft = load_draft(conn, TODAY)
    finally:
        conn.close()
    assert draft is not None and draft["answer"] == "tapé avant la réponse du journal"


async def test_a_draft_read_before_the_plan_part_is_mounted_waits_for_it(journal, app_for, monkeypatch):
    """The plan and intention are mounted just after the first frame; when the journal answers
    first, its draft is kept and put in their fields once they are there, not lost."""
    from cm_coach.core.checkins import save_draft

    conn = connect(journal)
    try:
        save_draft(
            conn,
            TODAY,
            {"answer": "déjà commencé", "pending_task": "répondre aux avis", "intention": "50", "energy": 3},
        )
    finally:
        conn.close()
    mount_now = CheckinScreen._mount_plan_part
    held_back: list[bool] = []

    def mount_once_the_journal_answered(screen):
        if screen._waiting is None:  # the journal's answer not in yet: look again soon
            screen.set_timer(0.01, lambda: mount_once_the_journal_answered(screen))
            return
        held_back.append(not screen.ready and not screen.query("#task"))
        mount_now(screen)

    monkeypatch.setattr(CheckinScreen, "_mount_plan_part", mount_once_the_journal_answered)
    app = app_for(journal, mode="checkin")
    async with app.run_test() as pilot:
        screen = await checkin_ready(pilot)
        assert held_back == [True]  # the draft waited for its fields
        assert screen.query_one("#answer").text == "déjà commencé"
        assert screen.query_one("#task").value == "répondre aux avis"
        assert screen.query_one("#intention").value == "50"
        assert screen.query_one("#energy").value == 3


async def test_the_plan_part_is_not_in_the_first_frame_and_comes_right_after(journal, app_for):
    """First paint: the greeting, the question and the answer field; the plan's fields follow."""
    app = app_for(journal, mode="checkin")
    at_first_frame: list[bool] = []
    app.after_first_frame(lambda: at_first_frame.append(bool(app.screen.query("#checkin-plan-part"))))
    async with app.run_test() as pilot:
        screen = await checkin_ready(pilot)
        assert at_first_frame == [False]
        assert screen.query_one("#task").is_mounted and screen.query_one("#energy").is_mounted
        assert screen.focused is screen.query_one("#answer")
