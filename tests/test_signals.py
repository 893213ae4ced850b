"""Each coaching signal, raised by a small journal built for it (figures worked out by hand)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cm_coach.core.dates import month_period, range_period
from cm_coach.core.indicators import compute
from cm_coach.core.missions import add_mission
from cm_coach.core.signals import signals
from cm_coach.store import queries
from cm_coach.store.db import connect, transaction


@pytest.fixture
def conn(tmp_path):
    connection = connect(tmp_path / "signals.db")
    add_mission(connection, "M", followers=10_000)
    yield connection
    connection.close()


def add(conn, rows):
    mission_id = queries.mission_by_name(conn, "M").id
    with transaction(conn):
        for index, (day, task, minutes, activity, verdict, family, people) in enumerate(rows):
            queries.insert_entry(
                conn,
                {
                    "uid": f"{day}-{index}-{task}",
                    "date": day,
                    "mission_id": mission_id,
                    "task": task,
                    "minutes": minutes,
                    "activity": activity,
                    "verdict": verdict,
                    "family": family,
                    "category": None,
                    "people": people,
                },
            )


def ids(conn, period, today):
    return {s.id: s for s in signals(conn, compute(conn, period, today=today), "fr", target=0.0)}


def test_a_week_of_posts_without_conversation(conn):
    week = [date(2026, 11, 9) + timedelta(days=n) for n in range(5)]
    add(conn, [(d.isoformat(), f"post {d.day}", 60, "content", "inside", "community", None) for d in week])
    found = ids(conn, range_period(week[0], week[-1] + timedelta(days=2)), date(2026, 11, 25))
    assert found["posts_without_conversation"].values == {"days": 5}
    add(conn, [("2026-11-11", "répondre", 10, "dialogue", "inside", "community", None)])
    again = ids(conn, range_period(week[0], week[-1] + timedelta(days=2)), date(2026, 11, 25))
    assert "posts_without_conversation" not in again


def test_complaint_handling_growing_week_after_week(conn):
    # The three ISO weeks ending with the period's last week (23–29 Nov): 20, 40 then 70 minutes
    add(
        conn,
        [
            ("2026-11-10", "réclamations", 20, "customer_service", "outside", "customer_service", None),
            ("2026-11-17", "réclamations", 40, "customer_service", "outside", "customer_service", None),
            ("2026-11-24", "réclamations", 70, "customer_service", "outside", "customer_service", None),
        ],
    )
    found = ids(conn, range_period(date(2026, 11, 1), date(2026, 11, 29)), date(2026, 11, 30))
    signal = found["complaints_growing"]
    assert signal.values == {"weeks": 3, "minutes": [20, 40, 70]}
    assert "20\u00a0min" in signal.measured and "1\u00a0h\u00a010" in signal.measured


def test_flat_complaint_handling_is_not_a_trend(conn):
    add(
        conn,
        [
            ("2026-11-10", "réclamations", 70, "customer_service", "outside", "customer_service", None),
            ("2026-11-17", "réclamations", 70, "customer_service", "outside", "customer_service", None),
            ("2026-11-24", "réclamations", 70, "customer_service", "outside", "customer_service", None),
        ],
    )
    assert "complaints_growing" not in ids(
        conn, range_period(date(2026, 11, 1), date(2026, 11, 29)), date(2026, 11, 30)
    )


def test_same_recipe_four_weeks_running(conn):
    fridays = [date(2026, 11, 6) + timedelta(weeks=n) for n in range(4)]
    add(
        conn,
        [
            (d.isoformat(), "Rédiger le post du vendredi", 45, "content", "inside", "community", None)
            for d in fridays
        ],
    )
    found = ids(conn, month_period(2026, 11), date(2026, 11, 30))
    assert found["same_recipe"].values == {"task": "Rédiger le post du vendredi", "weeks": 4}
    three = ids(conn, range_period(date(2026, 11, 1), date(2026, 11, 21)), date(2026, 11, 30))
    assert "same_recipe" not in three


def test_few_accounts_interacting_is_dated_and_compared_with_the_month_before(conn):
    from cm_coach.core.figures import record_figures

    add(conn, [("2026-11-24", "répondre aux DM", 60, "dialogue", "inside", "community", 12)])
    record_figures(conn, "M", date(2026, 10, 1), followers=10_000, interacting=300)
    healthy = ids(conn, month_period(2026, 10), date(2026, 10, 31))
    assert "few_interacting" not in healthy  # 3 % in October: above the 2 % floor
    record_figures(conn, "M", date(2026, 11, 1), followers=10_200, interacting=150)
    found = ids(conn, month_period(2026, 11), date(2026, 11, 30))
    signal = found["few_interacting"]
    assert signal.values["month"] == "2026-11" and signal.values["ratio"] == round(150 / 10_200, 4)
    assert (
        "novembre\u00a02026" in signal.measured
        and "150" in signal.measured
        and "octobre\u00a02026" in signal.measured
    )
    assert "3,0\u00a0%" in signal.measured  # the month before, for comparison


def test_a_share_falling_three_months_in_a_row_is_raised_even_above_the_floor(conn):
    from cm_coach.core.figures import record_figures

    for month, interacting in ((8, 900), (9, 800), (10, 700), (11, 600)):
        record_figures(conn, "M", date(2026, month, 1), followers=10_000, interacting=interacting)
    add(conn, [("2026-11-24", "répondre aux DM", 60, "dialogue", "inside", "community", None)])
    found = ids(conn, month_period(2026, 11), date(2026, 11, 30))
    assert found["few_interacting"].values["falling_months"] == 3
    assert "few_interacting" not in ids(conn, month_period(2026, 10), date(2026, 10, 31))  # two months only


def test_the_old_headcount_no_longer_raises_a_signal_against_followers(conn):
    add(conn, [("2026-11-24", "live", 60, "dialogue", "inside", "community", 12)])
    found = ids(conn, month_period(2026, 11), date(2026, 11, 30))
    assert "few_interacting" not in found and "low_people_reached" not in found
