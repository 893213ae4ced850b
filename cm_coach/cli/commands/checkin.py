"""``cm-coach checkin [--if-needed]``: the morning check-in.

Example, in ``~/.bashrc``: ``cm-coach checkin --if-needed``

With ``--if-needed`` and today's check-in already saved, it prints nothing and exits at
once: only ``sqlite3`` is used for that test (no Textual, no sqlite-utils), read-only.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # argparse costs ~8 ms: not on the shell start-up path
    import argparse


def checkin_done(db_path: Path, day: date) -> bool:
    """Whether ``day`` has a saved check-in; a missing or unreadable journal says no."""
    if not db_path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error:
        return False
    try:
        return (
            conn.execute("SELECT 1 FROM checkins WHERE date = ?", (day.isoformat(),)).fetchone() is not None
        )
    except sqlite3.Error:  # no table yet (fresh file) or not a journal: the app will say why
        return False
    finally:
        conn.close()


def run(args: argparse.Namespace, ctx) -> int:
    if args.if_needed and checkin_done(ctx.db_path, ctx.today):
        return 0
    from cm_coach.cli.commands.app import open_app

    return open_app(ctx, db_path=ctx.db_path, mode="checkin", theme=getattr(args, "theme", None))
