"""The timer: start, status, stop (an entry like ``log`` writes), one at a time, survives
restarts, and a forgotten timer asks for its end instead of writing a 14-hour entry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime

import pytest

from cm_coach.core.timer import (
    TimerTooLong,
    current,
    parse_moment,
    start_timer,
    status_line,
    stop_timer,
)
from cm_coach.errors import CoachError
from cm_coach.store.db import connect
from tests.conftest import table_rows

MORNING = "2026-11-25T09:00:00"


@pytest.fixture
def at(monkeypatch):
    """Set the CLI's moment (``CM_COACH_NOW``)."""

    def set_moment(moment: str) -> None:
        monkeypatch.setenv("CM_COACH_NOW", moment)

    set_moment(MORNING)
    return set_moment


def test_start_then_stop_writes_one_entry_on_the_start_day(cli, db_path, at):
    assert cli("missions", "add", "Boulangerie Dupont").code == 0
    started = cli("start", "répondre aux commentaires", "-m", "boulangerie dupont")
    assert started.code == 0, started.err
    assert "9h00" in started.out and "Boulangerie Dupont" in started.out
    assert table_rows(db_path, "timer")[0]["task"] == "répondre aux commentaires"
    at("2026-11-25T10:31:40")
    stopped = cli("stop")
    assert stopped.code == 0, stopped.err
    assert "1 h 32" in stopped.out and "Dialogue" in stopped.out  # verdict and activity, as log prints
    [entry] = table_rows(db_path, "entries")
    assert (entry["date"], entry["minutes"], entry["activity"]) == ("2026-11-25", 92, "dialogue")
    assert entry["mission_id"] == 1
    assert table_rows(db_path, "timer") == []


