"""The morning check-in: prompt and answer, yesterday's recap, today's plan (each row with
the people it is with), an intention.

Whatever is typed is kept as a draft (debounced, and at once when leaving), so a closed
terminal loses nothing; saving writes the check-in in one transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Input, Label, Static, TextArea

from cm_coach.core.dates import format_date_long
from cm_coach.core.i18n import render_error, t
from cm_coach.core.prompts import DailyPrompt, prompt_for
from cm_coach.errors import CoachError
from cm_coach.tui import prefetch
from cm_coach.tui.journal import opened
from cm_coach.tui.localize import localized
from cm_coach.tui.reads import RecapData, load_checkin
from cm_coach.tui.screens.base import CoachScreen
from cm_coach.tui.widgets.energy import EnergyPicker
from cm_coach.tui.widgets.footer import CoachFooter
from cm_coach.tui.widgets.header import CoachHeader
from cm_coach.tui.widgets.people_input import PeopleInput
from cm_coach.tui.widgets.people_today import CheckinPeople
from cm_coach.tui.widgets.plan import PlanPart, PlanRow, PlanTask
from cm_coach.tui.widgets.prose import Prose
from cm_coach.tui.widgets.recap import Recap, recap_lines, recap_title
from cm_coach.tui.widgets.verdict import VerdictLine, classify

if TYPE_CHECKING:  # the records' module comes with the data, after the first frame
    import sqlite3

    from cm_coach.core.boundaries import Verdict
    from cm_coach.models import Checkin, Mission
    from cm_coach.tui.reads import CheckinData

DRAFT_DELAY = 0.5  # seconds of quiet typing before the draft is written
CLOSING_WAIT = 0.3  # seconds the journal gets to take the draft when the app is being stopped


def _holds_typing(draft: dict) -> bool:
    """Whether a collected draft holds anything the user typed or chose (fields just composed
    hold nothing)."""
    return bool(
        draft["answer"].strip()
        or draft["pending_task"].strip()
        or draft["pending_with"].strip()
        or draft["intention"].strip()
        or draft["energy"] is not None
        or draft["plan"]
    )


class CheckinScreen(CoachScreen):
    """The morning check-in: the day's prompt and answer, yesterday's recap, today's plan, an intention."""

    MODE = "checkin"
    AUTO_FOCUS = ""  # focused in on_mount: focusing the body first restyles the whole screen twice
    BINDINGS = [  # noqa: RUF012
        Binding("ctrl+s", "save", "tui.keys.save", priority=True, id="checkin_save", tooltip="tui.tips.save"),
        Binding(
            "ctrl+r",
            "toggle_reason",
            "tui.keys.reason",
            show=False,
            id="checkin_reason",
            tooltip="tui.tips.reason",
        ),
        Binding(
            "ctrl+z",
            "undo_remove",
            "workday.tui.keys.plan_undo",
            show=False,
            id="checkin_plan_undo",
            tooltip="workday.tui.tips.plan_undo",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ready = False  # the saved check-in or the draft is in the fields
        self.saved = False  # today's check-in exists and nothing changed since
        self._pending: dict | None = None  # the fields as last changed
        self._written: dict | None = None  # what was last sent to the journal (draft or check-in)
        # what the journal is known to hold: a write sent to a worker counts once it has ended
        # (a signal may end the app before a queued worker runs: its typing must be written then)
        self._committed: dict | None = None
        self._draft_timer: Timer | None = None
        self._write_lock = threading.Lock()
        self._typed_early = False  # typing before the journal's draft was loaded: keep it too
        self._daily: DailyPrompt | None = None
        self._mission: Mission | None = None
        self._removed_rows: list[tuple[PlanTask, int]] = []  # for Ctrl+Z, the latest last
        self._plan_mounted = False  # the plan's part is mounted lazily (see PlanPart)
        self._waiting: CheckinData | None = None  # the journal's answer, read before it was

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Greeting, prompt and answer; below, the recap, people waiting, the plan, intention and energy."""
        yield CoachHeader()
        with VerticalScroll(id="checkin-body", classes="body"):
            yield Prose(id="greeting", classes="greeting")
            yield Prose(id="prompt", classes="prompt")
            yield TextArea(id="answer", soft_wrap=True, placeholder=self.t("checkin.answer_placeholder"))
            with Vertical(id="checkin-lower"):
                yield Static(self.t("checkin.recap_title"), id="recap-title", classes="section-title")
                with Recap(id="recap"):
                    yield Static(self.t("common.loading"))
                yield CheckinPeople(id="checkin-people")
            yield Prose("", id="checkin-message", classes="message")
        yield CoachFooter()

    def on_mount(self) -> None:
        """The greeting and prompt at once, the cursor in the answer; the journal after the first frame."""
        today = self.coach.today()
        self._daily = prompt_for(today, self.lang)
        self.query_one("#greeting", Static).update(
            self.t("checkin.greeting", date=escape(format_date_long(today, self.lang)))
        )
        self._show_prompt(self._daily)
        self.query_one("#answer", TextArea).focus()
        self.coach.draft_keepers.add(self)
        self.coach.after_first_frame(self.load)  # the first frame never waits for the journal
        # while the journal is read, or once yesterday's figures are drawn if they were there
        self.coach.after_first_frame(lambda: self.call_after_refresh(self._mount_plan_part))

    def _mount_plan_part(self) -> None:
        """The plan and the intention, below the fold on a usual terminal, mounted right
        after the first frame (a tenth of the screen's first-frame work); the journal's
        answer waits for them (see :meth:`_plan_part_ready`)."""
        if not self.is_attached:  # closed before its first frame was out
            return
        energy = EnergyPicker(id="energy")
        energy.tooltip = self.t("checkin.energy_hint")
        part = PlanPart(
            Static(self.t("checkin.plan_title"), classes="section-title"),
            Horizontal(
                Input(placeholder=self.t("checkin.task_placeholder"), id="task"),
                PeopleInput(placeholder=t("people.tui.plan_with_placeholder", self.lang), id="task-with"),
                id="plan-entry",
            ),
            VerdictLine(id="live-verdict"),
            Vertical(id="plan"),
            Horizontal(
                Label(self.t("checkin.intention_label"), classes="field-label"),
                Input(id="intention", type="integer", compact=True, max_length=4, placeholder="45"),
                Label(self.t("checkin.energy_label"), classes="field-label"),
                energy,
                id="intention-row",
            ),
            id="checkin-plan-part",
        )
        self.query_one("#checkin-lower").mount(part)

    @on(PlanPart.Ready)
    def _plan_part_ready(self) -> None:
        """The plan's fields are there: the names for "with whom", and the journal's
        draft or check-in if it came first."""
        self._plan_mounted = True
        self.query_one("#task-with", PeopleInput).load_names()
        # The catalogue read and indexed for the plan's live verdict, off the UI thread in a
        # worker of its own (its one-off cost is not the journal read's, whose cost decides
        # whether it may run at once, see read_fresh), once the figures are drawn.
        self.run_worker(partial(classify, "", self.lang), group="checkin-catalogue", thread=True)
        if self._waiting is not None:
            loaded, self._waiting = self._waiting, None
            self._fill(loaded)

    def on_unmount(self) -> None:
        """Leaving: the typing still pending is written as a draft."""
        self.save_draft_now()
        self.coach.draft_keepers.discard(self)

    def _show_prompt(self, daily: DailyPrompt) -> None:
        self.query_one("#prompt", Static).update(f"[b]{escape(daily.theme_label)}[/b]\n{escape(daily.text)}")

    # --- loading --------------------------------------------------------------------------

    def load(self) -> None:
        """Read today's draft or check-in, the recap and the missions in a worker, then fill the fields."""
        today, lang = self.coach.today(), self.lang
        self.run_in_journal(
            prefetch.or_read("checkin-load", (today, lang), partial(load_checkin, today=today, lang=lang)),
            self._loaded,
            group="checkin-load",
        )

    def shown_again(self) -> None:
        """Back in view (or first opened after being built ahead): yesterday's recap and the
        people waiting are read again, since entries and follow-ups may have changed
        elsewhere; the form keeps what is typed."""
        if not self.loaded:
            return
        self.read_fresh(  # at once when quick: the section's first frame shows it
            partial(load_checkin, today=self.coach.today(), lang=self.lang),
            self._recap_loaded,
            group="checkin-recap",
            cost_of="checkin-load",  # the same read: its cost is known from the first one
        )
        self.query_one(CheckinPeople).load()

    def _recap_loaded(self, loaded: CheckinData) -> None:
        self._show_recap(loaded[2])
        self.loaded = True  # once more: the recap is fresh

    def _show_recap(self, recap: RecapData) -> None:
        today = self.coach.today()
        self.query_one("#recap-title", Static).update(escape(recap_title(recap, today, self.lang)))
        self.query_one(Recap).show(recap_lines(recap, today, self.lang))

    def _loaded(self, loaded: CheckinData) -> None:
        self._show_recap(loaded[2])  # yesterday needs no field: shown at once
        self.loaded = True  # the journal's figures are on screen; the fields may come next
        if not self._plan_mounted:  # the plan's fields come right after the first frame
            self._waiting = loaded
            return
        self._fill(loaded)

    def _fill(self, loaded: CheckinData) -> None:
        """The draft or the saved check-in in the fields, once they are all there."""
        draft, saved, _recap, missions = loaded
        today = self.coach.today()
        current = self.coach.current_mission
        self._mission = current or next((m for m in missions if m.is_active(today)), None)
        if _holds_typing(self.collect_draft()):  # typed already, its change message not in yet
            self._typed_early = True
        if draft is not None:
            self._apply(draft)
        elif saved is not None:
            self._apply_saved(saved)
            self.saved = True
            self.show_message(self.t("checkin.already_saved"))
        self._pending = self.collect_draft()
        # What was typed before the journal answered is not in the journal yet: write it.
        self._written = self._committed = None if self._typed_early else self._pending
        self.ready = True
        if self._typed_early:
            self._draft_timer = self.set_timer(DRAFT_DELAY, self._write_draft_soon)
        answer = self.query_one("#answer", TextArea)
        answer.move_cursor(answer.document.end)
        self.call_after_refresh(self.query_one("#checkin-body").scroll_home, animate=False)

    def _apply(self, draft: dict) -> None:
        answer = draft.get("answer")
        if isinstance(answer, str) and answer and not self.query_one("#answer", TextArea).text:
            self.query_one("#answer", TextArea).load_text(answer)
        task = draft.get("pending_task")
        if isinstance(task, str) and task and not self.query_one("#task", Input).value:
            self.query_one("#task", Input).value = task
        with_people = draft.get("pending_with")
        if isinstance(with_people, str) and with_people and not self.query_one("#task-with", Input).value:
            self.query_one("#task-with", Input).value = with_people
        intention = draft.get("intention")
        if isinstance(intention, str | int) and str(intention).strip():
            self.query_one("#intention", Input).value = str(intention)
        energy = draft.get("energy")
        if energy in range(1, 6):
            self.query_one("#energy", EnergyPicker).value = energy
        for raw in draft.get("plan") or []:
            if isinstance(raw, dict) and isinstance(raw.get("task"), str):
                self._add_row(
                    PlanTask(
                        task=raw["task"],
                        verdict=raw.get("verdict") or "unsure",
                        family=raw.get("family"),
                        category=raw.get("category"),
                        decision=raw.get("decision") or "keep",
                        with_people=tuple(n for n in raw.get("with") or [] if isinstance(n, str)),
                    )
                )

    def _apply_saved(self, saved: Checkin) -> None:
        self._apply(
            {
                "answer": saved.answer,
                "intention": saved.intention_minutes if saved.intention_minutes is not None else "",
                "energy": saved.energy,
                "plan": [
                    {
                        "task": item.task,
                        "verdict": item.verdict,
                        "family": item.family,
                        "category": item.category,
                        "decision": item.decision,
                        "with": list(item.with_people),
                    }
                    for item in saved.plan
                ],
            }
        )

    # --- the plan ---------------------------------------------------------------------------

    def _classify(self, text: str) -> Verdict:
        return classify(text, self.lang)

    def _add_row(self, item: PlanTask, position: int | None = None) -> PlanRow:
        if item.verdict != "unsure":
            item.reason = self._classify(item.task).reason
        freelance = self._mission is not None and self._mission.kind == "freelance"
        row = localized(PlanRow, self.lang)(item, self.lang, freelance)
        plan = self.query_one("#plan", Vertical)
        rows = list(plan.query_children(PlanRow))
        if position is not None and position < len(rows):
            plan.mount(row, before=rows[position])
        else:
            plan.mount(row)
        return row

    @on(Input.Changed, "#task")
    def _task_typed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        verdict = self._classify(text) if text else None
        self.query_one("#live-verdict", VerdictLine).show_verdict(
            verdict, self.lang, with_reason=self.has_class("-show-reasons")
        )
        self.changed()

    @on(Input.Submitted, "#task")
    @on(Input.Submitted, "#task-with")
    def _task_entered(self, event: Input.Submitted) -> None:
        event.stop()
        if self._take_pending_task():
            self.changed()

    @on(CheckinPeople.IdeaPicked)
    def _idea_to_plan(self, event: CheckinPeople.IdeaPicked) -> None:
        """An idea from the community becomes a plan row, with the person who gave it."""
        verdict = self._classify(event.task)
        people = (event.person,) if event.person else ()
        row = self._add_row(
            PlanTask(event.task, verdict.verdict, verdict.family, verdict.category, with_people=people)
        )
        self.call_after_refresh(row.scroll_visible, animate=False)
        self.changed()

    def _take_pending_task(self, *, check_people: bool = True) -> bool:
        """The task typed becomes a plan row, with the people typed beside it. Names are
        first found by the rule of the log form (an unknown one is refused inline and offered
        to create): the row then comes once they are, and False is returned. Without
        ``check_people`` (saving) the names go as typed: the save checks them."""
        text = self.query_one("#task", Input).value.strip()
        if not text:
            return False
        typed = self.query_one("#task-with", Input).value
        if check_people and typed.strip():
            self._find_people_then_add(text, typed)
            return False
        from cm_coach.core.people import split_names

        self._add_planned(text, tuple(split_names(typed)))
        return True

    def _add_planned(self, text: str, people: tuple[str, ...]) -> None:
        verdict = self._classify(text)
        row = self._add_row(
            PlanTask(text, verdict.verdict, verdict.family, verdict.category, with_people=people)
        )
        self.query_one("#task", Input).value = ""
        self.query_one("#task-with", Input).value = ""
        self.query_one("#task", Input).focus()  # the next task
        self.call_after_refresh(row.scroll_visible, animate=False)

    def _find_people_then_add(self, text: str, typed: str, create: bool = False) -> None:
        def found(names: tuple[str, ...]) -> None:
            if self.query_one("#task", Input).value.strip() == text:  # not added meanwhile
                self._add_planned(text, names)
                self.changed()
            if create:  # the refusal shown is answered: say who was added
                self.show_message(t("people.created", self.lang, names=", ".join(names)))
                self.query_one("#task-with", PeopleInput).load_names()

        self.find_people(
            typed, found, create, lambda: self._find_people_then_add(text, typed, create=True), "checkin-with"
        )

    def find_people(
        self,
        typed: str,
        found: Callable[[tuple[str, ...]], object],
        create: bool,
        retry: Callable[[], object],
        group: str,
    ) -> None:
        """Find the people ``typed`` names (the log form's rule, refusal and offer to create)."""
        from cm_coach.core.people import named_people
        from cm_coach.tui.journal import run_in_journal
        from cm_coach.tui.people_actions import refused_or_offered

        run_in_journal(
            self,
            lambda conn: named_people(conn, typed, create=create),
            found,
            refused_or_offered(self.coach, self.show_error, create, retry),
            group=group,
            exclusive=False,
        )

    @on(PlanRow.People)
    def _plan_people(self, event: PlanRow.People) -> None:
        """The row's "With…" button: who its task is with, names completed, checked like the log's."""
        from cm_coach.tui.screens.ask import AskScreen

        row = event.row

        def found(names: tuple[str, ...]) -> None:
            row.with_people(names)
            task = row.item.task
            if names:
                self.show_message(
                    t("people.tui.plan_with_saved", self.lang, task=task, names=", ".join(names))
                )
            else:
                self.show_message(t("people.tui.plan_with_nobody", self.lang, task=task))
            self.changed()

        def answered(typed: str | None, create: bool = False) -> None:
            if typed is not None:
                self.find_people(
                    typed, found, create, lambda: answered(typed, create=True), "checkin-row-with"
                )

        dialog = localized(AskScreen, self.lang)(
            t("people.tui.plan_with_title", self.lang, task=row.item.task),
            ", ".join(row.item.with_people),
            t("people.tui.plan_with_placeholder", self.lang),
            t("people.tui.plan_with_hint", self.lang),
            names=self.query_one("#task-with", PeopleInput).people.names,
        )
        self.app.push_screen(dialog, answered)

    @on(PlanRow.Correct)
    def _plan_correct(self, event: PlanRow.Correct) -> None:
        """A plan row's judgement corrected: the core teaches the wording, the row follows."""
        from cm_coach.paths import user_boundaries_path
        from cm_coach.tui.screens.correct import CorrectScreen
        from cm_coach.tui.screens.log import teach_and_learn

        row, lang, boundaries = event.row, self.lang, user_boundaries_path()

        def taught(_done: object) -> None:
            row.judged(self._classify(row.item.task))
            self.show_message(t("boundaries.tui.corrected", lang, task=row.item.task))
            self.changed()

        def answered(answer: tuple[str, str | None] | None) -> None:
            if answer is not None:
                family, activity = answer
                self.run_in_journal(
                    lambda conn: teach_and_learn(conn, row.item.task, family, activity, boundaries),
                    taught,
                    group="checkin-correct",
                    exclusive=False,
                )

        dialog = localized(CorrectScreen, lang)(row.item.task, row.item.family, None)
        self.app.push_screen(dialog, answered)

    @on(PlanRow.Changed)
    async def _plan_changed(self, event: PlanRow.Changed) -> None:
        if event.removed:
            rows = list(self.query_one("#plan", Vertical).query_children(PlanRow))
            position = rows.index(event.row) if event.row in rows else len(rows)
            self._removed_rows.append((event.row.item, position))
            await event.row.remove()
            self.show_message(t("workday.tui.plan_removed", self.lang, task=event.row.item.task))
        self.changed()

    def action_undo_remove(self) -> None:
        """Ctrl+Z: the plan row removed last comes back where it was."""
        if not self._removed_rows:
            self.show_message(t("workday.tui.plan_nothing_removed", self.lang))
            return
        item, position = self._removed_rows.pop()
        self._add_row(item, position)
        self.show_message(t("workday.tui.plan_restored", self.lang, task=item.task))
        self.changed()

    def action_toggle_reason(self) -> None:
        """Ctrl+R: show or hide why each plan task (and the one being typed) got its verdict."""
        if not self.ready:
            return
        self.toggle_class("-show-reasons")
        text = self.query_one("#task", Input).value.strip()
        self.query_one("#live-verdict", VerdictLine).show_verdict(
            self._classify(text) if text else None, self.lang, with_reason=self.has_class("-show-reasons")
        )

    # --- drafts -----------------------------------------------------------------------------

    @on(TextArea.Changed, "#answer")
    @on(Input.Changed, "#intention")
    @on(Input.Changed, "#task-with")
    @on(EnergyPicker.Changed, "#energy")
    def changed(self) -> None:
        """Something was typed or chosen: keep it, and write it after a short pause."""
        if not self.ready:
            self._typed_early = True  # kept once the journal's draft is in (see _loaded)
            self._pending = self.collect_draft()
            return
        self._pending = self.collect_draft()
        if self._pending == self._written:
            return
        self.saved = False
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._write_draft_soon)

    def _write_draft_soon(self) -> None:
        if self._pending is not None and self._pending != self._written:
            self._written = self._pending
            self.write_draft(self._pending)

    def write_draft(self, draft: dict) -> None:
        """Write ``draft`` in a worker; every one is written, in the order given."""
        # Not exclusive: every draft is written, in turn (the lock keeps them from crossing a save).
        self.run_in_journal(partial(self._store_draft, draft=draft), group="checkin-draft", exclusive=False)

    def _store_draft(self, conn: sqlite3.Connection, draft: dict) -> None:
        from cm_coach.core.checkins import save_draft

        with self._write_lock:
            save_draft(conn, self.coach.today(), draft)
            self._committed = draft

    def save_draft_now(self, *, closing: bool = False) -> None:
        """Write pending typing at once (quitting, switching language, unmounting).

        ``closing`` (a signal: the terminal closed, a kill) may not wait: the journal gets
        a short moment, and if another program holds it, the typing is set aside in a
        private file that the next opening takes back (core.checkins.keep_draft_aside)."""
        if self.retired:  # a screen in the other language holds the typing now
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        with suppress(NoMatches):  # unmounting: the fields are gone, the last change seen is kept
            now = (
                self.collect_draft()
            )  # what the fields hold: a change whose message is on its way counts too
            if self.ready:
                self._pending = now
            elif _holds_typing(
                now
            ):  # typed before the journal's draft was read (its message may not be in yet)
                self._typed_early = True
                self._pending = now
        if self._pending is None or self._pending == self._committed:
            return
        self._written, pending = self._pending, self._pending
        today = self.coach.today()
        if closing:
            from cm_coach.core.checkins import keep_draft_aside, save_draft

            saved = False
            if self._write_lock.acquire(timeout=CLOSING_WAIT):  # a worker may hold it, waiting on the journal
                try:
                    if self._committed != pending:  # a worker may have just written it
                        with opened(self.coach.db_path, today, wait_ms=int(CLOSING_WAIT * 1000)) as conn:
                            save_draft(conn, today, pending)
                        self._committed = pending
                    saved = True
                except CoachError:
                    pass  # busy or unwritable: kept aside below
                finally:
                    self._write_lock.release()
            if not saved:
                keep_draft_aside(self.coach.db_path, today, pending)
            return
        # The app is leaving or the section is rebuilt: no worker would outlive it.
        with self._write_lock:  # a draft's worker on its way ends first
            if self._committed == pending:
                return
        try:
            with opened(self.coach.db_path, today) as conn:
                self._store_draft(conn, pending)
        except CoachError as error:
            self.notify(render_error(error, self.lang, in_app=True), severity="error")

    def collect_draft(self) -> dict:
        """The fields as they stand, in the draft's shape (compared with what was last written);
        before the plan's part is mounted, its fields as composed: empty."""
        answer = self.query_one("#answer", TextArea).text
        if not self._plan_mounted:
            return {
                "answer": answer,
                "pending_task": "",
                "pending_with": "",
                "intention": "",
                "energy": None,
                "plan": [],
            }
        energy = self.query_one("#energy", EnergyPicker).value
        return {
            "answer": answer,
            "pending_task": self.query_one("#task", Input).value,
            "pending_with": self.query_one("#task-with", Input).value,
            "intention": self.query_one("#intention", Input).value,
            "energy": energy if isinstance(energy, int) else None,
            "plan": [row.item.as_draft() for row in self.query(PlanRow)],
        }

    # --- saving -----------------------------------------------------------------------------

    def action_save(self) -> None:
        """Ctrl+S: save the check-in, a task still in the field included; a bad intention is shown inline."""
        from cm_coach.core import validate

        if not self.ready or self._daily is None:
            return
        self._take_pending_task(check_people=False)  # its names are checked with the rest
        try:
            intention = validate.dialogue_intention(self.query_one("#intention", Input).value)
        except CoachError as error:
            self.show_error(error)
            return
        energy = self.query_one("#energy", EnergyPicker).value
        mission = self._mission.name if self._mission else None
        from cm_coach.models import Checkin, PlanItem

        checkin = Checkin(
            date=self.coach.today(),
            prompt_id=self._daily.prompt.id,
            answer=self.query_one("#answer", TextArea).text,
            intention_minutes=intention,
            energy=energy if isinstance(energy, int) else None,
            plan=tuple(
                PlanItem(
                    task=row.item.task,
                    decision=row.item.decision,
                    verdict=row.item.verdict,
                    family=row.item.family,
                    category=row.item.category,
                    mission=mission,
                    with_people=row.item.with_people,
                )
                for row in self.query(PlanRow)
            ),
        )
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._written = self._pending = self.collect_draft()
        self.save(checkin)

    def save(self, checkin: Checkin, new_people: bool = False) -> None:
        """Write the check-in in a worker, then go to the dashboard (and the weekly review when
        it is due). A plan row's unknown name is refused inline and offered to create, as in the
        log form (then the check-in is written again, creating them)."""
        from cm_coach.core.checkins import save_checkin
        from cm_coach.tui.journal import run_in_journal
        from cm_coach.tui.people_actions import refused_or_offered

        lang, today, fields = self.lang, self.coach.today(), self._pending

        def write(conn: sqlite3.Connection) -> bool:
            from cm_coach.core.review import review_due

            with self._write_lock:  # the prompt's text kept in lang
                save_checkin(conn, checkin, lang=lang, today=today, new_people=new_people)
                self._committed = fields
            return review_due(conn, checkin.date)

        run_in_journal(
            self,
            write,
            self._saved,
            refused_or_offered(self.coach, self.show_error, new_people, lambda: self.save(checkin, True)),
            group="checkin-save",
            exclusive=False,
            once=True,
        )

    def _saved(self, review_due: bool = False) -> None:
        self.saved = True
        self.show_message(self.t("checkin.saved"))
        self.notify(self.t("checkin.saved"))
        self.coach.switch_mode("dashboard")
        if review_due:  # the week's first check-in: last week's review comes next
            self.coach.action_weekly_review()
