"""The weekly review: last week at a glance (time with people against the target day by
day, energy, out-of-role time by mission, the plan kept, people and follow-ups) and one
question to carry into the new week, whose answer is saved with the journal."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import date, timedelta

from cm_coach.core import validate
from cm_coach.core.content import activities
from cm_coach.core.dates import Period, week_period
from cm_coach.core.scope import scoped
from cm_coach.core.signals import dialogue_target
from cm_coach.errors import CoachError
from cm_coach.store import queries
from cm_coach.store import review as store
from cm_coach.store.db import transaction

LOW_ENERGY = 2.5  # an average at or under this (out of 5) makes energy the week's question
PLAN_KEPT_LOW = 0.5  # under half the plan done makes the plan the week's question
DRIFT_HIGH = 0.2  # a fifth of the time outside the role (not agreed) makes it the question


@dataclass(frozen=True)
class ReviewDay:
    """One day of the week under review: time logged and with people, the morning's intended dialogue and
    energy, and the plan kept."""

    date: date
    minutes: int
    people_minutes: int  # activities spent with people (dialogue, moderation)
    intention_minutes: int | None  # what the morning's check-in intended
    energy: int | None
    planned: int  # plan rows kept for the day (hand-offs aside)
    done: int  # of which became an entry

    @property
    def people_share(self) -> float:
        """The day's share of time with people, 0 on a day with nothing logged."""
        return self.people_minutes / self.minutes if self.minutes else 0.0


@dataclass(frozen=True)
class Drift:
    """Time outside the role that no client agreed to, for one mission (None: no mission)."""

    mission: str | None
    minutes: int  # outside the role and not agreed


@dataclass(frozen=True)
class WeeklyReview:
    """Last week at a glance, and the one question it carries into the new week (with the answer kept, if
    any)."""

    week: Period
    days: tuple[ReviewDay, ...]
    target: float  # the dialogue-share target
    drift: tuple[Drift, ...]
    people_met: int
    follow_ups_due: int
    follow_ups_done: int
    question: str  # the id of the question to carry into the next week
    answer: str | None

    @property
    def minutes(self) -> int:
        """All the minutes logged in the week."""
        return sum(day.minutes for day in self.days)

    @property
    def people_minutes(self) -> int:
        """The week's minutes with people."""
        return sum(day.people_minutes for day in self.days)

    @property
    def intention_minutes(self) -> int:
        """The week's intended minutes of dialogue, a day without an intention counting 0."""
        return sum(day.intention_minutes or 0 for day in self.days)

    @property
    def energy(self) -> float | None:
        """The average energy of the days that noted one, or None."""
        marks = [day.energy for day in self.days if day.energy is not None]
        return sum(marks) / len(marks) if marks else None

    @property
    def planned(self) -> int:
        """The week's plan rows kept (hand-offs aside)."""
        return sum(day.planned for day in self.days)

    @property
    def done(self) -> int:
        """Of the plan rows kept, how many became an entry."""
        return sum(day.done for day in self.days)

    @property
    def drift_minutes(self) -> int:
        """The week's minutes outside the role and not agreed, all missions together."""
        return sum(item.minutes for item in self.drift)

    @property
    def is_empty(self) -> bool:
        """Nothing logged, no energy noted and nothing planned: a week with nothing to review."""
        return not self.minutes and not any(day.energy or day.planned for day in self.days)


def monday_of(day: date) -> date:
    """The Monday of ``day``'s week: weeks are keyed by it."""
    return day - timedelta(days=day.weekday())


def last_week(today: date) -> date:
    """The Monday of the week before ``today``'s."""
    return monday_of(today) - timedelta(days=7)


def weekly_review(conn: sqlite3.Connection, monday: date) -> WeeklyReview:
    """The week starting ``monday`` (any day of the week is taken back to its Monday)."""
    week = week_period(monday_of(monday))
    with_people = {a.id for a in activities().values() if a.with_people}
    entries = [scoped(e) for e in queries.entries_between(conn, week.start, week.end)]
    checkins = store.checkin_days(conn, week.start, week.end)
    plans = store.plan_days(conn, week.start, week.end)
    days = []
    for offset in range(7):
        day = week.start + timedelta(days=offset)
        own = [e for e in entries if e.date == day]
        intention, energy = checkins.get(day.isoformat(), (None, None))
        planned, done = plans.get(day.isoformat(), (0, 0))
        days.append(
            ReviewDay(
                date=day,
                minutes=sum(e.minutes for e in own),
                people_minutes=sum(e.minutes for e in own if e.activity in with_people),
                intention_minutes=intention,
                energy=energy,
                planned=planned,
                done=done,
            )
        )
    drift: dict[str | None, int] = {}
    for entry in entries:
        if entry.verdict == "outside" and not entry.agreed:
            drift[entry.mission] = drift.get(entry.mission, 0) + entry.minutes
    due, done_follow_ups = store.follow_ups(conn, week.start, week.end)
    target = dialogue_target(conn)
    partial = WeeklyReview(
        week=week,
        days=tuple(days),
        target=target,
        drift=tuple(Drift(m, n) for m, n in sorted(drift.items(), key=lambda item: -item[1])),
        people_met=store.people_met(conn, week.start, week.end),
        follow_ups_due=due,
        follow_ups_done=done_follow_ups,
        question="",
        answer=store.answer(conn, week.start),
    )
    return _with_question(partial)


def _with_question(review: WeeklyReview) -> WeeklyReview:
    """The one question the week asks: about what fell furthest short, else to go on."""
    question = "carry_on"
    worked = [day for day in review.days if day.minutes]
    energy = review.energy
    if review.minutes and review.drift_minutes / review.minutes >= DRIFT_HIGH:
        question = "scope"
    elif worked and review.people_minutes / review.minutes < review.target:
        question = "people"
    elif review.planned and review.done / review.planned < PLAN_KEPT_LOW:
        question = "plan"
    elif energy is not None and energy <= LOW_ENERGY:
        question = "energy"
    return replace(review, question=question)


def save_answer(conn: sqlite3.Connection, monday: date, answer: str) -> str:
    """Keep the answer to the week's question (empty answers are refused)."""
    text = validate.free_text(answer)
    if not text:
        raise CoachError("workday.errors.answer_empty")
    with transaction(conn):
        store.save(conn, monday_of(monday), text)
    return text


def review_due(conn: sqlite3.Connection, today: date) -> bool:
    """Whether the app should show last week's review now: today's is the week's first
    check-in, and last week had entries but has no review yet."""
    monday = monday_of(today)
    if today > monday and store.first_checkin_between(conn, monday, today - timedelta(days=1)):
        return False
    previous = last_week(today)
    if store.answer(conn, previous) is not None:
        return False
    return any(True for _ in queries.entries_between(conn, previous, previous + timedelta(days=6)))
