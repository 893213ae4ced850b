"""Key people gone quiet: the days per tag after which a key person counts as quiet, and
the missions whose ambassadors have all gone quiet.

Apart from :mod:`cm_coach.core.people` (which re-exports it) because the signals of every
export, ``stats`` and the dashboard ask for the quiet ambassadors: they need neither name
matching nor editing, and ``core.people``'s five records and its imports cost each of
those commands ~5 ms for nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from cm_coach.core.people_text import KNOWN_TAGS
from cm_coach.store import people as store
from cm_coach.store import queries

QUIET_SETTING = "quiet_days."  # + tag: days without an exchange before a key person counts as quiet


@cache
def default_quiet_days() -> dict[str, int]:
    """Days without an exchange before a key person counts as quiet, per tag (content/people.toml)."""
    from cm_coach.core.content import content_dir, read_toml

    data = read_toml(content_dir() / "people.toml").get("quiet_days", {})
    return {str(tag): int(days) for tag, days in data.items()}


def quiet_days(conn: sqlite3.Connection) -> dict[str, int]:
    """The days per tag in effect: the CM's settings over the defaults (0 turns a tag off)."""
    days = dict(default_quiet_days())
    for tag in {*days, *KNOWN_TAGS}:
        stored = queries.setting(conn, QUIET_SETTING + tag)
        if stored is not None and stored.isdigit():
            days[tag] = int(stored)
    return {tag: value for tag, value in sorted(days.items())}


@dataclass(frozen=True)
class SilentAmbassadors:
    """A mission whose ambassadors have all been silent for N days or more."""

    mission: str
    people: tuple[str, ...]
    days: int  # the ambassadors' N


def silent_ambassadors(
    conn: sqlite3.Connection, reference: date, mission_id: int | None = None
) -> list[SilentAmbassadors]:
    """The missions whose ambassadors (people tagged ambassador in that mission) have
    all gone without an exchange on the mission for N days or more, up to ``reference``."""
    days = quiet_days(conn).get("ambassador", 0)
    if days <= 0:
        return []
    tagged = {
        person_id: name
        for person_id, name, tags in store.people_tagged_like(conn, "ambassador")
        if "ambassador" in (tags or "").split(",")
    }
    by_mission: dict[int, list[int]] = {}
    for person_id, in_mission in store.people_of_missions(conn):
        if person_id in tagged and (mission_id is None or in_mission == mission_id):
            by_mission.setdefault(in_mission, []).append(person_id)
    found = []
    cutoff = (reference - timedelta(days=days)).isoformat()
    for in_mission, ambassadors in sorted(by_mission.items()):
        mission = store.mission_by_id(conn, in_mission)
        if mission is None or not mission.is_active(reference):
            continue
        last = store.last_exchanges_in_mission(conn, in_mission, reference, ambassadors)
        if all(last.get(person_id, "") <= cutoff for person_id in ambassadors):
            names = tuple(sorted((tagged[p] for p in ambassadors), key=str.casefold))
            found.append(SilentAmbassadors(mission.name, names, days))
    return found
