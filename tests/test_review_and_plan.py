"""The weekly review and the plan turned into entries (core and command line)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from cm_coach.core.checkins import save_checkin
from cm_coach.core.entries import log_entry
from cm_coach.core.missions import add_mission
from cm_coach.core.plan import log_plan_row, plan_of, plan_recap, start_plan_row
from cm_coach.core.review import review_due, save_answer, weekly_review
from cm_coach.core.timer import stop_timer
from cm_coach.errors import CoachError
from cm_coach.models import Checkin, PlanItem
from cm_coach.store.db import connect
from tests.conftest import table_rows

MONDAY = date(2026, 11, 16)  # the week before the tests' "today" (Wednesday 25 November)


@pytest.fixture
def journal(db_path):
    conn = connect(db_path)
    add_mission(conn, "Boulangerie Dupont", agreed=())
    plan = (
        PlanItem("répondre aux commentaires", "keep", mission="Boulangerie Dupont"),
        PlanItem("préparer le live", "keep"),
        PlanItem("gérer les remboursements", "handoff"),
    )
    save_checkin(conn, Checkin(MONDAY, "kpis-01", "ok", 90, 2, plan))
    save_checkin(conn, Checkin(date(2026, 11, 17), "kpis-01", "", 60, 3))
    log_entry(
        conn, "répondre aux commentaires", 60, day=MONDAY, mission="Boulangerie Dupont", activity="dialogue"
    )
    log_entry(conn, "écrire le post de la semaine", 120, day=MONDAY, activity="content")
    log_entry(
        conn,
        "gérer le budget des campagnes Facebook Ads",
        90,
        day=date(2026, 11, 17),
        mission="Boulangerie Dupont",
    )
    yield conn
    conn.close()


def test_plan_rows_become_entries_linked_to_them(journal):
    first, second, _handoff = plan_of(journal, MONDAY)
    logged = log_plan_row(journal, first.id, 45)
    entry = logged.entry
    assert (entry.date, entry.task, entry.mission, entry.minutes) == (
        MONDAY,
        "répondre aux commentaires",
        "Boulangerie Dupont",
        45,
    )
    assert plan_of(journal, MONDAY)[0].entry_id == entry.id
    with pytest.raises(CoachError) as twice:
        log_plan_row(journal, first.id, 10)
    assert twice.value.key == "workday.errors.plan_done"
    timer = start_plan_row(journal, second.id, now=datetime(2026, 11, 16, 14, 0))
    assert timer.task == "préparer le live" and timer.plan_item_id == second.id
    stopped = stop_timer(journal, now=datetime(2026, 11, 16, 14, 50))
    assert plan_of(journal, MONDAY)[1].entry_id == stopped.logged.entry.id


def test_saving_the_checkin_again_keeps_what_the_plan_became(journal):
    first = plan_of(journal, MONDAY)[0]
    entry = log_plan_row(journal, first.id, 30).entry
    kept = [PlanItem(row.task, row.decision, mission=row.mission) for row in plan_of(journal, MONDAY)]
    plan = (*kept, PlanItem("nouvelle ligne", "keep"))
    save_checkin(journal, Checkin(MONDAY, "kpis-01", "ok", 90, 2, plan))
    assert [row.entry_id for row in plan_of(journal, MONDAY)] == [entry.id, None, None, None]


def test_the_next_mornings_recap_compares_plan_and_intention(journal):
    log_plan_row(journal, plan_of(journal, MONDAY)[0].id, 30)
    recap = plan_recap(journal, date(2026, 11, 17))
    assert recap is not None and recap.date == MONDAY
    assert (recap.planned, recap.done) == (2, 1)  # the hand-off is not the CM's to do
    assert (recap.intention_minutes, recap.people_minutes) == (90, 90)  # 60 + the 30 just logged
    assert plan_recap(journal, MONDAY) is None  # nothing in the week before


def test_weekly_review_brings_the_week_together(journal):
    review = weekly_review(journal, date(2026, 11, 19))  # any day of the week
    assert review.week.start == MONDAY
    monday, tuesday = review.days[:2]
    assert (monday.minutes, monday.people_minutes, monday.intention_minutes, monday.energy) == (
        180,
        60,
        90,
        2,
    )
    assert (monday.planned, monday.done) == (2, 0)
    assert (tuesday.minutes, tuesday.energy) == (90, 3)
    assert [(d.mission, d.minutes) for d in review.drift] == [("Boulangerie Dupont", 90)]
    assert review.question == "scope"  # a third of the week outside the role
    assert review.answer is None
    save_answer(journal, date(2026, 11, 18), "rendre les pubs au client")
    assert weekly_review(journal, MONDAY).answer == "rendre les pubs au client"
    with pytest.raises(CoachError):
        save_answer(journal, MONDAY, "   ")


def test_the_review_is_due_on_the_first_checkin_of_a_week(journal):
    next_monday = date(2026, 11, 23)
    assert review_due(journal, next_monday)
    assert review_due(journal, date(2026, 11, 24))  # Tuesday, no check-in yet this week
    save_checkin(journal, Checkin(next_monday, "kpis-01", "", None, None))
    assert not review_due(journal, date(2026, 11, 24))
    assert review_due(journal, next_monday)  # the Monday itself, once its check-in is saved
    save_answer(journal, MONDAY, "ok")
    assert not review_due(journal, next_monday)
    assert not review_due(journal, date(2026, 11, 30))  # a week with nothing logged


def test_review_command_and_answer(cli, journal):
    shown = cli("review")
    assert shown.code == 0, shown.err
    assert "semaine du 16 au 22 novembre 2026" in shown.out
    assert "Boulangerie Dupont 1 h 30" in shown.out
    assert "review --answer" in shown.out
    assert cli("review", "--answer", "rendre les pubs").code == 0
    report = json.loads(cli("review", "--json").out)
    assert report["week"] == "2026-11-16" and report["answer"] == "rendre les pubs"
    assert report["question"]["id"] == "scope"
    english = cli("--lang", "en", "review", "--week", "2026-11-25")
    assert "Nothing recorded that week." in english.out


def test_reviews_travel_with_the_json_export(cli, journal, tmp_path):
    save_answer(journal, MONDAY, "rendre les pubs au client")
    out = tmp_path / "all.json"
    assert cli("export", "--all", "--format", "json", "-o", str(out)).code == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["weekly_reviews"][0]["week"] == "2026-11-16"
    other = tmp_path / "other.db"
    result = cli("import", str(out), db=other)
    assert result.code == 0, result.err
    assert table_rows(other, "weekly_reviews")[0]["answer"] == "rendre les pubs au client"
    del document["weekly_reviews"]  # an export without reviews (older, or none written) still imports
    out.write_text(json.dumps(document), encoding="utf-8")
    assert cli("import", str(out), db=tmp_path / "third.db").code == 0
