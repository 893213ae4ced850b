"""The first screen's reads made by a forked child while the app starts (cm_coach.tui.prefetch):
the same records as the screen's own reads, taken once, never stale, and nothing lost or left
behind when the child fails, is slow or is not needed."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime

import pytest

from cm_coach.core.dates import week_period
from cm_coach.core.people import morning
from cm_coach.core.timer import start_timer
from cm_coach.store.db import connect
from cm_coach.tui import prefetch, reads
from cm_coach.tui.screens import dashboard
from tests.tui.conftest import TODAY
from tests.tui.helpers import checkin_ready, settle, until

WEEK = week_period(TODAY)


@pytest.fixture(autouse=True)
def no_child_left():
    """Each test starts and ends with no child of this process alive or unreaped."""
    prefetch.forget()
    yield
    prefetch.forget()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_the_child_reads_what_the_dashboard_would_read_once(demo_journal):
    assert prefetch.start(demo_journal, "dashboard", TODAY, "fr", force=True)
    conn = connect(demo_journal)
    try:
        own = reads.load_dashboard(conn, WEEK, TODAY, "fr")
        context = reads.read_context(conn, TODAY)
    finally:
        conn.close()
    assert prefetch.take("dashboard-load", (WEEK, TODAY, "fr")) == own
    assert prefetch.take("dashboard-load", (WEEK, TODAY, "fr")) is None  # once: a later visit reads
    assert prefetch.take("context", (TODAY,)) == context
    assert prefetch.take("checkin-load", (TODAY, "fr")) is None  # not the first screen's


def test_a_read_made_for_another_language_or_day_is_not_used(demo_journal):
    assert prefetch.start(demo_journal, "dashboard", TODAY, "fr", force=True)
    assert prefetch.take("dashboard-load", (WEEK, TODAY, "en")) is None
    assert prefetch.take("context", (TODAY.replace(day=26),)) is None


def test_the_child_reads_the_checkins_records_and_names(demo_journal):
    assert prefetch.start(demo_journal, "checkin", TODAY, "fr", force=True)
    conn = connect(demo_journal)
    try:
        assert prefetch.take("checkin-load", (TODAY, "fr")) == reads.load_checkin(conn, TODAY, "fr")
        assert prefetch.take("checkin-people", (TODAY,)) == morning(conn, TODAY)
        assert prefetch.take("people-names", ()) == reads.people_names(conn)
    finally:
        conn.close()


def test_a_child_that_fails_leaves_the_reads_to_the_screen(tmp_path):
    assert prefetch.start(tmp_path / "missing.db", "dashboard", TODAY, "fr", force=True)
    assert prefetch.take("dashboard-load", (WEEK, TODAY, "fr")) is None
    assert not (tmp_path / "missing.db").exists()  # the child never creates nor writes


def test_a_child_too_slow_is_stopped_and_not_waited_for(demo_journal, monkeypatch):
    def slow(conn, today, lang):
        time.sleep(30)
        return {}

    monkeypatch.setitem(prefetch.FIRST_READS, "dashboard", slow)
    monkeypatch.setattr(prefetch, "WAIT_SECONDS", 0.2)
    assert prefetch.start(demo_journal, "dashboard", TODAY, "fr", force=True)
    started = time.monotonic()
    assert prefetch.take("dashboard-load", (WEEK, TODAY, "fr")) is None
    assert time.monotonic() - started < 10  # killed, not waited for (the fixture checks it is reaped)


def test_what_the_child_read_is_not_used_once_old(demo_journal, monkeypatch):
    monkeypatch.setattr(prefetch, "FRESH_SECONDS", 0.0)
    assert prefetch.start(demo_journal, "dashboard", TODAY, "fr", force=True)
    assert prefetch.take("context", (TODAY,)) is None


def test_a_child_never_taken_is_stopped_when_the_app_leaves(demo_journal):
    assert prefetch.start(demo_journal, "checkin", TODAY, "fr", force=True)
    prefetch.forget()  # the fixture checks no child is left
    assert prefetch.take("checkin-load", (TODAY, "fr")) is None


def test_no_child_where_threads_run_already(demo_journal):
    """A fork with other threads alive could copy a lock one of them holds: not worth it."""
    import threading

    done = threading.Event()
    waiting = threading.Thread(target=done.wait, args=(30,))
    waiting.start()
    try:
        assert not prefetch.start(demo_journal, "dashboard", TODAY, "fr")
    finally:
        done.set()
        waiting.join()
    assert prefetch.take("dashboard-load", (WEEK, TODAY, "fr")) is None


def test_no_child_when_turned_off(demo_journal, monkeypatch):
    monkeypatch.setenv(prefetch.PREFETCH_ENV, "0")
    assert not prefetch.worth_it()


async def test_the_dashboard_shows_the_childs_figures_without_reading_them_itself(
    demo_journal, app_for, monkeypatch
):
    assert prefetch.start(demo_journal, "dashboard", TODAY, "fr", force=True)
    conn = connect(demo_journal)
    try:
        expected = reads.load_dashboard(conn, WEEK, TODAY, "fr")
    finally:
        conn.close()
    own_reads: list[object] = []
    monkeypatch.setattr(dashboard, "load_dashboard", lambda *args: own_reads.append(args))
    app = app_for(demo_journal, mode="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await until(pilot, lambda: screen.loaded)
        assert screen.data == expected
        assert own_reads == []


async def test_the_checkin_shows_the_childs_records(demo_journal, app_for, monkeypatch):
    assert prefetch.start(demo_journal, "checkin", TODAY, "fr", force=True)
    from cm_coach.tui.screens import checkin

    monkeypatch.setattr(checkin, "load_checkin", lambda *args, **kwargs: pytest.fail("read again"))
    app = app_for(demo_journal, mode="checkin")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await checkin_ready(pilot)
        assert screen.query_one("#recap-title").visual  # yesterday's recap is shown


def test_a_garbled_answer_is_read_again_by_the_screen(demo_journal, monkeypatch):
    monkeypatch.setattr(prefetch, "_read_all", lambda *args: b"\x00 not what was asked")
    assert prefetch.start(demo_journal, "dashboard", TODAY, "fr", force=True)
    assert prefetch.take("dashboard-load", (WEEK, TODAY, "fr")) is None


@pytest.mark.parametrize(
    "named",
    [
        ("record", "os:stat_result"),  # not cm-coach's
        ("record", "cm_coach.tui.prefetch:worth_it"),  # cm-coach's, not a record class
        ("named", "cm_coach.core.dates:date"),  # a class cm-coach imports, not its own record
    ],
)
def test_only_cm_coachs_own_record_classes_are_rebuilt(named):
    with pytest.raises(LookupError):
        prefetch._rebuilt(named)


def test_on_the_ui_thread_the_answer_is_taken_only_once_the_child_has_ended(demo_journal, monkeypatch):
    """The UI thread never waits: while the child reads, ``now`` says nothing and leaves the
    answer for a worker; once the child has ended, ``now`` gives it (no worker needed)."""
    real = prefetch.FIRST_READS["dashboard"]

    def slow(conn, today, lang):
        time.sleep(0.5)
        return real(conn, today, lang)

    monkeypatch.setitem(prefetch.FIRST_READS, "dashboard", slow)
    assert prefetch.start(demo_journal, "dashboard", TODAY, "fr", force=True)
    context = prefetch.Answered("context", (TODAY,), lambda conn: pytest.fail("read again"))
    assert context.now() is None  # still reading
    assert context(None)[0]  # a worker waits for it: the missions
    figures = prefetch.Answered("dashboard-load", (WEEK, TODAY, "fr"), lambda conn: pytest.fail("read again"))
    (found,) = figures.now()  # the child has ended by now: no wait
    assert found.period == WEEK


def test_an_answer_that_is_none_is_an_answer(demo_journal):
    """No timer running: the child's answer is None, and no worker reads it again."""
    assert prefetch.start(demo_journal, "dashboard", TODAY, "fr", force=True)
    timer = prefetch.Answered("timer", (), lambda conn: pytest.fail("read again"))
    assert timer(None) is None