def test_stop_at_a_given_time_and_json(cli, db_path, at):
    cli("start", "modérer le forum", "-a", "modération")
    at("2026-11-25T17:00")
    result = cli("stop", "--at", "15h30", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["minutes"] == 390
    assert table_rows(db_path, "entries")[0]["activity"] == "moderation"


def test_a_forgotten_timer_is_refused_and_says_how_to_give_the_end(cli, db_path, at):
    cli("start", "répondre aux messages privés")
    at("2026-11-26T08:10")  # the next morning: 23 h later
    refused = cli("stop")
    assert refused.code == 2
    assert "--at" in refused.err and "--discard" in refused.err
    assert table_rows(db_path, "entries") == [] and len(table_rows(db_path, "timer")) == 1
    assert cli("stop", "--at", "18h").code == 0
    [entry] = table_rows(db_path, "entries")
    assert (entry["date"], entry["minutes"]) == ("2026-11-25", 540)


def test_past_the_limit_on_the_same_day_asks_too(db_path):
    conn = connect(db_path)
    start_timer(conn, "veille", now=datetime(2026, 11, 25, 7, 0))
    with pytest.raises(TimerTooLong):
        stop_timer(conn, now=datetime(2026, 11, 25, 17, 30))
    stopped = stop_timer(conn, now=datetime(2026, 11, 25, 17, 30), accept_long=True)
    assert stopped.logged.entry.minutes == 630
    conn.close()


def test_one_timer_at_a_time_start_stops_the_running_one(cli, db_path, at):
    cli("start", "répondre aux commentaires")
    at("2026-11-25T09:45")
    switched = cli("start", "préparer le live")
    assert switched.code == 0, switched.err
    assert [e["minutes"] for e in table_rows(db_path, "entries")] == [45]
    assert table_rows(db_path, "timer")[0]["task"] == "préparer le live"
    conn = connect(db_path)
    with pytest.raises(CoachError) as refused:
        start_timer(conn, "autre chose", now=datetime(2026, 11, 25, 10, 0))
    assert refused.value.key == "workday.errors.timer_running"
    conn.close()


def test_discard_writes_nothing(cli, db_path, at):
    cli("start", "tâche lancée par erreur")
    assert cli("stop", "--discard").code == 0
    assert table_rows(db_path, "entries") == [] and table_rows(db_path, "timer") == []
    again = cli("stop")
    assert again.code == 2 and "cm-coach start" in again.err


def test_bad_input_writes_nothing(cli, db_path, at):
    cli("missions", "add", "M")
    assert cli("start", "   ").code == 2
    assert cli("start", "x", "-m", "inconnue").code == 2
    assert cli("start", "x", "-a", "cuisine").code == 2
    assert cli("start", "x", "--at", "25h").code == 2
    assert cli("start", "x", "--at", "10h").code == 2  # later than now
    assert table_rows(db_path, "timer") == []
    cli("start", "x")
    at("2026-11-25T10:00")
    assert cli("stop", "--at", "8h").code == 2  # before the start... and not tomorrow yet
    assert cli("stop", "--at", "11h").code == 2  # in the future
    assert table_rows(db_path, "entries") == []


def test_with_people_are_kept_as_typed_and_counted(cli, db_path, at):
    started = cli("start", "live Q&A", "--with", "@lea, Marc", "--new")  # new people, said so
    assert "@lea, Marc" in started.out  # as typed
    assert table_rows(db_path, "timer")[0]["people"] == "@lea, Marc"
    at("2026-11-25T09:30")
    cli("stop")
    assert sorted(p["name"] for p in table_rows(db_path, "people")) == ["@lea", "Marc"]
    assert len(table_rows(db_path, "entry_people")) == 2


def test_an_entry_that_cannot_be_written_puts_the_timer_back(db_path, monkeypatch):
    conn = connect(db_path)
    start_timer(conn, "répondre aux avis", now=datetime(2026, 11, 25, 9, 0))
    import cm_coach.core.entries as entries

    def broken(*args, **kwargs):
        raise CoachError("errors.task_empty")

    monkeypatch.setattr(entries, "log_entry", broken)
    with pytest.raises(CoachError):
        stop_timer(conn, now=datetime(2026, 11, 25, 9, 30))
    timer = current(conn)
    assert timer is not None and timer.task == "répondre aux avis"
    conn.close()


def test_status_line_and_moments():
    start = datetime(2026, 11, 25, 9, 0)
    assert (
        status_line("répondre", start, "Dupont", datetime(2026, 11, 25, 10, 5)) == "⏱ 1:05 répondre · Dupont"
    )
    assert status_line("x", start, None, datetime(2026, 11, 26, 9, 0)).endswith("⚠")
    now = datetime(2026, 11, 26, 8, 0)
    late = datetime(2026, 11, 25, 23, 0)
    assert parse_moment("0h15", after=late, now=now) == datetime(2026, 11, 26, 0, 15)
    assert parse_moment("23:30", after=late, now=now) == datetime(2026, 11, 25, 23, 30)
    assert parse_moment("hier 23h45", after=late, now=now) == datetime(2026, 11, 25, 23, 45)
    assert parse_moment("7h", after=None, now=now) == datetime(2026, 11, 26, 7, 0)
    for bad in ("", "midi", "24h", "12h61", "demain matin 8h"):
        with pytest.raises(CoachError):
            parse_moment(bad, after=late, now=now)


STATUS = """
import json, sys
from cm_coach.cli import main
code = main(sys.argv[1:])
heavy = [m for m in ("textual", "sqlite_utils", "cm_coach.core.boundaries", "cm_coach.core.i18n", "argparse",
                   "dataclasses", "typing", "cm_coach.models") if m in sys.modules]
print(json.dumps({"code": code, "heavy": heavy}))
"""


def test_status_for_a_shell_prompt_loads_nothing_heavy(cli, db_path, at):
    cli("start", "répondre aux commentaires")
    env = {**os.environ, "CM_COACH_NOW": "2026-11-25T10:05"}
    result = subprocess.run(
        [sys.executable, "-c", STATUS, "--db", str(db_path), "status"],
        capture_output=True,
        text=True,
        env=env,
    )
    line, report = result.stdout.strip().splitlines()
    assert line == "⏱ 1:05 répondre aux commentaires"
    assert json.loads(report) == {"code": 0, "heavy": []}, result.stderr
    cli("stop", "--discard")
    result = subprocess.run(
        [sys.executable, "-c", STATUS, "--db", str(db_path), "status"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert json.loads(result.stdout) == {"code": 1, "heavy": []}  # nothing printed for the prompt


def test_status_json_and_missing_journal(cli, tmp_path, at):
    assert cli("status", db=tmp_path / "nothing.db").code == 1  # a prompt stays quiet
    cli("start", "veille")
    at("2026-11-25T09:20")
    report = json.loads(cli("status", "--json").out)
    assert (report["task"], report["minutes"]) == ("veille", 20)


def test_a_timer_stopped_at_once_writes_one_minute(db_path):
    conn = connect(db_path)
    moment = datetime(2026, 11, 25, 9, 0, 0)
    start_timer(conn, "veille", now=moment)
    stopped = stop_timer(conn, now=moment)
    assert stopped.logged.entry.minutes == 1
    conn.close()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("modérer", "-m", "Nulle part"), "Nulle part"),  # a mission nobody added
        (("",), "vide"),  # no task
        (("modérer", "--at", "8h30"), "8h30"),  # before the running timer's start
        (("modérer", "-a", "jonglage"), "jonglage"),  # an activity that does not exist
    ],
)
def test_bad_input_to_start_leaves_the_running_timer_running(cli, db_path, at, args, says):
    """Before, the running timer was stopped and logged, then the new one refused."""
    assert cli("missions", "add", "Acme").code == 0
    at("2026-11-25T09:00")
    assert cli("start", "répondre aux commentaires", "-m", "Acme").code == 0
    at("2026-11-25T09:40")
    refused = cli("start", *args)
    assert refused.code == 2 and says in refused.err
    assert table_rows(db_path, "entries") == []
    [timer] = table_rows(db_path, "timer")
    assert timer["task"] == "répondre aux commentaires"


