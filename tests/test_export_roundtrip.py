"""Property: any journal → JSON export → import into an empty journal → export again
gives the very same bytes, whatever the text holds (accents, emoji, odd whitespace)."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cm_coach.core.export.journal import Scope
from cm_coach.core.export.to_json import dump
from cm_coach.core.importer import import_file, parse
from cm_coach.store.db import connect, transaction

ODD = [
    "é",
    "à",
    "ç",
    "Œ",
    "ß",
    "🎉",
    "👩‍💻",
    "\u00a0",
    "\u2009",
    "\t",
    "\n",
    "\r\n",
    "  ",
    "\u2028",
    '"',
    "\\",
    "|",
    "#",
    "<",
    ">",
    "&",
    "`",
]
text = st.lists(
    st.one_of(st.sampled_from(ODD), st.text(st.characters(exclude_categories=("Cs",)), max_size=6)),
    max_size=6,
).map("".join)
solid = st.tuples(st.text(st.characters(categories=("L", "N", "So")), min_size=1, max_size=8), text).map(
    "".join
)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)).map(date.isoformat)
maybe = st.none() | text
ACTIVITIES = (
    "dialogue",
    "moderation",
    "content",
    "listening",
    "strategy",
    "reporting",
    "advertising",
    "customer_service",
    "other",
)


@st.composite
def journals(draw) -> dict:
    mission_count = draw(st.integers(0, 3))
    names = draw(
        st.lists(solid, min_size=mission_count, max_size=mission_count, unique_by=lambda n: n.casefold())
    )
    missions = [
        (
            f"m{i}",
            name,
            draw(maybe),
            draw(st.sampled_from(["freelance", "employee"])),
            draw(st.none() | days),
            draw(maybe),
            draw(st.sampled_from(["", "advertising", "advertising,customer_service"])),
            draw(st.none() | st.integers(0, 10**6)),
        )
        for i, name in enumerate(names)
    ]
    refs = st.none() | st.sampled_from(range(1, mission_count + 1)) if mission_count else st.none()
    entries = [
        (
            f"e{i}",
            draw(days),
            draw(refs),
            draw(solid),
            draw(st.integers(1, 1440)),
            draw(st.sampled_from(ACTIVITIES)),
            draw(st.sampled_from(["inside", "outside", "unsure"])),
            draw(st.none() | st.sampled_from(["advertising", "customer_service", "other", "community"])),
            draw(st.none() | st.integers(0, 5000)),
            draw(maybe),
        )
        for i in range(draw(st.integers(0, 12)))
    ]
    checkins = [
        (
            day,
            draw(st.sampled_from(["three-words", "community-01", "gone"])),
            draw(maybe),
            draw(st.none() | st.integers(0, 1440)),
            draw(st.none() | st.integers(1, 5)),
        )
        for day in draw(st.lists(days, max_size=5, unique=True))
    ]
    plans = [
        (
            f"p{i}",
            draw(days),
            i,
            draw(solid),
            draw(refs),
            draw(st.sampled_from(["keep", "agreed", "handoff"])),
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    assessments = []
    if mission_count:
        for i in range(draw(st.integers(0, 2))):
            questions = draw(
                st.lists(
                    st.sampled_from(["exchange_first", "boundaries_kept", "dialogue_time"]),
                    min_size=1,
                    max_size=3,
                    unique=True,
                )
            )
            assessments.append(
                (
                    f"a{i}",
                    draw(st.integers(1, mission_count)),
                    draw(days),
                    [(q, draw(st.integers(1, 5)), draw(maybe)) for q in questions],
                )
            )
    settings_rows = draw(st.dictionaries(solid, text, max_size=3))
    return {
        "missions": missions,
        "entries": entries,
        "checkins": checkins,
        "plans": plans,
        "assessments": assessments,
        "settings": settings_rows,
    }


def fill(conn, journal: dict) -> None:
    with transaction(conn):
        conn.executemany(
            "INSERT INTO missions (uid, name, client, kind, start, notes, agreed, followers, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00')",
            journal["missions"],
        )
        conn.executemany(
            "INSERT INTO entries (uid, date, mission_id, task, minutes, activity, verdict, family, people,"
            " matched, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            journal["entries"],
        )
        conn.executemany(
            "INSERT INTO checkins (date, prompt_id, answer, intention_minutes, energy, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 'x', 'y')",
            journal["checkins"],
        )
        conn.executemany(
            "INSERT INTO plan_items (uid, date, position, task, mission_id, decision) VALUES (?, ?, ?, ?, ?, ?)",
            journal["plans"],
        )
        for uid, mission, day, answers in journal["assessments"]:
            cursor = conn.execute(
                "INSERT INTO assessments (uid, mission_id, date) VALUES (?, ?, ?)", (uid, mission, day)
            )
            conn.executemany(
                "INSERT INTO assessment_answers VALUES (?, ?, ?, ?)",
                [(cursor.lastrowid, *answer) for answer in answers],
            )
        conn.executemany("INSERT INTO settings VALUES (?, ?)", list(journal["settings"].items()))


def export_all(conn) -> str:
    out = io.StringIO(newline="")
    dump(conn, Scope(None, None, "fr", date(2026, 11, 25)), out)
    return out.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journals())
def test_export_import_export_is_byte_identical(journal):
    with tempfile.TemporaryDirectory() as folder:
        first_db = connect(Path(folder) / "a.db")
        second_db = connect(Path(folder) / "b.db")
        try:
            fill(first_db, journal)
            first = export_all(first_db)
            document = parse(first.encode("utf-8"), "a.json")
            import_file(second_db, Path(folder) / "b.db", document)
            second = export_all(second_db)
        finally:
            first_db.close()
            second_db.close()
    assert second == first
    data = json.loads(first)
    assert sorted(e["task"] for e in data["entries"]) == sorted(e[3] for e in journal["entries"])
    assert data["settings"] == dict(sorted(journal["settings"].items()))
