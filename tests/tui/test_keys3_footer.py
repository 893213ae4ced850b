"""The footer shows its keys in a new screen's first frame (issue 16, point 7): the whole
screen at once, not one without keys followed by a second layout."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from cm_coach.tui.widgets.footer import CoachFooter
from tests.tui.helpers import until


class KeyedScreen(Screen):
    BINDINGS = [Binding("f2", "app.bell", "Ring", id="ring")]  # noqa: RUF012 - Textual's convention
    keys_when_mounted: list[str] | None = None

    def compose(self) -> ComposeResult:
        yield Static("a screen")
        yield CoachFooter()

    def on_mount(self) -> None:
        # Called after the next refresh: the screen's first frame, as drawn.
        self.call_after_refresh(self._record_first_frame)

    def _record_first_frame(self) -> None:
        self.keys_when_mounted = [key.description for key in self.query_one(CoachFooter).shown_keys()]


class PushingApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(KeyedScreen())


async def test_a_screen_s_footer_has_its_keys_in_its_first_frame():
    app = PushingApp()
    async with app.run_test() as pilot:
        await until(
            pilot, lambda: isinstance(app.screen, KeyedScreen) and app.screen.keys_when_mounted is not None
        )
        assert "Ring" in app.screen.keys_when_mounted
