"""Property: any journal → JSON export → import into an empty journal → export again
gives the very same bytes, whatever the text holds (accents, emoji, odd whitespace), in
every table the format carries. The journals hold what the app may store (core.validate):
nothing else can be written to a journal any more."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cm_coach.core import validate
from cm_coach.core.export.journal import Scope
from cm_coach.core.export.to_json import dump
from cm_coach.core.importer import import_file, parse
from cm_coach.models import name_key
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
    "עברית",
    "e\u0301",
]
# Any text the app may store: no control, bidi or zero-width characters (core.validate), but
# accents, emoji with joiners, right-to-left scripts, odd spaces and markup characters.
raw = st.lists(
    st.one_of(
        st.sampled_from(ODD), st.text(st.characters(exclude_categories=("Cc", "Cs", "Cf")), max_size=6)
    ),
    max_size=6,
).map("".join)
text = raw.map(validate.free_text)  # notes and answers: line breaks kept, ends trimmed
solid = st.tuples(st.text(st.characters(categories=("L", "N", "So")), min_size=1, max_size=8), raw).map(
    lambda parts: " ".join("".join(parts).split())
)  # names and tasks: one line
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))
day_text = days.map(date.isoformat)
maybe = st.none() | text
note = st.none() | text.filter(bool)  # notes: the app stores no note as null, never ""
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
    names = draw(st.lists(solid, min_size=mission_count, max_size=mission_count, unique_by=name_key))
    missions = [
        (
            f"m{i}",
            name,
            name_key(name),
            draw(st.none() | solid),
            draw(st.sampled_from(["freelance", "employee"])),
            draw(st.none() | day_text),
            draw(note),
            draw(st.sampled_from(["", "advertising", "advertising,customer_service"])),
            draw(st.none() | st.integers(0, 10**6)),
            draw(st.none() | st.floats(0, 2000, allow_nan=False)),
            draw(st.none() | st.sampled_from(["hour", "day"])),
        )
        for i, name in enumerate(names)
    ]
    refs = st.none() | st.sampled_from(range(1, mission_count + 1)) if mission_count else st.none()
    people_names = draw(st.lists(solid, max_size=3, unique_by=name_key))
    people = [
        (f"p{i}", name, name_key(name), draw(st.none() | solid), draw(st.none() | solid), draw(note))
        for i, name in enumerate(people_names)
    ]
    person_refs = st.sampled_from(range(1, len(people) + 1)) if people else st.nothing()
    entries = [
        (
            f"e{i}",
            draw(day_text),
            draw(refs),
            draw(solid),
            draw(st.integers(1, 1440)),
            draw(st.sampled_from(ACTIVITIES)),
            draw(st.sampled_from(["inside", "outside", "unsure"])),
            draw(st.none() | st.sampled_from(["advertising", "customer_service", "other", "community"])),
            draw(st.none() | st.integers(0, 5000)),
            draw(st.none() | solid),
            draw(st.none() | st.sampled_from(["model", "user", "correction"])),
        )
        for i in range(draw(st.integers(0, 12)))
    ]
    entry_refs = st.none() | st.sampled_from(range(1, len(entries) + 1)) if entries else st.none()
    checkins = [
        (
            day,
            draw(st.sampled_from(["three-words", "community-01", "gone"])),
            draw(note),
            draw(maybe),
            draw(st.none() | st.integers(0, 1440)),
            draw(st.none() | st.integers(1, 5)),
        )
        for day in draw(st.lists(day_text, max_size=5, unique=True))
    ]
    plans = [
        (
            f"p{i}",
            draw(day_text),
            i,
            draw(solid),
            draw(refs),
            draw(entry_refs),
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
            day = draw(days)
            assessments.append(
                (
                    f"a{i}",
                    draw(st.integers(1, mission_count)),
                    day.isoformat(),
                    (day - timedelta(days=27)).isoformat(),
                    [(q, draw(st.integers(1, 5)), draw(st.none() | text.filter(bool))) for q in questions],
                )
            )
    links = (
        sorted(
            draw(st.sets(st.tuples(person_refs, st.sampled_from(range(1, mission_count + 1))), max_size=4))
        )
        if people and mission_count
        else []
    )
    met = (
        sorted(draw(st.sets(st.tuples(st.sampled_from(range(1, len(entries) + 1)), person_refs), max_size=4)))
        if people and entries
        else []
    )
    planned_with = (  # the people of plan rows (« répondre à @lea »)
        sorted(draw(st.sets(st.tuples(st.sampled_from(range(1, len(plans) + 1)), person_refs), max_size=4)))
        if people and plans
        else []
    )
    follow_ups = (
        [
            (
                f"f{i}",
                draw(person_refs),
                draw(text.filter(bool)),
                draw(st.none() | day_text),
                draw(st.none() | day_text),
            )
            for i in range(draw(st.integers(0, 3)))
        ]
        if people
        else []
    )
    ideas = [
        (
            f"i{i}",
            draw(day_text),
            draw(text.filter(bool)),
            draw(st.none() | person_refs) if people else None,
            draw(refs),
            draw(entry_refs),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    figures = (
        [
            (mission, month, draw(st.none() | st.integers(0, 10**6)), draw(st.none() | st.integers(0, 10**5)))
            for mission, month in draw(
                st.sets(
                    st.tuples(
                        st.sampled_from(range(1, mission_count + 1)),
                        st.sampled_from(["2026-09", "2026-10", "2026-11"]),
                    ),
                    max_size=3,
                )
            )
        ]
        if mission_count
        else []
    )
    reviews = [
        (monday.isoformat(), draw(maybe))
        for monday in draw(st.sets(days.map(lambda d: d - timedelta(days=d.weekday())), max_size=3))
    ]
    corrections = [
        (
            f"c{i}",
            task,
            name_key(task),
            draw(st.sampled_from(["inside", "outside", "unsure"])),
            draw(st.none() | st.sampled_from(ACTIVITIES)),
        )
        for i, task in enumerate(draw(st.lists(solid, max_size=3, unique_by=name_key)))
    ]
    settings_rows = draw(st.dictionaries(solid, text, max_size=3))
    return {
        "missions": missions,
        "people": people,
        "links": links,
        "entries": entries,
        "met": met,
        "checkins": checkins,
        "plans": plans,
        "planned_with": planned_with,
        "assessments": assessments,
        "follow_ups": follow_ups,
        "ideas": ideas,
        "figures": figures,
        "reviews": reviews,
        "corrections": corrections,
        "settings": settings_rows,
    }


def fill(conn, journal: dict) -> None:
    with transaction(conn):
        conn.executemany(
            "INSERT INTO missions (uid, name, name_key, client, kind, start, notes, agreed, followers, rate,"
            " rate_unit, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00')",
            journal["missions"],
        )
        conn.executemany(
            "INSERT INTO people (uid, name, name_key, platform, tags, note) VALUES (?, ?, ?, ?, ?, ?)",
            journal["people"],
        )
        conn.executemany(
            "INSERT INTO person_missions (person_id, mission_id) VALUES (?, ?)", journal["links"]
        )
        conn.executemany(
            "INSERT INTO entries (uid, date, mission_id, task, minutes, activity, verdict, family, people,"
            " matched, activity_source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            journal["entries"],
        )
        conn.executemany("INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)", journal["met"])
        conn.executemany(
            "INSERT INTO checkins (date, prompt_id, prompt_text, answer, intention_minutes, energy, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, 'x', 'y')",
            journal["checkins"],
        )
        conn.executemany(
            "INSERT INTO plan_items (uid, date, position, task, mission_id, entry_id, decision)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            journal["plans"],
        )
        conn.executemany(
            "INSERT INTO plan_item_people (plan_item_id, person_id) VALUES (?, ?)", journal["planned_with"]
        )
        for uid, mission, day, start, answers in journal["assessments"]:
            cursor = conn.execute(
                "INSERT INTO assessments (uid, mission_id, date, period_start, period_end) VALUES (?, ?, ?, ?, ?)",
                (uid, mission, day, start, day),
            )
            conn.executemany(
                "INSERT INTO assessment_answers VALUES (?, ?, ?, ?)",
                [(cursor.lastrowid, *answer) for answer in answers],
            )
        conn.executemany(
            "INSERT INTO follow_ups (uid, person_id, text, due, done) VALUES (?, ?, ?, ?, ?)",
            journal["follow_ups"],
        )
        conn.executemany(
            "INSERT INTO ideas (uid, date, text, person_id, mission_id, entry_id) VALUES (?, ?, ?, ?, ?, ?)",
            journal["ideas"],
        )
        conn.executemany(
            "INSERT INTO mission_figures (mission_id, month, followers, interacting) VALUES (?, ?, ?, ?)",
            journal["figures"],
        )
        conn.executemany("INSERT INTO weekly_reviews (week, answer) VALUES (?, ?)", journal["reviews"])
        conn.executemany(
            "INSERT INTO corrections (uid, text, text_key, verdict, activity) VALUES (?, ?, ?, ?, ?)",
            journal["corrections"],
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
    assert len(data["people"]) == len(journal["people"]) and len(data["ideas"]) == len(journal["ideas"])
    assert len(data["entry_people"]) == len(journal["met"])
    assert len(data["plan_item_people"]) == len(journal["planned_with"])
