"""Time entries: what the CM did, for whom, how long, and where it sits against the role."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cm_coach.core import people as exchanges
from cm_coach.core import undo, validate
from cm_coach.core.boundaries import Verdict
from cm_coach.core.corrections import judge_for, record_activity
from cm_coach.core.dates import Period
from cm_coach.core.ids import new_uid
from cm_coach.core.missions import require_mission
from cm_coach.core.scope import scoped
from cm_coach.errors import CoachError
from cm_coach.models import Entry, Mission
from cm_coach.store import queries
from cm_coach.store.db import transaction

FALLBACK_ACTIVITY = "other"
LINKS_KEY = "_links"  # in a deleted entry's row: its people and ideas, for an exact undo


@dataclass(frozen=True)
class Logged:
    """What logging a task did: the entry as written, the verdict on it, whether its activity was the
    judgement's suggestion rather than the user's choice, and the people named."""

    entry: Entry
    verdict: Verdict
    activity_suggested: bool
    linked: tuple[exchanges.Linked, ...] = ()  # the people named, as resolved (created ones marked)


@dataclass(frozen=True)
class EntryValues:
    """An entry's values, checked: what :func:`log_entry` writes."""

    task: str
    minutes: int
    day: date
    activity: str | None
    people: int | None


def check_entry(
    task: object,
    minutes: object,
    *,
    day: object,
    activity: object = None,
    people: object = None,
    today: date | None = None,
) -> EntryValues:
    """Check an entry's values as the user gave them (text as typed, or already parsed),
    without touching the journal: :func:`log_entry` calls it, and a shell may call it
    first to refuse bad input before it even opens the journal. With ``today``, a day
    after it is refused."""
    return EntryValues(
        task=validate.task_text(task),
        minutes=validate.minutes(minutes),
        day=validate.day(day, today=today, future=False),
        activity=validate.activity(activity) if activity else None,
        people=validate.optional_people(people),
    )


def log_entry(
    conn: sqlite3.Connection,
    task: object,
    minutes: object,
    *,
    day: object,
    mission: str | None = None,
    activity: object = None,
    people: object = None,
    lang: str = "fr",
    user_boundaries: Path | None = None,
    with_people: str | Sequence[str] | None = None,
    new_people: bool = False,
    idea: int | None = None,
    today: date | None = None,
) -> Logged:
    """Check everything first (:func:`check_entry`), then write one row in one transaction.

    The task is judged once, here. Without an activity the judgement's is used; an
    explicit activity that differs from it is the user correcting it, and teaches the
    judge for the same and similar wording.

    ``with_people`` ("@lea, Marc") makes the entry an exchange with those people (an unknown
    name is refused unless ``new_people``); ``idea`` marks the community idea it used.
    """
    values = check_entry(task, minutes, day=day, activity=activity, people=people, today=today)
    task, chosen_activity = values.task, values.activity
    verdict = judge_for(conn, user_boundaries).classify(task, lang)
    suggested = verdict.activity or FALLBACK_ACTIVITY
    with transaction(conn):
        found: Mission | None = require_mission(conn, mission) if mission else None
        linked = exchanges.resolve(conn, exchanges.split_names(with_people), create=new_people)
        entry_id = queries.insert_entry(
            conn,
            {
                "uid": new_uid(),
                "date": values.day.isoformat(),
                "mission_id": found.id if found else None,
                "task": task,
                "minutes": values.minutes,
                "activity": chosen_activity or suggested,
                "activity_source": "user" if chosen_activity else verdict.source,
                "verdict": verdict.verdict,
                "category": verdict.category,
                "family": verdict.family,
                "score": verdict.score,
                "matched": verdict.matched,
                "people": values.people,
            },
        )
        if chosen_activity and chosen_activity != suggested and verdict.verdict != "outside":
            record_activity(conn, task, chosen_activity)
        exchanges.link_exchange(conn, entry_id, linked, found.id if found else None)
        if idea is not None:
            exchanges.use_idea(conn, idea, entry_id)
    return Logged(
        _entry(conn, entry_id), verdict, activity_suggested=chosen_activity is None, linked=tuple(linked)
    )


