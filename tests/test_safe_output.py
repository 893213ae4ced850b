"""``-o`` never destroys (issue 12, point 5): not the journal, not a backup, not a device, not
a symlink; ``-o -`` is standard output. The same rules for ``export`` and ``report``."""

from __future__ import annotations

import os
import stat

import pytest

from tests.test_export_fixture import build_journal


@pytest.fixture
def journal(db_path, monkeypatch):
    return build_journal(db_path, monkeypatch)


def test_the_journal_is_never_an_output_even_with_force(cli, journal, tmp_path):
    before = journal.read_bytes()
    for spelling in (
        str(journal),
        str(tmp_path / "." / journal.name),
        str(tmp_path / "x" / ".." / journal.name),
    ):
        (tmp_path / "x").mkdir(exist_ok=True)
        result = cli("export", "--all", "-f", "json", "-o", spelling, "--force")
        assert result.code == 2, spelling
        assert "journal" in result.err
    link = tmp_path / "innocent.json"
    link.symlink_to(journal)
    assert cli("export", "--all", "-f", "json", "-o", str(link), "--force").code == 2
    hard = tmp_path / "hard.json"
    os.link(journal, hard)
    assert cli("export", "--all", "-f", "json", "-o", str(hard), "--force").code == 2
    assert cli("report", "Acme | #1", "--month", "2026-10", "-o", str(journal), "--force").code == 2
    assert journal.read_bytes() == before
    assert cli("stats").code == 0


def test_backups_are_never_an_output(cli, journal, tmp_path):
    assert cli("backup").code == 0
    copy = next((tmp_path / "backups").iterdir())
    before = copy.read_bytes()
    result = cli("export", "--all", "-f", "json", "-o", str(copy), "--force")
    assert result.code == 2
    assert copy.read_bytes() == before
    assert cli("export", "-o", str(tmp_path / "backups" / "new.md")).code == 2


def test_a_device_or_fifo_is_never_replaced(cli, journal, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = cli("export", "-o", str(fifo), "--force")
    assert result.code == 2
    assert "-o -" in result.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert cli("export", "-o", "/dev/null", "--force").code == 2
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_dash_is_standard_output(cli, journal):
    result = cli("export", "--month", "2026-10", "-o", "-")
    assert result.code == 0
    assert result.out.startswith("# Journal — octobre 2026")
    html = cli("report", "Acme | #1", "--month", "2026-10", "-f", "html", "-o", "-")
    assert html.code == 0, html.err
    assert html.out.startswith("<!DOCTYPE html>")


def test_symlinks_are_followed_never_replaced(cli, journal, tmp_path):
    target = tmp_path / "real.md"
    target.write_text("mine")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert cli("export", "--month", "2026-10", "-o", str(link)).code == 2
    assert target.read_text() == "mine"
    assert cli("export", "--month", "2026-10", "-o", str(link), "--force").code == 0
    assert link.is_symlink()
    assert target.read_text().startswith("# Journal")

    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    refused = cli("export", "--month", "2026-10", "-o", str(dangling))
    assert refused.code == 2
    assert "--force" in refused.err
    assert not (tmp_path / "nowhere.md").exists()
    assert cli("export", "--month", "2026-10", "-o", str(dangling), "--force").code == 0
    assert dangling.is_symlink()
    assert (tmp_path / "nowhere.md").read_text().startswith("# Journal")


def test_a_symlink_loop_is_refused_cleanly(cli, journal, tmp_path):
    loop = tmp_path / "loop.md"
    loop.symlink_to(tmp_path / "loop.md")
    result = cli("export", "-o", str(loop), "--force")
    assert result.code == 2 and "Traceback" not in result.err
