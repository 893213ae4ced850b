"""People: who the CM exchanges with, who is waiting for an answer, who has gone quiet,
and the ideas they bring.

A person is a handle or a first name as the CM knows them (``@lea.cuisine``, « Marc du
forum »), with a platform, tags, missions and a private note; nothing else is stored and
nothing leaves the machine. An exchange is an entry linked to the person, so first and last
exchange are always read from the journal itself.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from cm_coach.core import validate
from cm_coach.core.ids import new_uid
from cm_coach.core.missions import require_mission
from cm_coach.core.people_quiet import QUIET_SETTING, quiet_days
from cm_coach.errors import CoachError, MessageKey
from cm_coach.models import Entry, FollowUp, Idea, Person, name_key
from cm_coach.models.records import Morning, Quiet  # records the check-in shows (were here)
from cm_coach.store import people as store
from cm_coach.store import queries
from cm_coach.store.db import transaction

SUGGESTIONS = 3


class UnknownPeople(CoachError):
    """Names that match nobody (or several people): the CLI says so, the TUI offers to
    create them. ``closest`` maps each typed name to the nearest known names."""

    def __init__(
        self, names: list[str], closest: dict[str, list[str]], key: str = "people.errors.unknown"
    ) -> None:
        near = list(dict.fromkeys(known for name in names for known in closest.get(name, [])))
        super().__init__(
            key,
            names=", ".join(names),
            closest=", ".join(near) if near else MessageKey("people.errors.nobody_close"),
        )
        self.names = names
        self.closest = closest


@dataclass(frozen=True)
class Linked:
    """One name given with ``--with``, as it was resolved."""

    person_id: int
    name: str  # the person's name in the journal
    typed: str  # what the CM typed
    created: bool = False


# --- names ------------------------------------------------------------------------------------


def match_key(name: str) -> str:
    """The key a typed name is looked up by: the one rule for "the same name"
    (:func:`models.name_key`), without accents and without a leading ``@``, so that
    « lea » finds ``@Léa``."""
    folded = unicodedata.normalize("NFKD", name_key(name))
    return "".join(char for char in folded if not unicodedata.combining(char)).lstrip("@")


def split_names(text: str | Sequence[str] | None) -> list[str]:
    """``"@lea, Marc du forum"`` → ``["@lea", "Marc du forum"]`` (duplicates dropped)."""
    if text is None:
        return []
    parts = text.split(",") if isinstance(text, str) else [p for item in text for p in str(item).split(",")]
    seen: set[str] = set()
    names = []
    for part in parts:
        cleaned = " ".join(part.split())
        if cleaned and name_key(cleaned) not in seen:
            seen.add(name_key(cleaned))
            names.append(cleaned)
    return names


def _find(typed: str, known: list[tuple[int, str]]) -> tuple[int | None, list[str]]:
    """The one person ``typed`` names (exactly, or as the only name it starts), else the
    candidates to suggest."""
    key = name_key(typed)
    for person_id, name in known:
        if name_key(name) == key:
            return person_id, []
    wanted = match_key(typed)
    exact = [(pid, name) for pid, name in known if match_key(name) == wanted]
    if len(exact) == 1:
        return exact[0][0], []
    starting = [(pid, name) for pid, name in known if match_key(name).startswith(wanted)] if wanted else []
    if len(starting) == 1:
        return starting[0][0], []
    if starting:
        return None, [name for _, name in starting[:SUGGESTIONS]]
    return None, closest_names(typed, [name for _, name in known])


def closest_names(typed: str, names: list[str]) -> list[str]:
    """The known names nearest to ``typed`` (rapidfuzz, only when a name was not found)."""
    if not names:
        return []
    from rapidfuzz import fuzz, process

    keys = [match_key(name) for name in names]
    found = process.extract(match_key(typed), keys, scorer=fuzz.WRatio, limit=SUGGESTIONS, score_cutoff=60)
    return [names[index] for _, _, index in found]


def resolve(
    conn: sqlite3.Connection, names: Iterable[str], *, create: bool = False, day: date | None = None
) -> list[Linked]:
    """The people named in ``names``; with ``create``, the unknown ones are added (call it
    inside the caller's transaction: nothing is written if a name is refused)."""
    typed_names = [validate.person_name(name) for name in names]
    if not typed_names:
        return []
    known = store.person_names(conn)
    linked: list[Linked] = []
    unknown: list[str] = []
    closest: dict[str, list[str]] = {}
    by_id = dict(known)
    for typed in typed_names:
        person_id, suggestions = _find(typed, known)
        if person_id is not None:
            linked.append(Linked(person_id, by_id[person_id], typed))
        elif create:
            new_id = store.insert_person(conn, _new_person_values(typed))
            known.append((new_id, typed))
            by_id[new_id] = typed
            linked.append(Linked(new_id, typed, typed, created=True))
        else:
            unknown.append(typed)
            closest[typed] = suggestions
    if unknown:
        raise UnknownPeople(unknown, closest)
    return linked


def named_people(
    conn: sqlite3.Connection, names: str | Sequence[str] | None, *, create: bool = False
) -> tuple[str, ...]:
    """The people ``names`` designates, as the journal writes their names, by the one rule of
    ``--with`` (an unknown name raises :class:`UnknownPeople`); with ``create`` the unknown
    ones are added, in one transaction. For a "with whom" typed before anything is saved."""
    with transaction(conn):
        linked = resolve(conn, split_names(names), create=create)
    return tuple(dict.fromkeys(item.name for item in linked))


def _new_person_values(name: str, **values: object) -> dict:
    return {"uid": new_uid(), "name": name, "name_key": name_key(name), **values}


def link_exchange(
    conn: sqlite3.Connection, entry_id: int, linked: Sequence[Linked], mission_id: int | None
) -> None:
    """Make the entry an exchange with these people (and, with a mission, count them among
    the mission's people). Inside the caller's transaction."""
    if not linked:
        return
    store.link_entry(conn, entry_id, [item.person_id for item in linked])
    if mission_id is not None:
        for item in linked:
            store.add_person_mission(conn, item.person_id, mission_id)


def relink_exchange(
    conn: sqlite3.Connection, entry_id: int, linked: Sequence[Linked], mission_id: int | None
) -> None:
    """Replace the people an entry is an exchange with."""
    store.unlink_entry(conn, entry_id)
    link_exchange(conn, entry_id, linked, mission_id)


def detach_entry(conn: sqlite3.Connection, entry_id: int) -> tuple[list[int], list[int]]:
    """Before an entry is deleted: unlink its people and free the ideas it used; returns
    both, so that an undo puts them back (:func:`restore_links`)."""
    return store.unlink_entry(conn, entry_id), store.release_ideas_of_entry(conn, entry_id)


def restore_links(
    conn: sqlite3.Connection, entry_id: int, person_ids: Iterable[int], idea_ids: Iterable[int]
) -> None:
    """Put back what :func:`detach_entry` took (people forgotten meanwhile stay forgotten)."""
    known = {person_id for person_id, _ in store.person_names(conn)}
    store.link_entry(conn, entry_id, [p for p in person_ids if p in known])
    for idea_id in idea_ids:
        if store.idea_row(conn, idea_id) is not None:
            store.use_idea(conn, idea_id, entry_id)


# --- people -----------------------------------------------------------------------------------


def _person(row: sqlite3.Row) -> Person:
    return Person(
        id=row["id"],
        uid=row["uid"],
        name=row["name"],
        platform=row["platform"],
        tags=tuple(tag for tag in (row["tags"] or "").split(",") if tag),
        note=row["note"],
        missions=tuple(sorted((row["mission_names"] or "").split(store.SEP), key=str.casefold))
        if row["mission_names"]
        else (),
        first_exchange=date.fromisoformat(row["first_day"]) if row["first_day"] else None,
        last_exchange=date.fromisoformat(row["last_day"]) if row["last_day"] else None,
        exchanges=row["exchanges"],
        open_follow_ups=row["open_follow_ups"],
    )


def _person_of(row: tuple, day: Callable[[str], date] = date.fromisoformat) -> Person:
    """A person from a row of ``store.everyone`` (by position: no look-up by name)."""
    person_id, uid, name, platform, tags, note, first, last, exchanges, missions, waiting, _key = row
    return Person(
        person_id,
        uid,
        name,
        platform,
        tuple(tag for tag in tags.split(",") if tag) if tags else (),
        note,
        tuple(sorted(missions.split(store.SEP), key=str.casefold)) if missions else (),
        day(first) if first else None,
        day(last) if last else None,
        exchanges,
        waiting,
    )


def everyone(conn: sqlite3.Connection) -> list[Person]:
    """Everyone, the most recent exchange first (then by name)."""
    return [_person_of(row) for row in store.everyone(conn)]


def names_by_recency(conn: sqlite3.Connection) -> list[str]:
    """Everyone's name in :func:`everyone`'s order (the most recent exchange first), without
    building their records: what the "with" fields complete from."""
    return [row[2] for row in store.everyone(conn)]


class Everyone:
    """Everyone as read from the journal (:func:`read_everyone`), their records built at the
    first use of :attr:`people`. Two reads are equal when nothing about anyone differs.

    For a list shown again and again (the People section's key): the rows are compared as
    they come, and building 5,000 records for the same list again was as long as the read;
    read on another thread, the records are built where they are used, only when new."""

    def __init__(self, rows: list[tuple]) -> None:
        self._rows = rows
        self._people: list[Person] | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Everyone) and self._rows == other._rows

    __hash__ = None  # type: ignore[assignment]

    @property
    def people(self) -> list[Person]:
        """Everyone's record, the most recent exchange first (then by name)."""
        if self._people is None:
            self._people = [_person_of(row) for row in self._rows]
        return self._people


