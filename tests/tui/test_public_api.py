"""cm-coach reaches Textual and Rich through their public API only, so no release is pinned.

Every module of the package is parsed (not imported): an import of a Textual or Rich
module or name whose dotted path has a segment starting with ``_`` fails, so does
``textual.css.stylesheet`` (the machinery the app once subclassed), and so does reading a
private attribute (``app._display``) that cm-coach does not define itself, in a module
that imports Textual or Rich.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parents[1]
PACKAGE = ROOT / "cm_coach"
FRAMEWORKS = ("textual", "rich")
FORBIDDEN = ("textual.css.stylesheet",)
PUBLIC_UNDERSCORED = {"_replace", "_asdict", "_fields", "_make", "_field_defaults"}  # namedtuple's API


@functools.cache
def nodes_of(tree: ast.AST) -> tuple[ast.AST, ...]:
    """Every node of ``tree``, walked once: each check below goes through them all, and the
    package's trees are checked by both tests of a worker (walking was most of their time)."""
    return tuple(ast.walk(tree))


def _private(segment: str) -> bool:
    return segment.startswith("_") and not (segment.startswith("__") and segment.endswith("__"))


def _bad_path(path: str) -> str | None:
    """Why ``path`` (``textual.x.y``) is not to be used, or None."""
    if path.split(".")[0] not in FRAMEWORKS:
        return None
    if any(path == forbidden or path.startswith(forbidden + ".") for forbidden in FORBIDDEN):
        return "not public API"
    if any(_private(segment) for segment in path.split(".")):
        return "private"
    return None


def _dotted(node: ast.expr) -> list[str] | None:
    """``a.b.c`` as ``["a", "b", "c"]`` when it is a plain chain of names."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return None


def defined_names(tree: ast.AST) -> set[str]:
    """Private names a module defines: functions, classes, names, and attributes of ``self``."""
    names: set[str] = set()
    for node in nodes_of(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
        ):
            names.add(node.attr)
    return {name for name in names if _private(name)}


def private_uses(
    source: str | ast.Module, filename: str = "<sample>", own: set[str] | None = None
) -> list[str]:
    """Each use of Textual's or Rich's private API in ``source``, as ``file:line: what``.

    ``own`` are the private names cm-coach defines (reading those is cm-coach's business);
    by default, those of ``source`` itself.
    """
    tree = ast.parse(source, filename) if isinstance(source, str) else source
    allowed = (defined_names(tree) if own is None else own) | PUBLIC_UNDERSCORED
    found: list[str] = []
    bound: dict[str, str] = {}  # local name -> the framework path it stands for

    def check(path: str, node: ast.AST) -> None:
        if reason := _bad_path(path):
            found.append(f"{filename}:{node.lineno}: {path} ({reason})")

    for node in nodes_of(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                check(alias.name, node)
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    bound[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                path = f"{node.module}.{alias.name}"
                check(path, node)
                bound[alias.asname or alias.name] = path
    uses_a_framework = any(path.split(".")[0] in FRAMEWORKS for path in bound.values())
    for node in nodes_of(tree):
        if not isinstance(node, ast.Attribute):
            continue
        parts = _dotted(node)
        if parts and parts[0] in bound and bound[parts[0]].split(".")[0] in FRAMEWORKS:
            check(".".join([bound[parts[0]], *parts[1:]]), node)
        elif uses_a_framework and _private(node.attr) and node.attr not in allowed:
            # Only where Textual or Rich objects can be at hand: the core may use the stdlib's.
            found.append(
                f"{filename}:{node.lineno}: .{node.attr} (a private attribute cm-coach does not define)"
            )
    return sorted(set(found))


@functools.cache
def parsed_file(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def parsed(paths: list[Path]) -> dict[Path, ast.Module]:
    return {path: parsed_file(path) for path in paths}


def uses_in(trees: dict[Path, ast.Module], own: set[str]) -> list[str]:
    return [
        use for path, tree in trees.items() for use in private_uses(tree, str(path.relative_to(ROOT)), own)
    ]


def names_defined_in(trees: dict[Path, ast.Module]) -> set[str]:
    return set().union(*(defined_names(tree) for tree in trees.values()))


def test_the_package_uses_only_public_textual_and_rich():
    modules = parsed(sorted(PACKAGE.rglob("*.py")))
    assert len(modules) > 20 and any(path.parent.name == "screens" for path in modules)
    assert uses_in(modules, names_defined_in(modules)) == []


def test_the_tui_tests_drive_the_app_through_public_api_only():
    """No patching of Textual's insides: such a test breaks with each release, or tests nothing."""
    tests = parsed(sorted(TESTS.glob("*.py")))
    modules = parsed(sorted(PACKAGE.rglob("*.py")))
    assert uses_in(tests, names_defined_in(modules) | names_defined_in(tests)) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from textual._wait import wait_for_idle", "textual._wait"),
        ("import textual._compositor", "textual._compositor"),
        ("from textual.app import _get_key_display", "textual.app._get_key_display"),
        ("from textual import _wait as w", "textual._wait"),
        ("from rich._loop import loop_last", "rich._loop"),
        ("from textual.css.stylesheet import Stylesheet", "textual.css.stylesheet"),
        ("import textual.css.stylesheet as sheets", "textual.css.stylesheet"),
        ("import textual\ntextual._xterm_parser", "textual._xterm_parser"),
        ("from textual.worker import Worker\nWorker._start", "textual.worker.Worker._start"),
        ("from textual.app import App\ndef f(app: App):\n    return app._display", "._display"),
        ("from textual import events\ndef f(screen):\n    screen._bindings = None", "._bindings"),
    ],
)
def test_the_check_catches_private_uses(source, expected):
    [found] = private_uses(source)
    assert expected in found


@pytest.mark.parametrize(
    "source",
    [
        "from textual.app import App\nfrom textual import work, events\nfrom rich.markup import escape",
        "import textual\ntextual.__version__",
        "class A:\n    def __init__(self):\n        self._mine = 1\n    def f(self, other):\n        return other._mine",
        "from cm_coach._private import thing",  # our own modules are our business
        "import sys\nsys._getframe()",  # no Textual or Rich at hand: the stdlib's business
        "from textual.app import App\nPoint = 1\ndef f(point):\n    return point._replace(x=1)",
    ],
)
def test_the_check_leaves_public_uses_alone(source):
    assert private_uses(source) == []
