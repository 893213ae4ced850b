"""The one worker path of the screens: run_in_journal, on a real journal file."""

from __future__ import annotations

import threading

from cm_coach.errors import CoachError
from tests.tui.helpers import settle, until


async def test_a_read_superseded_while_it_ran_does_not_land_over_the_newer_one(journal, app_for):
    app = app_for(journal, mode="log")
    landed: list[str] = []
    handed_back: list[object] = []  # the values the worker threads gave back to the UI thread
    started, release = threading.Event(), threading.Event()
    call_from_thread = app.call_from_thread

    def seen_handing_back(callback, *args, **kwargs):
        result = call_from_thread(callback, *args, **kwargs)
        handed_back.append(args[-1])
        return result

    app.call_from_thread = seen_handing_back

    def slow(conn) -> str:
        started.set()
        release.wait(timeout=10)
        return "older"

    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        screen.run_in_journal(slow, landed.append, group="test-read")
        await until(pilot, started.is_set)  # reading, in its thread
        screen.run_in_journal(lambda conn: "newer", landed.append, group="test-read")
        await until(pilot, lambda: landed == ["newer"])
        release.set()  # the older read ends now, after the newer one has landed
        await until(pilot, lambda: "older" in handed_back)
        assert landed == ["newer"]


async def test_every_write_of_a_group_is_answered(journal, app_for):
    app = app_for(journal, mode="log")
    landed: list[str] = []
    async with app.run_test() as pilot:
        await settle(pilot)
        for name in ("first", "second"):
            app.screen.run_in_journal(lambda conn, name=name: name, landed.append, group="w", exclusive=False)
        await until(pilot, lambda: len(landed) == 2)
    assert sorted(landed) == ["first", "second"]


async def test_a_refusal_is_shown_in_the_screens_message_line_in_its_language(journal, app_for):
    def refused(conn):
        raise CoachError("errors.task_empty")

    app = app_for(journal, mode="missions", lang="en")
    async with app.run_test() as pilot:
        await settle(pilot)
        line = app.screen.query_one("#missions-message")
        app.screen.run_in_journal(refused, group="test")
        await until(pilot, lambda: line.has_class("-error"))
        assert "The task is empty" in str(line.render())
