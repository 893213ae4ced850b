"""Correct a judgement: what the task really is (inside the role, or which other job) and
which activity it was. The caller writes the answer through the core (a correction teaches
the same and similar wording); this dialog only asks.

Returns ``(family, activity)`` — family ``"community"`` for inside the role, ``activity``
``None`` for an outside family (its activity is the family's) — or ``None`` when cancelled.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static

from cm_coach.core.content import activities
from cm_coach.core.i18n import t
from cm_coach.core.model import INSIDE_ACTIVITIES
from cm_coach.tui.typed import typed

FAMILIES = ("community", "advertising", "customer_service", "other", "own_business")


class CorrectScreen(ModalScreen[tuple[str, str | None] | None]):
    """The dialog that corrects a judgement: the task's family and, inside the role, its activity."""

    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "tui.keys.cancel", id="correct_cancel"),
    ]

    def __init__(self, task: str, family: str | None, activity: str | None) -> None:
        super().__init__()
        self.task_text, self.given_family, self.given_activity = task, family, activity

    def tr(self, key: str, **params: object) -> str:
        """The ``boundaries.tui.`` string ``key`` in the dialog's language."""
        return t(f"boundaries.tui.{key}", self.LANG, **params)

    def compose(self) -> ComposeResult:
        """The task, a family picker, an activity picker (inside the role only), a hint and OK / Cancel."""
        labels = activities()
        with Vertical(id="correct-dialog", classes="dialog"):
            yield Label(self.tr("title"), classes="section-title")
            yield Static(typed(self.tr("task", task=self.task_text)), id="correct-task")
            yield Select(
                [(self.tr(f"family.{family}"), family) for family in FAMILIES],
                value=self.given_family if self.given_family in FAMILIES else "community",
                allow_blank=False,
                id="correct-family",
            )
            yield Select(
                [(labels[key].label[self.LANG], key) for key in INSIDE_ACTIVITIES],
                value=self.given_activity if self.given_activity in INSIDE_ACTIVITIES else Select.NULL,
                prompt=self.tr("activity_prompt"),
                id="correct-activity",
            )
            yield Static(self.tr("hint"), id="correct-hint")
            yield Static("", classes="message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.edit.apply", self.LANG), variant="primary", id="correct-ok")
                yield Button(t("tui.edit.cancel", self.LANG), id="correct-cancel")

    def on_mount(self) -> None:
        """The activity picker shown only when the family is inside; the family picker has the focus."""
        self._follow_family(self.query_one("#correct-family", Select).value)
        self.query_one("#correct-family", Select).focus()

    @on(Select.Changed, "#correct-family")
    def _family_changed(self, event: Select.Changed) -> None:
        self._follow_family(event.value)

    def _follow_family(self, family: object) -> None:
        """An outside task's activity is its family's: the activity is asked for inside only."""
        self.query_one("#correct-activity", Select).display = family == "community"

    @on(Button.Pressed, "#correct-ok")
    def action_ok(self) -> None:
        """OK: return the family, and inside the role the activity too (asked for when missing)."""
        family = self.query_one("#correct-family", Select).value
        activity = self.query_one("#correct-activity", Select).value
        if family != "community":
            self.dismiss((str(family), None))
            return
        if not isinstance(activity, str):
            line = self.query_one(".message", Static)
            line.update(self.tr("activity_missing"))
            line.add_class("-error")
            self.query_one("#correct-activity", Select).focus()
            return
        self.dismiss(("community", activity))

    @on(Button.Pressed, "#correct-cancel")
    def action_cancel(self) -> None:
        """Escape or Cancel: close without correcting anything."""
        self.dismiss(None)
