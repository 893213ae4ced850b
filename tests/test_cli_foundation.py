"""The foundation commands on real SQLite files: missions, log, entries, prompt, demo."""

from __future__ import annotations

import json
import stat

import pytest

from tests.conftest import plain, table_rows


def test_version(cli):
    from cm_coach import __version__

    result = cli("--version")
    assert result.code == 0
    assert __version__ in result.out


def test_issue_walkthrough(cli, db_path):
    assert (
        cli("missions", "add", "Boulangerie Dupont", "--client", "Dupont SARL", "--kind", "freelance").code
        == 0
    )
    logged = cli(
        "log",
        "répondre aux commentaires sous le post de lundi",
        "--duration",
        "1h30",
        "--mission",
        "Boulangerie Dupont",
        "--date",
        "hier",
        "--activity",
        "dialogue",
    )
    assert logged.code == 0, logged.err
    assert "1 h 30" in logged.out
    rows = table_rows(db_path, "entries")
    assert len(rows) == 1
    assert rows[0]["date"] == "2026-11-24"
    assert rows[0]["minutes"] == 90
    assert rows[0]["activity"] == "dialogue"
    assert rows[0]["verdict"] == "inside"
    listed = cli("entries", "--date", "hier", "--json")
    entries = json.loads(listed.raw_out)
    assert [e["task"] for e in entries] == ["répondre aux commentaires sous le post de lundi"]
    assert entries[0]["mission"] == "Boulangerie Dupont"
    assert cli("entries", "--date", "aujourd'hui", "--json").out.strip() == "[]"


def test_database_file_is_private(cli, db_path, tmp_path):
    nested = tmp_path / "new" / "folder" / "journal.db"
    assert cli("missions", "add", "M", db=nested).code == 0  # a writing command creates it
    assert stat.S_IMODE(nested.stat().st_mode) == 0o600
    assert stat.S_IMODE(nested.parent.stat().st_mode) == 0o700


def test_env_variable_chooses_database(cli, tmp_path, monkeypatch, capsys):
    from cm_coach.cli import main

    target = tmp_path / "from-env.db"
    monkeypatch.setenv("CM_COACH_DB", str(target))
    assert main(["missions", "add", "Env"]) == 0
    assert [m["name"] for m in table_rows(target, "missions")] == ["Env"]


