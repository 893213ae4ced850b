"""``cm-coach`` with no command (the app) and ``cm-coach checkin``: their few options read
without argparse.

Opening the app is the command typed most, and the one whose start the user watches: with
no command named, argparse's parser lists every command, so all of them were built (with
argparse itself imported) before the first frame, ~15 ms of it. Only the plain forms the
app takes are read here; anything else (``--help``, an abbreviation, a value that looks like
an option, any other word…) returns None and goes through the parser as before, with its
checks, its messages and its help, unchanged. ``cm-coach checkin`` (the morning's command)
skips argparse's import and its one parser the same way.
"""

from __future__ import annotations

from types import SimpleNamespace

VALUED = ("--db", "--lang", "--theme")  # the app's options that take a value
LANGS = ("fr", "en")  # --lang's choices, as the parser's
CHECKIN = "checkin"  # the one command read here


def app_arguments(argv: list[str]) -> SimpleNamespace | None:
    """What the full parser would give for ``argv`` (``db``, ``lang``, ``demo``, ``theme``,
    ``command=None``; with ``checkin``: ``command``, ``if_needed`` and the command's
    ``handler`` too) when ``argv`` is only the app's options in their plain forms, maybe
    followed by ``checkin`` and its own; else None.

    The last value given wins, as with argparse."""
    found: dict[str, object] = {"db": None, "lang": None, "demo": False, "theme": None}
    rest = _read_options(argv, found, flags=("--demo",), valued=VALUED)
    if rest is None:
        return None
    if not rest:
        return SimpleNamespace(**found, command=None)
    if rest[0] != CHECKIN:
        return None
    found.update(command=CHECKIN, if_needed=False)
    # After the command: its own flag, and --db and --lang again (the command's value wins).
    if _read_options(rest[1:], found, flags=("--if-needed",), valued=("--db", "--lang")) != []:
        return None
    return SimpleNamespace(**found, handler=run_checkin)


def run_checkin(args: object, ctx: object) -> int:
    """``cm-coach checkin``'s handler, as the parser sets it."""
    from cm_coach.cli.commands.checkin import run

    return run(args, ctx)  # type: ignore[arg-type]


def _read_options(
    argv: list[str], found: dict[str, object], *, flags: tuple[str, ...], valued: tuple[str, ...]
) -> list[str] | None:
    """Read the plain options at the start of ``argv`` into ``found``; the words left from
    the first one that is not an option, or None when an option is not read the plain way."""
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg in flags:
            found[arg[2:].replace("-", "_")] = True
            index += 1
            continue
        if not arg.startswith("-"):
            return argv[index:]
        name, equals, value = arg.partition("=")
        if name not in valued:
            return None
        if not equals:  # the value is the next word
            if index + 1 >= len(argv):
                return None
            value = argv[index + 1]
            index += 1
        index += 1
        if not value or value.startswith("-"):  # argparse's own reading differs: let it say
            return None
        if name == "--lang" and value not in LANGS:
            return None
        found[name[2:]] = value
    return []
