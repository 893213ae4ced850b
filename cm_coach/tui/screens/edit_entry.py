"""Edit one entry in a dialog that writes it; returns the saved entry, or None when cancelled.

A refusal of the core is shown in the dialog, where the user can fix what was typed.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from cm_coach.core.dates import format_duration
from cm_coach.core.i18n import t
from cm_coach.errors import CoachError
from cm_coach.models import Entry
from cm_coach.paths import user_boundaries_path
from cm_coach.tui.journal import run_in_journal
from cm_coach.tui.screens.base import MessageLine
from cm_coach.tui.screens.log import EntryForm, activity_options, read_form
from cm_coach.tui.widgets.line_input import LineInput
from cm_coach.tui.widgets.prose import Prose


class EditEntryScreen(MessageLine, ModalScreen[Entry | None]):
    """The dialog that edits one entry and writes it; a refusal stays in the dialog, to be fixed there."""

    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "tui.keys.cancel", id="edit_cancel"),
        Binding("ctrl+s", "apply", "tui.keys.apply", priority=True, id="edit_apply"),
    ]

    def __init__(self, entry: Entry, today: date) -> None:
        super().__init__()
        self.entry = entry
        self.today = today

    def tr(self, key: str, **params: object) -> str:
        """The ``tui.`` string ``key`` in the dialog's language."""
        return t(f"tui.{key}", self.LANG, **params)

    def compose(self) -> ComposeResult:
        """The entry's task, duration, mission, date and activity, ready to change, and Apply / Cancel."""
        entry = self.entry
        with Vertical(id="edit-dialog", classes="dialog"):
            yield Label(self.tr("edit.title"), classes="section-title")
            yield LineInput(entry.task, id="edit-task")
            with Horizontal(classes="edit-fields"):
                yield Input(format_duration(entry.minutes), id="edit-duration")
                yield Input(
                    entry.mission or "", id="edit-mission", placeholder=self.tr("log.mission_placeholder")
                )
                yield Input(entry.date.isoformat(), id="edit-date")
            yield Select(
                activity_options(self.LANG), value=entry.activity, id="edit-activity", allow_blank=False
            )
            yield Prose("", id="edit-message", classes="message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.tr("edit.apply"), variant="primary", id="edit-apply")
                yield Button(self.tr("edit.cancel"), id="edit-cancel")

    def on_mount(self) -> None:
        """The task field has the cursor."""
        self.query_one("#edit-task", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#edit-apply")
    def action_apply(self) -> None:
        """Enter, Ctrl+S or Apply: read the fields and write the entry; a bad value is shown inline."""
        try:
            form = read_form(
                self.query_one("#edit-task", Input).value,
                self.query_one("#edit-duration", Input).value,
                self.query_one("#edit-date", Input).value,
                self.query_one("#edit-mission", Input).value,
                self.query_one("#edit-activity", Select).value,
                self.today,
            )
        except CoachError as error:
            self.show_error(error)
            return
        self.save(form)

    def save(self, form: EntryForm) -> None:
        """Write the changes in a worker; once written, close and return the saved entry."""
        from cm_coach.core.entries import edit_entry

        entry_id, lang, boundaries, today = self.entry.id, self.LANG, user_boundaries_path(), self.today

        def saved(entry: Entry) -> None:
            if self.is_current:  # a second apply, written too, finds the dialog gone
                self.dismiss(entry)  # not awaited: called from this screen's own worker

        run_in_journal(
            self,
            lambda conn: edit_entry(
                conn,
                entry_id,
                task=form.task,
                minutes=form.minutes,
                day=form.day,
                mission=form.mission or "",
                activity=form.activity,
                lang=lang,
                user_boundaries=boundaries,
                today=today,
            ),
            saved,
            self.show_error,
            group="edit-write",
            exclusive=False,
            once=True,
        )

    @on(Button.Pressed, "#edit-cancel")
    def action_cancel(self) -> None:
        """Escape or Cancel: close without changing the entry."""
        self.dismiss(None)
