"""One question, one line to type: the end date of a mission, the duration of a plan row,
the people a plan row is with (names completed).

Returns what was typed (Enter or the OK button), or ``None`` (Escape or Cancel). What the
answer means is the caller's to check, through the core, once the dialog is closed.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from cm_coach.core.i18n import t
from cm_coach.tui.typed import typed


class AskScreen(ModalScreen[str | None]):
    """A small dialog asking for one line of text; returns it, or ``None`` when cancelled."""

    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "tui.keys.cancel", id="ask_cancel"),
    ]

    def __init__(
        self,
        title: str,
        value: str = "",
        placeholder: str = "",
        hint: str = "",
        names: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder, self.hint = title, value, placeholder, hint
        self.names = names  # people's names: the line completes them ("with whom")

    def compose(self) -> ComposeResult:
        """The title, an optional hint, the field (filled with the current value) and OK / Cancel."""
        with Vertical(id="ask-dialog", classes="dialog"):
            yield Label(typed(self.title_text), classes="section-title")
            if self.hint:
                yield Static(typed(self.hint), id="ask-hint")
            if self.names is None:
                yield Input(self.value, placeholder=self.placeholder, id="ask-input")
            else:
                from cm_coach.tui.widgets.people_input import PeopleInput

                people = PeopleInput(self.value, placeholder=self.placeholder, id="ask-input")
                people.set_names(self.names)
                yield people
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.edit.apply", self.LANG), variant="primary", id="ask-ok")
                yield Button(t("tui.edit.cancel", self.LANG), id="ask-cancel")

    def on_mount(self) -> None:
        """The field has the cursor, so the user can type at once."""
        self.query_one("#ask-input", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ask-ok")
    def action_ok(self) -> None:
        """Enter or OK: close and return what was typed, as it is (the caller checks it)."""
        self.dismiss(self.query_one("#ask-input", Input).value)

    @on(Button.Pressed, "#ask-cancel")
    def action_cancel(self) -> None:
        """Escape or Cancel: close and return ``None``."""
        self.dismiss(None)
