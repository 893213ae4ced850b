"""A period of the journal as plain records, read from SQL as a stream of days.

Every exporter reads through here. The records are named tuples, not dataclasses: an
export defines them on every run, and a frozen dataclass costs six generated methods to
compile (~3.5M instructions each, ~25M for these seven); :class:`Scope` stays a dataclass
(``dataclasses.replace`` narrows it to a week). The summary and the per-mission figures are computed
in SQL (a few rows each); the days are yielded one at a time from three ordered cursors
(entries, check-ins, hand-offs) merged by date, so that exporting ten years keeps a flat
memory profile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING, NamedTuple

from cm_coach.core.content import THREE_WORDS_THEME, activities, prompt_catalogue
from cm_coach.core.dates import Period
from cm_coach.core.scope import is_agreed
from cm_coach.store import timeline

if TYPE_CHECKING:  # imported where used: CSV and JSON exports never load the indicators
    from cm_coach.core.assessment import AssessmentResult
    from cm_coach.core.indicators import Indicators
    from cm_coach.core.signals import Signal


@dataclass(frozen=True)
class Scope:
    """What to export: a period (``None``: the whole journal), maybe one mission."""

    period: Period | None
    mission: str | None
    lang: str
    today: date
    csv_dialect: str | None = None  # excel-fr | rfc4180; None: chosen by the language
    raw: bool = False  # spreadsheet cells exactly as typed (no formula neutralising)


class EntryLine(NamedTuple):
    """One entry as the exports show it: its day, mission and client, the task, minutes, activity, verdict,
    and whether the client agreed to it."""

    date: date
    mission: str | None
    client: str | None
    task: str
    minutes: int
    activity: str
    verdict: str
    family: str | None
    agreed: bool


class Handoff(NamedTuple):
    """A task the check-in's plan handed to the team in charge, shown on its day."""

    task: str
    mission: str | None


class DayCheckin(NamedTuple):
    """A day's check-in as the exports show it: the question as it was asked (text and theme), the answer, the
    intended dialogue and the energy."""

    prompt_id: str
    prompt_text: str | None  # None when no catalogue (current or retired) knows the prompt
    theme: str | None
    answer: str
    intention_minutes: int | None
    energy: int | None


class Day(NamedTuple):
    """One day of the journal for the exports: its check-in, entries and hand-offs."""

    date: date
    checkin: DayCheckin | None
    entries: tuple[EntryLine, ...]
    handoffs: tuple[Handoff, ...]

    @property
    def minutes(self) -> int:
        """All the minutes logged on the day."""
        return sum(e.minutes for e in self.entries)

    @property
    def dialogue_minutes(self) -> int:
        """The day's minutes with people (the activities marked ``with_people``)."""
        people = people_activities()
        return sum(e.minutes for e in self.entries if e.activity in people)

    @property
    def dialogue_share(self) -> float:
        """The day's share of time with people, 0 on a day with nothing logged."""
        return self.dialogue_minutes / self.minutes if self.minutes else 0.0

    @property
    def missions(self) -> tuple[str, ...]:
        """The missions worked on that day, by name (case ignored)."""
        return tuple(sorted({e.mission for e in self.entries if e.mission}, key=str.casefold))

    @property
    def activities(self) -> tuple[str, ...]:
        """The day's activities in the catalogue's order (unknown ones last): the Obsidian note's tags."""
        order = list(activities())
        found = {e.activity for e in self.entries}
        return tuple(sorted(found, key=lambda a: (order.index(a) if a in order else 99, a)))


class MissionReport(NamedTuple):
    """One mission's figures over the exported period (without recipes: no export shows
    them), and its last self-assessment by the period's end."""

    name: str
    indicators: Indicators
    latest: AssessmentResult | None


class Summary(NamedTuple):
    """The exported period's figures (without recipes: no export shows them) and signals,
    with the dialogue target they are measured against."""

    period: Period
    mission: str | None
    indicators: Indicators
    signals: tuple[Signal, ...]
    target: float


class ThreeWords(NamedTuple):
    """The answer of one day to the three-words prompt, gathered at the end of the journal."""

    date: date
    answer: str


def people_activities() -> frozenset[str]:
    """The ids of the activities spent with people (dialogue, moderation)."""
    return frozenset(a.id for a in activities().values() if a.with_people)


def resolve_period(conn: sqlite3.Connection, scope: Scope) -> Period:
    """The scope's period; for the whole journal, from its first to its last dated record."""
    if scope.period is not None:
        return scope.period
    found = timeline.span(conn)
    if found is None:
        return Period(scope.today, scope.today, "range")
    return Period(*found, "range")


def mission_id(conn: sqlite3.Connection, scope: Scope) -> int | None:
    """The row id of the scope's mission, or None for every mission (an unknown name is an error)."""
    from cm_coach.core.missions import require_mission

    return require_mission(conn, scope.mission).id if scope.mission else None


