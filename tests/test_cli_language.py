"""The command line in the user's language, argparse's own words included: every --help and
the usage errors, in French then in English, searched for the other language's words."""

from __future__ import annotations

import re

import pytest

from cm_coach.cli.parser import argparse_message

COMMANDS = [
    [],
    ["missions"],
    ["missions", "add"],
    ["missions", "edit"],
    ["missions", "list"],
    ["missions", "close"],
    *[
        [name]
        for name in [
            "log",
            "entries",
            "prompt",
            "demo",
            "check",
            "boundaries",
            "teach",
            "stats",
            "assess",
            "checkin",
            "export",
            "import",
            "backup",
            "doctor",
        ]
    ],
]
MISTAKES = [
    ["nimportequoi"],
    ["missions", "frob"],
    ["log"],
    ["log", "tâche", "--duration"],
    ["stats", "--week", "--month"],
    ["log", "tâche", "-d", "30", "--inconnue"],
    ["check"],
]
ARGPARSE_ENGLISH = (
    "usage:",
    "positional arguments",
    "show this help message",
    "choose from",
    "invalid choice",
    "the following arguments are required",
    "unrecognized arguments",
    "expected one argument",
    "not allowed with argument",
    "TASK",
    "NAME",
    "PATH",
    "FILE",
)
OUR_FRENCH = (
    "utilisation",
    "il manque",
    "choix possibles",
    "arguments inconnus",
    "attend une valeur",
    "TÂCHE",
    "Aide",
)
FORBIDDEN = {"fr": ARGPARSE_ENGLISH, "en": OUR_FRENCH}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_help_and_usage_errors_speak_one_language(cli, lang):
    shown = []
    for args in COMMANDS:
        result = cli("--lang", lang, *args, "--help")
        assert result.code == 0, (args, result.err)
        shown.append(result.out)
        if lang == "fr":  # argparse's headings too: « options : », with a no-break space
            assert not re.findall(r"^.*\w:$", result.raw_out, re.M), args
    for args in MISTAKES:
        result = cli("--lang", lang, *args)
        assert result.code == 2, (args, result.out)
        shown.append(result.err)
    text = "\n".join(shown)
    found = [word for word in FORBIDDEN[lang] if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
    assert not found, found


def test_an_argparse_message_we_do_not_know_is_left_as_it_is():
    assert argparse_message("something new from a later Python", "fr") == "something new from a later Python"
    assert "choix possibles" in argparse_message(
        "argument --lang: invalid choice: 'xx' (choose from fr, en)", "fr"
    )


def test_json_errors_are_said_in_the_users_language(cli, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "cm-coach", ', encoding="utf-8")
    french = cli("import", str(broken))
    english = cli("--lang", "en", "import", str(broken))
    assert french.code == english.code == 2
    assert "Expecting" not in french.err and "Expecting" not in english.err
    assert "un nom de champ entre guillemets droits est attendu" in french.err
    assert "a field name in double quotes is expected" in english.err
