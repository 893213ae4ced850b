"""What the first paint must not wait for (data loads, double loads), and what it must not break."""

from __future__ import annotations

from collections import Counter

from textual import events
from textual.message import Message
from textual.worker import Worker, WorkerState

from tests.tui.helpers import settle


class Loads:
    """A ``message_hook`` for ``run_test``: counts the journal works that ran, by group
    (with ``app``: its reads done at once on the UI thread too, see journal.read_at_once)."""

    def __init__(self, app=None) -> None:
        self.done: Counter[str] = Counter()
        self.app = app

    def __call__(self, message: Message) -> None:
        if isinstance(message, Worker.StateChanged) and message.state == WorkerState.SUCCESS:
            self.done[message.worker.group] += 1

    def count(self, group: str) -> int:
        return self.done[group] + (self.app.reads_at_once[group] if self.app is not None else 0)


async def test_the_first_frame_does_not_wait_for_the_data(demo_journal, app_for):
    """At Textual's Ready (the first frame is out) no load has started yet: they wait for it.
    How long the first frame takes is benchmarks/bench_tui.py's to say."""
    app = app_for(demo_journal, mode="dashboard")
    at_first_frame = []
    loads = Loads()

    def hook(message: Message) -> None:
        loads(message)
        if isinstance(message, events.Ready):
            headline = str(app.screen.query_one("#dash-headline").render())
            at_first_frame.append((app.screen.loaded, app.context_ready, list(app.workers), headline))

    async with app.run_test(message_hook=hook) as pilot:
        await settle(pilot)
        assert app.screen.loaded and app.context_ready
    assert at_first_frame == [(False, False, [], "Chargement…")]
    assert loads.count("dashboard-load") == 1  # mount and first resume: one load
    assert loads.count("context") == 1


async def test_a_theme_change_restyles_the_section_shown_and_the_hidden_one(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        title = app.screen.query_one("#log-today")
        dark = app.current_theme.primary
        assert title.styles.color.hex.lower() == dark.lower()
        app.theme = "textual-light"
        await settle(pilot)
        light = app.current_theme.primary
        assert light.lower() != dark.lower()
        assert title.styles.color.hex.lower() == light.lower()

        await app.switch_mode("missions")
        await settle(pilot)
        app.theme = "textual-dark"  # while the log is hidden
        await settle(pilot)
        await app.switch_mode("log")
        await settle(pilot)
        assert title.styles.color.hex.lower() == app.current_theme.primary.lower() == dark.lower()


async def test_opening_sections_does_not_parse_every_css_source_again(journal, app_for, monkeypatch):
    """Textual refreshes all the CSS for each section's new screen and each switch (every
    source parsed again, the app restyled: ~100 ms of a key); with the same theme the app
    skips it once the first frame is out. A new theme still gets the full refresh."""
    from textual.app import App

    full_refreshes = []
    textual_refresh = App.refresh_css

    def counted(self, animate=True):
        full_refreshes.append(self.current_mode)
        textual_refresh(self, animate)

    monkeypatch.setattr(App, "refresh_css", counted)
    app = app_for(journal, mode="log")
    async with app.run_test() as pilot:
        await settle(pilot)
        before = len(full_refreshes)
        for key in ("f5", "f6", "f3", "f5"):  # two new sections, then back and forth
            await pilot.press(key)
            await settle(pilot)
        assert app.current_mode == "missions"
        assert len(full_refreshes) == before
        app.theme = "textual-light"
        await settle(pilot)
        assert len(full_refreshes) == before + 1


async def test_a_section_loads_once_when_opened_and_again_when_it_comes_back(journal, app_for):
    app = app_for(journal, mode="log")
    loads = Loads(app)
    # Keys, not app.switch_mode(): the screens must be made in the app's context to be heard.
    async with app.run_test(message_hook=loads) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert loads.count("missions-load") == 1
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert loads.count("missions-load") == 2
        assert loads.count("log-load") == 2  # opened, then shown again


async def test_a_section_shown_again_by_its_key_has_fresh_data_before_its_first_frame(journal, app_for):
    """Quick reads are done at the key, before the switch: when the section comes back on
    screen (and so in its first frame) it already lists what was logged meanwhile; read once
    shown, the entries came a frame or two later."""
    from cm_coach.core.entries import log_entry
    from cm_coach.store.db import connect

    app = app_for(journal, mode="log")
    at_resume: list[list[str]] = []

    def hook(message: Message) -> None:
        if isinstance(message, events.ScreenResume) and getattr(app.screen, "MODE", "") == "log":
            at_resume.append([entry.task for entry in app.screen.entries])

    async with app.run_test(message_hook=hook) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        conn = connect(journal)
        try:
            log_entry(conn, "répondre au forum", 20, day=app.today(), mission="Maison Lune")
        finally:
            conn.close()
        at_resume.clear()
        await pilot.press("f3")
        await settle(pilot)
    assert at_resume and at_resume[0] == ["répondre au forum"]


async def test_first_screens_focus_what_the_user_types_into(demo_journal, app_for):
    expected = {"checkin": "answer", "log": "log-task", "dashboard": "dash-body"}
    for mode, widget_id in expected.items():
        app = app_for(demo_journal, mode=mode)
        async with app.run_test() as pilot:
            await settle(pilot)
            assert app.focused is not None and app.focused.id == widget_id, mode


async def test_a_real_resize_still_lays_the_screen_out(demo_journal, app_for):
    app = app_for(demo_journal, mode="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        body = app.screen.query_one("#dash-body")
        assert body.size.width <= 80
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert body.size.width > 100 and app.screen.query_one("CoachFooter").size.width == 120
        await pilot.resize_terminal(120, 40)  # the same size again: nothing to redo, nothing lost
        await settle(pilot)
        assert body.size.width > 100


async def test_a_resize_back_after_the_section_was_hidden_is_laid_out(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        log = app.screen
        await app.switch_mode("dashboard")
        await settle(pilot)
        # Hidden, the log forgets the size it was laid out for: Textual lays a section out
        # again when it comes back without always telling it, so no resize may be skipped.
        assert log._laid_out_for is None
        await pilot.resize_terminal(120, 40)  # while the log is hidden
        await settle(pilot)
        await app.switch_mode("log")
        await settle(pilot)
        footer = app.screen.query_one("CoachFooter")
        assert footer.size.width == 120
        await pilot.resize_terminal(80, 24)  # back to the size the log first had
        await settle(pilot)
        assert footer.size.width == 80
