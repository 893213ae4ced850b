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
from cm_coach.core.dates import Period, format_date_long, format_period
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
from cm_coach.core.formatting import duration
from cm_coach.core.headline import people_time
from cm_coach.core.i18n import percent, t
from cm_coach.core.indicators import Indicators, Share
from cm_coach.core.numbers import integer
from cm_coach.core.signals import advice_once
from cm_coach.store.timeline import snapshot

_BREAKABLE_SPACES = re.compile(r"[^\S\u00a0\u202f\u2007]+")
DAY_COLUMNS = ("task", "mission", "duration", "activity", "verdict")

# Escaped only where the character would change the rendering (CommonMark + GFM):
_ALWAYS = re.compile(r"([`\[])")  # a code span, a link
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")  # a backslash that would escape what follows
_STAR = re.compile(r"\*(?! )|(?<! )\*")  # emphasis, unless alone between spaces
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-zÀ-ÿ])_|_(?![0-9A-Za-zÀ-ÿ])")  # emphasis at a word's edge only
_TAG = re.compile(r"<(?=[A-Za-z/!?])")  # raw HTML or an autolink
_ENTITY = re.compile(r"&(?=#?\w+;)")  # a character reference
_TILDES = re.compile(r"~")
_LINE_START = re.compile(r"^(?:([-+*])(?= |$)|(>)|(#{1,6})(?= |$)|(\d{1,9})([.)])(?= |$))")
_SPECIAL = re.compile(r"[\\`\[*_<&~|%$=#>+\-]|^\d")  # any character one of the rules below may touch
# Obsidian only: comments, math, highlights, and #tags in running text.
_OBSIDIAN = re.compile(r"(%%|\$|==|#(?=[^\s#]))")


def _line_start(match: re.Match[str]) -> str:
    bullet, quote, hashes, number, dot = match.groups()
    if bullet:
        return "\\" + bullet
    if quote:
        return "\\>"
    if hashes:
        return "\\" + hashes
    return f"{number}\\{dot}"


def inline(text: str | None, *, cell: bool = False, obsidian: bool = False) -> str:
    """One line of user text, shown as typed in any Markdown viewer: whitespace runs (newlines
    too) become one space, and a backslash is added only before a character that would
    otherwise change the rendering (a code span, a link, emphasis, an HTML tag, a list or
    heading at the start). ``cell``: inside a table (``|`` too); ``obsidian``: Obsidian's own
    syntax too (``%%`` comments, ``$`` math, ``==`` highlights, ``#tags``)."""
    raw = str(text or "")
    # Whitespace other than single spaces is never printable (str.isprintable): most texts
    # need no regex to come out as typed. No-break spaces are typography: they stay.
    flat = (raw if raw.isprintable() and "  " not in raw else _BREAKABLE_SPACES.sub(" ", raw)).strip(" ")
    if not _SPECIAL.search(flat):  # most tasks: nothing that Markdown would read
        return flat
    flat = _BACKSLASH.sub(r"\\\\", flat)
    flat = _ALWAYS.sub(r"\\\1", flat)
    flat = _STAR.sub(r"\\*", flat)
    flat = _UNDERSCORE.sub(r"\\_", flat)
    flat = _TAG.sub(r"\\<", flat)
    flat = _ENTITY.sub(r"\\&", flat)
    if flat.count("~") >= 2:
        flat = _TILDES.sub(r"\\~", flat)
    if cell:
        flat = flat.replace("|", "\\|")
    if obsidian:
        flat = _OBSIDIAN.sub(
            lambda m: "".join("\\" + c for c in m.group(1)) if m.group(1) != "#" else "\\#", flat
        )
    return _LINE_START.sub(_line_start, flat)


def block(text: str | None, prefix: str = "", *, obsidian: bool = False) -> str:
    """Multi-line user text: each line escaped, blank lines kept as paragraph breaks."""
    lines = [inline(line, obsidian=obsidian) for line in str(text or "").strip().splitlines()]
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
    """An activity's label in ``lang``, or its id when the catalogue no longer knows it."""
    known = activities()
    return known[activity].label[lang] if activity in known else activity


def verdict_label(entry: EntryLine, lang: str) -> str:
    """The verdict as a reader says it: « hors rôle (publicité, convenu) » rather than ``outside``."""
    if entry.verdict == "outside":
        family = t(f"cli.family.{entry.family}", lang) if entry.family else ""
        key = "export.verdict.outside_agreed" if entry.agreed else "export.verdict.outside"
        return t(key, lang, family=family).strip()
    return t(f"export.verdict.{entry.verdict}", lang)


