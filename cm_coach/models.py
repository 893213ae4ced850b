"""Plain dataclasses that travel from the store to the CLI and the TUI."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

MISSION_KINDS = ("freelance", "employee")
RATE_UNITS = ("hour", "day")
MAX_RATE = 1_000_000
OUTSIDE_FAMILIES = ("advertising", "customer_service", "other")
VERDICTS = ("inside", "outside", "unsure")
MAX_TASK_LENGTH = 2000
MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 20_000
MAX_PEOPLE = 100_000
MIN_YEAR = 1970  # every date the journal holds lies within these years (core.validate.day)
MAX_YEAR = 2100


class Minutes(int):
    """A number of minutes given to a message: shown as a duration in the reader's language
    (« 1 h 30 », "1h 30m") when the message is rendered, like a date is."""


def name_key(name: str) -> str:
    """The one rule for "the same name": Unicode case folding after NFKC, so that
    « Éclair » and « éclair », or « Straße » and « STRASSE », are one mission (or one
    person), in the database's unique index and in an import alike."""
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


@dataclass(frozen=True)
class Mission:
    """A client or employer the CM works for: its dates, the outside tasks the client agreed to, and the
    rate the report's amounts are billed at."""

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
        """Whether the mission runs on ``on``: started by then (or no start) and not ended before it."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Entry:
    """One piece of work in the journal: the task as typed, its minutes, and the judgement on it (activity,
    verdict, category), with the people it was an exchange with."""

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
    people: int | None = None  # an unnamed headcount (``log --people N``), counted apart
    agreed: bool = False  # set by the core (core.scope.is_agreed), never by the store
    mission_agreed: tuple[str, ...] = ()  # what the entry's mission agreed to
    activity_source: str | None = None  # model | phrase | correction | user (who chose the activity)
    with_people: tuple[str, ...] = ()  # the names of the people the entry is an exchange with


@dataclass(frozen=True)
class PlanItem:
    """A task the morning check-in plans for the day, and what the CM decided for it: keep it
    (``keep``), do it as agreed with the client (``agreed``) or hand it to the team in charge
    (``handoff``)."""

    task: str
    decision: str  # keep | agreed | handoff
    verdict: str = "unsure"
    family: str | None = None
    category: str | None = None
    mission: str | None = None
    with_people: tuple[str, ...] = ()  # the people the task is with: their entry's exchanges


@dataclass(frozen=True)
class Checkin:
    """The morning check-in of one day: the question asked and its answer, the minutes of dialogue
    intended, the energy, and the day's plan."""

    date: date
    prompt_id: str
    answer: str
    intention_minutes: int | None
    energy: int | None
    plan: tuple[PlanItem, ...] = field(default_factory=tuple)
    prompt_text: str | None = None  # the question as it was shown (None: the catalogue's)


@dataclass(frozen=True)
class Person:
    """Someone the CM exchanges with, as the CM knows them: a handle or a first name,
    and nothing the CM did not write (no profile is ever fetched)."""

    id: int
    uid: str
    name: str
    platform: str | None = None
    tags: tuple[str, ...] = ()
    note: str | None = None
    missions: tuple[str, ...] = ()
    first_exchange: date | None = None
    last_exchange: date | None = None
    exchanges: int = 0  # entries linked to the person
    open_follow_ups: int = 0


@dataclass(frozen=True)
class FollowUp:
    """Something to come back to with one person, due on a day or not, until it is done."""

    id: int
    uid: str
    person: str
    text: str
    due: date | None
    done: date | None
    person_tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Idea:
    """An idea for content, often heard from someone in an exchange, kept until a content entry uses it."""

    id: int
    uid: str
    date: date
    text: str
    person: str | None
    mission: str | None
    entry_id: int | None  # the content entry that used it


@dataclass(frozen=True)
class MonthFigures:
    """What the platform says for one mission and one month (``YYYY-MM``)."""

    month: str
    followers: int | None
    interacting: int | None

    @property
    def ratio(self) -> float | None:
        """Accounts that interacted per follower, when both are known."""
        if self.followers and self.interacting is not None:
            return self.interacting / self.followers
        return None


@dataclass(frozen=True)
class RunningTimer:
    """The one timer that may run (``cm-coach start``): what, for whom, since when."""

    task: str
    started_at: datetime
    mission: str | None = None
    activity: str | None = None
    people: str | None = None  # the names given with ``--with``, as typed
    plan_item_id: int | None = None
