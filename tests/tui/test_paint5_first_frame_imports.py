"""The records' module (the journal's check-ins, people, plans…) is not
imported before a first screen's first frame: it comes with the data, read just after
(issue 16, point 7: first paint). The data still show (see the sections' own tests).
Nor is dateutil (~3 ms): only dates named in words ("last Friday") need it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cm_coach.tui.app import FIRST_SCREEN_MODES

CHILD = """
import asyncio, sys
from datetime import date
from pathlib import Path
from cm_coach.tui.app import make_app

async def main(db, mode):
    app = make_app(Path(db), "fr", date(2026, 11, 25), mode=mode)
    seen = []
    app.after_first_frame(lambda: seen.append(("cm_coach.models.records" in sys.modules, "dateutil" in sys.modules)))
    async with app.run_test(size=(80, 24)) as pilot:
        while not (seen and app.context_ready and app.screen.loaded):
            await pilot.pause(0.01)
        print(*seen[0], "cm_coach.models.records" in sys.modules, type(app.screen).__name__)

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


@pytest.mark.parametrize("mode", FIRST_SCREEN_MODES)
def test_the_records_and_dateutil_come_after_the_first_frame(journal, tmp_path, mode):
    env = {**os.environ, "CM_COACH_DATA_DIR": str(tmp_path / "d"), "CM_COACH_CONFIG_DIR": str(tmp_path / "c")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(journal), mode],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    at_first_frame, dateutil_at_first_frame, once_loaded, screen = done.stdout.split()
    assert (at_first_frame, once_loaded) == ("False", "True")  # then read with the data
    assert dateutil_at_first_frame == "False"
    assert screen.lower().startswith(mode)
