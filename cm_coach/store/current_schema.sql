-- The journal's schema after every migration: written by `python -m cm_coach.store.fresh`.

CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);

CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");

CREATE TABLE "missions" (
   "id" INTEGER PRIMARY KEY,
   "uid" TEXT NOT NULL,
   "name" TEXT NOT NULL,
   "client" TEXT,
   "kind" TEXT NOT NULL DEFAULT 'freelance',
   "start" TEXT,
   "end" TEXT,
   "notes" TEXT,
   "created_at" TEXT
, "agreed" TEXT NOT NULL DEFAULT '', "followers" INTEGER, "name_key" TEXT, "rate" REAL, "rate_unit" TEXT);

CREATE UNIQUE INDEX idx_missions_uid ON missions(uid);

CREATE UNIQUE INDEX idx_missions_name ON missions(name COLLATE NOCASE);

CREATE TABLE "entries" (
   "id" INTEGER PRIMARY KEY,
   "uid" TEXT NOT NULL,
   "date" TEXT NOT NULL,
   "mission_id" INTEGER REFERENCES "missions"("id"),
   "task" TEXT NOT NULL,
   "minutes" INTEGER NOT NULL,
   "activity" TEXT NOT NULL,
   "created_at" TEXT
, "verdict" TEXT, "category" TEXT, "family" TEXT, "score" INTEGER, "matched" TEXT, "people" INTEGER, "activity_source" TEXT);

CREATE UNIQUE INDEX idx_entries_uid ON entries(uid);

CREATE INDEX idx_entries_date ON entries(date);

CREATE INDEX idx_entries_mission_date ON entries(mission_id, date);

CREATE TABLE "checkins" (
   "date" TEXT PRIMARY KEY,
   "prompt_id" TEXT,
   "answer" TEXT,
   "intention_minutes" INTEGER,
   "energy" INTEGER,
   "created_at" TEXT,
   "updated_at" TEXT
, "prompt_text" TEXT);

CREATE TABLE "plan_items" (
   "id" INTEGER PRIMARY KEY,
   "uid" TEXT NOT NULL,
   "date" TEXT NOT NULL,
   "position" INTEGER,
   "task" TEXT NOT NULL,
   "mission_id" INTEGER REFERENCES "missions"("id"),
   "verdict" TEXT,
   "family" TEXT,
   "category" TEXT,
   "decision" TEXT NOT NULL,
   "created_at" TEXT
, "entry_id" INTEGER);

CREATE UNIQUE INDEX idx_plan_items_uid ON plan_items(uid);

CREATE INDEX idx_plan_items_date ON plan_items(date);

CREATE TABLE "checkin_drafts" (
   "date" TEXT PRIMARY KEY,
   "payload" TEXT,
   "updated_at" TEXT
);

CREATE TABLE "assessments" (
   "id" INTEGER PRIMARY KEY,
   "uid" TEXT NOT NULL,
   "mission_id" INTEGER NOT NULL REFERENCES "missions"("id"),
   "date" TEXT NOT NULL,
   "period_start" TEXT,
   "period_end" TEXT,
   "created_at" TEXT
);

CREATE UNIQUE INDEX idx_assessments_uid ON assessments(uid);

CREATE INDEX idx_assessments_mission_date ON assessments(mission_id, date);

CREATE TABLE "assessment_answers" (
   "assessment_id" INTEGER REFERENCES "assessments"("id"),
   "question_id" TEXT,
   "score" INTEGER NOT NULL,
   "note" TEXT,
   PRIMARY KEY ("assessment_id", "question_id")
);

CREATE TABLE "settings" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT
);

CREATE UNIQUE INDEX idx_missions_name_key ON missions(name_key);

CREATE TABLE "people" (
   "id" INTEGER PRIMARY KEY,
   "uid" TEXT NOT NULL,
   "name" TEXT NOT NULL,
   "name_key" TEXT NOT NULL,
   "platform" TEXT,
   "tags" TEXT,
   "note" TEXT,
   "created_at" TEXT
);

