"""JSON: the complete, versioned journal (``{"format": "cm-coach", "version": 1, ...}``),
the one format that ``cm-coach import`` reads back without loss (see ``core.importer``).

Records carry their stable ids (``uid``; check-ins by date, settings by key) and refer to
missions by uid, never by a local row id. Keys and records are written in a fixed order,
one record per line as they are read, so the same journal always gives the same bytes and
a decade of journal never sits in memory.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any, TextIO

from cm_coach.core.export import register
from cm_coach.core.export.journal import Scope, mission_id
from cm_coach.store import exchange
from cm_coach.store.timeline import snapshot

FORMAT = "cm-coach"
VERSION = 1
REVIEW_KEYS = ("week", "answer", "created_at", "updated_at")
CHECKIN_KEYS = ("date", "prompt_id", "answer", "intention_minutes", "energy", "created_at", "updated_at")


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def _agreed_list(value: str | None) -> list[str]:
    return [part for part in (value or "").split(",") if part]


def _records(conn: sqlite3.Connection, scope: Scope) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    period = (scope.period.start, scope.period.end) if scope.period is not None else None
    mission = mission_id(conn, scope)

    def missions() -> Iterator[dict[str, Any]]:
        for row in exchange.mission_rows(conn, mission):
            yield {
                "uid": row["uid"], "name": row["name"], "client": row["client"], "kind": row["kind"],
                "start": row["start"], "end": row["end"], "notes": row["notes"],
                "agreed": _agreed_list(row["agreed"]), "followers": row["followers"],
                "created_at": row["created_at"],
            }  # fmt: skip

    def entries() -> Iterator[dict[str, Any]]:
        for row in exchange.entry_rows(conn, period, mission):
            yield {
                "uid": row["uid"], "date": row["date"], "mission": row["mission_uid"], "task": row["task"],
                "minutes": row["minutes"], "activity": row["activity"], "verdict": row["verdict"],
                "category": row["category"], "family": row["family"], "score": row["score"],
                "matched": row["matched"], "people": row["people"], "created_at": row["created_at"],
            }  # fmt: skip

    def checkins() -> Iterator[dict[str, Any]]:
        for row in exchange.checkin_rows(conn, period, mission):
            yield {key: row[key] for key in CHECKIN_KEYS}

    def plan_items() -> Iterator[dict[str, Any]]:
        for row in exchange.plan_rows(conn, period, mission):
            yield {
                "uid": row["uid"], "date": row["date"], "position": row["position"], "task": row["task"],
                "mission": row["mission_uid"], "verdict": row["verdict"], "family": row["family"],
                "category": row["category"], "decision": row["decision"], "created_at": row["created_at"],
            }  # fmt: skip

    def assessments() -> Iterator[dict[str, Any]]:
        for row, answers in exchange.assessment_rows(conn, period, mission):
            yield {
                "uid": row["uid"], "mission": row["mission_uid"], "date": row["date"],
                "period_start": row["period_start"], "period_end": row["period_end"],
                "created_at": row["created_at"],
                "answers": [{"question_id": a[0], "score": a[1], "note": a[2]} for a in answers],
            }  # fmt: skip

    yield "missions", missions()
    yield "entries", entries()
    yield "checkins", checkins()
    yield "plan_items", plan_items()
    yield "assessments", assessments()


def _weekly_reviews(conn: sqlite3.Connection, scope: Scope) -> Iterator[dict[str, Any]]:
    """The weekly reviews whose Monday is in the period (none for one mission's export)."""
    from cm_coach.store import review

    if scope.mission:
        return
    period = scope.period
    bounds = (period.start, period.end) if period is not None else (None, None)
    for row in review.reviews(conn, *bounds):
        yield {key: row[key] for key in REVIEW_KEYS}


def dump(conn: sqlite3.Connection, scope: Scope, out: TextIO) -> None:
    """Write the scope as the versioned JSON document, one record per line, as it is read."""
    with snapshot(conn):
        period = scope.period
        header = {
            "format": FORMAT,
            "version": VERSION,
            "scope": {
                "start": period.start.isoformat() if period else None,
                "end": period.end.isoformat() if period else None,
                "mission": scope.mission and exchange.mission_name(conn, mission_id(conn, scope) or 0),
            },
        }
        out.write("{\n")
        for key, value in header.items():
            shown = _line(value) if isinstance(value, dict) else json.dumps(value)
            out.write(f"  {json.dumps(key)}: {shown},\n")
        for name, records in _records(conn, scope):
            out.write(f'  "{name}": [')
            first = True
            for record in records:
                out.write(("\n    " if first else ",\n    ") + _line(record))
                first = False
            out.write("]" if first else "\n  ]")
            out.write(",\n")
        reviews = list(_weekly_reviews(conn, scope))
        if reviews:  # only then: a journal without reviews exports the same bytes as before them
            out.write('  "weekly_reviews": [')
            out.write(",".join("\n    " + _line(review) for review in reviews) + "\n  ],\n")
        out.write(f'  "settings": {_line(exchange.settings(conn))}\n')
        out.write("}\n")


@register("json")
def write(conn: sqlite3.Connection, scope: Scope, out: TextIO) -> None:
    dump(conn, scope, out)
