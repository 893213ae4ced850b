"""People: search as you type, the most recent exchange first, a person's follow-ups,
ideas and exchanges; add, edit, forget, note a follow-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Static

from cm_coach.core.dates import format_date, format_date_short
from cm_coach.core.formatting import duration
from cm_coach.core.i18n import t
from cm_coach.core.people_text import since, tag_labels
from cm_coach.models import Entry, FollowUp, Idea, Person
from cm_coach.tui.localize import localized
from cm_coach.tui.screens.base import CoachScreen
from cm_coach.tui.typed import typed_cell
from cm_coach.tui.widgets.footer import CoachFooter
from cm_coach.tui.widgets.header import CoachHeader
from cm_coach.tui.widgets.tables import fill_table

if TYPE_CHECKING:
    import sqlite3
    from datetime import date

    from cm_coach.core.people import Everyone, PeopleIndex
    from cm_coach.tui.screens.people_forms import FollowUpForm, PersonForm

SHOWN = 200  # rows in the table at once: the search narrows the rest down


@dataclass(frozen=True)
class Detail:
    """Everything the detail pane shows about one person, read in one worker."""

    person: Person
    follow_ups: list[FollowUp]
    ideas: list[Idea]
    history: list[Entry]


def load_people(conn: sqlite3.Connection) -> tuple[Everyone, list[str]]:
    """Everyone (most recent exchange first; their records built when first used) and the
    missions' names, for the forms."""
    from cm_coach.core.missions import list_missions
    from cm_coach.core.people import read_everyone

    return read_everyone(conn), [m.name for m in list_missions(conn)]


def load_detail(conn: sqlite3.Connection, person: Person) -> Detail:
    """One person's follow-ups, latest ideas and latest exchanges, for the detail pane."""
    from cm_coach.core.people import person_page

    return Detail(*person_page(conn, person, ideas_limit=5, history_limit=12))