def summary(conn: sqlite3.Connection, scope: Scope, period: Period) -> Summary:
    """The period's indicators and signals in the scope's language, and the dialogue target."""
    from cm_coach.core.indicators import compute
    from cm_coach.core.signals import dialogue_target, signals

    indicators = compute(conn, period, mission=scope.mission, today=scope.today, with_recipes=False)
    target = dialogue_target(conn)
    found = signals(conn, indicators, scope.lang, target=target)
    return Summary(period, indicators.mission, indicators, tuple(found), target)


def mission_reports(
    conn: sqlite3.Connection, scope: Scope, period: Period, names: list[str], streak: int | None = None
) -> Iterator[MissionReport]:
    """Each mission's own split over the period, and its last self-assessment made by the
    end of the period (so that an old month's export does not change with later ones).
    ``streak``: the summary's check-in streak, the same for every mission (not read again)."""
    from cm_coach.core.assessment import evaluate, history
    from cm_coach.core.indicators import compute

    for name in names:
        indicators = compute(conn, period, mission=name, today=scope.today, with_recipes=False, streak=streak)
        past = [a for a in history(conn, name) if a.date <= period.end]
        yield MissionReport(name, indicators, evaluate(conn, past[-1]) if past else None)


def three_words(conn: sqlite3.Connection, period: Period, mission: int | None) -> list[ThreeWords]:
    """The three-words answers of the period (of one mission's days when ``mission`` is a row id), oldest
    first."""
    ids = [p.id for p in prompt_catalogue().prompts if p.theme == THREE_WORDS_THEME]
    rows = timeline.checkin_rows(conn, period.start, period.end, mission, prompt_ids=ids)
    return [ThreeWords(date.fromisoformat(row[0]), row[2]) for row in rows]


def _entry_lines(conn: sqlite3.Connection, period: Period, mission: int | None) -> Iterator[EntryLine]:
    for row in timeline.entry_rows(conn, period.start, period.end, mission):
        day, name, client, task, minutes, activity, verdict, family, category, agreed = row
        yield EntryLine(
            date.fromisoformat(day),
            name,
            client,
            task,
            minutes,
            activity,
            verdict,
            family,
            is_agreed(verdict, family, category, agreed.split(",")),
        )


def entry_lines(conn: sqlite3.Connection, scope: Scope) -> Iterator[EntryLine]:
    """The period's time entries, oldest first, one at a time."""
    return _entry_lines(conn, resolve_period(conn, scope), mission_id(conn, scope))


def _checkins(
    conn: sqlite3.Connection, period: Period, mission: int | None, lang: str
) -> Iterator[tuple[str, DayCheckin]]:
    from cm_coach.core.prompts import render_prompt

    catalogue = {p.id: p for p in prompt_catalogue().prompts}
    for day, prompt_id, answer, intention, energy in timeline.checkin_rows(
        conn, period.start, period.end, mission
    ):
        prompt = catalogue.get(prompt_id)
        yield (
            day,
            DayCheckin(
                prompt_id,
                render_prompt(prompt_id, lang, date.fromisoformat(day)),
                prompt.theme if prompt else None,
                answer or "",
                intention,
                energy,
            ),
        )


def _handoffs(conn: sqlite3.Connection, period: Period, mission: int | None) -> Iterator[tuple[str, Handoff]]:
    for day, task, name in timeline.handoff_rows(conn, period.start, period.end, mission):
        yield day, Handoff(task, name)


def _by_day(rows: Iterator[tuple[str, object]]) -> Iterator[tuple[str, list]]:
    for day, group in groupby(rows, key=lambda row: row[0]):
        yield day, [item for _, item in group]


def days(conn: sqlite3.Connection, scope: Scope, lang: str | None = None) -> Iterator[Day]:
    """Every day of the scope that has an entry, a check-in or a hand-off, oldest first.

    Three cursors are read side by side and merged on the date: only one day is held in
    memory at a time."""
    lang = lang or scope.lang
    period = resolve_period(conn, scope)
    mission = mission_id(conn, scope)
    entries = groupby(_entry_lines(conn, period, mission), key=lambda e: e.date.isoformat())
    checkins = _by_day(_checkins(conn, period, mission, lang))
    handoffs = _by_day(_handoffs(conn, period, mission))
    heads: list[tuple[str, list] | None] = [None, None, None]
    sources = [((d, list(g)) for d, g in entries), checkins, handoffs]
    for index, source in enumerate(sources):
        heads[index] = next(source, None)
    while any(heads):
        current = min(head[0] for head in heads if head)
        parts: list[list] = [[], [], []]
        for index, head in enumerate(heads):
            if head and head[0] == current:
                parts[index] = head[1]
                heads[index] = next(sources[index], None)
        checkin = parts[1][0] if parts[1] else None
        yield Day(date.fromisoformat(current), checkin, tuple(parts[0]), tuple(parts[2]))


def month_keys(period: Period) -> list[tuple[int, int]]:
    """The (year, month) pairs a period touches, in order."""
    keys = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        keys.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys
