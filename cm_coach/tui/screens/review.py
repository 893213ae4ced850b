"""The weekly review: last week at a glance and one question to carry into the new week.

Shown after the first check-in of a week (when last week has entries and no review yet), or
with F10 and from the palette any day. The answer is saved with
Enter; Escape closes without saving.
"""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from cm_coach.core.dates import format_date_short, format_period
from cm_coach.core.formatting import duration
from cm_coach.core.i18n import percent, t
from cm_coach.core.review import WeeklyReview
from cm_coach.tui.journal import run_in_journal
from cm_coach.tui.screens.base import MessageLine


def review_lines(review: WeeklyReview, lang: str) -> list[tuple[str, str]]:
    """``(markup, css class)`` lines: one per day worked, then the week's figures."""

    def tr(key: str, **params: object) -> str:
        return t(f"workday.review.{key}", lang, **params)

    if review.is_empty:
        return [(tr("nothing"), "review-line")]
    lines = []
    for day in review.days:
        if not (day.minutes or day.energy or day.planned):
            continue
        parts = [f"[b]{escape(format_date_short(day.date, lang))}[/b]", duration(day.minutes, lang)]
        parts.append(
            t(
                "workday.tui.review_people",
                lang,
                people=duration(day.people_minutes, lang),
                share=percent(day.people_share, lang),
            )
        )
        if day.intention_minutes:
            parts.append(
                t("workday.tui.review_intention", lang, minutes=duration(day.intention_minutes, lang))
            )
        if day.energy:
            parts.append(t("workday.tui.review_energy", lang, energy=day.energy))
        if day.planned:
            parts.append(t("workday.tui.review_plan", lang, done=day.done, planned=day.planned))
        lines.append((" · ".join(parts), "review-day"))
    share = review.people_minutes / review.minutes if review.minutes else 0.0
    lines.append(
        (
            escape(
                tr(
                    "total",
                    total=duration(review.minutes, lang),
                    people=duration(review.people_minutes, lang),
                    share=percent(share, lang),
                    target=percent(review.target, lang),
                    intention=duration(review.intention_minutes, lang),
                )
            ),
            "review-line",
        )
    )
    if review.energy is not None:
        shown = f"{review.energy:.1f}".replace(".", "," if lang == "fr" else ".")
        lines.append((escape(tr("energy", energy=shown)), "review-line"))
    if review.planned:
        lines.append((escape(tr("plan", done=review.done, planned=review.planned)), "review-line"))
    if review.drift:
        parts = [f"{d.mission or tr('no_mission')} {duration(d.minutes, lang)}" for d in review.drift]
        lines.append((escape(tr("drift_title") + " " + " · ".join(parts)), "review-drift"))
    else:
        lines.append((escape(tr("no_drift")), "review-line"))
    if review.people_met or review.follow_ups_due:
        lines.append(
            (
                escape(
                    tr(
                        "people",
                        count=review.people_met,
                        due=review.follow_ups_due,
                        done=review.follow_ups_done,
                    )
                ),
                "review-line",
            )
        )
    return lines


class ReviewScreen(MessageLine, ModalScreen[bool]):
    """Returns ``True`` once an answer was saved."""

    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "close", "tui.keys.close", id="review_close"),
    ]

    def __init__(self, review: WeeklyReview) -> None:
        super().__init__()
        self.review = review

    def tr(self, key: str, **params: object) -> str:
        """The ``workday.review.`` string ``key`` in the dialog's language."""
        return t(f"workday.review.{key}", self.LANG, **params)

    def compose(self) -> ComposeResult:
        """The week's question and its answer field above the review itself, with Save / Close."""
        review = self.review
        with Vertical(id="review-dialog", classes="dialog"):
            title = self.tr("title", week=format_period(review.week, self.LANG))
            yield Label(escape(title), classes="section-title")
            yield Static(escape(self.tr(f"question.{review.question}")), id="review-question")
            yield Input(
                review.answer or "",
                placeholder=t("workday.tui.review_placeholder", self.LANG),
                id="review-answer",
            )
            yield Static("", id="review-message", classes="message")
            with VerticalScroll(id="review-body"):
                for markup, css in review_lines(review, self.LANG):
                    yield Static(markup, classes=css)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("workday.tui.review_save", self.LANG), variant="primary", id="review-save")
                yield Button(t("tui.keys.close", self.LANG), id="review-close")

    def on_mount(self) -> None:
        """The answer field has the cursor."""
        self.query_one("#review-answer", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#review-save")
    def action_save(self) -> None:
        """Enter or Save: save the answer to the week's question, then close."""
        from cm_coach.core.review import save_answer

        text, monday = self.query_one("#review-answer", Input).value, self.review.week.start

        def saved(_answer: str) -> None:
            if self.is_current:
                self.dismiss(True)

        run_in_journal(
            self, lambda conn: save_answer(conn, monday, text), saved, self.show_error, group="review-write"
        )

    @on(Button.Pressed, "#review-close")
    def action_close(self) -> None:
        """Escape or Close: close without saving the answer."""
        self.dismiss(False)


def load_review(monday: date):
    """A worker's action: the review of the week starting ``monday``."""
    from cm_coach.core.review import weekly_review

    return lambda conn: weekly_review(conn, monday)
