"""Indicators, signals and self-assessment on a hand-built journal.

Every expected figure below was worked out by hand from the rows inserted here; none is
computed by the code under test.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from cm_coach.core.assessment import Answer, history, latest, save_assessment
from cm_coach.core.dates import day_period, month_period, range_period, week_period
from cm_coach.core.indicators import checkin_streak, compute, split_percentages
from cm_coach.core.missions import add_mission
from cm_coach.core.signals import signals
from cm_coach.store import queries
from cm_coach.store.db import connect, transaction

ROWS = [
    # date, mission, activity, minutes, verdict, family, category, people
    ("2026-10-31", "A", "dialogue", 60, "inside", "community", "dialogue", None),
    ("2026-11-02", "A", "content", 90, "inside", "community", "conversation_content", None),
    ("2026-11-02", "B", "advertising", 30, "outside", "advertising", "paid_campaigns", None),
    ("2026-11-03", "A", "dialogue", 45, "inside", "community", "dialogue", 12),
    ("2026-11-03", "A", "customer_service", 30, "outside", "customer_service", "complaints", None),
    ("2026-11-03", "A", "customer_service", 15, "outside", "customer_service", "automated_replies", None),
    ("2026-11-04", "B", "moderation", 35, "inside", "community", "moderation", 5),
    ("2026-12-01", "B", "dialogue", 10, "inside", "community", "dialogue", None),
]


@pytest.fixture
def journal(tmp_path):
    conn = connect(tmp_path / "hand.db")
    add_mission(conn, "A", kind="freelance", agreed=("customer_service",), followers=1000)
    add_mission(conn, "B", kind="employee")
    ids = {m.name: m.id for m in queries.missions(conn)}
    with transaction(conn):
        for index, (day, mission, activity, minutes, verdict, family, category, people) in enumerate(ROWS):
            queries.insert_entry(
                conn,
                {
                    "uid": f"u{index}",
                    "date": day,
                    "mission_id": ids[mission],
                    "task": f"tâche {index}",
                    "minutes": minutes,
                    "activity": activity,
                    "verdict": verdict,
                    "family": family,
                    "category": category,
                    "people": people,
                },
            )
        for day in ("2026-10-29", "2026-10-30", "2026-11-02", "2026-11-03", "2026-11-04"):
            queries.upsert_checkin(
                conn,
                {"date": day, "prompt_id": "kpis-01", "answer": "ok", "intention_minutes": 30, "energy": 3},
            )
    conn.execute("DELETE FROM checkins WHERE date = '2026-10-29'")
    conn.commit()
    yield conn
    conn.close()


def test_month_split_adds_up(journal):
    ind = compute(journal, month_period(2026, 11), today=date(2026, 11, 25))
    assert ind.total_minutes == 245
    assert [(s.key, s.minutes, s.percent) for s in ind.by_activity] == [
        ("content", 90, 36.7),
        ("dialogue", 45, 18.4),
        ("customer_service", 45, 18.4),
        ("moderation", 35, 14.3),
        ("advertising", 30, 12.2),
    ]
    assert sum(s.percent for s in ind.by_activity) == pytest.approx(100.0)
    assert [(s.key, s.minutes, s.percent) for s in ind.by_mission] == [("A", 180, 73.5), ("B", 65, 26.5)]
    assert ind.dialogue_minutes == 80
    assert ind.dialogue_share == pytest.approx(80 / 245)
    assert ind.content_share == pytest.approx(90 / 245)


def test_outside_share_agreed_and_automated(journal):
    ind = compute(journal, month_period(2026, 11), today=date(2026, 11, 25))
    outside = {f.family: (f.agreed_minutes, f.unagreed_minutes) for f in ind.outside}
    assert outside == {"advertising": (0, 30), "customer_service": (30, 15)}
    assert ind.automated_replies_minutes == 15
    assert ind.outside_unagreed_share == pytest.approx(45 / 245)
    assert ind.outside_agreed_share == pytest.approx(30 / 245)


def test_days_people_and_content_without_dialogue(journal):
    ind = compute(journal, week_period(date(2026, 11, 4)), today=date(2026, 11, 25))
    assert [d.date.day for d in ind.days] == [2, 3, 4, 5, 6, 7, 8]
    assert [d.minutes for d in ind.days] == [120, 90, 35, 0, 0, 0, 0]
    assert [d.checked_in for d in ind.days] == [True, True, True, False, False, False, False]
    assert ind.content_without_dialogue == [date(2026, 11, 2)]
    assert ind.people_reached == 17
    assert ind.followers == 1000
    assert ind.people_reached_ratio == pytest.approx(0.017)


def test_month_boundary_and_range(journal):
    october = compute(journal, month_period(2026, 10), today=date(2026, 11, 25))
    assert october.total_minutes == 60
    across = compute(journal, range_period(date(2026, 10, 31), date(2026, 11, 2)), today=date(2026, 11, 25))
    assert across.total_minutes == 180
    december = compute(journal, month_period(2026, 12), today=date(2026, 12, 2))
    assert december.total_minutes == 10


def test_day_without_entries_and_empty_database(journal, tmp_path):
    quiet = compute(journal, day_period(date(2026, 11, 5)), today=date(2026, 11, 25))
    assert quiet.total_minutes == 0 and quiet.by_activity == [] and quiet.dialogue_share == 0
    empty = connect(tmp_path / "empty.db")
    nothing = compute(empty, month_period(2026, 11), today=date(2026, 11, 25))
    assert nothing.total_minutes == 0 and nothing.checkin_streak == 0 and nothing.people_reached is None
    assert signals(empty, nothing, "fr") == []


def test_per_mission(journal):
    a = compute(journal, month_period(2026, 11), mission="a", today=date(2026, 11, 25))
    assert a.mission == "A"
    assert a.total_minutes == 180
    assert a.dialogue_share == pytest.approx(0.25)
    assert a.family_share("customer_service") == pytest.approx(0.25)
    assert a.followers == 1000 and a.people_reached == 12


def test_checkin_streak_skips_weekends_and_today(journal):
    assert checkin_streak(journal, date(2026, 11, 4)) == 4  # 4, 3, 2 Nov, weekend, 30 Oct
    assert checkin_streak(journal, date(2026, 11, 5)) == 4  # today not done yet: not broken
    assert checkin_streak(journal, date(2026, 11, 6)) == 0  # Thursday 5 was missed


def test_signals_of_the_month(journal):
    ind = compute(journal, month_period(2026, 11), today=date(2026, 11, 25))
    found = {s.id: s for s in signals(journal, ind, "en", target=0.35)}
    assert set(found) == {"low_dialogue", "automated_replies", "outside_unagreed"}
    # B: 30 min of unagreed advertising out of 65; A's agreed customer service raises nothing
    assert found["outside_unagreed"].values == {"mission": "B", "family": "advertising", "share": 0.4615}
    assert "33%" in found["low_dialogue"].measured and "35%" in found["low_dialogue"].measured
    assert "15m" in found["automated_replies"].measured
    default_target = {s.id for s in signals(journal, ind, "en", target=0.30)}
    assert "low_dialogue" not in default_target


def test_split_percentages_always_sum_to_100():
    for parts in ([("a", 1), ("b", 1), ("c", 1)], [("a", 7), ("b", 13)], [("x", 1)]):
        assert sum(s.percent for s in split_percentages(parts)) == pytest.approx(100.0)


def test_assessment_contradictions_and_history(journal):
    answers = [Answer("boundaries_kept", 5, "je reste hors du SAV"), Answer("dialogue_time", 5)]
    save_assessment(journal, "A", date(2026, 11, 4), answers)
    result = latest(journal, "A")
    assert result is not None
    # A's last 28 days: 60 + 90 + 45 + 30 + 15 = 240 min, customer service 45 → 18.75 % > 15 %
    flagged = {c.question_id: c for c in result.contradictions}
    assert set(flagged) == {"boundaries_kept"}
    assert flagged["boundaries_kept"].value == pytest.approx(45 / 240)
    save_assessment(journal, "A", date(2026, 11, 20), [Answer("boundaries_kept", 2)])
    assert [a.date for a in history(journal, "A")] == [date(2026, 11, 4), date(2026, 11, 20)]
    assert latest(journal, "A").contradictions == ()


def test_bad_assessment_writes_nothing(journal):
    from cm_coach.errors import CoachError

    with pytest.raises(CoachError):
        save_assessment(journal, "A", date(2026, 11, 4), [Answer("dialogue_time", 5), Answer("nope", 3)])
    with pytest.raises(CoachError):
        save_assessment(journal, "A", date(2026, 11, 4), [Answer("dialogue_time", 9)])
    assert journal.execute("SELECT COUNT(*) FROM assessments").fetchone()[0] == 0


def test_stats_cli_json(cli, tmp_path, db_path):
    cli("missions", "add", "M")
    cli("log", "modérer le forum", "-d", "1h", "-m", "M", "--activity", "moderation", "--date", "2026-11-23")
    cli("log", "rédiger le post", "-d", "3h", "-m", "M", "--activity", "content", "--date", "2026-11-24")
    result = cli("stats", "--week", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.raw_out)
    assert data["total_minutes"] == 240
    assert data["dialogue_share"] == 0.25
    assert [d["minutes"] for d in data["days"]] == [60, 180, 0, 0, 0, 0, 0]
    assert [s["id"] for s in data["signals"]] == ["low_dialogue"]
    text = cli("stats", "--week")
    assert "25\u00a0%" in text.raw_out and "4\u00a0h" in text.raw_out


def test_stats_target_is_remembered(cli, db_path):
    assert cli("stats", "--target", "20").code == 0
    assert json.loads(cli("stats", "--json").raw_out)["dialogue_target"] == 0.2
    assert cli("stats", "--target", "500").code == 2


def test_assess_cli_with_answers_file_and_show(cli, tmp_path):
    cli("missions", "add", "M")
    answers = tmp_path / "answers.toml"
    answers.write_text('dialogue_time = 5\nboundaries_kept = { score = 4, note = "ok" }\n', encoding="utf-8")
    assert cli("assess", "M", "--answers", str(answers)).code == 0
    shown = json.loads(cli("assess", "M", "--show", "--json").raw_out)
    assert [a["question"] for a in shown["answers"]] == ["dialogue_time", "boundaries_kept"]
    assert shown["answers"][1]["note"] == "ok"
    assert cli("assess", "Inconnue", "--show").code == 2


def test_period_queries_use_the_date_index(journal):
    """A month of a ten-year journal must not scan the table."""
    plans = [
        " ".join(row[3] for row in journal.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        for sql, params in [
            (
                "SELECT e.activity, SUM(e.minutes) FROM entries e WHERE e.date BETWEEN ? AND ? GROUP BY e.activity",
                ["2026-11-01", "2026-11-30"],
            ),
            (
                "SELECT SUM(e.minutes) FROM entries e WHERE e.date BETWEEN ? AND ? AND e.mission_id = ?",
                ["2026-11-01", "2026-11-30", 1],
            ),
        ]
    ]
    assert "idx_entries_date" in plans[0]
    assert "idx_entries_mission_date" in plans[1]
    assert all("SCAN e" not in plan for plan in plans)


def test_assess_interactive(cli, monkeypatch):
    import io

    from cm_coach.core.content import rubric

    cli("missions", "add", "M")
    count = len(rubric().questions)
    typed = "5\nune note\n" + "x\n3\n\n" + "\n" * (count - 2)
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    result = cli("assess", "M")
    assert result.code == 0, result.err
    assert "1 à 5" in result.out  # the "x" was refused with a hint, then 3 accepted
    shown = json.loads(cli("assess", "M", "--show", "--json").raw_out)
    assert [(a["score"], a["note"]) for a in shown["answers"]] == [(5, "une note"), (3, "")]


def test_assess_interactive_abort_writes_nothing(cli, db_path, monkeypatch):
    import io

    cli("missions", "add", "M")
    monkeypatch.setattr("sys.stdin", io.StringIO("4\n\nq\n"))
    result = cli("assess", "M")
    assert result.code == 1
    from tests.conftest import table_rows

    assert table_rows(db_path, "assessments") == []
