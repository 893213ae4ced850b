"""The batch API gives exactly the verdicts of one task at a time.

``Judge.classify_many`` decides the distinct word sequences of many lines together
(``Model.decide_many``, output by output across the lines) and ``Judge.iter_classify``
shares decisions between lines as they come (``cm-coach check -``); both must answer
every field of every verdict as ``Judge.classify`` does, in both languages.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest

from cm_coach.core import model
from cm_coach.core.boundaries import Correction, Judge, load_categories
from cm_coach.core.features import words

LABELLED = Path(__file__).parent / "data" / "tasks_labelled.tsv"
_ACCENTS = str.maketrans("àâäçéèêëîïôöùûüÀÂÉÈÊÔ", "aaaceeeeiioouuuAAEEEO")


def _labelled() -> list[str]:
    with LABELLED.open(encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle, delimiter="\t")]


def _variants(texts: list[str]) -> list[str]:
    """The labelled tasks as people type them: case, no accents, a typo, punctuation inside
    and around words, a word said twice, two tasks joined, and lines with no word at all."""
    rng = random.Random(18)
    found = list(texts)
    for text in texts:
        found.append(text.upper())
        found.append(text.lower().translate(_ACCENTS))
        tokens = text.split()
        if tokens:
            i = rng.randrange(len(tokens))
            word = tokens[i]
            if len(word) > 4:  # a typo that keeps the first letters (the misspelt-word path)
                tokens[i] = word[:2] + word[3] + word[2] + word[4:]
            found.append(" ".join(tokens) + " — Café des Arts, 14h-15h !")
            found.append(f"« {tokens[-1]} » {text} {tokens[-1]}")
        found.append(f"{text} et {rng.choice(texts).lower()}")
    found += ["", "   ", "?!", "@bob http://x.y", "12345", "ŒUVRE Straße æ", "🎂🎂", "a", "a b"]
    return found


@pytest.fixture(scope="module")
def tasks() -> list[str]:
    return _variants(_labelled())


def _fresh() -> Judge:
    model.shipped_model.cache_clear()  # a model whose caches only these lines fill
    return Judge(load_categories(None))


def _same(expected: list, found: list) -> None:
    assert len(found) == len(expected)
    for one, batch in zip(expected, found, strict=True):
        assert batch == one, one.text
        assert list(vars(batch).items()) == list(vars(one).items()), one.text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_batch_gives_the_verdicts_of_one_task_at_a_time(tasks, lang):
    one_at_a_time = _fresh()  # each judge its own model and caches: nothing shared
    expected = [one_at_a_time.classify(text, lang) for text in tasks]
    _same(expected, _fresh().classify_many(tasks, lang))
    _same(expected, list(_fresh().iter_classify(tasks, lang)))


def test_a_batch_in_several_calls_and_twice_the_same_lines(tasks, monkeypatch):
    one_at_a_time = _fresh()
    expected = [one_at_a_time.classify(text) for text in tasks]
    judge = _fresh()
    monkeypatch.setattr("cm_coach.core.boundaries.BATCH_LINES", 97)  # lines cut into many chunks
    _same(expected, judge.classify_many(tasks))
    _same(expected, judge.classify_many(tasks[::-1])[::-1])  # every verdict known already
    judge._verdicts.clear()
    _same(expected, judge.classify_many(tasks))  # every word sequence decided already


def test_the_model_decides_many_lines_as_it_decides_one(tasks):
    lines = [words(text) for text in tasks]
    one_at_a_time = model.read_model(model.model_path())
    expected = [one_at_a_time.decide_words(found) for found in lines]
    found = model.read_model(model.model_path()).decide_many(lines)
    assert found == expected
    assert list(map(repr, found)) == list(map(repr, expected))  # the same floats


def test_lines_too_long_for_32_bit_sums_are_added_up_in_64_bits(tasks):
    lines = [words(text) for text in tasks[:200]]
    decider = model.read_model(model.model_path())
    decider.decide_many(lines)  # every word's sums known: the heaviest word can be found

    def largest(word: str) -> int:
        lanes = decider._unpack(decider._word_packed[word])[: len(decider._bias)]
        return max(abs(lane - model.LANE_OFFSET) for lane in lanes)

    heaviest = max(decider._word_packed, key=largest)
    # a lane of this line adds up past 2 ** 31: 32-bit lanes would carry into the next
    endless = [heaviest] * (model.NARROW_LIMIT // largest(heaviest) + 2)
    batch = [*lines, endless]
    expected = [model.read_model(model.model_path()).decide_words(found) for found in batch]
    found = decider.decide_many(batch)
    assert list(map(repr, found)) == list(map(repr, expected))


def test_a_batch_follows_the_users_corrections():
    judge = _fresh()
    judge.learn([Correction("préparer le live de jeudi", "community", None, "content")])
    texts = ["préparer le live de jeudi", "Préparer le live de jeudi soir", "gérer les pubs Meta"]
    _same([judge.classify(text) for text in texts], _fresh_with(judge).classify_many(texts))


def _fresh_with(judge: Judge) -> Judge:
    fresh = _fresh()
    fresh.learn(judge.corrections)
    return fresh


def test_check_reads_a_pipe_with_the_batch_path(cli, monkeypatch):
    lines = [
        "veille concurrentielle",
        "factures impayées",
        "VEILLE concurrentielle !",
        "veille concurrentielle",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    piped = cli("check", "--json", "-")
    assert piped.code == 0, piped.err
    one_by_one = [json.loads(cli("check", "--json", line).out) for line in lines]
    assert [json.loads(line) for line in piped.out.splitlines()] == one_by_one
