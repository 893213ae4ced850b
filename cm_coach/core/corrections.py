"""Corrections teach: what the user says of a task applies at once to the same and similar
wording, kept in the journal (exported, imported, removable)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cm_coach.core import validate
from cm_coach.core.boundaries import FAMILIES, Correction, Judge, classifier, text_key
from cm_coach.core.ids import new_uid
from cm_coach.errors import CoachError
from cm_coach.store import corrections as stored
from cm_coach.store import queries
from cm_coach.store.db import transaction

_loaded: dict[int, tuple[tuple[int, int], str]] = {}  # judge id → (journal fingerprint, journal path)


def judge_for(conn: sqlite3.Connection, user_file: Path | None = None) -> Judge:
    """The judge with this journal's corrections (read again only when they changed)."""
    judge = classifier(user_file)
    stamp = stored.fingerprint(conn)
    where = queries.database_file(conn)
    if _loaded.get(id(judge)) != (stamp, where):
        judge.learn(
            Correction(row["text"], row["family"], row["category"], row["activity"], row["uid"])
            for row in stored.all_rows(conn)
        )
        _loaded[id(judge)] = (stamp, where)
    return judge


def checked(
    text: str,
    *,
    family: str | None = None,
    category: str | None = None,
    activity: str | None = None,
    user_file: Path | None = None,
) -> Correction:
    """A correction as the user gave it, checked: ``family`` is "community" for inside or an
    outside family, ``category`` must belong to it, an activity alone keeps the verdict."""
    text = validate.task_text(text)
    judge = classifier(user_file)
    if category is not None:
        found = judge.by_id.get(category)
        if found is None:
            raise CoachError(
                "boundaries.errors.unknown_category", value=category, choices=", ".join(judge.by_id)
            )
        if family is not None and family != found.family:
            raise CoachError("boundaries.errors.category_not_in_family", category=category, family=family)
        family = found.family
    if family is not None and family not in (*FAMILIES["inside"], *FAMILIES["outside"]):
        choices = ", ".join((*FAMILIES["inside"], *FAMILIES["outside"]))
        raise CoachError("errors.unknown_family", value=family, choices=choices)
    if activity is not None:
        activity = validate.activity(activity)
        if family not in (None, "community") and activity not in ("advertising", "customer_service", "other"):
            raise CoachError("boundaries.errors.activity_outside", activity=activity)
    if family is None and activity is None:
        raise CoachError("boundaries.errors.nothing_to_teach")
    return Correction(text, family, category, activity, new_uid())


def _store(conn: sqlite3.Connection, correction: Correction) -> None:
    family = correction.family
    stored.upsert(
        conn,
        {
            "uid": correction.uid,
            "text": correction.text,
            "text_key": text_key(correction.text),
            "verdict": None if family is None else ("inside" if family == "community" else "outside"),
            "family": family,
            "category": correction.category,
            "activity": correction.activity,
            "created_at": queries.now_stamp(),
        },
    )


def teach(
    conn: sqlite3.Connection,
    text: str,
    *,
    family: str | None = None,
    category: str | None = None,
    activity: str | None = None,
    user_file: Path | None = None,
) -> Correction:
    """Record what ``text`` really is (one transaction); the same and similar wording follow."""
    correction = checked(text, family=family, category=category, activity=activity, user_file=user_file)
    with transaction(conn):
        _store(conn, correction)
    return correction


def correct_entry(
    conn: sqlite3.Connection,
    entry_id: int,
    *,
    family: str | None = None,
    category: str | None = None,
    activity: str | None = None,
    lang: str = "fr",
    user_file: Path | None = None,
) -> Correction:
    """Correct a logged entry and teach its wording, in one transaction: the entry takes the
    corrected verdict and activity (chosen by the user from now on), and similar tasks follow."""
    row = queries.entry_row(conn, entry_id)
    if row is None:
        raise CoachError("errors.entry_not_found", id=entry_id)
    correction = checked(
        row["task"], family=family, category=category, activity=activity, user_file=user_file
    )
    judge = judge_for(conn, user_file)
    with transaction(conn):
        _store(conn, correction)
        judge.learn([*judge.corrections, correction])
        verdict = judge.classify(row["task"], lang)
        queries.update_entry(
            conn,
            entry_id,
            {
                "verdict": verdict.verdict,
                "family": verdict.family,
                "category": verdict.category,
                "activity": verdict.activity,
                "activity_source": "user",
                "score": verdict.score,
                "matched": verdict.matched,
            },
        )
    return correction


def record_activity(conn: sqlite3.Connection, text: str, activity: str) -> None:
    """Inside an open transaction: the user logged ``text`` under another activity than
    the one suggested; similar tasks will be suggested that activity from now on."""
    stored.upsert(
        conn,
        {
            "uid": new_uid(),
            "text": text,
            "text_key": text_key(text),
            "verdict": None,
            "family": None,
            "category": None,
            "activity": activity,
            "created_at": queries.now_stamp(),
        },
    )


def forget(conn: sqlite3.Connection, text_or_uid: str) -> None:
    """Remove a correction by its wording or its uid."""
    with transaction(conn):
        gone = stored.delete(conn, text_key(text_or_uid) or text_or_uid) or stored.delete(conn, text_or_uid)
    if not gone:
        raise CoachError("boundaries.errors.no_such_correction", value=text_or_uid)


def mine(conn: sqlite3.Connection) -> list[Correction]:
    """The user's corrections, oldest first."""
    return [
        Correction(row["text"], row["family"], row["category"], row["activity"], row["uid"])
        for row in stored.all_rows(conn)
    ]
