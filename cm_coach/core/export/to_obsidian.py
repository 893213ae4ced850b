"""Obsidian daily notes: one ``YYYY-MM-DD.md`` per day and a ``YYYY-MM.md`` month note
linking them, each with YAML front matter (date, minutes, dialogue share, missions, tags).

Every note cm-coach writes says ``generator: cm-coach`` in its front matter. Running the
export again rewrites those notes (only when their text changed) and leaves every other
file of the folder alone, including a note of the user's that happens to bear the same name.
"""

from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cm_coach.core.dates import Period, format_date_long, format_period
from cm_coach.core.export import register
from cm_coach.core.export.files import write_text_atomically
from cm_coach.core.export.journal import (
    Day,
    Scope,
    days,
    mission_id,
    mission_reports,
    resolve_period,
    summary,
    three_words,
)
from cm_coach.core.export.to_markdown import MarkdownWriter, inline
from cm_coach.core.i18n import t
from cm_coach.errors import CoachError
from cm_coach.paths import ensure_private_dir
from cm_coach.store.timeline import snapshot

GENERATOR_LINE = "generator: cm-coach"
TAG = "cm-coach"
HEAD_BYTES = 4096


@dataclass
class FolderResult:
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
    lines = ["---", GENERATOR_LINE]
    lines.extend(f"{key}: {_yaml(value)}" for key, value in fields.items())
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def month_name(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def day_note(day: Day, lang: str) -> str:
    buffer = io.StringIO()
    writer = MarkdownWriter(buffer, lang)
    buffer.write(
        front_matter(
            {
                "date": day.date.isoformat(),
                "minutes": day.minutes,
                "dialogue_share": round(day.dialogue_share, 3),
                "missions": list(day.missions),
                "tags": [TAG, f"{TAG}/day", *day.activities],
            }
        )
    )
    writer.heading(1, format_date_long(day.date, lang))
    month = month_name(day.date.year, day.date.month)
    writer.emit(t("export.obsidian.month_link", lang, link=f"[[{month}]]"))
    writer.emit()
    writer.day_body(day)
    return buffer.getvalue()


def month_note(conn: sqlite3.Connection, scope: Scope, period: Period, day_dates: list[date]) -> str:
    lang = scope.lang
    found = summary(conn, scope, period)
    buffer = io.StringIO()
    writer = MarkdownWriter(buffer, lang)
    ind = found.indicators
    buffer.write(
        front_matter(
            {
                "month": month_name(period.start.year, period.start.month),
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "minutes": ind.total_minutes,
                "dialogue_share": round(ind.dialogue_share, 3),
                "missions": [s.key for s in ind.by_mission if s.key],
                "tags": [TAG, f"{TAG}/month"],
            }
        )
    )
    writer.heading(1, t("export.title", lang, period=format_period(period, lang)))
    if found.mission:
        writer.emit(t("export.mission", lang, mission=inline(found.mission)))
        writer.emit()
    writer.summary(found)
    writer.heading(2, t("export.obsidian.days", lang))
    for day in day_dates:
        writer.emit(f"- [[{day.isoformat()}|{format_date_long(day, lang)}]]")
    if not day_dates:
        writer.emit(t("export.nothing", lang))
    writer.emit()
    names = [found.mission] if found.mission else [s.key for s in ind.by_mission if s.key]
    if names:
        writer.heading(2, t("export.missions", lang))
        for report in mission_reports(conn, scope, period, names):
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
    if folder.exists() and not folder.is_dir():
        raise CoachError("export.errors.not_folder", path=str(folder))
    try:
        ensure_private_dir(folder)  # a new folder of private notes: 0700 (an existing vault keeps its mode)
    except PermissionError:
        raise CoachError("export.errors.not_writable", path=str(folder)) from None
    result = FolderResult()
    with snapshot(conn):
        period = resolve_period(conn, scope)
        current: tuple[int, int] | None = None
        day_dates: list[date] = []

        def close_month() -> None:
            if current is None:
                return
            part = _month_part(period, *current)
            put(folder / f"{month_name(*current)}.md", month_note(conn, scope, part, day_dates), result)

        for day in days(conn, scope):
            key = (day.date.year, day.date.month)
            if key != current:
                close_month()
                current, day_dates = key, []
            day_dates.append(day.date)
            put(folder / f"{day.date.isoformat()}.md", day_note(day, scope.lang), result)
        close_month()
        if current is None and scope.period is not None:  # an empty month still gets its note
            current = (period.start.year, period.start.month)
            close_month()
    return result