def table(header: Iterable[str], rows: Iterable[Iterable[str]], right: Iterable[int] = ()) -> str:
    """A Markdown table; the columns whose index is in ``right`` are right-aligned (numbers)."""
    header = list(header)
    right = set(right)
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---:" if i in right else "---" for i in range(len(header))) + " |",
    ]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def split_table(shares: list[Share], first: str, lang: str, label) -> str:
    """A split of the time (by activity or mission) as a Markdown table: the label, the time and the share."""
    return table(
        [first, t("export.col.time", lang), t("export.col.share", lang)],
        ([label(s.key), duration(s.minutes, lang), share_text(s.percent, lang)] for s in shares),
        right=(1, 2),
    )


def figure_lines(ind: Indicators, target: float | None, lang: str) -> list[str]:
    """The period's headline figures, numbers in the reader's language (``27 900``, ``27,900``)."""
    lines = [t("export.total", lang, duration=duration(ind.total_minutes, lang))]
    share, parts = people_time(ind, lang)
    if target is None:
        lines.append(t("export.dialogue_plain", lang, share=share, parts=parts))
    else:
        lines.append(t("export.dialogue", lang, share=share, parts=parts, target=percent(target, lang)))
    agreed = sum(f.agreed_minutes for f in ind.outside)
    unagreed = sum(f.unagreed_minutes for f in ind.outside)
    shares = {
        "agreed": duration(agreed, lang),
        "agreed_share": percent(ind.outside_agreed_share, lang),
        "unagreed": duration(unagreed, lang),
        "unagreed_share": percent(ind.outside_unagreed_share, lang),
    }
    if agreed and unagreed:
        lines.append(t("export.outside", lang, **shares))
    elif agreed:
        lines.append(t("journal_exports.outside_agreed", lang, **shares))
    elif unagreed:
        lines.append(t("journal_exports.outside_unagreed", lang, **shares))
    else:
        lines.append(t("journal_exports.outside_none", lang))
    people = ind.people
    if people.distinct:  # people counted once each, never a sum per entry, never followers
        lines.append(
            t(
                "people.stats.exchanged",
                lang,
                count=integer(people.distinct, lang),
                new=integer(people.new, lang),
                returning=integer(people.returning, lang),
            )
        )
        lines.append(t("people.stats.relationships", lang, count=integer(people.relationships, lang)))
    if people.unnamed:
        lines.append(t("people.stats.unnamed", lang, count=integer(people.unnamed, lang)))
    return lines


def totals_line(minutes: int, people_minutes: int, lang: str, key: str = "journal_exports.week_total") -> str:
    """``Total de la semaine : 12h30, dont 35 % avec les gens.``"""
    share = percent(people_minutes / minutes if minutes else 0.0, lang)
    return t(key, lang, duration=duration(minutes, lang), share=share)


def period_total_line(minutes: int, people_minutes: int, day_count: int, lang: str) -> str:
    """The last line of the days: the period's total, over how many days, and the share with people."""
    share = percent(people_minutes / minutes if minutes else 0.0, lang)
    count = (
        t("journal_exports.day_count_one", lang)
        if day_count == 1
        else t("journal_exports.days_count", lang, count=integer(day_count, lang))
    )
    return t("journal_exports.period_total", lang, duration=duration(minutes, lang), days=count, share=share)


def mission_names(conn: sqlite3.Connection, found: Summary, period: Period) -> list[str]:
    """The missions a period's journal speaks of: those worked on, then those active in it
    without time (a mission closed before the period is not listed)."""
    if found.mission:
        return [found.mission]
    from cm_coach.core.missions import active_missions

    worked = [s.key for s in found.indicators.by_mission if s.key]
    idle = sorted(
        (m.name for m in active_missions(conn, period.start, period.end) if m.name not in worked),
        key=str.casefold,
    )
    return worked + idle


def contradiction_line(
    question: str, score: int, indicator: str, value: float, threshold: float, when: str, lang: str
) -> str:
    """One contradiction as a sentence: the question, its score, and the figure that disagrees with it against
    the threshold (a duration or a percent)."""

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
    """A rubric question's text in ``lang``, or its id when the rubric no longer has it."""
    for question in rubric().questions:
        if question.id == question_id:
            return question.text[lang]
    return question_id


