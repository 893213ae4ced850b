"""The cm-coach Textual app, built by :func:`make_app` from a journal, a language and a clock."""

from __future__ import annotations

import gc
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import Theme

from cm_coach.clock import now_from_env
from cm_coach.core.dates import format_date_long
from cm_coach.core.i18n import t
from cm_coach.errors import CoachError
from cm_coach.paths import user_boundaries_path
from cm_coach.tui.commands import CoachCommandsProvider, CoachThemeProvider
from cm_coach.tui.localize import localized

if TYPE_CHECKING:  # the records' module (~30 M instructions) comes with the data, after the first frame
    from cm_coach.core.timer import Stopped
    from cm_coach.models import Mission, RunningTimer

TIMER_REFRESH_SECONDS = 15
MODE_NAMES = ("checkin", "log", "dashboard", "missions", "assessment", "people")
# Sections a command opens first: app.tcss styles them whole; later.tcss has the rest.
FIRST_SCREEN_MODES = ("checkin", "log", "dashboard")
LATER_CSS = os.path.abspath(Path(__file__).with_name("later.tcss"))
FIGURES_WAIT = 1.0  # seconds after the first frame: what waits for the first figures runs then anyway
BLANK_MODE = "blank"  # shown for an instant while the screens are rebuilt in another language
AHEAD_PAUSE = 0.1  # seconds between two sections built ahead, after the first paint


def _freeze_loaded_objects() -> None:
    """Keep the garbage collector off everything loaded so far (once per process).

    Textual, Rich and the content are tens of thousands of objects that live as long as
    the app; a full collection walking them during start-up costs ~30 ms of the first
    paint, for nothing to free.
    """
    if not gc.get_freeze_count():
        gc.freeze()


GC_FIRST_GENERATION = 20_000  # allocations between two young collections (Python's default: 700)


def _collect_less_often() -> None:
    """Run the garbage collector less often in the app's process (a key showed 40-90 ms less
    CPU for the same screens).

    Textual makes thousands of short-lived objects per frame (styles, strips, segments):
    with Python's default threshold the collector ran many times per key, and every tenth
    time of a tenth walked the whole heap (the sections built ahead, their widgets, the
    people listed), all of it still alive. Collecting less often frees the same garbage.
    """
    threshold, *older = gc.get_threshold()
    if threshold < GC_FIRST_GENERATION:
        gc.set_threshold(GC_FIRST_GENERATION, *older)


def _section_names(names: Iterable[str]) -> frozenset[str]:
    """The sections named, checked: a misspelt one would never be built, and a test waiting
    for it would wait for ever."""
    chosen = frozenset(names)
    unknown = chosen - set(MODE_NAMES)
    if unknown:
        raise ValueError(f"no such sections: {sorted(unknown)} (sections: {', '.join(MODE_NAMES)})")
    return chosen


def _screen_class(mode: str) -> type[Screen]:
    if mode == "people":
        from cm_coach.tui.screens.people import PeopleScreen

        return PeopleScreen
    if mode == "checkin":
        from cm_coach.tui.screens.checkin import CheckinScreen

        return CheckinScreen
    if mode == "log":
        from cm_coach.tui.screens.log import LogScreen

        return LogScreen
    if mode == "dashboard":
        from cm_coach.tui.screens.dashboard import DashboardScreen

        return DashboardScreen
    if mode == "missions":
        from cm_coach.tui.screens.missions import MissionsScreen

        return MissionsScreen
    from cm_coach.tui.screens.assessment import AssessmentScreen

    return AssessmentScreen


# Seconds: after SIGHUP or SIGTERM, once the typing is kept, the process has ended by then.
HANGUP_DEADLINE = 1.0
# Terminal modes an app leaves on when it cannot tidy up: mouse reporting, bracketed paste,
# the alternate screen and a hidden cursor. Written back off when the app must leave abruptly.
_TERMINAL_RESET = "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l\x1b[?1049l\x1b[?25h"


def _terminal_state() -> tuple[int, list] | None:
    """The terminal's settings as the app found them (None: not a terminal)."""
    import sys

    try:
        import termios
    except ImportError:  # not a POSIX terminal
        return None
    try:
        descriptor = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
        return descriptor, termios.tcgetattr(descriptor)
    except (termios.error, OSError, ValueError, AttributeError):  # not a terminal (tests, a pipe)
        return None