def read_everyone(conn: sqlite3.Connection) -> Everyone:
    """Everyone, as :func:`everyone` orders them, records not built yet."""
    return Everyone(store.everyone(conn))


def require_person(conn: sqlite3.Connection, name: str) -> Person:
    """The person ``name`` designates (exactly, or as the only name it starts), or an
    error naming the closest ones."""
    typed = " ".join(str(name).split())
    person_id, suggestions = _find(typed, store.person_names(conn))
    if person_id is None:
        # Shown, edited, forgotten, followed up: no --new to create them there.
        raise UnknownPeople([typed], {typed: suggestions}, key="people.errors.unknown_one")
    return _person(store.person_summaries(conn, person_id)[0])


def add_person(
    conn: sqlite3.Connection,
    name: str,
    *,
    platform: str | None = None,
    tags: Iterable[str] = (),
    missions: Iterable[str] = (),
    note: str | None = None,
) -> Person:
    """Add someone; a name already known (by the one rule for names) is refused."""
    name = validate.person_name(name)
    values = {
        "platform": validate.platform(platform),
        "tags": ",".join(validate.tags(tags)),
        "note": validate.free_text(note) or None,
    }
    with transaction(conn):
        if store.person_id_by_key(conn, name_key(name)) is not None:
            raise CoachError("people.errors.exists", name=name)
        mission_ids = [require_mission(conn, mission).id for mission in missions]
        person_id = store.insert_person(conn, _new_person_values(name, **values))
        store.set_person_missions(conn, person_id, mission_ids)
    return _person(store.person_summaries(conn, person_id)[0])


