"""Charts made of Textual's own widgets: shares as progress bars, days as a sparkline."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, ProgressBar

from cm_coach.core.dates import format_duration


class ShareRow(Horizontal):
    """``Dialogue  ██████░░░░  32%  2h15``: one part of a split."""

    DEFAULT_CSS = """
    ShareRow { height: 1; }
    ShareRow .share-label { width: 26; padding: 0 1 0 0; }
    ShareRow ProgressBar { width: 1fr; max-width: 44; }
    ShareRow ProgressBar Bar { width: 1fr; }
    ShareRow .share-minutes { width: 9; padding-left: 1; color: $text-muted; }
    ShareRow.-highlight .share-label { color: $success; text-style: bold; }
    ShareRow.-warning .share-label { color: $warning; }
    """

    def __init__(self, label: str, percent: float, minutes: int, *, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.label = label
        self.percent = percent
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        self._bar = ProgressBar(total=100, show_eta=False, show_percentage=True)
        yield Label(escape(self.label), classes="share-label")
        yield self._bar
        yield Label(format_duration(self.minutes), classes="share-minutes")

    def on_mount(self) -> None:
        self._bar.update(progress=self.percent)

    def set_values(self, label: str, percent: float, minutes: int, classes: str) -> None:
        """Change the figures in place: far cheaper than a new row when moving in time."""
        if label != self.label:
            self.query_one(".share-label", Label).update(escape(label))
        if minutes != self.minutes:
            self.query_one(".share-minutes", Label).update(format_duration(minutes))
        if percent != self.percent:
            self._bar.update(progress=percent)
        self.label, self.percent, self.minutes = label, percent, minutes
        for name in ("-highlight", "-warning"):
            wanted = name in classes.split()
            if wanted != self.has_class(name):  # a class change restyles the subtree
                self.set_class(wanted, name)


class ShareBars(Vertical):
    """A whole split (per activity, per mission…), rebuilt on each :meth:`show`."""

    DEFAULT_CSS = """
    ShareBars { height: auto; padding: 0 1; }
    ShareBars .empty { color: $text-muted; }
    """

    def show(self, rows: list[tuple[str, float, int, str]], empty_text: str) -> None:
        """``rows`` are (label, percent 0..100, minutes, css classes)."""
        existing = list(self.query_children(ShareRow))
        if rows and len(existing) == len(rows):
            for row, values in zip(existing, rows, strict=True):
                row.set_values(*values)
            return
        self.remove_children()
        if not rows:
            self.mount(Label(escape(empty_text), classes="empty"))
            return
        self.mount_all(
            ShareRow(label, percent, minutes, classes=css) for label, percent, minutes, css in rows
        )
