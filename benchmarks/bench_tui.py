"""First paint of the app on a 10-year demo journal vs a minimal Textual app (issue 5, point 7).

Each run is a whole process started headless: Python start-up, imports, for the check-in and
the dashboard the real command line (``cm-coach checkin``, ``cm-coach``: parsing, the journal
checked or migrated, the settings read), then the app built, its first screen mounted, laid
out and composed into a frame. "First paint" is the time from
starting the process to that first frame: Textual hands every frame to ``App._display``
(headless, it is then dropped instead of written), so both the minimal app and cm-coach
time-stamp their first call with the monotonic clock the parent started from, then exit.
The whole-process wall time (start-up, first frame, shutdown) is printed beside it.

The data work (recap, tables) must not be what the user waits for: it is read after the
first frame (by a second process meanwhile where it can, see cm_coach.tui.prefetch); the
"data shown" column is the first frame composed once the screen's data has landed in it.

Keys (issue 16, point 7): in one process at 80x24, each key the user presses (Help, the
language switch, the first visit to each section, the dialogs, the timer's start and stop)
is timed from its arrival, as the terminal driver posts it, to the first frame composed
with its result on screen, next to a minimal Textual app's key (a screen pushed) timed the
same way, with the process's CPU time meanwhile (on a loaded machine the wall time waits
for other processes; the CPU time is what a quiet one would take). Target: 100 ms each.

Usage: python benchmarks/bench_tui.py [--runs 7] [--years 10] [--people 5000] [--keys]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 25)
MODES = ("checkin", "dashboard", "log")

# Shared by both child scripts: time-stamp the first frame of the screen we wait for.
FRAME_HOOK = """
import os
import time

def report(ns):
    os.write(1, f"{ns}\\n".encode())  # not print(): Textual captures sys.stdout while it runs

def whole(app, screen):
    \"\"\"The screen is all there: every widget mounted, the footer's keys drawn too (Textual's
    footer gets them a frame late; cm-coach's draws them in one widget, see shown_keys).\"\"\"
    return (
        app.is_mounted
        and screen.is_mounted
        and (
            bool(screen.query("FooterKey"))
            or any(footer.shown_keys() for footer in screen.query("CoachFooter"))
        )
        and all(widget.is_mounted for widget in screen.walk_children())
    )

def hook_first_frame(app, wanted, then):
    \"\"\"Call ``then(ns)`` at the first frame Textual composes with the whole ``wanted`` screen.\"\"\"
    display = app._display  # every frame goes through it; headless, it is then dropped
    seen = []

    def timed_display(screen, renderable):
        display(screen, renderable)
        if renderable is not None and not seen and wanted(screen) and whole(app, screen):
            seen.append(time.monotonic_ns())
            then(seen[0])

    app._display = timed_display
"""

MINIMAL = (
    FRAME_HOOK
    + """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

def painted(ns):
    report(ns)
    app.call_later(app.exit)  # once the app's own start-up step is over, as for cm-coach

app = Minimal()
hook_first_frame(app, lambda screen: True, painted)
app.run(headless=True, size=(80, 24))
"""
)

COACH = (
    FRAME_HOOK
    + """
import sys
from functools import partial

mode, wait, db, how = sys.argv[1], sys.argv[2] == "data", sys.argv[3], sys.argv[4:]

def make_app(*args, **kwargs):
    app = build(*args, **kwargs)

    def painted(ns):
        if not wait:
            report(ns)
            # Not from inside the frame: the first frame can come while the app's own start-up
            # step (mounting Textual's toasts and tooltip) is still going on, which an exit
            # from here breaks off (an error, the process failing).
            app.call_later(app.exit)
            return
        # The first frame composed once the screen's data is in it (and the header's mission):
        # the figures the user sees. Left as the user leaves (Ctrl+Q): by then a section may
        # be being built ahead, which quit lets finish; exit() alone closed it half-built.
        shown = []
        display = app._display

        def data_shown(at):
            if not shown and app.screen.loaded and app.context_ready:
                shown.append(at)
                report(at)
                app.call_later(app.action_quit)

        def next_frames(screen, renderable):
            display(screen, renderable)
            if renderable is not None:
                data_shown(time.monotonic_ns())

        app._display = next_frames
        data_shown(ns)  # already in the first frame

    hook_first_frame(app, lambda screen: getattr(screen, "MODE", None) == mode, painted)
    app.run = partial(app.run, headless=True, size=(80, 24))
    return app

