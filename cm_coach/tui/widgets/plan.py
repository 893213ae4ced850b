"""One task of today's plan: its verdict, the people it is with, and for an outside task
what the CM decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Label, Select

from cm_coach.core.i18n import t
from cm_coach.tui.widgets.prose import Prose
from cm_coach.tui.widgets.verdict import verdict_badge

if TYPE_CHECKING:
    from cm_coach.core.boundaries import Verdict


class PlanPart(Vertical):
    """The check-in's plan and intention, below the fold on a usual terminal: the screen
    mounts it right after its first frame, and it says when it is there
    (:class:`PlanPart.Ready`) for the screen to fill it."""

    class Ready(Message):
        """The plan's fields are mounted and can be filled."""

    def on_mount(self) -> None:
        """Mounted with its fields (Textual mounts the children first): tell the screen."""
        self.post_message(self.Ready())


@dataclass
class PlanTask:
    """A plan line as the draft keeps it (JSON-friendly)."""

    task: str
    verdict: str = "unsure"
    family: str | None = None
    category: str | None = None
    decision: str = "keep"
    reason: str | None = None
    with_people: tuple[str, ...] = ()  # as typed or as the journal names them

    def as_draft(self) -> dict:
        """The row as the draft keeps it (the reason is judged again when the row comes back)."""
        return {
            "task": self.task,
            "verdict": self.verdict,
            "family": self.family,
            "category": self.category,
            "decision": self.decision,
            "with": list(self.with_people),
        }


def decision_options(lang: str, freelance: bool) -> list[tuple[str, str]]:
    """The choices for an outside task: hand it off or keep it; "agreed" only on a freelance mission."""
    choices = ["handoff", "keep", *(["agreed"] if freelance else [])]
    return [(t(f"tui.decision.{choice}", lang), choice) for choice in choices]


def task_label(item: PlanTask, lang: str) -> str:
    """``• the task · with @lea, Marc``: the row's first line (markup)."""
    label = "• " + escape(item.task)
    if item.with_people:
        names = escape(t("people.tui.plan_with", lang, names=", ".join(item.with_people)))
        label += f" [$text-muted]· {names}[/]"
    return label


class PlanRow(Vertical):
    """Task text and its people, verdict badge, decision (outside tasks only), "with whom"
    and remove buttons; reason below."""

    DEFAULT_CSS = """
    PlanRow { height: auto; }
    PlanRow > Horizontal { height: auto; }
    PlanRow .plan-task { width: 1fr; padding: 0 1; }
    PlanRow .plan-verdict { padding-left: 2; }
    PlanRow .plan-badge { width: auto; padding: 0 1; color: $text-muted; }
    PlanRow.-outside .plan-badge { color: $readable-warning; }
    PlanRow.-inside .plan-badge { color: $readable-success; }
    PlanRow.-handoff .plan-task { color: $text-muted; text-style: strike; }
    PlanRow .plan-decision { width: 34; }
    PlanRow .plan-remove { min-width: 3; width: 3; }
    PlanRow .plan-people { width: auto; min-width: 7; margin-right: 1; }
    PlanRow .plan-correct { width: auto; min-width: 10; margin-right: 1; }
    PlanRow .plan-reason { display: none; color: $text-muted; padding: 0 1 0 4; }
    """

    class Correct(Message):
        """The user wants to correct the judgement of this row's task."""

        def __init__(self, row: PlanRow) -> None:
            super().__init__()
            self.row = row

    class People(Message):
        """The user wants to say who this row's task is with."""

        def __init__(self, row: PlanRow) -> None:
            super().__init__()
            self.row = row

    class Changed(Message):
        """The decision changed or the row asks to be removed."""

        def __init__(self, row: PlanRow, removed: bool = False) -> None:
            super().__init__()
            self.row = row
            self.removed = removed

    def __init__(self, item: PlanTask, lang: str, freelance: bool) -> None:
        super().__init__(classes=f"-{item.verdict}")
        self.item = item
        self.lang = lang
        self.freelance = freelance
        if item.decision == "agreed" and not freelance:
            item.decision = "keep"
        self.set_class(item.decision == "handoff", "-handoff")

    def compose(self) -> ComposeResult:
        """The task and ✕; the verdict, Correct and (outside) the decision; the reason, hidden until asked."""
        with Horizontal():
            yield Label(task_label(self.item, self.lang), classes="plan-task")
            yield Button(
                t("people.tui.plan_with_key", self.lang),
                compact=True,
                classes="plan-people",
                tooltip=t("people.tui.plan_with_tip", self.lang),
            )
            yield Button("✕", compact=True, classes="plan-remove", tooltip=t("tui.checkin.remove", self.lang))
        with Horizontal(classes="plan-verdict"):
            yield Label(verdict_badge(self.item.verdict, self.item.family, self.lang), classes="plan-badge")
            yield Button(
                t("boundaries.tui.keys.correct", self.lang),
                compact=True,
                classes="plan-correct",
                tooltip=t("boundaries.tui.tips.correct", self.lang),
            )
            if self.item.verdict == "outside":
                yield Select(
                    decision_options(self.lang, self.freelance),
                    value=self.item.decision,
                    allow_blank=False,
                    compact=True,
                    classes="plan-decision",
                )
        if self.item.reason:
            yield Prose(escape(self.item.reason), classes="plan-reason")

    def judged(self, verdict: Verdict) -> None:
        """The task was judged again (corrected): the badge, decision and reason follow."""
        self.item.verdict, self.item.family, self.item.category = (
            verdict.verdict,
            verdict.family,
            verdict.category,
        )
        self.item.reason = verdict.reason if verdict.verdict != "unsure" else None
        if verdict.verdict != "outside":
            self.item.decision = "keep"
        for name in ("inside", "outside", "unsure"):
            self.set_class(name == verdict.verdict, f"-{name}")
        self.set_class(self.item.decision == "handoff", "-handoff")
        self.refresh(recompose=True)

    def with_people(self, names: tuple[str, ...]) -> None:
        """The people the task is with changed (as the journal names them)."""
        self.item.with_people = tuple(names)
        self.query_one(".plan-task", Label).update(task_label(self.item, self.lang))

    @on(Select.Changed, ".plan-decision")
    def _decided(self, event: Select.Changed) -> None:
        event.stop()
        if event.value != self.item.decision and isinstance(event.value, str):
            self.item.decision = event.value
            self.set_class(event.value == "handoff", "-handoff")
            self.post_message(self.Changed(self))

    @on(Button.Pressed, ".plan-correct")
    def _correct(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Correct(self))

    @on(Button.Pressed, ".plan-people")
    def _people(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.People(self))

    @on(Button.Pressed, ".plan-remove")
    def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Changed(self, removed=True))
