"""The morning check-in: today's prompt, an answer, a plan and an intention.

Saving is one transaction (check-in + plan items + draft removal). While the user types,
the TUI calls :func:`save_draft` so that nothing typed is lost to a closed terminal.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date
from pathlib import Path

from cm_coach.core import validate
from cm_coach.core.ids import new_uid
from cm_coach.core.missions import require_mission
from cm_coach.errors import CoachError
from cm_coach.models import Checkin, PlanItem
from cm_coach.paths import data_dir, ensure_private_dir
from cm_coach.store import plan as plan_store
from cm_coach.store import queries
from cm_coach.store.db import database_file, transaction

DECISIONS = ("keep", "agreed", "handoff")


def has_checkin(conn: sqlite3.Connection, day: date) -> bool:
    """Whether ``day`` already has its check-in."""
    return queries.has_checkin(conn, day)


def get_checkin(conn: sqlite3.Connection, day: date) -> Checkin | None:
    """The check-in of ``day`` with its plan in order, or None when the day has none."""
    row = queries.checkin_row(conn, day)
    if row is None:
        return None
    people = plan_store.people_of_day(conn, day)
    plan = tuple(
        PlanItem(
            task=item["task"],
            decision=item["decision"],
            verdict=item["verdict"] or "unsure",
            family=item["family"],
            category=item["category"],
            mission=item["mission"],
            with_people=tuple(people.get(item["id"], ())),
        )
        for item in queries.plan_rows(conn, day)
    )
    return Checkin(
        date=day,
        prompt_id=row["prompt_id"],
        answer=row["answer"] or "",
        intention_minutes=row["intention_minutes"],
        energy=row["energy"],
        plan=plan,
        prompt_text=row.get("prompt_text"),
    )


def save_checkin(
    conn: sqlite3.Connection,
    checkin: Checkin,
    *,
    lang: str = "fr",
    today: date | None = None,
    new_people: bool = False,
) -> Checkin:
    """Validate, then write the check-in, its plan and drop the draft, all at once.

    The people of each plan row are found by the rule of ``log --with``: a name that matches
    nobody refuses the whole check-in (:class:`~cm_coach.core.people.UnknownPeople`, with the
    closest names; nothing is written), unless ``new_people`` creates them.

    The prompt's text is kept with the answer (``checkins.prompt_text``): the text the
    shell showed when it says so (``Checkin.prompt_text``), else the catalogue's in
    ``lang``, so that an answer still reads right once the catalogue has changed."""
    day = validate.day(checkin.date, today=today, future=False)
    answer = validate.free_text(checkin.answer)
    energy = None if checkin.energy is None else validate.energy(checkin.energy)
    intention = validate.dialogue_intention(checkin.intention_minutes)
    prompt_text = validate.optional_free_text(checkin.prompt_text or _catalogue_text(checkin.prompt_id, lang))
    items = []
    for position, item in enumerate(checkin.plan):
        if item.decision not in DECISIONS:
            raise CoachError("safety.bad_decision", value=validate.printable(str(item.decision)))
        items.append((position, item, validate.task_text(item.task)))
    with transaction(conn):
        done = plan_store.entry_links(conn, checkin.date)  # a row already logged stays so
        people = resolve_plan_people(conn, [item.with_people for _, item, _ in items], create=new_people)
        rows = []
        for (position, item, task), person_ids in zip(items, people, strict=True):
            mission = require_mission(conn, item.mission) if item.mission else None
            rows.append(
                {
                    "person_ids": person_ids,
                    "entry_id": done.get((task, mission.id if mission else None)),
                    "uid": new_uid(),
                    "date": day.isoformat(),
                    "position": position,
                    "task": task,
                    "mission_id": mission.id if mission else None,
                    "verdict": item.verdict,
                    "family": item.family,
                    "category": item.category,
                    "decision": item.decision,
                    "created_at": queries.now_stamp(),
                }
            )
        queries.upsert_checkin(
            conn,
            {
                "date": day.isoformat(),
                "prompt_id": checkin.prompt_id,
                "prompt_text": prompt_text,
                "answer": answer,
                "intention_minutes": intention,
                "energy": energy,
            },
        )
        queries.replace_plan(conn, day, rows)
        queries.delete_draft(conn, day)
    saved = get_checkin(conn, day)
    assert saved is not None
    return saved


def resolve_plan_people(
    conn: sqlite3.Connection, rows: list[tuple[str, ...]], *, create: bool = False
) -> list[list[int]]:
    """The person ids of each plan row's names (inside the caller's transaction). The
    unknown names of all the rows are refused together, so that one question covers them."""
    from cm_coach.core import people as exchanges

    found: list[list[int]] = []
    unknown: list[str] = []
    closest: dict[str, list[str]] = {}
    for names in rows:
        try:
            linked = exchanges.resolve(conn, exchanges.split_names(names), create=create)
        except exchanges.UnknownPeople as error:
            unknown.extend(name for name in error.names if name not in unknown)
            closest.update(error.closest)
            linked = []
        found.append(list(dict.fromkeys(item.person_id for item in linked)))
    if unknown:
        raise exchanges.UnknownPeople(unknown, closest)
    return found


def _catalogue_text(prompt_id: str, lang: str) -> str | None:
    from cm_coach.core.prompts import prompt_by_id

    prompt = prompt_by_id(prompt_id)
    return prompt.text.get(lang) if prompt is not None else None


def save_draft(conn: sqlite3.Connection, day: date, draft: dict) -> None:
    """Keep whatever the user has typed so far (any JSON-able dict)."""
    with transaction(conn):
        queries.save_draft(conn, day, json.dumps(draft, ensure_ascii=False))


def load_draft(conn: sqlite3.Connection, day: date) -> dict | None:
    """The day's draft. One set aside (:func:`keep_draft_aside`) is newer than the journal's:
    it is written into the journal, its file removed, and returned."""
    aside = _aside_path(Path(database_file(conn)), day)
    if aside is not None and aside.is_file():
        value = _read_aside(aside)
        if value is not None:
            save_draft(conn, day, value)
            aside.unlink(missing_ok=True)
            return value
    payload = queries.draft(conn, day)
    if payload is None:
        return None
    try:
        value = json.loads(payload)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def keep_draft_aside(db_path: Path, day: date, draft: dict) -> Path | None:
    """Keep typing the journal cannot take at once (another program holds it while the app
    is being closed) in a private file (0600, in a 0700 folder of cm-coach's data), so that
    the app can end now and :func:`load_draft` bring it back. ``None`` if even that fails."""
    target = _aside_path(db_path, day)
    if target is None:
        return None
    try:
        ensure_private_dir(target.parent)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(draft, handle, ensure_ascii=False)
        os.replace(temporary, target)
    except OSError:
        return None
    return target


def _aside_path(db_path: Path, day: date) -> Path | None:
    try:
        return data_dir() / "drafts" / f"{db_path.name}-{day.isoformat()}.json"
    except CoachError:  # no usable home: nowhere to keep it
        return None


def _read_aside(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def plan_item_dict(item: PlanItem) -> dict:
    """A plan item as a plain dict of its fields."""
    return item.as_dict()
