"""The shape of the code: SQL only in the store (the rest asks it questions)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cm_coach"
SQL_METHODS = {"execute", "executemany", "executescript"}


def sql_calls(source: str) -> list[int]:
    """Lines of ``source`` that run SQL (``x.execute(...)`` and its siblings)."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in SQL_METHODS
    ]


def test_no_sql_outside_the_store():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "store" not in path.relative_to(PACKAGE).parts[:1]
        for line in sql_calls(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_check_sees_sql():
    assert sql_calls("conn.execute('SELECT 1')\nrows = db.executemany(q, r)\n") == [1, 2]
