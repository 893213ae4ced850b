"""Markdown journal: a summary, one section per day, one per mission, the three words.

User text is escaped so that it can never open a heading, a list, a quote, a table cell
or a code span: what the CM typed shows as typed, in any Markdown viewer.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from typing import TextIO

from cm_coach.core.content import activities, rubric
from cm_coach.core.dates import format_date_long, format_period
from cm_coach.core.export import register
from cm_coach.core.export.journal import (
    Day,
    EntryLine,
    MissionReport,
    Scope,
    Summary,
    ThreeWords,
    days,
    mission_id,
    mission_reports,
    resolve_period,
    summary,
    three_words,
)
from cm_coach.core.formatting import duration, number
from cm_coach.core.i18n import percent, t
from cm_coach.core.indicators import Indicators, Share
from cm_coach.core.signals import advice_once
from cm_coach.store.timeline import snapshot

_BREAKABLE_SPACES = re.compile(r"[^\S\u00a0\u202f\u2007]+")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
DAY_COLUMNS = ("task", "mission", "duration", "activity", "verdict")
_LINE_START = re.compile(r"^([-+=>]|\d+[.)])")


def inline(text: str | None) -> str:
    """One line of user text, safe anywhere inline (table cells and headings included):
    whitespace runs (newlines too) become one space, Markdown punctuation is escaped.
    No-break spaces stay: they are French typography, not layout."""
    flat = _BREAKABLE_SPACES.sub(" ", str(text or "")).strip(" ")
    flat = _INLINE_SPECIAL.sub(r"\\\1", flat)
    return _LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], flat)


def block(text: str | None, prefix: str = "") -> str:
    """Multi-line user text: each line escaped, blank lines kept as paragraph breaks."""
    lines = [inline(line) for line in str(text or "").strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1] != prefix.rstrip():
                out.append(prefix.rstrip())
            continue
        if out and out[-1] != prefix.rstrip():
            out[-1] += "  "  # hard line break inside a paragraph
        out.append(prefix + line)
    return "\n".join(out)


def share_text(value: float, lang: str) -> str:
    """A ``Share.percent`` (0..100, one decimal) in the user's format."""
    return percent(value / 100, lang, 1)


def activity_label(activity: str, lang: str) -> str:
    known = activities()
    return known[activity].label[lang] if activity in known else activity


def verdict_label(entry: EntryLine, lang: str) -> str:
    if entry.verdict == "outside":
        family = t(f"cli.family.{entry.family}", lang) if entry.family else ""
        key = "export.verdict.outside_agreed" if entry.agreed else "export.verdict.outside"
        return t(key, lang, family=family).strip()
    return t(f"export.verdict.{entry.verdict}", lang)


def table(header: Iterable[str], rows: Iterable[Iterable[str]], right: Iterable[int] = ()) -> str:
    header = list(header)
    right = set(right)
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---:" if i in right else "---" for i in range(len(header))) + " |",
    ]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def split_table(shares: list[Share], first: str, lang: str, label) -> str:
    return table(
        [first, t("export.col.time", lang), t("export.col.share", lang)],
        ([label(s.key), duration(s.minutes, lang), share_text(s.percent, lang)] for s in shares),
        right=(1, 2),
    )


def figure_lines(ind: Indicators, target: float | None, lang: str) -> list[str]:
    lines = [t("export.total", lang, duration=duration(ind.total_minutes, lang))]
    if target is None:
        lines.append(t("export.dialogue_plain", lang, share=percent(ind.dialogue_share, lang)))
    else:
        lines.append(
            t("export.dialogue", lang, share=percent(ind.dialogue_share, lang), target=percent(target, lang))
        )
    agreed = sum(f.agreed_minutes for f in ind.outside)
    unagreed = sum(f.unagreed_minutes for f in ind.outside)
    lines.append(
        t(
            "export.outside",
            lang,
            agreed=duration(agreed, lang),
            agreed_share=percent(ind.outside_agreed_share, lang),
            unagreed=duration(unagreed, lang),
            unagreed_share=percent(ind.outside_unagreed_share, lang),
        )
    )
    if ind.people_reached is not None:
        if ind.people_reached_ratio is not None:
            lines.append(
                t(
                    "export.people",
                    lang,
                    people=number(ind.people_reached, lang),
                    followers=number(ind.followers or 0, lang),
                    ratio=percent(ind.people_reached_ratio, lang, 1),
                )
            )
        else:
            lines.append(t("export.people_no_followers", lang, people=number(ind.people_reached, lang)))
    return lines


def contradiction_line(
    question: str, score: int, indicator: str, value: float, threshold: float, when: str, lang: str
) -> str:
    def shown(number: float) -> str:
        if indicator.endswith("_minutes"):
            return duration(int(number), lang)
        return percent(number, lang)

    return t(
        "export.contradiction",
        lang,
        question=question,
        score=score,
        indicator=t(f"export.indicator.{indicator}", lang),
        value=shown(value),
        when=t(f"export.when.{when}", lang),
        threshold=shown(threshold),
    )


def question_text(question_id: str, lang: str) -> str:
    for question in rubric().questions:
        if question.id == question_id:
            return question.text[lang]
    return question_id


