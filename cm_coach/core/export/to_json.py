"""JSON: the complete, versioned journal (``{"format": "cm-coach", "version": 1, ...}``),
the one format that ``cm-coach import`` reads back without loss (see ``journal_io``).

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
from cm_coach.core.export.journal import Scope, mission_id, snapshot

FORMAT = "cm-coach"
VERSION = 1
CHECKIN_KEYS = ("date", "prompt_id", "answer", "intention_minutes", "energy", "created_at", "updated_at")


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def _agreed_list(value: str | None) -> list[str]:
    return [part for part in (value or "").split(",") if part]


def _records(conn: sqlite3.Connection, scope: Scope) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    period = scope.period
    mission = mission_id(conn, scope)
    dated = ""
    params: list = []
    if period is not None:
        dated = " AND {col} BETWEEN ? AND ?"
        params = [period.start.isoformat(), period.end.isoformat()]

    def where(column: str, mission_column: str | None) -> tuple[str, list]:
        sql = " WHERE 1 = 1" + dated.format(col=column)
        values = list(params)
        if mission is not None and mission_column:
            sql += f" AND {mission_column} = ?"
            values.append(mission)
        return sql, values

    def missions() -> Iterator[dict[str, Any]]:
        sql = "SELECT * FROM missions"
        values: list = []
        if mission is not None:
            sql += " WHERE id = ?"
            values.append(mission)
        for row in conn.execute(sql + " ORDER BY uid", values):
            yield {
                "uid": row["uid"], "name": row["name"], "client": row["client"], "kind": row["kind"],
                "start": row["start"], "end": row["end"], "notes": row["notes"],
                "agreed": _agreed_list(row["agreed"]), "followers": row["followers"],
                "created_at": row["created_at"],
            }

    def entries() -> Iterator[dict[str, Any]]:
        sql, values = where("e.date", "e.mission_id")
        for row in conn.execute(
            "SELECT e.*, m.uid AS mission_uid FROM entries e LEFT JOIN missions m ON m.id = e.mission_id"
            + sql + " ORDER BY e.date, e.uid",
            values,
        ):
            yield {
                "uid": row["uid"], "date": row["date"], "mission": row["mission_uid"], "task": row["task"],
                "minutes": row["minutes"], "activity": row["activity"], "verdict": row["verdict"],
                "category": row["category"], "family": row["family"], "score": row["score"],
                "matched": row["matched"], "people": row["people"], "created_at": row["created_at"],
            }

    def checkins() -> Iterator[dict[str, Any]]:
        sql, values = where("date", None)
        if mission is not None:
            sql += " AND date IN (SELECT date FROM entries WHERE mission_id = ?)"
            values.append(mission)
        for row in conn.execute("SELECT * FROM checkins" + sql + " ORDER BY date", values):
            yield {key: row[key] for key in CHECKIN_KEYS}

    def plan_items() -> Iterator[dict[str, Any]]:
        sql, values = where("p.date", "p.mission_id")
        for row in conn.execute(
            "SELECT p.*, m.uid AS mission_uid FROM plan_items p LEFT JOIN missions m ON m.id = p.mission_id"
            + sql + " ORDER BY p.date, p.position, p.uid",
            values,
        ):
            yield {
                "uid": row["uid"], "date": row["date"], "position": row["position"], "task": row["task"],
                "mission": row["mission_uid"], "verdict": row["verdict"], "family": row["family"],
                "category": row["category"], "decision": row["decision"], "created_at": row["created_at"],
            }

    def assessments() -> Iterator[dict[str, Any]]:
        sql, values = where("a.date", "a.mission_id")
        for row in conn.execute(
            "SELECT a.*, m.uid AS mission_uid FROM assessments a JOIN missions m ON m.id = a.mission_id"
            + sql + " ORDER BY a.date, a.uid",
            values,
        ).fetchall():  # few rows; each is followed by a query of its answers
            answers = [
                {"question_id": a[0], "score": a[1], "note": a[2]}
                for a in conn.execute(
                    "SELECT question_id, score, note FROM assessment_answers WHERE assessment_id = ?"
                    " ORDER BY rowid",
                    (row["id"],),
                )
            ]
            yield {
                "uid": row["uid"], "mission": row["mission_uid"], "date": row["date"],
                "period_start": row["period_start"], "period_end": row["period_end"],
                "created_at": row["created_at"], "answers": answers,
            }

    yield "missions", missions()
    yield "entries", entries()
    yield "checkins", checkins()
    yield "plan_items", plan_items()
    yield "assessments", assessments()


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
                "mission": scope.mission and _mission_name(conn, scope),
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
        settings = {key: value for key, value in conn.execute("SELECT key, value FROM settings ORDER BY key")}
        out.write(f'  "settings": {_line(settings)}\n')
        out.write("}\n")


def _mission_name(conn: sqlite3.Connection, scope: Scope) -> str:
    return conn.execute("SELECT name FROM missions WHERE id = ?", (mission_id(conn, scope),)).fetchone()[0]




@register("json")
def write(conn: sqlite3.Connection, scope: Scope, out: TextIO) -> None:
    dump(conn, scope, out)
