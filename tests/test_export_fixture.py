"""The hand-built journal the export tests compare against stored files.

Built through the core API (missions, log, check-ins, assessment) with a fixed clock and
counted uids, so the same code always gives the same journal, and so the same bytes.
Its texts are chosen to break naive exporters: Markdown and HTML syntax, a script tag,
accents, emoji, odd whitespace.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from cm_coach.core import assessment, checkins, corrections, entries, missions
from cm_coach.core.assessment import Answer
from cm_coach.core.boundaries import Verdict
from cm_coach.models import Checkin, PlanItem
from cm_coach.store import people as people_store
from cm_coach.store import queries
from cm_coach.store.db import connect, transaction

STAMP = "2026-10-31T18:00:00"
EXPECTED = Path(__file__).parent / "data" / "export"

TRICKY_TASKS = (
    "# pas un titre | avec `code` et *gras*",
    "- pas une liste > ni une citation",
    "<script>alert(1)</script>",
    "répondre aux commentaires 🎉 sous le post de lundi",
    "1. pas une liste numérotée [lien](http://exemple.fr)",
)


# The role-boundary verdicts, fixed here so that these files test the exports, not the
# classifier's current catalogue: task → (verdict, category, family, activity, score, matched).
VERDICTS = {
    TRICKY_TASKS[0]: ("outside", "web_development", "other", "content", 100, "code"),
    "répondre aux messages privés": (
        "inside",
        "dialogue",
        "community",
        "dialogue",
        100,
        "répondre … messages privés",
    ),
    TRICKY_TASKS[1]: ("unsure", None, None, None, 33, None),
    "lancer la campagne sponsorisée du mois": (
        "outside",
        "paid_campaigns",
        "advertising",
        "advertising",
        100,
        "campagne sponsorisée",
    ),
    TRICKY_TASKS[2]: ("inside", "conversation_content", "community", "other", 82, "script … script"),
    "répondre aux réclamations de livraison": (
        "outside",
        "complaints",
        "customer_service",
        "customer_service",
        100,
        "répondre … réclamations",
    ),
    TRICKY_TASKS[3]: ("inside", "dialogue", "community", "dialogue", 100, "répondre … commentaires"),
    TRICKY_TASKS[4]: ("unsure", None, None, None, 51, None),
    "bilan mensuel des KPI": ("inside", "reporting", "community", "reporting", 100, "bilan … KPI"),
}


class FixedClassifier:
    def classify(self, text: str, lang: str) -> Verdict:
        found = VERDICTS.get(text, ("unsure", None, None, None, 0, None))
        verdict, category, family, activity, score, matched = found
        return Verdict(text, verdict, category, family, activity, score, matched, None, None, None)


def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Freeze ``created_at`` stamps and make uids count up: the journal becomes reproducible."""
    counter = itertools.count(1)
    monkeypatch.setattr(queries, "now_stamp", lambda: STAMP)
    monkeypatch.setattr(people_store, "now_stamp", lambda: STAMP)  # the monthly figures' stamp
    for module in (missions, entries, checkins, assessment, corrections):
        monkeypatch.setattr(module, "new_uid", lambda: f"uid-{next(counter):04d}")
    monkeypatch.setattr(entries, "judge_for", lambda conn, user_file=None: FixedClassifier())


def build_journal(path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    fixed_clock(monkeypatch)
    conn = connect(path)
    try:
        missions.add_mission(conn, "Acme | #1", client="Acme <SA>", start=date(2026, 9, 1), followers=1200)
        missions.add_mission(
            conn, "Café `Noir`", client="Café & Cie", kind="employee", agreed=("advertising",), followers=300
        )
        logged = [
            (date(2026, 10, 1), TRICKY_TASKS[0], 45, "Acme | #1", "content", None),
            (date(2026, 10, 1), "répondre aux messages privés", 90, "Acme | #1", "dialogue", 12),
            (date(2026, 10, 2), TRICKY_TASKS[1], 30, "Café `Noir`", "moderation", None),
            (date(2026, 10, 2), "lancer la campagne sponsorisée du mois", 60, "Café `Noir`", None, None),
            (date(2026, 10, 6), TRICKY_TASKS[2], 20, "Acme | #1", "other", None),
            (date(2026, 10, 6), "répondre aux réclamations de livraison", 40, "Acme | #1", None, None),
            (date(2026, 10, 13), TRICKY_TASKS[3], 75, "Café `Noir`", "dialogue", 30),
            (date(2026, 10, 13), TRICKY_TASKS[4], 15, None, "strategy", None),
            (date(2026, 11, 2), "bilan mensuel des KPI", 60, "Acme | #1", "reporting", None),
        ]
        for day, task, minutes, mission, activity, people in logged:
            entries.log_entry(conn, task, minutes, day=day, mission=mission, activity=activity, people=people)
        first = date(2026, 10, 1)  # a fixed day: these files test the exports, not the prompt schedule
        # The prompt's text as shown is kept with the answer; given here, so that these files
        # do not change with the prompt catalogue's wording.
        checkins.save_checkin(
            conn,
            Checkin(
                first,
                "three-words",
                "écoute, lien,  patience ✨",
                60,
                4,
                prompt_text="Trois mots pour ton métier ?",
            ),
        )
        checkins.save_checkin(
            conn,
            Checkin(
                date(2026, 10, 2),
                "community-01",
                "# Un vrai titre ?\n- une liste\n\n> une citation\twith a tab\n  indented line",
                45,
                None,
                plan=(
                    PlanItem(
                        "répondre aux réclamations de livraison",
                        "handoff",
                        "outside",
                        "customer_service",
                        None,
                        "Acme | #1",
                    ),
                    PlanItem("modérer le groupe", "keep", "inside"),
                ),
                prompt_text="Qu’est-ce qui relie ta communauté ?",
            ),
        )
        checkins.save_checkin(
            conn, Checkin(date(2026, 10, 6), "no-longer-exists", "<b>gras</b> & co", None, 2)
        )
        assessment.save_assessment(
            conn,
            "Acme | #1",
            date(2026, 10, 20),
            [
                Answer("exchange_first", 5, "Oui | vraiment #1"),
                Answer("boundaries_kept", 4, ""),
            ],
        )
        with transaction(conn):
            queries.set_setting(conn, "dialogue_target", "0.45")
    finally:
        conn.close()
    return path


def test_fixture_journal_is_reproducible(tmp_path, monkeypatch):
    from tests.conftest import table_rows

    first = build_journal(tmp_path / "a.db", monkeypatch)
    second = build_journal(tmp_path / "b.db", monkeypatch)
    for table in ("missions", "entries", "checkins", "plan_items", "assessments", "assessment_answers"):
        assert table_rows(first, table) == table_rows(second, table)
    assert len(table_rows(first, "entries")) == 9