def test_a_whole_answer_fits_in_the_pipe_so_the_child_ends_before_it_is_read(demo_journal):
    assert prefetch.start(demo_journal, "checkin", TODAY, "fr", force=True)
    names = prefetch.Answered("people-names", (), lambda conn: pytest.fail("read again"))
    deadline = time.monotonic() + 60
    found = None
    while found is None and time.monotonic() < deadline:  # polled, as the UI thread would
        found = names.now()
        time.sleep(0.01)
    assert found is not None and len(found[0]) > 10


@pytest.mark.parametrize("mode", ["checkin", "dashboard"])
async def test_an_app_closed_at_its_first_frame_leaves_cleanly(demo_journal, app_for, mode):
    """The child's figures are shown at once after the first frame, and what comes a frame
    later (the check-in's plan, the ideas' buttons) finds the app already leaving: nothing
    is mounted then, and no error ends the app (the benchmark leaves at the first frame)."""
    assert prefetch.start(demo_journal, mode, TODAY, "fr", force=True)
    app = app_for(demo_journal, mode=mode)
    app.after_first_frame(app.exit)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 0


def test_moments_keep_their_time_of_day_across_the_pipe():
    """A datetime is a date too: handed over as a date, a running timer's start lost its time
    and the app crashed on opening (``datetime - date``)."""
    values = [date(2026, 11, 25), datetime(2026, 11, 25, 8, 54, 3), datetime(2026, 11, 25, 8, 54, tzinfo=UTC)]
    rebuilt = prefetch._rebuilt(prefetch._plain(values))
    assert rebuilt == values and [type(value) for value in rebuilt] == [date, datetime, datetime]


async def test_a_timer_running_when_the_app_opens_is_shown_from_the_childs_read(journal, app_for):
    conn = connect(journal)
    try:
        start_timer(conn, "[/] live twitch", now=datetime(2026, 11, 25, 8, 30), mission="Mairie")
    finally:
        conn.close()
    assert prefetch.start(journal, "dashboard", TODAY, "fr", force=True)
    app = app_for(journal, mode="dashboard", now=lambda: datetime(2026, 11, 25, 9, 15))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.timer is not None)
        assert app.timer.started_at == datetime(2026, 11, 25, 8, 30)
        assert app.sub_title == "⏱ 0:45 [/] live twitch · Mairie"
        await settle(pilot)
