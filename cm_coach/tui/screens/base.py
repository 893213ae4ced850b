"""What every top-level screen shares: header, footer, the global keys, the texts, the
message line and the one way to read or write the journal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from rich.markup import escape
from textual import events
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widgets import Static

from cm_coach.core.i18n import render_error, t
from cm_coach.errors import CoachError
from cm_coach.tui.journal import read_at_once, run_in_journal
from cm_coach.tui.localize import in_language

if TYPE_CHECKING:
    import sqlite3

    from textual.worker import Worker

    from cm_coach.tui.app import CoachApp

T = TypeVar("T")


class MessageLine:
    """A screen's message line: the one ``Static`` with the ``message`` class it composes.

    Confirmations are shown in it, refusals in red and brought into view. Used by the
    sections and by the dialogs that write.
    """

    LANG = "fr"

    @property
    def lang(self) -> str:
        """The language of the texts, fixed on the class by ``localize``."""
        return self.LANG

    def show_message(self, text: str, error: bool = False) -> None:
        """Show ``text`` on the message line; an error in red, scrolled into view."""
        line = self.query_one(".message", Static)
        line.display = True  # a line kept out of the layout until it has something to say
        line.set_class(error, "-error")
        line.update(escape(text))
        if error:
            line.scroll_visible()

    def show_error(self, error: CoachError) -> None:
        """A refusal of the core, in the user's language."""
        self.show_message(render_error(error, self.lang, in_app=True), True)