class MarkdownWriter:
    """Writes the journal section by section; the obsidian format reuses its pieces."""

    def __init__(self, out: TextIO, lang: str) -> None:
        self.out = out
        self.lang = lang

    def emit(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def heading(self, level: int, text: str) -> None:
        self.emit("#" * level + " " + text)
        self.emit()

    def summary(self, found: Summary, level: int = 2) -> None:
        lang = self.lang
        ind = found.indicators
        self.heading(level, t("export.summary", lang))
        if not ind.total_minutes:
            self.emit(t("export.nothing", lang))
            self.emit()
            return
        for line in figure_lines(ind, found.target, lang):
            self.emit("- " + line)
        self.emit()
        self.heading(level + 1, t("export.by_activity", lang))
        self.emit(
            split_table(
                ind.by_activity, t("export.col.activity", lang), lang, lambda key: activity_label(key, lang)
            )
        )
        self.emit()
        if not found.mission:
            self.heading(level + 1, t("export.by_mission", lang))
            self.emit(
                split_table(
                    ind.by_mission,
                    t("export.col.mission", lang),
                    lang,
                    lambda key: inline(key) if key else t("export.no_mission", lang),
                )
            )
            self.emit()
        self.heading(level + 1, t("export.signals", lang))
        if not found.signals:
            self.emit(t("export.no_signals", lang))
        for signal, advice in advice_once(found.signals):
            told = f" {inline(advice)}" if advice else ""
            self.emit(f"- **{inline(signal.title)}** — {inline(signal.measured)}{told}")
        self.emit()

    def day_body(self, day: Day) -> None:
        lang = self.lang
        if day.checkin is not None:
            checkin = day.checkin
            prompt = checkin.prompt_text or checkin.prompt_id
            self.emit(f"**{t('export.prompt', lang)}** — {inline(prompt)}")
            self.emit()
            if checkin.answer.strip():
                self.emit(block(checkin.answer, "> "))
                self.emit()
            details = []
            if checkin.intention_minutes is not None:
                planned = duration(checkin.intention_minutes, lang)
                details.append(t("export.intention", lang, duration=planned))
            if checkin.energy is not None:
                details.append(t("export.energy", lang, energy=checkin.energy))
            if details:
                self.emit(" · ".join(details))
                self.emit()
        if day.entries:
            self.emit(
                table(
                    [t(f"export.col.{name}", lang) for name in DAY_COLUMNS],
                    (
                        [
                            inline(e.task),
                            inline(e.mission) if e.mission else "—",
                            duration(e.minutes, lang),
                            activity_label(e.activity, lang),
                            verdict_label(e, lang),
                        ]
                        for e in day.entries
                    ),
                    right=(2,),
                )
            )
            self.emit()
            self.emit(
                t(
                    "export.day_total",
                    lang,
                    duration=duration(day.minutes, lang),
                    share=percent(day.dialogue_share, lang),
                )
            )
            self.emit()
        if day.handoffs:
            self.emit(f"**{t('export.handoffs', lang)}**")
            self.emit()
            for handoff in day.handoffs:
                where = f" ({inline(handoff.mission)})" if handoff.mission else ""
                self.emit(f"- {inline(handoff.task)}{where}")
            self.emit()

    def mission(self, report: MissionReport, level: int = 3) -> None:
        lang = self.lang
        ind = report.indicators
        self.heading(level, inline(report.name))
        for line in figure_lines(ind, None, lang):
            self.emit("- " + line)
        self.emit()
        self.emit(
            split_table(
                ind.by_activity, t("export.col.activity", lang), lang, lambda key: activity_label(key, lang)
            )
        )
        self.emit()
        latest = report.latest
        if latest is None:
            self.emit(t("export.no_assessment", lang))
            self.emit()
            return
        when = format_date_long(latest.assessment.date, lang)
        self.heading(level + 1, t("export.assessment", lang, date=when))
        scale = rubric().scale[lang]
        self.emit(
            table(
                [t("export.col.question", lang), t("export.col.score", lang), t("export.col.note", lang)],
                (
                    [
                        inline(question_text(a.question_id, lang)),
                        f"{a.score}/5 ({scale[a.score - 1]})",
                        inline(a.note) if a.note else "",
                    ]
                    for a in latest.assessment.answers
                ),
                right=(1,),
            )
        )
        self.emit()
        if not latest.contradictions:
            self.emit(t("export.no_contradictions", lang))
        else:
            self.emit(f"**{t('export.contradictions', lang)}**")
            self.emit()
            for c in latest.contradictions:
                self.emit(
                    "- "
                    + contradiction_line(
                        inline(question_text(c.question_id, lang)),
                        c.score,
                        c.indicator,
                        c.value,
                        c.threshold,
                        c.when,
                        lang,
                    )
                )
        self.emit()

    def three_words(self, answers: list[ThreeWords], level: int = 2) -> None:
        if not answers:
            return
        self.heading(level, t("export.three_words", self.lang))
        for item in answers:
            self.emit(f"- {format_date_long(item.date, self.lang)} — {inline(item.answer)}")
        self.emit()


@register("markdown")
def write(conn: sqlite3.Connection, scope: Scope, out: TextIO) -> None:
    lang = scope.lang
    writer = MarkdownWriter(out, lang)
    with snapshot(conn):
        period = resolve_period(conn, scope)
        found = summary(conn, scope, period)
        writer.heading(1, t("export.title", lang, period=format_period(period, lang)))
        if found.mission:
            writer.emit(t("export.mission", lang, mission=inline(found.mission)))
            writer.emit()
        writer.summary(found)
        writer.heading(2, t("export.days", lang))
        empty = True
        for day in days(conn, scope):
            empty = False
            writer.heading(3, format_date_long(day.date, lang))
            writer.day_body(day)
        if empty:
            writer.emit(t("export.nothing", lang))
            writer.emit()
        names = [found.mission] if found.mission else [s.key for s in found.indicators.by_mission if s.key]
        if names:
            writer.heading(2, t("export.missions", lang))
            for report in mission_reports(conn, scope, period, names):
                writer.mission(report)
        writer.three_words(three_words(conn, period, mission_id(conn, scope)))
