"""Plain records that travel from the store to the CLI and the TUI (:class:`~cm_coach.record.Record`:
dataclasses without the dataclasses module's cost).

The ones every journal command uses are defined here; the others (check-ins, people,
follow-ups, ideas, the timer) live in :mod:`cm_coach.models.records` and load on first use
(``models.Person`` or ``from cm_coach.models import Person`` work alike): an export needs
three of the thirteen.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from cm_coach.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from cm_coach.models.records import Checkin as Checkin
    from cm_coach.models.records import FollowUp as FollowUp
    from cm_coach.models.records import Idea as Idea
    from cm_coach.models.records import Person as Person
    from cm_coach.models.records import PlanItem as PlanItem
    from cm_coach.models.records import RunningTimer as RunningTimer

_IN_RECORDS = frozenset({"Checkin", "FollowUp", "Idea", "Person", "PlanItem", "RunningTimer"})

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


class Mission(Record):
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


class Entry(Record):
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


class MonthFigures(Record):
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


def __getattr__(name: str) -> object:
    """The records of :mod:`cm_coach.models.records`, loaded when first asked for."""
    if name in _IN_RECORDS:
        from cm_coach.models import records

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