def edit_person(
    conn: sqlite3.Connection,
    name: str,
    *,
    new_name: str | None = None,
    platform: str | None = None,
    tags: Iterable[str] | None = None,
    missions: Iterable[str] | None = None,
    note: str | None = None,
) -> Person:
    """Change only what is given (an empty platform or note clears it); one transaction."""
    changes: dict = {}
    if new_name is not None:
        changes["name"] = validate.person_name(new_name)
        changes["name_key"] = name_key(changes["name"])
    if platform is not None:
        changes["platform"] = validate.platform(platform)
    if tags is not None:
        changes["tags"] = ",".join(validate.tags(tags))
    if note is not None:
        changes["note"] = validate.free_text(note) or None
    with transaction(conn):
        person = require_person(conn, name)
        if "name_key" in changes:
            other = store.person_id_by_key(conn, changes["name_key"])
            if other is not None and other != person.id:
                raise CoachError("people.errors.exists", name=changes["name"])
        if missions is not None:
            store.set_person_missions(conn, person.id, [require_mission(conn, m).id for m in missions])
        if changes:
            store.update_person(conn, person.id, changes)
    return _person(store.person_summaries(conn, person.id)[0])


@dataclass(frozen=True)
class Forgotten:
    """What forgetting a person touched: their name (as it was), and how many exchanges, follow-ups and ideas
    lost it."""

    name: str
    exchanges: int  # entries that were linked (they stay, with their minutes)
    follow_ups: int
    ideas: int  # ideas that no longer say who they came from