if how[:1] == ["cli"]:  # the way a user opens it: the command, its checks of the journal, the app
    # The app's module hooked as the command imports it, not before: the command does its own
    # work first (it starts the second process that reads the figures before Textual is loaded).
    import importlib.machinery

    class HookApp:
        def find_spec(self, name, path, target=None):
            if name != "cm_coach.tui.app":
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            run_module = spec.loader.exec_module

            def exec_module(module):
                global build
                run_module(module)
                build, module.make_app = module.make_app, make_app

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, HookApp())
    import cm_coach.cli.commands.app as shell

    shell.on_a_terminal = lambda: True  # headless here, as in a terminal for the user
    from cm_coach.cli import main
    sys.exit(main(["--db", db, "--lang", "fr", *how[1:]]))
import cm_coach.tui.app as tui
build = tui.make_app
from datetime import date
from pathlib import Path
make_app(Path(db), "fr", date.fromisoformat(os.environ["CM_COACH_TODAY"]), mode=mode).run()  # no command opens this section first
"""
)

# How each first screen is opened: check-in and dashboard by the command a user types (on a
# journal where today's check-in is done, ``cm-coach`` opens the dashboard); no command
# opens the log first, so that one is built with make_app, as the tests do.
OPENED_BY = {"checkin": ["cli", "checkin"], "dashboard": ["cli"], "log": []}
LABELS = {
    "checkin": "cm-coach checkin",
    "dashboard": "cm-coach (check-in done: dashboard)",
    "log": "log section (app built directly)",
}


def child_env(folder: Path) -> dict[str, str]:
    """The user's own settings (theme, language) must not change the figures."""
    return {
        **os.environ,
        "CM_COACH_TODAY": TODAY.isoformat(),
        "CM_COACH_DATA_DIR": str(folder / "data"),
        "CM_COACH_CONFIG_DIR": str(folder / "config"),
    }


def empty_journal(path: Path) -> Path:
    """No entries, only today's check-in (so that ``cm-coach`` opens the dashboard there too)."""
    from cm_coach.core.checkins import save_checkin
    from cm_coach.models import Checkin
    from cm_coach.store.db import connect

    conn = connect(path)
    try:
        save_checkin(conn, Checkin(TODAY, "any", "", None, None))
    finally:
        conn.close()
    return path


def timed_together(
    commands: dict[str, list[str]], runs: int, env: dict[str, str] | None = None
) -> dict[str, tuple[float, float]]:
    """Median (first frame, whole process) of each command, in seconds. Runs are interleaved
    so that load spikes hit all commands alike. A command whose name ends in "(no frame)"
    paints nothing: its figure is the whole process."""
    frames: dict[str, list[float]] = {name: [] for name in commands}
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, args in commands.items():
            started_ns = time.monotonic_ns()
            done = subprocess.run(args, check=True, capture_output=True, text=True, env=env, timeout=120)
            walls[name].append((time.monotonic_ns() - started_ns) / 1e9)
            lines = done.stdout.split()
            if name.endswith("(no frame)"):
                frames[name].append(walls[name][-1])
            elif not lines:
                raise RuntimeError(f"{name}: no frame was reported ({done.stderr.strip()[-300:]})")
            else:
                frames[name].append((int(lines[-1]) - started_ns) / 1e9)
    return {name: (statistics.median(frames[name]), statistics.median(walls[name])) for name in commands}


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


KEY_TARGET_MS = 100  # issue 16: every key shows its result within 100 ms on a quiet machine

# A minimal Textual app's key, timed the same way in the same process: a screen with a
# line of text and a footer pushed by a key. Its time is the floor of a key on this
# machine at this moment; each key's ratio to it says how much is ours.
MINIMAL_KEY = "minimal app: key pushes a screen"