def leave_now(signum: int, terminal: tuple[int, list] | None) -> None:
    """End the process at once, the terminal given back as it was found: for a signal the
    normal shutdown did not answer in time (a closed terminal ignores what is written).

    From the main thread the process ends by ``signum`` itself (its default action, as if
    cm-coach had not caught it); from another thread, which cannot restore that action, by
    SIGKILL: either way at once, and nothing else runs."""
    import contextlib
    import os
    import signal
    import sys

    try:
        if sys.__stdout__ is not None:
            sys.__stdout__.write(_TERMINAL_RESET)
            sys.__stdout__.flush()
        if terminal is not None:
            import termios

            with contextlib.suppress(termios.error):  # the terminal is gone (SIGHUP)
                termios.tcsetattr(terminal[0], termios.TCSANOW, terminal[1])
    except (OSError, ValueError):
        pass  # the terminal is gone (SIGHUP): nothing to give back
    try:
        signal.signal(signum, signal.SIG_DFL)
    except ValueError:  # not the main thread
        signum = signal.SIGKILL
    os.kill(os.getpid(), signum)


class CoachApp(App[None]):
    """Modes are the top-level sections; every screen is built in the current language."""

    CSS_PATH = "app.tcss"
    TITLE = "cm-coach"
    COMMANDS = {CoachCommandsProvider}  # noqa: RUF012 - Textual's own convention

    def __init__(
        self,
        db_path: Path,
        lang: str,
        today: Callable[[], date] | date,
        *,
        mode: str = "checkin",
        theme: str | None = None,
        now: Callable[[], datetime] | None = None,
        build_ahead: bool | Iterable[str] | None = None,
    ) -> None:
        # The first screen is the chosen mode's own: no default screen painted, then replaced.
        self.DEFAULT_MODE = mode if mode in MODE_NAMES else "checkin"
        # the theme's variables: (the theme, Textual's, with ours), see get_css_variables;
        # set first: Textual's own __init__ asks for them
        self._css_variables_made: tuple[Theme, dict[str, str], dict[str, str]] | None = None
        super().__init__()
        # the variables Textual's stylesheet was just made with (see refresh_css)
        self.css_variables_applied: dict[str, str] = self.get_css_variables()
        self.db_path = db_path
        self.lang = lang
        self._today = today
        self._now = now or now_from_env
        self.timer: RunningTimer | None = None  # the running timer, as last read from the journal
        self._welcomed = False  # the first-run welcome was offered in this session
        self.start_mode = mode if mode in MODE_NAMES else "checkin"
        self.requested_theme = theme
        self.current_mission: Mission | None = None
        self.missions: list[Mission] = []
        self.context_ready = False  # missions and current mission known (tests wait on it)
        self._after_first_figures: list[Callable[[], object]] | None = []  # None once shown
        self.draft_keepers: set = set()  # screens holding unsaved typing (see flush_drafts)
        self.read_seconds: dict[str, float] = {}  # each read's last cost (see journal.read_at_once)
        self.reads_at_once: Counter[str] = Counter()  # reads done on the UI thread, by group (tests)
        self._mode_screens: dict[str, Screen] = {}  # each section's screen, the last one built
        self._hanging_up = False  # a signal asked the app to leave (see hang_up)
        self.running_for_real = False  # set by run(): not under the Pilot
        # Sections built ahead (see _build_one_ahead): when run for real, unless told; under
        # the Pilot only when asked, as a test that ends at once would close them mid-build.
        # Asked with section names, only those (a test of two sections builds two, not six).
        self.build_ahead: bool | frozenset[str] | None = (
            build_ahead
            if build_ahead is None or isinstance(build_ahead, bool)
            else _section_names(build_ahead)
        )
        self.terminal_found: tuple[int, list] | None = None  # the terminal's settings, set by run()
        self._after_first_frame: list[Callable[[], object]] | None = []  # None once painted
        self._built_modes: set[str] = {self.DEFAULT_MODE}  # sections whose screen exists
        self.styles_generation = 0  # one more at each change of theme (see CoachScreen)
        self._building: Screen | None = None  # the last section built ahead
        self._stale_modes: set[str] = set()  # sections still in the language left (see toggle)
        self._passing_modes = False  # switching away and straight back (see _build_one_ahead)
        self._covered_mode: str | None = None  # its section shown anew over its old screen
        self._settings_written = threading.Lock()  # one write of the settings at a time
        self._handed_over: dict[str, object] = {}  # per section: what its next screen takes over
        for name in MODE_NAMES:
            self.add_mode(name, self._mode_factory(name))
        self.add_mode(BLANK_MODE, Screen)

    # --- dependencies ---------------------------------------------------------------------

    def run(self, *args, **kwargs):
        """Run for real (not under the Pilot): the long-lived objects are set aside first, and
        SIGHUP/SIGTERM end the process even before the app's own handlers are in place."""
        _freeze_loaded_objects()
        # From the start: on mount comes after the first screen is built and styled.
        _collect_less_often()
        self.running_for_real = True
        if self.build_ahead is None:
            self.build_ahead = True
        self.terminal_found = _terminal_state()
        self._early_signals()
        return super().run(*args, **kwargs)

    def _early_signals(self) -> None:
        """Until the event loop takes SIGHUP and SIGTERM over (on mount), they end the process
        at once: nothing can have been typed yet, and the terminal is given back."""
        import contextlib
        import signal

        def leave(signum: int, _frame: object) -> None:
            leave_now(signum, self.terminal_found)

        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(ValueError, OSError):  # not the main thread
                    signal.signal(number, leave)

    def today(self) -> date:
        """The day the app is about: a fixed day, or read from the clock the factory was given."""
        return self._today() if callable(self._today) else self._today

    def now(self) -> datetime:
        """The moment (the timer's clock), on the day the app was opened for."""
        return self._now()

    def t(self, key: str, **params: object) -> str:
        """The ``tui.`` string ``key`` in the app's language."""
        return t(f"tui.{key}", self.lang, **params)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, plus ``$readable-warning``… (text at WCAG AA on every theme).

        Made once per theme: Textual builds the theme's whole colour system at each call,
        and it is called three times before the first frame (the app made, its first screen,
        each refresh of the CSS), then at every refresh; the same theme gives the same
        variables."""
        theme = self.current_theme
        made = self._css_variables_made
        if made is None or made[0] is not theme:
            from cm_coach.tui.contrast import readable_variables

            variables = super().get_css_variables()
            made = (theme, variables, {**variables, **readable_variables(variables)})
            self._css_variables_made = made
        else:
            self.theme_variables = dict(made[1])  # as Textual's own call leaves it
        return dict(made[2])

    def refresh_css(self, animate: bool = True) -> None:
        """Textual's full refresh (every CSS source parsed again, the app restyled) only when
        the theme's variables changed, once the first frame is out. Textual runs it for each
        section's new screen and on each switch (~100 ms of a key, and of each section built
        ahead); with the same variables the result is the same: new screens are styled as
        they mount, and a section hidden during a change of theme is restyled when shown
        again (``CoachScreen.on_screen_resume``). Before the first frame it still runs: it
        restyles widgets styled before a later widget's default CSS came in, but with the
        same variables without Textual's parsing of every source again (see restyle)."""
        variables = self.get_css_variables()
        if variables == self.css_variables_applied:
            if self._after_first_frame is not None:
                self.restyle(animate)
            return
        super().refresh_css(animate)
        self.css_variables_applied = variables

    def restyle(self, animate: bool = True) -> None:
        """Textual's refresh of the CSS minus the parsing again: the app and its screens
        restyled with the rules parsed so far, and the sources added since parsed.

        Textual sets the variables anew (which empties the sheet's cache of parsed sources)
        and parses every source again in a fresh sheet; with the same variables, the same
        source gives the same rules. Before the check-in's first frame that was two more
        parses of every source, app.tcss and each widget's own CSS (~5 % of the
        instructions to the first frame)."""
        stylesheet = self.stylesheet
        stylesheet.parse()  # the sources not parsed yet; the others come from the sheet's cache
        stylesheet.update(self, animate=animate)
        try:
            stack = self.screen_stack
        except KeyError:  # the first mode's stack not made yet
            stack = []
        for screen in stack[:-1]:  # the top one is the app's screen, restyled with the app
            stylesheet.update(screen, animate=animate)
        if stack and stack[-1].is_mounted:
            stack[-1].refresh(layout=True)

    def load_later_css(self) -> None:
        """Read later.tcss (the dialogs', and the sections' no command opens first), once.

        They are more than half of the app's own CSS, and before the first frame Textual
        parses that CSS three times (a new mode's refresh parses every source again, in a
        fresh sheet, and the next parse starts over): kept out of app.tcss, the first frame
        costs ~4.5 % fewer instructions. No widget of a first screen matches them, so
        nothing shown is styled again; they are read before any dialog or other section is
        built (push_screen, _mode_factory), else once the first screen's figures are shown
        (:meth:`after_first_figures`). Same level as app.tcss (the app's CSS, not a widget's
        default), and after it, as in one file."""
        if self.stylesheet.has_source(LATER_CSS):
            return
        self.stylesheet.read(LATER_CSS)
        self.stylesheet.parse()  # only the new source: the others' parsed rules are kept

    def after_first_figures(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` after the frame that shows the first screen's figures and the
        header's mission, or :data:`FIGURES_WAIT` after the first frame at the latest (soon,
        if they are shown already).

        Work the user does not wait for goes here (the later CSS, the sections built ahead):
        before, it held the interpreter while the first screen's reads ran in their threads
        and their callbacks waited here."""
        if self._after_first_figures is None:
            self.call_after_refresh(callback)
        else:
            self._after_first_figures.append(callback)

    def _wait_for_first_figures(self) -> None:
        self.set_timer(FIGURES_WAIT, self._run_after_first_figures)
        self.first_figures_shown()

    def first_figures_shown(self) -> None:
        """Told when the first screen's data or the context lands: what waits for both runs
        after the next frame."""
        if self.context_ready and getattr(self.screen, "loaded", True):
            self._run_after_first_figures()

    def _run_after_first_figures(self) -> None:
        waiting, self._after_first_figures = self._after_first_figures or [], None
        for callback in waiting:
            self.call_after_refresh(callback)

    def push_screen(self, *args, **kwargs):  # type: ignore[override]
        """Textual's, once the dialogs' CSS is read (see load_later_css)."""
        self.load_later_css()
        return super().push_screen(*args, **kwargs)

    def _mode_factory(self, mode: str) -> Callable[[], Screen]:
        def build() -> Screen:
            if mode not in FIRST_SCREEN_MODES:
                self.load_later_css()
            screen = localized(_screen_class(mode), self.lang)()
            kept = self._handed_over.pop(mode, None)
            if kept is not None:  # what the user set on the screen it replaces (a search)
                screen.take_over(kept)  # type: ignore[attr-defined]  # a CoachScreen
            self._mode_screens[mode] = screen
            return screen

        return build

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hides the key of the section already shown, so the footer offers only where one can go."""
        if action == "switch_mode":
            return parameters[:1] != (self.current_mode,)  # the section you are in needs no key
        return True

    # --- start-up -------------------------------------------------------------------------

    def on_mount(self) -> None:
        """The theme asked for and the header; the missions and the timer after the first frame."""
        if self.requested_theme and self.requested_theme in self.available_themes:
            self.theme = self.requested_theme
        elif self.requested_theme:
            self.notify(self.t("app.unknown_theme", theme=self.requested_theme), severity="warning")
        _collect_less_often()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.theme_changed_signal.subscribe(self, self._restyle_hidden_screens)
        self._update_header()
        self.after_first_frame(self.load_context)
        self.after_first_frame(self._watch_timer)
        self.after_first_frame(self._wait_for_first_figures)
        self.after_first_figures(self.load_later_css)
        self.after_first_figures(self._build_ahead_soon)
        self._watch_hangup()

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the first screen is painted (soon, if it already is).

        Data loads go through here: a worker thread started earlier would share the
        interpreter with the first paint and delay it, and the user waits for the screen,
        not for the figures.
        """
        if self._after_first_frame is None:
            self.call_later(callback)
        else:
            self._after_first_frame.append(callback)

    def on_ready(self) -> None:
        """Textual's first frame is out; the footer's keys come with the next refresh."""
        self._start_waiting_loads()

    def _start_waiting_loads(self) -> None:
        waiting, self._after_first_frame = self._after_first_frame or [], None
        for callback in waiting:
            callback()

    def _modes_to_build(self) -> list[str]:
        wanted = self.build_ahead if isinstance(self.build_ahead, frozenset) else MODE_NAMES
        return [
            mode
            for mode in (BLANK_MODE, *MODE_NAMES)
            if mode not in self._built_modes and (mode == BLANK_MODE or mode in wanted)
        ]

    @property
    def built_sections(self) -> frozenset[str]:
        """The sections whose screen exists (built ahead, or opened)."""
        return frozenset(self._built_modes) & frozenset(MODE_NAMES)

    @property
    def built_ahead(self) -> bool:
        """Every section's screen exists (each one asked for, when ``build_ahead`` names
        them): its key shows it without building it (tests and benchmarks wait on it)."""
        return not self._modes_to_build()

    def _build_ahead_soon(self) -> None:
        if not self.build_ahead:
            return
        # A timer's callback runs in a task of its own, in between the awaits of a key being
        # handled: the switches would land in the middle of it. As a message, it waits its turn.
        self.set_timer(AHEAD_PAUSE, partial(self.call_later, self._build_one_ahead))

    def _build_one_ahead(self) -> None:
        """Build the next section not opened yet, out of sight, so that its key shows it at once.

        A section's first opening costs a few hundred milliseconds (its widgets composed and
        styled, and Textual reading all the CSS again twice for a new mode): paid here, one
        section per quiet moment after the first paint, instead of when the user presses its
        key. Textual builds a mode's screen when the mode is first switched to: the app
        switches to it and straight back within one batch of updates, so nothing of it is
        painted. The section shows fresh data when it is really opened (``shown_again``).
        """
        waiting = self._modes_to_build()
        if self._hanging_up or not self.is_running:  # closing: its screens are being dropped
            return
        if not waiting:
            # Textual reads the CSS again into a fresh sheet whenever it refreshes it, so its
            # own cache of parsed rules stays empty, and the next widget type it meets (in
            # Help, in a dialog) has all of it parsed again: ~60 ms of that key. Once, here.
            self.stylesheet.parse()
            return
        from cm_coach.tui.screens.base import CoachScreen

        back = self.current_mode
        stack = self.screen_stack if back in MODE_NAMES else []  # empty too as the app closes
        here = stack[-1] if stack else None
        if waiting[0] == back:  # opened by the user meanwhile: built by Textual, nothing to pass
            if len(stack) == 1 and all(widget.is_mounted for widget in stack[0].walk_children()):
                self._built_modes.add(back)
            self._build_ahead_soon()
            return
        # A dialog on top (Help, the palette, the welcome), the screens being rebuilt, or
        # widgets still being mounted (switching away then breaks their mounting): later.
        if (
            isinstance(here, CoachScreen)
            and here is self._section_on_view()
            and all(widget.is_mounted for widget in here.walk_children())
        ):
            here.pass_over()
            self._passing_modes = True
            with self.batch_update():
                self.switch_mode(waiting[0])
                ahead = self._building = self.screen
                if isinstance(ahead, CoachScreen):
                    ahead.pass_over()
                # Switched to once mounted, a screen is styled for the current CSS: its first
                # real opening then restyles nothing. The first switch only starts building it.
                if ahead.is_mounted:
                    self._built_modes.add(waiting[0])
                self.switch_mode(back)
            self._passing_modes = False
        self._build_ahead_soon()

    def _watch_hangup(self) -> None:
        """A closed terminal (SIGHUP) or a polite kill (SIGTERM): keep the typing, then leave."""
        import asyncio
        import contextlib
        import signal

        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is None:
                continue
            # Not on this platform, or not in the main thread (tests): drafts still autosave.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self.hang_up, number)

    def hang_up(self, signum: int = 15) -> None:
        """SIGHUP or SIGTERM: keep the typing, then leave, by :data:`HANGUP_DEADLINE` at the
        latest once it is kept. The typing is written first (bounded: the journal gets a short
        moment, else the typing goes to a private file), so a loaded machine cannot run the
        deadline out before it is safe; then the deadline is set, on a thread of its own: a
        shutdown that waits on a worker (itself waiting on a busy journal) cannot keep the
        process alive. A second signal leaves at once."""
        import threading

        if self._hanging_up and self.running_for_real:
            leave_now(signum, self.terminal_found)
        self._hanging_up = True
        self.flush_drafts(closing=True)

        def deadline() -> None:
            threading.Event().wait(HANGUP_DEADLINE * 0.8)  # a little before: exiting takes a moment
            leave_now(signum, self.terminal_found)

        if self.running_for_real:  # under the Pilot (tests) the process is the test runner's
            threading.Thread(target=deadline, name="hang-up deadline", daemon=True).start()
        self.exit(return_code=128 + signum)

    def load_context(self) -> None:
        """The missions and the one the user is on (the mission of the latest entry)."""
        from cm_coach.tui import prefetch
        from cm_coach.tui.journal import run_in_journal
        from cm_coach.tui.reads import read_context

        today = self.today()
        run_in_journal(
            self,
            prefetch.or_read("context", (today,), partial(read_context, today=today)),
            self._set_context,
            self._context_refused,
            group="context",
        )

    def _set_context(self, context: tuple[list[Mission], Mission | None]) -> None:
        from cm_coach.tui.messages import ContextLoaded

        self.missions, self.current_mission = context
        self.context_ready = True
        self._update_header()
        self.screen.post_message(ContextLoaded())
        self.first_figures_shown()
        # An empty journal opened on the check-in (how `cm-coach` opens a new one): the first run.
        if not self.missions and not self._welcomed and self.start_mode == "checkin":
            self._welcomed = True
            from cm_coach.tui.screens.welcome import WelcomeScreen

            self.push_screen(localized(WelcomeScreen, self.lang)(), self._after_welcome)

    async def _after_welcome(self, lang: str | None) -> None:
        """The welcome ends on the morning check-in, in the language chosen."""
        if lang is None:
            return
        if lang != self.lang:
            await self.action_toggle_language()
        self.load_context()
        if self.current_mode != "checkin":
            await self.switch_mode("checkin")

    def _context_refused(self, error: CoachError) -> None:
        """No screen of its own: a notification (the section's own load says it inline too)."""
        from cm_coach.core.i18n import render_error

        self.context_ready = True
        self.first_figures_shown()
        self.notify(render_error(error, self.lang, in_app=True), severity="error", timeout=8)

    def set_current_mission(self, name: str | None) -> None:
        """Show ``name`` as the current mission in the header, when it is a known mission and a change."""
        found = next((m for m in self.missions if name and m.name.casefold() == name.casefold()), None)
        if found is not None and found != self.current_mission:
            self.current_mission = found
            self._update_header()

    def _update_header(self) -> None:
        mission = self.current_mission.name if self.current_mission else self.t("app.no_mission")
        if self.timer is not None:  # the running task takes the place of the date
            from cm_coach.core.timer import status_line

            timer = self.timer
            self.sub_title = f"{status_line(timer.task, timer.started_at, timer.mission, self.now())}"
            return
        day = format_date_long(self.today(), self.lang)
        # Until the missions are read, the date alone: "no mission" for an instant was false.
        self.sub_title = f"{day} · {mission}" if self.context_ready else day

    # --- the timer ------------------------------------------------------------------------

    def _watch_timer(self) -> None:
        """Read the timer now (the second process may have: cm_coach.tui.prefetch) and every
        few seconds: one started from the command line shows up here, and the elapsed time
        in the header moves on."""
        from cm_coach.core.timer import current
        from cm_coach.tui import prefetch
        from cm_coach.tui.journal import run_in_journal

        read = prefetch.or_read("timer", (), current)
        run_in_journal(self, read, self._timer_read, self._context_refused, group="timer-read")
        self.set_interval(TIMER_REFRESH_SECONDS, self.refresh_timer)

    def refresh_timer(self) -> None:
        """Read the running timer in a worker; the header follows what it finds."""
        from cm_coach.core.timer import current
        from cm_coach.tui.journal import run_in_journal

        run_in_journal(self, current, self._timer_read, self._context_refused, group="timer-read")

    def _timer_read(self, timer: RunningTimer | None) -> None:
        self.timer = timer
        self._update_header()

    def action_toggle_timer(self) -> None:
        """Start the timer (a dialog, prefilled from the log form) or stop the running one."""
        from cm_coach.core.timer import current
        from cm_coach.tui.journal import run_in_journal

        run_in_journal(self, current, self._toggle_timer, self._context_refused, group="timer-read")

    def _toggle_timer(self, timer: RunningTimer | None) -> None:
        self._timer_read(timer)
        if timer is None:
            from cm_coach.tui.screens.timer import TimerStartScreen

            seed = getattr(self.screen, "timer_seed", None)
            task, mission = seed() if callable(seed) else ("", "")
            if not mission and self.current_mission is not None:
                mission = self.current_mission.name
            names = [m.name for m in self.missions if m.is_active(self.today())]
            dialog = localized(TimerStartScreen, self.lang)(task, mission, names)
            self.push_screen(dialog, self._timer_started)
            return
        from cm_coach.core.timer import TimerTooLong, stop_timer
        from cm_coach.tui.journal import run_in_journal

        now, lang, boundaries = self.now(), self.lang, user_boundaries_path()

        def refused(error: CoachError) -> None:
            if isinstance(error, TimerTooLong):
                from cm_coach.tui.screens.timer import TimerEndScreen

                self.push_screen(localized(TimerEndScreen, self.lang)(error))
                return
            self._context_refused(error)
            self.refresh_timer()

        run_in_journal(
            self,
            lambda conn: stop_timer(conn, now=now, lang=lang, user_boundaries=boundaries),
            self.timer_stopped,
            refused,
            group="timer-write",
        )

    def _timer_started(self, started: bool | None) -> None:
        if started:
            self.refresh_timer()
            hook = getattr(self.screen, "timer_started", None)
            if callable(hook):
                hook()

    # --- the weekly review, a mission from anywhere ------------------------------------------

    def action_weekly_review(self) -> None:
        """Last week's review (any day), with its question and the answer given so far."""
        from cm_coach.core.review import last_week
        from cm_coach.tui.journal import run_in_journal
        from cm_coach.tui.screens.review import ReviewScreen, load_review

        def show(review) -> None:
            if not isinstance(self.screen, ReviewScreen):
                self.push_screen(localized(ReviewScreen, self.lang)(review))

        monday = last_week(self.today())
        run_in_journal(self, load_review(monday), show, self._context_refused, group="review-read")

    async def action_add_mission(self) -> None:
        """The Missions section with its form open: from the palette, on any screen."""
        await self.switch_mode("missions")
        add = getattr(self.screen, "action_add", None)
        if callable(add):
            add()

    def timer_stopped(self, result: Stopped | RunningTimer) -> None:
        """The timer was stopped (an entry written) or dropped: say so, show the new state."""
        from cm_coach.core.formatting import duration
        from cm_coach.core.timer import Stopped

        self.timer = None
        self._update_header()
        if isinstance(result, Stopped):
            entry = result.logged.entry
            text = t(
                "workday.tui.stopped", self.lang, task=entry.task, duration=duration(entry.minutes, self.lang)
            )
        else:
            text = t("workday.tui.discarded", self.lang, task=result.task)
        self.notify(text)
        reload = getattr(self.screen, "reload", None)
        if callable(reload):
            reload()

    # --- settings -------------------------------------------------------------------------

    def _restyle_hidden_screens(self, _theme: Theme) -> None:
        """Textual restyles only the screens on view: the hidden sections, when next shown."""
        self.styles_generation += 1

    def _remember_theme(self, theme: Theme) -> None:
        from cm_coach.core.settings import load_settings, update_settings

        if load_settings().theme != theme.name:
            try:
                update_settings(theme=theme.name)
            except OSError as error:
                self.notify(self.t("app.settings_unwritable", error=str(error)), severity="warning")

    async def action_toggle_language(self) -> None:
        """Switch French ↔ English now: the section on view is shown anew, typing is kept (drafts).

        Only the section on view is built at once, pushed over its old screen: Textual reads
        the CSS again (twice, ~100 ms) for a new mode's screen, not for a pushed one. Every
        section is then stale: each is rebuilt when next shown, or built ahead after this
        frame, as at start; the old screens are taken apart as they are built again.
        """
        self.flush_drafts()
        for keeper in list(self.draft_keepers):  # written just now: nothing more to keep
            keeper.retire()
        self._hand_over()
        self.lang = "en" if self.lang == "fr" else "fr"
        # Remembered in a thread: reading and writing the settings file (fsync included) was
        # ~10 ms of the key on the UI thread.
        self.run_worker(self._remember_language, group="settings", exclusive=False, thread=True)
        building = not self.built_ahead  # already at it: it goes on, in this language
        current = self.current_mode if self.current_mode in MODE_NAMES else self.start_mode
        self._stale_modes = set(MODE_NAMES)
        self._built_modes = {BLANK_MODE, current}
        self._update_header()
        if self._section_on_view() is None:  # a dialog on top, or no section: the whole mode anew
            if self.current_mode == current:
                await self.switch_mode(BLANK_MODE)
            await self.switch_mode(current)
        elif self._covered_mode == current and len(self.screen_stack) > 1:
            # Switched again without leaving: the screen shown at the last switch gives way
            # (one screen over the old one at most, however often the key is pressed).
            await self.switch_screen(self._mode_factory(current)())
        else:  # over the old one (a screen pushed: no CSS read again, nothing taken apart yet)
            self._covered_mode = current
            await self.push_screen(self._mode_factory(current)())
        # The other sections' old screens are not taken apart here: each goes when built ahead
        # again (one per quiet moment) or when shown (``switch_mode``). Dropped all together
        # after this switch's first frame, they held up its second one, with the footer's keys,
        # by ~50-100 ms: a screen removed blurs its focused widget, and the assessment's body
        # restyles its 131 widgets for that.
        if not building:  # its pause counted from the switch's first frame: not in between its two
            self.call_after_refresh(self._build_ahead_soon)
        self.notify(self.t("app.language_switched"))

    def _hand_over(self) -> None:
        """Each section's screen about to be replaced in the other language says what the
        user set on it and is kept nowhere else (a search typed): its next screen shows it."""
        from cm_coach.tui.screens.base import CoachScreen

        for mode, screen in self._mode_screens.items():
            if isinstance(screen, CoachScreen):
                kept = screen.kept_across_languages()
                if kept is None:
                    self._handed_over.pop(mode, None)
                else:
                    self._handed_over[mode] = kept

    def _remember_language(self) -> None:
        """In a thread worker: the language on view is the next start's (a warning if it
        cannot be written). Switched twice at once, the last write is the language shown."""
        from cm_coach.core.settings import update_settings

        try:
            with self._settings_written:
                update_settings(lang=self.lang)
        except OSError as error:
            text = self.t("app.settings_unwritable", error=str(error))
            self.call_from_thread(partial(self.notify, text, severity="warning"))

    def _section_on_view(self) -> Screen | None:
        """The section's screen on top (None under a dialog, Help or the palette)."""
        from cm_coach.tui.screens.base import CoachScreen

        if self.current_mode not in MODE_NAMES:
            return None
        stack = self.screen_stack
        if stack and all(isinstance(screen, CoachScreen) for screen in stack):
            return stack[-1]
        return None

    def switch_mode(self, mode: str):  # type: ignore[override]
        """Textual's, but a section left in the other language is built anew as it is shown,
        and the one shown anew over its old screen is taken apart once left."""
        from cm_coach.tui.screens.base import CoachScreen

        leaving = self.current_mode
        if mode == leaving:
            return super().switch_mode(mode)
        if mode in self._stale_modes and mode != self._covered_mode:
            self._drop_stale_mode(mode)
        else:
            showing = self._mode_screens.get(mode)
            if not self._passing_modes and isinstance(showing, CoachScreen):
                # Its fresh data read now, before it is shown: at once when quick, so its
                # first frame shows them (read once shown, they came a frame or two later).
                showing.about_to_show()
        if leaving == self._covered_mode and not self._passing_modes:
            self._covered_mode = None  # now stale like the others: dropped after this frame
            self.call_after_refresh(self._drop_stale_modes)
        return super().switch_mode(mode)

    def _drop_stale_mode(self, mode: str) -> None:
        for keeper in list(self.draft_keepers):  # the screen shown since the switch: its typing
            if getattr(keeper, "MODE", None) == mode:
                keeper.save_draft_now()
                keeper.retire()
        self._stale_modes.discard(mode)
        self._built_modes.discard(mode)
        self._mode_screens.pop(mode, None)  # being taken apart: nothing to read into any more
        self.remove_mode(mode)
        self.add_mode(mode, self._mode_factory(mode))

    def _drop_stale_modes(self) -> None:
        """After a frame: the sections left in the other language and out of sight are taken
        apart (their screens pruned), to be built again when shown, or ahead."""
        building = not self.built_ahead
        for mode in list(self._stale_modes):
            if mode not in (self.current_mode, self._covered_mode):
                self._drop_stale_mode(mode)
        if not building:  # built ahead again, as after the first paint
            self._build_ahead_soon()

    # --- help, quitting, palette -------------------------------------------------------------

    def action_idea(self) -> None:
        """F8 from any section: note an idea heard in a conversation."""
        from cm_coach.tui.people_actions import capture_idea

        capture_idea(self)

    def action_help(self) -> None:
        """F1: the help for the screen shown; pressed again, it closes."""
        from cm_coach.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(localized(HelpScreen, self.lang)(self.screen))

    def flush_drafts(self, *, closing: bool = False) -> None:
        """Write every screen's pending typing now (``closing``: without waiting on a busy journal)."""
        for keeper in list(self.draft_keepers):
            keeper.save_draft_now(closing=closing)

    async def action_quit(self) -> None:
        """Ctrl+Q: save the typing still pending, then leave."""
        self.flush_drafts()
        await self._let_building_end()
        await self.workers.wait_for_complete([w for w in self.workers if w.group == "settings"])
        self.exit()

    async def _let_building_end(self) -> None:
        """A section built ahead that is still being mounted is let finish (a moment): closed
        halfway, its widgets would be looked for after being dropped."""
        import asyncio

        for _ in range(100):
            if self._building is None or all(w.is_mounted for w in self._building.walk_children()):
                return
            await asyncio.sleep(0.01)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Ours, in the user's language, in place of Textual's English ones."""
        from cm_coach.tui.commands import coach_commands, everywhere

        yield from everywhere(self)
        yield from coach_commands(self, screen)

    def action_command_palette(self) -> None:
        """Ctrl+P: the command palette, its placeholder in the user's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            placeholder = t("textual.palette.placeholder", self.lang)
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def action_change_theme(self) -> None:
        """Textual's theme picker, with our placeholder and our "nothing found" line."""
        placeholder = t("textual.palette.themes", self.lang)
        self.push_screen(CommandPalette(providers=[CoachThemeProvider], placeholder=placeholder))

    def action_help_quit(self) -> None:
        """Ctrl+C copies in a text field; elsewhere it says how to quit, in the user's language."""
        for active in self.screen.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                key = "+".join(part.capitalize() for part in active.binding.key.split("+"))  # Ctrl+Q
                title = t("textual.quit.title", self.lang)
                self.notify(t("textual.quit.how", self.lang, key=key), title=title)
                return

    def save_screenshot_later(self) -> None:
        """The palette's screenshot: an SVG of the screen in the current folder, once the
        palette has closed (Textual's own command says it in English)."""
        self.set_timer(0.1, self._save_screenshot_now)

    def _save_screenshot_now(self) -> None:
        try:
            path = self.save_screenshot()
        except OSError as error:
            from cm_coach.core.i18n import render_param
            from cm_coach.errors import os_reason

            reason = render_param(os_reason(error), self.lang)
            self.notify(t("textual.system.screenshot_failed", self.lang, reason=reason), severity="error")
            return
        self.notify(t("textual.system.screenshot_saved", self.lang, path=path))

    def notify(self, message: str, *, title: str = "", markup: bool = False, **kwargs) -> None:  # type: ignore[override]
        """Notifications wrapped the French way, at the width of Textual's toasts
        (60 columns, at most half the screen, less its padding, border and a cell to spare).

        Plain text unless ``markup`` is asked for: a notification carries what the user typed
        (a task, a mission's name), and a bracket in it must not be read as markup."""
        from cm_coach.tui.widgets.prose import rewrap_markup

        width = min(60, max(self.size.width, 40) // 2) - 4
        text = rewrap_markup(message if markup else escape(message), width)
        super().notify(text, title=title, markup=True, **kwargs)


def make_app(
    db_path: Path,
    lang: str,
    today: Callable[[], date] | date,
    *,
    mode: str = "checkin",
    theme: str | None = None,
    now: Callable[[], datetime] | None = None,
    build_ahead: bool | Iterable[str] | None = None,
) -> CoachApp:
    """The one way to build the app: the CLI, the tests and the snapshot apps use it.
    ``build_ahead``: build the sections out of sight after the first paint (default: when run
    for real, not under the Pilot); given section names, only those."""
    return CoachApp(db_path, lang, today, mode=mode, theme=theme, now=now, build_ahead=build_ahead)