def forget_person(conn: sqlite3.Connection, name: str) -> Forgotten:
    """Delete the person and unlink their entries, in one transaction: the minutes stay,
    the person's name is nowhere in the journal afterwards."""
    with transaction(conn):
        person = require_person(conn, name)
        counts = store.delete_person(conn, person.id)
    return Forgotten(person.name, counts["exchanges"], counts["follow_ups"], counts["ideas"])


def list_people(
    conn: sqlite3.Connection,
    *,
    search: str | None = None,
    tag: str | None = None,
    mission: str | None = None,
) -> list[Person]:
    """Everyone, the most recent exchange first; filtered by a search text, a tag or a mission."""
    people = everyone(conn)
    if tag:
        wanted = validate.tags([tag])[0]
        people = [p for p in people if wanted in p.tags]
    if mission:
        chosen = require_mission(conn, mission).name
        people = [p for p in people if chosen in p.missions]
    if search:
        people = PeopleIndex(people).search(search)
    return people


def _fold(text: str) -> str:
    if text.isascii():  # most names and notes: no accent to take off, casefold is lower
        return text.lower()
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in folded if not unicodedata.combining(char))


class PeopleIndex:
    """Search as you type over people already loaded: the keys are folded once, each
    keystroke is a pass over short strings (no SQL), so 5,000 people answer in a few ms.

    The keys are folded at the first search with some text, not when the list is loaded:
    the People section shows everyone first, and folding 5,000 people's keys was ~15 ms of
    its key for a search the user may never type."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.people = list(people)
        self._names: list[str] | None = None
        self._others: list[str] = []

    def _fold_keys(self) -> list[str]:
        self._names = [_fold(p.name).lstrip("@") for p in self.people]
        self._others = [
            _fold(" ".join((p.platform or "", " ".join(p.tags), " ".join(p.missions), p.note or "")))
            for p in self.people
        ]
        return self._names

    def search(self, text: str, limit: int | None = None) -> list[Person]:
        """Names starting with the text first, then names containing it, then people whose
        platform, tags, missions or note contain it; each group by most recent exchange."""
        words = _fold(" ".join(text.split())).lstrip("@").split()
        if not words:
            return self.people[:limit] if limit else list(self.people)
        names = self._names if self._names is not None else self._fold_keys()
        first: list[Person] = []
        second: list[Person] = []
        third: list[Person] = []
        for index, name in enumerate(names):
            if all(word in name for word in words):
                (first if name.startswith(words[0]) else second).append(self.people[index])
            elif all(word in name or word in self._others[index] for word in words):
                third.append(self.people[index])
        found = first + second + third
        return found[:limit] if limit else found


def person_history(conn: sqlite3.Connection, name: str, limit: int | None = 50) -> list[Entry]:
    """The person's exchanges (the entries linked to them), newest first."""
    return _exchanges(conn, require_person(conn, name).id, limit)


def _exchanges(conn: sqlite3.Connection, person_id: int, limit: int | None) -> list[Entry]:
    from cm_coach.core.scope import scoped

    entries = [
        queries.entry_by_id(conn, entry_id) for entry_id in store.person_entry_ids(conn, person_id, limit)
    ]
    return [scoped(entry) for entry in entries if entry is not None]