def test_default_database_lives_in_data_dir(tmp_path, capsys):
    from cm_coach.cli import main

    assert main(["missions", "add", "Default"]) == 0
    assert (tmp_path / "data" / "journal.db").exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["log", "tâche", "--duration", "25h"], "24 heures"),
        (["log", "tâche", "--duration", "abc"], "abc"),
        (["log", "   ", "--duration", "1h"], "vide"),
        (["log", "x" * 2001, "--duration", "1h"], "2000"),
        (["log", "tâche", "--duration", "1h", "--mission", "Inconnue"], "Inconnue"),
        (["log", "tâche", "--duration", "1h", "--date", "31/02/2026"], "31/02/2026"),
        (["log", "tâche", "--duration", "1h", "--activity", "danse"], "danse"),
        (["log", "tâche", "--duration", "1h", "--people", "-3"], "-3"),
        (["missions", "add", ""], "vide"),
        (["missions", "add", "M", "--kind", "stagiaire"], "stagiaire"),
        (["missions", "add", "M", "--agreed", "cuisine"], "cuisine"),
        (["entries", "--month", "treizième mois"], "treizième"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(cli, db_path, args, fragment):
    assert cli("missions", "add", "Existante").code == 0
    before = {table: table_rows(db_path, table) for table in ("missions", "entries")}
    result = cli(*args)
    assert result.code == 2
    assert fragment in result.err
    assert "Traceback" not in result.err
    assert result.out == ""
    assert {table: table_rows(db_path, table) for table in ("missions", "entries")} == before


def test_errors_speak_english_when_asked(cli):
    result = cli("--lang", "en", "log", "task", "--duration", "forever")
    assert result.code == 2
    assert "not" in result.err and "forever" in result.err


def test_duplicate_mission_is_refused(cli, db_path):
    assert cli("missions", "add", "Dupont").code == 0
    result = cli("missions", "add", "dupont")
    assert result.code == 2
    assert len(table_rows(db_path, "missions")) == 1


def test_missions_close_and_list_json(cli):
    cli("missions", "add", "A", "--start", "01/10/2026")
    cli("missions", "add", "B", "--client", "Client B", "--agreed", "customer_service,advertising")
    assert cli("missions", "close", "A", "--date", "hier").code == 0
    missions = {m["name"]: m for m in json.loads(cli("missions", "list", "--json").raw_out)}
    assert missions["A"]["end"] == "2026-11-24"
    assert missions["B"]["end"] is None
    assert missions["B"]["agreed"] == ["advertising", "customer_service"]
    assert cli("missions", "close", "A", "--date", "01/09/2026").code == 2


def test_entries_week_and_month_filters(cli):
    cli("missions", "add", "M")
    for day, task in [("2026-10-31", "octobre"), ("2026-11-23", "lundi"), ("2026-11-25", "mercredi")]:
        assert cli("log", f"modérer le forum {task}", "-d", "30", "--date", day, "-m", "M").code == 0
    week = [e["task"] for e in json.loads(cli("entries", "--week", "--json").raw_out)]
    assert week == ["modérer le forum lundi", "modérer le forum mercredi"]
    october = json.loads(cli("entries", "--month", "octobre 2026", "--json").raw_out)
    assert [e["date"] for e in october] == ["2026-10-31"]


def test_log_suggests_activity_from_verdict(cli, db_path):
    result = cli("log", "gérer le budget des campagnes Facebook Ads", "-d", "45")
    assert result.code == 0
    row = table_rows(db_path, "entries")[0]
    assert row["activity"] == "advertising"
    assert row["verdict"] == "outside"
    assert row["family"] == "advertising"
    assert "Hors community management" in result.out


def test_prompt_json_is_stable_and_localised(cli):
    fr = json.loads(cli("prompt", "--date", "2026-12-02", "--json").raw_out)
    again = json.loads(cli("prompt", "--date", "02/12/2026", "--json").raw_out)
    en = json.loads(cli("--lang", "en", "prompt", "--date", "2026-12-02", "--json").raw_out)
    assert fr == again
    assert set(fr) == {"date", "id", "theme", "text"}
    assert fr["date"] == "2026-12-02"
    assert fr["id"] == en["id"] and fr["text"] != en["text"]


def test_demo_is_reproducible_and_realistic(cli, tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    assert cli("demo", "--years", "1", db=first).code == 0
    assert cli("demo", "--years", "1", db=second).code == 0
    a, b = table_rows(first, "entries"), table_rows(second, "entries")
    assert [(r["date"], r["task"], r["minutes"]) for r in a] == [
        (r["date"], r["task"], r["minutes"]) for r in b
    ]
    missions = table_rows(first, "missions")
    assert 3 <= len(missions) <= 5
    per_day: dict[str, int] = {}
    for row in a:
        per_day[row["date"]] = per_day.get(row["date"], 0) + 1
    assert min(per_day.values()) >= 5 and max(per_day.values()) <= 12
    assert any(r["verdict"] == "outside" for r in a)
    assert len({r["task"] for r in a}) > 40
    checkins = table_rows(first, "checkins")
    assert len(checkins) > 150
    assert len({c["answer"] for c in checkins}) > 30


def test_demo_refuses_bad_years(cli, db_path):
    assert cli("demo", "--years", "0").code == 2
    assert cli("demo", "--years", "beaucoup").code == 2


def test_demo_refuses_a_bad_seed_with_its_own_message(cli, db_path):
    result = cli("demo", "--seed", "hasard")
    assert result.code == 2
    assert "--seed" in result.err and "hasard" in result.err
    assert "années" not in result.err
    assert not db_path.exists()


def test_every_command_has_help(capsys):
    from cm_coach.cli.parser import build_parser

    for lang in ("fr", "en"):
        parser = build_parser(lang)
        subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
        for name, sub in subparsers.choices.items():
            assert sub.description, f"{name} has no description in {lang}"
            assert sub.epilog and ("cm-coach" in sub.epilog or "boundaries" in sub.epilog), name


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_help_text_and_placeholder_of_every_command_is_written(monkeypatch, lang):
    """A key missing from the catalogue shows itself (``--rate cli.metavar.amount`` did):
    every help page of every command and sub-command is built with every key found."""
    import argparse

    from cm_coach.cli import parser as parser_module
    from cm_coach.core.i18n import t

    missing: list[str] = []

    def looked_up(key: str, lang: str, /, **params: object) -> str:
        text = t(key, lang, **params)
        if text == key:
            missing.append(key)
        return text

    monkeypatch.setattr(parser_module, "t", looked_up)
    monkeypatch.setattr(parser_module, "_BUILT", {})
    pages = [parser_module.build_parser(lang)]
    while pages:
        page = pages.pop()
        page.format_help()
        for action in page._actions:
            if isinstance(action, argparse._SubParsersAction):
                pages.extend(action.choices.values())
    assert missing == []


COMMANDS = [
    "missions",
    "log",
    "entries",
    "prompt",
    "demo",
    "check",
    "boundaries",
    "stats",
    "assess",
    "checkin",
    "export",
    "import",
    "backup",
    "doctor",
]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_page_renders(cli, command, lang):
    result = cli("--lang", lang, command, "--help")
    assert result.code == 0, result.err
    assert "cm-coach" in result.out
    assert ("utilisation :" if lang == "fr" else "usage:") in result.out


def test_only_the_command_run_is_built_but_the_main_help_lists_all(cli):
    from cm_coach.cli.parser import build_parser, command_in

    assert command_in(["--db", "x.db", "--lang", "en", "log", "t"]) == "log"
    assert command_in(["-h", "log"]) is None and command_in(["log", "-h"]) == "log"
    light = build_parser("fr", only="log")
    subparsers = next(a for a in light._actions if a.__class__.__name__ == "_SubParsersAction")
    assert list(subparsers.choices) == ["log"]  # the other commands are not built
    assert light.parse_args(["log", "t", "-d", "5"]).duration == "5"
    for argv in (["-h", "log"], ["--help"], ["nonsense"]):
        shown = cli(*argv)
        assert all(name in shown.out + shown.err for name in COMMANDS), argv
    assert "export" not in cli("log", "--help").out


def test_help_texts_are_built_only_when_a_help_page_may_be_asked_for(cli):
    from cm_coach.cli.parser import asks_for_help, build_parser

    assert all(
        asks_for_help(argv) for argv in (["-h"], ["log", "--help"], ["export", "--hel"], ["status", "-qh"])
    )
    assert not any(
        asks_for_help(argv) for argv in (["log", "x", "-d", "5"], ["--db", "h.db", "stats", "--month"])
    )
    light = build_parser("fr", only="export", with_help=False)
    assert all(
        action.help is None for action in light._subparsers._group_actions[0].choices["export"]._actions
    )
    assert "--month" in cli("export", "--hel").out and cli("export", "--hel").code == 0


@pytest.mark.parametrize(
    ("args", "prog"),
    [(("stats", "extra"), "cm-coach stats"), (("people", "show", "x", "--zz"), "cm-coach people show")],
)
def test_unknown_words_point_to_the_help_of_the_command_given_them(cli, args, prog):
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith(f"{prog}: arguments inconnus")
    assert f"Aide : {prog} --help" in plain(result.err)


def test_a_toml_file_cut_short_says_where_it_ends(cli, tmp_path):
    """tomllib says "at end of document" there: the answers' message showed "ligne ?, colonne ?"."""
    answers = tmp_path / "answers.toml"
    answers.write_text("a = [1,", encoding="utf-8")
    assert cli("missions", "add", "Acme").code == 0
    result = cli("assess", "Acme", "--answers", str(answers))
    assert result.code == 2 and "ligne 1, colonne 8" in plain(result.err)


@pytest.mark.parametrize(
    "args",
    [
        ("--db", "", "stats"),
        ("--db", "", "status"),
        ("--db", "", "people"),
        ("--db", "~nobody-here-at-all/j.db", "status"),
        ("--db", "JOURNAL", "log", "répondre", "-d", "10", "--date", ""),
        ("--db", "JOURNAL", "entries", "--date", ""),
        ("--db", "JOURNAL", "prompt", "--date", ""),
    ],
)
def test_an_empty_journal_or_day_is_refused_not_read_as_the_default(capsys, db_path, args):
    """``--db "$JOURNAL"`` with the variable unset opened the default journal, ``--date ""``
    meant today: a script's mistake went unnoticed. Refused and said, nothing written (a
    path that cannot be a file made ``status`` crash)."""
    from cm_coach.cli import main

    argv = [str(db_path) if arg == "JOURNAL" else arg for arg in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("cm-coach: ") and "Traceback" not in err
    assert not db_path.exists() or table_rows(db_path, "entries") == []
