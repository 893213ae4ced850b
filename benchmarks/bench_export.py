"""Export speed and memory on a 10-year demo journal, each run a whole ``cm-coach`` process.

    python benchmarks/bench_export.py [--years 10] [--runs 7]

Targets (issue 7): one month in each format < 300 ms; (issue 14) the client report ≤ 400 ms; ``--all --format json`` < 5 s; memory
flat (peak RSS of an ``--all`` export barely grows from a 1-year to a 10-year journal).
Figures: median and best wall time of ``--runs`` runs, and the child's peak RSS (wait4).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2026-11-25"
MONTH = "2026-10"
MONTH_TARGET_MS = 300
REPORT_TARGET_MS = 400  # issue 14: the client report, whole process
REPORT_MISSION = "Mairie de Saint-Aubin"  # a demo mission active in MONTH
ALL_JSON_TARGET_S = 5.0


def cm_coach() -> list[str]:
    script = Path(sys.executable).parent / "cm-coach"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cm_coach"]


def run(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (MB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [*cm_coach(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        assert process.stderr is not None
        raise SystemExit(f"failed: cm-coach {' '.join(args)}\n{process.stderr.read().decode()}")
    peak_kb = usage.ru_maxrss  # kilobytes on Linux
    return elapsed, peak_kb // 1024


def measure(args: list[str], env: dict[str, str], runs: int) -> tuple[float, float, int]:
    run(args, env)  # warm the page cache and the day's automatic backup
    times, peaks = [], []
    for _ in range(runs):
        elapsed, peak = run(args, env)
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), min(times), max(peaks)


def make_demo(folder: Path, years: int, env: dict[str, str]) -> Path:
    db = folder / f"demo-{years}y.db"
    subprocess.run(
        [*cm_coach(), "demo", "--years", str(years), "--db", str(db)],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    return db


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cm-coach-bench-"))
    env = {
        **os.environ,
        "CM_COACH_TODAY": TODAY,
        "CM_COACH_DATA_DIR": str(folder / "data"),
        "CM_COACH_CONFIG_DIR": str(folder / "config"),
        "CM_COACH_LANG": "fr",
    }
    ok = True
    try:
        db = make_demo(folder, options.years, env)
        small = make_demo(folder, 1, env)
        print(
            f"journal: {options.years} years of demo data, {db.stat().st_size / 1e6:.1f} MB; {options.runs} runs"
        )
        print(f"{'export':<44} {'median':>9} {'best':>9} {'peak RSS':>9}")
        for label, args in (
            ("(floor) cm-coach --version", ["--version"]),
            ("(reference) entries --month " + MONTH, ["--db", str(db), "entries", "--month", MONTH]),
        ):
            median, best, peak = measure(args, env, options.runs)
            print(f"{label:<44} {median * 1000:7.0f}ms {best * 1000:7.0f}ms {peak:6d} MB")
        for fmt in ("pdf", "html"):
            median, best, peak = measure(
                [
                    "--db",
                    str(db),
                    "report",
                    REPORT_MISSION,
                    "--month",
                    MONTH,
                    "-o",
                    str(folder / f"r.{fmt}"),
                    "--force",
                ],
                env,
                options.runs,
            )
            verdict = "ok" if median * 1000 <= REPORT_TARGET_MS else f"OVER {REPORT_TARGET_MS} ms"
            ok &= median * 1000 <= REPORT_TARGET_MS
            print(
                f"{'report --month ' + MONTH + ' (' + fmt + ')':<44} {median * 1000:7.0f}ms {best * 1000:7.0f}ms {peak:6d} MB  {verdict}"
            )
        for fmt in ("markdown", "html", "csv", "xlsx", "json", "obsidian"):
            out = (
                ["-o", str(folder / "vault")]
                if fmt == "obsidian"
                else ["-o", str(folder / "month.xlsx"), "--force"]
                if fmt == "xlsx"
                else []
            )
            median, best, peak = measure(
                ["--db", str(db), "export", "--month", MONTH, "-f", fmt, *out], env, options.runs
            )
            verdict = "ok" if median * 1000 < MONTH_TARGET_MS else f"OVER {MONTH_TARGET_MS} ms"
            ok &= median * 1000 < MONTH_TARGET_MS
            print(
                f"{'--month ' + MONTH + ' -f ' + fmt:<44} {median * 1000:7.0f}ms {best * 1000:7.0f}ms "
                f"{peak:6d} MB  {verdict}"
            )
        for label, journal in ((f"{options.years}y", db), ("1y", small)):
            for fmt in ("json", "csv", "markdown"):
                median, best, peak = measure(
                    ["--db", str(journal), "export", "--all", "-f", fmt], env, max(1, options.runs // 3)
                )
                line = f"--all -f {fmt} ({label})"
                note = ""
                if fmt == "json" and journal == db:
                    ok &= median < ALL_JSON_TARGET_S
                    note = "ok" if median < ALL_JSON_TARGET_S else f"OVER {ALL_JSON_TARGET_S} s"
                print(f"{line:<44} {median * 1000:7.0f}ms {best * 1000:7.0f}ms {peak:6d} MB  {note}")
        backup = folder / "all.json"
        run(["--db", str(db), "export", "--all", "-f", "json", "-o", str(backup)], env)
        imported = ["--db", str(folder / "imported.db"), "import", str(backup)]
        elapsed, peak = run(imported, env)
        print(f"{'import --all json into an empty journal':<44} {elapsed * 1000:7.0f}ms {'':>9} {peak:6d} MB")
        elapsed, peak = run(imported, env)
        print(
            f"{'same import again (backup + merge, no-op)':<44} {elapsed * 1000:7.0f}ms {'':>9} {peak:6d} MB"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("all targets met" if ok else "some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
