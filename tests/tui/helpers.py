"""Helpers for the Pilot tests: wait on real state, never on the clock."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """Let the workers (some start just after the first frame) finish and their results land."""
    app = pilot.app
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        landed = getattr(app, "context_ready", True) and getattr(app.screen, "loaded", True)
        if landed and not any(w.is_running for w in app.workers):
            break
    await app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Pilot, condition: Callable[[], object], tries: int = 200) -> None:
    """Let the app run until ``condition()`` holds (a state, not a delay); fail if it never does."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("the app never reached the state waited for")


async def checkin_ready(pilot: Pilot):
    """Wait until the check-in screen shows the saved check-in or the draft."""
    from cm_coach.tui.screens.checkin import CheckinScreen

    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CheckinScreen)
    for _ in range(50):
        if screen.ready:
            break
        await pilot.pause(0.02)
    assert screen.ready
    await settle(pilot)  # the recap's lines and the scroll back to the top land after `ready`
    return screen