CREATE UNIQUE INDEX idx_people_uid ON people(uid);

CREATE UNIQUE INDEX idx_people_name_key ON people(name_key);

CREATE TABLE "person_missions" (
   "person_id" INTEGER REFERENCES "people"("id"),
   "mission_id" INTEGER REFERENCES "missions"("id"),
   PRIMARY KEY ("person_id", "mission_id")
);

CREATE TABLE "entry_people" (
   "entry_id" INTEGER REFERENCES "entries"("id"),
   "person_id" INTEGER REFERENCES "people"("id"),
   "day" TEXT,
   PRIMARY KEY ("entry_id", "person_id")
);

CREATE INDEX idx_entry_people_person ON entry_people(person_id, day, entry_id);

CREATE TRIGGER entry_people_day AFTER INSERT ON entry_people BEGIN UPDATE entry_people SET day = (SELECT date FROM entries WHERE id = NEW.entry_id) WHERE entry_id = NEW.entry_id AND person_id = NEW.person_id; END;

CREATE TRIGGER entries_day_to_people AFTER UPDATE OF date ON entries BEGIN UPDATE entry_people SET day = NEW.date WHERE entry_id = NEW.id; END;

CREATE TABLE "plan_item_people" (
   "plan_item_id" INTEGER REFERENCES "plan_items"("id"),
   "person_id" INTEGER REFERENCES "people"("id"),
   PRIMARY KEY ("plan_item_id", "person_id")
);

CREATE INDEX idx_plan_item_people_person ON plan_item_people(person_id);

CREATE TABLE "follow_ups" (
   "id" INTEGER PRIMARY KEY,
   "uid" TEXT NOT NULL,
   "person_id" INTEGER NOT NULL REFERENCES "people"("id"),
   "text" TEXT NOT NULL,
   "due" TEXT,
   "done" TEXT,
   "created_at" TEXT
);

CREATE UNIQUE INDEX idx_follow_ups_uid ON follow_ups(uid);

CREATE TABLE "ideas" (
   "id" INTEGER PRIMARY KEY,
   "uid" TEXT NOT NULL,
   "date" TEXT NOT NULL,
   "text" TEXT NOT NULL,
   "person_id" INTEGER REFERENCES "people"("id"),
   "mission_id" INTEGER REFERENCES "missions"("id"),
   "entry_id" INTEGER,
   "created_at" TEXT
);

CREATE UNIQUE INDEX idx_ideas_uid ON ideas(uid);

CREATE TABLE "mission_figures" (
   "mission_id" INTEGER REFERENCES "missions"("id"),
   "month" TEXT,
   "followers" INTEGER,
   "interacting" INTEGER,
   "created_at" TEXT,
   PRIMARY KEY ("mission_id", "month")
);

CREATE TABLE "timer" (
   "id" INTEGER PRIMARY KEY,
   "task" TEXT NOT NULL,
   "mission_id" INTEGER,
   "activity" TEXT,
   "people" TEXT,
   "started_at" TEXT NOT NULL,
   "plan_item_id" INTEGER
);

CREATE TABLE "entry_undo" (
   "id" INTEGER PRIMARY KEY,
   "action" TEXT NOT NULL,
   "entry_id" INTEGER NOT NULL,
   "payload" TEXT NOT NULL,
   "created_at" TEXT
);

CREATE TABLE "weekly_reviews" (
   "week" TEXT PRIMARY KEY,
   "answer" TEXT,
   "created_at" TEXT,
   "updated_at" TEXT
);

CREATE TABLE "corrections" (
   "id" INTEGER PRIMARY KEY,
   "uid" TEXT NOT NULL,
   "text" TEXT NOT NULL,
   "text_key" TEXT NOT NULL,
   "verdict" TEXT,
   "family" TEXT,
   "category" TEXT,
   "activity" TEXT,
   "created_at" TEXT
);

CREATE UNIQUE INDEX idx_corrections_uid ON corrections(uid);

CREATE UNIQUE INDEX idx_corrections_text_key ON corrections(text_key);
