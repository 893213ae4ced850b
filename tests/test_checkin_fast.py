"""``cm-coach checkin --if-needed`` in a shell start-up file: silent, and loading almost nothing, when done."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from cm_coach.core.checkins import save_checkin
from cm_coach.models import Checkin
from cm_coach.store.db import connect
from cm_coach.store.probe import checkin_saved as checkin_done

TODAY = date(2026, 11, 25)
ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
from cm_coach.cli import main
code = main(["--db", sys.argv[1], "checkin", "--if-needed"])
heavy = sorted(m for m in ("textual", "sqlite_utils") if m in sys.modules)
print(code, ",".join(heavy) or "-")
"""


def saved_journal(path: Path) -> Path:
    conn = connect(path)
    try:
        save_checkin(conn, Checkin(TODAY, "any", "", None, None))
    finally:
        conn.close()
    return path


def test_done_checkin_prints_nothing_and_imports_nothing_heavy(tmp_path):
    db = saved_journal(tmp_path / "journal.db")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(db)], capture_output=True, text=True, env=os.environ
    )
    assert result.stderr == ""
    assert result.stdout == "0 -\n"


# What the shell start-up case must not load, whatever the machine's speed: Textual, the SQL
# layer, the parser and the text catalogue. How long it takes is measured, next to
# ``python -c pass``, by ``python -m benchmarks`` ("cm-coach checkin --if-needed (done)").
NOT_LOADED = ("textual", "sqlite_utils", "argparse", "cm_coach.core.content", "cm_coach.core.i18n")


def test_done_checkin_as_a_whole_process_is_silent_and_loads_nothing_heavy(tmp_path):
    """The real entry point (``python -m cm_coach``), with ``-X importtime`` listing every
    module the process imported: the answer comes before anything heavy is loaded."""
    db = saved_journal(tmp_path / "journal.db")
    env = {**os.environ, "CM_COACH_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cm_coach", "--db", str(db), "checkin", "--if-needed"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    lines = result.stderr.splitlines()
    imported = {line.rsplit("|", 1)[1].strip() for line in lines if line.startswith("import time:")}
    assert (result.returncode, result.stdout) == (0, "")
    assert [line for line in lines if not line.startswith("import time:")] == []
    assert "cm_coach.store.probe" in imported  # the listing is real
    assert sorted(imported.intersection(NOT_LOADED)) == []


def test_missing_or_foreign_journal_counts_as_not_done(tmp_path):
    assert not checkin_done(tmp_path / "nothing.db", TODAY)
    empty = tmp_path / "empty.db"
    connect(empty).close()
    assert not checkin_done(empty, TODAY)
    text = tmp_path / "notes.txt"
    text.write_text("pas une base", encoding="utf-8")
    assert not checkin_done(text, TODAY)
    assert checkin_done(saved_journal(tmp_path / "j.db"), TODAY)
    assert not checkin_done(tmp_path / "j.db", date(2026, 11, 26))
