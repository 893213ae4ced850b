"""The UI strings of ``content/strings`` and the reading of any content file, checked on load.

Split from :mod:`cm_coach.core.content` (which re-exports all of it) so that the commands
that only speak — ``people list``, the exports' first lines, every error — load neither
the catalogues' dataclasses nor ``typing``: together ~7 ms of a process that should take
five times the interpreter's start.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from cm_coach.core.formatting import PLURAL_FORMS, typeset
from cm_coach.errors import CoachError, ContentError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

LANGS: tuple[str, ...] = ("fr", "en")
MAX_TOML_BYTES = 10 * 1024 * 1024


@cache
def content_dir() -> Path:
    """The shipped content: inside the installed package, or ``content/`` in a checkout
    (found once: resolving the path takes a system call per folder, and every content
    file read asks for it)."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "content"
    if installed.is_dir():
        return installed
    return package.parent / "content"


def read_toml(path: Path) -> dict[str, Any]:
    """Parse one TOML file, turning syntax errors into a message that names the file.

    The shipped files' parsed form is cached (:mod:`cm_coach.core.cache`: keyed by path,
    size and mtime): tomllib is pure Python and the catalogues would cost every command
    ~30 ms. Validation still runs on every load; only the parsing is skipped. The user's
    own files are read every time, never copied.
    """
    from cm_coach.core import cache

    try:
        info = path.stat()
    except FileNotFoundError:
        raise ContentError(str(path), None, "file not found") from None
    version = (info.st_size, info.st_mtime_ns)
    cached = cache.load(path, version=version)
    if cached is not None:
        return cached
    import tomllib  # only on a cache miss: it is pure Python and slow to import

    from cm_coach.core.inputs import read_limited

    try:
        data = tomllib.loads(
            read_limited(path, MAX_TOML_BYTES).decode("utf-8")
        )  # a FIFO: refused, never waited on
    except tomllib.TOMLDecodeError as error:
        raise ContentError(str(path), None, f"TOML syntax error: {error}") from None
    except UnicodeDecodeError as error:
        raise ContentError(str(path), None, f"not UTF-8 text: {error}") from None
    cache.store(path, data, version=version)
    return data


def placed_problem(error: ContentError) -> tuple[CoachError | None, str]:
    """A user's TOML file's problem, for a message in their language: where it is (a
    parameter rendered ``(ligne 3, colonne 6)`` / ``(line 3, column 6)``, or ``(à la fin du
    fichier)``), and the parser's own words without the place."""
    import re

    problem = error.problem.removeprefix("TOML syntax error: ")
    where = None
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)", problem)
    if found:
        problem = problem[: found.start()] + problem[found.end() :]
        where = CoachError("errors.toml_place", line=found[1], column=found[2])
    elif problem.endswith(" (at end of document)"):
        problem = problem.removesuffix(" (at end of document)")
        where = CoachError("errors.toml_end")
    return where, f"{error.entry}: {problem}" if error.entry else problem


def unique_ids(items: list[dict[str, Any]], path: Path, what: str) -> None:
    """Check that every item of a content list has an ``id`` and that no two share one: a ContentError names
    the first that does not."""
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        item_id = item.get("id")
        if not isinstance(item_id, str) or not item_id:
            raise ContentError(str(path), f"{what} #{index}", "missing 'id'")
        if item_id in seen:
            raise ContentError(str(path), f"{what} '{item_id}'", "duplicate id")
        seen.add(item_id)


def bilingual(value: Any, path: Path, entry: str, name: str) -> dict[str, str]:
    """Check that ``value`` is ``{fr = "...", en = "..."}`` with both texts non-empty, and
    give them their typography (:func:`cm_coach.core.formatting.typeset`): every text of
    ours passes here, so the rule is applied once, to templates, never to filled-in values."""
    if not isinstance(value, dict):
        raise ContentError(str(path), entry, f"'{name}' must be a table with fr and en texts")
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise ContentError(str(path), entry, f"'{name}' is missing its '{lang}' text")
    _no_unknown_language(value, path, entry, name)
    return {lang: typeset(value[lang], lang) for lang in LANGS}


