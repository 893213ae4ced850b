"""First paint of the app on a 10-year demo journal vs a minimal Textual app (issue 5, point 7).

Each run is a whole process started headless: Python start-up, imports, the app built,
its first screen mounted and painted, then exit. The figure is the median of several runs.
The data work (recap, tables) runs in thread workers and must not be what the user waits
for; the "data shown" column measures until those workers are done too.

Usage: python benchmarks/bench_tui.py [--runs 7] [--years 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 25)

MINIMAL = """
import asyncio
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

async def first_paint(pilot):
    painted = asyncio.get_running_loop().create_future()
    pilot.app.screen.call_after_refresh(painted.set_result, None)
    await painted
    pilot.app.exit()

Minimal().run(headless=True, size=(80, 24), auto_pilot=first_paint)
"""

COACH = """
import asyncio
import sys
from datetime import date
from pathlib import Path
from cm_coach.tui.app import make_app

db, mode, wait = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "data"

async def first_paint(pilot):
    app = pilot.app
    while app.current_mode != mode or not app.screen.is_mounted:
        await asyncio.sleep(0)
    painted = asyncio.get_running_loop().create_future()
    app.screen.call_after_refresh(painted.set_result, None)
    await painted
    if wait:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    pilot.app.exit()

make_app(db, "fr", date(2026, 11, 25), mode=mode).run(headless=True, size=(80, 24), auto_pilot=first_paint)
"""


def timed_together(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time of each command; runs are interleaved so load spikes hit all alike."""
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, args in commands.items():
            started = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True)
            timings[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in timings.items()}


async def dashboard_switch(db: Path, runs: int) -> list[float]:
    """In one process: time from pressing ← (previous month) to the new figures painted."""
    import asyncio

    from cm_coach.tui.app import make_app

    app = make_app(db, "fr", TODAY, mode="dashboard")
    timings = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        for _ in range(runs):
            wanted = screen.period.previous()
            started = time.perf_counter()
            await pilot.press("left")
            while screen.data is None or screen.data.period != wanted:
                await asyncio.sleep(0.001)
            painted = asyncio.get_running_loop().create_future()
            screen.call_after_refresh(painted.set_result, None)
            await painted
            timings.append(time.perf_counter() - started)
    return timings


def measure(db: Path, empty: Path, runs: int) -> dict[str, float]:
    """First paints (whole headless processes) against a minimal Textual app, and the
    dashboard's month switch in one process. Figures in milliseconds and ratios."""
    import asyncio

    python = sys.executable
    commands = {"minimal": [python, "-c", MINIMAL]}
    for mode in ("checkin", "dashboard", "log"):
        commands[f"{mode} empty"] = [python, "-c", COACH, str(empty), mode, "paint"]
        commands[f"{mode} paint"] = [python, "-c", COACH, str(db), mode, "paint"]
    timed_together(commands, 1)  # warm the disk cache
    result = timed_together(commands, runs)
    figures = {"minimal_first_paint_ms": round(result["minimal"] * 1000)}
    for mode in ("checkin", "dashboard", "log"):
        figures[f"{mode}_first_paint_ms"] = round(result[f"{mode} paint"] * 1000)
        figures[f"{mode}_vs_minimal"] = round(result[f"{mode} paint"] / result["minimal"], 2)
        figures[f"{mode}_vs_empty_journal"] = round(result[f"{mode} paint"] / result[f"{mode} empty"], 2)
    switches = asyncio.run(dashboard_switch(db, 12))
    figures["dashboard_month_switch_median_ms"] = round(statistics.median(switches) * 1000)
    figures["dashboard_month_switch_worst_ms"] = round(max(switches) * 1000)
    return figures


def run(db_path: Path, runs: int = 5) -> dict[str, float]:
    """For ``python -m benchmarks``: the same figures on the runner's demo journal."""
    from cm_coach.store.db import connect

    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty.db"
        connect(empty).close()
        return measure(db_path, empty, runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--years", type=int, default=10)
    options = parser.parse_args()

    from cm_coach.core.demo import generate
    from cm_coach.store.db import connect

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        conn = connect(db)
        started = time.perf_counter()
        counts = generate(conn, years=options.years, today=TODAY)
        conn.close()
        print(
            f"demo journal: {options.years} years, {counts} ({time.perf_counter() - started:.1f} s to build)"
        )
        empty = Path(folder) / "empty.db"
        connect(empty).close()
        python = sys.executable
        commands = {"minimal": [python, "-c", MINIMAL]}
        for mode in ("checkin", "dashboard", "log"):
            commands[f"{mode} empty"] = [python, "-c", COACH, str(empty), mode, "paint"]
            commands[f"{mode} paint"] = [python, "-c", COACH, str(db), mode, "paint"]
            commands[f"{mode} data"] = [python, "-c", COACH, str(db), mode, "data"]
        commands["if-needed"] = [python, "-m", "cm_coach", "--db", str(db), "checkin", "--if-needed"]
        timed_together(commands, 1)  # warm the disk cache
        result = timed_together(commands, options.runs)
        minimal = result["minimal"]
        print(f"minimal Textual app (Header, Static, Footer), first paint: {minimal * 1000:6.0f} ms")
        for mode in ("checkin", "dashboard", "log"):
            paint, data, bare = result[f"{mode} paint"], result[f"{mode} data"], result[f"{mode} empty"]
            print(
                f"cm-coach {mode:<9} first paint: {paint * 1000:6.0f} ms = {paint / minimal:.2f}x minimal,"
                f" {paint / bare:.2f}x same screen on an empty journal ({bare * 1000:.0f} ms);"
                f" data shown: {data * 1000:.0f} ms"
            )
        print(f"cm-coach checkin --if-needed (done): {result['if-needed'] * 1000:6.0f} ms")
        print(f"(median of {options.runs} interleaved runs, whole processes, headless, 80x24)")
        import asyncio

        switches = asyncio.run(dashboard_switch(db, 12))
        print(
            f"dashboard, month -> previous month repainted (in process, 120x40): median"
            f" {statistics.median(switches) * 1000:.0f} ms, worst {max(switches) * 1000:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
