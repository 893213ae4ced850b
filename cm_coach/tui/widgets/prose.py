"""Text that wraps the French way: never a ``?``, ``:`` or ``»`` alone at the start of a line.

Textual breaks lines at any Unicode space, the no-break ones of French typography included
(``jours ?`` may end up as ``jours`` / ``?``). :class:`Prose` is a Static whose text is
broken by :func:`cm_coach.core.formatting.wrap_offsets` before Textual sees it: each line
then fits, and Textual has nothing left to break. A wrapped line keeps its indent and hangs
under a leading bullet (``• ``, ``⚠ ``).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from cm_coach.core.formatting import hanging_indent, wrap_offsets


def rewrap(content: Content, width: int) -> Content:
    """``content`` with line breaks where French allows, each line at most ``width`` cells."""
    lines: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        plain = line.plain
        hang = hanging_indent(plain)
        for index, piece in enumerate(line.divide(wrap_offsets(plain, width, cell_len, hang))):
            piece = piece.rstrip()
            if index:
                text = piece.plain
                piece = piece[len(text) - len(text.lstrip(" \t")) :].pad_left(hang)
            lines.append(piece)
    return Content("\n").join(lines)


def rewrap_markup(markup: str, width: int) -> str:
    """The same for a markup string (a notification's text, say)."""
    return rewrap(Content.from_markup(markup), width).markup


class FrenchWrapped(Visual):
    """A :class:`~textual.content.Content` broken by our rules at the width it is given."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._width: int | None = None
        self._wrapped = content

    def __str__(self) -> str:
        return str(self.content)  # the text, unwrapped: what tests and logs look for

    def at(self, width: int) -> Content:
        """The text wrapped at ``width``; the last wrapping is kept for the same width."""
        if width != self._width:
            self._width, self._wrapped = width, rewrap(self.content, max(width, 1))
        return self._wrapped

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """The wrapped lines, drawn by Textual's own content (padding left out of the width)."""
        pad = options.rules.get("line_pad", 0) * 2
        return self.at(width - pad).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """As wide as the text would be unwrapped."""
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        """The narrowest the text can go, as Textual measures it (its longest word)."""
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        """The number of lines once wrapped at ``width`` (padding left out)."""
        pad = rules.get("line_pad", 0) * 2
        return self.at(width - pad).get_height(rules, width)


class FrenchLines:
    """Mixed into a :class:`~textual.widgets.Static` (or a subclass): its text is wrapped by
    :class:`FrenchWrapped`; anything that is not text is rendered as it is."""

    def render(self) -> Visual:
        """Text wrapped the French way; anything else (a table, a chart) as it is."""
        visual = self.visual  # type: ignore[attr-defined]  # Static's
        if not isinstance(visual, Content):
            return visual  # a table, a chart: nothing to wrap
        wrapped = getattr(self, "_french", None)
        if wrapped is None or wrapped.content is not visual:
            wrapped = self._french = FrenchWrapped(visual)
        return wrapped


class Prose(FrenchLines, Static):  # type: ignore[misc]
    """A :class:`~textual.widgets.Static` for sentences: same API, French line breaks."""

    DEFAULT_CSS = "Prose { height: auto; }"
