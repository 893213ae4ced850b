"""Obsidian notes: one ``YYYY-MM-DD.md`` per day, a ``YYYY-Www.md`` per ISO week and a
``YYYY-MM.md`` per month, linked to each other (day → week and month, previous and next
day), each with YAML properties that Dataview can total: minutes, minutes per mission,
dialogue and out-of-role minutes, energy, and tags namespaced in the vault's language
(``cm-coach/activité/dialogue``). User text is escaped for Obsidian's own syntax too.

Every note cm-coach writes says ``generator: cm-coach`` in its front matter. Running the
export again rewrites those notes (only when their text changed) and leaves every other
file of the folder alone, including a note of the user's that happens to bear the same name.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from cm_coach.core.dates import Period, format_date_long, format_period
from cm_coach.core.export import register
from cm_coach.core.export.files import write_text_atomically
from cm_coach.core.export.journal import (
    Day,
    EntryLine,
    Scope,
    days,
    mission_id,
    mission_reports,
    resolve_period,
    summary,
    three_words,
)
from cm_coach.core.export.to_markdown import MarkdownWriter, mission_names
from cm_coach.core.formatting import duration
from cm_coach.core.i18n import t
from cm_coach.errors import CoachError
from cm_coach.paths import ensure_private_dir
from cm_coach.store.timeline import snapshot

GENERATOR_LINE = "generator: cm-coach"
TAG = "cm-coach"
HEAD_BYTES = 4096


@dataclass
class FolderResult:
    """What an Obsidian export did: the notes written, those left as they were, and the files it did not touch
    because they are not its own."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def is_ours(path: Path) -> bool:
    """Whether ``path`` is a note cm-coach wrote: its front matter carries the mark."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    if not head.startswith("---\n"):
        return False
    end = head.find("\n---", 4)
    front = head[4 : end if end != -1 else len(head)]
    return GENERATOR_LINE in front.splitlines()


def put(path: Path, text: str, result: FolderResult) -> None:
    """Write one note, unless its file is not cm-coach's (then it is skipped) or already says the same."""
    if path.is_symlink() or path.exists():
        if path.is_symlink() or not path.is_file() or not is_ours(path):
            result.skipped.append(path)
            return
        if path.read_text(encoding="utf-8", errors="replace") == text:
            result.unchanged.append(path)
            return
    write_text_atomically(path, text, durable=False)
    result.written.append(path)


def _yaml(value: object) -> str:
    """A YAML scalar or flow list: JSON strings are valid YAML double-quoted scalars."""
    return json.dumps(value, ensure_ascii=False)


def front_matter(fields: dict[str, object]) -> str:
    """The note's YAML properties, with the mark that tells cm-coach's notes from the user's."""
    lines = ["---", GENERATOR_LINE]
    lines.extend(f"{key}: {_yaml(value)}" for key, value in fields.items())
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def month_name(year: int, month: int) -> str:
    """``2026-11``: the name of a month's note, and the link to it."""
    return f"{year}-{month:02d}"


def slug(text: str) -> str:
    """A tag part: lower case, words joined by dashes (Obsidian tags have no spaces)."""
    return (
        "-".join("".join(c for c in word if c.isalnum() or c in "-_") for word in text.lower().split()) or "x"
    )


def tags(lang: str, kind: str, activity_ids: tuple[str, ...] = ()) -> list[str]:
    """The note's tags: ``cm-coach``, its kind, and its activities, in the vault's language."""
    from cm_coach.core.export.to_markdown import activity_label

    base = [TAG, f"{TAG}/{t(f'journal_exports.tag.{kind}', lang)}"]
    namespace = t("journal_exports.tag.activity", lang)
    return base + [f"{TAG}/{namespace}/{slug(activity_label(a, lang))}" for a in activity_ids]


def week_name(day: date) -> str:
    """``2026-W48``: the name of an ISO week's note, and the link to it."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def mission_minutes(entries: Iterable[EntryLine]) -> dict[str, int]:
    """Minutes per mission (by name, case ignored), for the note's properties that Dataview totals."""
    totals: dict[str, int] = {}
    for entry in entries:
        if entry.mission:
            totals[entry.mission] = totals.get(entry.mission, 0) + entry.minutes
    return dict(sorted(totals.items(), key=lambda item: item[0].casefold()))