def is_unsettled(entry: Entry) -> bool:
    """A task the judgement was unsure about and whose activity nobody confirmed yet."""
    return entry.verdict == "unsure" and entry.activity_source != "user"


def list_entries(conn: sqlite3.Connection, period: Period, mission: str | None = None) -> list[Entry]:
    """The entries of ``period`` (of one mission when named), each with its agreed flag set."""
    mission_id = require_mission(conn, mission).id if mission else None
    return [scoped(entry) for entry in queries.entries_between(conn, period.start, period.end, mission_id)]


def _entry(conn: sqlite3.Connection, entry_id: int) -> Entry:
    """The entry just written, as every reader sees it (agreed or not)."""
    entry = queries.entry_by_id(conn, entry_id)
    if entry is None:
        raise CoachError("errors.entry_not_found", id=entry_id)
    return scoped(entry)


def delete_entry(conn: sqlite3.Connection, entry_id: int) -> dict:
    """Delete and return the raw row; the deletion is kept for ``core.undo`` (and
    :func:`restore_entry` can put this row back exactly)."""
    with transaction(conn):
        row = queries.entry_row(conn, entry_id)
        if row is None:
            raise CoachError("errors.entry_not_found", id=entry_id)
        links = exchanges.detach_entry(conn, entry_id)  # the minutes go, the people stay
        undo.remember_deletion(conn, row, links)
        row[LINKS_KEY] = links
        queries.delete_entry(conn, entry_id)
    return row


def restore_entry(conn: sqlite3.Connection, row: dict) -> Entry:
    """Put back a row :func:`delete_entry` returned, with its people and ideas, in one transaction; its undo
    record goes, since there is nothing left to undo."""
    row = dict(row)
    person_ids, idea_ids = row.pop(LINKS_KEY, ((), ()))
    with transaction(conn):
        queries.insert_entry(conn, row)
        exchanges.restore_links(conn, row["id"], person_ids, idea_ids)
        undo.forget_deletion(conn, row["id"])
    return _entry(conn, row["id"])


def edit_entry(
    conn: sqlite3.Connection,
    entry_id: int,
    *,
    task: object = None,
    minutes: object = None,
    day: object = None,
    mission: str | None = None,
    activity: object = None,
    people: object = None,
    lang: str = "fr",
    user_boundaries: Path | None = None,
    with_people: str | Sequence[str] | None = None,
    new_people: bool = False,
    today: date | None = None,
) -> Entry:
    """Change only what is given (``None``: unchanged), every value checked as in
    :func:`check_entry`; a blank mission detaches the entry; ``with_people`` replaces the
    people linked ("" unlinks all). One transaction; the entry as it was is kept for
    ``core.undo``."""
    changes: dict = {}
    if task is not None:
        task = validate.task_text(task)
        verdict = judge_for(conn, user_boundaries).classify(task, lang)
        changes.update(
            task=task,
            verdict=verdict.verdict,
            category=verdict.category,
            family=verdict.family,
            score=verdict.score,
            matched=verdict.matched,
        )
    if minutes is not None:
        changes["minutes"] = validate.minutes(minutes)
    if day is not None:
        changes["date"] = validate.day(day, today=today, future=False).isoformat()
    if activity is not None:
        changes["activity"] = validate.activity(activity)
        changes["activity_source"] = "user"
    if people is not None:
        changes["people"] = validate.people(people)
    with transaction(conn):
        current = queries.entry_row(conn, entry_id)
        if current is None:
            raise CoachError("errors.entry_not_found", id=entry_id)
        if mission is not None:
            changes["mission_id"] = require_mission(conn, mission).id if mission.strip() else None
        if changes or with_people is not None:
            undo.remember_edit(conn, current)
        if changes:
            queries.update_entry(conn, entry_id, changes)
        if with_people is not None:
            linked = exchanges.resolve(conn, exchanges.split_names(with_people), create=new_people)
            exchanges.relink_exchange(
                conn, entry_id, linked, changes.get("mission_id", current["mission_id"])
            )
    return _entry(conn, entry_id)