def _frame_stamper(app):
    """Wrap ``app``'s frame output (headless: dropped) so that a test can wait for the
    first frame composed while a condition holds. Returns ``wait(ready)``: watching frames
    from that call on, an awaitable of the time of that frame, ``time.perf_counter`` clock."""
    import asyncio

    display = app._display  # every frame goes through it (the first-paint figures use it too)
    waiting: list[tuple] = []

    def stamped(screen, renderable):
        display(screen, renderable)
        if renderable is None:
            return
        now = time.perf_counter()
        for item in list(waiting):
            ready, future = item
            if not future.done() and ready():
                future.set_result(now)
                waiting.remove(item)

    app._display = stamped

    def wait(ready):
        # Watched from now on (an ``async def`` would only start watching once awaited:
        # after the frame it was meant to catch).
        future = asyncio.get_running_loop().create_future()
        waiting.append((ready, future))
        return asyncio.wait_for(future, 10)

    return wait


def _whole(app) -> bool:
    """The current screen is all there: every widget mounted, the footer's keys too."""
    screen = app.screen
    return (
        screen.is_mounted
        and all(widget.is_mounted for widget in screen.walk_children())
        and (not screen.query("Footer") or bool(screen.query("FooterKey")))
    )


async def _press(app, wait_frame, key: str, ready) -> tuple[float, float]:
    """Seconds from ``key`` arriving (as the terminal driver posts it) to the first frame
    painted while ``ready()`` holds, and the CPU seconds the process used meanwhile (all its
    threads: on a quiet machine, about the time the user waits)."""
    from textual import events

    frame = wait_frame(ready)
    started, cpu = time.perf_counter(), time.process_time()
    app.post_message(events.Key(key, key if len(key) == 1 else None))
    shown = await frame - started
    return shown, time.process_time() - cpu


async def _settle(app, pilot) -> None:
    """Between keys: the workers done (or dropped for a newer one) and the app idle, the
    sections built ahead too (not timed)."""
    for _ in range(3):
        while not (getattr(app, "built_ahead", True) and all(worker.is_finished for worker in app.workers)):
            await pilot.pause()
        await pilot.pause(0.15)


def _sections(app) -> list:
    """Every section's screen built so far (the benchmark may look inside Textual)."""
    from cm_coach.tui.screens.base import CoachScreen

    return [
        screen for stack in app._screen_stacks.values() for screen in stack if isinstance(screen, CoachScreen)
    ]


def _count_loads() -> None:
    """Count each landing of a section's data (``CoachScreen.loads``). Installed here only
    when the build measured predates it, so that before/after runs wait for the same thing."""
    from cm_coach.tui.screens.base import CoachScreen

    if hasattr(CoachScreen, "loads"):
        return

    def setter(screen, value: bool) -> None:
        screen.loads = screen.loads + 1 if value else 0

    CoachScreen.loads = 0
    CoachScreen.loaded = property(lambda screen: screen.loads > 0, setter)


async def minimal_key(runs: int) -> list[tuple[float, float]]:
    """The floor: a minimal Textual app, a key that pushes a small screen with a footer."""
    from textual.app import App
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Static

    class Shown(Screen):
        BINDINGS = [Binding("escape", "app.pop_screen", "Close")]  # noqa: RUF012

        def compose(self):
            yield Header()
            yield Static("Shown")
            yield Footer()

    class Minimal(App):
        BINDINGS = [Binding("f2", "show", "Show")]  # noqa: RUF012

        def compose(self):
            yield Header()
            yield Static("Hello")
            yield Footer()

        def action_show(self):
            self.push_screen(Shown())

    found = []
    app = Minimal()
    async with app.run_test(size=(80, 24)) as pilot:
        wait_frame = _frame_stamper(app)
        await _settle(app, pilot)
        for _ in range(runs):
            found.append(
                await _press(app, wait_frame, "f2", lambda: isinstance(app.screen, Shown) and _whole(app))
            )
            await _settle(app, pilot)
            await pilot.press("escape")
            await _settle(app, pilot)
    return found


