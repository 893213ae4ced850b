"""The dashboard's charts, each one widget drawing one Rich renderable.

A chart is a single widget, not a row of widgets per bar: moving in time then changes
its figures and repaints one region, with no mounting, no layout pass (when the number
of rows is the same) and no restyling of a subtree. Colours come from the theme through
component classes, so every theme works.

Hand-drawn on purpose: Textual's ``ProgressBar`` costs three widgets a row and its
``Sparkline`` scales to the period's own maximum with no way to draw a target, which is
the one thing the dialogue chart must show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget

from cm_coach.core.formatting import duration, percent
from cm_coach.tui.widgets.prose import Prose

EIGHTHS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Share:
    """One part of a split: label, percent 0..100, minutes, and whether it is "with people"."""

    label: str
    percent: float
    minutes: int
    highlight: bool = False


def _fit(text: str, width: int) -> str:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        while text and cell_len(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - cell_len(text))


class ShareChart(Widget):
    """``Dialogue            ━━━━━━━━╸━━━━━━━  32 %   2 h 15``, one line per part of a split."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "share-chart--label",
        "share-chart--highlight",
        "share-chart--bar",
        "share-chart--bar-highlight",
        "share-chart--track",
        "share-chart--figures",
    }

    DEFAULT_CSS = """
    ShareChart { height: auto; padding: 0 1; }
    ShareChart > .share-chart--highlight { color: $readable-success; text-style: bold; }
    ShareChart > .share-chart--bar { color: $primary; }
    ShareChart > .share-chart--bar-highlight { color: $readable-success; }
    ShareChart > .share-chart--track { color: $foreground 15%; }
    ShareChart > .share-chart--figures { color: $text-muted; }
    ShareChart.-empty { color: $text-muted; }
    """

    LABEL_WIDTH = 26
    BAR_WIDTH = 44

    def __init__(self, *, lang: str = "fr", id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self.lang = lang
        self.rows: list[Share] = []
        self.empty_text = ""
        self.lines = 1

    def show(self, rows: list[Share], empty_text: str) -> None:
        """Show a new split; the layout is only redone when the chart has to grow.

        The chart keeps the tallest height it has had (blank lines below a shorter split):
        moving in time then never makes the panels under it jump, and costs no new layout.
        """
        if rows == self.rows and empty_text == self.empty_text:
            return
        self.rows, self.empty_text = list(rows), empty_text
        self.set_class(not rows, "-empty")
        grows = len(rows) > self.lines
        self.lines = max(self.lines, len(rows))
        self.refresh(layout=grows)

    def reset_height(self) -> None:
        """Fit the current split again (when the kind of period changes)."""
        if self.lines != max(1, len(self.rows)):
            self.lines = max(1, len(self.rows))
            self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        """As many lines as the tallest split shown so far, so the panels below do not jump."""
        return self.lines

    def render_line(self, y: int) -> Strip:
        """Line ``y``: a share's label, its bar in half cells, and its percentage and time."""
        width = self.size.width  # render_line draws content lines: padding is added around them
        base = self.rich_style
        if not self.rows:
            return (
                Strip([Segment(_fit(self.empty_text, width), base)]) if y == 0 else Strip.blank(width, base)
            )
        if y >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[y]
        figures = f"{percent(row.percent / 100, self.lang):>5} {duration(row.minutes, self.lang):>8}"
        label_width = min(self.LABEL_WIDTH, max(8, width // 3))
        bar_width = max(0, min(self.BAR_WIDTH, width - label_width - len(figures) - 2))
        style = self.get_component_rich_style
        half_cells = round(max(0.0, min(100.0, row.percent)) / 100 * bar_width * 2)
        full, half = divmod(half_cells, 2)
        bar_style = style("share-chart--bar-highlight" if row.highlight else "share-chart--bar")
        segments = [
            Segment(
                _fit(row.label, label_width),
                base + style("share-chart--highlight") if row.highlight else base,
            ),
            Segment(" ", base),
            Segment("━" * full + ("╸" if half else ""), base + bar_style),
            Segment("━" * (bar_width - full - half), base + style("share-chart--track")),
            Segment(" ", base),
            Segment(figures, base + style("share-chart--figures")),
        ]
        return Strip(segments).adjust_cell_length(width, base)


@dataclass(frozen=True)
class Day:
    """One day of the dialogue chart: its date and dialogue share (None: nothing logged)."""

    date: date
    share: float | None


class DialogueDays(Widget):
    """Dialogue share per day as bars against the target line.

    ::

        60%                 ▆
        40% ╌╌▇╌╌╌╌╌╌╌▅╌╌╌╌╌█╌╌
             ▅█ ▃ · ▂█ ██ ·  █▃
              2  4  6  8 10 12

    Days at or above the target are drawn in the theme's success colour, the others in its
    warning colour; a day with nothing logged is a dot. The scale starts at zero and ends at
    a round figure above the best day and the target, so bars keep their meaning.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "dialogue-days--above",
        "dialogue-days--below",
        "dialogue-days--target",
        "dialogue-days--axis",
    }

    DEFAULT_CSS = """
    DialogueDays { height: 5; padding: 0 1; }
    DialogueDays > .dialogue-days--above { color: $readable-success; }
    DialogueDays > .dialogue-days--below { color: $readable-warning; }
    DialogueDays > .dialogue-days--target { color: $readable-accent; text-style: bold; }
    DialogueDays > .dialogue-days--axis { color: $text-muted; }
    """

    BAR_ROWS = 4  # the last line of the widget holds the day numbers
    AXIS_WIDTH = 6  # "100 % "

    def __init__(self, *, lang: str = "fr", id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self.lang = lang
        self.days: list[Day] = []
        self.target = 0.4

    def show(self, days: list[Day], target: float) -> None:
        """Show these days against ``target``; the same figures are not drawn again."""
        if days == self.days and target == self.target:
            return
        self.days, self.target = list(days), target
        self.refresh()

    @property
    def top(self) -> float:
        """The share at the top of the scale: a multiple of 10% above the best day and target."""
        best = max([d.share for d in self.days if d.share is not None] + [self.target * 1.4, 0.2])
        return min(1.0, math.ceil(best * 10 - 1e-9) / 10)

    def _columns(self, width: int) -> tuple[int, int]:
        """(cells per day, bar cells) for the width available."""
        room = max(1, width - self.AXIS_WIDTH)
        per_day = max(1, min(4, room // max(1, len(self.days))))
        return per_day, max(1, per_day - 1) if per_day > 1 else 1

    def render_line(self, y: int) -> Strip:
        """Line ``y``: the bars in eighths of a cell, the target line across them, the day numbers last."""
        width = self.size.width
        base = self.rich_style
        style = self.get_component_rich_style
        axis = base + style("dialogue-days--axis")
        if not self.days:
            return Strip.blank(width, base)
        top = self.top
        per_day, bar = self._columns(width)
        rows = self.BAR_ROWS
        # In eighths of a row from the bottom; the target line sits in the row holding it.
        target_level = self.target / top * rows * 8
        target_row = rows - 1 - min(rows - 1, int(target_level // 8))
        if y == rows:  # day numbers under the bars, as many as fit without touching
            return self._day_numbers(width, per_day, axis)
        if y == target_row:
            label = percent(self.target, self.lang)
        elif y == 0:
            label = percent(top, self.lang)
        else:
            label = ""
        segments = [
            Segment(
                f"{label:>{self.AXIS_WIDTH - 1}} ",
                base + style("dialogue-days--target") if y == target_row else axis,
            )
        ]
        floor = (rows - 1 - y) * 8  # eighths below this row
        above_style = base + style("dialogue-days--above")
        below_style = base + style("dialogue-days--below")
        target_style = base + style("dialogue-days--target")
        gap = per_day - bar
        for day in self.days:
            if day.share is None:
                cell = "·" if y == rows - 1 else (" " if y != target_row else "╌")
                segments.append(Segment(cell * bar, axis if cell == "·" else target_style))
            else:
                level = round(day.share / top * rows * 8)
                eighths = max(0, min(8, level - floor))
                if y == rows - 1 and day.share > 0:
                    eighths = max(1, eighths)  # a small share still shows
                if eighths == 0 and y == target_row:
                    segments.append(Segment("╌" * bar, target_style))
                else:
                    segments.append(
                        Segment(
                            EIGHTHS[eighths] * bar,
                            above_style if day.share >= self.target else below_style,
                        )
                    )
            if gap:
                segments.append(Segment(("╌" if y == target_row else " ") * gap, target_style))
        return Strip(segments).adjust_cell_length(width, base)

    def _day_numbers(self, width: int, per_day: int, style: Style) -> Strip:
        cells = [" "] * (self.AXIS_WIDTH + per_day * len(self.days))
        next_free = 0
        for index, day in enumerate(self.days):
            number = str(day.date.day)
            start = self.AXIS_WIDTH + index * per_day
            if start >= next_free and start + len(number) <= len(cells):
                cells[start : start + len(number)] = number
                next_free = start + len(number) + 1
        return Strip([Segment("".join(cells), style)]).adjust_cell_length(width, self.rich_style)

    def as_text(self) -> str:
        """The chart as plain text (tests and the terminal's accessibility both read it)."""
        return "\n".join(self.render_line(y).text for y in range(self.BAR_ROWS + 1))


class SteadyStatic(Prose):
    """A text panel that keeps its tallest height while its text changes.

    Any widget changing size makes Textual lay the screen out a second time; panels that
    only grow (until :meth:`reset_height`) keep moving in time to one layout pass, and the
    panels under them stay where the eye left them. An unchanged text is not redrawn.
    """

    def __init__(self, content: str = "", **kwargs) -> None:
        super().__init__(content, **kwargs)
        self.text = content
        self._tallest = 0

    def show(self, text: str) -> None:
        """Show ``text``, unless it is the one already shown."""
        if text != self.text:
            self.text = text
            self.update(text)

    def on_resize(self, event: events.Resize) -> None:
        """Remember the tallest height reached and keep at least that much."""
        if event.size.height > self._tallest:
            self._tallest = event.size.height
            self.styles.min_height = self._tallest  # border-box: the size includes the padding

    def reset_height(self) -> None:
        """Let the panel shrink to its text again (when the kind of period changes)."""
        self._tallest = 0
        self.styles.min_height = None
