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
from pathlib import Path

from cm_coach.core.boundaries import classifier
from cm_coach.core.content import LANGS, content_dir, read_toml
from cm_coach.core.prompts import prompt_for
from cm_coach.errors import CoachError, ContentError
from cm_coach.store import exchange, queries
from cm_coach.store.db import database_file, transaction

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


def refuse_journal_in_use(db_path: Path) -> None:
    """The demo writes only into a new or empty journal: thousands of made-up entries
    mixed into someone's real one could never be told apart again. Read-only: asked
    before the journal is opened, so a refusal writes nothing (not even a daily copy)."""
    from cm_coach.store import probe

    if probe.records(db_path):
        raise CoachError("safety.demo_refused", path=str(db_path))


def generate(
    conn: sqlite3.Connection, *, years: int, today: date, seed: int = 42, lang: str = "fr"
) -> dict[str, int]:
    """Fill ``conn``, a new or empty journal, with ``years`` of journal ending ``today``,
    written in ``lang``. Returns counts."""
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
                people = rng.randint(8, 40) if "live" in task.lower() else None  # unnamed headcount
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
        if exchange.records(conn):  # checked again under the write lock: another process may have written
            raise CoachError("safety.demo_refused", path=database_file(conn))
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
        community = _community(
            conn, mission_rows, ids, entries, today=today, seed=seed, stamp=stamp, lang=lang
        )
    return {
        "missions": len(mission_rows),
        "entries": len(entries),
        "checkins": len(checkins),
        **community,
    }


# --- the community: people, exchanges, follow-ups, ideas, monthly figures ------------------------

PEOPLE_PER_MISSION = 70
EXCHANGE_ACTIVITIES = ("dialogue", "moderation")
TAG_COUNTS = {"ambassador": 4, "creator": 3, "moderator": 2, "client_contact": 1}
QUIET_MISSION = -1  # the last mission's ambassadors have gone quiet: the signal shows on --demo


def _people_names(rng: random.Random, count: int, lang: str = "fr") -> list[str]:
    """Handles and first names as a CM writes them, each different by the one rule for names."""
    from cm_coach.models import name_key

    material = _material()["community"][lang]
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        first = rng.choice(material["first_names"])
        style = rng.random()
        if style < 0.5:
            plain = first.lower().replace("é", "e").replace("è", "e").replace("ï", "i").replace("ë", "e")
            name = f"@{plain}.{rng.choice(material['handle_words'])}"
            if rng.random() < 0.3:
                name += str(rng.randint(2, 99))
        elif style < 0.8:
            name = f"{first} {rng.choice(material['qualifiers'])}"
        else:
            name = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTV')}."
        if name_key(name) not in seen:
            seen.add(name_key(name))
            names.append(name)
    return names


