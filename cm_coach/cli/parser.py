"""The argument parser, in the user's language. Each command's module is imported only
when that command runs, so ``cm-coach check`` never pays for the journal or the TUI."""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Callable

from cm_coach import __version__
from cm_coach.core.i18n import t

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `check "…"` never does
if TYPE_CHECKING:
    from typing import NoReturn

Handler = Callable[[argparse.Namespace, object], int]


def lazy(target: str) -> Handler:
    """A handler that imports its command's module only when the command runs."""
    module_name, function_name = target.split(":")

    def handler(args: argparse.Namespace, ctx: object) -> int:
        module = importlib.import_module(f"cm_coach.cli.commands.{module_name}")
        return getattr(module, function_name)(args, ctx)

    return handler


# argparse speaks English. Its messages to a user who mistyped are matched here and said
# again with our strings (cli.argparse.*); its headings go through the formatter below.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (?P<names>.*)", "required"),
    (r"unrecognized arguments: (?P<names>.*)", "unrecognized"),
    (r"argument (?P<option>\S+): expected (?:one|at least one|at most one|\d+) arguments?", "expected_value"),
    (
        r"argument (?P<option>\S+): invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)",
        "invalid_choice",
    ),
    (r"argument (?P<option>\S+): not allowed with argument (?P<other>\S+)", "not_together"),
    (r"argument (?P<option>\S+): invalid \w+ value: (?P<value>.*)", "invalid_value"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", "ambiguous"),
    (r"argument (?P<option>\S+): ignored explicit argument (?P<value>.*)", "no_value_expected"),
    (r"one of the arguments (?P<names>.*) is required", "one_required"),
)


def argparse_message(message: str, lang: str) -> str:
    """argparse's ``message`` said in ``lang`` (left as it is if it is new to us)."""
    for pattern, key in _ARGPARSE_MESSAGES:
        match = re.fullmatch(pattern, message)
        if match:
            return t(f"cli.argparse.{key}", lang, **match.groupdict())
    return message


class Parser(argparse.ArgumentParser):
    """argparse whose mistakes are told in the user's language, with a pointer to the help."""

    lang = "fr"

    def error(self, message: str) -> NoReturn:  # type: ignore[override]
        """The mistake in the user's language and where the help is; exit code 2."""
        hint = t("cli.see_help", self.lang, prog=self.prog)
        print(f"{self.prog}: {argparse_message(message, self.lang)}\n{hint}", file=sys.stderr)
        raise SystemExit(2)

    def parse_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def,override]
        """argparse's, but words it does not know are told by the (sub)command that was
        given them, with that command's help (``cm-coach assess --help``, not ``cm-coach --help``)."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            parser: argparse.ArgumentParser = self
            while True:
                commands = next(
                    (a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None
                )
                chosen = getattr(parsed, commands.dest, None) if commands is not None else None
                if commands is None or chosen not in commands.choices:
                    break
                parser = commands.choices[chosen]
            parser.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed


class JoinedNames(argparse.Action):
    """``--with lea --with Marc`` as ``--with "lea, Marc"``: every name given is kept (the
    last one alone was)."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        """Add this occurrence's names to the ones given before."""
        before = getattr(namespace, self.dest, None)
        setattr(namespace, self.dest, f"{before}, {values}" if before else values)


class _Unused:
    """Stands for the commands that are not being run: their options are never built,
    which saves a third of the start-up of every command (argparse is not cheap)."""

    def __getattr__(self, name: str) -> Callable[..., _Unused]:
        return lambda *args, **kwargs: self


_OPTIONS_WITH_VALUE = {"--db", "--lang", "--theme"}


