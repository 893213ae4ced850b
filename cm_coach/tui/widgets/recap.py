"""Yesterday at a glance: time per activity, dialogue share, what was outside the role."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.markup import escape
from textual.containers import Vertical

if TYPE_CHECKING:
    from cm_coach.core.plan import PlanRecap

from cm_coach.core.content import activities
from cm_coach.core.dates import format_date_long, format_date_short
from cm_coach.core.formatting import duration
from cm_coach.core.i18n import percent, t
from cm_coach.tui.reads import RecapData, load_recap  # noqa: F401  (load_recap: the screens' import)
from cm_coach.tui.widgets.prose import Prose

SHOWN_OUTSIDE = 3


def recap_title(data: RecapData, today: date, lang: str) -> str:
    """« Hier », or the day the recap is about when it is further back (after a week-end)."""
    if data.day is None or data.day == today - timedelta(days=1):
        return t("tui.checkin.recap_title", lang)
    when = format_date_long(data.day, lang)
    return when[:1].upper() + when[1:]


def recap_lines(data: RecapData, today: date, lang: str) -> list[tuple[str, str]]:
    """``(markup, css class)`` lines: the headline, the split, then each outside entry."""

    def tr(key: str, **params: object) -> str:
        return t(f"tui.recap.{key}", lang, **params)

    if data.day is None or data.figures is None:
        return [(tr("nothing"), "recap-line"), *plan_lines(data.plan, today, lang)]
    figures = data.figures
    headline = tr(
        "headline",
        total=duration(figures.total_minutes, lang),
        dialogue=duration(figures.dialogue_minutes, lang),
        share=percent(figures.dialogue_share, lang),
    )
    labels = activities()
    parts = [
        f"{escape(labels[s.key].label[lang] if s.key in labels else s.key)}\u00a0{duration(s.minutes, lang)}"
        for s in figures.by_activity
    ]
    lines = [
        (headline, "recap-line"),
        (" · ".join(parts), "recap-split"),
        *plan_lines(data.plan, today, lang),
    ]
    if not data.outside:
        return [*lines, (tr("no_outside"), "recap-line")]
    lines.append((tr("outside_title", count=len(data.outside)), "recap-line"))
    for entry, reason in data.outside[:SHOWN_OUTSIDE]:
        family = t(f"tui.family.{entry.family}", lang) if entry.family else ""
        agreed = f" ({tr('agreed')})" if entry.agreed else ""
        lines.append(
            (f"⚠ {escape(entry.task)} · {duration(entry.minutes, lang)} · {family}{agreed}", "recap-outside")
        )
        if reason:
            lines.append((escape(reason), "recap-reason"))
    if len(data.outside) > SHOWN_OUTSIDE:
        lines.append((tr("more", count=len(data.outside) - SHOWN_OUTSIDE), "recap-outside"))
    return lines


def plan_lines(plan: PlanRecap | None, today: date, lang: str) -> list[tuple[str, str]]:
    """The last planned day: how much of the plan became entries, and the time with people
    intended at the check-in against the time logged."""
    if plan is None or not (plan.planned or plan.intention_minutes):
        return []
    when = (
        t("workday.tui.yesterday", lang)
        if plan.date == today - timedelta(days=1)
        else format_date_short(plan.date, lang)
    )
    parts = []
    if plan.planned:
        parts.append(t("workday.tui.recap_plan", lang, day=when, done=plan.done, planned=plan.planned))
    if plan.intention_minutes:
        parts.append(
            t(
                "workday.tui.recap_intention",
                lang,
                intended=duration(plan.intention_minutes, lang),
                actual=duration(plan.people_minutes, lang),
            )
        )
    lines = [(escape(" · ".join(parts)), "recap-line")]
    missed = [row.task for row in plan.rows if row.decision != "handoff" and not row.done]
    if missed:
        shown = ", ".join(missed[:SHOWN_OUTSIDE]) + ("…" if len(missed) > SHOWN_OUTSIDE else "")
        lines.append((escape(t("workday.tui.recap_missed", lang, tasks=shown)), "recap-reason"))
    return lines


class Recap(Vertical):
    """Filled by :meth:`show` once the worker has read the figures."""

    DEFAULT_CSS = """
    Recap { height: auto; padding: 0 1; }
    Recap Static { height: auto; }
    Recap .recap-split { color: $text-muted; }
    Recap .recap-outside { padding-left: 2; color: $readable-warning; }
    Recap .recap-reason { padding-left: 4; color: $text-muted; }
    """

    def show(self, lines: list[tuple[str, str]]) -> None:
        """Replace the recap's lines with ``lines`` (markup and CSS class each)."""
        self.remove_children()
        self.mount_all(Prose(markup, classes=css) for markup, css in lines)
