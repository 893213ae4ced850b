"""Journal exporters, a registry keyed by format name.

A format is one ``to_<name>.py`` module in this package that calls :func:`register`;
nothing else needs to change for ``cm-coach export --format <name>`` to offer it.
Only the chosen format's module is imported, so one export stays a short process.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from cm_coach.errors import CoachError

MODULE_PREFIX = "to_"

StreamWriter = Callable[[sqlite3.Connection, Any, TextIO], None]
FolderWriter = Callable[[sqlite3.Connection, Any, Path], Any]


@dataclass(frozen=True)
class Format:
    """One export format. A stream format writes text to an open file or stdout; a folder
    format (Obsidian) writes several files into a folder and returns what it did."""

    name: str
    write: Callable[..., Any]
    to_folder: bool = False
    binary: bool = False  # writes bytes (xlsx): to a file, or to stdout's buffer with -o -


_REGISTRY: dict[str, Format] = {}


def register(
    name: str, *, to_folder: bool = False, binary: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a format's writer: ``@register("csv") def write(conn, scope, out): ...``."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        _REGISTRY[name] = Format(name, function, to_folder, binary)
        return function

    return decorate


def _load_all() -> None:
    import pkgutil  # only to list the formats: one export loads just its own module

    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith(MODULE_PREFIX):
            importlib.import_module(f"{__name__}.{module.name}")


def format_names() -> list[str]:
    """Every format's name, sorted (loads them all: for help and error messages, not for one export)."""
    _load_all()
    return sorted(_REGISTRY)


def get_format(name: str) -> Format:
    """The format called ``name`` (case-insensitive), or an error listing the known ones."""
    key = str(name).strip().lower()
    if key not in _REGISTRY and key.isidentifier():
        try:
            importlib.import_module(f"{__name__}.{MODULE_PREFIX}{key}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{MODULE_PREFIX}{key}":
                raise
    if key not in _REGISTRY:
        raise CoachError("export.errors.unknown_format", value=name, choices=", ".join(format_names()))
    return _REGISTRY[key]