class MarkdownWriter:
    """Writes the journal section by section; the obsidian format reuses its pieces (with
    ``obsidian=True``, user text is escaped for Obsidian's own syntax too)."""

    def __init__(self, out: TextIO, lang: str, *, obsidian: bool = False) -> None:
        self.out = out
        self.lang = lang
        self.obsidian = obsidian

    def text(self, value: str | None, *, cell: bool = False) -> str:
        """User text escaped for Markdown (and Obsidian), so it shows as typed; ``cell`` for a table cell."""
        return inline(value, cell=cell, obsidian=self.obsidian)

    def emit(self, text: str = "") -> None:
        """Write one line (an empty one by default)."""
        self.out.write(text + "\n")

    def heading(self, level: int, text: str) -> None:
        """A heading of ``level``, then a blank line (``text`` is not escaped: user text goes through
        :meth:`text` first)."""
        self.emit("#" * level + " " + text)
        self.emit()

    def summary(self, found: Summary, level: int = 2) -> None:
        """The period's summary: headline figures, the splits by activity and mission, and the signals."""
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
                    lambda key: self.text(key, cell=True) if key else t("export.no_mission", lang),
                )
            )
            self.emit()
        self.heading(level + 1, t("export.signals", lang))
        if not found.signals:
            self.emit(t("export.no_signals", lang))
        for signal, advice in advice_once(found.signals):
            told = f" {self.text(advice)}" if advice else ""
            self.emit(f"- **{self.text(signal.title)}** — {self.text(signal.measured)}{told}")
        self.emit()

    def day_body(self, day: Day) -> None:
        """One day under its heading: the check-in, the entries as a table with the day's total, and the
        hand-offs."""
        lang = self.lang
        if day.checkin is not None:
            checkin = day.checkin
            prompt = checkin.prompt_text or checkin.prompt_id
            self.emit(f"**{t('export.prompt', lang)}** — {self.text(prompt)}")
            self.emit()
            if checkin.answer.strip():
                self.emit(block(checkin.answer, "> ", obsidian=self.obsidian))
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
                            self.text(e.task, cell=True),
                            self.text(e.mission, cell=True) if e.mission else "—",
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
                where = f" ({self.text(handoff.mission)})" if handoff.mission else ""
                self.emit(f"- {self.text(handoff.task)}{where}")
            self.emit()

    def mission(self, report: MissionReport, level: int = 3) -> None:
        """One mission: its figures, its split by activity, and its last self-assessment with the
        contradictions found."""
        lang = self.lang
        ind = report.indicators
        self.heading(level, self.text(report.name))
        if not ind.total_minutes:
            self.emit(t("journal_exports.nothing_for_mission", lang))
            self.emit()
        else:
            for line in figure_lines(ind, None, lang):
                self.emit("- " + line)
            self.emit()
            self.emit(
                split_table(
                    ind.by_activity,
                    t("export.col.activity", lang),
                    lang,
                    lambda key: activity_label(key, lang),
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
                        self.text(question_text(a.question_id, lang), cell=True),
                        f"{a.score}/5 ({scale[a.score - 1]})",
                        self.text(a.note, cell=True) if a.note else "",
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
                        self.text(question_text(c.question_id, lang)),
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
        """The three-words answers as a list, under their own heading (nothing when there are none)."""
        if not answers:
            return
        self.heading(level, t("export.three_words", self.lang))
        for item in answers:
            self.emit(f"- {format_date_long(item.date, self.lang)} — {self.text(item.answer)}")
        self.emit()


class Totals:
    """Running minutes (all, with people) and days, for week subtotals and the period total."""

    def __init__(self) -> None:
        self.minutes = 0
        self.people = 0
        self.days = 0

    def add(self, day: Day) -> None:
        """Count one day in the totals (a day with no entry is not counted among the days)."""
        self.minutes += day.minutes
        self.people += day.dialogue_minutes
        self.days += 1 if day.entries else 0


@register("markdown")
def write(conn: sqlite3.Connection, scope: Scope, out: TextIO) -> None:
    """The Markdown journal of the scope: the summary, the days week by week, the missions, the three
    words."""
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
        week: tuple[int, int] | None = None
        week_totals, all_totals = Totals(), Totals()

        def close_week() -> None:
            if week is not None and week_totals.minutes:
                writer.emit(f"**{totals_line(week_totals.minutes, week_totals.people, lang)}**")
                writer.emit()

        for day in days(conn, scope):
            key = tuple(day.date.isocalendar()[:2])
            if key != week:
                close_week()
                week, week_totals = (key[0], key[1]), Totals()
            writer.heading(3, format_date_long(day.date, lang))
            writer.day_body(day)
            week_totals.add(day)
            all_totals.add(day)
        close_week()
        if week is None:
            writer.emit(t("export.nothing", lang))
            writer.emit()
        elif all_totals.minutes:
            writer.emit(
                f"**{period_total_line(all_totals.minutes, all_totals.people, all_totals.days, lang)}**"
            )
            writer.emit()
        names = mission_names(conn, found, period)
        if names:
            writer.heading(2, t("export.missions", lang))
            for report in mission_reports(conn, scope, period, names, found.indicators.checkin_streak):
                writer.mission(report)
        writer.three_words(three_words(conn, period, mission_id(conn, scope)))