async def key_latencies(db: Path, runs: int) -> dict[str, list[tuple[float, float]]]:
    """In one process per run, 80x24: the time from each key arriving to the first frame
    that shows its result (Help, the language switch, the first visit to each section, the
    dialogs, the timer's start and stop), next to a minimal Textual app's key. Seconds (wall,
    CPU), one list per key. A section's "data shown" is the first frame with its first data."""
    import shutil

    from cm_coach.tui.app import make_app
    from cm_coach.tui.screens.help import HelpScreen
    from cm_coach.tui.screens.people_forms import IdeaFormScreen
    from cm_coach.tui.screens.review import ReviewScreen
    from cm_coach.tui.screens.timer import TimerStartScreen

    found: dict[str, list[tuple[float, float]]] = {}
    _count_loads()

    def record(name: str, seconds: tuple[float, float]) -> None:
        found.setdefault(name, []).append(seconds)

    async def visit(app, pilot, wait_frame, key: str, mode: str) -> None:
        def shown() -> bool:
            return app.current_mode == mode and _whole(app)

        # Data shown: the first frame with data read after the key (a section built ahead
        # already holds some, read back then: shown again, it reads them afresh).
        before = {id(screen): screen.loads for screen in _sections(app)}

        def fresh() -> bool:
            screen = app.screen
            return shown() and getattr(screen, "loads", 1) > before.get(id(screen), 0)

        data = wait_frame(fresh)
        started, cpu = time.perf_counter(), time.process_time()
        record(f"{key} first visit ({mode})", await _press(app, wait_frame, key, shown))
        record(f"{key} {mode}: data shown", (await data - started, time.process_time() - cpu))
        await _settle(app, pilot)

    async def dialog(app, pilot, wait_frame, key: str, name: str, kind) -> None:
        ready = lambda: isinstance(app.screen, kind) and _whole(app)  # noqa: E731
        record(name, await _press(app, wait_frame, key, ready))
        await _settle(app, pilot)

    async def opened_on_dashboard(copy: Path) -> None:
        app = make_app(copy, "fr", TODAY, mode="dashboard", build_ahead=True)
        async with app.run_test(size=(80, 24)) as pilot:
            wait_frame = _frame_stamper(app)
            await _settle(app, pilot)
            for key, mode in (
                ("f3", "log"),
                ("f5", "missions"),
                ("f6", "assessment"),
                ("f7", "people"),
                ("f2", "checkin"),
            ):
                await visit(app, pilot, wait_frame, key, mode)
            await pilot.press("f4")
            await _settle(app, pilot)
            await dialog(app, pilot, wait_frame, "f1", "f1 help", HelpScreen)
            await pilot.press("escape")
            await _settle(app, pilot)
            switched = lambda: app.lang == "en" and app.current_mode == "dashboard" and _whole(app)  # noqa: E731
            record("ctrl+l language", await _press(app, wait_frame, "ctrl+l", switched))
            await _settle(app, pilot)
            await dialog(app, pilot, wait_frame, "f8", "f8 idea dialog", IdeaFormScreen)
            await pilot.press("escape")
            await _settle(app, pilot)
            await dialog(app, pilot, wait_frame, "f10", "f10 weekly review", ReviewScreen)
            await pilot.press("escape")
            await _settle(app, pilot)
            await dialog(app, pilot, wait_frame, "f9", "f9 timer dialog", TimerStartScreen)
            await pilot.press(*"veille")
            started = lambda: app.timer is not None and not isinstance(app.screen, TimerStartScreen)  # noqa: E731
            record("enter timer started", await _press(app, wait_frame, "enter", started))
            await _settle(app, pilot)
            record("f9 timer stopped", await _press(app, wait_frame, "f9", lambda: app.timer is None))
            await _settle(app, pilot)

    async def opened_on_checkin(copy: Path) -> None:
        app = make_app(copy, "fr", TODAY, mode="checkin", build_ahead=True)
        async with app.run_test(size=(80, 24)) as pilot:
            wait_frame = _frame_stamper(app)
            await _settle(app, pilot)
            await visit(app, pilot, wait_frame, "f4", "dashboard")

    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            copy = Path(folder) / "keys.db"
            shutil.copyfile(db, copy)
            found.setdefault(MINIMAL_KEY, []).extend(await minimal_key(1))
            await opened_on_dashboard(copy)
            await opened_on_checkin(copy)
    return found


