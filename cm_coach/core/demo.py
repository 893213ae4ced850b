"""Realistic synthetic journals, for a first look (`--demo`) and for benchmarks.

Seeded: the same seed and dates give the same journal. A journal is written in one
language, the user's: its missions, tasks and morning answers come from ``content/demo.toml``,
where each mission has tasks of its own (a town hall does not film sourdough reels). Task
texts are classified once per distinct text, and everything is written in one transaction
with ``executemany``, so ten years take a few seconds.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from functools import cache

from cm_coach.core.boundaries import classifier
from cm_coach.core.content import LANGS, content_dir, read_toml
from cm_coach.core.prompts import prompt_for
from cm_coach.errors import CoachError, ContentError
from cm_coach.store import exchange, queries
from cm_coach.store.db import transaction

MAX_YEARS = 20
ACTIVITY_WEIGHTS = {
    "dialogue": 24,
    "moderation": 9,
    "content": 26,
    "listening": 8,
    "strategy": 8,
    "reporting": 6,
    "advertising": 8,
    "customer_service": 7,
    "other": 2,
}
WEEKDAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


@cache
def _material() -> dict:
    return read_toml(content_dir() / "demo.toml")


def demo_missions(lang: str) -> list[dict]:
    """The demo's missions in ``lang``: name, client, kind, agreed, followers, and the topics
    and tasks (by activity) that fit each one. A mission missing a text stops with a message."""
    path = content_dir() / "demo.toml"
    missions = []
    for index, raw in enumerate(_material().get("mission", []), start=1):
        entry = f"mission #{index}"
        try:
            tasks = raw["tasks"][lang]
            spec = {
                "name": raw["name"][lang],
                "client": raw["client"][lang],
                "kind": raw["kind"],
                "agreed": raw["agreed"],
                "followers": raw["followers"],
                "topics": raw["topics"][lang],
                "tasks": {activity: tasks[activity] for activity in ACTIVITY_WEIGHTS},
            }
        except (KeyError, TypeError) as error:
            raise ContentError(str(path), entry, f"missing {error} for '{lang}'") from None
        if not spec["topics"] or not all(spec["tasks"].values()):
            raise ContentError(str(path), entry, f"needs topics and tasks of every activity in '{lang}'")
        missions.append(spec)
    if not missions:
        raise ContentError(str(path), None, "no [[mission]] entries")
    return missions


def _fill(template: str, rng: random.Random, day: date, topics: list[str], lang: str) -> str:
    return template.format(
        day=WEEKDAYS[lang][(day.weekday() - 1) % 7],
        topic=rng.choice(topics),
        n=rng.randint(2, 9),
    )


def _answer(rng: random.Random, topics: list[str], lang: str) -> str:
    answers = _material()["answers"][lang]
    middle = rng.choice(answers["middles"]).format(topic=rng.choice(topics))
    return " ".join(
        part
        for part in (rng.choice(answers["openings"]), middle + ".", rng.choice(answers["endings"]))
        if part
    )


def generate(
    conn: sqlite3.Connection, *, years: int, today: date, seed: int = 42, lang: str = "fr"
) -> dict[str, int]:
    """Fill ``conn`` with ``years`` of journal ending ``today``, written in ``lang``.
    Returns counts."""
    if not 1 <= years <= MAX_YEARS:
        raise CoachError("errors.bad_years", value=years, max=MAX_YEARS)
    if lang not in LANGS:
        raise CoachError("errors.unknown_language", value=lang, choices=", ".join(LANGS))
    rng = random.Random(seed)
    material = _material()
    engine = classifier(None)
    start = today - timedelta(days=365 * years)
    missions_spec = demo_missions(lang)
    span = (today - start).days
    verdicts: dict[str, tuple[str, tuple]] = {}
    mission_rows = []
    for index, spec in enumerate(missions_spec):
        first = start + timedelta(days=int(span * index / (len(missions_spec) + 1)))
        last = None if index >= len(missions_spec) - 3 else first + timedelta(days=int(span * 0.45))
        mission_rows.append((spec, first, last))
    activities = list(ACTIVITY_WEIGHTS)
    weights = list(ACTIVITY_WEIGHTS.values())
    entries: list[tuple] = []
    checkins: list[tuple] = []
    plans: list[tuple] = []
    day = start
    serial = 0
    while day <= today:
        active = [
            i
            for i, (_, first, last) in enumerate(mission_rows)
            if first <= day and (last is None or day <= last)
        ]
        if day.weekday() < 5 and active:
            if rng.random() < 0.85:
                prompt = prompt_for(day, lang)
                topics = missions_spec[rng.choice(active)]["topics"]
                answer = (
                    rng.choice(material["answers"][lang]["three_words"])
                    if prompt.prompt.theme == "three_words"
                    else _answer(rng, topics, lang)
                )
                checkins.append(
                    (
                        day.isoformat(),
                        prompt.prompt.id,
                        answer,
                        rng.choice([30, 45, 60, 90, 120]),
                        rng.randint(2, 5) if rng.random() < 0.7 else None,
                    )
                )
            for _ in range(rng.randint(5, 12)):
                mission = rng.choice(active)
                spec = missions_spec[mission]
                activity = rng.choices(activities, weights)[0]
                task = _fill(rng.choice(spec["tasks"][activity]), rng, day, spec["topics"], lang)
                if task not in verdicts:  # the demo shows what the judgement says: no contradiction
                    v = engine.classify(task, lang)
                    verdicts[task] = (
                        v.activity or activity,
                        (v.verdict, v.category, v.family, v.score, v.matched),
                    )
                activity, verdict = verdicts[task]
                serial += 1
                people = rng.randint(1, 25) if activity == "dialogue" and rng.random() < 0.5 else None
                entries.append(
                    (
                        f"demo-{seed}-{serial:08d}",
                        day.isoformat(),
                        mission,
                        task,
                        rng.choice([10, 15, 20, 30, 30, 45, 60, 90]),
                        activity,
                        *verdict,
                        people,
                    )
                )
                if len(plans) < serial // 40 and verdict[0] == "outside":
                    decision = rng.choice(["handoff", "keep", "agreed"])
                    plans.append(
                        (
                            f"demo-plan-{seed}-{serial}",
                            day.isoformat(),
                            0,
                            task,
                            mission,
                            verdict[0],
                            verdict[2],
                            verdict[1],
                            decision,
                        )
                    )
        day += timedelta(days=1)
    stamp = queries.now_stamp()
    with transaction(conn):
        ids = []
        for index, (spec, first, last) in enumerate(mission_rows):
            existing = queries.mission_by_name(conn, spec["name"])
            if existing:
                ids.append(existing.id)
                continue
            ids.append(
                queries.insert_mission(
                    conn,
                    {
                        "uid": f"demo-mission-{seed}-{index}",
                        "name": spec["name"],
                        "client": spec["client"],
                        "kind": spec["kind"],
                        "start": first.isoformat(),
                        "end": last.isoformat() if last else None,
                        "agreed": spec["agreed"],
                        "followers": spec["followers"],
                        "notes": None,
                    },
                )
            )
        exchange.add_entries(conn, [(e[0], e[1], ids[e[2]], *e[3:], stamp) for e in entries])
        exchange.add_checkins(conn, [(*c, stamp, stamp) for c in checkins])
        exchange.add_plan_items(conn, [(p[0], p[1], p[2], p[3], ids[p[4]], *p[5:], stamp) for p in plans])
    return {"missions": len(mission_rows), "entries": len(entries), "checkins": len(checkins)}
