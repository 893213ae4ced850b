"""The check-in's people part: who is waiting for an answer, key people not spoken to for
their tag's N days, and the community's ideas, each offered to the plan with one key."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Static

from cm_coach.core.dates import format_date
from cm_coach.core.i18n import t
from cm_coach.core.people_text import tag_labels
from cm_coach.tui.typed import typed

if TYPE_CHECKING:
    from cm_coach.core.people import Morning
    from cm_coach.tui.screens.base import MessageLine


class CheckinPeople(Vertical):
    """Filled after the first frame from :func:`cm_coach.core.people.morning`; hidden when
    there is nobody to think of and no idea waiting."""

    DEFAULT_CSS = """
    CheckinPeople { height: auto; display: none; }
    CheckinPeople.-filled { display: block; }
    CheckinPeople #people-today { height: auto; padding: 0 1; }
    CheckinPeople #people-today-ideas { height: auto; }
    CheckinPeople #people-today-ideas Button.idea-button {
        width: auto; height: 1; min-width: 0; margin: 0 1; border: none; border-top: none; border-bottom: none;
    }
    """

    class IdeaPicked(Message):
        """The user put one of the ideas into today's plan, as ``task``, with who gave it."""

        def __init__(self, task: str, person: str | None = None) -> None:
            super().__init__()
            self.task = task
            self.person = person  # who gave it: the plan row is with them

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = "fr"
        self.ideas: list[tuple[str, str | None]] = []  # (text, from whom)

    def compose(self) -> ComposeResult:
        """The title, the people waiting or gone quiet, and a button per idea."""
        yield Static("", classes="section-title", id="people-today-title")
        yield Static("", id="people-today")
        yield Vertical(id="people-today-ideas")

    def load(self) -> None:
        """Read the morning's people in a worker, then show them; a refusal is said on the
        screen's message line, as the screen's own reads do."""
        from cm_coach.tui import prefetch
        from cm_coach.tui.people_actions import in_journal
        from cm_coach.tui.reads import read_morning

        today = self.app.today()  # type: ignore[attr-defined]
        self.lang = self.app.lang  # type: ignore[attr-defined]
        in_journal(
            self,
            prefetch.or_read("checkin-people", (today,), partial(read_morning, today=today)),
            lambda found: self.show(found, today),
            lambda error: cast("MessageLine", self.screen).show_error(error),
            group="checkin-people",
        )

    def on_mount(self) -> None:
        """The people are read after the first frame: the check-in shows without waiting for them."""
        self.app.after_first_frame(self.load)  # type: ignore[attr-defined]

    def pt(self, key: str, **params: object) -> str:
        """The ``people.tui.`` string ``key`` in the user's language."""
        return t(f"people.tui.{key}", self.lang, **params)

    def show(self, found: Morning, today: date) -> None:
        """Show who is waiting (late ones in colour), who has gone quiet, and up to three ideas."""
        self.set_class(bool(found), "-filled")
        if not found:
            return

        def text(key: str, **params: object) -> str:
            return t(key, self.lang, **params)

        self.query_one("#people-today-title", Static).update(self.pt("today_title"))
        lines = []
        for item in found.waiting:
            due = ""
            if item.due is not None:
                due = " — " + self.pt("due", date=format_date(item.due, self.lang))
            line = f"✉ {escape(item.person)} : {escape(item.text)}{escape(due)}".replace(
                " :", "\u00a0:" if self.lang == "fr" else ":"
            )
            lines.append(f"[$warning]{line}[/]" if item.due is not None and item.due < today else line)
        for quiet in found.quiet:
            key = "people.quiet_never" if quiet.days is None else "people.quiet_line"
            lines.append(
                "… "
                + escape(
                    text(
                        key, name=quiet.person.name, tags=tag_labels(quiet.person.tags, text), days=quiet.days
                    )
                )
            )
        self.query_one("#people-today", Static).update("\n".join(lines))
        self.ideas = [(idea.text, idea.person) for idea in found.ideas[:3]]
        # The ideas' buttons a frame later: the people waiting and gone quiet come first
        # (mounting the first buttons of the app, their CSS read, is most of this part's cost).
        self.call_after_refresh(self._show_ideas)

    def _show_ideas(self) -> None:
        """A button per idea, which puts it in today's plan."""
        if not self.is_attached:  # the app closed meanwhile
            return
        box = self.query_one("#people-today-ideas", Vertical)
        box.remove_children()
        for index, (idea, person) in enumerate(self.ideas):
            label = f"💡 {idea}" + (f" — {self.pt('from_community', name=person)}" if person else "")
            # Named, not given ids: a second read (the check-in shown again) mounts the new
            # buttons before the old ones are gone.
            box.mount(
                Button(
                    typed(f"+ {label}"),
                    classes="idea-button",
                    name=str(index),
                    tooltip=self.pt("idea_to_plan"),
                )
            )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """An idea's button: it goes into the plan (its source said) and leaves the list."""
        if event.button.has_class("idea-button") and event.button.name is not None:
            event.stop()
            text, person = self.ideas[int(event.button.name)]
            task = text + (f" ({self.pt('from_community', name=person)})" if person else "")
            event.button.remove()
            self.post_message(self.IdeaPicked(task, person))