def print_keys(found: dict[str, list[tuple[float, float]]]) -> None:
    """Each key's median and worst, against the target and the minimal app's key."""
    floor = statistics.median(wall for wall, _cpu in found[MINIMAL_KEY])
    print(
        f"keys, from the key arriving to the frame that shows its result (in process, 80x24,"
        f" median of {len(found[MINIMAL_KEY])} runs; target {KEY_TARGET_MS} ms on a quiet machine;"
        " cpu = the process's CPU time meanwhile, what a quiet machine would take):"
    )
    for key, timings in found.items():
        median = statistics.median(wall for wall, _cpu in timings)
        cpu = statistics.median(cpu for _wall, cpu in timings)
        verdict = "met" if median * 1000 <= KEY_TARGET_MS else "NOT met"
        ratio = "" if key == MINIMAL_KEY else f" {median / floor:4.1f}x minimal,"
        print(
            f"  {key:<34} {median * 1000:5.0f} ms,{ratio} cpu {cpu * 1000:4.0f} ms,"
            f" worst {max(wall for wall, _cpu in timings) * 1000:5.0f} ms  ({verdict})"
        )


def coach_commands(db: Path, empty: Path, *, with_data: bool) -> dict[str, list[str]]:
    python = sys.executable
    commands = {"minimal": [python, "-c", MINIMAL]}
    for mode in MODES:
        how = OPENED_BY[mode]
        commands[f"{mode} empty"] = [python, "-c", COACH, mode, "paint", str(empty), *how]
        commands[f"{mode} paint"] = [python, "-c", COACH, mode, "paint", str(db), *how]
        if with_data:
            commands[f"{mode} data"] = [python, "-c", COACH, mode, "data", str(db), *how]
    return commands


def measure(db: Path, empty: Path, runs: int) -> dict[str, float]:
    """First frames and the frames with the screens' figures (whole headless processes)
    against a minimal Textual app's first frame, and the dashboard's month switch in one
    process. Figures in milliseconds and ratios."""
    import asyncio

    with tempfile.TemporaryDirectory() as folder:
        env = child_env(Path(folder))
        commands = coach_commands(db, empty, with_data=True)
        timed_together(commands, 1, env)  # warm the disk cache (and make the day's backups)
        result = timed_together(commands, runs, env)
    minimal_frame, minimal_wall = result["minimal"]
    figures = {
        "minimal_first_paint_ms": round(minimal_frame * 1000),
        "minimal_process_ms": round(minimal_wall * 1000),
    }
    for mode in MODES:
        frame, wall = result[f"{mode} paint"]
        figures[f"{mode}_first_paint_ms"] = round(frame * 1000)
        figures[f"{mode}_vs_minimal"] = round(frame / minimal_frame, 2)
        figures[f"{mode}_vs_empty_journal"] = round(frame / result[f"{mode} empty"][0], 2)
        figures[f"{mode}_process_ms"] = round(wall * 1000)
        figures[f"{mode}_process_vs_minimal"] = round(wall / minimal_wall, 2)
        data = result[f"{mode} data"][0]  # the frame after the screen's figures have landed
        figures[f"{mode}_data_shown_ms"] = round(data * 1000)
        figures[f"{mode}_data_vs_minimal"] = round(data / minimal_frame, 2)
    switches = asyncio.run(dashboard_switch(db, 12))
    figures["dashboard_month_switch_median_ms"] = round(statistics.median(switches) * 1000)
    figures["dashboard_month_switch_worst_ms"] = round(max(switches) * 1000)
    keys = asyncio.run(key_latencies(db, max(7, runs)))
    figures["keys_ms"] = {
        key: [[round(wall * 1000, 1), round(cpu * 1000, 1)] for wall, cpu in timings]
        for key, timings in keys.items()
    }
    return figures


TITLE = "TUI: first paint against a minimal Textual app, and each key's time (issues 5 and 16)"


def print_run(figures: dict) -> None:
    """For ``python -m benchmarks``: the first paints as ratios, then each key against its target."""
    minimal = figures["minimal_first_paint_ms"]
    print(f"  minimal Textual app: first paint {minimal} ms")
    for mode in MODES:
        print(
            f"  {LABELS[mode]:<36}: first paint {figures[f'{mode}_first_paint_ms']} ms"
            f" = {figures[f'{mode}_vs_minimal']:.2f}x minimal (target 1.2x); its figures shown"
            f" {figures[f'{mode}_data_shown_ms']} ms = {figures[f'{mode}_data_vs_minimal']:.2f}x (target 1.4x)"
        )
    print(
        f"  dashboard month switch: median {figures['dashboard_month_switch_median_ms']} ms,"
        f" worst {figures['dashboard_month_switch_worst_ms']} ms"
    )
    print_keys(
        {
            key: [(wall / 1000, cpu / 1000) for wall, cpu in timings]
            for key, timings in figures["keys_ms"].items()
        }
    )


