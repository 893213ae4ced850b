"""The People dialogs: a person, a follow-up, an idea, a month's platform figures, and a
yes/no question. Each returns what was typed (or None when cancelled); the screen that
opened it asks the core, which checks everything and says what it refuses."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from cm_coach.core.i18n import t
from cm_coach.models import Person
from cm_coach.tui.typed import typed
from cm_coach.tui.widgets.people_input import PeopleInput


@dataclass(frozen=True)
class PersonForm:
    """A person as typed in the dialog (tags still one comma-separated line)."""

    name: str
    platform: str
    tags: str
    missions: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class FollowUpForm:
    """A follow-up as typed: what to do, and when (a date in words, or blank)."""

    text: str
    due: str


@dataclass(frozen=True)
class IdeaForm:
    """An idea as typed: its words, who gave it, and the mission it is for."""

    text: str
    person: str
    mission: str | None


@dataclass(frozen=True)
class FiguresForm:
    """A month's figures as typed, to be read by the core."""

    month: str
    followers: str
    interacting: str


class PeopleDialog(ModalScreen):
    """What the dialogs share: Esc cancels, Ctrl+S or Enter applies, texts in one language."""

    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "tui.keys.cancel", id="people_dialog_cancel"),
        Binding("ctrl+s", "apply", "tui.keys.apply", priority=True, id="people_dialog_apply"),
    ]

    def tr(self, key: str, **params: object) -> str:
        """The ``people.tui.`` string ``key`` in the dialog's language."""
        return t(f"people.tui.{key}", self.LANG, **params)

    def buttons(self) -> ComposeResult:
        """The message line and the Apply / Cancel buttons, at the foot of each dialog."""
        yield Static("", classes="message")
        with Horizontal(classes="dialog-buttons"):
            yield Button(t("tui.edit.apply", self.LANG), variant="primary", id="people-dialog-apply")
            yield Button(t("tui.edit.cancel", self.LANG), id="people-dialog-cancel")

    def value(self, selector: str) -> str:
        """The field's text, trimmed."""
        return self.query_one(selector, Input).value.strip()

    @on(Button.Pressed, "#people-dialog-cancel")
    def action_cancel(self) -> None:
        """Escape or Cancel: close and return ``None``."""
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#people-dialog-apply")
    def action_apply(self) -> None:
        """Enter, Ctrl+S or Apply: close and return what was typed."""
        self.dismiss(self.result())

    def result(self) -> object:
        """What the dialog returns on Apply; each dialog says."""
        raise NotImplementedError


class PersonFormScreen(PeopleDialog):
    """The dialog to add or edit a person: name, platform, tags, missions and a note."""

    def __init__(self, person: Person | None, missions: list[str]) -> None:
        super().__init__()
        self.person = person
        self.missions = missions

    def compose(self) -> ComposeResult:
        """The person's fields, filled when editing; the missions offered only when there are some."""
        p = self.person
        with VerticalScroll(id="person-dialog", classes="dialog"):
            yield Label(self.tr("edit_title" if p and p.id else "add_title"), classes="section-title")
            yield Input(p.name if p else "", placeholder=self.tr("name"), id="person-name")
            with Horizontal(classes="form-row"):
                yield Input(
                    (p.platform or "") if p else "", placeholder=self.tr("platform"), id="person-platform"
                )
                yield Input(", ".join(p.tags) if p else "", placeholder=self.tr("tags"), id="person-tags")
            if self.missions:
                yield Label(self.tr("missions_label"), classes="field-label")
                yield SelectionList[str](
                    *[(typed(name), name, bool(p and name in p.missions)) for name in self.missions],
                    id="person-missions",
                )
            yield Input((p.note or "") if p else "", placeholder=self.tr("note"), id="person-note")
            yield from self.buttons()

    def on_mount(self) -> None:
        """The name field has the cursor."""
        self.query_one("#person-name", Input).focus()

    def result(self) -> PersonForm:
        """The fields as typed, with the missions ticked."""
        chosen: tuple[str, ...] = ()
        if self.missions:
            chosen = tuple(self.query_one("#person-missions", SelectionList).selected)
        return PersonForm(
            name=self.value("#person-name"),
            platform=self.value("#person-platform"),
            tags=self.value("#person-tags"),
            missions=chosen,
            note=self.value("#person-note"),
        )


