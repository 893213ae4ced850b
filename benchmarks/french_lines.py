"""``python -m benchmarks.french_lines``: how often French punctuation starts a wrapped line.

Every French text the user can read — the content files' templates and what the CLI prints on
a one-year demo journal (help of every command, reports, judgements, errors) — is wrapped at
every width from 40 to 100 columns, three ways:

- ``textwrap``: breaks at ASCII spaces only, as argparse does for ``--help``;
- ``textual``: Textual's own wrapping, which breaks at any Unicode space (no-break ones too);
- ``cm-coach``: ``cm_coach.core.formatting.wrap``, what the app's prose widgets use (when it exists).

It counts the wrapped lines that start with ``?`` or ``:`` (the issue's measure), and with any
of ``? : ; ! » %``. Content templates are typeset the way they are at load time (when
``cm_coach.core.formatting.typeset`` exists) and their ``{placeholders}`` filled with a word.
Options: ``--show N`` prints N examples per wrapper.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = range(40, 101)
ISSUE_MARKS = ("?", ":")
ALL_MARKS = ("?", ":", ";", "!", "»", "%")

CLI_RUNS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    *(
        (name, "--help")
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
    ),
    ("missions", "add", "--help"),
    ("missions", "edit", "--help"),
    ("missions", "close", "--help"),
    ("missions", "list"),
    ("stats", "--week"),
    ("stats", "--month"),
    ("stats", "--month", "le mois dernier"),
    ("entries", "--week"),
    ("entries", "--date", "hier"),
    ("prompt",),
    ("boundaries",),
    ("check", "gérer le budget des campagnes Facebook Ads", "répondre aux commentaires", "faire un truc"),
    ("check", "traiter les demandes de remboursement"),
    ("log", "x", "-d", "abc"),
    ("log", "x", "-d", "30", "--date", "31/02/2026"),
    ("log", "x", "-d", "30", "-m", "Inconnue"),
    ("log", "x", "-d", "30", "--date", "demain"),
    ("log", "x"),
    ("stats", "--lang", "xx"),
    ("export", "--format", "pdf"),
    ("nimportequoi",),
    ("backup", "--list"),
    ("doctor",),
)


def _typeset() -> Callable[[str, str], str]:
    try:
        from cm_coach.core.formatting import typeset
    except ImportError:
        return lambda text, lang: text
    return typeset


def content_texts() -> Iterator[str]:
    """Every French text of the content files, typeset as on load, placeholders filled."""
    import tomllib

    typeset = _typeset()

    def walk(value: object, lang: str | None) -> Iterator[str]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, key if key in ("fr", "en") else lang)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item, lang)
        elif isinstance(value, str) and lang == "fr":
            yield value

    for path in sorted((ROOT / "content").rglob("*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        for text in walk(data, None):
            filled = re.sub(r"\{[a-z_]+\}", "Maison", typeset(text, "fr"))
            yield from filled.split("\n")


def cli_texts() -> Iterator[str]:
    """What the CLI prints in French on a one-year demo journal."""
    from cm_coach.cli import main

    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(
            CM_COACH_DATA_DIR=f"{folder}/data",
            CM_COACH_CONFIG_DIR=f"{folder}/config",
            CM_COACH_CACHE_DIR=f"{folder}/cache",
            CM_COACH_LANG="fr",
            CM_COACH_TODAY="2026-11-25",
            NO_COLOR="1",
        )
        db = f"{folder}/demo.db"
        for args in (("demo", "--years", "1"), *CLI_RUNS):
            out, err = io.StringIO(), io.StringIO()
            quiet = (contextlib.redirect_stdout(out), contextlib.redirect_stderr(err))
            with quiet[0], quiet[1], contextlib.suppress(SystemExit):
                main(["--db", db, *args])
            for text in (out.getvalue(), err.getvalue()):
                yield from text.replace(folder, "/tmp/x").split("\n")


def wrappers() -> dict[str, Callable[[str, int], list[str]]]:
    from textual.content import Content

    found: dict[str, Callable[[str, int], list[str]]] = {
        "textwrap": lambda text, width: textwrap.wrap(text, width, break_on_hyphens=False),
        "textual": lambda text, width: [line.plain for line in Content(text).wrap(width)],
    }
    try:
        from cm_coach.core.formatting import wrap
    except ImportError:
        return found
    found["cm-coach"] = wrap
    return found


def count(lines: list[str], show: int) -> None:
    texts = sorted({line for line in lines if line.strip()})
    print(f"{len(texts)} distinct French lines, wrapped at {WIDTHS.start}-{WIDTHS.stop - 1} columns")
    for name, wrap in wrappers().items():
        issue, every, examples = 0, 0, []
        for text in texts:
            body = text.lstrip(" ")  # an indented line is wrapped in the room left to it
            indent = len(text) - len(body)
            for width in WIDTHS:
                if len(text) <= width:
                    break
                for line in wrap(body, max(width - indent, 10))[1:]:
                    start = line.lstrip()[:1]
                    issue += start in ISSUE_MARKS
                    every += start in ALL_MARKS
                    if start in ALL_MARKS and len(examples) < show:
                        examples.append(f"    {width}: …{line[:60]!r}")
        print(f"  {name:<9} lines starting with ? or : {issue:>5}   with ? : ; ! » % {every:>5}")
        print("\n".join(examples)) if examples else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", type=int, default=0, help="examples to print per wrapper")
    args = parser.parse_args()
    print("content files:", end=" ")
    count(list(content_texts()), args.show)
    print("CLI output:", end=" ")
    count(list(cli_texts()), args.show)


if __name__ == "__main__":
    main()
