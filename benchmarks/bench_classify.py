"""How fast the role-boundary classifier is (issue 3, point 7). Not a timed test: run it.

    python benchmarks/bench_classify.py          # prints the figures
    python -c "from benchmarks.bench_classify import run; print(run())"

Figures:
* ``import``: importing the classifier module in a fresh interpreter, then reading the
  catalogue and building the index, each the median of a few fresh processes;
* ``live``: one task at a time on a warm classifier (what the log screen does while the
  user types): median and p99 per task;
* ``batch``: 100,000 tasks through a fresh classifier and its batch API
  (``Judge.classify_many``, what ``cm-coach check - < FILE`` and imports use: the model
  decides the lines' distinct word sequences together), on two processes where the machine
  allows it (as users get it) and on one (``CM_COACH_BATCH_WORKERS=1``), in two mixes: every
  string distinct, and a realistic mix where people re-log the same tasks now and then;
* ``process``: ``cm-coach check "…"`` as a whole process, median of 10 (bytecode allowed,
  as in an installed package).

The tasks are generated from labelled lines (tests/data/tasks_labelled.tsv) with the
variations people type: case, missing accents, a typo, a client name, a deadline, a
prefix, two tasks joined by "et"/"and". No numpy: everything is the standard library.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "data" / "tasks_labelled.tsv"
BATCH_SIZE = 100_000

CLIENTS = [
    "Maison Dupont",
    "Boulangerie Paul",
    "Atelier Lila",
    "Café des Arts",
    "Studio Nova",
    "Vélo Vert",
    "Mairie de Lyon",
    "Asso Les Colibris",
    "Green Shoes",
    "BrewCo",
    "Kidz Club",
    "La Fabrique",
    "Olga Cosmetics",
    "Nordic Gear",
    "Pixel Games",
    "Le Petit Marché",
    "Yoga Flow",
    "TechForGood",
    "Fromagerie Martin",
    "Ocean Surf",
    "Librairie Page",
    "Bistro 21",
    "Cycles Henri",
    "Mode Éthique",
    "DataPulse",
    "Le Club Rando",
    "Sweet Bakery",
    "Urban Plants",
    "Hôtel du Lac",
    "FitLab",
]
DEADLINES = [
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "demain",
    "ce soir",
    "Monday",
    "Friday",
    "tomorrow",
    "EOD",
    "fin de semaine",
    "12/03",
    "le 15",
    "avant midi",
    "next week",
]
PREFIXES = ["", "", "", "", "urgent : ", "TODO ", "- ", "• ", "ce matin : ", "today: ", "[prio] ", "suite : "]
SUFFIXES = [
    "",
    "",
    "",
    " pour {client}",
    " for {client}",
    " avant {deadline}",
    " by {deadline}",
    " ({minutes} min)",
    " — {client}",
    " #{ticket}",
    " (suite)",
    " asap",
    " ({client}, {deadline})",
]
_ACCENTS = str.maketrans("àâäçéèêëîïôöùûüÀÂÉÈÊÔ", "aaaceeeeiioouuuAAEEEO")


def labelled_texts() -> list[str]:
    with LABELLED.open(encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle, delimiter="\t")]


def _typo(text: str, rng: random.Random) -> str:
    words = text.split()
    long_words = [i for i, word in enumerate(words) if len(word) >= 6]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word = words[i]
    j = rng.randrange(2, len(word) - 1)  # typos keep the first letters
    words[i] = word[: j - 1] + word[j] + word[j - 1] + word[j + 1 :]
    return " ".join(words)


def variant(base: list[str], rng: random.Random) -> str:
    """One task as a person might type it, built from a labelled one."""
    text = rng.choice(base)
    if rng.random() < 0.1:
        text += rng.choice([" et ", " and ", ", puis ", " + "]) + rng.choice(base).lower()
    if rng.random() < 0.15:
        text = text.translate(_ACCENTS)
    if rng.random() < 0.1:
        text = _typo(text, rng)
    case = rng.random()
    if case < 0.3:
        text = text.lower()
    elif case < 0.4:
        text = text[:1].upper() + text[1:]
    suffix = rng.choice(SUFFIXES).format(
        client=rng.choice(CLIENTS),
        deadline=rng.choice(DEADLINES),
        minutes=rng.choice([15, 20, 30, 45, 60, 90]),
        ticket=rng.randrange(1, 500),
    )
    return rng.choice(PREFIXES) + text + suffix


def all_distinct(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    base = labelled_texts()
    seen: dict[str, None] = {}
    while len(seen) < n:
        seen.setdefault(variant(base, rng), None)
    return list(seen)


def realistic(n: int, seed: int = 4) -> list[str]:
    """Half the tasks are re-logged from a pool of recent ones, the rest are new variants."""
    rng = random.Random(seed)
    base = labelled_texts()
    pool = [variant(base, rng) for _ in range(5_000)]
    return [rng.choice(pool) if rng.random() < 0.5 else variant(base, rng) for _ in range(n)]


def _fresh_classifier():
    """A new judge, as a new process gets it: catalogue and model read, no task seen yet."""
    from cm_coach.core import features
    from cm_coach.core.boundaries import Judge, load_categories
    from cm_coach.core.model import shipped_model

    shipped_model.cache_clear()
    if hasattr(features, "TOKEN_WORDS"):  # the words of each token met, kept per process
        features.TOKEN_WORDS.clear()
    return Judge(load_categories(None))


def batch(tasks: list[str], rounds: int = 3) -> dict:
    """Each round uses a fresh classifier (nothing seen yet) and classifies ``tasks`` in one
    call of the batch API, ``Judge.classify_many`` (the same verdicts as ``classify`` one
    task at a time: tests/test_classify_many.py), as users get it (two processes where the
    machine allows it and ``CM_COACH_BATCH_WORKERS`` does not say 1: ``workers``) and forced
    to one process (``CM_COACH_BATCH_WORKERS=1``), the two kinds of round alternated. The
    best round is the figure (as timeit does: other processes only ever slow a round down);
    CPU time (this process and its child) shows how much of the wall time the batch really
    ran."""
    from cm_coach.core.batch_workers import WORKERS_VARIABLE, workers

    runs: dict[str | None, tuple[list[float], list[float]]] = {"1": ([], []), None: ([], [])}
    for _ in range(rounds):
        for forced, (walls, cpus) in runs.items():  # None: the environment as it is
            with _workers_variable(WORKERS_VARIABLE, forced):
                engine = _fresh_classifier()
                wall, cpu = time.perf_counter(), _cpu_seconds()
                engine.classify_many(tasks)
                walls.append(time.perf_counter() - wall)
                cpus.append(_cpu_seconds() - cpu)
    figures: dict = {"tasks": len(tasks), "distinct": len(set(tasks)), "workers": workers()}
    for forced, suffix in (("1", "_one_process"), (None, "")):
        walls, cpus = runs[forced]
        best = min(walls)
        figures.update(
            {
                f"seconds{suffix}": round(best, 3),
                f"tasks_per_s{suffix}": round(len(tasks) / best),
                f"tasks_per_s{suffix}_median_round": round(len(tasks) / statistics.median(walls)),
                f"tasks_per_cpu_s{suffix}": round(len(tasks) / min(cpus)),
            }
        )
    figures["target_tasks_per_s"] = 50_000  # issue 18, point 9: the batch as users get it
    return figures


@contextmanager
def _workers_variable(name: str, value: str | None) -> Iterator[None]:
    """The environment variable ``name`` set to ``value`` for a while (``None``: as it is)."""
    before = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        os.environ.pop(name, None)
        if before is not None:
            os.environ[name] = before


def _cpu_seconds() -> float:
    """CPU time of this process and of its ended children (the batch's child)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def live(n: int = 3_000) -> dict:
    """Per-call latency on a warm classifier (catalogue loaded, vocabulary seen)."""
    engine = _fresh_classifier()
    for text in labelled_texts():
        engine.classify(text)
    tasks = all_distinct(n, seed=5)
    timings = []
    for task in tasks:
        start = time.perf_counter_ns()
        engine.classify(task)
        timings.append(time.perf_counter_ns() - start)
    timings.sort()
    return {
        "tasks": n,
        "median_ms": round(statistics.median(timings) / 1e6, 4),
        "p99_ms": round(timings[int(len(timings) * 0.99)] / 1e6, 4),
        "max_ms": round(timings[-1] / 1e6, 3),
    }


def _environment(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc
    env.update(
        CM_COACH_DATA_DIR=str(tmp / "data"),
        CM_COACH_CONFIG_DIR=str(tmp / "config"),
        CM_COACH_CACHE_DIR=str(tmp / "cache"),
        NO_COLOR="1",
    )
    return env


def _median_run(argv: list[str], env: dict[str, str], repeat: int) -> float:
    return statistics.median(_runs(argv, env, repeat))


def _runs(argv: list[str], env: dict[str, str], repeat: int) -> list[float]:
    subprocess.run(argv, env=env, capture_output=True, check=True)  # warm: bytecode, caches
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def model_load(repeat: int = 15) -> dict:
    """Reading the model file into a ready model, in process (median and best of ``repeat``)."""
    from cm_coach.core import model

    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        model.read_model(model.model_path())
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(statistics.median(timings), 2),
        "best_ms": round(min(timings), 2),
        "file_kib": round(model.model_path().stat().st_size / 1024),
    }


def import_cost(repeat: int = 7) -> dict:
    """Fresh interpreters: importing the module, then getting a ready judge with the
    content's parse cache warm (the usual case) and with no cache at all (first run)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = _environment(Path(tmp))
        python = [sys.executable, "-c"]
        build = "from cm_coach.core.boundaries import classifier; classifier(None)"
        bare = _median_run([*python, "pass"], env, repeat)
        module = _median_run([*python, "import cm_coach.core.boundaries"], env, repeat)
        warm = _median_run([*python, build], env, repeat)
        cold = _median_run([*python, build], {**env, "CM_COACH_NO_CACHE": "1"}, repeat)
        loaded = subprocess.run(
            [*python, build + "; import sys; print('numpy' in sys.modules, 'rapidfuzz' in sys.modules)"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    return {
        "python_ms": round(bare, 1),
        "import_module_ms": round(module - bare, 1),
        "ready_warm_cache_ms": round(warm - bare, 1),
        "ready_no_cache_ms": round(cold - bare, 1),
        "numpy_loaded": loaded[0] == "True",
        "rapidfuzz_loaded_when_warm": loaded[1] == "True",
    }


def process(repeat: int = 10) -> dict:
    executable = shutil.which("cm-coach") or str(Path(sys.executable).with_name("cm-coach"))
    argv = [executable, "check", "gérer le budget des campagnes Facebook Ads"]
    with tempfile.TemporaryDirectory() as tmp:
        env = _environment(Path(tmp))
        timings = _runs(argv, env, repeat)
        bare = _median_run([sys.executable, "-c", "pass"], env, repeat)
        textual = subprocess.run(
            [sys.executable, "-X", "importtime", executable, "check", "réunion"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        ).stderr
    return {
        "command": f'cm-coach check "{argv[-1]}"',
        "median_ms": round(statistics.median(timings), 1),
        "best_ms": round(min(timings), 1),
        "bare_python_ms": round(bare, 1),
        "ratio_to_python": round(statistics.median(timings) / bare, 2),
        "target_ratio": 5.0,  # issue 18, point 9
        "imports_textual": "textual" in textual,
        "imports_numpy": "numpy" in textual,
    }


def run() -> dict:
    return {
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "import": import_cost(),
        "model_load": model_load(),
        "live": live(),
        "batch_all_distinct": batch(all_distinct(BATCH_SIZE)),
        "batch_realistic": batch(realistic(BATCH_SIZE)),
        "process": process(),
    }


def main() -> None:
    figures = run()
    imp, liv, proc = figures["import"], figures["live"], figures["process"]
    print(
        f"import      module {imp['import_module_ms']} ms; classifier ready {imp['ready_warm_cache_ms']} ms "
        f"(index cache warm), {imp['ready_no_cache_ms']} ms (no cache); bare python {imp['python_ms']} ms; "
        f"numpy loaded: {imp['numpy_loaded']}, rapidfuzz loaded: {imp['rapidfuzz_loaded_when_warm']}"
    )
    load = figures["model_load"]
    print(
        f"model load  median {load['median_ms']} ms, best {load['best_ms']} ms "
        f"({load['file_kib']} KiB; target 15 ms)"
    )
    print(
        f"live        median {liv['median_ms']} ms, p99 {liv['p99_ms']} ms, max {liv['max_ms']} ms "
        f"over {liv['tasks']} distinct tasks (target < 1 ms)"
    )
    for name in ("batch_all_distinct", "batch_realistic"):
        b = figures[name]
        print(
            f"{name:<19} {b['tasks_per_s']:,} tasks/s best of 3 on {b['workers']} processes "
            f"(median round {b['tasks_per_s_median_round']:,}, {b['tasks_per_cpu_s']:,} per CPU-second; "
            f"target 50,000); one process {b['tasks_per_s_one_process']:,} tasks/s "
            f"(median round {b['tasks_per_s_one_process_median_round']:,}, "
            f"{b['tasks_per_cpu_s_one_process']:,} per CPU-second); {b['tasks']:,} tasks, {b['distinct']:,} distinct"
        )
    print(
        f"process     {proc['command']}: median {proc['median_ms']} ms of 10, best {proc['best_ms']} ms "
        f"= {proc['median_ms'] / proc['bare_python_ms']:.1f}× bare python {proc['bare_python_ms']} ms "
        f"(target ≤ 5×); imports textual: "
        f"{proc['imports_textual']}, numpy: {proc['imports_numpy']}"
    )
    print(f"(load average when started: {figures['load_average']})")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