class CoachScreen(MessageLine, Screen):
    """A top-level section. Descriptions are ``tui.keys.*`` keys, see ``localize``."""

    LANG = "fr"
    MODE = ""
    loads = 0  # how many times the screen's data has landed (the benchmark waits for a new one)

    @property
    def loaded(self) -> bool:
        """The screen's first data has landed (tests wait on it)."""
        return self.loads > 0

    @loaded.setter
    def loaded(self, value: bool) -> None:
        self.loads = self.loads + 1 if value else 0
        if value and self.loads == 1 and self.is_attached:
            self.coach.first_figures_shown()  # the app reads its later CSS once they are drawn

    BINDINGS = [  # noqa: RUF012 - Textual's own convention
        Binding("f1", "app.help", "tui.keys.help", priority=True, id="help", tooltip="tui.tips.help"),
        Binding("question_mark", "app.help", "tui.keys.help", show=False, id="help_key"),
        Binding(
            "f5",
            "app.switch_mode('missions')",
            "tui.keys.missions",
            priority=True,
            id="mode_missions",
            tooltip="tui.tips.missions",
        ),
        Binding(
            "f6",
            "app.switch_mode('assessment')",
            "tui.keys.assessment",
            priority=True,
            id="mode_assessment",
            tooltip="tui.tips.assessment",
        ),
        Binding(
            "f9",
            "app.toggle_timer",
            "workday.tui.keys.timer",
            priority=True,
            id="timer",
            tooltip="workday.tui.tips.timer",
        ),
        Binding(
            "f10",
            "app.weekly_review",
            "workday.tui.keys.review",
            show=False,
            id="review",
            tooltip="workday.tui.tips.review",
        ),
        Binding(
            "f2",
            "app.switch_mode('checkin')",
            "tui.keys.checkin",
            priority=True,
            id="mode_checkin",
            tooltip="tui.tips.checkin",
        ),
        Binding(
            "f3",
            "app.switch_mode('log')",
            "tui.keys.log",
            priority=True,
            id="mode_log",
            tooltip="tui.tips.log",
        ),
        Binding(
            "f4",
            "app.switch_mode('dashboard')",
            "tui.keys.dashboard",
            priority=True,
            id="mode_dashboard",
            tooltip="tui.tips.dashboard",
        ),
        Binding(
            "f7",
            "app.switch_mode('people')",
            "people.tui.keys.people",
            priority=True,
            show=False,
            id="mode_people",
            tooltip="people.tui.tips.people",
        ),
        Binding(
            "f8",
            "app.idea",
            "people.tui.keys.idea",
            priority=True,
            show=False,
            id="idea",
            tooltip="people.tui.tips.idea",
        ),
        Binding(
            "ctrl+l",
            "app.toggle_language",
            "tui.keys.language",
            show=False,
            id="language",
            tooltip="tui.tips.language",
        ),
        Binding(
            "ctrl+t", "app.change_theme", "tui.keys.theme", show=False, id="theme", tooltip="tui.tips.theme"
        ),
        Binding(
            "ctrl+q",
            "app.quit",
            "tui.keys.quit",
            priority=True,
            show=False,
            id="quit",
            tooltip="tui.tips.quit",
        ),
    ]

    _hidden = False  # set when another screen took this one's place
    _laid_out_for = None  # the terminal size of the last resize let through

    def on_resize(self, event: events.Resize) -> None:
        """Lay the screen out again only for a new size.

        As it starts, Textual sends the screen the same size several times (three times
        headless), and each one lays every widget out again: ~25 ms each on a section,
        spent before its first complete frame. Widgets that change still ask for their
        own layout; a real resize of the terminal goes through.
        """
        if event.size == self._laid_out_for and self.is_mounted:
            event.prevent_default()
        self._laid_out_for = event.size

    _passing_over = 0  # switches away and straight back still to come (see pass_over)

    def pass_over(self) -> None:
        """The app is about to switch away and straight back, within one batch of updates,
        to build another section ahead: the suspend and resume that follow are not the user
        leaving and coming back (nothing to reload, nothing to restyle)."""
        self._passing_over += 1

    _styled_in = -1  # the app's styles generation when the screen was hidden

    def on_screen_suspend(self) -> None:
        """Another screen covers this one: the next resize must be laid out, and coming back reloads."""
        if self._passing_over:
            return
        self._hidden = True
        self._styled_in = self.coach.styles_generation
        self._laid_out_for = None  # whatever happens meanwhile, the next resize is laid out

    _read_before_shown = False  # shown_again already ran for this showing (see about_to_show)

    def about_to_show(self) -> None:
        """The app is switching to this hidden section: ``shown_again`` now, before the switch,
        so that data read at once (``read_fresh``) are in the section's first frame."""
        if self._hidden and self.is_mounted and self.is_attached and not self.retired:
            self._read_before_shown = True
            self.shown_again()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Back in view: ``shown_again`` reloads; on the first opening, Textual's restyle is skipped."""
        if self._passing_over:
            self._passing_over -= 1
            event.refresh_styles = False
        elif self._hidden:
            self._hidden = False
            # Textual restyles every widget of a screen it shows again, in case the CSS changed
            # meanwhile: ~60 ms of a section's key. Only a new theme changes it here.
            event.refresh_styles = self._styled_in != self.coach.styles_generation
            if self._read_before_shown:  # read as the key switched to it
                self._read_before_shown = False
            else:
                self.shown_again()
        else:
            # Textual resumes a section as it first opens (twice), right after styling every
            # widget at mount, and would restyle them all again: ~25 ms of the first paint.
            event.refresh_styles = False

    retired = False  # replaced by a screen in the other language: keeps nothing more

    def retire(self) -> None:
        """The language changed: this screen's typing is written and a new screen holds it
        now; this one, taken apart later, must not write its own over it."""
        self.retired = True
        self.coach.draft_keepers.discard(self)

    def kept_across_languages(self) -> object | None:
        """What the user has set on this screen that is kept nowhere else (a search typed,
        say), for the screen that replaces it in the other language (``take_over``).
        None: nothing to hand over. Typing kept as a draft goes through the journal instead."""
        return None

    def take_over(self, kept: object) -> None:
        """Before it is composed: show what the screen it replaces handed over
        (``kept_across_languages``)."""

    def shown_again(self) -> None:
        """The section is back after being hidden: sections showing figures reload them.
        The first time, ``on_mount`` asks for the data (after the first frame)."""

    @property
    def coach(self) -> CoachApp:
        """The app, typed as cm-coach's own."""
        return self.app  # type: ignore[return-value]

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Textual's, with the descriptions of its own widgets' keys in the user's language
        (what the footer shows for an open Select list, say)."""
        return in_language(super().active_bindings, self.lang)

    @property
    def lang(self) -> str:
        """The app's language, which the user can switch at any time."""
        return self.coach.lang

    def t(self, key: str, **params: object) -> str:
        """The ``tui.`` string ``key`` in the user's language."""
        return t(f"tui.{key}", self.lang, **params)

    def run_in_journal(
        self,
        action: Callable[[sqlite3.Connection], T],
        on_done: Callable[[T], object] | None = None,
        *,
        group: str,
        exclusive: bool = True,
        once: bool = False,
    ) -> Worker[None] | None:
        """Run ``action(conn)`` (a core function) in a thread worker; ``on_done(result)`` runs
        on the UI thread after it, and a refusal is shown in the message line instead.

        Reads are ``exclusive``: a newer read of the group drops the answer of an older one.
        Writes pass ``exclusive=False``; a form's submission also ``once=True`` (a repeated
        key while it is being written writes nothing more).
        """
        return run_in_journal(
            self, action, on_done, self.show_error, group=group, exclusive=exclusive, once=once
        )

    def read_fresh(
        self,
        action: Callable[[sqlite3.Connection], T],
        on_done: Callable[[T], object],
        *,
        group: str,
        cost_of: str | None = None,
    ) -> None:
        """A read for the section being shown again: here and now when it is known to be quick
        (its figures are then in the section's first frame), else in a worker like any read.
        ``cost_of``: the group whose reads tell this one's cost (by default its own)."""
        if not read_at_once(self, action, on_done, group=group, cost_of=cost_of):
            self.run_in_journal(action, on_done, group=group)
