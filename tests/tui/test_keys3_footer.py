"""The footer shows its keys from its first composition (issue 16, point 7): a new screen's
first frame is the whole screen, not one without keys followed by a second layout."""

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
        # Every widget is composed and mounted by now: what the first frame will show.
        self.keys_when_mounted = [key.description for key in self.query("FooterKey")]


class PushingApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(KeyedScreen())


async def test_a_screen_s_footer_has_its_keys_when_the_screen_is_mounted():
    app = PushingApp()
    async with app.run_test() as pilot:
        await until(
            pilot, lambda: isinstance(app.screen, KeyedScreen) and app.screen.keys_when_mounted is not None
        )
        assert "Ring" in app.screen.keys_when_mounted
