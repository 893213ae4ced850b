"""Reading a JSON export back (``cm-coach import``): every check is made on the whole file
before a single row is written, then everything is merged in one transaction.

Records are matched by their stable ids (``uid``; check-ins by date, settings by key), so
importing a file twice, or into a journal that already holds part of it, adds no duplicate.
The writing side is ``to_json``; together they make export → import → export identical.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cm_coach.core.content import activities
from cm_coach.core.export.to_json import CHECKIN_KEYS, FORMAT, VERSION
from cm_coach.errors import CoachError, MessageKey
from cm_coach.models import (
    MAX_NAME_LENGTH,
    MAX_PEOPLE,
    MAX_TASK_LENGTH,
    MAX_TEXT_LENGTH,
    MISSION_KINDS,
    OUTSIDE_FAMILIES,
    VERDICTS,
    name_key,
)

MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_UID_LENGTH = 64
MAX_SHORT_TEXT = 200
DECISIONS = ("keep", "agreed", "handoff")
TABLES = ("missions", "entries", "checkins", "plan_items", "assessments", "settings")

MISSION_KEYS = ("uid", "name", "client", "kind", "start", "end", "notes", "agreed", "followers", "created_at")
ENTRY_KEYS = (
    "uid",
    "date",
    "mission",
    "task",
    "minutes",
    "activity",
    "verdict",
    "category",
    "family",
    "score",
    "matched",
    "people",
    "created_at",
)
PLAN_KEYS = (
    "uid",
    "date",
    "position",
    "task",
    "mission",
    "verdict",
    "family",
    "category",
    "decision",
    "created_at",
)
ASSESSMENT_KEYS = ("uid", "mission", "date", "period_start", "period_end", "created_at", "answers")
ANSWER_KEYS = ("question_id", "score", "note")
REVIEW_KEYS = ("week", "answer", "created_at", "updated_at")


# --- reading and checking --------------------------------------------------------------


@dataclass
class Document:
    """A checked import file, ready to be written."""

    source: str
    missions: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    checkins: list[dict[str, Any]] = field(default_factory=list)
    plan_items: list[dict[str, Any]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    weekly_reviews: list[dict[str, Any]] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)


class _Checker:
    """Type and range checks that name the faulty place (``entries[12].minutes``)."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, place: str, problem: str, **params: object) -> CoachError:
        return CoachError(f"export.import.bad.{problem}", file=self.source, place=place, **params)

    def record(self, value: Any, place: str, keys: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(place, "not_object")
        for key in keys:
            if key not in value:
                raise self.fail(f"{place}.{key}", "missing")
        for key in value:
            if key not in keys:
                raise self.fail(f"{place}.{str(key)[:40]}", "unknown_key")
        return value

    def text(
        self,
        value: Any,
        place: str,
        *,
        optional: bool = False,
        max_length: int = MAX_SHORT_TEXT,
        empty: bool = True,
    ) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.fail(place, "not_text" if not optional else "not_text_or_null")
        if len(value) > max_length:
            raise self.fail(place, "too_long", max=max_length)
        if not empty and not value.strip():
            raise self.fail(place, "empty")
        return value

    def integer(self, value: Any, place: str, low: int, high: int, *, optional: bool = False) -> int | None:
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(place, "not_integer" if not optional else "not_integer_or_null")
        if not low <= value <= high:
            raise self.fail(place, "out_of_range", low=low, high=high)
        return value

    def day(self, value: Any, place: str, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.fail(place, "not_date")
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise self.fail(place, "not_date") from None
        if parsed.isoformat() != value:
            raise self.fail(place, "not_date")
        return value

    def choice(
        self, value: Any, place: str, choices: tuple[str, ...], *, optional: bool = False
    ) -> str | None:
        if value is None and optional:
            return None
        if value not in choices:
            raise self.fail(place, "not_choice", choices=", ".join(choices))
        return value

    def uid(self, value: Any, place: str, seen: set[str]) -> str:
        text = self.text(value, place, max_length=MAX_UID_LENGTH, empty=False)
        assert text is not None
        if text in seen:
            raise self.fail(place, "duplicate", value=text)
        seen.add(text)
        return text

    def items(self, value: Any, place: str) -> list:
        if not isinstance(value, list):
            raise self.fail(place, "not_list")
        return value


def read_file(path: Path) -> Document:
    """Read and check a whole import file. Any problem raises a :class:`CoachError` naming
    the place; nothing is written anywhere."""
    source = str(path)
    try:
        size = path.stat().st_size
        folder = path.is_dir()
    except FileNotFoundError:
        raise CoachError("export.import.missing", file=source) from None
    except (OSError, ValueError):  # permission, name too long, an embedded NUL byte
        raise CoachError("export.import.unreadable", file=source) from None
    if folder:
        raise CoachError("export.import.unreadable", file=source)
    if size > MAX_IMPORT_BYTES:
        raise CoachError(
            "export.import.too_big",
            file=source,
            size=size // (1024 * 1024),
            max=MAX_IMPORT_BYTES // (1024 * 1024),
        )
    try:
        raw = path.read_bytes()
    except OSError:
        raise CoachError("export.import.unreadable", file=source) from None
    return parse(raw, source)


# The json module's reasons are English sentences: each becomes one of our message keys.
_JSON_REASONS = {
    "Expecting value": "value",
    "Expecting property name enclosed in double quotes": "property_name",
    "Expecting ',' delimiter": "comma",
    "Expecting ':' delimiter": "colon",
    "Unterminated string starting at": "unterminated",
    "Invalid control character at": "control",
    "Invalid \\escape": "escape",
    "Invalid \\uXXXX escape": "escape",
    "Extra data": "extra",
    "Illegal trailing comma before end of object": "trailing_comma",
    "Illegal trailing comma before end of array": "trailing_comma",
}


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed")


def parse(raw: bytes, source: str) -> Document:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CoachError("export.import.not_utf8", file=source, offset=error.start) from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise CoachError(
            "export.import.malformed",
            file=source,
            line=error.lineno,
            column=error.colno,
            reason=MessageKey(f"export.import.json.{_JSON_REASONS.get(error.msg, 'other')}"),
        ) from None
    except RecursionError:
        raise CoachError("export.import.too_deep", file=source) from None
    except ValueError:  # NaN / Infinity
        raise CoachError(
            "export.import.malformed",
            file=source,
            line="?",
            column="?",
            reason=MessageKey("export.import.json.constant"),
        ) from None
    return check(data, source)


def check(data: Any, source: str) -> Document:
    c = _Checker(source)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CoachError("export.import.not_ours", file=source)
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        raise CoachError(
            "export.import.unknown_version", file=source, version=_short(version), supported=VERSION
        )
    optional = ("weekly_reviews",)  # written only when the journal has some
    c.record(
        {name: None for name in optional} | data, "$", ("format", "version", "scope", *TABLES, *optional)
    )
    scope = data["scope"]
    c.record(scope, "scope", ("start", "end", "mission"))
    c.day(scope["start"], "scope.start", optional=True)
    c.day(scope["end"], "scope.end", optional=True)
    c.text(scope["mission"], "scope.mission", optional=True, max_length=MAX_NAME_LENGTH)
    document = Document(source)

    seen: set[str] = set()
    names: set[str] = set()
    for index, item in enumerate(c.items(data["missions"], "missions")):
        place = f"missions[{index}]"
        c.record(item, place, MISSION_KEYS)
        c.uid(item["uid"], f"{place}.uid", seen)
        name = c.text(item["name"], f"{place}.name", max_length=MAX_NAME_LENGTH, empty=False)
        assert name is not None
        if name_key(name) in names:
            raise c.fail(f"{place}.name", "duplicate", value=name)
        names.add(name_key(name))
        c.text(item["client"], f"{place}.client", optional=True, max_length=MAX_NAME_LENGTH)
        c.choice(item["kind"], f"{place}.kind", MISSION_KINDS)
        c.day(item["start"], f"{place}.start", optional=True)
        c.day(item["end"], f"{place}.end", optional=True)
        c.text(item["notes"], f"{place}.notes", optional=True, max_length=MAX_TEXT_LENGTH)
        for position, family in enumerate(c.items(item["agreed"], f"{place}.agreed")):
            c.choice(family, f"{place}.agreed[{position}]", OUTSIDE_FAMILIES)
        c.integer(item["followers"], f"{place}.followers", 0, 10**12, optional=True)
        c.text(item["created_at"], f"{place}.created_at", optional=True)
        document.missions.append(item)
    mission_uids = seen

    def mission_ref(value: Any, place: str, *, optional: bool = True) -> None:
        if value is None and optional:
            return
        c.text(value, place, max_length=MAX_UID_LENGTH, empty=False)
        if value not in mission_uids:
            raise c.fail(place, "unknown_mission", value=_short(value))

    known_activities = tuple(activities())
    seen = set()
    for index, item in enumerate(c.items(data["entries"], "entries")):
        place = f"entries[{index}]"
        c.record(item, place, ENTRY_KEYS)
        c.uid(item["uid"], f"{place}.uid", seen)
        c.day(item["date"], f"{place}.date")
        mission_ref(item["mission"], f"{place}.mission")
        c.text(item["task"], f"{place}.task", max_length=MAX_TASK_LENGTH, empty=False)
        c.integer(item["minutes"], f"{place}.minutes", 1, 1440)
        c.choice(item["activity"], f"{place}.activity", known_activities)
        c.choice(item["verdict"], f"{place}.verdict", VERDICTS, optional=True)
        c.text(item["category"], f"{place}.category", optional=True)
        c.text(item["family"], f"{place}.family", optional=True)
        c.integer(item["score"], f"{place}.score", -1000, 1000, optional=True)
        c.text(item["matched"], f"{place}.matched", optional=True, max_length=MAX_TASK_LENGTH)
        c.integer(item["people"], f"{place}.people", 0, MAX_PEOPLE, optional=True)
        c.text(item["created_at"], f"{place}.created_at", optional=True)
        document.entries.append(item)

    dates: set[str] = set()
    for index, item in enumerate(c.items(data["checkins"], "checkins")):
        place = f"checkins[{index}]"
        c.record(item, place, CHECKIN_KEYS)
        day = c.day(item["date"], f"{place}.date")
        if day in dates:
            raise c.fail(f"{place}.date", "duplicate", value=day)
        dates.add(day or "")
        c.text(item["prompt_id"], f"{place}.prompt_id", empty=False)
        c.text(item["answer"], f"{place}.answer", optional=True, max_length=MAX_TEXT_LENGTH)
        c.integer(item["intention_minutes"], f"{place}.intention_minutes", 0, 1440, optional=True)
        c.integer(item["energy"], f"{place}.energy", 1, 5, optional=True)
        c.text(item["created_at"], f"{place}.created_at", optional=True)
        c.text(item["updated_at"], f"{place}.updated_at", optional=True)
        document.checkins.append(item)

    seen = set()
    for index, item in enumerate(c.items(data["plan_items"], "plan_items")):
        place = f"plan_items[{index}]"
        c.record(item, place, PLAN_KEYS)
        c.uid(item["uid"], f"{place}.uid", seen)
        c.day(item["date"], f"{place}.date")
        c.integer(item["position"], f"{place}.position", 0, 10_000, optional=True)
        c.text(item["task"], f"{place}.task", max_length=MAX_TASK_LENGTH, empty=False)
        mission_ref(item["mission"], f"{place}.mission")
        c.choice(item["verdict"], f"{place}.verdict", VERDICTS, optional=True)
        c.text(item["family"], f"{place}.family", optional=True)
        c.text(item["category"], f"{place}.category", optional=True)
        c.choice(item["decision"], f"{place}.decision", DECISIONS)
        c.text(item["created_at"], f"{place}.created_at", optional=True)
        document.plan_items.append(item)

    seen = set()
    for index, item in enumerate(c.items(data["assessments"], "assessments")):
        place = f"assessments[{index}]"
        c.record(item, place, ASSESSMENT_KEYS)
        c.uid(item["uid"], f"{place}.uid", seen)
        mission_ref(item["mission"], f"{place}.mission", optional=False)
        c.day(item["date"], f"{place}.date")
        c.day(item["period_start"], f"{place}.period_start", optional=True)
        c.day(item["period_end"], f"{place}.period_end", optional=True)
        c.text(item["created_at"], f"{place}.created_at", optional=True)
        questions: set[str] = set()
        for position, answer in enumerate(c.items(item["answers"], f"{place}.answers")):
            where = f"{place}.answers[{position}]"
            c.record(answer, where, ANSWER_KEYS)
            question = c.text(answer["question_id"], f"{where}.question_id", empty=False)
            if question in questions:
                raise c.fail(f"{where}.question_id", "duplicate", value=question)
            questions.add(question or "")
            c.integer(answer["score"], f"{where}.score", 1, 5)
            c.text(answer["note"], f"{where}.note", optional=True, max_length=MAX_TEXT_LENGTH)
        document.assessments.append(item)

    weeks: set[str] = set()
    for index, item in enumerate(c.items(data.get("weekly_reviews") or [], "weekly_reviews")):
        place = f"weekly_reviews[{index}]"
        c.record(item, place, REVIEW_KEYS)
        week = c.day(item["week"], f"{place}.week")
        if week in weeks:
            raise c.fail(f"{place}.week", "duplicate", value=week)
        weeks.add(week or "")
        c.text(item["answer"], f"{place}.answer", max_length=MAX_TEXT_LENGTH)
        c.text(item["created_at"], f"{place}.created_at", optional=True)
        c.text(item["updated_at"], f"{place}.updated_at", optional=True)
        document.weekly_reviews.append(item)

    settings = data["settings"]
    if not isinstance(settings, dict):
        raise c.fail("settings", "not_object")
    for key, value in settings.items():
        c.text(key, "settings", empty=False)
        c.text(value, f"settings.{key[:40]}", max_length=MAX_TEXT_LENGTH)
    document.settings = dict(settings)
    return document


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:39] + "…"


# --- writing an import -------------------------------------------------------------------


@dataclass
class ImportReport:
    tables: dict[str, tuple[int, int]]  # table → (added, already there)
    backup: Path | None

    @property
    def added(self) -> int:
        return sum(added for added, _ in self.tables.values())

    @property
    def present(self) -> int:
        return sum(present for _, present in self.tables.values())


def import_file(
    conn: sqlite3.Connection, db_path: Path, document: Document, *, source: Path | None = None
) -> ImportReport:
    """Back the journal up (unless it is empty), then merge ``document`` in one transaction.

    Records already in the journal (same uid; check-ins by date; settings by key) are
    kept as they are: an import adds what is missing and never overwrites. A mission of
    the file whose name is already used by another mission of the journal is taken to be
    that mission. A day's plan is imported only if the journal has no plan for that day.
    """
    from cm_coach.store import assessments, exchange, review
    from cm_coach.store.copies import backup
    from cm_coach.store.db import transaction

    saved = None if exchange.is_empty(conn) else backup(conn, db_path, reason="pre-import")
    tables: dict[str, tuple[int, int]] = {}
    with transaction(conn):
        added = 0
        local: dict[str, int] = {}
        for item in document.missions:
            found = exchange.local_mission_id(conn, item["uid"], item["name"])
            if found is not None:
                local[item["uid"]] = found
                continue
            local[item["uid"]] = exchange.insert_mission(
                conn,
                (item["uid"], item["name"], item["client"], item["kind"], item["start"], item["end"],
                 item["notes"], ",".join(item["agreed"]), item["followers"], item["created_at"]),
            )  # fmt: skip
            added += 1
        tables["missions"] = (added, len(document.missions) - added)

        def ref(uid: str | None) -> int | None:
            return local[uid] if uid is not None else None

        def counted(name: str, added: int, total: int) -> None:
            tables[name] = (added, total - added)

        counted("entries", exchange.add_entries(
            conn,
            ((e["uid"], e["date"], ref(e["mission"]), e["task"], e["minutes"], e["activity"], e["verdict"],
              e["category"], e["family"], e["score"], e["matched"], e["people"], e["created_at"])
             for e in document.entries),
        ), len(document.entries))  # fmt: skip
        counted("checkins", exchange.add_checkins(
            conn,
            ((c["date"], c["prompt_id"], c["answer"], c["intention_minutes"], c["energy"], c["created_at"],
              c["updated_at"]) for c in document.checkins),
        ), len(document.checkins))  # fmt: skip
        planned = exchange.planned_days(conn)
        counted("plan_items", exchange.add_plan_items(
            conn,
            ((p["uid"], p["date"], p["position"], p["task"], ref(p["mission"]), p["verdict"], p["family"],
              p["category"], p["decision"], p["created_at"]) for p in document.plan_items
             if p["date"] not in planned),
        ), len(document.plan_items))  # fmt: skip

        added = 0
        for item in document.assessments:
            if exchange.has_assessment(conn, item["uid"]):
                continue
            assessments.insert(
                conn,
                (item["uid"], ref(item["mission"]), item["date"], item["period_start"], item["period_end"],
                 item["created_at"]),
                [(a["question_id"], a["score"], a["note"]) for a in item["answers"]],
            )  # fmt: skip
            added += 1
        tables["assessments"] = (added, len(document.assessments) - added)
        if document.weekly_reviews:
            counted("weekly_reviews", review.add_reviews(
                conn,
                [(r["week"], r["answer"], r["created_at"], r["updated_at"]) for r in document.weekly_reviews],
            ), len(document.weekly_reviews))  # fmt: skip
        counted("settings", exchange.add_settings(conn, document.settings), len(document.settings))
    return ImportReport(tables, saved)
