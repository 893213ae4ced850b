"""``cm-coach`` with no command (the app), its few options read without argparse.

Opening the app is the command typed most, and the one whose start the user watches: with
no command named, argparse's parser lists every command, so all of them were built (with
argparse itself imported) before the first frame, ~15 ms of it. Only the plain forms the
app takes are read here; anything else (``--help``, an abbreviation, a value that looks like
an option, a word, a repeated flag spelled otherwise…) returns None and goes through the
parser as before, with its checks, its messages and its help, unchanged.
"""

from __future__ import annotations

from types import SimpleNamespace

VALUED = ("--db", "--lang", "--theme")  # the app's options that take a value
LANGS = ("fr", "en")  # --lang's choices, as the parser's


def app_arguments(argv: list[str]) -> SimpleNamespace | None:
    """What the full parser would give for ``argv`` (``db``, ``lang``, ``demo``, ``theme``,
    ``command=None``) when ``argv`` is only the app's options in their plain forms; else None.

    The last value given wins, as with argparse."""
    found: dict[str, object] = {"db": None, "lang": None, "demo": False, "theme": None}
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--demo":
            found["demo"] = True
            index += 1
            continue
        name, equals, value = arg.partition("=")
        if name not in VALUED:
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
    return SimpleNamespace(**found, command=None)