# A UI string is a text per language, or per language a table of plural forms picked by the
# ``count`` parameter of ``t()``: ``{ fr = { one = "{count} jour", other = "{count} jours" }, … }``.
Localized = str | dict[str, str]


def localized(value: Any, path: Path, entry: str, name: str) -> dict[str, Localized]:
    """Like :func:`bilingual`, where each language may instead hold ``{one, other}`` forms."""
    if not isinstance(value, dict):
        raise ContentError(str(path), entry, f"'{name}' must be a table with fr and en texts")
    result: dict[str, Localized] = {}
    for lang in LANGS:
        text = value.get(lang)
        if isinstance(text, dict):
            if set(text) != set(PLURAL_FORMS) or not all(
                isinstance(form, str) and form.strip() for form in text.values()
            ):
                raise ContentError(
                    str(path),
                    entry,
                    f"'{name}.{lang}' must hold the texts of the plural forms {list(PLURAL_FORMS)}",
                )
            result[lang] = {form: typeset(text[form], lang) for form in PLURAL_FORMS}
        elif isinstance(text, str) and text.strip():
            result[lang] = typeset(text, lang)
        else:
            raise ContentError(str(path), entry, f"'{name}' is missing its '{lang}' text")
    _no_unknown_language(value, path, entry, name)
    return result


def _no_unknown_language(value: dict[str, Any], path: Path, entry: str, name: str) -> None:
    unknown = set(value) - set(LANGS)
    if unknown:
        raise ContentError(str(path), entry, f"'{name}' has unknown languages {sorted(unknown)}")


# --- UI strings -----------------------------------------------------------------------


def _flatten_strings(table: dict[str, Any], prefix: str, path: Path, out: dict) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict) and set(value) <= set(LANGS) and value:
            out[name] = localized(value, path, name, key)
        elif isinstance(value, dict):
            _flatten_strings(value, name, path, out)
        else:
            raise ContentError(str(path), name, 'must be a table {fr = "…", en = "…"}')


def _checked_strings(path: Path) -> dict[str, dict[str, Localized]]:
    """One strings file flattened, checked and typeset, its result cached like a parse.

    Checking and typesetting a catalogue cost three times its parse (~3 ms for the nine an
    export speaks with); the result depends on the file and on the code that checks and
    typesets it, so the copy is keyed by both: an edit of either makes a new one."""
    from cm_coach.core import cache

    try:
        info = path.stat()
    except FileNotFoundError:
        raise ContentError(str(path), None, "file not found") from None
    version = (info.st_size, info.st_mtime_ns, *_checking_code())
    copy = path.with_name(f"{path.name}.checked")  # its own copy, beside the parse's
    cached = cache.load(copy, version=version)
    if cached is not None:
        return cached
    flat: dict[str, dict[str, Localized]] = {}
    _flatten_strings(read_toml(path), path.stem, path, flat)
    cache.store(copy, flat, version=version)
    return flat


def _checking_code() -> tuple[int, ...]:
    """When the code that checks and typesets the strings last changed (this module and
    :mod:`cm_coach.core.formatting`): part of the checked copies' key."""
    from cm_coach.core import formatting

    return tuple(os.stat(module).st_mtime_ns for module in (__file__, formatting.__file__))


@cache
def strings(namespace: str | None = None) -> dict[str, dict[str, Localized]]:
    """UI strings keyed ``file.section.key`` (``content/strings/cli.toml`` → ``cli.…``).

    With a ``namespace`` only that file is read: a command pays for the texts it shows.
    """
    folder = content_dir() / "strings"
    paths = [folder / f"{namespace}.toml"] if namespace else sorted(folder.glob("*.toml"))
    catalogue: dict[str, dict[str, Localized]] = {}
    for path in paths:
        if path.exists():
            catalogue.update(_checked_strings(path))
    if not catalogue and namespace is None:
        raise ContentError(str(folder), None, "no string catalogue found")
    return catalogue
