"""Each journal has its own copies, even when two journals share a stem (``work.db`` and
``work.sqlite``): copies are named by the journal's full file name.

Before: both journals' copies were named ``work-…``, so the second never got a daily copy,
listed the first one's, and restoring put the other journal's data in place.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta

from cm_coach.paths import backups_dir
from cm_coach.store import copies
from cm_coach.store.db import connect
from tests.conftest import table_rows


def _tasks(path) -> list[str]:
    return [row["task"] for row in table_rows(path, "entries")]


def test_two_journals_with_the_same_stem_keep_their_own_copies(cli, tmp_path):
    work_db, work_sqlite = tmp_path / "work.db", tmp_path / "work.sqlite"
    for journal, task in ((work_db, "répondre aux commentaires"), (work_sqlite, "modérer le forum")):
        assert cli("log", task, "-d", "20", db=journal).code == 0
        assert cli("log", f"{task} encore", "-d", "20", db=journal).code == 0  # 2nd opening: daily copy
    mine = copies.list_backups(work_db)
    theirs = copies.list_backups(work_sqlite)
    assert [item.reason for item in mine] == ["daily"]
    assert [item.reason for item in theirs] == ["daily"]
    assert mine[0].path != theirs[0].path
    assert _tasks(mine[0].path) == ["répondre aux commentaires"]
    assert _tasks(theirs[0].path) == ["modérer le forum"]
    listed = cli("backup", "--list", db=work_sqlite)
    assert theirs[0].path.name in listed.out and mine[0].path.name not in listed.out
    restored = cli("backup", "--restore", theirs[0].path.name, db=work_sqlite)
    assert restored.code == 0, restored.err
    assert _tasks(work_sqlite) == ["modérer le forum"]
    assert _tasks(work_db) == ["répondre aux commentaires", "répondre aux commentaires encore"]


def test_copies_with_the_old_names_are_still_this_journals(db_path):
    """Copies made before the change (``journal-…``) stay listed, restorable and pruned."""
    connect(db_path).close()
    folder = backups_dir(db_path)
    folder.mkdir(mode=0o700)
    old_daily = folder / "journal-20261120-daily.db"
    old_manual = folder / "journal-20261120-101010-123456-manual.db"
    for old in (old_daily, old_manual):
        shutil.copyfile(db_path, old)
    found = {item.path.name: item.reason for item in copies.list_backups(db_path)}
    assert found == {old_daily.name: "daily", old_manual.name: "manual"}


def test_old_names_are_nobodys_when_two_journals_share_the_stem(tmp_path):
    """``work-…`` may be either journal's: listed for neither, never restored by mistake."""
    work_db, work_sqlite = tmp_path / "work.db", tmp_path / "work.sqlite"
    for journal in (work_db, work_sqlite):
        connect(journal).close()
    folder = backups_dir(work_db)
    folder.mkdir(mode=0o700)
    shutil.copyfile(work_db, folder / "work-20261120-daily.db")
    assert copies.list_backups(work_db) == []
    assert copies.list_backups(work_sqlite) == []


def test_daily_copies_old_and_new_are_pruned_by_day(db_path):
    conn = connect(db_path)
    try:
        folder = backups_dir(db_path)
        folder.mkdir(mode=0o700)
        start = date(2026, 1, 1)
        for offset in range(10):  # ten days with the old names
            shutil.copyfile(db_path, folder / f"journal-{start + timedelta(days=offset):%Y%m%d}-daily.db")
        for offset in range(10, 20):  # then ten with the new ones
            copies.ensure_daily_backup(conn, db_path, today=start + timedelta(days=offset))
    finally:
        conn.close()
    days = sorted(item.path.name[-17:-9] for item in copies.list_backups(db_path) if item.reason == "daily")
    assert len(days) == copies.KEEP_DAILY
    assert days[0] == f"{start + timedelta(days=20 - copies.KEEP_DAILY):%Y%m%d}"
