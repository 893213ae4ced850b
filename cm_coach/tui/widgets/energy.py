"""Energy for the day, 1 to 5, picked with a digit, the arrows or a click.

One small widget instead of a drop-down: the check-in is the first screen of the day,
and a ``Select`` brings an overlay and an option list that cost its first paint ~10 %.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

LEVELS = range(1, 6)
CELL = 2  # each level is drawn as a dot and a space


class EnergyPicker(Widget, can_focus=True):
    """``● ● ● ○ ○``: the value is ``None`` until the user picks one."""

    DEFAULT_CSS = """
    EnergyPicker { width: 11; height: 1; padding: 0 1; color: $text-muted; }
    EnergyPicker:focus { background: $boost; text-style: bold; }
    """
    BINDINGS = [  # noqa: RUF012 - Textual's own convention
        Binding("left,minus", "step(-1)", show=False),
        Binding("right,plus", "step(1)", show=False),
        Binding("backspace,delete,0", "clear", show=False),
        *(Binding(str(level), f"pick({level})", show=False) for level in LEVELS),
    ]

    value: reactive[int | None] = reactive(None, init=False)

    class Changed(Message):
        """The level changed (``None``: cleared)."""

        def __init__(self, picker: EnergyPicker, value: int | None) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> EnergyPicker:
            """The picker the level was picked on (what ``@on(..., "#energy")`` matches)."""
            return self.picker

    def render(self) -> Content:
        """Five dots, those up to the level lit."""
        level = self.value or 0
        return Content.assemble(
            *(
                part
                for n in LEVELS
                for part in ((" " if n > 1 else ""), ("●", "$readable-accent") if n <= level else "○")
            )
        )

    def watch_value(self, value: int | None) -> None:
        """Tell the screen the level changed, so the draft keeps it."""
        self.post_message(self.Changed(self, value))

    def action_pick(self, level: int) -> None:
        """1–5: pick that level."""
        self.value = level

    def action_step(self, delta: int) -> None:
        """←/→ (or -/+): one level down or up; from no level, → picks 1 and ← picks 5."""
        start = self.value or (0 if delta > 0 else len(LEVELS) + 1)
        self.value = min(max(start + delta, LEVELS.start), LEVELS.stop - 1)

    def action_clear(self) -> None:
        """0, Backspace or Delete: no level."""
        self.value = None

    def on_click(self, event: events.Click) -> None:
        """A click on a dot picks its level; on the level already picked, clears it."""
        offset = event.get_content_offset(self)
        level = offset.x // CELL + 1 if offset is not None else 0
        if level in LEVELS:
            self.value = None if level == self.value else level