def person_page(
    conn: sqlite3.Connection, person: Person, *, ideas_limit: int = 5, history_limit: int = 12
) -> tuple[Person, list[FollowUp], list[Idea], list[Entry]]:
    """What the People section shows beside its list about ``person`` (one of its rows):
    the person as the journal has them now, all their follow-ups (open ones first), their
    latest ideas and latest exchanges, newest first.

    Read by the person's id: through their name, each part matched it against everyone's
    names again, four times in all (~40 ms on 5,000 people, in a worker that held the
    interpreter while the section's key was being drawn)."""
    rows = store.person_summaries(conn, person.id)
    if not rows:  # forgotten meanwhile (from the command line)
        raise UnknownPeople([person.name], {})
    return (
        _person(rows[0]),
        [_follow_up(row) for row in store.follow_up_rows(conn, person_id=person.id, open_only=False)],
        [
            _idea(row)
            for row in store.idea_rows(conn, unused_only=False, person_id=person.id, limit=ideas_limit)
        ],
        _exchanges(conn, person.id, history_limit),
    )


# --- follow-ups -------------------------------------------------------------------------------


def _follow_up(row: sqlite3.Row) -> FollowUp:
    return FollowUp(
        id=row["id"],
        uid=row["uid"],
        person=row["person"],
        text=row["text"],
        due=date.fromisoformat(row["due"]) if row["due"] else None,
        done=date.fromisoformat(row["done"]) if row["done"] else None,
        person_tags=tuple(tag for tag in (row["person_tags"] or "").split(",") if tag),
    )


def add_follow_up(conn: sqlite3.Connection, person: str, text: str, *, due: date | None = None) -> FollowUp:
    """Something to get back to someone about (« lui répondre pour l'atelier »), maybe by a day."""
    text = validate.task_text(text, empty="people.errors.follow_up_empty")
    with transaction(conn):
        found = require_person(conn, person)
        follow_up_id = store.insert_follow_up(
            conn,
            {
                "uid": new_uid(),
                "person_id": found.id,
                "text": text,
                "due": due.isoformat() if due else None,
            },
        )
    row = store.follow_up_row(conn, follow_up_id)
    assert row is not None
    return _follow_up(row)


def complete_follow_up(conn: sqlite3.Connection, follow_up_id: int, day: date | None) -> FollowUp:
    """Mark a follow-up done on ``day`` (``None`` opens it again)."""
    with transaction(conn):
        if store.follow_up_row(conn, follow_up_id) is None:
            raise CoachError("people.errors.no_follow_up", id=follow_up_id)
        store.set_follow_up_done(conn, follow_up_id, day)
    row = store.follow_up_row(conn, follow_up_id)
    assert row is not None
    return _follow_up(row)


def follow_ups(
    conn: sqlite3.Connection, person: str | None = None, *, open_only: bool = True
) -> list[FollowUp]:
    """Follow-ups (of one person), the most urgent first."""
    person_id = require_person(conn, person).id if person else None
    return [_follow_up(row) for row in store.follow_up_rows(conn, person_id=person_id, open_only=open_only)]


# --- key people gone quiet ---------------------------------------------------------------------


def set_quiet_days(conn: sqlite3.Connection, tag: str, days: object) -> dict[str, int]:
    """Set N for a tag (0: never remind me about this tag). Stored in the journal, so it
    travels with export and import like the dialogue target."""
    key = validate.tags([tag])[0]
    value = validate.whole_number(days, low=0, high=3650, key="people.errors.bad_days")
    with transaction(conn):
        queries.set_setting(conn, QUIET_SETTING + key, str(value))
    return quiet_days(conn)


def quiet_people(
    conn: sqlite3.Connection, today: date, people: Sequence[Person] | None = None
) -> list[Quiet]:
    """Key people (a tag with N days set) not spoken to for N days or more, the longest
    silence first; someone never spoken to is listed first. People whose missions are all
    closed are left out: they are no longer the CM's to look after."""
    limits = {tag: days for tag, days in quiet_days(conn).items() if days > 0}
    if not limits:
        return []
    active = {mission.name for mission in queries.missions(conn) if mission.is_active(today)}
    if people is None:  # only the people a tag may make quiet are read and built
        candidates = [
            person_id
            for person_id, tags, last, missions in store.tagged_last_exchanges(conn, limits)
            if _may_be_quiet(tags, last, missions, limits, active, today)
        ]
        people = [_person_of(row) for row in store.everyone_among(conn, candidates)]
    found = []
    for person in people:
        tagged = [limits[tag] for tag in person.tags if tag in limits]
        if not tagged or (person.missions and not active.intersection(person.missions)):
            continue
        limit = min(tagged)
        days = (today - person.last_exchange).days if person.last_exchange else None
        if days is None or days >= limit:
            found.append(Quiet(person, days, limit))
    found.sort(key=lambda q: (q.days is not None, -(q.days or 0), name_key(q.person.name)))
    return found


