"""A long batch on two processes gives exactly the verdicts of one process.

``Judge.classify_many`` and ``Judge.classify_batches`` hand chunks of a long batch to a
forked child (:mod:`cm_coach.core.batch_workers`), each process taking the next one when free. Every field of every verdict,
in the same order, must be what one process gives; a child that fails costs nothing but
time, and no child outlives the batch, even when its reader stops early.

The tests run under pytest-xdist, whose workers have threads of their own: there
:func:`batch_workers.workers` says one process, so the ``two_processes`` fixture says two
(and counts the forks, so that a test cannot pass on the one-process path).
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
from itertools import islice
from pathlib import Path

import pytest

from cm_coach.core import batch_workers, boundaries, model
from cm_coach.core.boundaries import Judge, load_categories

# Python 3.12+ warns when a process with threads forks (xdist's): here the child only
# decides lines and ends with os._exit, as on a user's machine with no other thread.
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")

LABELLED = Path(__file__).parent / "data" / "tasks_labelled.tsv"
_ACCENTS = str.maketrans("àâäçéèêëîïôöùûüÀÂÉÈÊÔ", "aaaceeeeiioouuuAAEEEO")
CLIENTS = ["Café des Arts", "Studio Nova", "Vélo Vert", "BrewCo", "Hôtel du Lac", "Pixel Games", "FitLab"]
ENDINGS = ["", " pour {client}", " — {client}, 14h-15h !", " (suite)", " by Friday", " #{n}", " asap ?!"]


def _labelled() -> list[str]:
    with LABELLED.open(encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle, delimiter="\t")]


def _many(size: int) -> list[str]:
    """``size`` lines as people type them (case, accents, typos, clients, joined tasks,
    punctuation), some said twice, and lines with no word at all."""
    rng = random.Random(9)
    base = _labelled()
    found = ["", "   ", "?!", "@bob http://x.y", "12345", "ŒUVRE Straße æ", "🎂🎂", "a", "a b"]
    while len(found) < size:
        text = rng.choice(base)
        if rng.random() < 0.15:
            text += " et " + rng.choice(base).lower()
        if rng.random() < 0.2:
            text = text.translate(_ACCENTS)
        if rng.random() < 0.2:
            tokens = text.split()
            i = rng.randrange(len(tokens))
            if len(tokens[i]) > 4:
                tokens[i] = tokens[i][:2] + tokens[i][3] + tokens[i][2] + tokens[i][4:]
            text = " ".join(tokens)
        text = rng.choice([str.lower, str.upper, str.strip, str.capitalize])(text)
        found.append(text + rng.choice(ENDINGS).format(client=rng.choice(CLIENTS), n=rng.randrange(500)))
        if rng.random() < 0.05:
            found.append(rng.choice(found))  # a line said again, maybe in another chunk
    return found[:size]


@pytest.fixture(scope="module", autouse=True)
def small_chunks():
    """Chunks of 500 lines (5,000 for users): the same dealing between the processes,
    every case met, on a tenth of the lines (the suite's time)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(boundaries, "BATCH_LINES", 500)
        patch.setattr(batch_workers, "_SHORTEST_HALF", 50)
        yield


@pytest.fixture(scope="module")
def tasks(small_chunks) -> list[str]:
    return _many(2_300)


@pytest.fixture(scope="module")
def expected(tasks, small_chunks) -> list:
    """The verdicts of ``tasks`` decided by one process, chunk by chunk."""
    return _one_process(tasks)


@pytest.fixture(scope="module")
def some(tasks) -> list[str]:
    """Enough lines for a pair of chunks and a last one."""
    return tasks[: 2 * boundaries.BATCH_LINES + boundaries.BATCH_LINES // 5]


def _fresh() -> Judge:
    model.shipped_model.cache_clear()  # a model whose caches only these lines fill
    return Judge(load_categories(None))


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """The children forked by the batch (their pids), counted in this process."""
    found: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            found.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    return found


@pytest.fixture
def two_processes(monkeypatch, forks) -> list[int]:
    """Two processes, as on a user's machine (xdist's threads would say one), but
    ``CM_COACH_BATCH_WORKERS=1`` still says one."""
    monkeypatch.setattr(
        batch_workers,
        "workers",
        lambda: 1 if os.environ.get(batch_workers.WORKERS_VARIABLE) == "1" else 2,
    )
    return forks


def _same(expected: list, found: list) -> None:
    assert len(found) == len(expected)
    for one, other in zip(expected, found, strict=True):
        assert list(vars(other).items()) == list(vars(one).items()), one.text


def _no_child_left() -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def _one_process(tasks: list[str], lang: str = "fr") -> list:
    judge = _fresh()
    found = []
    for chunk in boundaries._batches(tasks, boundaries.BATCH_LINES):
        found += judge._classify_chunk(chunk, lang)
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_two_processes_give_the_verdicts_of_one(tasks, expected, lang, two_processes):
    expected = expected if lang == "fr" else _one_process(tasks, lang)
    _same(expected, _fresh().classify_many(tasks, lang))
    assert len(two_processes) == 1  # one child for the whole batch
    _same(expected, list(_fresh().classify_batches(iter(tasks), lang)))
    assert len(two_processes) == 2
    _no_child_left()


def test_the_parents_caches_stay_right(tasks, two_processes):
    judge = _fresh()
    found = judge.classify_many(tasks)
    assert two_processes
    child_chunk = tasks[boundaries.BATCH_LINES : 2 * boundaries.BATCH_LINES]  # the child decided it
    last = {text: row for row, text in enumerate(tasks)}
    for text in child_chunk[:50]:
        # the same verdict back, from the cache (the same object only within one process: a
        # text met by both processes has one verdict object in each, equal in every field)
        assert list(vars(judge.classify(text)).items()) == list(vars(found[last[text]]).items())
    _same(found, judge.classify_many(tasks))  # every verdict known now
    one_at_a_time = _fresh()
    _same(found[boundaries.BATCH_LINES :][:300], [one_at_a_time.classify(text) for text in child_chunk[:300]])


def test_a_short_batch_stays_in_one_process(tasks, two_processes):
    expected = _one_process(tasks[: boundaries.BATCH_LINES])
    _same(expected, _fresh().classify_many(tasks[: boundaries.BATCH_LINES]))
    assert two_processes == []
    odd = tasks[: 2 * boundaries.BATCH_LINES + 7]  # a pair, then a last chunk of 7 lines
    _same(_one_process(odd), _fresh().classify_many(odd))
    assert len(two_processes) == 1


def test_one_process_when_asked(some, expected, two_processes, monkeypatch):
    monkeypatch.setenv(batch_workers.WORKERS_VARIABLE, "1")
    _same(expected[: len(some)], _fresh().classify_many(some))
    assert two_processes == []


def _crash(verdicts):
    raise RuntimeError("the child's work failed")


def _die(verdicts):
    os.kill(os.getpid(), signal.SIGKILL)


def _garble(verdicts):
    return b"\x00not marshal at all"


def _cut_short(verdicts, packed=batch_workers._packed):
    return packed(verdicts)[:-40]


def _wrong_lines(verdicts, packed=batch_workers._packed):
    return packed(verdicts[:-1])


@pytest.mark.parametrize("sabotage", [_crash, _die, _garble, _cut_short, _wrong_lines])
def test_a_child_that_fails_loses_nothing(some, expected, sabotage, two_processes, monkeypatch):
    monkeypatch.setattr(batch_workers, "_packed", sabotage)
    _same(expected[: len(some)], _fresh().classify_many(some))
    _same(expected[: len(some)], list(_fresh().classify_batches(iter(some))))
    assert len(two_processes) == 2
    _no_child_left()


def test_no_fork_today_loses_nothing(some, expected, two_processes, monkeypatch):
    def refused() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    _same(expected[: len(some)], _fresh().classify_many(some))
    _no_child_left()


def test_a_reader_that_stops_early_leaves_no_child(tasks, two_processes):
    given = _fresh().classify_batches(iter(tasks))
    first = list(islice(given, 10))
    assert os.waitpid(-1, os.WNOHANG) == (0, 0)  # the child is alive, waiting for work
    given.close()  # ``check - < FILE | head``
    _no_child_left()
    assert [verdict.text for verdict in first] == tasks[:10]


def test_an_interrupted_batch_leaves_no_child(tasks, two_processes, monkeypatch):
    parent, decide = os.getpid(), Judge._classify_chunk
    calls = []

    def interrupted(self, texts, lang):
        if os.getpid() == parent:
            calls.append(len(texts))
            if len(calls) == 2:
                raise KeyboardInterrupt  # Ctrl-C while the child decides its chunk
        return decide(self, texts, lang)

    monkeypatch.setattr(Judge, "_classify_chunk", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _fresh().classify_many(tasks)
    assert calls == [boundaries.BATCH_LINES] * 2
    assert len(two_processes) == 1
    _no_child_left()


def test_workers_two_only_where_safe(monkeypatch):
    import threading

    monkeypatch.delenv(batch_workers.WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert batch_workers.workers() == 2
    monkeypatch.setenv(batch_workers.WORKERS_VARIABLE, "1")
    assert batch_workers.workers() == 1
    monkeypatch.delenv(batch_workers.WORKERS_VARIABLE)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert batch_workers.workers() == 1  # one CPU: nothing to share
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert batch_workers.workers() == 1  # another thread (the app's): never fork
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.delattr(os, "fork")
    assert batch_workers.workers() == 1


def test_check_a_long_file_prints_the_same_with_one_process(cli, some, two_processes, monkeypatch, tmp_path):
    source = tmp_path / "tasks.txt"
    lines = [text for text in some if text.strip()]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def checked(*args: str) -> str:
        with source.open(encoding="utf-8") as stdin:
            monkeypatch.setattr("sys.stdin", stdin)
            boundaries._judges.clear()  # a fresh process's judge
            result = cli("check", *args, "-")
        assert result.code == 0, result.err
        return result.out

    two = checked("--json"), checked()
    assert len(two_processes) == 2
    monkeypatch.setenv(batch_workers.WORKERS_VARIABLE, "1")
    assert (checked("--json"), checked()) == two
    assert len(two_processes) == 2  # no fork with one process
    assert [json.loads(line)["text"] for line in two[0].splitlines()] == [line.strip() for line in lines]


def test_a_last_chunk_alone_is_cut_in_halves(tasks, expected, two_processes, monkeypatch):
    parent, decide = os.getpid(), Judge._classify_chunk
    here: list[int] = []

    def counted(self, texts, lang):
        if os.getpid() == parent:
            here.append(len(texts))
        return decide(self, texts, lang)

    monkeypatch.setattr(Judge, "_classify_chunk", counted)
    chunk = boundaries.BATCH_LINES
    lines = tasks[: 2 * chunk + 3 * chunk // 5]  # two chunks, then a last one of 3/5 of a chunk
    _same(expected[: len(lines)], _fresh().classify_many(lines))
    assert here == [chunk, 3 * chunk // 10]  # the child decided the other chunk and half the last
    assert len(two_processes) == 1
