"""What hostile text costs the date and duration parsers, next to what normal text costs.

    python -m benchmarks.bench_dates

The tests check *why* hostile input stays cheap (long text is refused before any regex runs,
and every pattern has bounded repetition: ``tests/test_dates.py``); this measures *how*
cheap, as a ratio, so that a slow machine and a fast one give the same verdict. Each figure
is the median of several rounds, every parser called once per string in each round, turn by
turn with the other set so that a busy machine slows both alike.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TITLE = "date and duration parsers: hostile text against normal text"
TODAY = date(2026, 11, 25)
ROUNDS = 31

NORMAL = [
    "24/11/2026",
    "2026-11-24",
    "hier",
    "lundi dernier",
    "3 novembre",
    "1h30",
    "45",
    "1,5h",
    "novembre 2026",
    "semaine 48",
]
HOSTILE = [
    "1" * 100_000,
    "1h" * 50_000,
    "a" * 100_000,
    "1/" * 50_000,
    "9" * 99 + "x",
    "1 " * 49 + "h",
    "avant-" * 16 + "hier",
]


def _round(parsers, texts) -> float:
    """Seconds per call, over every parser and every text once (a refusal is an answer too)."""
    from cm_coach.errors import CoachError

    start = time.perf_counter()
    for parse in parsers:
        for text in texts:
            with contextlib.suppress(CoachError):
                parse(text)
    return (time.perf_counter() - start) / (len(parsers) * len(texts))


def run() -> dict:
    from cm_coach.core.dates import parse_date, parse_duration, parse_month, parse_week

    parsers = (
        lambda text: parse_date(text, TODAY),
        parse_duration,
        lambda text: parse_month(text, TODAY),
        lambda text: parse_week(text, TODAY),
    )
    normal, hostile = [], []
    for _ in range(ROUNDS + 1):  # the first round warms re's pattern cache and is not counted
        normal.append(_round(parsers, NORMAL))
        hostile.append(_round(parsers, HOSTILE))
    normal_us = statistics.median(normal[1:]) * 1e6
    hostile_us = statistics.median(hostile[1:]) * 1e6
    return {
        "normal_us_per_call": round(normal_us, 2),
        "hostile_us_per_call": round(hostile_us, 2),
        "ratio_hostile_to_normal": round(hostile_us / normal_us, 2),
    }


def main() -> None:
    figures = run()
    print(TITLE)
    for key, value in figures.items():
        print(f"  {key}: {value}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
