"""The records of :mod:`cm_coach.models` that only some commands use: check-ins and their
plan, people, follow-ups, ideas and the running timer (read them as ``cm_coach.models.X``),
and what the morning check-in shows of a past day's plan and of people."""

from __future__ import annotations

from datetime import date, datetime

from cm_coach.record import Record, field


class PlanItem(Record):
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


class Checkin(Record):
    """The morning check-in of one day: the question asked and its answer, the minutes of dialogue
    intended, the energy, and the day's plan."""

    date: date
    prompt_id: str
    answer: str
    intention_minutes: int | None
    energy: int | None
    plan: tuple[PlanItem, ...] = field(default_factory=tuple)
    prompt_text: str | None = None  # the question as it was shown (None: the catalogue's)


class Person(Record):
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


class FollowUp(Record):
    """Something to come back to with one person, due on a day or not, until it is done."""

    id: int
    uid: str
    person: str
    text: str
    due: date | None
    done: date | None
    person_tags: tuple[str, ...] = ()


class Idea(Record):
    """An idea for content, often heard from someone in an exchange, kept until a content entry uses it."""

    id: int
    uid: str
    date: date
    text: str
    person: str | None
    mission: str | None
    entry_id: int | None  # the content entry that used it


class RunningTimer(Record):
    """The one timer that may run (``cm-coach start``): what, for whom, since when."""

    task: str
    started_at: datetime
    mission: str | None = None
    activity: str | None = None
    people: str | None = None  # the names given with ``--with``, as typed
    plan_item_id: int | None = None


# --- what the morning check-in shows (read in a second process too: cm_coach.tui.prefetch) --


class PlanRow(Record):
    """One row of a day's plan, and the entry it became once done."""

    id: int
    date: date
    task: str
    mission: str | None
    decision: str  # keep | agreed | handoff
    entry_id: int | None  # the entry it became
    with_people: tuple[str, ...] = ()  # the people it is with: the entry's exchanges

    @property
    def done(self) -> bool:
        """Whether an entry logged the row."""
        return self.entry_id is not None


class PlanRecap(Record):
    """A past day: its plan, done or not, and the intended time with people against the actual."""

    date: date
    rows: tuple[PlanRow, ...]
    intention_minutes: int | None
    people_minutes: int

    @property
    def planned(self) -> int:
        """The rows planned, hand-offs aside: what the CM meant to do themselves."""
        return sum(1 for row in self.rows if row.decision != "handoff")

    @property
    def done(self) -> int:
        """Of the rows kept, how many became an entry."""
        return sum(1 for row in self.rows if row.decision != "handoff" and row.done)


class Quiet(Record):
    """A key person not spoken to for their tag's N days or more (``days`` None: never spoken to)."""

    person: Person
    days: int | None  # since the last exchange; None: never exchanged with
    limit: int  # the tag's N


class Morning(Record):
    """What the check-in shows about people: who is waiting, who has gone quiet, and the
    ideas the community gave that no post has used yet."""

    waiting: list[FollowUp] = field(default_factory=list)
    quiet: list[Quiet] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.waiting or self.quiet or self.ideas)
