"""The footer: the screen's keys on one line, drawn by a single widget.

Textual's :class:`~textual.widgets.Footer` mounts, styles and lays out a widget per key (a
dozen per screen, each measured to find its width), and rebuilds them whenever the keys
change: about a twentieth of the instructions of a first paint and of each new screen. Here
the keys are one line of text, computed when the screen's bindings change and drawn with
the same theme variables as Textual's footer; a key is still clicked, hovered (with its
tooltip) and dimmed when disabled, and the command palette's key keeps the right edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from textual.screen import Screen

EDGE = "▏"  # Textual's footer draws the palette key's left border with this one


@dataclass(slots=True)
class ShownKey:
    """One key of the footer: what it shows (two keys equal look the same), and the columns
    it takes once drawn (``start`` to ``end``, end excluded; ``end`` is 0 for a key that did
    not fit)."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)

    @property
    def text(self) -> str:
        """The key and its description, as drawn (one space between them)."""
        return f"{self.display} {self.description}" if self.description else self.display


class CoachFooter(Widget, can_focus=False):
    """The keys of the screen (``show=True`` bindings, the palette's key at the right edge).

    Keys that do not fit in the width are left out whole (they stay in Help and the palette)
    rather than shown cut off under the palette's key.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {  # noqa: RUF012 - Textual's convention
        "coach-footer--key",
        "coach-footer--description",
        "coach-footer--hover",
        "coach-footer--edge",
    }
    DEFAULT_CSS = """
    CoachFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .coach-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .coach-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .coach-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .coach-footer--edge {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._keys: list[ShownKey] | None = None  # read from the screen at the first drawing
        self._hovered: ShownKey | None = None

    def on_mount(self) -> None:
        """Told each time the screen's keys change (a focus moved, a key disabled)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """No longer told."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        """Redrawn only when the keys it shows have changed (focus moves often; keys rarely)."""
        if not self.is_attached or screen is not self.screen:
            return
        keys = self._keys_of_screen()
        if keys == self._keys:
            return
        self._keys, self._hovered = keys, None
        self.refresh()

    def _keys_of_screen(self) -> list[ShownKey]:
        """The screen's keys to show, in its order, the palette's last (as Textual's footer)."""
        app = self.app
        bindings = self.screen.active_bindings
        keys: list[ShownKey] = []
        actions: set[str] = set()
        for _, binding, enabled, tooltip in bindings.values():
            if not binding.show or binding.action in actions:  # one key per action
                continue
            actions.add(binding.action)
            display = app.get_key_display(binding)
            keys.append(
                ShownKey(binding.key, display, binding.description, binding.action, enabled, tooltip, False)
            )
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in bindings:
            _, binding, enabled, tooltip = bindings[app.COMMAND_PALETTE_BINDING]
            display = app.get_key_display(binding)
            tip = binding.tooltip or binding.description
            keys.append(
                ShownKey(binding.key, display, binding.description, binding.action, enabled, tip, True)
            )
        return keys

    def shown_keys(self) -> list[ShownKey]:
        """The keys drawn, with their columns (what a click or the mouse pointer finds)."""
        return [key for key in self._keys or () if key.end]

    def render(self) -> Text:
        """The keys from the left, a space after each; the palette's key against the right edge."""
        if self._keys is None:
            self._keys = self._keys_of_screen()
        key_style = self.get_component_rich_style("coach-footer--key")
        description_style = self.get_component_rich_style("coach-footer--description")
        hover_style = self.get_component_rich_style("coach-footer--hover")
        width = self.size.width
        palette = next((key for key in self._keys if key.palette), None)
        palette_width = cell_len(EDGE + palette.text) + 1 if palette is not None else 0
        line = Text(no_wrap=True, overflow="crop", end="")
        column = 0
        for key in self._keys:
            key.start = key.end = 0
            if key.palette:
                continue
            size = cell_len(key.text)
            if column + size > width - palette_width:
                continue  # left out whole: Help and the palette still list it
            key.start, key.end = column, column + size
            self._draw(line, key, key_style, description_style, hover_style)
            line.append(" ")
            column += size + 1
        if palette is not None and palette_width <= width:
            line.append(" " * (width - palette_width - column))
            line.append(EDGE, self.get_component_rich_style("coach-footer--edge"))
            palette.start = width - palette_width + 1
            palette.end = width - 1  # then a space against the edge
            self._draw(line, palette, key_style, description_style, hover_style)
            line.append(" ")
        return line

    def _draw(
        self, line: Text, key: ShownKey, key_style: Style, description_style: Style, hover: Style
    ) -> None:
        """One key: its name in bold, a space, its description; dimmed when it does nothing now."""
        extra = Style(dim=True) if not key.enabled else Style()
        if key is self._hovered:
            key_style, description_style = key_style + hover, description_style + hover
        line.append(key.display, key_style + extra)
        if key.description:
            line.append(" " + key.description, description_style + extra)

    def key_at(self, x: int) -> ShownKey | None:
        """The key drawn at column ``x`` of the footer, if any."""
        return next((key for key in self.shown_keys() if key.start <= x < key.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """The key under the pointer lights up and gives its tooltip."""
        key = self.key_at(event.x)
        if key is not self._hovered:
            self._hovered = key
            self.tooltip = (key.tooltip or None) if key is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        """The pointer gone: no key lit, no tooltip."""
        if self._hovered is not None:
            self._hovered = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click on a key presses it (a bell when it does nothing now), as in Textual's footer."""
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
