"""``cm-coach`` with no command, ``checkin`` and ``--demo``: which screen opens, on which journal."""

from __future__ import annotations

import pytest

from cm_coach.cli import main
from cm_coach.cli.commands import app as shell
from cm_coach.core.checkins import save_checkin
from cm_coach.core.settings import load_settings, update_settings
from cm_coach.models import Checkin
from cm_coach.store.db import connect
from cm_coach.tui.app import CoachApp
from tests.tui.conftest import TODAY


@pytest.fixture
def opened(monkeypatch):
    """Record the app the CLI builds instead of taking over the terminal."""
    seen: list[CoachApp] = []

    def run(self, *args, **kwargs):
        seen.append(self)

    monkeypatch.setattr(CoachApp, "run", run)
    monkeypatch.setattr(shell, "on_a_terminal", lambda: True)  # as from a terminal
    return seen


def test_no_command_opens_checkin_then_dashboard(journal, opened):
    assert main(["--db", str(journal)]) == 0
    assert opened[-1].DEFAULT_MODE == "checkin"
    conn = connect(journal)
    save_checkin(conn, Checkin(TODAY, "any", "", None, None))
    conn.close()
    assert main(["--db", str(journal)]) == 0
    assert opened[-1].DEFAULT_MODE == "dashboard"
    assert opened[-1].db_path == journal


def test_checkin_command_opens_the_checkin(journal, opened):
    assert main(["--db", str(journal), "checkin"]) == 0
    assert opened[-1].DEFAULT_MODE == "checkin"


def test_demo_opens_on_a_temporary_journal(opened, tmp_path):
    assert main(["--demo"]) == 0
    app = opened[-1]
    assert app.db_path.name == "demo.db" and not app.db_path.exists()  # removed on exit


def test_theme_and_language_from_settings(journal, opened, monkeypatch):
    monkeypatch.delenv("CM_COACH_LANG")
    update_settings(lang="en")
    assert main(["--db", str(journal), "--theme", "textual-light"]) == 0
    assert opened[-1].lang == "en"
    assert opened[-1].requested_theme == "textual-light"
    assert load_settings().theme == "textual-light"
    assert main(["--db", str(journal), "--lang", "fr"]) == 0
    assert opened[-1].lang == "fr"  # an explicit --lang wins over the remembered one


async def test_the_days_backup_is_made_by_the_app_after_its_first_frame(journal, opened):
    from cm_coach.store.copies import daily_path
    from tests.tui.helpers import settle

    backup = daily_path(journal, TODAY)
    backup.unlink(missing_ok=True)
    assert main(["--db", str(journal)]) == 0
    assert not backup.exists()  # the command only checked the journal before the app ran
    app = opened[-1]
    async with app.run_test() as pilot:
        await settle(pilot)
    assert backup.exists()
