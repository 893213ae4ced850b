"""JSON: the complete, versioned journal (``{"format": "cm-coach", "version": 2, ...}``),
the one format that ``cm-coach import`` reads back without loss (see ``core.importer``).

Version 2 carries every table of the journal (``store.exchange.TABLES``: missions, people
and their missions, entries and the people met, check-ins with the prompt's text, plans
and the people of their rows, assessments, follow-ups, ideas, monthly figures, weekly
reviews, corrections) and the settings; the running timer and unsaved drafts are not part of it. Version 1 files (the
first six tables) are still read.

Records carry their stable ids (``uid``; check-ins by date, weekly reviews by week,
settings by key, links by the uids they join) and refer to other records by uid, never by
a local row id. A scoped export (a period, a mission) is self-contained: the people its
records mention travel with it, and a link to an entry outside it is left out (``null``).
Keys and records are written in a fixed order, one record per line as they are read, so
the same journal always gives the same bytes and a decade of journal never sits in memory.
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
VERSION = exchange.FORMAT_VERSION
READABLE_VERSIONS = (1, 2)


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def agreed_list(value: str | None) -> list[str]:
    """A mission's agreed families as the file writes them (the column holds ``"a,b"``)."""
    return [part for part in (value or "").split(",") if part]


def record(conn: sqlite3.Connection, table: exchange.Table, row: sqlite3.Row) -> dict[str, Any]:
    """One row as the file writes it (the importer compares with the same form)."""
    values = {field.name: row[field.name] for field in table.fields}
    if table.name == "missions":
        values["agreed"] = agreed_list(values["agreed"])
    if table.name == "assessments":
        values["answers"] = [
            {"question_id": question, "score": score, "note": note}
            for question, score, note in exchange.answers(conn, values["uid"])
        ]
    return values


def _records(
    conn: sqlite3.Connection, scope: exchange.Scope
) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    for table in exchange.TABLES:
        yield table.name, (record(conn, table, row) for row in exchange.rows(conn, table, scope))


def dump(conn: sqlite3.Connection, scope: Scope, out: TextIO) -> None:
    """Write the scope as the versioned JSON document, one record per line, as it is read."""
    with snapshot(conn):
        period = scope.period
        mission = mission_id(conn, scope)
        header = {
            "format": FORMAT,
            "version": VERSION,
            "scope": {
                "start": period.start.isoformat() if period else None,
                "end": period.end.isoformat() if period else None,
                "mission": scope.mission and exchange.mission_name(conn, mission or 0),
            },
        }
        out.write("{\n")
        for key, value in header.items():
            shown = _line(value) if isinstance(value, dict) else json.dumps(value)
            out.write(f"  {json.dumps(key)}: {shown},\n")
        selection = exchange.Scope((period.start, period.end) if period else None, mission)
        for name, records in _records(conn, selection):
            out.write(f'  "{name}": [')
            first = True
            for item in records:
                out.write(("\n    " if first else ",\n    ") + _line(item))
                first = False
            out.write("]" if first else "\n  ]")
            out.write(",\n")
        out.write(f'  "settings": {_line(exchange.settings(conn))}\n')
        out.write("}\n")


@register("json")
def write(conn: sqlite3.Connection, scope: Scope, out: TextIO) -> None:
    """The scope as the versioned JSON document that ``import`` reads back (see :func:`dump`)."""
    dump(conn, scope, out)