class FollowUpFormScreen(PeopleDialog):
    """The dialog for a follow-up with one person: what to do and by when."""

    def __init__(self, person: str) -> None:
        super().__init__()
        self.person = person

    def compose(self) -> ComposeResult:
        """The person's name in the title, then what to do and the due day."""
        with VerticalScroll(id="follow-dialog", classes="dialog"):
            yield Label(typed(self.tr("follow_title", name=self.person)), classes="section-title")
            yield Input(placeholder=self.tr("follow_text"), id="follow-text")
            yield Input(placeholder=self.tr("follow_due"), id="follow-due")
            yield from self.buttons()

    def on_mount(self) -> None:
        """The text field has the cursor."""
        self.query_one("#follow-text", Input).focus()

    def result(self) -> FollowUpForm:
        """The follow-up as typed."""
        return FollowUpForm(self.value("#follow-text"), self.value("#follow-due"))


class IdeaFormScreen(PeopleDialog):
    """An idea heard in a conversation: what, from whom (completed), for which mission."""

    def __init__(
        self, names: list[str] | None, missions: list[str], mission: str | None, person: str = ""
    ) -> None:
        super().__init__()
        self.names = names
        self.missions = missions
        self.mission = mission
        self.person = person

    def compose(self) -> ComposeResult:
        """The idea's words, who it came from (completed from the known names) and the mission."""
        with VerticalScroll(id="idea-dialog", classes="dialog"):
            yield Label(self.tr("idea_title"), classes="section-title")
            yield Input(placeholder=self.tr("idea_text"), id="idea-text")
            with Horizontal(classes="form-row"):
                yield PeopleInput(self.person, placeholder=self.tr("idea_from"), id="idea-from")
                yield Select(
                    [(name, name) for name in self.missions],
                    value=self.mission if self.mission in self.missions else Select.NULL,
                    prompt=self.tr("idea_mission"),
                    id="idea-mission",
                )
            yield from self.buttons()

    def on_mount(self) -> None:
        """The names to complete from are set (``None``: read now, in a worker); the idea's
        field has the cursor."""
        people = self.query_one("#idea-from", PeopleInput)
        if self.names is None:
            people.load_names()
        else:
            people.set_names(self.names)
        self.query_one("#idea-text", Input).focus()

    def result(self) -> IdeaForm:
        """The idea as typed, with the mission picked (if any)."""
        mission = self.query_one("#idea-mission", Select).value
        return IdeaForm(
            self.value("#idea-text"),
            self.value("#idea-from"),
            mission if isinstance(mission, str) else None,
        )


class FiguresFormScreen(PeopleDialog):
    """Once a month: the platform's follower count and its "accounts that interacted"."""

    def __init__(self, mission: str, month: str) -> None:
        super().__init__()
        self.mission = mission
        self.month = month

    def compose(self) -> ComposeResult:
        """A hint on where to find the figures, then the month (prefilled) and the two counts."""
        with VerticalScroll(id="figures-dialog", classes="dialog"):
            yield Label(typed(self.tr("figures_title", mission=self.mission)), classes="section-title")
            yield Static(self.tr("figures_hint"), classes="field-label")
            yield Input(self.month, placeholder=self.tr("figures_month"), id="figures-month")
            yield Input(placeholder=self.tr("figures_followers"), id="figures-followers")
            yield Input(placeholder=self.tr("figures_interacting"), id="figures-interacting")
            yield from self.buttons()

    def on_mount(self) -> None:
        """The followers field has the cursor: the month is usually right already."""
        self.query_one("#figures-followers", Input).focus()

    def result(self) -> FiguresForm:
        """The figures as typed."""
        return FiguresForm(
            self.value("#figures-month"), self.value("#figures-followers"), self.value("#figures-interacting")
        )


class ConfirmScreen(PeopleDialog):
    """A yes/no question (forget someone, create the people not found)."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        """The question and Yes / No."""
        with VerticalScroll(id="confirm-dialog", classes="dialog"):
            yield Static(typed(self.question), id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.tr("yes"), variant="warning", id="people-dialog-apply")
                yield Button(self.tr("no"), id="people-dialog-cancel")

    def on_mount(self) -> None:
        """The No button has the focus: a stray Enter agrees to nothing."""
        self.query_one("#people-dialog-cancel", Button).focus()

    def result(self) -> bool:
        """Yes: applying the dialog means the user agreed."""
        return True
