"""Helpers for the Pilot tests: wait on real state, never on the clock.

``pilot.pause()`` with no delay waits until the process looks idle, which costs at least
20 ms however little is left to do; ``pilot.pause(0)`` only lets every widget of the
screen handle what is queued. The helpers below loop on the cheap one and look at the
app's state each time, so a test waits exactly as long as the app needs.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

TRIES = 2000  # turns of the event loop: plenty for any screen, and a hang still fails
IDLE_EVERY = 10  # one idle turn in ten at least: timers get real time


def landed(pilot: Pilot) -> bool:
    """The context and the screen's first data are in, and no worker is still going."""
    app = pilot.app
    return (
        getattr(app, "context_ready", True)
        and getattr(app.screen, "loaded", True)
        and all(worker.is_finished for worker in app.workers)
    )


def mounted_whole(screen) -> bool:
    """The screen and every widget in it mounted: what it composed can be queried and set, and
    a test ending now does not close it halfway (a Select closed mid-mount fails in Textual)."""
    return screen.is_mounted and all(widget.is_mounted for widget in screen.walk_children())


async def until(pilot: Pilot, condition: Callable[[], object], tries: int = TRIES) -> None:
    """Let the app run until ``condition()`` holds (a state, not a delay); fail if it never does."""
    for turn in range(1, tries + 1):
        if condition():
            return
        # A worker thread at work keeps the process busy: waiting for idleness waits for it
        # without spinning against it for the interpreter.
        working = any(not worker.is_finished for worker in pilot.app.workers)
        await pilot.pause(None if working or turn % IDLE_EVERY == 0 else 0)
    raise AssertionError("the app never reached the state waited for")


async def settle(pilot: Pilot) -> None:
    """Let the workers (some start just after the first frame) finish and their results land."""
    await until(pilot, lambda: landed(pilot))
    await pilot.pause()  # idle: what the results asked for (refreshes, layouts) is done too


async def checkin_ready(pilot: Pilot):
    """Wait until the check-in screen shows the saved check-in or the draft."""
    from cm_coach.tui.screens.checkin import CheckinScreen

    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CheckinScreen)
    await until(pilot, lambda: screen.ready)
    await settle(pilot)  # the recap's lines and the scroll back to the top land after `ready`
    return screen
