"""The timer's two dialogs: what to start (task and mission), and, for a timer left running
past the limit, when it really ended (or keep the whole span, or drop it).

Both write through the core (``core.timer``) in a worker and return ``True`` once written;
a refusal is shown in the dialog, where the user can fix what was typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static

from cm_coach.core.formatting import duration
from cm_coach.core.i18n import render_error, t
from cm_coach.core.timer import TimerTooLong, parse_moment
from cm_coach.errors import CoachError
from cm_coach.paths import user_boundaries_path
from cm_coach.tui.journal import run_in_journal
from cm_coach.tui.screens.base import MessageLine
from cm_coach.tui.typed import typed
from cm_coach.tui.widgets.completing import CompletingInput

if TYPE_CHECKING:
    from cm_coach.core.timer import Stopped
    from cm_coach.models import RunningTimer
    from cm_coach.tui.app import CoachApp


class TimerStartScreen(MessageLine, ModalScreen[bool]):
    """Start the timer on a task (prefilled from the log form, when it holds one)."""

    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "tui.keys.cancel", id="timer_cancel"),
        Binding("ctrl+s", "start", "workday.tui.keys.start", priority=True, id="timer_start"),
    ]

    def __init__(self, task: str = "", mission: str = "", missions: list[str] | None = None) -> None:
        super().__init__()
        self.seed_task, self.seed_mission, self.mission_names = task, mission, missions or []

    def tr(self, key: str, **params: object) -> str:
        """The ``workday.tui.`` string ``key`` in the dialog's language."""
        return t(f"workday.tui.{key}", self.LANG, **params)

    def compose(self) -> ComposeResult:
        """The task and mission fields (the mission completed from the known ones) and Start / Cancel."""
        with Vertical(id="timer-dialog", classes="dialog"):
            yield Label(self.tr("start_title"), classes="section-title")
            yield Input(self.seed_task, placeholder=self.tr("task_placeholder"), id="timer-task")
            yield CompletingInput(
                self.seed_mission,
                placeholder=t("tui.log.mission_placeholder", self.LANG),
                suggester=SuggestFromList(self.mission_names, case_sensitive=False),
                id="timer-mission",
            )
            yield Static("", id="timer-message", classes="message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.tr("start"), variant="primary", id="timer-go")
                yield Button(t("tui.edit.cancel", self.LANG), id="timer-cancel")

    def on_mount(self) -> None:
        """The task field has the cursor."""
        self.query_one("#timer-task", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#timer-go")
    def action_start(self) -> None:
        """Enter, Ctrl+S or Start: start the timer on the task typed; a refusal is shown in the dialog."""
        from cm_coach.core.timer import start_timer

        task = self.query_one("#timer-task", Input).value
        mission = self.query_one("#timer-mission", Input).value.strip() or None
        app: CoachApp = self.app  # type: ignore[assignment]
        now = app.now()

        def started(_timer: RunningTimer) -> None:
            if self.is_current:
                self.dismiss(True)

        run_in_journal(
            self,
            lambda conn: start_timer(conn, task, now=now, mission=mission),
            started,
            self.show_error,
            group="timer-write",
        )

    @on(Button.Pressed, "#timer-cancel")
    def action_cancel(self) -> None:
        """Escape or Cancel: close without starting anything."""
        self.dismiss(False)


class TimerEndScreen(MessageLine, ModalScreen[bool]):
    """A timer past the limit: the end time, or the whole span, or nothing at all."""

    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "tui.keys.cancel", id="timer_end_cancel"),
    ]

    def __init__(self, refusal: TimerTooLong) -> None:
        super().__init__()
        self.refusal = refusal

    def tr(self, key: str, **params: object) -> str:
        """The ``workday.tui.`` string ``key`` in the dialog's language."""
        return t(f"workday.tui.{key}", self.LANG, **params)

    def compose(self) -> ComposeResult:
        """Why the timer was refused, a field for the real end time, and the three ways out."""
        with Vertical(id="timer-end-dialog", classes="dialog"):
            yield Label(self.tr("end_title"), classes="section-title")
            yield Static(typed(render_error(self.refusal, self.LANG, in_app=True)), id="timer-end-why")
            yield Input(placeholder=self.tr("end_placeholder"), id="timer-end-at")
            yield Static("", id="timer-end-message", classes="message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.tr("end_at"), variant="primary", id="timer-end-go")
                yield Button(
                    self.tr("end_keep", duration=duration(self._elapsed(), self.LANG)), id="timer-end-keep"
                )
                yield Button(self.tr("end_discard"), variant="error", id="timer-end-discard")

    def _elapsed(self) -> int:
        return int((self.refusal.now - self.refusal.timer.started_at).total_seconds() // 60)

    def on_mount(self) -> None:
        """The end-time field has the cursor: typing the real end is the likeliest answer."""
        self.query_one("#timer-end-at", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#timer-end-go")
    def action_end_at(self) -> None:
        """Enter or its button: log the timer as ended at the time typed (a bad time is shown inline)."""
        app: CoachApp = self.app  # type: ignore[assignment]
        now = app.now()
        try:
            ended = parse_moment(
                self.query_one("#timer-end-at", Input).value, after=self.refusal.timer.started_at, now=now
            )
        except CoachError as error:
            self.show_error(error)
            return
        self._stop(ended_at=ended, accept_long=False)

    @on(Button.Pressed, "#timer-end-keep")
    def action_keep(self) -> None:
        """The keep button: log the whole span, long as it is."""
        self._stop(ended_at=None, accept_long=True)

    @on(Button.Pressed, "#timer-end-discard")
    def action_discard(self) -> None:
        """The discard button: drop the timer; nothing is logged."""
        from cm_coach.core.timer import discard_timer

        run_in_journal(self, discard_timer, self._done, self.show_error, group="timer-write")

    def _stop(self, *, ended_at, accept_long: bool) -> None:
        from cm_coach.core.timer import stop_timer

        app: CoachApp = self.app  # type: ignore[assignment]
        now, lang, boundaries = app.now(), self.LANG, user_boundaries_path()
        run_in_journal(
            self,
            lambda conn: stop_timer(
                conn,
                now=now,
                ended_at=ended_at,
                accept_long=accept_long,
                lang=lang,
                user_boundaries=boundaries,
            ),
            self._done,
            self.show_error,
            group="timer-write",
        )

    def _done(self, result: Stopped | RunningTimer) -> None:
        if self.is_current:
            app: CoachApp = self.app  # type: ignore[assignment]
            app.timer_stopped(result)
            self.dismiss(True)

    def action_cancel(self) -> None:
        """Escape: close and leave the timer running."""
        self.dismiss(False)
