"""The header: the palette's icon, the title and the day or the running timer, one widget.

Textual's :class:`~textual.widgets.Header` is four widgets (itself, the icon, the title, the
clock's space), each mounted, styled and laid out on every screen. Here one line is drawn
with the same layout and theme variables: the icon in its eight columns on the left (a
click opens the palette), the title centred between it and the clock's ten columns.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # Textual's header icon: docked left, eight columns, one of padding
CLOCK_WIDTH = 10  # the clock's space on the right, kept so that the title stays centred


class CoachHeader(Widget, can_focus=False):
    """The app's title and sub-title (the screen's own when it has one), centred."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"coach-header--icon-hover"}  # noqa: RUF012 - Textual's convention
    DEFAULT_CSS = """
    CoachHeader {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        & > .coach-header--icon-hover {
            background: $foreground 10%;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._icon_hovered = False

    def on_mount(self) -> None:
        """Redrawn when the app's or the screen's title or sub-title changes."""
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitle, init=False)
            self.watch(node, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def title_content(self) -> Content:
        """What the title shows: Textual's formatting of the title and sub-title."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        """The icon, the title centred (cut with an ellipsis when too long), the clock's space."""
        icon = Content(f" {ICON}").pad_right(ICON_WIDTH - 2)
        if self._icon_hovered:
            icon = icon.stylize(self.get_visual_style("coach-header--icon-hover"))
        room = max(0, self.size.width - ICON_WIDTH - CLOCK_WIDTH)
        title = self.title_content().rstrip().truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        return Content.assemble(icon, title.pad(left, room - title.cell_length - left), " " * CLOCK_WIDTH)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """The icon lights up under the pointer, with its tooltip."""
        over = event.x < ICON_WIDTH
        if over != self._icon_hovered:
            self._icon_hovered = over
            self.tooltip = self.app.t("textual.header.palette") if over else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        """The pointer gone: the icon as usual."""
        if self._icon_hovered:
            self._icon_hovered = False
            self.tooltip = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        """A click on the icon opens the command palette, as in Textual's header."""
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            self.app.action_command_palette()
