"""The core's write functions check the values as the user gave them, whatever the shell:
the same rules for the CLI, the TUI (which calls the same functions) and the importer.

Before: the CLI parsed and checked its options itself, so a shell that passed raw values
(the app's mission form) stored ``-5`` followers or crashed on ``-``; the CLI logged days
in the future that the app refused; ``"nan"`` as the dialogue target broke ``stats``.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from cm_coach.core import validate
from cm_coach.core.assessment import Answer, latest, save_assessment
from cm_coach.core.checkins import get_checkin, save_checkin
from cm_coach.core.entries import edit_entry, log_entry
from cm_coach.core.missions import add_mission, close_mission, edit_mission
from cm_coach.core.signals import dialogue_target, set_dialogue_target
from cm_coach.errors import CoachError
from cm_coach.models import Checkin, PlanItem
from cm_coach.store.db import connect
from tests.conftest import table_rows

TODAY = date(2026, 11, 25)


@pytest.fixture
def conn(db_path):
    connection = connect(db_path)
    yield connection
    connection.close()


def _refused(key: str, action) -> None:
    with pytest.raises(CoachError) as error:
        action()
    assert error.value.key == key, error.value


@pytest.mark.parametrize(
    ("followers", "key"),
    [
        ("-", "errors.bad_followers"),
        ("-5", "errors.bad_followers"),
        (-5, "errors.bad_followers"),
        ("1e3", "errors.bad_followers"),
    ],
)
def test_follower_counts_are_checked_by_the_core(conn, db_path, followers, key):
    _refused(key, lambda: add_mission(conn, "Boulangerie", followers=followers))
    assert table_rows(db_path, "missions") == []
    assert add_mission(conn, "Boulangerie", followers=" 1200 ").followers == 1200
    _refused(key, lambda: edit_mission(conn, "Boulangerie", followers=followers))
    edit_mission(conn, "Boulangerie", followers="1 300".replace(" ", ""), on=date(2026, 11, 25))  # accepted


@pytest.mark.parametrize(
    "text",
    [
        "\x1b]0;pwned\x07",
        "a\x1b[2Jb",
        "\u202egnp.exe",
        "zero\u200bwidth",
        "bom\ufeff",
        "lone\ud800",
    ],
)
def test_text_that_would_act_on_a_terminal_is_refused_everywhere(conn, db_path, text):
    _refused("safety.unsafe_char", lambda: add_mission(conn, text))
    _refused("safety.unsafe_char", lambda: add_mission(conn, "M", client=text))
    _refused("safety.unsafe_char", lambda: add_mission(conn, "M", notes=text))
    _refused("safety.unsafe_char", lambda: log_entry(conn, text, 10, day=TODAY))
    assert table_rows(db_path, "missions") == [] and table_rows(db_path, "entries") == []


def test_a_carriage_return_is_whitespace_in_a_name_and_refused_in_free_text(conn):
    assert add_mission(conn, "Café\rNoir").name == "Café Noir"
    _refused("safety.unsafe_char", lambda: add_mission(conn, "M", notes="écrase\rla ligne"))


def test_emoji_joiners_and_right_to_left_text_are_kept(conn):
    mission = add_mission(conn, "👩🏽\u200d💻 עברית", notes="première ligne\n\tseconde")
    assert mission.name == "👩🏽\u200d💻 עברית"
    assert mission.notes == "première ligne\n\tseconde"


def test_names_are_one_line(conn):
    assert add_mission(conn, "Café\t Noir \n  du coin").name == "Café Noir du coin"


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31), date(1969, 12, 31), "0001-01-01"])
def test_days_outside_the_years_every_export_can_handle_are_refused(conn, day):
    _refused("dates.errors.year_range", lambda: add_mission(conn, "M", start=day, on=TODAY))
    _refused("dates.errors.year_range", lambda: log_entry(conn, "répondre", 10, day=day, today=TODAY))


def test_the_core_refuses_a_day_in_the_future_when_it_knows_today(conn, db_path):
    _refused(
        "dates.errors.future", lambda: log_entry(conn, "répondre", 10, day=date(2026, 11, 26), today=TODAY)
    )
    logged = log_entry(conn, "répondre", "1h30", day="hier", today=TODAY).entry
    assert (logged.date, logged.minutes) == (date(2026, 11, 24), 90)
    _refused("dates.errors.future", lambda: edit_entry(conn, logged.id, day="2026-12-01", today=TODAY))
    _refused("dates.errors.duration_range", lambda: edit_entry(conn, logged.id, minutes=0))


def test_the_cli_refuses_a_future_day_like_the_app(cli, db_path):
    result = cli("log", "répondre", "-d", "10", "--date", "2026-11-26")
    assert result.code == 2
    assert "futur" in result.err
    assert not db_path.exists()  # refused before the journal is even created


def test_closing_checks_the_day(conn):
    add_mission(conn, "M", start=TODAY)
    _refused("dates.errors.year_range", lambda: close_mission(conn, "M", date(9999, 1, 1)))
    assert close_mission(conn, "M", "2026-12-31", on=TODAY).end == date(2026, 12, 31)


@pytest.mark.parametrize("target", ["nan", "inf", "-5", "0", "101", "1e9"])
def test_dialogue_target_must_be_a_whole_percent(conn, target):
    _refused("stats.bad_target", lambda: set_dialogue_target(conn, target))


@pytest.mark.parametrize("stored", ["nan", "inf", "-1", "7", "beaucoup"])
def test_a_stored_target_that_is_not_a_share_counts_as_none(cli, db_path, stored):
    assert cli("log", "répondre aux commentaires", "-d", "2h").code == 0
    raw = sqlite3.connect(db_path)
    raw.execute("INSERT INTO settings (key, value) VALUES ('dialogue_target', ?)", (stored,))
    raw.commit()
    raw.close()
    conn = connect(db_path)
    try:
        default = dialogue_target(conn)
    finally:
        conn.close()
    assert 0 < default <= 1
    result = cli("stats", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out, parse_constant=lambda name: pytest.fail(f"{name} in stats --json"))
    assert data["dialogue_target"] == default


def test_a_checkin_keeps_its_prompt_text_and_refuses_an_unknown_decision(conn):
    from cm_coach.core.prompts import prompt_for

    shown = prompt_for(TODAY, "en")
    saved = save_checkin(conn, Checkin(TODAY, shown.prompt.id, "answer", 30, 3), lang="en", today=TODAY)
    assert saved.prompt_text == shown.text
    custom = Checkin(TODAY, shown.prompt.id, "answer", 30, 3, prompt_text="As shown, with a mission")
    assert save_checkin(conn, custom, today=TODAY).prompt_text == "As shown, with a mission"
    bad_plan = Checkin(TODAY, shown.prompt.id, "answer", 30, 3, (PlanItem("répondre", "maybe"),))
    _refused("safety.bad_decision", lambda: save_checkin(conn, bad_plan, today=TODAY))
    _refused("errors.bad_energy", lambda: save_checkin(conn, Checkin(TODAY, "x", "a", None, 9), today=TODAY))
    assert get_checkin(conn, TODAY).prompt_text == "As shown, with a mission"


def test_an_assessment_without_a_period_reads_as_the_usual_four_weeks(cli, db_path):
    """Older imports could leave period_start/period_end null: assess --show crashed."""
    assert cli("missions", "add", "Boulangerie").code == 0
    conn = connect(db_path)
    try:
        save_assessment(conn, "Boulangerie", TODAY, [Answer("exchange_first", 4)], today=TODAY)
    finally:
        conn.close()
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE assessments SET period_start = NULL, period_end = NULL")
    raw.commit()
    raw.close()
    result = cli("assess", "Boulangerie", "--show", "--json")
    assert result.code == 0, result.err
    period = json.loads(result.out)["period"]
    assert period == {"start": "2026-10-29", "end": "2026-11-25"}
    conn = connect(db_path)
    try:
        assert latest(conn, "Boulangerie").assessment.period.end == TODAY
    finally:
        conn.close()


def test_text_already_in_a_journal_is_printed_harmlessly(cli, db_path):
    """A journal written before these rules (or by another tool) may hold ESC sequences:
    the CLI shows them as escapes, never sends them to the terminal."""
    assert cli("log", "répondre", "-d", "10").code == 0
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE entries SET task = ?", ("\x1b]0;pwned\x07\x1b[2J\u202egnp.exe",))
    raw.commit()
    raw.close()
    result = cli("entries")
    assert result.code == 0
    assert "\x1b" not in result.out and "\u202e" not in result.out and "\x07" not in result.out
    assert "\\x1b]0;pwned" in result.out


def test_printable_keeps_line_breaks_and_only_the_clis_own_colours():
    assert validate.printable("a\nb\tc") == "a\nb\tc"
    assert validate.printable("\x1b[31mx\x1b[0m") == "\\x1b[31mx\\x1b[0m"
    assert validate.printable("\x1b[31mx\x1b[0m", colours=True) == "\x1b[31mx\x1b[0m"
    assert validate.printable("\x1b]0;t\x07", colours=True) == "\\x1b]0;t\\x07"


def test_the_dialogue_intention_is_whole_minutes_up_to_a_day():
    assert validate.dialogue_intention(" 45 ") == 45
    assert validate.dialogue_intention(0) == 0
    assert validate.dialogue_intention("") is None
    for bad in ("1500", "-5", "trois quarts d'heure", 1441):
        with pytest.raises(CoachError) as refused:
            validate.dialogue_intention(bad)
        assert refused.value.key == "refusals.bad_intention"