def day_note(day: Day, lang: str, previous: date | None = None, following: date | None = None) -> str:
    """A day's note: its properties, links to its week, month, previous and next days, and the day's body."""
    buffer = io.StringIO()
    writer = MarkdownWriter(buffer, lang, obsidian=True)
    fields: dict[str, object] = {
        "date": day.date.isoformat(),
        "minutes": day.minutes,
        "dialogue_minutes": day.dialogue_minutes,
        "dialogue_share": round(day.dialogue_share, 3),
        "outside_minutes": sum(e.minutes for e in day.entries if e.verdict == "outside"),
        "mission_minutes": mission_minutes(day.entries),
        "missions": list(day.missions),
    }
    if day.checkin is not None and day.checkin.energy is not None:
        fields["energy"] = day.checkin.energy
    fields["week"] = f"[[{week_name(day.date)}]]"
    fields["tags"] = tags(lang, "day", day.activities)
    buffer.write(front_matter(fields))
    writer.heading(1, format_date_long(day.date, lang))
    month = month_name(day.date.year, day.date.month)
    writer.emit(
        t("export.obsidian.month_link", lang, link=f"[[{month}]]")
        + " · "
        + t("journal_exports.obsidian.week_link", lang, link=f"[[{week_name(day.date)}]]")
    )
    links = []
    if previous is not None:
        links.append(t("journal_exports.obsidian.previous", lang, link=f"[[{previous.isoformat()}]]"))
    if following is not None:
        links.append(t("journal_exports.obsidian.next", lang, link=f"[[{following.isoformat()}]]"))
    if links:
        writer.emit(" · ".join(links))
    writer.emit()
    writer.day_body(day)
    return buffer.getvalue()


def week_note(monday: date, week_days: list[Day], lang: str) -> str:
    """A week's note: its properties, links to its months, the week's total and share with people, and a link
    to each day with its time."""
    from cm_coach.core.export.to_markdown import Totals, totals_line

    buffer = io.StringIO()
    writer = MarkdownWriter(buffer, lang, obsidian=True)
    totals = Totals()
    for day in week_days:
        totals.add(day)
    entries = [e for day in week_days for e in day.entries]
    activity_ids = tuple(dict.fromkeys(a for day in week_days for a in day.activities))
    year, week, _ = monday.isocalendar()
    buffer.write(
        front_matter(
            {
                "week": week_name(monday),
                "start": monday.isoformat(),
                "end": (monday + timedelta(days=6)).isoformat(),
                "minutes": totals.minutes,
                "dialogue_minutes": totals.people,
                "outside_minutes": sum(e.minutes for e in entries if e.verdict == "outside"),
                "mission_minutes": mission_minutes(entries),
                "tags": tags(lang, "week", activity_ids),
            }
        )
    )
    writer.heading(1, t("journal_exports.obsidian.week_title", lang, week=week, year=year))
    months = dict.fromkeys(month_name(d.date.year, d.date.month) for d in week_days)
    writer.emit(" · ".join(t("export.obsidian.month_link", lang, link=f"[[{m}]]") for m in months))
    writer.emit()
    if totals.minutes:
        writer.emit(totals_line(totals.minutes, totals.people, lang))
        writer.emit()
    writer.heading(2, t("export.obsidian.days", lang))
    for day in week_days:
        writer.emit(
            f"- [[{day.date.isoformat()}|{format_date_long(day.date, lang)}]] — {duration(day.minutes, lang)}"
        )
    writer.emit()
    return buffer.getvalue()


