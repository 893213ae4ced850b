"""Self-assessment: rate a mission against the fundamentals, beside its measured figures.

Contradictions between a score and the figures of the same four weeks are shown as the
scores are typed; history shows how past assessments moved. Saving is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Select, Static

from cm_coach.core.content import rubric
from cm_coach.core.dates import format_date_short
from cm_coach.core.formatting import duration
from cm_coach.core.i18n import percent, t
from cm_coach.errors import CoachError
from cm_coach.models import Mission
from cm_coach.tui.localize import localized
from cm_coach.tui.screens.base import CoachScreen
from cm_coach.tui.typed import typed
from cm_coach.tui.widgets.footer import CoachFooter
from cm_coach.tui.widgets.header import CoachHeader
from cm_coach.tui.widgets.prose import Prose
from cm_coach.tui.widgets.question import QuestionRow

if TYPE_CHECKING:
    import sqlite3


@dataclass
class MissionFigures:
    """What the assessment shows beside the questions: the period's figures and past assessments."""

    mission: str
    indicators: object  # core.indicators.Indicators of the assessment period
    history: list = field(default_factory=list)  # core.assessment.AssessmentResult, oldest first


def figure_text(indicator: str, value: float | None, lang: str) -> str:
    """A measured value as shown: a duration for minutes, else a percentage; "—" when unknown."""
    if value is None:
        return "—"
    return duration(int(value), lang) if indicator.endswith("minutes") else percent(value, lang, 1)


def read_missions_and_figures(
    conn: sqlite3.Connection, mission: str, today: date
) -> tuple[list[Mission], MissionFigures | None]:
    """The missions, and ``mission``'s figures (None if it is gone): a visit's one read."""
    from cm_coach.core.missions import list_missions

    try:
        figures = read_figures(conn, mission, today)
    except CoachError:
        figures = None
    return list_missions(conn), figures


def read_figures(conn: sqlite3.Connection, mission: str, today: date) -> MissionFigures:
    """The mission's figures over the assessment period, and its past assessments."""
    from cm_coach.core.assessment import assessment_period, evaluate, history
    from cm_coach.core.indicators import compute

    indicators = compute(conn, assessment_period(today), mission=mission, today=today)
    return MissionFigures(mission, indicators, [evaluate(conn, a) for a in history(conn, mission)])


