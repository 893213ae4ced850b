"""The journal's schema, as sqlite-utils migrations.

Each migration also sets ``PRAGMA user_version`` so that start-up can read the schema
version with plain sqlite3, without importing sqlite-utils (about 150 ms) on every command.
Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "cm_coach"
migrations = Migrations(MIGRATION_SET)


@migrations(name="m001_foundation")
def m001_foundation(db: Database) -> None:
    """Missions, time entries and morning check-ins."""
    db.table("missions").create(
        {
            "id": int,
            "uid": str,
            "name": str,
            "client": str,
            "kind": str,
            "start": str,
            "end": str,
            "notes": str,
            "created_at": str,
        },
        pk="id",
        not_null={"uid", "name", "kind"},
        defaults={"kind": "freelance"},
    )
    db.execute("CREATE UNIQUE INDEX idx_missions_uid ON missions(uid)")
    db.execute("CREATE UNIQUE INDEX idx_missions_name ON missions(name COLLATE NOCASE)")
    db.table("entries").create(
        {
            "id": int,
            "uid": str,
            "date": str,
            "mission_id": int,
            "task": str,
            "minutes": int,
            "activity": str,
            "created_at": str,
        },
        pk="id",
        not_null={"uid", "date", "task", "minutes", "activity"},
        foreign_keys=[("mission_id", "missions", "id")],
    )
    db.execute("CREATE UNIQUE INDEX idx_entries_uid ON entries(uid)")
    db.execute("CREATE INDEX idx_entries_date ON entries(date)")
    db.execute("CREATE INDEX idx_entries_mission_date ON entries(mission_id, date)")
    db.table("checkins").create(
        {
            "date": str,
            "prompt_id": str,
            "answer": str,
            "intention_minutes": int,
            "energy": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="date",
    )
    db.execute("PRAGMA user_version = 1")


@migrations(name="m002_boundaries_and_coaching")
def m002_boundaries_and_coaching(db: Database) -> None:
    """Role-boundary verdicts, agreed extensions, people reached, plans, drafts,
    self-assessments and settings."""
    missions = db.table("missions")
    missions.add_column("agreed", str, not_null_default="")
    missions.add_column("followers", int)
    entries = db.table("entries")
    for column, kind in (
        ("verdict", str),
        ("category", str),
        ("family", str),
        ("score", int),
        ("matched", str),
        ("people", int),
    ):
        entries.add_column(column, kind)
    db.execute("UPDATE entries SET verdict = 'unsure' WHERE verdict IS NULL")
    db.table("plan_items").create(
        {
            "id": int,
            "uid": str,
            "date": str,
            "position": int,
            "task": str,
            "mission_id": int,
            "verdict": str,
            "family": str,
            "category": str,
            "decision": str,  # keep | agreed | handoff
            "created_at": str,
        },
        pk="id",
        not_null={"uid", "date", "task", "decision"},
        foreign_keys=[("mission_id", "missions", "id")],
    )
    db.execute("CREATE UNIQUE INDEX idx_plan_items_uid ON plan_items(uid)")
    db.execute("CREATE INDEX idx_plan_items_date ON plan_items(date)")
    db.table("checkin_drafts").create({"date": str, "payload": str, "updated_at": str}, pk="date")
    db.table("assessments").create(
        {
            "id": int,
            "uid": str,
            "mission_id": int,
            "date": str,
            "period_start": str,
            "period_end": str,
            "created_at": str,
        },
        pk="id",
        not_null={"uid", "mission_id", "date"},
        foreign_keys=[("mission_id", "missions", "id")],
    )
    db.execute("CREATE UNIQUE INDEX idx_assessments_uid ON assessments(uid)")
    db.execute("CREATE INDEX idx_assessments_mission_date ON assessments(mission_id, date)")
    db.table("assessment_answers").create(
        {"assessment_id": int, "question_id": str, "score": int, "note": str},
        pk=("assessment_id", "question_id"),
        not_null={"score"},
        foreign_keys=[("assessment_id", "assessments", "id")],
    )
    db.table("settings").create({"key": str, "value": str}, pk="key")
    db.execute("PRAGMA user_version = 2")


@migrations(name="m003_people_timer_corrections")
def m003_people_timer_corrections(db: Database) -> None:
    """Names unique by Unicode case folding; a mission's rate; people and their exchanges, the people
    of plan rows, follow-ups and ideas; a mission's monthly platform figures; the running timer; the undo of entry edits and
    deletions; weekly reviews; the
    user's corrections of the judgements; the prompt text kept with each check-in."""
    from cm_coach.models import name_key

    missions = db.table("missions")
    missions.add_column("name_key", str)
    missions.add_column("rate", float)  # what the client pays, per rate_unit (the report's amounts)
    missions.add_column("rate_unit", str)  # hour | day
    taken: set[str] = set()
    for row in db.execute("SELECT id, name FROM missions ORDER BY id").fetchall():
        key, name, suffix = name_key(row[1]), row[1], 2
        while key in taken:  # « Éclair » and « éclair » were two missions: keep both, renamed
            name = f"{row[1]} ({suffix})"
            key, suffix = name_key(name), suffix + 1
        taken.add(key)
        db.execute("UPDATE missions SET name = ?, name_key = ? WHERE id = ?", (name, key, row[0]))
    db.execute("CREATE UNIQUE INDEX idx_missions_name_key ON missions(name_key)")

    entries = db.table("entries")
    entries.add_column("activity_source", str)  # model | user | correction; NULL for older rows
    db.table("checkins").add_column("prompt_text", str)
    db.table("plan_items").add_column("entry_id", int)

    db.table("people").create(
        {
            "id": int,
            "uid": str,
            "name": str,
            "name_key": str,
            "platform": str,
            "tags": str,  # comma-separated: member, ambassador, creator, moderator, client_contact…
            "note": str,
            "created_at": str,
        },
        pk="id",
        not_null={"uid", "name", "name_key"},
    )
    db.execute("CREATE UNIQUE INDEX idx_people_uid ON people(uid)")
    db.execute("CREATE UNIQUE INDEX idx_people_name_key ON people(name_key)")
    db.table("person_missions").create(
        {"person_id": int, "mission_id": int},
        pk=("person_id", "mission_id"),
        foreign_keys=[("person_id", "people", "id"), ("mission_id", "missions", "id")],
    )
    db.table("entry_people").create(
        {"entry_id": int, "person_id": int, "day": str},
        pk=("entry_id", "person_id"),
        foreign_keys=[("entry_id", "entries", "id"), ("person_id", "people", "id")],
    )
    # ``day`` is the entry's date, kept by SQLite itself (whoever writes: the app, an import):
    # everyone's first and last exchange then come from this index alone, for 5,000 people
    # and ten years of exchanges in a few milliseconds (People screen, people list).
    db.execute("CREATE INDEX idx_entry_people_person ON entry_people(person_id, day, entry_id)")
    db.execute(
        "CREATE TRIGGER entry_people_day AFTER INSERT ON entry_people BEGIN"
        " UPDATE entry_people SET day = (SELECT date FROM entries WHERE id = NEW.entry_id)"
        " WHERE entry_id = NEW.entry_id AND person_id = NEW.person_id; END"
    )
    db.execute(
        "CREATE TRIGGER entries_day_to_people AFTER UPDATE OF date ON entries BEGIN"
        " UPDATE entry_people SET day = NEW.date WHERE entry_id = NEW.id; END"
    )
    # The people a plan row is with (« répondre à @lea »): they become the entry's exchanges
    # when the row is logged or timed.
    db.table("plan_item_people").create(
        {"plan_item_id": int, "person_id": int},
        pk=("plan_item_id", "person_id"),
        foreign_keys=[("plan_item_id", "plan_items", "id"), ("person_id", "people", "id")],
    )
    db.execute("CREATE INDEX idx_plan_item_people_person ON plan_item_people(person_id)")
    db.table("follow_ups").create(
        {
            "id": int,
            "uid": str,
            "person_id": int,
            "text": str,
            "due": str,
            "done": str,
            "created_at": str,
        },
        pk="id",
        not_null={"uid", "person_id", "text"},
        foreign_keys=[("person_id", "people", "id")],
    )
    db.execute("CREATE UNIQUE INDEX idx_follow_ups_uid ON follow_ups(uid)")
    db.table("ideas").create(
        {
            "id": int,
            "uid": str,
            "date": str,
            "text": str,
            "person_id": int,
            "mission_id": int,
            "entry_id": int,  # the content entry that used it
            "created_at": str,
        },
        pk="id",
        not_null={"uid", "date", "text"},
        foreign_keys=[("person_id", "people", "id"), ("mission_id", "missions", "id")],
    )
    db.execute("CREATE UNIQUE INDEX idx_ideas_uid ON ideas(uid)")
    db.table("mission_figures").create(
        {"mission_id": int, "month": str, "followers": int, "interacting": int, "created_at": str},
        pk=("mission_id", "month"),
        foreign_keys=[("mission_id", "missions", "id")],
    )
    db.execute(
        "INSERT INTO mission_figures (mission_id, month, followers, created_at)"
        " SELECT id, substr(COALESCE(start, created_at, '2000-01-01'), 1, 7), followers, created_at"
        " FROM missions WHERE followers IS NOT NULL"
    )
    db.table("timer").create(
        {
            "id": int,  # always 1: one timer at a time
            "task": str,
            "mission_id": int,
            "activity": str,
            "people": str,  # the names given with --with, as typed
            "started_at": str,
            "plan_item_id": int,  # the plan row it was started from, linked to the entry at stop
        },
        pk="id",
        not_null={"task", "started_at"},
    )
    db.table("entry_undo").create(
        {
            "id": int,
            "action": str,  # edit | delete
            "entry_id": int,
            "payload": str,  # JSON: the entry's row (and its people links) before the change
            "created_at": str,
        },
        pk="id",
        not_null={"action", "entry_id", "payload"},
    )
    db.table("weekly_reviews").create(
        {"week": str, "answer": str, "created_at": str, "updated_at": str},
        pk="week",  # the Monday, ISO
    )
    db.table("corrections").create(
        {
            "id": int,
            "uid": str,
            "text": str,
            "text_key": str,
            "verdict": str,
            "family": str,
            "category": str,
            "activity": str,
            "created_at": str,
        },
        pk="id",
        not_null={"uid", "text", "text_key"},
    )
    db.execute("CREATE UNIQUE INDEX idx_corrections_uid ON corrections(uid)")
    db.execute("CREATE UNIQUE INDEX idx_corrections_text_key ON corrections(text_key)")
    db.execute("PRAGMA user_version = 3")


SCHEMA_VERSION = 3
