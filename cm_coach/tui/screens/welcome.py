"""The first run: an empty journal opens on a short welcome — what cm-coach is for, the first
mission, the dialogue target, the language — and the morning check-in follows.

Everything is optional: Escape (or "Later") leaves the journal as it is; the welcome then
comes back on the next start, as long as the journal has no mission.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from cm_coach.core.i18n import t
from cm_coach.tui.journal import run_in_journal
from cm_coach.tui.screens.base import MessageLine

if TYPE_CHECKING:
    import sqlite3

    from cm_coach.tui.app import CoachApp

DEFAULT_TARGET = "30"


class WelcomeScreen(MessageLine, ModalScreen[str | None]):
    """Returns the language chosen once the first mission and target are written, or ``None``."""

    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "later", "workday.tui.keys.later", id="welcome_later"),
        Binding("ctrl+s", "start", "workday.tui.keys.begin", priority=True, id="welcome_start"),
    ]

    def tr(self, key: str, **params: object) -> str:
        """The ``workday.welcome.`` string ``key`` in the dialog's language."""
        return t(f"workday.welcome.{key}", self.LANG, **params)

    def compose(self) -> ComposeResult:
        """A word of welcome, the first mission, the target share of time with people and the language."""
        with Vertical(id="welcome-dialog", classes="dialog"):
            yield Label(self.tr("title"), classes="section-title")
            with VerticalScroll(id="welcome-body"):
                yield Static(self.tr("intro"), id="welcome-intro")
                yield Label(self.tr("mission_label"), classes="welcome-label")
                yield Input(placeholder=self.tr("mission_placeholder"), id="welcome-mission")
                with Horizontal(classes="welcome-row"):
                    yield Label(self.tr("target_label"), classes="welcome-label")
                    yield Input(DEFAULT_TARGET, id="welcome-target")
                    yield Label("%   " + self.tr("language_label"), classes="welcome-label")
                    yield Select(
                        [("Français", "fr"), ("English", "en")],
                        value=self.LANG,
                        allow_blank=False,
                        id="welcome-lang",
                    )
            yield Static("", id="welcome-message", classes="message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.tr("start"), variant="primary", id="welcome-go")
                yield Button(self.tr("later"), id="welcome-later")

    def on_mount(self) -> None:
        """The mission field has the cursor."""
        self.query_one("#welcome-mission", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#welcome-go")
    def action_start(self) -> None:
        """Enter, Ctrl+S or Start: write the mission and the target given (in one transaction:
        a refusal of either writes neither), then close."""
        from cm_coach.core.missions import start_journal

        app: CoachApp = self.app  # type: ignore[assignment]
        name = self.query_one("#welcome-mission", Input).value
        target = self.query_one("#welcome-target", Input).value
        chosen = self.query_one("#welcome-lang", Select).value
        lang = chosen if isinstance(chosen, str) else self.LANG
        today = app.today()

        def write(conn: sqlite3.Connection) -> str:
            start_journal(conn, name, target, on=today)
            return lang

        run_in_journal(self, write, self._written, self.show_error, group="welcome-write")

    def _written(self, lang: str) -> None:
        if self.is_current:
            self.dismiss(lang)

    @on(Button.Pressed, "#welcome-later")
    def action_later(self) -> None:
        """Escape or Later: close without writing anything."""
        self.dismiss(None)