def month_note(conn: sqlite3.Connection, scope: Scope, period: Period, day_dates: list[date]) -> str:
    """A month's note: its properties, the summary, the missions, the three words, and a link to each day."""
    lang = scope.lang
    found = summary(conn, scope, period)
    buffer = io.StringIO()
    writer = MarkdownWriter(buffer, lang, obsidian=True)
    ind = found.indicators
    buffer.write(
        front_matter(
            {
                "month": month_name(period.start.year, period.start.month),
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "minutes": ind.total_minutes,
                "dialogue_minutes": ind.dialogue_minutes,
                "dialogue_share": round(ind.dialogue_share, 3),
                "outside_minutes": sum(f.minutes for f in ind.outside),
                "mission_minutes": {s.key: s.minutes for s in ind.by_mission if s.key},
                "missions": [s.key for s in ind.by_mission if s.key],
                "tags": tags(lang, "month", tuple(s.key for s in ind.by_activity)),
            }
        )
    )
    writer.heading(1, t("export.title", lang, period=format_period(period, lang)))
    if found.mission:
        writer.emit(t("export.mission", lang, mission=writer.text(found.mission)))
        writer.emit()
    writer.summary(found)
    writer.heading(2, t("export.obsidian.days", lang))
    for day in day_dates:
        writer.emit(f"- [[{day.isoformat()}|{format_date_long(day, lang)}]]")
    if not day_dates:
        writer.emit(t("export.nothing", lang))
    writer.emit()
    names = mission_names(conn, found, period)
    if names:
        writer.heading(2, t("export.missions", lang))
        for report in mission_reports(conn, scope, period, names, found.indicators.checkin_streak):
            writer.mission(report)
    writer.three_words(three_words(conn, period, mission_id(conn, scope)))
    return buffer.getvalue()


def _month_part(period: Period, year: int, month: int) -> Period:
    """The part of ``period`` in the given month (a month period when it covers it all)."""
    from cm_coach.core.dates import month_period

    whole = month_period(year, month)
    if period.start <= whole.start and whole.end <= period.end:
        return whole
    return Period(max(period.start, whole.start), min(period.end, whole.end), "range")


@register("obsidian", to_folder=True)
def write(conn: sqlite3.Connection, scope: Scope, folder: Path) -> FolderResult:
    """The Obsidian notes of the scope into ``folder``: a note per day, per week and per month."""
    if folder.exists() and not folder.is_dir():
        raise CoachError("export.errors.not_folder", path=str(folder))
    try:
        ensure_private_dir(folder)  # a new folder of private notes: 0700 (an existing vault keeps its mode)
    except PermissionError:
        raise CoachError("export.errors.not_writable", path=str(folder)) from None
    result = FolderResult()
    lang = scope.lang
    with snapshot(conn):
        period = resolve_period(conn, scope)
        current: tuple[int, int] | None = None
        day_dates: list[date] = []
        week: date | None = None
        week_days: list[Day] = []
        held: Day | None = None  # a day's note waits for the next day, to link to it
        previous: date | None = None

        def close_month() -> None:
            if current is None:
                return
            part = _month_part(period, *current)
            put(folder / f"{month_name(*current)}.md", month_note(conn, scope, part, day_dates), result)

        def close_week() -> None:
            if week is None:
                return
            sunday = week + timedelta(days=6)
            whole = week_days
            if week < period.start or sunday > period.end:  # a week across the period's edge: all its days
                from dataclasses import replace

                whole = list(days(conn, replace(scope, period=Period(week, sunday, "week"))))
            put(folder / f"{week_name(week)}.md", week_note(week, whole, lang), result)

        def write_held(following: date | None) -> None:
            if held is not None:
                put(folder / f"{held.date.isoformat()}.md", day_note(held, lang, previous, following), result)

        for day in days(conn, scope):
            write_held(day.date)
            if held is not None:
                previous = held.date
            monday = day.date - timedelta(days=day.date.weekday())
            if monday != week:
                close_week()
                week, week_days = monday, []
            week_days.append(day)
            key = (day.date.year, day.date.month)
            if key != current:
                close_month()
                current, day_dates = key, []
            day_dates.append(day.date)
            held = day
        write_held(None)
        close_week()
        close_month()
        if current is None and scope.period is not None:  # an empty month still gets its note
            current = (period.start.year, period.start.month)
            close_month()
    return result
