"""From the morning's plan to the log: a plan row becomes an entry (a duration given now,
or through the timer), and the next morning compares what was planned with what was done."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from cm_coach.core.content import activities
from cm_coach.core.entries import Logged, log_entry
from cm_coach.errors import CoachError
from cm_coach.models import RunningTimer
from cm_coach.models.records import PlanRecap, PlanRow  # records of a past day's plan (were here)
from cm_coach.store import plan as store
from cm_coach.store import queries
from cm_coach.store.db import transaction

LOOK_BACK_DAYS = 7  # after a week-end, "yesterday" is the last day with a check-in


def _row(item: dict, people: list[str] | None = None) -> PlanRow:
    return PlanRow(
        id=item["id"],
        date=date.fromisoformat(item["date"]),
        task=item["task"],
        mission=item["mission"],
        decision=item["decision"],
        entry_id=item["entry_id"],
        with_people=tuple(people or ()),
    )


def plan_of(conn: sqlite3.Connection, day: date) -> list[PlanRow]:
    """The day's plan rows, in order, each with the entry it became (if any) and its people."""
    people = store.people_of_day(conn, day)
    return [_row(item, people.get(item["id"])) for item in queries.plan_rows(conn, day)]


def _open_row(conn: sqlite3.Connection, plan_id: int) -> PlanRow:
    item = store.plan_item(conn, plan_id)
    if item is None:
        raise CoachError("workday.errors.plan_not_found", id=plan_id)
    row = _row(item, store.people_of(conn, plan_id))
    if row.done:
        raise CoachError("workday.errors.plan_done", task=row.task)
    return row


def log_plan_row(
    conn: sqlite3.Connection,
    plan_id: int,
    minutes: int,
    *,
    activity: str | None = None,
    lang: str = "fr",
    user_boundaries: Path | None = None,
) -> Logged:
    """Write the plan row as an entry of ``minutes`` on its day, through ``log_entry``, and
    link the two (so that the plan counts as kept). The people the row is with become the
    entry's exchanges."""
    row = _open_row(conn, plan_id)
    logged = log_entry(
        conn,
        row.task,
        minutes,
        day=row.date,
        mission=row.mission,
        activity=activity,
        lang=lang,
        user_boundaries=user_boundaries,
        with_people=row.with_people,
    )
    with transaction(conn):
        store.link_entry(conn, plan_id, logged.entry.id)
    return logged


def start_plan_row(conn: sqlite3.Connection, plan_id: int, *, now: datetime) -> RunningTimer:
    """Start the timer on the plan row, with its people; stopping it writes the entry (an
    exchange with them) and links the row."""
    from cm_coach.core.timer import start_timer

    row = _open_row(conn, plan_id)
    return start_timer(
        conn,
        row.task,
        now=now,
        mission=row.mission,
        with_people=", ".join(row.with_people) or None,
        plan_item_id=plan_id,
    )


def plan_recap(conn: sqlite3.Connection, today: date) -> PlanRecap | None:
    """The last day before ``today`` (within a week) that had a check-in or a plan: what was
    planned and done, the intended minutes with people and the actual ones."""
    with_people = {a.id for a in activities().values() if a.with_people}
    for back in range(1, LOOK_BACK_DAYS + 1):
        day = today - timedelta(days=back)
        checkin = queries.checkin_row(conn, day)
        rows = plan_of(conn, day)
        if checkin is None and not rows:
            continue
        people = sum(e.minutes for e in queries.entries_between(conn, day, day) if e.activity in with_people)
        intention = checkin["intention_minutes"] if checkin else None
        return PlanRecap(day, tuple(rows), intention, people)
    return None
