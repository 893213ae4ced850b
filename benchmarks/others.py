"""The demo journal's entries, written as a jrnl journal and as Watson frames, so that the
other tools are timed on the same data (one jrnl entry or one Watson frame per entry)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import datetime, timedelta
from pathlib import Path

JRNL_CONFIG = """\
colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%Y-%m-%d %H:%M'
version: v4.2
"""


def _entries(db: Path):
    conn = sqlite3.connect(db)
    try:
        yield from conn.execute(
            "SELECT e.date, e.task, e.minutes, e.activity, coalesce(m.name, 'none')"
            " FROM entries e LEFT JOIN missions m ON m.id = e.mission_id ORDER BY e.date, e.id"
        )
    finally:
        conn.close()


def _timeline(db: Path):
    """Each entry placed after the previous one of the same day, from 9:00."""
    clock: dict[str, datetime] = {}
    for day, task, minutes, activity, mission in _entries(db):
        start = clock.get(day) or datetime.fromisoformat(day).replace(hour=9)
        stop = start + timedelta(minutes=minutes)
        clock[day] = stop
        yield start, stop, task, activity, mission


def jrnl_setup(db: Path, folder: Path, env: dict[str, str]) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    journal = folder / "journal.txt"
    with journal.open("w", encoding="utf-8") as out:
        for start, _stop, task, activity, mission in _timeline(db):
            out.write(f"[{start:%Y-%m-%d %H:%M}] {task}\n@{activity} @{mission.replace(' ', '_')}\n\n")
    config = folder / "config" / "jrnl"
    config.mkdir(parents=True, exist_ok=True)
    (config / "jrnl.yaml").write_text(JRNL_CONFIG.format(journal=journal), encoding="utf-8")
    return {**env, "XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data")}


def watson_setup(db: Path, folder: Path, env: dict[str, str]) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    frames = [
        [
            int(start.timestamp()),
            int(stop.timestamp()),
            mission,
            uuid.uuid4().hex,
            [activity],
            int(stop.timestamp()),
        ]
        for start, stop, _task, activity, mission in _timeline(db)
    ]
    (folder / "frames").write_text(json.dumps(frames), encoding="utf-8")
    (folder / "state").write_text("{}", encoding="utf-8")
    return {**env, "WATSON_DIR": str(folder)}
