"""``cm-coach`` with no command reads the app's options without argparse (issue 16, point 7:
first paint); whatever it reads is what the full parser reads, and anything else still goes
through the parser, its checks and its messages."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cm_coach.cli.app_args import app_arguments
from cm_coach.cli.parser import build_parser

APP_FORMS = [
    [],
    ["--demo"],
    ["--db", "x.db"],
    ["--db=x.db"],
    ["--lang", "en"],
    ["--lang=fr"],
    ["--theme", "nord"],
    ["--theme=textual-light", "--demo"],
    ["--db", "a.db", "--db", "b.db"],  # the last one wins
    ["--db", "checkin"],  # a value, not a command
    ["--demo", "--demo", "--lang", "en", "--db", "j d.db", "--theme", "x"],
]
OTHER_FORMS = [
    ["checkin"],
    ["--db", "x.db", "log", "task"],
    ["-h"],
    ["--help"],
    ["--hel"],
    ["--version"],
    ["--de"],  # an abbreviation: argparse's own reading (here: ambiguous)
    ["--dem"],
    ["--lang", "de"],  # not a choice
    ["--db"],  # no value
    ["--db", "--demo"],
    ["--db=-x"],
    ["--db="],
    ["--db", ""],
    ["-"],
    ["--"],
    ["-5"],
    ["--bogus"],
    ["--demo=1"],
    ["stats", "--db", "x.db"],
]


@pytest.mark.parametrize("argv", APP_FORMS, ids=" ".join)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_app_forms_read_as_the_full_parser_reads_them(argv, lang):
    fast = app_arguments(argv)
    assert fast is not None
    full = build_parser(lang, only=None, with_help=False).parse_args(argv)
    assert vars(fast) == vars(full)
    assert getattr(full, "handler", None) is None  # the app, as main runs it


@pytest.mark.parametrize("argv", OTHER_FORMS, ids=" ".join)
def test_other_command_lines_go_through_the_parser(argv):
    assert app_arguments(argv) is None


@pytest.mark.parametrize(
    "argv", [["--lang", "de"], ["--db"], ["--bogus"], ["-"], ["--db", "--demo"], ["-h"]], ids=" ".join
)
def test_mistakes_and_help_are_told_as_without_the_fast_path(cli, argv, monkeypatch):
    told = cli(*argv)
    monkeypatch.setattr("cm_coach.cli.app_args.app_arguments", lambda argv: None)
    assert cli(*argv) == told
    assert told.code in (0, 2) and (told.err or told.out)


def test_opening_the_app_imports_no_argparse(tmp_path):
    """The app's command line, up to the app being built: argparse never imported."""
    code = (
        "import sys\n"
        "import cm_coach.tui.app as tui\n"
        "def built(*args, **kwargs):\n"
        "    print('argparse' in sys.modules, kwargs.get('mode'))\n"
        "    raise SystemExit(0)\n"
        "tui.make_app = built\n"
        "from cm_coach.cli import main\n"
        f"sys.argv = ['cm-coach', '--db', {str(tmp_path / 'j.db')!r}, '--lang', 'fr']\n"
        "sys.exit(main())\n"
    )
    env = {
        **os.environ,
        "CM_COACH_DATA_DIR": str(tmp_path / "data"),
        "CM_COACH_CONFIG_DIR": str(tmp_path / "c"),
    }
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "checkin"]
