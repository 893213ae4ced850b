"""A period of the journal as plain dataclasses, read from SQL as a stream of days.

Every exporter reads through here. The summary and the per-mission figures are computed
in SQL (a few rows each); the days are yielded one at a time from three ordered cursors
(entries, check-ins, hand-offs) merged by date, so that exporting ten years keeps a flat
memory profile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

from cm_coach.core.content import THREE_WORDS_THEME, activities, prompt_catalogue
from cm_coach.core.dates import Period
from cm_coach.store import queries

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


@dataclass(frozen=True)
class EntryLine:
    date: date
    mission: str | None
    client: str | None
    task: str
    minutes: int
    activity: str
    verdict: str
    family: str | None
    agreed: bool


@dataclass(frozen=True)
class Handoff:
    task: str
    mission: str | None


@dataclass(frozen=True)
class DayCheckin:
    prompt_id: str
    prompt_text: str | None  # None when no catalogue (current or retired) knows the prompt
    theme: str | None
    answer: str
    intention_minutes: int | None
    energy: int | None


@dataclass(frozen=True)
class Day:
    date: date
    checkin: DayCheckin | None
    entries: tuple[EntryLine, ...]
    handoffs: tuple[Handoff, ...]

    @property
    def minutes(self) -> int:
        return sum(e.minutes for e in self.entries)

    @property
    def dialogue_minutes(self) -> int:
        people = people_activities()
        return sum(e.minutes for e in self.entries if e.activity in people)

    @property
    def dialogue_share(self) -> float:
        return self.dialogue_minutes / self.minutes if self.minutes else 0.0

    @property
    def missions(self) -> tuple[str, ...]:
        return tuple(sorted({e.mission for e in self.entries if e.mission}, key=str.casefold))

    @property
    def activities(self) -> tuple[str, ...]:
        order = list(activities())
        found = {e.activity for e in self.entries}
        return tuple(sorted(found, key=lambda a: (order.index(a) if a in order else 99, a)))


@dataclass(frozen=True)
class MissionReport:
    name: str
    indicators: Indicators
    latest: AssessmentResult | None


@dataclass(frozen=True)
class Summary:
    period: Period
    mission: str | None
    indicators: Indicators
    signals: tuple[Signal, ...]
    target: float


@dataclass(frozen=True)
class ThreeWords:
    date: date
    answer: str


def people_activities() -> frozenset[str]:
    return frozenset(a.id for a in activities().values() if a.with_people)


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction: every query of an export sees the same journal, even if the
    TUI writes in the meantime (WAL keeps the snapshot)."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.rollback()


def resolve_period(conn: sqlite3.Connection, scope: Scope) -> Period:
    """The scope's period; for the whole journal, from its first to its last dated record."""
    if scope.period is not None:
        return scope.period
    row = conn.execute(
        "SELECT MIN(d), MAX(d) FROM (SELECT MIN(date) AS d FROM entries"
        " UNION ALL SELECT MAX(date) FROM entries"
        " UNION ALL SELECT MIN(date) FROM checkins UNION ALL SELECT MAX(date) FROM checkins"
        " UNION ALL SELECT MIN(date) FROM plan_items UNION ALL SELECT MAX(date) FROM plan_items)"
    ).fetchone()
    if not row or row[0] is None:
        return Period(scope.today, scope.today, "range")
    return Period(date.fromisoformat(row[0]), date.fromisoformat(row[1]), "range")


def mission_id(conn: sqlite3.Connection, scope: Scope) -> int | None:
    from cm_coach.core.missions import require_mission

    return require_mission(conn, scope.mission).id if scope.mission else None


def summary(conn: sqlite3.Connection, scope: Scope, period: Period) -> Summary:
    from cm_coach.core.indicators import compute
    from cm_coach.core.signals import dialogue_target, signals

    indicators = compute(conn, period, mission=scope.mission, today=scope.today)
    target = dialogue_target(conn)
    found = signals(conn, indicators, scope.lang, target=target)
    return Summary(period, indicators.mission, indicators, tuple(found), target)


