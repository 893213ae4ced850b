"""Missions: the clients, contracts or employer the CM works for."""

from __future__ import annotations

import sqlite3
from datetime import date

from cm_coach.core import validate
from cm_coach.core.ids import new_uid
from cm_coach.errors import CoachError, MessageKey
from cm_coach.models import Mission, name_key
from cm_coach.store import queries
from cm_coach.store.db import transaction


def require_mission(conn: sqlite3.Connection, name: object) -> Mission:
    """The mission called ``name`` (case-insensitive), or an error listing the known ones."""
    mission = queries.mission_by_name(conn, " ".join(str(name).split()))
    if mission is None:
        known = [m.name for m in queries.missions(conn)]
        raise CoachError(
            "errors.unknown_mission",
            name=validate.printable(str(name)),
            known=", ".join(known) if known else MessageKey("errors.no_missions_yet"),
        )
    return mission


def add_mission(
    conn: sqlite3.Connection,
    name: object,
    *,
    client: object = None,
    kind: object = "freelance",
    start: object = None,
    notes: object = None,
    agreed: object = (),
    followers: object = None,
    rate: float | str | None = None,
    rate_unit: str | None = None,
    on: date | None = None,
) -> Mission:
    """Add a mission from the values the user gave (text as typed, or already parsed):
    every one is checked here (core.validate), then one row is written. ``on`` is the
    caller's today: typed dates are read from it, and a follower count given here is noted
    as the figure of its month (else the start's, else the month it is typed in):
    followers are dated (core.figures)."""
    values = _new_mission_values(
        name,
        client=client,
        kind=kind,
        start=start,
        notes=notes,
        agreed=agreed,
        followers=followers,
        rate=rate,
        rate_unit=rate_unit,
        on=on,
    )
    with transaction(conn):
        _insert_mission(conn, values, on)
    mission = queries.mission_by_name(conn, values["name"])
    assert mission is not None
    return mission


def start_journal(conn: sqlite3.Connection, name: object, target: object, *, on: date) -> Mission | None:
    """The first run's one action: the first mission (starting ``on``) and the dialogue
    target, either left blank or not. Both are checked before anything is written, and
    written in one transaction: a refused mission leaves the target unsaved too."""
    from cm_coach.core.signals import TARGET_SETTING

    typed_name = str(name or "").strip()
    values = _new_mission_values(typed_name, start=on, on=on) if typed_name else None
    fraction = validate.dialogue_target_percent(target) if str(target or "").strip() else None
    with transaction(conn):
        if fraction is not None:
            queries.set_setting(conn, TARGET_SETTING, str(fraction))
        if values is not None:
            _insert_mission(conn, values, on)
    return queries.mission_by_name(conn, values["name"]) if values is not None else None


def _new_mission_values(
    name: object,
    *,
    client: object = None,
    kind: object = "freelance",
    start: object = None,
    notes: object = None,
    agreed: object = (),
    followers: object = None,
    rate: float | str | None = None,
    rate_unit: str | None = None,
    on: date | None = None,
) -> dict:
    """A new mission's row from the values the user gave, every one checked (core.validate)."""
    rate_value, unit = _rate(rate, rate_unit, None)
    start_day = validate.optional_day(start, today=on)
    return {
        "uid": new_uid(),
        "name": validate.mission_name(name),
        "client": validate.optional_name(client),
        "kind": validate.mission_kind(kind),
        "start": _iso(start_day),
        "notes": validate.optional_free_text(notes),
        "agreed": ",".join(validate.families(agreed)),
        "followers": validate.followers(followers),  # the undated column, kept for older readers
        "rate": rate_value,
        "rate_unit": unit,
    }


def _insert_mission(conn: sqlite3.Connection, values: dict, on: date | None) -> None:
    """Write a checked new mission inside the caller's transaction; its name must be free.
    A follower count given is noted as the figure of ``on``'s month, else the start's."""
    if queries.mission_by_name(conn, values["name"]) is not None:
        raise CoachError("errors.mission_exists", name=values["name"])
    mission_id = queries.insert_mission(conn, values)
    if values["followers"] is not None:
        start_day = date.fromisoformat(values["start"]) if values["start"] else None
        _note_followers(conn, mission_id, values["followers"], on or start_day)


