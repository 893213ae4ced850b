"""Undo for entries: every edit and deletion keeps the entry as it was (with the people met,
the ideas it used and the plan row it did), so that ``cm-coach entries undo`` or the app's
undo key puts the latest change back, then the one before, up to the last hundred."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from cm_coach.core import people as exchanges
from cm_coach.core.scope import scoped
from cm_coach.errors import CoachError
from cm_coach.models import Entry
from cm_coach.store import queries
from cm_coach.store import undo as store
from cm_coach.store.db import transaction


@dataclass(frozen=True)
class Undone:
    """What an undo put back: an edit or a deletion, and the entry as it is again."""

    action: str  # edit | delete: what was undone
    entry: Entry  # the entry as it is again


def remember_edit(conn: sqlite3.Connection, row: dict) -> None:
    """Keep ``row`` (the entry before an edit) and its links, inside the caller's transaction."""
    entry_id = row["id"]
    _remember(conn, "edit", row, store.people_links(conn, entry_id), store.idea_links(conn, entry_id))


def remember_deletion(
    conn: sqlite3.Connection, row: dict, links: tuple[Iterable[int], Iterable[int]]
) -> None:
    """Keep ``row`` and its links (``links``: the people and ideas already detached by
    ``core.people.detach_entry``), then free the plan row it did; inside the caller's
    transaction, before the row is deleted."""
    people, ideas = links
    _remember(conn, "delete", row, list(people), list(ideas))
    store.detach_plan(conn, row["id"])


def _remember(conn: sqlite3.Connection, action: str, row: dict, people: list[int], ideas: list[int]) -> None:
    payload = {
        "row": {key: value for key, value in row.items() if not key.startswith("_")},
        "people": people,
        "ideas": ideas,
        "plan_items": store.plan_links(conn, row["id"]),
    }
    store.remember(conn, action, row["id"], json.dumps(payload, ensure_ascii=False))


def forget_deletion(conn: sqlite3.Connection, entry_id: int) -> None:
    """The entry was put back by the caller (inside its transaction): nothing left to undo."""
    store.forget_deletion(conn, entry_id)


def undo_last(conn: sqlite3.Connection) -> Undone:
    """Put back the latest edited or deleted entry as it was; one transaction. A record
    that no longer applies (a deleted entry already back) is passed over."""
    with transaction(conn):
        while True:
            record = store.latest(conn)
            if record is None:
                raise CoachError("errors.nothing_to_undo")
            store.forget(conn, record["id"])
            payload = json.loads(record["payload"])
            row = payload["row"]
            deleted = record["action"] == "delete"
            if store.entry_exists(conn, row["id"]) != deleted:
                break
        if deleted:
            store.put_back_entry(conn, row)
        else:
            store.restore_values(conn, row)
            exchanges.detach_entry(conn, row["id"])  # the links as they were, not as edited
        exchanges.restore_links(conn, row["id"], payload.get("people", []), payload.get("ideas", []))
        store.attach_plan(conn, row["id"], payload.get("plan_items", []))
    entry = queries.entry_by_id(conn, row["id"])
    assert entry is not None
    return Undone(record["action"], scoped(entry))
