"""The ``cm-coach`` command: parse, call the core, format. Nothing else lives here.

The parser is built with the user's language (help included), and one handler turns
domain errors into a message on stderr with exit code 2. Unexpected errors are written
to a log file and reported in one line with exit code 1: never a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

from cm_coach.errors import CoachError, ContentError

gc_defaults = gc.get_threshold()  # (700, 10, 10): what the app runs with


def _language_hint(argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """The ``cm-coach`` entry point: cheap answers first, then parse and run; errors become exit codes."""
    if argv is None:  # the process's own command line: main is the whole process
        _collector_for_one_command()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # the cheapest possible answer, for scripts and benchmarks
        from cm_coach import __version__

        print(f"cm-coach {__version__}")
        return 0
    if _checkin_already_done(argv):  # the shell start-up case: answer before loading anything
        return 0
    status = _timer_status(argv)  # a shell prompt's case, just as light
    if status is not None:
        return status
    from cm_coach.cli.output import prepare_streams
    from cm_coach.core.i18n import DEFAULT_LANG, render_error, resolve_language

    prepare_streams()
    lang = DEFAULT_LANG
    try:
        lang = resolve_language(_language_hint(argv))
    except CoachError as error:
        _say(render_error(error, DEFAULT_LANG))
        return 2
    except ContentError as error:
        print(f"cm-coach: content error: {error}", file=sys.stderr)
        return 3

    quick = _people_list_quickly(argv, lang)  # 5,000 people listed without the parser or the core
    if quick is not None:
        return quick

    from cm_coach.cli.app_args import app_arguments
    from cm_coach.cli.context import Context

    ctx = None
    try:
        if any(_has_surrogates(arg) for arg in argv):
            raise CoachError("errors.bad_encoding")
        args = app_arguments(argv)  # the app opened (no command): its options without argparse
        if args is None:
            from cm_coach.cli.parser import asks_for_help, build_parser, command_in

            parser = build_parser(lang, only=command_in(argv), with_help=asks_for_help(argv))
            args = parser.parse_args(argv)
        ctx = Context(lang=lang, db_option=args.db)
        handler = getattr(args, "handler", None)
        if handler is None:
            from cm_coach.cli.commands.app import run_app

            # The one-command collector stays, as for ``cm-coach checkin``: reset to Python's
            # here, it walked the new objects of Textual's and the app's imports ~90 times
            # on the way to the first frame. The app still collects (see tui.app).
            return run_app(args, ctx)
        code = int(handler(args, ctx) or 0)
        return _output_written(ctx, code)
    except CoachError as error:
        _say(render_error(error, lang))
        return error.exit_code
    except ContentError as error:
        print(f"cm-coach: content error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _silence_broken_pipe()
        return 0
    except Exception as error:  # the last net: a clean line and a log, never a traceback
        known = _storage_problem(error, ctx)
        if known is not None:
            _say(render_error(known, lang))
            return known.exit_code
        return _report_unexpected(error, lang)
    finally:
        if ctx is not None:
            ctx.close()


def _collector_for_one_command() -> None:
    """Tune the cyclic garbage collector for a process that runs one command and exits.

    By default it walks the young objects every 700 new ones: reading 5,000 people or a
    month's entries makes it run hundreds of times for nothing (rows and texts form no
    cycles), and its last full pass at exit walks everything the exit frees anyway.
    Together ~10% of ``people list``. Every 100,000 objects, and nothing at exit (memory
    stays bounded: cycles are still collected while the command runs). Tests and other
    callers in-process, which pass ``argv``, keep their collector as it is."""
    import atexit

    gc.set_threshold(100_000, *gc_defaults[1:])
    atexit.register(gc.freeze)


def _output_written(ctx, code: int) -> int:
    """The command's exit code, once its output is flushed. Output that could not be written
    fails a command that only showed things (exit 2); one that saved something keeps its
    code, and stderr says the confirmation was lost, so that nobody saves it twice."""
    from cm_coach.cli.output import silence_stdout

    flush = getattr(ctx.out, "flush", None)
    if flush is not None:
        flush()
    failure = getattr(ctx.out, "failure", None)
    if failure is None:
        return code
    silence_stdout()
    if isinstance(failure, BrokenPipeError):  # `cm-coach export | head`: the reader has enough
        return code
    from cm_coach.core.i18n import t

    reason = failure.strerror or type(failure).__name__
    if ctx.saved_something:
        _say(t("safety.output.lost_after_save", ctx.lang, reason=reason))
        return code
    _say(t("safety.output.lost", ctx.lang, reason=reason))
    return 2


def _say(message: str) -> None:
    """A message on stderr, harmless for the terminal: it may quote what the user typed."""
    from cm_coach.core.validate import printable

    print(f"cm-coach: {printable(message)}", file=sys.stderr)


def _db_option(argv: list[str]) -> str | None:
    db_option = None
    for index, arg in enumerate(argv):
        if arg == "--db" and index + 1 < len(argv):
            db_option = argv[index + 1]
        elif arg.startswith("--db="):
            db_option = arg.split("=", 1)[1]
    return db_option


def _timer_status(argv: list[str]) -> int | None:
    """``cm-coach [--db P] status [-q]`` from a shell prompt: the running timer's line (exit 0),
    or nothing (exit 1) when none runs and the output is not a terminal. Only sqlite3, the
    paths and ``core.timer`` are loaded; ``None`` leaves the other cases to the full command."""
    valued = ("--db", "--lang", "--theme")
    words = [
        arg for i, arg in enumerate(argv) if not arg.startswith("-") and (i == 0 or argv[i - 1] not in valued)
    ]
    if words[:1] != ["status"] or len(words) > 1 or any(arg in argv for arg in ("-h", "--help", "--json")):
        return None
    from cm_coach.clock import now_from_env
    from cm_coach.core.timer import status_line
    from cm_coach.errors import CoachError
    from cm_coach.paths import database_path
    from cm_coach.store.timer import peek

    try:
        running = peek(database_path(_db_option(argv)))
    except (OSError, ValueError, CoachError):
        return None  # the full path will explain what is wrong
    if running is None:
        if sys.stdout.isatty() and not {"-q", "--quiet"} & set(argv):
            return None  # a person asked: the full path says so in their language
        return 1
    from datetime import datetime

    task, started_at, mission = running
    line = status_line(task, datetime.fromisoformat(started_at), mission, now_from_env())
    encoding = sys.stdout.encoding or "utf-8"  # a prompt on any terminal: never UnicodeEncodeError
    print(line.encode(encoding, "replace").decode(encoding))
    return 0


def _checkin_already_done(argv: list[str]) -> bool:
    """``cm-coach [--db P] checkin --if-needed`` when today's check-in exists: nothing to do.
    Only sqlite3 and the paths are loaded, so a shell start-up file pays a few milliseconds."""
    if "--if-needed" not in argv or "checkin" not in argv or "-h" in argv or "--help" in argv:
        return False
    db_option = _db_option(argv)
    from cm_coach.clock import today_from_env
    from cm_coach.errors import CoachError
    from cm_coach.paths import database_path
    from cm_coach.store.probe import checkin_saved

    try:
        return checkin_saved(database_path(db_option), today_from_env())
    except (OSError, ValueError, CoachError):
        return False  # the full path will explain what is wrong


def _people_list_quickly(argv: list[str], lang: str) -> int | None:
    """``[--db P] [--lang L] people [list] [--json]`` and nothing else: the quick path of
    :func:`cm_coach.cli.people_table.quick_list`; None to go the usual way."""
    rest, db_option = [], None
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg in ("--db", "--lang") and index + 1 < len(argv):
            db_option = argv[index + 1] if arg == "--db" else db_option
            index += 2
            continue
        if arg.startswith(("--db=", "--lang=")):
            db_option = arg.split("=", 1)[1] if arg.startswith("--db=") else db_option
        else:
            rest.append(arg)
        index += 1
    if rest not in (["people"], ["people", "list"], ["people", "list", "--json"]):
        return None
    from cm_coach.cli.people_table import quick_list

    try:
        return quick_list(db_option, lang, as_json="--json" in rest)
    except BrokenPipeError:
        _silence_broken_pipe()
        return 0
    except (OSError, ValueError):
        return None  # the full path explains what is wrong


def _storage_problem(error: Exception, ctx: object) -> CoachError | None:
    """A damaged page met by a read (outside ``transaction()``) is the user's file, not our bug.
    sqlite3 is looked up, not imported: commands that never open the journal stay light."""
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is None or ctx is None or not isinstance(error, sqlite3.DatabaseError):
        return None
    from cm_coach.store.db import known_storage_error

    return known_storage_error(error, ctx.db_path)


def _has_surrogates(text: str) -> bool:
    """Bytes that are not UTF-8 reach ``sys.argv`` as lone surrogates; SQLite cannot store them.
    UTF-8 refuses exactly those code points: one encoding in C, not a Python test a character."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _silence_broken_pipe() -> None:
    """``cm-coach export | head``: stop quietly when the reader goes away."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _report_unexpected(error: Exception, lang: str) -> int:
    import traceback

    from cm_coach.clock import now
    from cm_coach.core.i18n import t
    from cm_coach.paths import ensure_private_dir, log_dir

    log_path = "?"
    try:
        folder = ensure_private_dir(log_dir())
        path = folder / f"error-{now():%Y%m%d-%H%M%S-%f}-{os.getpid()}.log"
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(traceback.format_exc())
        log_path = str(path)
    except OSError:
        pass
    message = t("errors.unexpected", lang, error=type(error).__name__, log=log_path)
    print(f"cm-coach: {message}", file=sys.stderr)
    return 1
