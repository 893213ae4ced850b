"""Quick logging: task, duration, mission, date, activity; today's entries below.

Typed values are checked by the core; its errors are shown inline in the user's
language and nothing is written. Deleting an entry can be undone (the last one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static

from cm_coach.core.content import activities
from cm_coach.core.dates import day_period, ensure_not_future, format_date_long, parse_date, parse_duration
from cm_coach.core.formatting import duration
from cm_coach.core.i18n import t
from cm_coach.errors import CoachError
from cm_coach.models import Entry, Mission
from cm_coach.paths import user_boundaries_path
from cm_coach.tui.localize import localized
from cm_coach.tui.messages import ContextLoaded
from cm_coach.tui.screens.base import CoachScreen
from cm_coach.tui.widgets.completing import CompletingInput
from cm_coach.tui.widgets.entries import EntriesTable
from cm_coach.tui.widgets.footer import CoachFooter
from cm_coach.tui.widgets.header import CoachHeader
from cm_coach.tui.widgets.line_input import LineInput
from cm_coach.tui.widgets.people_input import PeopleInput
from cm_coach.tui.widgets.prose import Prose
from cm_coach.tui.widgets.verdict import VerdictLine, classify

if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path

    from cm_coach.core.undo import Undone

T = TypeVar("T")


@dataclass(frozen=True)
class EntryForm:
    """What the user typed, duration and date read: ready for ``log_entry`` or ``edit_entry``."""

    task: str
    minutes: int
    day: date
    mission: str | None
    activity: str | None


def read_form(task: str, duration: str, day: str, mission: str, activity: object, today: date) -> EntryForm:
    """Turn the typed duration and date into values (raises the core's CoachError, shown inline).

    The activity and the mission are checked by the core's write, once: not here; an empty
    task is said first (an empty form is missing its task before its duration).
    """
    if not task.strip():
        raise CoachError("errors.task_empty")
    minutes = parse_duration(duration)
    when = ensure_not_future(parse_date(day, today), today) if day.strip() else today
    return EntryForm(
        task=task,
        minutes=minutes,
        day=when,
        mission=mission.strip() or None,
        activity=activity if isinstance(activity, str) else None,
    )


def load_log(
    conn: sqlite3.Connection, day: date, *, corrections: bool = True
) -> tuple[list[Mission], list[Entry]]:
    """The missions (for completion) and the entries of ``day`` (today, or the day looked at).
    With ``corrections``, the journal's corrections are read into the judge too
    (:func:`read_corrections`)."""
    from cm_coach.core.entries import list_entries
    from cm_coach.core.missions import list_missions

    if corrections:
        read_corrections(conn)
    return list_missions(conn), list_entries(conn, day_period(day))


def read_corrections(conn: sqlite3.Connection) -> None:
    """The journal's corrections read into the judge, so that the verdict shown while typing
    follows them (again only when they changed)."""
    from cm_coach.core.corrections import judge_for

    judge_for(conn, user_boundaries_path())


def teach_and_learn(
    conn: sqlite3.Connection, task: str, family: str, activity: str | None, boundaries: Path
) -> None:
    """Record the correction, and have the judge read it at once (the verdict shown follows)."""
    from cm_coach.core.corrections import judge_for, teach

    teach(conn, task, family=family, activity=activity, user_file=boundaries)
    judge_for(conn, boundaries)


def activity_options(lang: str) -> list[tuple[str, str]]:
    """The activity picker's choices: each activity's label in ``lang``, with its key."""
    return [(activity.label[lang], key) for key, activity in activities().items()]


class LogScreen(CoachScreen):
    """The log section: a task and its time, its verdict as it is typed, and the day's entries below."""

    MODE = "log"
    AUTO_FOCUS = ""  # focused in on_mount: focusing the body first restyles the whole screen twice
    BINDINGS = [  # noqa: RUF012
        Binding("ctrl+s", "add", "tui.keys.add", priority=True, id="log_add", tooltip="tui.tips.add"),
        Binding("ctrl+z", "undo", "tui.keys.undo", id="log_undo", tooltip="tui.tips.undo"),
        Binding("ctrl+o", "plan", "workday.tui.keys.plan", id="log_plan", tooltip="workday.tui.tips.plan"),
        Binding(
            "ctrl+g",
            "correct_typed",
            "boundaries.tui.keys.correct",
            show=False,
            priority=True,  # over the text field's own keys
            id="log_correct",
            tooltip="boundaries.tui.tips.correct",
        ),
        Binding(
            "ctrl+r",
            "toggle_reason",
            "tui.keys.reason",
            show=False,
            id="log_reason",
            tooltip="tui.tips.reason",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.last_deleted: dict | None = None
        self.missions: list[Mission] = []
        self.entries: list[Entry] = []
        self._activity_chosen = False  # the user picked an activity: stop following the task
        self._unsure_asked = False  # an unsure task: the activity was put to the user once
        self._suggested_activity: str | None = None
        self._show_reason = False
        self._typed: dict[str, str] = {}  # the form's fields as typed, for the draft
        self.viewed: date | None = None  # the day whose entries are listed (None: today)

    def compose(self) -> ComposeResult:
        """Task, people met, duration, mission, date, activity, the verdict, then the day's entries."""
        yield CoachHeader()
        with Vertical(id="log-body", classes="body"):
            yield LineInput(placeholder=self.t("log.task_placeholder"), id="log-task")
            yield PeopleInput(placeholder=t("people.tui.with_placeholder", self.lang), id="log-with")
            with Horizontal(id="log-fields"):
                yield Input(placeholder=self.t("log.duration_placeholder"), id="log-duration")
                yield CompletingInput(placeholder=self.t("log.mission_placeholder"), id="log-mission")
                yield Input(placeholder=self.t("log.date_placeholder"), id="log-date")
                yield Select(
                    activity_options(self.lang), id="log-activity", prompt=self.t("log.activity_prompt")
                )
            yield VerdictLine(id="log-verdict")
            yield Prose("", id="log-message", classes="message")
            yield Static(self.t("log.today_title"), id="log-today", classes="section-title")
            # Today's entries: a table mounted with the first data (see EntriesTable.mounted_under).
        yield CoachFooter()

    FORM_FIELDS = ("log-task", "log-with", "log-duration", "log-mission", "log-date")

    def on_mount(self) -> None:
        """The cursor in the task, the last typing back; the entries after the first frame,
        then the names to complete and the corrections once they are shown (the judge and the
        people's names would share the interpreter with the entries' read and drawing)."""
        self.query_one("#log-task", Input).focus()
        self.coach.draft_keepers.add(self)
        self._restore_draft()
        self.coach.after_first_frame(partial(self.reload, corrections=False))
        self.coach.after_first_figures(self.load_people_names)
        self.coach.after_first_figures(self.load_corrections)

    def load_corrections(self) -> None:
        """The journal's corrections, for the verdict shown while typing."""
        self.run_in_journal(read_corrections, None, group="log-corrections")

    def load_people_names(self) -> None:
        """The names the « avec qui » field completes, the most recently met first."""
        from cm_coach.tui.reads import people_names

        self.run_in_journal(people_names, self.query_one(PeopleInput).set_names, group="log-people")

    def on_unmount(self) -> None:
        """Leaving: the typing is kept for next time."""
        self.save_draft_now()
        self.coach.draft_keepers.discard(self)

    def save_draft_now(self, *, closing: bool = False) -> None:
        """The form's typing, kept for the next start (Ctrl+Q, a closed terminal, a language
        switch): the quit key promises it. A small private file: quick even when ``closing``."""
        if self.retired:  # a screen in the other language holds the typing now
            return
        from cm_coach.core.form_draft import save_form_draft

        save_form_draft(self.coach.db_path, "log", dict(self._typed))

    @on(Input.Changed)
    def _keep_typing(self, event: Input.Changed) -> None:
        """The form's values as they change (read again at unmount, when the fields are gone)."""
        if event.input.id in self.FORM_FIELDS:
            self._typed[event.input.id] = event.value

    def _restore_draft(self) -> None:
        from cm_coach.core.form_draft import load_form_draft

        for name, value in load_form_draft(self.coach.db_path, "log").items():
            if name in self.FORM_FIELDS:
                self.query_one(f"#{name}", Input).value = value

    def shown_again(self) -> None:
        """Back in view: the entries again, with whatever was logged elsewhere (at once when quick)."""
        self.reload(fresh=True)

    # --- reading --------------------------------------------------------------------------

    def reload(self, *, fresh: bool = False, corrections: bool = True) -> None:
        """Read the missions and the entries of the day shown in a worker, then list them;
        ``fresh``: the section is being shown, read at once if quick (``read_fresh``);
        ``corrections``: the journal's corrections are read with them (see :func:`load_log`)."""
        day = self.viewed or self.coach.today()
        read = self.read_fresh if fresh else self.run_in_journal
        read(
            partial(load_log, day=day, corrections=corrections),
            partial(self._loaded, day=day),
            group="log-load",
        )

    @on(EntriesTable.Move)
    def _move(self, event: EntriesTable.Move) -> None:
        """←/→ on the table: the day before or after (never past today), ⇧ for a week."""
        today = self.coach.today()
        day = min(today, (self.viewed or today) + timedelta(days=event.days))
        if day != (self.viewed or today):
            self.viewed = day
            self.reload()

    @on(Input.Changed, "#log-date")
    def _date_typed(self, event: Input.Changed) -> None:
        """The date field also chooses the day shown: "hier" shows yesterday's entries."""
        today = self.coach.today()
        try:
            day = ensure_not_future(parse_date(event.value, today), today) if event.value.strip() else today
        except CoachError:
            return  # half typed: the day shown stays
        if day != (self.viewed or today):
            self.viewed = day
            self.reload()

    def _loaded(self, loaded: tuple[list[Mission], list[Entry]], day: date | None = None) -> None:
        missions, entries = loaded
        today = self.coach.today()
        if day is not None and day != (self.viewed or today):
            return  # an older read, for a day no longer shown
        self.missions = missions
        active = [m.name for m in missions if m.is_active(today)]
        field = self.query_one("#log-mission", Input)
        field.suggester = SuggestFromList(
            active + [m.name for m in missions if m.name not in active], case_sensitive=False
        )
        current = self.coach.current_mission
        if not field.value and current is not None:
            field.value = current.name
        self.entries = entries
        self.loaded = True
        EntriesTable.mounted_under(self.query_one("#log-today"), "log-entries", self.lang).show_entries(
            entries
        )
        total = sum(entry.minutes for entry in entries)
        shown = self.viewed or today
        if shown == today:
            title = (
                self.t("log.today_total", total=duration(total, self.lang), count=len(entries))
                if entries
                else self.t("log.today_empty")
            )
        else:
            when = format_date_long(shown, self.lang)
            title = (
                t(
                    "workday.tui.day_total",
                    self.lang,
                    day=when,
                    total=duration(total, self.lang),
                    count=len(entries),
                )
                if entries
                else t("workday.tui.day_empty", self.lang, day=when)
            )
        self.query_one("#log-today", Static).update(title + t("workday.tui.day_keys", self.lang))

    def on_context_loaded(self, _message: ContextLoaded) -> None:
        """The mission field takes the user's current mission once known, unless something is typed."""
        field = self.query_one("#log-mission", Input)
        if not field.value and self.coach.current_mission is not None:
            field.value = self.coach.current_mission.name

    # --- the form -------------------------------------------------------------------------

    @on(Input.Changed, "#log-task")
    def _task_typed(self, event: Input.Changed) -> None:
        self._unsure_asked = False  # another task: ask again if it is unsure too
        self.show_task_verdict(event.value)

    def show_task_verdict(self, typed: str) -> None:
        """The verdict of the task being typed, and its activity offered unless chosen."""
        text = typed.strip()
        verdict = classify(text, self.lang) if text else None
        self.query_one("#log-verdict", VerdictLine).show_verdict(
            verdict, self.lang, with_reason=self._show_reason
        )
        if not self._activity_chosen:
            select = self.query_one("#log-activity", Select)
            self._suggested_activity = verdict.activity if verdict is not None else None
            if self._suggested_activity:
                select.value = self._suggested_activity
            else:
                select.clear()

    @on(Select.Changed, "#log-activity")
    def _activity_picked(self, event: Select.Changed) -> None:
        # Our own suggestions come back here too: only another value is the user's choice.
        self._activity_chosen = isinstance(event.value, str) and event.value != self._suggested_activity

    def action_toggle_reason(self) -> None:
        """Ctrl+R: show or hide why the verdict of the task typed is what it is."""
        self._show_reason = not self._show_reason
        text = self.query_one("#log-task", Input).value.strip()
        verdict = classify(text, self.lang) if text else None
        self.query_one("#log-verdict", VerdictLine).show_verdict(
            verdict, self.lang, with_reason=self._show_reason
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id and event.input.id.startswith("log-"):
            event.stop()
            self.action_add()

    def action_add(self) -> None:
        """Ctrl+S: log the form; an unsure task first asks for its activity, a bad value is shown inline."""
        task = self.query_one("#log-task", Input).value
        select = self.query_one("#log-activity", Select)
        unsure = bool(task.strip()) and classify(task.strip(), self.lang).verdict == "unsure"
        if unsure and not self._activity_chosen and not self._unsure_asked:
            # Unsure never silently becomes an activity: the likeliest is offered, the user says.
            self._unsure_asked = True
            self.show_message(t("boundaries.tui.unsure_ask", self.lang), True)
            select.focus()
            return
        try:
            form = read_form(
                task,
                self.query_one("#log-duration", Input).value,
                self.query_one("#log-date", Input).value,
                self.query_one("#log-mission", Input).value,
                # Only the user's pick (or what they confirmed for an unsure task): the
                # suggestion shown is the core's to make as it writes.
                select.value if self._activity_chosen or self._unsure_asked else None,
                self.coach.today(),
            )
        except CoachError as error:
            self.show_error(error)
            return
        self.add(form, self.query_one("#log-with", Input).value)

    def write(
        self,
        action: Callable[[sqlite3.Connection], T],
        done: Callable[[T], object],
        refused: Callable[[CoachError], object] | None = None,
        *,
        group: str = "log-write",
        once: bool = False,
    ) -> None:
        """One write, and today's entries read back on the same connection, in one worker
        (``once``: a submission, dropped while the same one is still being written)."""
        from cm_coach.tui.journal import run_in_journal

        today = self.viewed or self.coach.today()

        def landed(result: tuple[T, tuple[list[Mission], list[Entry]]]) -> None:
            written, loaded = result
            done(written)
            self._loaded(loaded)

        self.workers.cancel_group(self, "log-load")  # a read already going would land over ours
        run_in_journal(
            self,
            lambda conn: (action(conn), load_log(conn, today)),
            landed,
            refused or self.show_error,
            group=group,
            exclusive=False,
            once=once,
        )

    def add(self, form: EntryForm, with_people: str = "", new_people: bool = False) -> None:
        """Write the entry in a worker; unknown people are offered for creation before anything is written."""
        from cm_coach.core.entries import log_entry
        from cm_coach.tui.people_actions import refused_or_offered

        refused = refused_or_offered(
            self.coach, self.show_error, new_people, lambda: self.add(form, with_people, new_people=True)
        )
        lang, boundaries, today = self.lang, user_boundaries_path(), self.coach.today()
        self.write(
            lambda conn: log_entry(
                conn,
                form.task,
                form.minutes,
                day=form.day,
                mission=form.mission,
                activity=form.activity,
                lang=lang,
                user_boundaries=boundaries,
                with_people=with_people,
                new_people=new_people,
                today=today,
            ),
            lambda logged: self._added(logged.entry),
            refused,
            group="log-add",
            once=True,
        )

    def _added(self, entry: Entry) -> None:
        from cm_coach.core.form_draft import clear_form_draft

        if entry.with_people:
            self.load_people_names()  # the names just met come first in the completion
        for selector in ("#log-task", "#log-with", "#log-duration", "#log-date"):
            self.query_one(selector, Input).value = ""
        clear_form_draft(self.coach.db_path, "log")
        self._activity_chosen = False
        self._unsure_asked = False
        self._suggested_activity = None
        self.query_one("#log-activity", Select).clear()
        self.coach.set_current_mission(entry.mission)
        self.show_message(self.t("log.added", task=entry.task, duration=duration(entry.minutes, self.lang)))
        self.query_one("#log-task", Input).focus()

    def timer_seed(self) -> tuple[str, str]:
        """What the timer starts on from this screen: the task and mission being typed."""
        return (
            self.query_one("#log-task", Input).value.strip(),
            self.query_one("#log-mission", Input).value.strip(),
        )

    def timer_started(self) -> None:
        """The task typed went to the timer: the form is free for the next one."""
        self.query_one("#log-task", Input).value = ""

    # --- today's plan to the log ------------------------------------------------------------

    def action_plan(self) -> None:
        """Today's plan: a row becomes an entry (its duration asked) or starts the timer."""
        from cm_coach.core.plan import plan_of

        today = self.coach.today()
        self.run_in_journal(lambda conn: plan_of(conn, today), self._plan_read, group="log-plan")

    def _plan_read(self, rows: list) -> None:
        from cm_coach.tui.screens.plan_pick import PlanPickScreen

        self.app.push_screen(localized(PlanPickScreen, self.lang)(rows), self._plan_picked)

    def _plan_picked(self, picked: tuple[int, str] | None) -> None:
        if picked is None:
            return
        plan_id, how = picked
        if how == "timer":
            from cm_coach.core.plan import start_plan_row

            now = self.coach.now()
            self.run_in_journal(
                lambda conn: start_plan_row(conn, plan_id, now=now),
                lambda timer: self._plan_timer_started(timer.task),
                group="log-plan",
            )
            return
        from cm_coach.tui.screens.ask import AskScreen

        dialog = localized(AskScreen, self.lang)(
            t("workday.tui.plan_duration", self.lang), "", self.t("log.duration_placeholder")
        )
        self.app.push_screen(dialog, lambda typed: self._plan_log(plan_id, typed) if typed else None)

    def _plan_log(self, plan_id: int, typed: str) -> None:
        from cm_coach.core.plan import log_plan_row

        try:
            minutes = parse_duration(typed)
        except CoachError as error:
            self.show_error(error)
            return
        lang, boundaries = self.lang, user_boundaries_path()
        self.write(
            lambda conn: log_plan_row(conn, plan_id, minutes, lang=lang, user_boundaries=boundaries),
            lambda logged: self.show_message(
                self.t(
                    "log.added", task=logged.entry.task, duration=duration(logged.entry.minutes, self.lang)
                )
            ),
        )

    def _plan_timer_started(self, task: str) -> None:
        self.coach.refresh_timer()
        self.show_message(t("workday.tui.plan_started", self.lang, task=task))

    # --- edit, delete, undo ---------------------------------------------------------------

    @on(EntriesTable.Action)
    def _entry_action(self, event: EntriesTable.Action) -> None:
        if event.what == "delete":
            self.remove_entry(event.entry_id)
            return
        entry = next((e for e in self.entries if e.id == event.entry_id), None)
        if entry is None:
            return
        if event.what == "correct":
            self.correct_entry(entry)
            return
        from cm_coach.tui.screens.edit_entry import EditEntryScreen

        def edited(saved: Entry | None) -> None:
            if saved is not None:  # the dialog wrote it (a refusal is shown in the dialog)
                self.show_message(self.t("log.edited"))
                self.reload()

        self.app.push_screen(localized(EditEntryScreen, self.lang)(entry, self.coach.today()), edited)

    # --- corrections ------------------------------------------------------------------------

    def correct_entry(self, entry: Entry) -> None:
        """Ask what the entry really is; the core fixes it and teaches its wording."""
        from cm_coach.core.corrections import correct_entry
        from cm_coach.tui.screens.correct import CorrectScreen

        lang, boundaries = self.lang, user_boundaries_path()

        def answered(answer: tuple[str, str | None] | None) -> None:
            if answer is None:
                return
            family, activity = answer
            self.write(
                lambda conn: correct_entry(
                    conn, entry.id, family=family, activity=activity, lang=lang, user_file=boundaries
                ),
                lambda _done: self.show_message(t("boundaries.tui.corrected", lang, task=entry.task)),
            )

        dialog = localized(CorrectScreen, lang)(entry.task, entry.family, entry.activity)
        self.app.push_screen(dialog, answered)

    def action_correct_typed(self) -> None:
        """Correct the judgement of the task being typed, before it is saved."""
        from cm_coach.tui.screens.correct import CorrectScreen

        task = self.query_one("#log-task", Input).value.strip()
        if not task:
            return
        verdict = classify(task, self.lang)
        lang, boundaries = self.lang, user_boundaries_path()

        def taught(_done: object) -> None:
            self.show_message(t("boundaries.tui.corrected", lang, task=task))
            self._activity_chosen = False
            self._unsure_asked = False
            self.show_task_verdict(task)

        def answered(answer: tuple[str, str | None] | None) -> None:
            if answer is not None:
                family, activity = answer
                self.write(lambda conn: teach_and_learn(conn, task, family, activity, boundaries), taught)

        dialog = localized(CorrectScreen, lang)(task, verdict.family, verdict.activity)
        self.app.push_screen(dialog, answered)

    def remove_entry(self, entry_id: int) -> None:
        """Delete the entry (Ctrl+Z brings it back)."""
        from cm_coach.core.entries import delete_entry

        self.write(lambda conn: delete_entry(conn, entry_id), self._deleted)

    def _deleted(self, row: dict) -> None:
        self.last_deleted = row
        self.show_message(self.t("log.deleted", task=row["task"]))

    def action_undo(self) -> None:
        """The latest edit or deletion of an entry, any day, from here or the command line."""
        from cm_coach.core.undo import undo_last

        self.write(undo_last, self._restored)

    def _restored(self, undone: Undone) -> None:
        self.last_deleted = None
        self.show_message(self.t("log.restored", task=undone.entry.task))