def journal_day(db_path: Path) -> date:
    """The day of the journal's last check-in: the day the app must believe it is, so that it
    opens on the dashboard (``python -m benchmarks`` builds its journal for the real date)."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        (day,) = conn.execute("SELECT max(date) FROM checkins").fetchone()
    finally:
        conn.close()
    return date.fromisoformat(day) if day else TODAY


def run(db_path: Path, runs: int = 7) -> dict[str, float]:
    """For ``python -m benchmarks``: the same figures on the runner's demo journal."""
    global TODAY  # the runner's journal is built for the real date, not this file's own
    TODAY = journal_day(db_path)

    with tempfile.TemporaryDirectory() as folder:
        empty = empty_journal(Path(folder) / "empty.db")
        return measure(db_path, empty, runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--keys", action="store_true", help="only the keys (no first paints)")
    parser.add_argument(
        "--people",
        type=int,
        default=5000,
        help="people in the journal, with their exchanges (python -m benchmarks has 5,000)",
    )
    options = parser.parse_args()

    from cm_coach.core.demo import generate
    from cm_coach.store.db import connect

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        conn = connect(db)
        started = time.perf_counter()
        counts = generate(conn, years=options.years, today=TODAY)
        conn.close()
        if options.people > counts["people"]:
            try:
                from benchmarks.bench_people import enlarge
            except ImportError:  # run as a script: its folder is on the path
                from bench_people import enlarge

            counts.update(enlarge(db, options.people))  # as python -m benchmarks does (issue 15)
        print(
            f"demo journal: {options.years} years, {counts} ({time.perf_counter() - started:.1f} s to build)"
        )
        if options.keys:
            import asyncio

            with tempfile.TemporaryDirectory() as settings:
                os.environ.update(child_env(Path(settings)))  # the user's settings untouched
                print_keys(asyncio.run(key_latencies(db, options.runs)))
            return 0
        empty = empty_journal(Path(folder) / "empty.db")
        commands = coach_commands(db, empty, with_data=True)
        commands["if-needed (no frame)"] = [
            sys.executable,
            "-m",
            "cm_coach",
            "--db",
            str(db),
            "checkin",
            "--if-needed",
        ]
        env = child_env(Path(folder))
        timed_together(commands, 1, env)  # warm the disk cache (and make the day's backups)
        result = timed_together(commands, options.runs, env)
        minimal, minimal_wall = result["minimal"]
        print(
            f"minimal Textual app (Header, Static, Footer): first paint {minimal * 1000:4.0f} ms"
            f" (whole process {minimal_wall * 1000:.0f} ms)"
        )
        for mode in MODES:
            (paint, wall), data, bare = (
                result[f"{mode} paint"],
                result[f"{mode} data"][0],
                result[f"{mode} empty"][0],
            )
            print(
                f"{LABELS[mode]:<32}: first paint {paint * 1000:4.0f} ms = {paint / minimal:.2f}x minimal,"
                f" {paint / bare:.2f}x on an empty journal; data shown {data * 1000:4.0f} ms"
                f" = {data / minimal:.2f}x minimal (goal 1.4x);"
                f" whole process {wall * 1000:.0f} ms = {wall / minimal_wall:.2f}x"
            )
        print(f"cm-coach checkin --if-needed (done): {result['if-needed (no frame)'][1] * 1000:6.0f} ms")
        print(
            f"(median of {options.runs} interleaved runs, whole processes, headless, 80x24;"
            " first paint = process start to the first frame Textual composes)"
        )
        import asyncio

        switches = asyncio.run(dashboard_switch(db, 12))
        print(
            f"dashboard, month -> previous month repainted (in process, 120x40): median"
            f" {statistics.median(switches) * 1000:.0f} ms, worst {max(switches) * 1000:.0f} ms"
        )
        print_keys(asyncio.run(key_latencies(db, options.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
