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


SCHEMA_VERSION = 2