def _community(
    conn: sqlite3.Connection,
    mission_rows: list[tuple[dict, date, date | None]],
    mission_ids: list[int],
    entries: list[tuple],
    *,
    today: date,
    seed: int,
    stamp: str,
    lang: str = "fr",
) -> dict[str, int]:
    """A believable community on top of the demo's entries: a few hundred people (regulars
    and passers-by, ambassadors, a moderator, the client's contact), the exchanges that link
    them to the dialogue and moderation entries, open and done follow-ups, ideas (most used
    by a later post), and each mission's followers and interacting accounts month by month.
    Its own random stream, so the entries above do not change with it."""
    from cm_coach.store import people as people_store

    rng = random.Random(seed * 7919 + 1)
    material = _material()["community"][lang]  # the journal's language, like its entries
    topics = _material()["topics"][lang]
    names = iter(_people_names(rng, PEOPLE_PER_MISSION * len(mission_rows), lang))
    planned: list[tuple[int, str, str, float, tuple[str, ...]]] = []  # mission, uid, arrival, weight, tags
    person_rows = []
    tag_pool = [tag for tag, count in TAG_COUNTS.items() for _ in range(count)]
    for index, (_spec, first, last) in enumerate(mission_rows):
        span = max(1, ((last or today) - first).days)
        for rank in range(PEOPLE_PER_MISSION):
            tags: tuple[str, ...] = (
                (tag_pool[rank],) if rank < len(tag_pool) else (("member",) if rng.random() < 0.6 else ())
            )
            early = rank < len(tag_pool) or rng.random() < 0.3
            arrival = first + timedelta(days=0 if early else rng.randint(0, span))
            weight = 6.0 if "ambassador" in tags else 3.0 if rank < len(tag_pool) else 1.0 / (1 + rank % 9)
            uid = f"demo-person-{seed}-{index}-{rank}"
            person_rows.append((uid, next(names), rng.choice(material["platforms"]), ",".join(tags), stamp))
            planned.append((index, uid, arrival.isoformat(), weight, tags))
    ids = people_store.add_demo_people(conn, person_rows)
    # per mission: (person id, arrival ISO day, weight, tags)
    members: list[list[tuple[int, str, float, tuple[str, ...]]]] = [[] for _ in mission_rows]
    for index, uid, arrival_day, weight, tags in planned:
        members[index].append((ids[uid], arrival_day, weight, tags))
    people_store.add_person_missions(
        conn,
        [(person_id, mission_ids[index]) for index, group in enumerate(members) for person_id, *_ in group],
    )

    entry_ids = people_store.demo_entry_ids(conn, f"demo-{seed}-")
    quiet_since = (today - timedelta(days=40)).isoformat()
    links = []
    content_by_mission: dict[int, list[tuple[str, int]]] = {}
    for entry in entries:
        uid, day, mission, activity = entry[0], entry[1], entry[2], entry[5]
        if activity == "content":
            content_by_mission.setdefault(mission, []).append((day, entry_ids[uid]))
            continue
        if activity not in EXCHANGE_ACTIVITIES:
            continue
        quiet = mission == len(mission_rows) + QUIET_MISSION and day >= quiet_since
        present = [m for m in members[mission] if m[1] <= day and not (quiet and "ambassador" in m[3])]
        if not present:
            continue
        for person_id, *_ in rng.choices(present, [m[2] for m in present], k=rng.randint(1, 4)):
            links.append((entry_ids[uid], person_id))
    people_store.add_links(conn, links)

    follow_ups: list[tuple] = []
    everyone = [m for group in members for m in group]
    for number in range(int((today - mission_rows[0][1]).days / 21)):
        person_id = rng.choice(everyone)[0]
        due = today - timedelta(days=rng.randint(10, (today - mission_rows[0][1]).days))
        text = rng.choice(material["follow_ups"]).format(topic=rng.choice(topics))
        follow_ups.append(
            (f"demo-follow-{seed}-{number}", person_id, text, due.isoformat(), due.isoformat(), stamp)
        )
    for number, offset in enumerate((-6, -2, -1, 0, 1, 3, 5, None, None, None)):
        person_id = rng.choice([m for m in members[-1] + members[-2] if m[1] <= today.isoformat()])[0]
        due_day = None if offset is None else (today + timedelta(days=offset)).isoformat()
        text = rng.choice(material["follow_ups"]).format(topic=rng.choice(topics))
        follow_ups.append((f"demo-follow-{seed}-open-{number}", person_id, text, due_day, None, stamp))
    people_store.add_follow_ups(conn, follow_ups)

    ideas = []
    day = mission_rows[0][1]
    number = 0
    while day <= today:
        active = [
            i
            for i, (_, first, last) in enumerate(mission_rows)
            if first <= day and (last is None or day <= last)
        ]
        if active:
            mission = rng.choice(active)
            present = [m for m in members[mission] if m[1] <= day.isoformat()]
            if present:
                person_id = rng.choices(present, [m[2] for m in present])[0][0]
                later = [
                    entry_id
                    for d, entry_id in content_by_mission.get(mission, [])
                    if day.isoformat() < d <= (day + timedelta(days=20)).isoformat()
                ]
                used = rng.choice(later) if later and (today - day).days > 10 and rng.random() < 0.6 else None
                text = rng.choice(material["ideas"]).format(topic=rng.choice(topics))
                ideas.append(
                    (
                        f"demo-idea-{seed}-{number}",
                        day.isoformat(),
                        text,
                        person_id,
                        mission_ids[mission],
                        used,
                        stamp,
                    )
                )
                number += 1
        day += timedelta(days=rng.randint(4, 12))
    people_store.add_ideas(conn, ideas)

    figures = []
    for index, (spec, first, last) in enumerate(mission_rows):
        followers = int(spec["followers"] * 0.55)
        share = rng.uniform(0.03, 0.07)
        month = date(first.year, first.month, 1)
        end = last or today
        months = (end.year - month.year) * 12 + end.month - month.month
        for step in range(months + 1):
            followers = int(followers * rng.uniform(1.0, 1.02) + rng.randint(0, 20))
            falling = index == len(mission_rows) + QUIET_MISSION and months - step < 4
            share = share * 0.85 if falling else min(0.12, max(0.015, share + rng.uniform(-0.006, 0.006)))
            key = f"{month.year:04d}-{month.month:02d}"
            figures.append((mission_ids[index], key, followers, int(followers * share), stamp))
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    people_store.add_figures(conn, figures)
    return {"people": len(person_rows), "exchanges": len(links), "ideas": len(ideas)}
