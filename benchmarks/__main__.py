"""``python -m benchmarks``: whole-process timings of cm-coach on a 10-year demo journal.

Builds the demo journal once in a temporary folder, then times each command as a whole
process (median of several runs, after one warm-up run), next to ``python -c pass`` as the
floor, with the peak memory (max RSS) of each. Prints a table and writes
``benchmarks/results/latest.json``. Optional: the extra ``bench_*.py`` modules beside this
file, and jrnl / td-watson (the ``bench`` extra) timed on equivalent data.

Options: ``--runs N`` (default 7), ``--years N`` (default 10), ``--quick`` (3 runs, 2 years),
``--keep DIR`` (build in DIR and keep it).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
EXPORT_FORMATS = ("markdown", "html", "csv", "xlsx", "json", "obsidian")
REPORT_TARGET_MS = 400  # issue 14: the client report, whole process, on the 10-year demo
EXTRA_MODULES = ("bench_classify", "bench_judgements", "bench_tui", "bench_dates", "bench_people")
CHECK_TEXT = "répondre aux commentaires sous le post de lundi"


@dataclass
class Timing:
    name: str
    command: str
    median_ms: float | None = None
    min_ms: float | None = None
    runs: int = 0
    peak_rss_mb: float | None = None
    note: str = ""
    samples_ms: list[float] = field(default_factory=list)


def cm_coach_command() -> list[str]:
    """The installed ``cm-coach`` script next to this Python, else ``python -m cm_coach``."""
    script = Path(sys.executable).parent / "cm-coach"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cm_coach"]


def run_once(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int, str]:
    """Wall time (ms), max RSS (MB), exit code and stderr of one whole process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = (time.perf_counter() - start) * 1000
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    rss_mb = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024 / 1024
    return elapsed, rss_mb, process.returncode, message


def measure(
    name: str,
    argv: list[str],
    env: dict[str, str],
    cwd: Path,
    runs: int,
    *,
    before_each=None,
) -> Timing:
    shown = " ".join(Path(argv[0]).name if i == 0 else a for i, a in enumerate(argv))
    timing = Timing(name, shown)
    rss = []
    for attempt in range(runs + 1):  # the first run warms the caches and is not counted
        if before_each:
            before_each()
        elapsed, peak, code, message = run_once(argv, env, cwd)
        if code != 0:
            timing.note = f"n/a (exit {code}: {message.strip().splitlines()[-1][:80] if message else ''})"
            return timing
        if attempt:
            timing.samples_ms.append(round(elapsed, 1))
            rss.append(peak)
    timing.runs = runs
    timing.median_ms = round(statistics.median(timing.samples_ms), 1)
    timing.min_ms = round(min(timing.samples_ms), 1)
    timing.peak_rss_mb = round(max(rss), 1)
    return timing


# --- the demo journal -----------------------------------------------------------------------


def build_demo(folder: Path, years: int, env: dict[str, str]) -> tuple[Path, float]:
    db = folder / "demo.db"
    start = time.perf_counter()
    subprocess.run(
        [*cm_coach_command(), "--db", str(db), "demo", "--years", str(years)],
        env=env,
        cwd=folder,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    conn = sqlite3.connect(db)
    try:
        today = date.today().isoformat()
        now = datetime.now().isoformat(timespec="seconds")
        conn.execute(
            "INSERT OR IGNORE INTO checkins (date, prompt_id, answer, created_at, updated_at)"
            " VALUES (?, 'bench', 'benchmark', ?, ?)",
            (today, now, now),
        )
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return db, seconds


def busiest_mission_last_month(db: Path, month_start: date) -> str:
    """The mission with the most time in the month before ``month_start``: the report timed."""
    end = month_start - timedelta(days=1)
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            "SELECT m.name FROM entries e JOIN missions m ON m.id = e.mission_id WHERE e.date BETWEEN ? AND ?"
            " GROUP BY m.id ORDER BY SUM(e.minutes) DESC LIMIT 1",
            (end.replace(day=1).isoformat(), end.isoformat()),
        ).fetchone()
    finally:
        conn.close()
    return row[0]


def timer_journal(db: Path, folder: Path) -> Path:
    """A copy of the demo journal with a timer running: what a shell prompt asks about."""
    copy = folder / "timer.db"
    shutil.copyfile(db, copy)
    conn = sqlite3.connect(copy)
    try:
        started = datetime.now().isoformat(timespec="seconds")
        conn.execute(
            "INSERT INTO timer (id, task, started_at) VALUES (1, 'répondre aux commentaires', ?)", (started,)
        )
        conn.commit()
    finally:
        conn.close()
    return copy


