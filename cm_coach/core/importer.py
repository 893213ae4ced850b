"""Reading a JSON export back (``cm-coach import``): every check is made on the whole file
before a single row is written, then everything is merged in one transaction.

The checks are the app's own (:mod:`cm_coach.core.validate`): a file can hold nothing the
CLI or the TUI would refuse, so whatever an import accepts, every command, export and
screen can show. Values are read as the app would store them (a name's doubled spaces
become one, a note's ends are trimmed); what cannot be stored is refused with its place
(``entries[12].minutes``).

Records are matched by their stable ids (``uid``; check-ins by date, weekly reviews by
week, monthly figures by mission and month, settings by key; a mission or a person also
by name, a correction by its text), so importing a file twice, or into a journal that
already holds part of it, adds no duplicate. A record that is in both with other values
is reported; the journal's values are kept unless the user prefers the file's
(``--prefer-file``). The writing side is ``to_json``; together they make export → import →
export identical. Version 1 files (missions, entries, check-ins, plans, assessments,
settings) are still read.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cm_coach.core import validate
from cm_coach.core.content import activities
from cm_coach.core.export.to_json import FORMAT, READABLE_VERSIONS, VERSION
from cm_coach.core.inputs import read_limited
from cm_coach.errors import CoachError, MessageKey
from cm_coach.models import (
    MAX_NAME_LENGTH,
    MAX_PEOPLE,
    MAX_TASK_LENGTH,
    MAX_TEXT_LENGTH,
    MISSION_KINDS,
    VERDICTS,
    name_key,
)
from cm_coach.store import exchange

MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_UID_LENGTH = 64
MAX_SHORT_TEXT = 200
MAX_COUNT = 10**10
MAX_RATE = 10**9
DECISIONS = ("keep", "agreed", "handoff")
RATE_UNITS = ("hour", "day")
ANSWER_KEYS = ("question_id", "score", "note")
PERIOD_DAYS = 28  # an assessment's period when a file has none (core.assessment's rule)
SHOWN_DIFFERENCES = 10


# --- reading and checking --------------------------------------------------------------


@dataclass
class Document:
    """A checked import file, ready to be written: records as the app would store them."""

    source: str
    version: int = VERSION
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)


class _Checker:
    """Type and range checks that name the faulty place (``entries[12].minutes``)."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, place: str, problem: str, **params: object) -> CoachError:
        return CoachError(f"export.import.bad.{problem}", file=self.source, place=place, **params)

    def refused(self, place: str, reason: CoachError) -> CoachError:
        """The app's own check refused the value: say where, and why in the app's words."""
        return CoachError("safety.import.invalid", file=self.source, place=place, reason=reason)

    def record(self, value: Any, place: str, keys: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(place, "not_object")
        for key in keys:
            if key not in value:
                raise self.fail(f"{place}.{key}", "missing")
        for key in value:
            if key not in keys:
                raise self.fail(f"{place}.{validate.printable(str(key)[:40])}", "unknown_key")
        return value

    def text(
        self,
        value: Any,
        place: str,
        *,
        optional: bool = False,
        max_length: int = MAX_SHORT_TEXT,
        empty: bool = True,
        line_breaks: bool = False,
    ) -> str | None:
        """A machine value (an id, a category, a time stamp): exact, nothing unsafe, one line
        unless ``line_breaks``."""
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.fail(place, "not_text" if not optional else "not_text_or_null")
        if len(value) > max_length:
            raise self.fail(place, "too_long", max=max_length)
        if not empty and not value.strip():
            raise self.fail(place, "empty")
        try:
            return validate.safe(value, line_breaks=line_breaks)
        except CoachError as error:
            raise self.refused(place, error) from None

    def checked(self, value: Any, place: str, check: Callable[[str], Any], *, optional: bool = False) -> Any:
        """A text the app checks (a name, a task, a note): typed, then through ``check``."""
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.fail(place, "not_text" if not optional else "not_text_or_null")
        if len(value) > MAX_TEXT_LENGTH * 2:
            raise self.fail(place, "too_long", max=MAX_TEXT_LENGTH)
        try:
            return check(value)
        except CoachError as error:
            raise self.refused(place, error) from None

    def integer(self, value: Any, place: str, low: int, high: int, *, optional: bool = False) -> int | None:
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(place, "not_integer" if not optional else "not_integer_or_null")
        if not low <= value <= high:
            raise self.fail(place, "out_of_range", low=low, high=high)
        return value

    def number(self, value: Any, place: str, low: float, high: float) -> float | None:
        if value is None:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise CoachError("safety.import.not_number", file=self.source, place=place)
        if not low <= value <= high:  # NaN and infinities never reach here: the parser refuses them
            raise self.fail(place, "out_of_range", low=low, high=high)
        return float(value)

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
        try:
            validate.day(parsed)
        except CoachError as error:
            raise self.refused(place, error) from None
        return value

    def month(self, value: Any, place: str) -> str:
        if not isinstance(value, str) or len(value) != 7 or value[4:5] != "-":
            raise CoachError("safety.import.not_month", file=self.source, place=place)
        self.day(f"{value}-01", place)
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

    def unique(self, key: object, shown: object, place: str, seen: set) -> None:
        if key in seen:
            raise self.fail(place, "duplicate", value=validate.printable(str(shown))[:80])
        seen.add(key)


# What each field of each table may hold, checked by the app's rules. A check gets the
# value and its place, and returns the value as the app would store it.
Check = Callable[[_Checker, Any, str], Any]


def _short(optional: bool = True, max_length: int = MAX_SHORT_TEXT) -> Check:
    return lambda c, v, p: c.text(v, p, optional=optional, max_length=max_length, empty=optional)


def _int(low: int, high: int, optional: bool = True) -> Check:
    return lambda c, v, p: c.integer(v, p, low, high, optional=optional)


def _choice(choices: Callable[[], tuple[str, ...]], optional: bool = False) -> Check:
    return lambda c, v, p: c.choice(v, p, choices(), optional=optional)


def _day(optional: bool = False) -> Check:
    return lambda c, v, p: c.day(v, p, optional=optional)


def _text(check: Callable[[str], Any], optional: bool = True) -> Check:
    return lambda c, v, p: c.checked(v, p, check, optional=optional)


def _required_free_text(value: str) -> str:
    text = validate.free_text(value)
    if not text:
        raise CoachError("safety.text_empty")
    return text


def _tags(value: str) -> str | None:
    """A person's tags (``"member, ambassador"``): one line, as a name is."""
    text = validate.safe(" ".join(value.split()))
    if len(text) > MAX_TEXT_LENGTH:
        raise CoachError("errors.text_too_long", max=MAX_TEXT_LENGTH)
    return text or None


def _monday(c: _Checker, value: Any, place: str) -> str:
    text = c.day(value, place)
    assert text is not None
    if date.fromisoformat(text).weekday() != 0:
        raise CoachError("safety.import.not_monday", file=c.source, place=place)
    return text


def _families(c: _Checker, value: Any, place: str) -> list[str]:
    items = c.items(value, place)
    for position, family in enumerate(items):
        if not isinstance(family, str):
            raise c.fail(f"{place}[{position}]", "not_text")
    try:
        return list(validate.families(items))
    except CoachError as error:
        raise c.refused(place, error) from None


def _activities() -> tuple[str, ...]:
    return tuple(activities())


CHECKS: dict[str, dict[str, Check]] = {
    "missions": {
        "name": _text(validate.mission_name, optional=False),
        "client": _text(validate.optional_name),
        "kind": _choice(lambda: MISSION_KINDS),
        "start": _day(optional=True),
        "end": _day(optional=True),
        "notes": _text(validate.optional_free_text),
        "agreed": _families,
        "followers": _int(0, MAX_COUNT),
        "rate": lambda c, v, p: c.number(v, p, 0, MAX_RATE),
        "rate_unit": _choice(lambda: RATE_UNITS, optional=True),
        "created_at": _short(),
    },
    "people": {
        "name": _text(validate.name, optional=False),
        "platform": _text(validate.optional_name),
        "tags": _text(_tags),
        "note": _text(validate.optional_free_text),
        "created_at": _short(),
    },
    "person_missions": {},
    "entries": {
        "date": _day(),
        "task": _text(validate.task_text, optional=False),
        "minutes": _int(1, validate.MAX_MINUTES, optional=False),
        "activity": _choice(_activities),
        "activity_source": _short(),
        "verdict": _choice(lambda: VERDICTS, optional=True),
        "category": _short(),
        "family": _short(),
        "score": _int(-1000, 1000),
        "matched": _short(max_length=MAX_TASK_LENGTH),
        "people": _int(0, MAX_PEOPLE),
        "created_at": _short(),
    },
    "entry_people": {},
    "plan_item_people": {},
    "checkins": {
        "date": _day(),
        "prompt_id": _short(optional=False),
        "prompt_text": _text(validate.optional_free_text),
        "answer": _text(validate.free_text),
        "intention_minutes": _int(0, validate.MAX_MINUTES),
        "energy": _int(1, 5),
        "created_at": _short(),
        "updated_at": _short(),
    },
    "plan_items": {
        "date": _day(),
        "position": _int(0, 10_000),
        "task": _text(validate.task_text, optional=False),
        "verdict": _choice(lambda: VERDICTS, optional=True),
        "family": _short(),
        "category": _short(),
        "decision": _choice(lambda: DECISIONS),
        "created_at": _short(),
    },
    "assessments": {
        "date": _day(),
        "period_start": _day(optional=True),
        "period_end": _day(optional=True),
        "created_at": _short(),
    },
    "follow_ups": {
        "text": _text(_required_free_text, optional=False),
        "due": _day(optional=True),
        "done": _short(),
        "created_at": _short(),
    },
    "ideas": {
        "date": _day(),
        "text": _text(_required_free_text, optional=False),
        "created_at": _short(),
    },
    "mission_figures": {
        "month": lambda c, v, p: c.month(v, p),
        "followers": _int(0, MAX_COUNT),
        "interacting": _int(0, MAX_COUNT),
        "created_at": _short(),
    },
    "weekly_reviews": {
        "week": _monday,
        "answer": _text(validate.free_text),
        "created_at": _short(),
        "updated_at": _short(),
    },
    "corrections": {
        "text": _text(validate.task_text, optional=False),
        "text_key": _short(optional=False, max_length=MAX_TASK_LENGTH),
        "verdict": _choice(lambda: VERDICTS, optional=True),
        "family": _short(),
        "category": _short(),
        "activity": _choice(_activities, optional=True),
        "created_at": _short(),
    },
}
# Values that must be unique within a table (besides the uid and the key).
_UNIQUE = {"missions": "name", "people": "name", "corrections": "text_key"}


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
        raw = read_limited(path, MAX_IMPORT_BYTES, source=source)  # a FIFO or a device is refused
    except (OSError, ValueError):
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
    """The bytes of an import file as a checked document: not UTF-8, not JSON, too deep or not ours is a
    message naming the file (and the line and column of a JSON error), never a traceback."""
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
    """Check a decoded file completely; return it as the app would store it."""
    c = _Checker(source)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CoachError("export.import.not_ours", file=source)
    version = data.get("version")
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        raise CoachError(
            "export.import.unknown_version", file=source, version=_shown(version), supported=VERSION
        )
    tables = [table for table in exchange.TABLES if table.since <= version]
    if version == 1 and "weekly_reviews" in data:  # version 1 wrote them when the journal had some
        tables.append(exchange.BY_NAME["weekly_reviews"])
        tables.sort(key=exchange.TABLES.index)
    # A table left out (a hand-trimmed file, an older writer) is an empty one; a key that is
    # no table of this version is refused.
    names = tuple(t.name for t in tables)
    c.record({name: [] for name in names} | data, "$", ("format", "version", "scope", *names, "settings"))
    scope = data["scope"]
    c.record(scope, "scope", ("start", "end", "mission"))
    c.day(scope["start"], "scope.start", optional=True)
    c.day(scope["end"], "scope.end", optional=True)
    c.text(scope["mission"], "scope.mission", optional=True, max_length=MAX_NAME_LENGTH)
    document = Document(source, version)
    uids: dict[str, set[str]] = {}
    for table in tables:
        records = data.get(table.name, [])
        document.tables[table.name] = _check_table(c, table, records, max(version, table.since), uids)
    document.settings = _check_settings(c, data["settings"])
    return document


def _check_table(
    c: _Checker, table: exchange.Table, value: Any, version: int, uids: dict[str, set[str]]
) -> list[dict[str, Any]]:
    fields = table.fields_in(version)
    names = tuple(f.name for f in fields) + (("answers",) if table.name == "assessments" else ())
    checks = CHECKS[table.name]
    seen_uids: set[str] = set()
    seen_keys: set = set()
    seen_unique: set = set()
    checked = []
    for index, item in enumerate(c.items(value, table.name)):
        place = f"{table.name}[{index}]"
        c.record(item, place, names)
        record: dict[str, Any] = {}
        for f in fields:
            where = f"{place}.{f.name}"
            if f.name == "uid":
                record["uid"] = c.uid(item["uid"], where, seen_uids)
            elif f.ref is not None:
                record[f.name] = _reference(c, item[f.name], where, f, table, uids)
            else:
                record[f.name] = checks[f.name](c, item[f.name], where)
        if "uid" not in record:
            c.unique(
                tuple(record[k] for k in table.key),
                "/".join(str(record[k]) for k in table.key),
                place,
                seen_keys,
            )
        unique = _UNIQUE.get(table.name)
        if unique is not None:
            shown = record[unique]
            c.unique(name_key(shown) if unique == "name" else shown, shown, f"{place}.{unique}", seen_unique)
        _check_record(c, table.name, record, item, place)
        checked.append(record)
    uids[table.name] = seen_uids
    return checked


def _reference(
    c: _Checker, value: Any, place: str, f: exchange.Field, table: exchange.Table, uids: dict[str, set[str]]
) -> str | None:
    required = table.name in (
        "person_missions",
        "entry_people",
        "plan_item_people",
        "follow_ups",
        "mission_figures",
    ) or (table.name == "assessments" and f.name == "mission")
    if value is None and not required:
        return None
    c.text(value, place, max_length=MAX_UID_LENGTH, empty=False)
    if value not in uids.get(f.ref or "", set()):
        if f.ref == "missions":
            raise c.fail(place, "unknown_mission", value=_shown(value))
        raise CoachError("safety.import.unknown_ref", file=c.source, place=place, value=_shown(value))
    return value


def _check_record(c: _Checker, table: str, record: dict[str, Any], item: dict, place: str) -> None:
    """Rules that join two values of a record."""
    if table == "missions" and record["start"] and record["end"] and record["end"] < record["start"]:
        raise c.refused(
            f"{place}.end",
            CoachError("errors.mission_end_before_start", end=record["end"], start=record["start"]),
        )
    if table == "assessments":
        if record["period_start"] is None or record["period_end"] is None:  # older files: the usual weeks
            day = date.fromisoformat(record["date"])
            record["period_start"] = (day - timedelta(days=PERIOD_DAYS - 1)).isoformat()
            record["period_end"] = record["date"]
        if record["period_end"] < record["period_start"]:
            raise CoachError("safety.import.period_reversed", file=c.source, place=f"{place}.period_end")
        questions: set[str] = set()
        record["answers"] = []
        for position, answer in enumerate(c.items(item["answers"], f"{place}.answers")):
            where = f"{place}.answers[{position}]"
            c.record(answer, where, ANSWER_KEYS)
            question = c.text(answer["question_id"], f"{where}.question_id", empty=False)
            c.unique(question, question, f"{where}.question_id", questions)
            score = c.integer(answer["score"], f"{where}.score", 1, 5)
            note = c.checked(answer["note"], f"{where}.note", validate.optional_free_text, optional=True)
            record["answers"].append({"question_id": question, "score": score, "note": note})


def _check_settings(c: _Checker, settings: Any) -> dict[str, str]:
    if not isinstance(settings, dict):
        raise c.fail("settings", "not_object")
    checked = {}
    for key, value in settings.items():
        c.text(key, "settings", empty=False)
        place = f"settings.{validate.printable(key[:40])}"
        text = c.text(value, place, max_length=MAX_TEXT_LENGTH, line_breaks=True)
        if key == "dialogue_target":  # read on every start: it must be a share
            c.checked(value, place, validate.dialogue_target_fraction)
        checked[key] = text or ""
    return checked


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    text = validate.printable(text)
    return text if len(text) <= 40 else text[:39] + "…"


# --- writing an import -------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """A record in both the file and the journal, with other values."""

    table: str
    key: str  # its uid, or its natural key ("2026-10-01", "uid-3/2026-10")
    fields: tuple[str, ...]


@dataclass
class ImportReport:
    """What an import did: per table, the records added and those already there, the backup made first, and
    the records the file and the journal disagree on."""

    tables: dict[str, tuple[int, int]]  # table → (added, already there: same or different)
    backup: Path | None
    differences: list[Difference] = field(default_factory=list)
    prefer_file: bool = False

    @property
    def added(self) -> int:
        """Records added, all tables together."""
        return sum(added for added, _ in self.tables.values())

    @property
    def present(self) -> int:
        """Records already in the journal (the same or not), all tables together."""
        return sum(present for _, present in self.tables.values())


class _Merge:
    """One import, in one transaction: row ids of the records met, and what was found."""

    def __init__(self, conn: sqlite3.Connection, version: int, prefer_file: bool) -> None:
        self.conn = conn
        self.version = version
        self.prefer_file = prefer_file
        self.ids: dict[tuple[str, str], int] = {}  # (table, uid in the file) → local row id
        self.matched: set[tuple[str, int]] = set()
        self.differences: list[Difference] = []
        self.planned = exchange.planned_days(conn)

    def columns(self, table: exchange.Table, record: dict[str, Any]) -> dict[str, Any]:
        """The record as columns, references as the journal's row ids."""
        values: dict[str, Any] = {}
        for f in table.fields_in(max(self.version, table.since)):
            value = record[f.name]
            if f.ref is not None:
                value = self.ids[(f.ref, value)] if value is not None else None
            elif table.name == "missions" and f.name == "agreed":
                value = ",".join(value)
            values[f.col] = value
        return values

    def merge(self, table: exchange.Table, record: dict[str, Any]) -> bool:
        """Add the record, or compare it with the journal's; True when it was added."""
        if table.name == "plan_item_people" and ("plan_items", record["plan_item"]) not in self.ids:
            return False  # a row of a day whose plan the journal keeps: its people are the journal's
        values = self.columns(table, record)
        local = exchange.find(self.conn, table, values)
        if local is None and table.name in exchange.ALTERNATE_KEYS:
            local = exchange.find_alternate(self.conn, table, values)
            if local is not None and (table.name, local["_rowid"]) in self.matched:
                raise CoachError(
                    "safety.import.name_taken", table=_table_label(table.name), record=_key(table, record)
                )
        if local is None:
            if table.name == "plan_items" and record["date"] in self.planned:
                return False  # that day has its plan in the journal: a plan is replaced whole, not mixed
            rowid = exchange.insert(self.conn, table, values)
            self._remember(table, record, rowid)
            if table.name == "assessments":
                exchange.replace_answers(self.conn, rowid, _answers(record))
            return True
        self._remember(table, record, local["_rowid"])
        changed = [
            f.name
            for f in table.fields_in(max(self.version, table.since))
            if f.name != "uid" and values[f.col] != local[f.col]
        ]
        if table.name == "assessments" and exchange.local_answers(self.conn, local["_rowid"]) != _answers(
            record
        ):
            changed.append("answers")
        if changed:
            self.differences.append(Difference(table.name, _key(table, record), tuple(changed)))
            if self.prefer_file:
                self._take_file(table, local, values, changed, record)
        return False

    def _remember(self, table: exchange.Table, record: dict[str, Any], rowid: int) -> None:
        self.matched.add((table.name, rowid))
        if "uid" in record:
            self.ids[(table.name, record["uid"])] = rowid

    def _take_file(
        self,
        table: exchange.Table,
        local: sqlite3.Row,
        values: dict[str, Any],
        changed: list[str],
        record: dict,
    ) -> None:
        columns = {
            table.field(name).col: values[table.field(name).col] for name in changed if name != "answers"
        }
        unique = exchange.ALTERNATE_KEYS.get(table.name)
        if unique is not None and ((unique == "name_key" and "name" in columns) or unique in columns):
            other = exchange.find_alternate(self.conn, table, values)
            if other is not None and other["_rowid"] != local["_rowid"]:
                raise CoachError(
                    "safety.import.name_taken", table=_table_label(table.name), record=_key(table, record)
                )
        exchange.update(self.conn, table, local["_rowid"], columns)
        if "answers" in changed:
            exchange.replace_answers(self.conn, local["_rowid"], _answers(record))

    def settings(self, given: dict[str, str]) -> tuple[int, int]:
        added = 0
        for key, value in given.items():
            local = exchange.setting(self.conn, key)
            if local is None:
                exchange.put_setting(self.conn, key, value)
                added += 1
            elif local != value:
                self.differences.append(Difference("settings", key, ("value",)))
                if self.prefer_file:
                    exchange.put_setting(self.conn, key, value)
        return added, len(given) - added


def _table_label(name: str) -> MessageKey:
    return MessageKey(f"safety.table.{name}")


def _answers(record: dict[str, Any]) -> list[tuple[str, int, str | None]]:
    return [(a["question_id"], a["score"], a["note"]) for a in record["answers"]]


def _key(table: exchange.Table, record: dict[str, Any]) -> str:
    return "/".join(str(record[name]) for name in table.key)


def import_file(
    conn: sqlite3.Connection,
    db_path: Path,
    document: Document,
    *,
    source: Path | None = None,
    prefer_file: bool = False,
) -> ImportReport:
    """Back the journal up (unless it is empty), then merge ``document`` in one transaction.

    A record of the file that the journal lacks is added. A record in both (same uid; the
    same key; a mission or person of the same name, a correction of the same text) keeps
    the journal's values, and is reported when the file's differ, unless ``prefer_file``:
    then the file's values replace them. A day's plan is imported only if the journal has
    no plan for that day (a plan is replaced whole, never mixed).
    """
    from cm_coach.store.copies import backup
    from cm_coach.store.db import transaction

    saved = None if exchange.is_empty(conn) else backup(conn, db_path, reason="pre-import")
    counts: dict[str, tuple[int, int]] = {}
    merge = _Merge(conn, document.version, prefer_file)
    with transaction(conn):
        for table in exchange.TABLES:
            if table.name not in document.tables:  # not in this file's version
                continue
            records = document.tables[table.name]
            added = sum(merge.merge(table, record) for record in records)
            counts[table.name] = (added, len(records) - added)
        counts["settings"] = merge.settings(document.settings)
    return ImportReport(counts, saved, merge.differences, prefer_file)


def shown_differences(report: ImportReport) -> list[Difference]:
    """The differences worth a line each (the rest are counted)."""
    return report.differences[:SHOWN_DIFFERENCES]
