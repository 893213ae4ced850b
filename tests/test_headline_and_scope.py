"""The headline with its parts, own-business time apart, and one rule for "agreed"
everywhere (stats, entries, check): figures worked out by hand on small journals."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cm_coach.core.dates import month_period
from cm_coach.core.indicators import compute
from cm_coach.core.signals import signals
from cm_coach.store import queries
from cm_coach.store.db import connect, transaction

NOVEMBER = month_period(2026, 11)
TODAY = date(2026, 11, 25)


def add(conn, mission, rows):
    mission_id = queries.mission_by_name(conn, mission).id if mission else None
    with transaction(conn):
        for index, (task, minutes, activity, verdict, family, category) in enumerate(rows):
            queries.insert_entry(
                conn,
                {
                    "uid": f"{mission}-{index}-{task}",
                    "date": "2026-11-10",
                    "mission_id": mission_id,
                    "task": task,
                    "minutes": minutes,
                    "activity": activity,
                    "verdict": verdict,
                    "family": family,
                    "category": category,
                },
            )


@pytest.fixture
def journal(cli, db_path):
    assert cli("missions", "add", "Shop", "--agreed", "customer_service").code == 0
    conn = connect(db_path)
    yield conn
    conn.close()


def test_time_with_people_is_shown_with_its_parts_that_add_up(journal, cli):
    add(
        journal,
        "Shop",
        [
            ("réponses", 319, "dialogue", "inside", "community", "dialogue"),  # 31.9 %
            ("modé", 47, "moderation", "inside", "community", "moderation"),  # 4.7 %
            ("posts", 634, "content", "inside", "community", "conversation_content"),
        ],
    )
    indicators = compute(journal, NOVEMBER, today=TODAY)
    total, parts = indicators.people_time_percents()
    assert total == 37 and parts == [("dialogue", 32), ("moderation", 5)]
    assert total == sum(value for _, value in parts)
    text = cli("stats", "--month", "2026-11").out
    assert "Temps avec les gens : 37 % = dialogue 32 % + modération 5 %" in text.replace("\u00a0", " ")
    data = json.loads(cli("stats", "--month", "2026-11", "--json").raw_out)
    assert [p["activity"] for p in data["people_time"]["parts"]] == ["dialogue", "moderation"]
    assert data["people_time"]["minutes"] == 366


def test_own_business_is_counted_apart_and_never_suggested_for_the_quote(journal, cli):
    add(
        journal,
        "Shop",
        [
            ("réponses", 60, "dialogue", "inside", "community", "dialogue"),
            ("facture novembre", 90, "other", "outside", "own_business", "own_business"),
        ],
    )
    indicators = compute(journal, NOVEMBER, today=TODAY)
    assert indicators.own_business_minutes == 90
    assert [f.family for f in indicators.outside] == []
    assert indicators.outside_unagreed_share == 0
    found = {s.id for s in signals(journal, indicators, "fr", target=0.0)}
    assert "outside_unagreed" not in found
    assert "Ta propre activité" in cli("stats", "--month", "2026-11").out


def test_automated_replies_are_never_agreed_in_stats_entries_and_check(journal, cli):
    add(
        journal,
        "Shop",
        [
            (
                "configurer un chatbot SAV",
                30,
                "customer_service",
                "outside",
                "customer_service",
                "automated_replies",
            ),
            ("traiter les réclamations", 45, "customer_service", "outside", "customer_service", "complaints"),
        ],
    )
    rows = {row["task"]: row for row in json.loads(cli("entries", "--month", "2026-11", "--json").raw_out)}
    assert rows["configurer un chatbot SAV"]["agreed"] is False
    assert rows["traiter les réclamations"]["agreed"] is True
    stats = json.loads(cli("stats", "--month", "2026-11", "--json").raw_out)
    assert stats["outside"] == [{"family": "customer_service", "agreed_minutes": 45, "unagreed_minutes": 30}]
    check = json.loads(cli("check", "--json", "-m", "Shop", "configurer un chatbot SAV").raw_out)
    assert check["agreed"] is False


def test_no_dialogue_logged_is_asked_about_not_reproached(journal):
    add(journal, "Shop", [("posts", 300, "content", "inside", "community", "conversation_content")])
    found = {s.id: s for s in signals(journal, compute(journal, NOVEMBER, today=TODAY), "fr", target=0.3)}
    assert "oubli de saisie, ou un vrai creux" in found["low_dialogue"].measured


def test_a_mostly_promotional_feed_is_named_but_one_promo_post_is_not(journal):
    add(
        journal,
        "Shop",
        [
            ("post promo -20 %", 60, "content", "inside", "community", "promotional_content"),
            ("carrousel conseils", 240, "content", "inside", "community", "conversation_content"),
        ],
    )
    found = {s.id for s in signals(journal, compute(journal, NOVEMBER, today=TODAY), "fr", target=0.0)}
    assert "mostly_promotion" not in found
    add(journal, None, [("vente flash", 400, "content", "inside", "community", "promotional_content")])
    found = {s.id for s in signals(journal, compute(journal, NOVEMBER, today=TODAY), "fr", target=0.0)}
    assert "mostly_promotion" in found


def test_tasks_still_to_settle(journal, cli):
    add(journal, "Shop", [("zxqv plorf", 20, "other", "unsure", "community", "coordination")])
    add(journal, None, [("réponses", 20, "dialogue", "inside", "community", "dialogue")])
    unsettled = json.loads(cli("entries", "--month", "2026-11", "--unsettled", "--json").raw_out)
    assert [row["task"] for row in unsettled] == ["zxqv plorf"]