def command_in(argv: list[str]) -> str | None:
    """The command named in ``argv`` (``log`` in ``--db x log …``), if any; None too when the
    main help is asked for before it (``cm-coach -h log`` lists every command)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _OPTIONS_WITH_VALUE:
            skip = True
        elif arg in ("-h", "--help"):
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def terminal_columns() -> int:
    """What ``shutil.get_terminal_size().columns`` answers (``$COLUMNS``, else the terminal's
    width, else 80), without importing shutil."""
    import os

    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def _help_key(key: str, kind: str) -> str:
    """``log`` → ``cli.help.log``; a feature's own ``report.report`` → ``report.cli.help.report``
    (each feature keeps its command's texts in its own strings file)."""
    if "." in key:
        namespace, name = key.split(".", 1)
        return f"{namespace}.cli.{kind}.{name}"
    return f"cli.{kind}.{key}"


def asks_for_help(argv: list[str]) -> bool:
    """Whether ``argv`` may ask argparse for a help page: ``-h``, ``--help`` or one of its
    abbreviations, or ``h`` among grouped short flags (``-qh``). Without it, nobody reads
    the options' help texts."""
    return any(
        ("--help".startswith(arg.split("=", 1)[0]) and len(arg) > 2)
        if arg.startswith("--")
        else (arg.startswith("-") and "h" in arg[1:])
        for arg in argv
    )


def build_parser(lang: str, only: str | None = None, *, with_help: bool = True) -> argparse.ArgumentParser:
    """The whole parser, or with ``only`` the parser of that one command: the others are
    not built at all (argparse makes a whole parser for each, ~10% of an export's start-up).
    When ``only`` names no command, the parser lists every command with its one-line help,
    for the error message and ``--help``. Without ``with_help`` the help texts are left out
    (argparse shows them only on a help page; usage lines and errors do not use them): a
    command that runs does not look them up in five catalogues.

    A parser built is kept for the process: ``main`` may run many times in one (a script
    or a test that calls it, ~9 ms of argparse each time), and parsing never changes it."""
    key = (lang, only, with_help)
    parser = _BUILT.get(key)
    if parser is None:
        found: list[str] = []
        parser = _build_parser(lang, only, found, with_help)
        if only is not None and not found:
            key = (lang, "", with_help)  # no such command: the parser that lists them all
            parser = _BUILT.get(key) or _build_parser(lang, "", found, with_help)
        if len(_BUILT) >= _PARSERS_KEPT:  # mistyped command names must not pile up
            _BUILT.clear()
        _BUILT[key] = parser
    Parser.lang = lang
    return parser


_BUILT: dict[tuple[str, str | None, bool], argparse.ArgumentParser] = {}
_PARSERS_KEPT = 128  # two languages, with and without help, one per command: well below


def _build_parser(lang: str, only: str | None, found: list[str], with_help: bool) -> argparse.ArgumentParser:
    def h(key: str) -> str | None:
        if not with_help:
            return None
        return t(_help_key(key, "help"), lang).replace("%", "%%")  # argparse formats help with %

    def m(name: str) -> str:
        return t(f"cli.metavar.{name}", lang)

    class Formatter(argparse.RawDescriptionHelpFormatter):
        """argparse's headings in the user's language."""

        def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width=None):  # type: ignore[no-untyped-def]
            # argparse makes a formatter for every option it adds, and the first one imports
            # shutil (with bz2, lzma and zlib) for the terminal's width: ~1.5 ms of every command
            width = terminal_columns() - 2 if width is None else width
            super().__init__(prog, indent_increment, max_help_position, width)

        def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
            label = t("cli.usage", lang) + " " if prefix is None else prefix
            super().add_usage(usage, actions, groups, label)

        def start_section(self, heading: str | None) -> None:
            key = {"positional arguments": "positional", "options": "options"}.get(heading or "")
            shown = t(f"cli.section.{key}", lang) if key else heading
            # argparse puts the colon right after the heading: French wants a no-break space
            super().start_section(f"{shown}\u00a0" if shown and lang == "fr" else shown)

    # --db and --lang are accepted after the command too ("cm-coach demo --db x.db");
    # SUPPRESS keeps the value given before the command when they are not repeated.
    shared = argparse.ArgumentParser(add_help=False, formatter_class=Formatter)
    shared.add_argument("-h", "--help", action="help", help=h("help"))
    shared.add_argument("--db", metavar=m("path"), default=argparse.SUPPRESS, help=h("db"))
    shared.add_argument("--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help=h("lang"))

    def command(parent, name: str, key: str, handler: str, **kw) -> argparse.ArgumentParser:
        if isinstance(parent, _Unused):
            return parent
        if only is not None and parent is commands and name != only:
            if only == "":
                parent.add_parser(name, help=h(key))
            return _Unused()  # type: ignore[return-value]
        if parent is commands:
            found.append(name)
        sub = parent.add_parser(
            name,
            parents=[shared],
            add_help=False,
            help=h(key),
            description=h(key),
            epilog=t(_help_key(key, "example"), lang) if with_help else None,
            formatter_class=Formatter,
            **kw,
        )
        sub.set_defaults(handler=lazy(handler))
        sub.lang = lang
        return sub

    Parser.lang = lang
    parser = Parser(
        prog="cm-coach",
        add_help=False,
        description=h("main"),
        epilog=t("cli.example.main", lang) if with_help else None,
        formatter_class=Formatter,
    )
    parser.add_argument("-h", "--help", action="help", help=h("help"))
    parser.add_argument("--version", action="version", version=f"cm-coach {__version__}", help=h("version"))
    parser.add_argument("--db", metavar=m("path"), help=h("db"))
    parser.add_argument("--lang", choices=["fr", "en"], help=h("lang"))
    parser.add_argument("--demo", action="store_true", help=h("demo_flag"))
    parser.add_argument("--theme", help=h("theme"))
    commands = parser.add_subparsers(dest="command", metavar=m("command"), title=h("commands"))

    missions = command(commands, "missions", "missions", "missions:run_list")
    missions_sub = missions.add_subparsers(dest="missions_command", metavar=m("action"))
    add = command(missions_sub, "add", "missions_add", "missions:run_add")
    add.add_argument("name", metavar=m("name"))
    _mission_options(add, h, m)
    edit = command(missions_sub, "edit", "missions_edit", "missions:run_edit")
    edit.add_argument("name", metavar=m("name"))
    edit.add_argument("--name", dest="new_name", metavar=m("new"), help=h("opt_new_name"))
    _mission_options(edit, h, m)
    listing = command(missions_sub, "list", "missions_list", "missions:run_list")
    listing.add_argument("--json", action="store_true", help=h("opt_json"))
    close = command(missions_sub, "close", "missions_close", "missions:run_close")
    close.add_argument("name", metavar=m("name"))
    close.add_argument("--date", metavar="D", help=h("opt_date"))
    _figures_command(missions_sub, command, h, m)
    reopen = command(missions_sub, "reopen", "workday.missions_reopen", "missions:run_reopen")
    reopen.add_argument("name", metavar=m("name"))

    log = command(commands, "log", "log", "entries:run_log")
    log.add_argument("task", metavar=m("task"))
    log.add_argument("--duration", "-d", required=True, metavar="D", help=h("opt_duration"))
    log.add_argument("--mission", "-m", metavar=m("name"), help=h("opt_mission"))
    log.add_argument("--date", metavar="D", help=h("opt_date"))
    log.add_argument("--activity", "-a", metavar="A", help=h("opt_activity"))
    log.add_argument("--people", metavar="N", help=h("opt_people"))
    log.add_argument("--json", action="store_true", help=h("opt_json"))
    _with_options(log, h, m)

    entries = command(commands, "entries", "entries", "entries:run_entries")
    _period_options(entries, h, day_flag="--date")
    entries.add_argument("--mission", "-m", metavar=m("name"), help=h("opt_mission"))
    entries.add_argument("--json", action="store_true", help=h("opt_json"))
    entries.add_argument("--unsettled", action="store_true", help=h("opt_unsettled"))
    entries_sub = entries.add_subparsers(dest="entries_command", metavar=m("action"))
    fix = command(entries_sub, "edit", "workday.entries_edit", "entries:run_edit")
    fix.add_argument("entry_id", metavar=m("id"))
    fix.add_argument("--task", metavar=m("task"), help=h("workday.opt_task"))
    fix.add_argument("--duration", "-d", metavar="D", help=h("opt_duration"))
    fix.add_argument("--date", metavar="D", help=h("opt_date"))
    fix_mission = fix.add_mutually_exclusive_group()
    fix_mission.add_argument("--mission", "-m", metavar=m("name"), help=h("opt_mission"))
    fix_mission.add_argument("--no-mission", action="store_true", help=h("workday.opt_no_mission"))
    fix.add_argument("--activity", "-a", metavar="A", help=h("opt_activity"))
    fix.add_argument("--people", metavar="N", help=h("opt_people"))
    fix.add_argument(
        "--with", dest="with_people", metavar=m("names"), help=h("people.opt_with"), action=JoinedNames
    )
    fix.add_argument("--new", action="store_true", help=h("people.opt_new"))
    fix.add_argument("--json", action="store_true", help=h("opt_json"))
    drop = command(entries_sub, "delete", "workday.entries_delete", "entries:run_delete")
    drop.add_argument("entry_id", metavar=m("id"))
    command(entries_sub, "undo", "workday.entries_undo", "entries:run_undo")

    start = command(commands, "start", "workday.start", "timer:run_start")
    start.add_argument("task", metavar=m("task"))
    start.add_argument("--mission", "-m", metavar=m("name"), help=h("opt_mission"))
    start.add_argument("--activity", "-a", metavar="A", help=h("opt_activity"))
    start.add_argument(
        "--with", dest="with_people", metavar=m("names"), help=h("people.opt_with"), action=JoinedNames
    )
    start.add_argument("--new", action="store_true", help=h("people.opt_new"))
    start.add_argument("--at", metavar=m("time"), help=h("workday.opt_at_start"))
    stop = command(commands, "stop", "workday.stop", "timer:run_stop")
    stop_how = stop.add_mutually_exclusive_group()
    stop_how.add_argument("--at", metavar=m("time"), help=h("workday.opt_at_stop"))
    stop_how.add_argument("--discard", action="store_true", help=h("workday.opt_discard"))
    stop.add_argument("--json", action="store_true", help=h("opt_json"))
    status = command(commands, "status", "workday.status", "timer:run_status")
    status.add_argument("--quiet", "-q", action="store_true", help=h("workday.opt_quiet"))
    status.add_argument("--json", action="store_true", help=h("opt_json"))

    review = command(commands, "review", "workday.review", "review:run")
    review.add_argument("--week", metavar="D", help=h("workday.opt_week_review"))
    review.add_argument("--answer", metavar=m("text"), help=h("workday.opt_answer"))
    review.add_argument("--json", action="store_true", help=h("opt_json"))

    prompt = command(commands, "prompt", "prompt", "prompt:run")
    prompt.add_argument("--date", metavar="D", help=h("opt_date"))
    prompt.add_argument("--json", action="store_true", help=h("opt_json"))
    prompt.add_argument("--mission", "-m", metavar=m("name"), help=h("opt_prompt_mission"))

    demo = command(commands, "demo", "demo", "demo:run")
    demo.add_argument("--years", default="1", metavar="N", help=h("opt_years"))
    demo.add_argument("--seed", default="42", metavar="N", help=h("opt_seed"))

    check = command(commands, "check", "check", "check:run")
    check.add_argument("tasks", nargs="+", metavar=m("task"))
    check.add_argument("--mission", "-m", metavar=m("name"), help=h("opt_mission"))
    check.add_argument("--json", action="store_true", help=h("opt_json"))

    boundaries = command(commands, "boundaries", "boundaries", "check:run_boundaries")
    boundaries.add_argument("--json", action="store_true", help=h("opt_json"))
    boundaries.add_argument("--mine", action="store_true", help=h("opt_mine"))

    teach = command(commands, "teach", "teach", "check:run_teach")
    teach.add_argument("task", metavar=m("task"))
    teach.add_argument("--inside", action="store_true", help=h("opt_inside"))
    teach.add_argument("--outside", metavar=m("family"), help=h("opt_outside"))
    teach.add_argument("--category", metavar="C", help=h("opt_category"))
    teach.add_argument("--activity", "-a", metavar="A", help=h("opt_activity"))
    teach.add_argument("--forget", action="store_true", help=h("opt_forget"))

    stats = command(commands, "stats", "stats", "stats:run")
    _period_options(stats, h, day_flag="--day")
    stats.add_argument("--mission", "-m", metavar=m("name"), help=h("opt_mission"))
    stats.add_argument("--json", action="store_true", help=h("opt_json"))
    stats.add_argument("--target", metavar=m("pct"), help=h("opt_target"))

    assess = command(commands, "assess", "assess", "assess:run")
    assess.add_argument("mission", metavar=m("mission"))
    assess.add_argument("--show", action="store_true", help=h("opt_show"))
    assess.add_argument("--json", action="store_true", help=h("opt_json"))
    assess.add_argument("--date", metavar="D", help=h("opt_date"))
    assess.add_argument("--answers", metavar=m("file"), help=h("opt_answers"))

    checkin = command(commands, "checkin", "checkin", "checkin:run")
    checkin.add_argument("--if-needed", action="store_true", help=h("opt_if_needed"))

    export = command(commands, "export", "export", "export:run_export")
    export.add_argument("--month", nargs="?", const="this month", metavar="M", help=h("opt_month"))
    export.add_argument("--from", dest="start", metavar="D", help=h("opt_from"))
    export.add_argument("--to", dest="end", metavar="D", help=h("opt_to"))
    export.add_argument("--all", action="store_true", help=h("opt_all"))
    export.add_argument("--mission", "-m", metavar=m("name"), help=h("opt_mission"))
    export.add_argument("--format", "-f", default="markdown", metavar=m("format"), help=h("opt_format"))
    export.add_argument("--output", "-o", metavar=m("path"), help=h("opt_output"))
    export.add_argument("--force", action="store_true", help=h("opt_force"))
    export.add_argument("--csv", metavar="excel-fr|rfc4180", help=h("timesheet.opt_csv"))
    export.add_argument("--raw", action="store_true", help=h("timesheet.opt_raw"))

    report = command(commands, "report", "report.report", "report:run")
    report.add_argument("mission", metavar=m("mission"))
    report.add_argument("--month", nargs="?", const="this month", metavar="M", help=h("report.opt_month"))
    report.add_argument("--output", "-o", metavar=m("file"), help=h("report.opt_output"))
    report.add_argument("--format", "-f", metavar="pdf|html", help=h("report.opt_format"))
    report.add_argument("--as", dest="author", metavar=m("name"), help=h("report.opt_as"))
    report.add_argument("--currency", metavar=m("sign"), help=h("report.opt_currency"))
    report.add_argument("--paper", metavar="a4|letter", help=h("report.opt_paper"))
    report.add_argument("--force", action="store_true", help=h("opt_force"))

    imp = command(commands, "import", "import", "export:run_import")
    imp.add_argument("file", metavar=m("file"))
    imp.add_argument(
        "--prefer-file",
        action="store_true",
        help=t("safety.help.prefer_file", lang).replace("%", "%%") if with_help else None,
    )

    backup = command(commands, "backup", "backup", "maintenance:run_backup")
    backup.add_argument("--list", action="store_true", help=h("opt_backup_list"))
    backup.add_argument("--restore", metavar=m("file"), help=h("opt_restore"))

    command(commands, "doctor", "doctor", "maintenance:run_doctor")
    _people_commands(commands, command, h, m)
    return parser


def _with_options(log: argparse.ArgumentParser, h: Callable[[str], str], m: Callable[[str], str]) -> None:
    """``log --with "@lea, Marc" [--new] [--idea N]``: an exchange with people."""
    log.add_argument(
        "--with", dest="with_people", metavar=m("names"), help=h("people.opt_with"), action=JoinedNames
    )
    log.add_argument("--new", action="store_true", help=h("people.opt_new"))
    log.add_argument("--idea", metavar="N", help=h("people.opt_idea"))


def _figures_command(missions_sub, command, h: Callable[[str], str], m: Callable[[str], str]) -> None:  # type: ignore[no-untyped-def]
    figures = command(missions_sub, "figures", "people.figures", "people:run_figures")
    figures.add_argument("name", metavar=m("mission"))
    figures.add_argument("--month", metavar="M", help=h("people.opt_figures_month"))
    figures.add_argument("--followers", metavar="N", help=h("people.opt_followers"))
    figures.add_argument("--interacting", metavar="N", help=h("people.opt_interacting"))
    figures.add_argument("--json", action="store_true", help=h("opt_json"))


def _people_commands(commands, command, h: Callable[[str], str], m: Callable[[str], str]) -> None:  # type: ignore[no-untyped-def]
    """``people …``, ``idea`` and ``ideas``: who the CM exchanges with, and what they inspire."""
    people = command(commands, "people", "people.people", "people:run_list")
    sub = people.add_subparsers(dest="people_command", metavar=m("action"))
    for name in ("add", "edit"):
        one = command(sub, name, f"people.{name}", f"people:run_{name}")
        one.add_argument("name", metavar=m("name"))
        if name == "edit":
            one.add_argument("--name", dest="new_name", metavar=m("new"), help=h("opt_new_name"))
        one.add_argument("--platform", metavar="P", help=h("people.opt_platform"))
        one.add_argument("--tags", metavar=m("tags"), help=h("people.opt_tags"))
        one.add_argument("--mission", "-m", action="append", metavar=m("name"), help=h("people.opt_missions"))
        one.add_argument("--note", metavar=m("text"), help=h("people.opt_note"))
    listing = command(sub, "list", "people.list", "people:run_list")
    listing.add_argument("--search", "-s", metavar=m("text"), help=h("people.opt_search"))
    listing.add_argument("--tag", metavar=m("tag"), help=h("people.opt_tag"))
    listing.add_argument("--mission", "-m", metavar=m("name"), help=h("opt_mission"))
    listing.add_argument("--json", action="store_true", help=h("opt_json"))
    show = command(sub, "show", "people.show", "people:run_show")
    show.add_argument("name", metavar=m("name"))
    show.add_argument("--all", action="store_true", help=h("people.opt_all_history"))
    show.add_argument("--json", action="store_true", help=h("opt_json"))
    forget = command(sub, "forget", "people.forget", "people:run_forget")
    forget.add_argument("name", metavar=m("name"))
    follow = command(sub, "follow", "people.follow", "people:run_follow")
    follow.add_argument("name", metavar=m("name"))
    follow.add_argument("text", metavar=m("text"))
    follow.add_argument("--due", metavar="D", help=h("people.opt_due"))
    done = command(sub, "done", "people.done", "people:run_done")
    done.add_argument("id", metavar=m("id"))
    done.add_argument("--undo", action="store_true", help=h("people.opt_undo"))
    waiting = command(sub, "waiting", "people.waiting", "people:run_waiting")
    waiting.add_argument("--json", action="store_true", help=h("opt_json"))
    quiet = command(sub, "quiet", "people.quiet", "people:run_quiet")
    quiet.add_argument("--tag", metavar=m("tag"), help=h("people.opt_tag"))
    quiet.add_argument("--days", metavar="N", help=h("people.opt_days"))
    quiet.add_argument("--json", action="store_true", help=h("opt_json"))

    idea = command(commands, "idea", "people.idea", "people:run_idea")
    idea.add_argument("text", metavar=m("text"))
    idea.add_argument("--from", dest="person", metavar=m("name"), help=h("people.opt_from"))
    idea.add_argument("--mission", "-m", metavar=m("name"), help=h("opt_mission"))
    idea.add_argument("--date", metavar="D", help=h("opt_date"))
    idea.add_argument("--new", action="store_true", help=h("people.opt_new"))
    ideas = command(commands, "ideas", "people.ideas", "people:run_ideas")
    ideas.add_argument("--all", action="store_true", help=h("people.opt_all_ideas"))
    ideas.add_argument("--mission", "-m", metavar=m("name"), help=h("opt_mission"))
    ideas.add_argument("--json", action="store_true", help=h("opt_json"))


def _mission_options(sub: argparse.ArgumentParser, h: Callable[[str], str], m: Callable[[str], str]) -> None:
    sub.add_argument("--client", metavar="C", help=h("opt_client"))
    sub.add_argument("--kind", metavar=m("k"), help=h("opt_kind"))
    sub.add_argument("--start", metavar="D", help=h("opt_start"))
    sub.add_argument("--agreed", metavar=m("families"), action="append", help=h("opt_agreed"))
    sub.add_argument("--followers", metavar="N", help=h("opt_followers"))
    sub.add_argument("--notes", metavar=m("text"), help=h("opt_notes"))
    sub.add_argument("--rate", metavar=m("amount"), help=h("report.opt_rate"))
    sub.add_argument("--per", metavar="hour|day", help=h("report.opt_per"))


def _period_options(sub: argparse.ArgumentParser, h: Callable[[str], str], day_flag: str) -> None:
    group = sub.add_mutually_exclusive_group()
    group.add_argument(day_flag, dest="day", metavar="D", help=h("opt_day"))
    group.add_argument("--week", nargs="?", const="this week", metavar="D", help=h("opt_week"))
    group.add_argument("--month", nargs="?", const="this month", metavar="M", help=h("opt_month"))
    group.add_argument("--from", dest="start", metavar="D", help=h("opt_from"))
    sub.add_argument("--to", dest="end", metavar="D", help=h("opt_to"))
