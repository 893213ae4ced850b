"""Plain dataclasses that travel from the store to the CLI and the TUI."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

MISSION_KINDS = ("freelance", "employee")
RATE_UNITS = ("hour", "day")
MAX_RATE = 1_000_000
OUTSIDE_FAMILIES = ("advertising", "customer_service", "other")
VERDICTS = ("inside", "outside", "unsure")
MAX_TASK_LENGTH = 2000
MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 20_000
MAX_PEOPLE = 100_000


def name_key(name: str) -> str:
    """The one rule for "the same name": Unicode case folding after NFKC, so that
    « Éclair » and « éclair », or « Straße » and « STRASSE », are one mission (or one
    person), in the database's unique index and in an import alike."""
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


@dataclass(frozen=True)
class Mission:
    id: int
    uid: str
    name: str
    client: str | None
    kind: str
    start: date | None
    end: date | None
    notes: str | None
    agreed: tuple[str, ...] = ()
    followers: int | None = None
    rate: float | None = None  # what the client pays per rate_unit, for the report's amounts
    rate_unit: str | None = None  # hour | day

    def is_active(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Entry:
    id: int
    uid: str
    date: date
    mission: str | None
    task: str
    minutes: int
    activity: str
    verdict: str
    family: str | None
    category: str | None
    score: int | None
    matched: str | None
    people: int | None = None
    agreed: bool = False  # set by the core (core.scope.is_agreed), never by the store
    mission_agreed: tuple[str, ...] = ()  # what the entry's mission agreed to
    activity_source: str | None = None  # model | phrase | correction | user (who chose the activity)


@dataclass(frozen=True)
class PlanItem:
    task: str
    decision: str  # keep | agreed | handoff
    verdict: str = "unsure"
    family: str | None = None
    category: str | None = None
    mission: str | None = None


@dataclass(frozen=True)
class Checkin:
    date: date
    prompt_id: str
    answer: str
    intention_minutes: int | None
    energy: int | None
    plan: tuple[PlanItem, ...] = field(default_factory=tuple)
