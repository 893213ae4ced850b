"""``cm-coach check`` as a user reads it: the verdict, the reason, what was spotted."""

from __future__ import annotations

import io
import json

from tests.conftest import plain, table_rows


def test_outside_task_reads_as_the_issue_shows(cli):
    result = cli("check", "gérer le budget des campagnes Facebook Ads")
    assert result.code == 0, result.err
    lines = plain(result.out).splitlines()
    assert lines[0].startswith("✗ ") and "publicité" in lines[0]
    assert any(line.strip().startswith("Pourquoi :") for line in lines)
    spotted = next(line for line in lines if "Mots qui ont pesé" in line)
    assert "budget" in spotted and "sûr à" in spotted
    assert "\033[" not in result.out  # NO_COLOR is set by the test fixture


def test_several_tasks_in_english(cli):
    result = cli(
        "--lang", "en", "check", "reply to customers angry about late deliveries", "moderate the forum"
    )
    assert result.code == 0, result.err
    first, second = result.out.split("\n\n")
    assert "reply to customers angry" in first and first.count("✗") == 1
    assert "customer service" in first.lower()
    assert "moderate the forum" in second and "✓" in second
    assert "Why:" in first


def test_inside_and_unsure(cli):
    inside = cli("check", "répondre aux commentaires")
    assert inside.out.startswith("✓ ")
    unsure = cli("check", "zxqv plorf")
    assert unsure.out.startswith("? Pas sûr — le plus probable")
    assert "cm-coach teach" in unsure.out  # how to settle it


def test_an_unsure_line_logged_with_its_activity_does_not_say_one_was_picked(cli, db_path):
    """``log -a dialogue`` on a line the model is unsure of: the entry is Dialogue, and the
    output no longer claims the most likely activity was picked instead."""
    assert cli("missions", "add", "Acme").code == 0
    given = cli("log", "zxqv plorf", "-d", "10", "-m", "Acme", "-a", "dialogue")
    assert given.code == 0, given.err
    assert "Pas sûr" in given.out and "J’ai retenu" not in given.out
    assert table_rows(db_path, "entries")[0]["activity"] == "dialogue"
    picked = cli("log", "wubba klopf", "-d", "10", "-m", "Acme")  # another line, no activity given
    assert "J’ai retenu l’activité la plus probable" in picked.out


def test_automated_replies_warn_even_in_text_output(cli):
    assert cli("missions", "add", "Shop", "--agreed", "customer_service").code == 0
    result = cli("check", "-m", "Shop", "configurer un chatbot SAV")
    assert result.out.startswith("✗ ")
    assert len(result.out.splitlines()) >= 4  # head, warning, why, spotted


def test_json_arguments_keep_their_order(cli):
    tasks = ["posts sponsorisés", "posts", "zxqv plorf", "remboursement PayPal", "Discord mod"]
    result = cli("check", "--json", *tasks)
    rows = [json.loads(line) for line in result.raw_out.splitlines()]
    assert [row["text"] for row in rows] == tasks
    assert [row["verdict"] for row in rows] == ["outside", "inside", "unsure", "outside", "inside"]
    assert rows[2]["family"] and rows[2]["activity"]  # unsure, but the likeliest is named


def test_stdin_mixed_with_arguments(cli, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("veille concurrentielle\n\nfactures impayées\n"))
    result = cli("check", "--json", "modérer le forum", "-")
    rows = [json.loads(line) for line in result.raw_out.splitlines()]
    assert [row["text"] for row in rows] == [
        "modérer le forum",
        "veille concurrentielle",
        "factures impayées",
    ]
    assert rows[2]["family"] == "other"


def test_unknown_mission_is_an_error(cli):
    result = cli("check", "-m", "Nope", "répondre aux commentaires")
    assert result.code != 0 and result.err.strip()