def journal_facts(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    try:
        count = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        first, last = conn.execute("SELECT min(date), max(date) FROM entries").fetchone()
        people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
        exchanges = conn.execute("SELECT count(*) FROM entry_people").fetchone()[0]
    finally:
        conn.close()
    return {
        "entries": count,
        "first": first,
        "last": last,
        "people": people,
        "exchanges": exchanges,
        "size_mb": round(db.stat().st_size / 2**20, 2),
    }


# --- extras: bench_*.py modules and other tools ----------------------------------------------


def run_extras(db: Path) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for name in EXTRA_MODULES:
        if not (HERE / f"{name}.py").exists():
            found[name] = {"status": "absent"}
            continue
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            run = getattr(module, "run", None)
            if run is None:
                found[name] = {"status": f"present, but no run() -> dict: python -m benchmarks.{name}"}
                continue
            wants_db = "db_path" in inspect.signature(run).parameters
            figures = run(db_path=db) if wants_db else run()
            found[name] = {"title": getattr(module, "TITLE", name), **dict(figures)}
        except Exception as error:  # a broken extra must not hide the other figures
            found[name] = {"status": f"failed: {type(error).__name__}: {error}"}
    return found


def other_tool(name: str) -> str | None:
    """jrnl / watson: on PATH, next to this Python, or in ``CM_COACH_BENCH_BIN``."""
    folders = [os.environ.get("CM_COACH_BENCH_BIN", ""), str(Path(sys.executable).parent)]
    for folder in folders:
        if folder and (Path(folder) / name).exists():
            return str(Path(folder) / name)
    return shutil.which(name)


def measure_pair(ours: tuple, theirs: tuple, cwd: Path, runs: int) -> tuple[Timing, Timing]:
    """Time two commands turn by turn, so that a busy machine slows both alike and the
    ratio stays fair. Each spec is ``(name, argv, env)``."""
    timings = (Timing(ours[0], " ".join(ours[1][1:])), Timing(theirs[0], " ".join(theirs[1][1:])))
    rss: tuple[list[float], list[float]] = ([], [])
    for attempt in range(runs + 1):
        for index, (_name, argv, env) in enumerate((ours, theirs)):
            elapsed, peak, code, message = run_once(argv, env, cwd)
            if code != 0:
                timings[index].note = f"n/a (exit {code}: {message.strip()[-80:]})"
            elif attempt:
                timings[index].samples_ms.append(round(elapsed, 1))
                rss[index].append(peak)
    for timing, peaks in zip(timings, rss, strict=True):
        if timing.samples_ms and not timing.note:
            timing.runs = len(timing.samples_ms)
            timing.median_ms = round(statistics.median(timing.samples_ms), 1)
            timing.min_ms = round(min(timing.samples_ms), 1)
            timing.peak_rss_mb = round(max(peaks), 1)
    return timings


def compare_with_others(
    db: Path, folder: Path, env: dict[str, str], runs: int, month: tuple[date, date]
) -> dict[str, object]:
    """Time jrnl and watson on the same entries as the demo journal, when installed, each
    next to the cm-coach command it is compared with (targets from issue 8)."""
    from benchmarks.others import jrnl_setup, watson_setup

    jrnl = other_tool("jrnl")
    watson = other_tool("watson")
    start, end = month
    results: dict[str, object] = {
        "jrnl": jrnl or "not installed",
        "watson": watson or "not installed",
        "pairs": [],
    }
    cm = cm_coach_command()
    log_db = folder / "compare-log.db"
    shutil.copyfile(db, log_db)
    pairs = []
    if jrnl:
        jrnl_env = jrnl_setup(db, folder / "jrnl", env)
        jrnl_month = (
            "jrnl -from -to --export markdown",
            [jrnl, "-from", start.isoformat(), "-to", end.isoformat(), "--export", "markdown"],
            jrnl_env,
        )
        for fmt in EXPORT_FORMATS:  # issue 14: a month export ≤ 0.3 × jrnl's, in every format
            output = ["-o", str(folder / f"month.{fmt}"), "--force"] if fmt in ("xlsx", "obsidian") else []
            pairs.append(
                (
                    f"export of a month ({fmt})",
                    0.3,
                    (
                        f"cm-coach export --month -f {fmt}",
                        [*cm, "--db", str(db), "export", "--month", "-f", fmt, *output],
                        env,
                    ),
                    jrnl_month,
                    runs,
                )
            )
        # jrnl reads and rewrites the whole 10-year journal for each entry: 3 runs are plenty
        pairs.append(
            (
                "adding an entry",
                0.25,
                (
                    "cm-coach log",
                    [*cm, "--db", str(log_db), "log", "répondre aux commentaires", "-d", "5"],
                    env,
                ),
                ('jrnl "…"', [jrnl, "répondre aux commentaires"], jrnl_env),
                min(runs, 3),
            )
        )
    if watson:
        watson_env = watson_setup(db, folder / "watson", env)
        pairs.append(
            (
                "report of a month",
                0.3,
                ("cm-coach stats --month", [*cm, "--db", str(db), "stats", "--month"], env),
                (
                    "watson report --from --to",
                    [watson, "report", "--from", start.isoformat(), "--to", end.isoformat()],
                    watson_env,
                ),
                runs,
            )
        )
    for what, target, ours, theirs, count in pairs:
        mine, other = measure_pair(ours, theirs, folder, count)
        ratio = round(mine.median_ms / other.median_ms, 2) if mine.median_ms and other.median_ms else None
        results["pairs"].append(
            {
                "what": what,
                "target": target,
                "ratio": ratio,
                "met": ratio is not None and ratio <= target,
                "ours": asdict(mine),
                "theirs": asdict(other),
            }
        )
    return results


def floor_pair(
    what: str, name: str, argv: list[str], env: dict[str, str], folder: Path, runs: int
) -> dict[str, object]:
    """A command against ``python -c pass``, turn by turn: the ratio that issues 15 and 18 set
    at ≤ 5× (how long the interpreter takes to start is the floor no Python tool goes under)."""
    mine, floor = measure_pair(
        (name, argv, env),
        ("python -c pass", [sys.executable, "-c", "pass"], env),
        folder,
        runs,
    )
    ratio = round(mine.median_ms / floor.median_ms, 2) if mine.median_ms and floor.median_ms else None
    return {
        "what": what,
        "target": 5.0,
        "ratio": ratio,
        "met": ratio is not None and ratio <= 5.0,
        "ours": asdict(mine),
        "theirs": asdict(floor),
    }


def people_list_pair(cm: list[str], env: dict[str, str], folder: Path, runs: int) -> dict[str, object]:
    """``people list`` on 5,000 people against ``python -c pass`` (issue 15: ≤ 5×)."""
    return floor_pair(
        "people list (5,000 people) against the interpreter's start",
        "cm-coach people list",
        [*cm, "people", "list"],
        env,
        folder,
        runs,
    )


def check_pair(cm: list[str], env: dict[str, str], folder: Path, runs: int) -> dict[str, object]:
    """``check "…"`` (the model loaded, one task judged) against ``python -c pass`` (issue 18: ≤ 5×)."""
    return floor_pair(
        "check of one task against the interpreter's start",
        'cm-coach check "répondre aux commentaires"',
        [*cm, "check", "répondre aux commentaires"],
        env,
        folder,
        runs,
    )


# --- the run ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="3 runs on 2 years: a smoke test")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it")
    parser.add_argument("--no-others", action="store_true", help="skip jrnl / watson")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.years = 3, 2

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cm-coach-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _run(args, folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _run(args: argparse.Namespace, folder: Path) -> int:
    env = dict(os.environ)
    env.update(
        CM_COACH_DATA_DIR=str(folder / "data"),
        CM_COACH_CONFIG_DIR=str(folder / "config"),
        CM_COACH_CACHE_DIR=str(folder / "cache"),
        CM_COACH_LANG="fr",
        NO_COLOR="1",
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    env.pop("CM_COACH_DB", None)
    env.pop("CM_COACH_TODAY", None)
    print(f"Building a {args.years}-year demo journal in {folder} ...", file=sys.stderr)
    db, build_seconds = build_demo(folder, args.years, env)
    from benchmarks.bench_people import enlarge

    enlarge(db)  # every command below runs with 5,000 people and their exchanges (issue 15)
    facts = journal_facts(db)
    cm = [*cm_coach_command(), "--db", str(db)]
    runs = args.runs
    today = date.today()
    month_start = today.replace(day=1)

    log_db = folder / "log.db"

    def fresh_log_copy() -> None:
        # every `log` run writes into the same 10-year journal, copied once: a realistic size
        if not log_db.exists():
            shutil.copyfile(db, log_db)

    timings = [
        measure("python -c pass (floor)", [sys.executable, "-c", "pass"], env, folder, runs),
        measure("cm-coach --version", [*cm_coach_command(), "--version"], env, folder, runs),
        measure("cm-coach check", [*cm, "check", CHECK_TEXT], env, folder, runs),
        measure("cm-coach checkin --if-needed (done)", [*cm, "checkin", "--if-needed"], env, folder, runs),
        measure(
            "cm-coach status (a timer runs)",
            [*cm_coach_command(), "--db", str(timer_journal(db, folder)), "status"],
            env,
            folder,
            runs,
        ),
        measure("cm-coach stats --month", [*cm, "stats", "--month"], env, folder, runs),
        measure("cm-coach people list (5,000 people)", [*cm, "people", "list"], env, folder, runs),
        measure(
            "cm-coach log",
            [*cm_coach_command(), "--db", str(log_db), "log", "répondre aux commentaires", "-d", "5"],
            env,
            folder,
            runs,
            before_each=fresh_log_copy,
        ),
    ]

    def drop_daily_backup() -> None:
        fresh_log_copy()
        for path in (folder / "backups").glob("log-*-daily.db"):
            path.unlink()

    timings.append(
        measure(
            "cm-coach log, first of the day (+ daily backup)",
            [*cm_coach_command(), "--db", str(log_db), "log", "répondre aux commentaires", "-d", "5"],
            env,
            folder,
            runs,
            before_each=drop_daily_backup,
        )
    )
    for fmt in EXPORT_FORMATS:
        target = folder / "exports" / fmt
        target.parent.mkdir(exist_ok=True)
        output = ["-o", str(target), "--force"]
        timings.append(
            measure(
                f"cm-coach export --month ({fmt})",
                [*cm, "export", "--month", "--format", fmt, *output],
                env,
                folder,
                runs,
            )
        )
    mission = busiest_mission_last_month(db, month_start)
    for fmt in ("pdf", "html"):
        timings.append(
            measure(
                f"cm-coach report --month (last month, {fmt})",
                [
                    *cm,
                    "report",
                    mission,
                    "--month",
                    "le mois dernier",
                    "-o",
                    str(folder / f"report.{fmt}"),
                    "--force",
                ],
                env,
                folder,
                runs,
            )
        )
    extras = run_extras(db)
    others = (
        {"jrnl": "skipped", "watson": "skipped", "pairs": []}
        if args.no_others
        else compare_with_others(db, folder, env, runs, (month_start, today))
    )
    others["pairs"].append(people_list_pair(cm, env, folder, runs))
    others["pairs"].append(check_pair(cm, env, folder, runs))
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "runs": runs,
        "demo": {"years": args.years, "build_seconds": round(build_seconds, 2), **facts},
        "timings": [asdict(t) for t in timings],
        "extras": extras,
        "others": others,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    _print(result, timings)
    return 0


def _machine() -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": f"{platform.system()} {platform.release()}",
        "cpu": cpu,
        "cpus": os.cpu_count(),
    }


def _print(result: dict, timings: list[Timing]) -> None:
    machine = result["machine"]
    demo = result["demo"]
    print(f"cm-coach benchmarks · {result['when']} · Python {machine['python']} · SQLite {machine['sqlite']}")
    print(f"machine: {machine['cpu']} ({machine['cpus']} CPUs), {machine['system']}")
    print(
        f"demo journal: {demo['years']} years, {demo['entries']} entries ({demo['first']} → {demo['last']}), "
        f"{demo['people']} people, {demo['exchanges']} exchanges, "
        f"{demo['size_mb']} MB, built in {demo['build_seconds']} s"
    )
    print()
    width = max(len(t.name) for t in timings)
    print(f"{'command':<{width}}  {'median':>9}  {'min':>9}  {'peak RSS':>9}")
    for t in timings:
        if t.median_ms is None:
            print(f"{t.name:<{width}}  {t.note}")
        else:
            print(f"{t.name:<{width}}  {t.median_ms:>6.1f} ms  {t.min_ms:>6.1f} ms  {t.peak_rss_mb:>6.1f} MB")
    for t in timings:
        if t.name.startswith("cm-coach report") and t.median_ms is not None:
            verdict = "met" if t.median_ms <= REPORT_TARGET_MS else "NOT met"
            print(f"{t.name}: target ≤ {REPORT_TARGET_MS} ms: {verdict}")
    for name, figures in result["extras"].items():
        print()
        print(f"{figures.get('title', name)}:")
        printer = getattr(importlib.import_module(f"benchmarks.{name}"), "print_run", None)
        if printer is not None and "status" not in figures:
            printer(figures)
            continue
        for key, value in figures.items():
            if key != "title":
                print(f"  {key}: {value}")
    print()
    others = result["others"]
    for tool in ("jrnl", "watson"):
        print(f"{tool}: {others[tool]}")
    for pair in others["pairs"]:
        ours, theirs = pair["ours"], pair["theirs"]
        print(f"{pair['what']} (turn by turn, {ours['runs']} runs each):")
        for item in (ours, theirs):
            shown = (
                f"{item['median_ms']:.1f} ms (min {item['min_ms']:.1f})"
                if item["median_ms"]
                else item["note"]
            )
            print(f"  {item['name']:<{width - 2}}  {shown}")
        verdict = "met" if pair["met"] else "NOT met"
        print(f"  ratio cm-coach / other: {pair['ratio']} (target ≤ {pair['target']}: {verdict})")
    print(f"\n(written to {RESULTS / 'latest.json'})")


if __name__ == "__main__":
    raise SystemExit(main())