def edit_mission(
    conn: sqlite3.Connection,
    name: object,
    *,
    new_name: object = None,
    client: object = None,
    kind: object = None,
    start: object = None,
    notes: object = None,
    agreed: object = None,
    followers: object = None,
    rate: float | str | None = None,
    rate_unit: str | None = None,
    on: date | None = None,
) -> Mission:
    """Change only what is given (``None``: unchanged; a blank client, start, notes or
    follower count clears it, ``rate=""`` removes the rate), every value checked here; one
    transaction. ``on`` is the caller's today: typed dates are read from it, and followers
    are noted as the figure of its month (else the month they are typed in)."""
    changes: dict = {}
    if new_name is not None:
        changes["name"] = validate.mission_name(new_name)
    if client is not None:
        changes["client"] = validate.optional_name(client)
    if kind is not None:
        changes["kind"] = validate.mission_kind(kind)
    if start is not None:
        changes["start"] = _iso(validate.optional_day(start, today=on))
    if notes is not None:
        changes["notes"] = validate.optional_free_text(notes)
    if agreed is not None:
        changes["agreed"] = ",".join(validate.families(agreed))
    if followers is not None:
        changes["followers"] = validate.followers(followers)
    with transaction(conn):
        mission = require_mission(conn, name)
        if rate is not None or rate_unit is not None:
            if rate is not None and str(rate).strip() == "":
                changes["rate"], changes["rate_unit"] = None, None
            else:
                changes["rate"], changes["rate_unit"] = _rate(
                    mission.rate if rate is None else rate, rate_unit, mission.rate_unit
                )
        renamed = "name" in changes and name_key(changes["name"]) != name_key(mission.name)
        if renamed and queries.mission_by_name(conn, changes["name"]) is not None:
            raise CoachError("errors.mission_exists", name=changes["name"])
        if changes:
            queries.update_mission(conn, mission.id, changes)
        if changes.get("followers") is not None:
            _note_followers(conn, mission.id, changes["followers"], on)
    return require_mission(conn, changes.get("name", mission.name))


def _rate(
    rate: float | str | None, unit: str | None, current_unit: str | None
) -> tuple[float | None, str | None]:
    """A rate and its unit, checked together: a unit alone needs a rate; a rate alone is
    per hour unless the mission already had a unit."""
    if rate is None:
        if unit is not None:
            raise CoachError("report.errors.unit_without_rate")
        return None, None
    return validate.rate(rate), validate.rate_unit(unit) if unit is not None else (current_unit or "hour")


def active_missions(conn: sqlite3.Connection, start: date, end: date) -> list[Mission]:
    """The missions that were running at some point between ``start`` and ``end``: begun by
    the end, not closed before the start (a month lists these, not the missions of old)."""
    return [
        mission
        for mission in queries.missions(conn)
        if (mission.start is None or mission.start <= end) and (mission.end is None or mission.end >= start)
    ]


def _note_followers(conn: sqlite3.Connection, mission_id: int, followers: int, on: date | None) -> None:
    from cm_coach.store.people import upsert_figures

    month = on.isoformat()[:7] if on else queries.now_stamp()[:7]
    upsert_figures(conn, mission_id, month, followers, None)


def close_mission(conn: sqlite3.Connection, name: object, end: object, *, on: date | None = None) -> Mission:
    """Close a mission on ``end`` (a date, or typed relative to ``on``), not before it started."""
    end_day = validate.day(end, today=on)
    with transaction(conn):
        mission = require_mission(conn, name)
        if mission.start and end_day < mission.start:
            raise CoachError("errors.mission_end_before_start", end=end_day, start=mission.start)
        queries.update_mission(conn, mission.id, {"end": end_day.isoformat()})
    return require_mission(conn, mission.name)


def reopen_mission(conn: sqlite3.Connection, name: str) -> Mission:
    """Take a closed mission back: no end date any more (one that is not closed is refused:
    "reopened" would be false)."""
    with transaction(conn):
        mission = require_mission(conn, name)
        if mission.end is None:
            raise CoachError("errors.mission_not_closed", name=mission.name)
        queries.update_mission(conn, mission.id, {"end": None})
    return require_mission(conn, mission.name)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def list_missions(conn: sqlite3.Connection) -> list[Mission]:
    """Every mission, those without an end date first, then by name."""
    return queries.missions(conn)