def mission_reports(conn: sqlite3.Connection, scope: Scope, period: Period, names: list[str]) -> Iterator[
    MissionReport
]:
    """Each mission's own split over the period, and its last self-assessment made by the
    end of the period (so that an old month's export does not change with later ones)."""
    from cm_coach.core.assessment import evaluate, history
    from cm_coach.core.indicators import compute

    for name in names:
        indicators = compute(conn, period, mission=name, today=scope.today)
        past = [a for a in history(conn, name) if a.date <= period.end]
        yield MissionReport(name, indicators, evaluate(conn, past[-1]) if past else None)


def three_words(conn: sqlite3.Connection, period: Period, mission: int | None) -> list[ThreeWords]:
    ids = [p.id for p in prompt_catalogue().prompts if p.theme == THREE_WORDS_THEME]
    marks = ",".join("?" for _ in ids)
    sql = (
        f"SELECT date, answer FROM checkins WHERE prompt_id IN ({marks}) AND date BETWEEN ? AND ?"
        " AND TRIM(COALESCE(answer, '')) != ''"
    )
    params: list = [*ids, period.start.isoformat(), period.end.isoformat()]
    if mission is not None:
        sql += " AND date IN (SELECT date FROM entries WHERE mission_id = ?)"
        params.append(mission)
    sql += " ORDER BY date"
    return [ThreeWords(date.fromisoformat(row[0]), row[1]) for row in conn.execute(sql, params)]


def _entry_lines(conn: sqlite3.Connection, period: Period, mission: int | None) -> Iterator[EntryLine]:
    from cm_coach.core.indicators import always_warn_categories

    never_agreed = set(always_warn_categories())
    where, params = queries.period_filter("e", period.start, period.end, mission)
    sql = (
        "SELECT e.date, m.name, m.client, e.task, e.minutes, e.activity, COALESCE(e.verdict, 'unsure'),"
        " e.family, e.category, m.agreed FROM entries e LEFT JOIN missions m ON m.id = e.mission_id"
        f" WHERE {where} ORDER BY e.date, e.id"
    )
    for row in conn.execute(sql, params):
        day, name, client, task, minutes, activity, verdict, family, category, agreed = tuple(row)
        is_agreed = (
            verdict == "outside"
            and bool(family)
            and family in (agreed or "").split(",")
            and category not in never_agreed
        )
        yield EntryLine(date.fromisoformat(day), name, client, task, minutes, activity, verdict, family,
                        is_agreed)


def entry_lines(conn: sqlite3.Connection, scope: Scope) -> Iterator[EntryLine]:
    """The period's time entries, oldest first, one at a time."""
    return _entry_lines(conn, resolve_period(conn, scope), mission_id(conn, scope))


def _checkins(
    conn: sqlite3.Connection, period: Period, mission: int | None, lang: str
) -> Iterator[tuple[str, DayCheckin]]:
    from cm_coach.core.prompts import render_prompt

    catalogue = {p.id: p for p in prompt_catalogue().prompts}
    sql = "SELECT date, prompt_id, answer, intention_minutes, energy FROM checkins WHERE date BETWEEN ? AND ?"
    params: list = [period.start.isoformat(), period.end.isoformat()]
    if mission is not None:  # a mission's journal keeps the check-ins of the days worked for it
        sql += " AND date IN (SELECT date FROM entries WHERE mission_id = ?)"
        params.append(mission)
    sql += " ORDER BY date"
    for day, prompt_id, answer, intention, energy in conn.execute(sql, params):
        prompt = catalogue.get(prompt_id)
        yield day, DayCheckin(
            prompt_id,
            render_prompt(prompt_id, lang, date.fromisoformat(day)),
            prompt.theme if prompt else None,
            answer or "",
            intention,
            energy,
        )


def _handoffs(conn: sqlite3.Connection, period: Period, mission: int | None) -> Iterator[tuple[str, Handoff]]:
    where, params = queries.period_filter("p", period.start, period.end, mission)
    sql = (
        "SELECT p.date, p.task, m.name FROM plan_items p LEFT JOIN missions m ON m.id = p.mission_id"
        f" WHERE p.decision = 'handoff' AND {where} ORDER BY p.date, p.position, p.id"
    )
    for day, task, name in conn.execute(sql, params):
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