def _may_be_quiet(
    tags: str | None,
    last: str | None,
    missions: str | None,
    limits: dict[str, int],
    active: set[str],
    today: date,
) -> bool:
    """:func:`quiet_people`'s test on a person's columns as read (their record built only when it holds)."""
    tagged = [limits[tag] for tag in (tags or "").split(",") if tag in limits]
    if not tagged or (missions and not active.intersection(missions.split(store.SEP))):
        return False
    return last is None or (today - date.fromisoformat(last)).days >= min(tagged)


# --- ideas ------------------------------------------------------------------------------------


def _idea(row: sqlite3.Row) -> Idea:
    return Idea(
        id=row["id"],
        uid=row["uid"],
        date=date.fromisoformat(row["date"]),
        text=row["text"],
        person=row["person"],
        mission=row["mission"],
        entry_id=row["entry_id"],
    )


def add_idea(
    conn: sqlite3.Connection,
    text: str,
    *,
    day: date,
    person: str | None = None,
    mission: str | None = None,
    create: bool = False,
) -> tuple[Idea, list[Linked]]:
    """An idea heard in a conversation, from someone (who may be created with ``create``)."""
    text = validate.task_text(text, empty="people.errors.idea_empty")
    with transaction(conn):
        linked = resolve(conn, split_names(person)[:1], create=create) if person else []
        found = require_mission(conn, mission) if mission else None
        if found is not None and linked:
            store.add_person_mission(conn, linked[0].person_id, found.id)
        idea_id = store.insert_idea(
            conn,
            {
                "uid": new_uid(),
                "date": day.isoformat(),
                "text": text,
                "person_id": linked[0].person_id if linked else None,
                "mission_id": found.id if found else None,
            },
        )
    row = store.idea_row(conn, idea_id)
    assert row is not None
    return _idea(row), linked


def ideas(
    conn: sqlite3.Connection,
    *,
    unused_only: bool = True,
    mission: str | None = None,
    person: str | None = None,
    limit: int | None = None,
) -> list[Idea]:
    """Ideas from the community, newest first (by default the ones no post has used yet)."""
    mission_id = require_mission(conn, mission).id if mission else None
    person_id = require_person(conn, person).id if person else None
    rows = store.idea_rows(
        conn, unused_only=unused_only, mission_id=mission_id, person_id=person_id, limit=limit
    )
    return [_idea(row) for row in rows]


def require_idea(conn: sqlite3.Connection, idea_id: int) -> Idea:
    """The idea with this id, or an error that says none has it."""
    row = store.idea_row(conn, idea_id)
    if row is None:
        raise CoachError("people.errors.no_idea", id=idea_id)
    return _idea(row)


def use_idea(conn: sqlite3.Connection, idea_id: int, entry_id: int) -> None:
    """The content entry ``entry_id`` came from this idea (inside the caller's transaction)."""
    if store.idea_row(conn, idea_id) is None:
        raise CoachError("people.errors.no_idea", id=idea_id)
    store.use_idea(conn, idea_id, entry_id)


# --- the morning ------------------------------------------------------------------------------


def morning(conn: sqlite3.Connection, today: date, *, limit: int = 5) -> Morning:
    """The people part of the morning check-in, a few lines each."""
    waiting = [f for f in follow_ups(conn) if f.due is None or f.due <= today + timedelta(days=2)]
    return Morning(
        waiting=waiting[:limit],
        quiet=quiet_people(conn, today)[:limit],
        ideas=ideas(conn, limit=limit),
    )
