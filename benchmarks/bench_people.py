"""People at scale: a 10-year journal with 5,000 people, and search as you type.

``enlarge(db)`` grows the demo's community to 5,000 people (seeded), each linked to the
dialogue and moderation entries of ten years, so that ``python -m benchmarks`` times every
command with that many people. ``run(db_path)`` times, in process, what the People screen
does: load everyone once, then one search per keystroke (target: ≤ 50 ms a keystroke).

    python -m benchmarks.bench_people --db journal.db   # on a demo journal (enlarged first)
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import time
import unicodedata
from pathlib import Path

TITLE = "People: 5,000 people, search as you type"
PEOPLE = 5_000
KEYSTROKE_TARGET_MS = 50.0
TYPED = ("m", "ma", "mar", "marc", "marc ", "marc d", "@", "@l", "@le", "@lea", "@lea.", "zo", "zoé", "ambas")
FIRST = [
    "Léa",
    "Marc",
    "Nina",
    "Karim",
    "Sophie",
    "Julien",
    "Camille",
    "Thomas",
    "Inès",
    "Hugo",
    "Zoé",
    "Malik",
]
WORDS = ["cuisine", "velo", "yoga", "photo", "jardin", "bio", "run", "zen", "pain", "maker", "rando", "deco"]


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


def enlarge(db: Path, total: int = PEOPLE, seed: int = 5) -> dict[str, int]:
    """Add people until the journal has ``total``, each with exchanges spread over the years."""
    rng = random.Random(seed)
    conn = sqlite3.connect(db)
    try:
        have = conn.execute("SELECT count(*) FROM people").fetchone()[0]
        taken = {row[0] for row in conn.execute("SELECT name_key FROM people")}
        rows = []
        serial = 0
        while have + len(rows) < total:
            serial += 1
            first = rng.choice(FIRST)
            name = (
                f"@{_key(first)}.{rng.choice(WORDS)}{serial}"
                if rng.random() < 0.6
                else f"{first} {rng.choice(WORDS)} {serial}"
            )
            tags = "ambassador" if rng.random() < 0.01 else "member" if rng.random() < 0.5 else ""
            if _key(name) not in taken:
                taken.add(_key(name))
                rows.append(
                    (f"bench-person-{seed}-{serial}", name, _key(name), "Instagram", tags, "2026-01-01")
                )
        conn.executemany(
            "INSERT INTO people (uid, name, name_key, platform, tags, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        added = {row[0] for row in rows}
        new_ids = [pid for uid, pid in conn.execute("SELECT uid, id FROM people") if uid in added]
        entries = [
            row[0]
            for row in conn.execute("SELECT id FROM entries WHERE activity IN ('dialogue', 'moderation')")
        ]
        links = (
            {(entry, rng.choice(new_ids)) for entry in entries for _ in range(rng.randint(1, 3))}
            if new_ids
            else set()
        )
        conn.executemany(
            "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?, ?)", sorted(links)
        )
        conn.commit()
        return {
            "people": conn.execute("SELECT count(*) FROM people").fetchone()[0],
            "exchanges": conn.execute("SELECT count(*) FROM entry_people").fetchone()[0],
        }
    finally:
        conn.close()


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def run(db_path: Path, rounds: int = 7) -> dict[str, object]:
    """In-process timings of the People screen's work on ``db_path`` (enlarged if needed)."""
    from cm_coach.core.people import PeopleIndex, list_people
    from cm_coach.store.db import connect

    sizes = enlarge(db_path)
    conn = connect(db_path)
    try:
        loads, indexes, keystrokes, sql_searches = [], [], [], []
        for _ in range(rounds):
            start = time.perf_counter()
            everyone = list_people(conn)
            loads.append(_ms(start))
            start = time.perf_counter()
            index = PeopleIndex(everyone)
            indexes.append(_ms(start))
            for text in TYPED:
                start = time.perf_counter()
                index.search(text, limit=200)
                keystrokes.append(_ms(start))
            start = time.perf_counter()
            list_people(conn, search="marc")
            sql_searches.append(_ms(start))
    finally:
        conn.close()
    worst = max(keystrokes)
    return {
        **sizes,
        "load everyone (one query), median ms": round(statistics.median(loads), 1),
        "build the search index, median ms": round(statistics.median(indexes), 1),
        "one keystroke, median ms": round(statistics.median(keystrokes), 2),
        "one keystroke, worst ms": round(worst, 2),
        "people list --search in process (load + search), median ms": round(
            statistics.median(sql_searches), 1
        ),
        "keystroke target ≤ 50 ms": "met" if worst <= KEYSTROKE_TARGET_MS else "NOT met",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    args = parser.parse_args()
    for key, value in run(args.db).items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