class PeopleScreen(CoachScreen):
    """The people section: search as you type, a person's detail beside the list, and the people dialogs."""

    MODE = "people"
    # Letters act on the list; in the search box they type (press ↓ or Enter to reach the list).
    BINDINGS = [  # noqa: RUF012
        Binding(
            "slash", "search", "people.tui.keys.search", id="people_search", tooltip="people.tui.tips.search"
        ),
        Binding("n", "add", "people.tui.keys.add", id="people_add", tooltip="people.tui.tips.add"),
        Binding("e", "edit", "people.tui.keys.edit", id="people_edit", tooltip="people.tui.tips.edit"),
        Binding(
            "s", "follow", "people.tui.keys.follow", id="people_follow", tooltip="people.tui.tips.follow"
        ),
        Binding("d", "done", "people.tui.keys.done", id="people_done", tooltip="people.tui.tips.done"),
        Binding(
            "delete", "forget", "people.tui.keys.forget", id="people_forget", tooltip="people.tui.tips.forget"
        ),
        Binding("down", "to_table", "people.tui.keys.to_table", show=False, id="people_to_table"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.people: list[Person] = []
        self.shown: list[Person] = []
        self.missions: list[str] = []
        self.index: PeopleIndex | None = None
        self.detail: Detail | None = None
        self._search_seed = ""  # the search typed on the screen this one replaces

    def kept_across_languages(self) -> str | None:
        """The search typed: the section shown in the other language is narrowed alike."""
        if not self.is_mounted:
            return self._search_seed or None
        return self.query_one("#people-search", Input).value or None

    def take_over(self, kept: object) -> None:
        """The search typed on the screen this one replaces, in the search box from the start."""
        if isinstance(kept, str):
            self._search_seed = kept

    def pt(self, key: str, **params: object) -> str:
        """The ``people.tui.`` string ``key`` in the user's language."""
        return t(f"people.tui.{key}", self.lang, **params)

    def compose(self) -> ComposeResult:
        """The search box, the count, the people table, the highlighted one's detail, the message line."""
        yield CoachHeader()
        with Vertical(classes="body"):
            yield Input(self._search_seed, placeholder=self.pt("search_placeholder"), id="people-search")
            yield Static(self.t("common.loading"), id="people-count", classes="field-label")
            yield DataTable(id="people-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="people-detail"):
                yield Static("", id="people-detail-text")
            yield Static("", classes="message")
        yield CoachFooter()

    def on_mount(self) -> None:
        """The table's columns; the search box has the cursor; people are read after the first frame."""
        table = self.query_one(DataTable)
        for key, heading in self.columns():
            table.add_column(heading, key=key)
        self.query_one("#people-search", Input).focus()
        self.coach.after_first_frame(self.reload)

    def shown_again(self) -> None:
        """Back in view: the people again, with exchanges logged elsewhere (at once when quick)."""
        self.reload(fresh=True)

    def reload(self, *, fresh: bool = False) -> None:
        """Read everyone and the missions' names in a worker, then filter by what is typed;
        ``fresh``: the section is being shown, read at once if quick (``read_fresh``)."""
        read = self.read_fresh if fresh else self.run_in_journal
        read(load_people, self._loaded, group="people-load")

    def _loaded(self, loaded: tuple[Everyone, list[str]]) -> None:
        from cm_coach.core.people import PeopleIndex

        today = self.coach.today()
        if self.loaded and loaded == (self._listed, self.missions) and today == self._listed_on:
            # Shown again with nothing changed meanwhile: the list on screen is this one (its
            # records and rows built again, and the detail read again, were ~60 ms of the key
            # for nothing).
            self.loaded = True
            return
        self._listed, self.missions = loaded
        self.people = self._listed.people
        self._listed_on = today
        self.index = PeopleIndex(self.people)
        self.loaded = True
        self.refilter()

    _listed_on: date | None = None  # the day the list's "since" column was worked out for
    _listed: Everyone | None = None  # the read the list on screen comes from

    # --- the list ---------------------------------------------------------------------------

    def columns(self) -> list[tuple[str, str]]:
        """The table's columns: key and heading."""
        return [(key, t(f"people.col_{key}", self.lang)) for key in ("name", "last", "count", "tags")]

    @on(Input.Changed, "#people-search")
    def refilter(self) -> None:
        """One search per keystroke, in memory (``PeopleIndex``): no query, no worker."""
        if self.index is None:
            return
        text = self.query_one("#people-search", Input).value
        found = self.index.search(text)
        self.shown = found[:SHOWN]
        table = self.query_one(DataTable)
        today = self.coach.today()

        def text_of(key: str, **params: object) -> str:
            return t(key, self.lang, **params)

        rows = [
            (
                (
                    typed_cell(p.name),
                    since(p.last_exchange, today, text_of),
                    str(p.exchanges),
                    typed_cell(tag_labels(p.tags, text_of) + (" ✉" if p.open_follow_ups else "")),
                ),
                None,
            )
            for p in self.shown
        ]
        fill_table(table, self.columns(), rows)
        self.query_one("#people-count", Static).update(
            self.pt("count", total=len(self.people), found=len(found), shown=len(self.shown))
        )
        if self.shown:
            self.show_detail_of(self.shown[0])
        else:
            self.detail = None
            self.query_one("#people-detail-text", Static).update(self.pt("nobody_found"))

    @on(Input.Submitted, "#people-search")
    def go_to_table(self) -> None:
        """Enter in the search box: on to the list."""
        self.query_one(DataTable).focus()

    @on(DataTable.RowHighlighted, "#people-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The cursor on a row: that person's detail beside the list."""
        if 0 <= event.cursor_row < len(self.shown):
            self.show_detail_of(self.shown[event.cursor_row])

    def selected(self) -> Person | None:
        """The person under the table's cursor (None when nobody is shown)."""
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def show_detail_of(self, person: Person) -> None:
        """Read ``person``'s detail in a worker; a detail arriving after the cursor moved on is dropped."""
        self.run_in_journal(lambda conn: load_detail(conn, person), self._show_detail, group="people-detail")

    def _show_detail(self, detail: Detail) -> None:
        selected = self.selected()
        if selected is not None and selected.id != detail.person.id:
            return  # the cursor moved on meanwhile
        self.detail = detail
        p = detail.person
        lines = [f"[b]{escape(p.name)}[/b]" + (f" ({escape(p.platform)})" if p.platform else "")]
        facts = [tag_labels(p.tags, lambda key, **kw: t(key, self.lang, **kw))] if p.tags else []
        if p.missions:
            facts.append(", ".join(p.missions))
        if facts:
            lines.append(escape(" · ".join(facts)))
        if p.note:
            lines.append(f"[i]{escape(p.note)}[/i]")
        today = self.coach.today()
        open_ones = [f for f in detail.follow_ups if f.done is None]
        for item in open_ones:
            due = f" — {self.pt('due', date=format_date(item.due, self.lang))}" if item.due else ""
            late = item.due is not None and item.due < today
            line = f"✉ {escape(item.text)}{escape(due)}"
            lines.append(f"[$warning]{line}[/]" if late else line)
        for idea in detail.ideas:
            lines.append(f"💡 {escape(idea.text)}" + (" ✓" if idea.entry_id else ""))
        if detail.history:
            lines.append(f"[b]{escape(self.pt('history', count=p.exchanges))}[/b]")
            for entry in detail.history:
                lines.append(
                    f"{format_date_short(entry.date, self.lang)}  {duration(entry.minutes, self.lang):>7}  "
                    f"{escape((entry.mission or '—')[:18])}  {escape(entry.task)}"
                )
        else:
            lines.append(self.pt("no_exchange"))
        self.query_one("#people-detail-text", Static).update("\n".join(lines))

    # --- actions ------------------------------------------------------------------------------

    def action_search(self) -> None:
        """/: back to the search box."""
        self.query_one("#people-search", Input).focus()

    def action_to_table(self) -> None:
        """↓ from the search box: on to the list."""
        self.query_one(DataTable).focus()

    def action_add(self) -> None:
        """N: the form for a new person, the name searched for already typed in."""
        from cm_coach.tui.screens.people_forms import PersonFormScreen

        typed = self.query_one("#people-search", Input).value.strip()
        blank = Person(id=0, uid="", name=typed) if typed else None  # the name searched for, ready
        self.app.push_screen(
            localized(PersonFormScreen, self.lang)(blank, self.missions),
            lambda form: self.write(None, form) if form else None,
        )

    def action_edit(self) -> None:
        """E: the form for the selected person."""
        from cm_coach.tui.screens.people_forms import PersonFormScreen

        person = self.selected()
        if person is not None:
            self.app.push_screen(
                localized(PersonFormScreen, self.lang)(person, self.missions),
                lambda form: self.write(person, form) if form else None,
            )

    def write(self, person: Person | None, form: PersonForm) -> None:
        """Write the form: a new person, or changes to ``person``; the core checks what was typed."""
        from cm_coach.core import people

        def save(conn: sqlite3.Connection) -> Person:
            fields = {
                "platform": form.platform,
                "tags": [form.tags] if form.tags else [],
                "missions": form.missions,
                "note": form.note,
            }
            if person is None or person.id == 0:
                return people.add_person(conn, form.name, **fields)  # type: ignore[arg-type]
            return people.edit_person(conn, person.name, new_name=form.name, **fields)  # type: ignore[arg-type]

        self.run_in_journal(
            save, lambda saved: self._changed(self.pt("saved", name=saved.name)), group="people-write"
        )

    def action_follow(self) -> None:
        """S: a follow-up for the selected person."""
        from cm_coach.tui.screens.people_forms import FollowUpFormScreen

        person = self.selected()
        if person is not None:
            self.app.push_screen(
                localized(FollowUpFormScreen, self.lang)(person.name),
                lambda form: self.add_follow_up(person, form) if form else None,
            )

    def add_follow_up(self, person: Person, form: FollowUpForm) -> None:
        """Write the follow-up; the core reads its due day (a weekday name means the next one)."""
        from cm_coach.core.dates import parse_due_date
        from cm_coach.core.people import add_follow_up

        today = self.coach.today()

        def save(conn: sqlite3.Connection) -> FollowUp:
            due = parse_due_date(form.due, today) if form.due else None
            return add_follow_up(conn, person.name, form.text, due=due)

        self.run_in_journal(
            save, lambda item: self._changed(self.pt("follow_saved", name=item.person)), group="people-write"
        )

    def action_done(self) -> None:
        """The most urgent open follow-up of the person under the cursor is done today.

        Read from the journal, not from the detail pane: right after the cursor moves, the
        pane can still show the previous person until their detail is read."""
        from cm_coach.core.people import complete_follow_up, follow_ups

        person, today = self.selected(), self.coach.today()
        if person is None:
            return

        def complete(conn: sqlite3.Connection) -> FollowUp | None:
            open_ones = follow_ups(conn, person.name)
            return complete_follow_up(conn, open_ones[0].id, today) if open_ones else None

        self.run_in_journal(
            complete,
            lambda done: (
                self._changed(self.pt("follow_done", text=done.text))
                if done
                else self.show_message(self.pt("no_follow_up"))
            ),
            group="people-write",
        )

    def action_forget(self) -> None:
        """Delete: forget the selected person, once the user says yes."""
        from cm_coach.tui.screens.people_forms import ConfirmScreen

        person = self.selected()
        if person is not None:
            self.app.push_screen(
                localized(ConfirmScreen, self.lang)(
                    self.pt("forget_question", name=person.name, count=person.exchanges)
                ),
                lambda yes: self.forget(person) if yes else None,
            )

    def forget(self, person: Person) -> None:
        """Forget ``person`` (their entries stay, without the name) and say how many exchanges went."""
        from cm_coach.core.people import forget_person

        self.run_in_journal(
            lambda conn: forget_person(conn, person.name),
            lambda gone: self._changed(self.pt("forgotten", name=gone.name, count=gone.exchanges)),
            group="people-write",
        )

    def _changed(self, text: str) -> None:
        self.show_message(text)
        self.reload()