class AssessmentScreen(CoachScreen):
    """The self-assessment section: score a mission's fundamentals beside what the journal measured."""

    MODE = "assessment"
    BINDINGS = [  # noqa: RUF012
        Binding(
            "ctrl+s", "save", "tui.keys.save", priority=True, id="assess_save", tooltip="tui.tips.assess_save"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.figures: MissionFigures | None = None

    def compose(self) -> ComposeResult:
        """The mission picker, one row per question, the message line and the table of past assessments."""
        yield CoachHeader()
        with VerticalScroll(id="assess-body", classes="body"):
            yield Select([], id="assess-mission", prompt=self.t("review.pick_mission"))
            yield Prose(self.t("review.intro"), id="assess-intro", classes="dash-note")
            for question in rubric().questions:
                yield localized(QuestionRow, self.lang)(
                    question.id, question.text[self.lang], question.hint[self.lang], self.t("review.note")
                )
            yield Prose("", id="assess-message", classes="message")
            yield Static(self.t("review.history"), classes="section-title")
            yield DataTable(id="assess-history", cursor_type="row")
        yield CoachFooter()

    def on_mount(self) -> None:
        """The history table's columns; the missions are read after the first frame."""
        table = self.query_one("#assess-history", DataTable)
        for key in ("date", "mean", "change", "contradictions"):
            table.add_column(self.t(f"review.col_{key}"), key=key)
        self.coach.after_first_frame(self.load_missions)

    def shown_again(self) -> None:
        """Back on the self-assessment (or first opened after being built ahead): the missions
        and the figures read again, on the mission that was chosen, in one worker (the list,
        then the figures it leads to, were two in turn: a second wait on every visit)."""
        chosen = self.query_one("#assess-mission", Select).value
        if not isinstance(chosen, str):
            self.load_missions()
            return
        self.read_fresh(  # at once when quick: the section's first frame shows them
            partial(read_missions_and_figures, mission=chosen, today=self.coach.today()),
            self._both_loaded,
            group="assess-figures",  # a newer read of the figures (another mission) supersedes it
        )

    def _both_loaded(self, loaded: tuple[list[Mission], MissionFigures | None]) -> None:
        missions, figures = loaded
        today = self.coach.today()
        names = [m.name for m in missions if m.is_active(today)] or [m.name for m in missions]
        chosen = self.query_one("#assess-mission", Select).value
        if figures is not None and names == self.mission_names and chosen == figures.mission:
            self._figures_loaded(figures)  # the picker as it was: nothing else to read
        else:
            self._missions_loaded(missions)

    def load_missions(self) -> None:
        """Read the missions in a worker to fill the picker."""
        from cm_coach.core.missions import list_missions

        self.run_in_journal(list_missions, self._missions_loaded, group="assess-missions")

    def _missions_loaded(self, missions: list[Mission]) -> None:
        today = self.coach.today()
        active = [m for m in missions if m.is_active(today)] or missions
        select = self.query_one("#assess-mission", Select)
        chosen = select.value
        select.set_options([(typed(m.name), m.name) for m in active])
        self.mission_names = [m.name for m in active]
        if isinstance(chosen, str) and chosen in self.mission_names:
            select.value = chosen  # its figures read again (the options were just replaced)
        elif self.coach.context_ready:
            self._start_on_current()
        # else: on_context_loaded picks it (one figures load, not two racing each other)

    mission_names: list[str] = []  # noqa: RUF012 - the choices offered, once loaded

    def on_context_loaded(self, _message: object) -> None:
        """The app learnt the mission the user is on after the list was filled."""
        if self.mission_names:
            self._start_on_current()

    def _start_on_current(self) -> None:
        current = self.coach.current_mission
        select = self.query_one("#assess-mission", Select)
        if current is not None and current.name in self.mission_names:
            select.value = current.name
        elif self.mission_names:
            select.value = self.mission_names[0]

    @on(Select.Changed, "#assess-mission")
    def _mission_picked(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.load_figures(event.value)

    def load_figures(self, mission: str) -> None:
        """Read the mission's figures and past assessments in a worker, then show them."""
        self.run_in_journal(
            partial(read_figures, mission=mission, today=self.coach.today()),
            self._figures_loaded,
            group="assess-figures",
        )

    def _figures_loaded(self, figures: MissionFigures) -> None:
        self.figures = figures
        self.loaded = True
        self.refresh_figures()
        table = self.query_one("#assess-history", DataTable)
        table.clear()
        previous: float | None = None
        for result in figures.history:
            scores = [a.score for a in result.assessment.answers]
            mean = sum(scores) / len(scores) if scores else 0.0
            change = "—" if previous is None else f"{mean - previous:+.1f}"
            previous = mean
            table.add_row(
                format_date_short(result.assessment.date, self.lang),
                f"{mean:.1f}",
                change,
                str(len(result.contradictions)) if result.contradictions else "—",
            )
        if not figures.history:
            table.add_row(self.t("review.no_history"), "", "", "")

    @on(QuestionRow.Scored)
    def refresh_figures(self) -> None:
        """Measured values beside each statement; contradictions recomputed as scores change."""
        if self.figures is None:
            return
        from cm_coach.core.assessment import Answer, contradictions

        indicators = self.figures.indicators
        values = indicators.values()
        rows = list(self.query(QuestionRow))
        answers = tuple(Answer(row.question_id, row.score) for row in rows if row.score is not None)
        flagged = {c.question_id: c for c in contradictions(answers, indicators)}
        rules = {q.id: q.contradiction for q in rubric().questions}
        for row in rows:
            rule = rules.get(row.question_id)
            if rule is None:
                row.show_figure("", None)
                continue
            label = t(f"assess.indicator.{rule.indicator}", self.lang)
            measured = self.t(
                "review.measured",
                indicator=label,
                value=figure_text(rule.indicator, values.get(rule.indicator), self.lang),
            )
            found = flagged.get(row.question_id)
            contradiction = (
                t(
                    "assess.cli.contradiction",
                    self.lang,
                    score=found.score,
                    indicator=label,
                    value=figure_text(found.indicator, found.value, self.lang),
                    threshold=figure_text(found.indicator, found.threshold, self.lang),
                )
                if found
                else None
            )
            row.show_figure(measured, contradiction)

    def action_save(self) -> None:
        """Ctrl+S: save the questions scored so far for the mission picked (nothing before one is)."""
        if self.figures is None:
            return
        from cm_coach.core.assessment import Answer

        answers = [
            Answer(row.question_id, row.score, row.note) for row in self.query(QuestionRow) if row.score
        ]
        self.save(self.figures.mission, answers)

    def save(self, mission: str, answers: list) -> None:
        """Save the answers in one transaction, then confirm and show the figures again."""
        from cm_coach.core.assessment import save_assessment

        today = self.coach.today()
        self.run_in_journal(
            lambda conn: save_assessment(conn, mission, today, answers, today=today),
            lambda _saved: self._saved(mission, len(answers)),
            group="assess-save",
            exclusive=False,
            once=True,
        )

    def _saved(self, mission: str, count: int) -> None:
        self.show_message(self.t("review.saved", count=count))
        self.load_figures(mission)
