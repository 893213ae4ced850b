"""``cm-coach`` with no command reads the app's options without argparse (issue 16, point 7:
first paint); whatever it reads is what the full parser reads, and anything else still goes
through the parser, its checks and its messages."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cm_coach.cli.app_args import app_arguments
from cm_coach.cli.parser import build_parser, command_in

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
    ["checkin"],
    ["--db", "x.db", "checkin"],
    ["--db", "x.db", "checkin", "--db", "y.db", "--lang", "en"],  # the command's value wins
    ["--lang=en", "checkin", "--if-needed", "--lang=fr"],
    ["--theme", "nord", "--demo", "checkin"],
    ["--db", "checkin", "checkin"],
]
OTHER_FORMS = [
    ["checkin", "--demo"],  # the app's flags are not the command's
    ["checkin", "--theme", "x"],
    ["checkin", "x"],
    ["checkin", "-h"],
    ["checkin", "--if-needed=1"],
    ["log"],
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
    full = build_parser(lang, only=command_in(argv), with_help=False).parse_args(argv)  # as main
    fast_handler, full_handler = vars(fast).pop("handler", None), vars(full).pop("handler", None)
    assert vars(fast) == vars(full)
    assert (fast_handler is None) == (full_handler is None)  # None: the app, as main runs it


def test_the_checkin_handler_runs_the_checkin_command(monkeypatch):
    monkeypatch.setattr("cm_coach.cli.commands.checkin.run", lambda args, ctx: (args, ctx))
    args = app_arguments(["checkin"])
    assert args is not None and args.handler(args, "ctx") == (args, "ctx")


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


@pytest.mark.parametrize(("command", "mode"), [([], "checkin"), (["checkin"], "checkin")])
def test_opening_the_app_imports_no_argparse(tmp_path, command, mode):
    """The app's command line, up to the app being built: argparse never imported."""
    code = (
        "import sys\n"
        "import cm_coach.tui.app as tui\n"
        "def built(*args, **kwargs):\n"
        "    print('argparse' in sys.modules, kwargs.get('mode'))\n"
        "    raise SystemExit(0)\n"
        "tui.make_app = built\n"
        "import cm_coach.cli.commands.app as shell\n"
        "shell.on_a_terminal = lambda: True\n"  # as from a terminal
        "from cm_coach.cli import main\n"
        f"sys.argv = ['cm-coach', '--db', {str(tmp_path / 'j.db')!r}, '--lang', 'fr', *{command!r}]\n"
        "sys.exit(main())\n"
    )
    env = {
        **os.environ,
        "CM_COACH_DATA_DIR": str(tmp_path / "data"),
        "CM_COACH_CONFIG_DIR": str(tmp_path / "c"),
    }
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", mode]
