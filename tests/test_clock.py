"""The machine's clock is read in one module only: a result that depends on the day a test
runs is a time bomb (a daily backup named with the real date broke the suite once)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cm_coach"
CLOCK_CALLS = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow")}


def clock_reads(source: str) -> list[int]:
    """The lines of ``source`` that call ``date.today()``, ``datetime.now()`` and the like."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and (owner.id, node.func.attr) in CLOCK_CALLS:
                found.append(node.lineno)
    return found


def test_only_the_clock_module_reads_the_machine_clock():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "clock.py"
        for line in clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_check_finds_a_clock_read():
    source = "from datetime import date, datetime\nx = date.today()\ny = datetime.now().year\n"
    assert clock_reads(source) == [2, 3]
