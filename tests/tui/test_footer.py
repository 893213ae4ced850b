"""The footer is one widget (issue 16, point 7: a widget per key was a twentieth of each new
screen's work): it draws the screen's keys, each whole, the palette's against the right edge;
a click presses a key, the pointer lights it up with its tooltip, a disabled key rings, and it
follows the screen's keys as they change."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from cm_coach.tui.widgets.footer import CoachFooter
from tests.tui.helpers import settle, until


class KeysScreen(Screen):
    BINDINGS = [  # noqa: RUF012 - Textual's convention
        Binding("f2", "ring", "Ring", tooltip="Rings once"),
        Binding("f3", "nothing", "Nothing now"),
        Binding("f4", "hidden", "Hidden", show=False),
        Binding("f7", "wide", "A description far too long to fit in a narrow terminal at all"),
    ]
    rung = 0

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield CoachFooter()

    def action_ring(self) -> None:
        self.rung += 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "nothing" else True  # None: shown, disabled


class FocusKeysInput(Input):
    BINDINGS = [Binding("f8", "app.bell", "Only here", id="focused_only")]  # noqa: RUF012


class FocusScreen(KeysScreen):
    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield FocusKeysInput(id="second")
        yield CoachFooter()


class KeysApp(App[None]):
    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.first = screen
        self.bells = 0

    def on_mount(self) -> None:
        self.push_screen(self.first)

    def bell(self) -> None:
        self.bells += 1


def footer_of(app: App) -> CoachFooter:
    return app.screen.query_one(CoachFooter)


def drawn(app: App) -> dict[str, tuple[int, int]]:
    return {key.description: (key.start, key.end) for key in footer_of(app).shown_keys()}


async def test_each_key_is_drawn_whole_and_the_palette_ends_the_line():
    app = KeysApp(KeysScreen())
    async with app.run_test(size=(60, 10)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, KeysScreen) and footer_of(app).shown_keys())
        footer = footer_of(app)
        keys = footer.shown_keys()
        assert [key.description for key in keys] == ["Ring", "Nothing now", "palette"]  # not the hidden one
        line = footer.render().plain
        for key in keys:
            assert line[key.start : key.end] == key.text and key.end - key.start == cell_len(key.text)
        assert keys[-1].palette and keys[-1].end == 59 and line[keys[-1].start - 1] == "▏"
        # The long description is left out whole rather than cut under the palette's key.
        assert "A description" not in line and len(line) == 60


async def test_a_wider_terminal_shows_the_key_that_did_not_fit():
    app = KeysApp(KeysScreen())
    async with app.run_test(size=(120, 10)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, KeysScreen) and footer_of(app).shown_keys())
        assert "A description far too long to fit in a narrow terminal at all" in drawn(app)


async def test_a_click_presses_the_key_and_a_disabled_key_rings():
    app = KeysApp(KeysScreen())
    async with app.run_test(size=(60, 10)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, KeysScreen) and footer_of(app).shown_keys())
        start, _ = drawn(app)["Ring"]
        await pilot.click(CoachFooter, offset=(start + 1, 0))
        await until(pilot, lambda: app.screen.rung == 1)
        start, _ = drawn(app)["Nothing now"]
        await pilot.click(CoachFooter, offset=(start + 1, 0))
        await until(pilot, lambda: app.bells == 1)
        assert app.screen.rung == 1


async def test_the_key_under_the_pointer_lights_up_with_its_tooltip():
    app = KeysApp(KeysScreen())
    async with app.run_test(size=(60, 10)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, KeysScreen) and footer_of(app).shown_keys())
        footer = footer_of(app)
        start, end = drawn(app)["Ring"]
        await pilot.hover(CoachFooter, offset=(start, 0))
        await until(pilot, lambda: footer.tooltip == "Rings once")
        hover = footer.get_component_rich_style("coach-footer--hover")
        lit = footer.render()
        assert all(
            lit.get_style_at_offset(app.console, x).bgcolor == hover.bgcolor for x in range(start, end)
        )
        outside = drawn(app)["Nothing now"][0]
        assert lit.get_style_at_offset(app.console, outside).bgcolor != hover.bgcolor
        await pilot.hover(CoachFooter, offset=(end + 30, 0))  # between keys: nothing lit
        await until(pilot, lambda: footer.tooltip is None)


async def test_the_keys_follow_the_focus():
    app = KeysApp(FocusScreen())
    async with app.run_test(size=(100, 10)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FocusScreen) and footer_of(app).shown_keys())
        app.screen.query_one("#first").focus()
        await settle(pilot)
        assert "Only here" not in drawn(app)
        app.screen.query_one("#second").focus()
        await until(pilot, lambda: "Only here" in drawn(app))
        app.screen.query_one("#first").focus()
        await until(pilot, lambda: "Only here" not in drawn(app))