def test_a_new_timer_started_earlier_ends_the_running_one_then(cli, db_path, at):
    """``start --at 8h30`` while a timer started at 8h runs: the first ends at 8h30, not now
    (the half hour after was counted twice)."""
    assert cli("missions", "add", "Acme").code == 0
    at("2026-11-25T08:00")
    assert cli("start", "répondre aux commentaires", "-m", "Acme").code == 0
    at("2026-11-25T09:08")
    switched = cli("start", "modérer le forum", "-m", "Acme", "--at", "8h30")
    assert switched.code == 0, switched.err
    [entry] = table_rows(db_path, "entries")
    assert (entry["task"], entry["minutes"]) == ("répondre aux commentaires", 30)
    [timer] = table_rows(db_path, "timer")
    assert (timer["task"], timer["started_at"]) == ("modérer le forum", "2026-11-25T08:30:00")
    at("2026-11-25T09:30")
    assert cli("stop").code == 0
    assert [row["minutes"] for row in table_rows(db_path, "entries")] == [30, 60]


def test_start_with_someone_unknown_asks_for_new_as_log_does(cli, db_path, at):
    """``start --with`` created a person for any name (a typo made a second @lea); ``log``
    refuses an unknown name unless ``--new``: now both do."""
    assert cli("people", "add", "@lea").code == 0
    refused = cli("start", "répondre", "--with", "@lae")
    assert refused.code == 2 and "--new" in refused.err and "@lea" in refused.err
    assert table_rows(db_path, "timer") == []
    assert cli("start", "répondre", "--with", "lea").code == 0  # a known one, as log finds it
    assert cli("start", "live", "--with", "Nouvelle", "--new").code == 0
    at("2026-11-25T10:00")
    assert cli("stop").code == 0
    assert sorted(row["name"] for row in table_rows(db_path, "people")) == ["@lea", "Nouvelle"]


def test_with_given_twice_keeps_both_names(cli, db_path):
    assert cli("people", "add", "@lea").code == 0 and cli("people", "add", "Marc").code == 0
    logged = cli("log", "répondre", "-d", "10", "--with", "lea", "--with", "Marc")
    assert logged.code == 0, logged.err
    assert len(table_rows(db_path, "entry_people")) == 2
