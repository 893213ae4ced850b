"""The judgement model's fast path gives the answers its plain definition gives.

The run-time model adds packed integers word by word, caches every word and pair it meets,
and folds text with translation tables; the definition is simpler: the scaled feature
counts of :func:`cm_coach.core.features.line_features` times the weights, plus the biases.
Both are computed here for corpus lines and compared, so that a speed-up that changes an
answer fails a test (the blind set was measured on these answers).
"""

from __future__ import annotations

import math
import random
import unicodedata
from itertools import pairwise

import pytest

from cm_coach.core import features, model
from cm_coach.core.boundaries import Verdict, _verdict, classifier
from cm_coach.record import FrozenRecordError
from training.corpus_io import corpus_files

LINES_CHECKED = 400
TOLERANCE = 1e-9


def _sample_lines() -> list[str]:
    texts = []
    for path in corpus_files():
        with path.open(encoding="utf-8") as handle:
            texts += [line.split("\t", 1)[0] for line in list(handle)[1:]]
    rng = random.Random(18)
    picked = rng.sample(texts, LINES_CHECKED)
    # typos (the misspelt-word path), capitals, repeated words, marks, nothing at all
    return [*picked, "moderaton discrod", "RÉPONDRE RÉPONDRE aux coms", "@lea www.x.fr 14h-15h", "", "?!"]


def _reference_scores(shipped: model.Model, text: str) -> tuple[list[float], int]:
    """Every output's score, from the feature dictionary and the weights looked up by name."""
    width = len(shipped.families) + len(shipped.categories) + len(shipped.activities)
    totals = [0.0] * width
    known = 0
    for word in features.words(text):
        if f"w:{word}" in shipped._index or shipped._stand_in_for(word):
            known += 1
    for name, value in features.line_features(text).items():
        if name.startswith("w:") and name not in shipped._index:
            stand_in = shipped._stand_in_for(name[2:])  # a misspelt word counts as the known one
            name = f"w:{stand_in}" if stand_in else name
        row = shipped._row(name)
        if row is None:
            continue
        factor = model.WORD_WEIGHT if name.startswith(("w:", "b:")) else 1.0
        for column, weight in enumerate(row):
            totals[column] += value * weight * factor
    scale = shipped.header["scale"]
    return [bias + total * scale for bias, total in zip(shipped.header["bias"], totals, strict=True)], known


@pytest.fixture(scope="module")
def shipped() -> model.Model:
    return model.read_model(model.model_path())  # its own caches, filled by these lines only


def test_scores_are_the_weights_times_the_features(shipped):
    for text in _sample_lines():
        expected, known = _reference_scores(shipped, text)
        scores = shipped.scores(text)
        found = [*scores.family, *scores.category, *scores.activity]
        assert found == pytest.approx(expected, abs=TOLERANCE), text
        assert scores.known_words == known, text


def test_decisions_follow_the_reference_scores(shipped):
    families = len(shipped.families)
    for text in _sample_lines():
        expected, _ = _reference_scores(shipped, text)
        decision = shipped.decide(text)
        family = shipped.families[max(range(families), key=expected.__getitem__)]
        assert decision.family == family, text
        columns = [
            families + i for i, c in enumerate(shipped.categories) if shipped.family_of_category(c) == family
        ]
        assert decision.category == shipped.categories[max(columns, key=expected.__getitem__) - families], (
            text
        )
        top = max(expected[:families])
        exps = [math.exp((value - top) / shipped.temperature) for value in expected[:families]]
        assert decision.confidence == pytest.approx(max(exps) / sum(exps), abs=TOLERANCE), text


def test_the_words_shown_are_those_that_weighed_most(shipped):
    text = "répondre aux commentaires Instagram de la boulangerie"
    decision = shipped.decide(text)
    assert decision.weighing == tuple(shipped.weighing_words(text, decision.category))
    assert all(len(word) > 2 for word in decision.weighing)


def _plain_fold(text: str) -> str:
    """The definition of :func:`features.fold`, one character at a time."""
    text = features._LINK.sub(f" {features.LINK} ", text)
    text = features._HANDLE.sub(f" {features.HANDLE} ", text)
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return features._DIGITS.sub("0", plain)


def test_folding_through_tables_is_the_plain_definition():
    # every character of the Basic Multilingual Plane's letters, marks and digits, in a word
    rng = random.Random(7)
    characters = [
        chr(code)
        for code in range(0x10000)
        if not 0xD800 <= code <= 0xDFFF and unicodedata.category(chr(code))[0] in "LMN"
    ]
    for start in range(0, len(characters), 40):
        chunk = "".join(characters[start : start + 40])
        text = f"Ab{chunk} 12 @Léa_x https://x.fr/é {rng.choice(characters)}É"
        assert features.fold.__wrapped__(text) == _plain_fold(text), repr(text)
    for text in _sample_lines():
        assert features.fold.__wrapped__(text) == _plain_fold(text)


def test_a_verdict_built_quickly_is_a_verdict(monkeypatch):
    judge = classifier(None)
    monkeypatch.setattr(judge, "_verdicts", {})
    quick = judge.classify("modérer les commentaires du live Twitch", "fr")
    fields = {name: getattr(quick, name) for name in Verdict.FIELDS}
    assert quick == Verdict(**fields)
    assert _verdict(dict(fields)) == quick
    assert set(vars(quick)) == set(fields)  # every field set, no other
    with pytest.raises(FrozenRecordError):
        quick.verdict = "outside"  # type: ignore[misc]


def test_a_lines_words_are_its_tokens_words():
    # words() folds token by token (a cache per token); the definition folds the whole line.
    # Spaces of every kind, marks that decompose into a space (¨ ´), final sigma, links and
    # handles next to spaces, combining marks after a space, digits of other scripts.
    rng = random.Random(11)
    characters = [
        chr(code)
        for code in range(0x10000)
        if not 0xD800 <= code <= 0xDFFF and unicodedata.category(chr(code))[0] in "LMNZPS"
    ]
    spaces = [chr(code) for code in range(0x3000) if chr(code).isspace()]
    tricky = ["Σ", "ΟΔΟΣ", "¨", "´", "\u0301", "@léa", "https://x.fr/é", "www.", "İ", "ß", "œ", "①", "٣", "ﬁ"]
    pool = characters + tricky  # once: the same draws, without copying 60,000 characters a draw
    for _ in range(3000):
        pieces = [rng.choice(pool) for _ in range(rng.randrange(1, 12))]
        text = "".join(piece + (rng.choice(spaces) if rng.random() < 0.4 else "") for piece in pieces)
        expected = features._WORD.findall(features.fold.__wrapped__(text))
        assert features.words(text) == expected, repr(text)
    for text in _sample_lines():
        assert features.words(text) == features._WORD.findall(features.fold.__wrapped__(text))


def _word_caches(shipped: model.Model, lines: list[str]) -> tuple[list, list, int]:
    """Every cached sum of these lines' words and pairs, as a batch computes them."""
    found = [features.words(text) for text in lines]
    words = sorted({word for line in found for word in line})
    pairs = sorted({pair for line in found for pair in pairwise(line)})
    sums = [(shipped._word_packed[w], shipped._word_narrow[w], shipped._word_weights[w]) for w in words]
    sums += [(shipped._pair_packed[p], shipped._steps[p], shipped._pair_lanes[p]) for p in pairs]
    return words, sums, shipped._largest_word


def test_a_new_words_sums_are_the_same_from_32_bit_rows_and_added_exactly(monkeypatch):
    """In a batch, a new word's sum adds its rows spread into 32-bit lanes; a single line, a
    word too long for them and a model whose weights are not a little-endian memoryview add
    the weights one by one: all give the same integers."""
    lines = [*_sample_lines(), "réponse " * 30]
    batch = model.read_model(model.model_path())
    batch._index.expect_many()  # a batch: the rows' way
    words, by_rows, largest = _word_caches(batch, lines)
    single = model.read_model(model.model_path())  # one line: the weights one by one
    assert _word_caches(single, lines) == (words, by_rows, largest)
    in_a_list = model.Model(batch.header, batch._index, list(batch._weights))
    assert _word_caches(in_a_list, lines) == (words, by_rows, largest)
    monkeypatch.setattr(model, "MOST_ROWS_NARROW", 0)  # every word takes the long words' way
    long_words = model.read_model(model.model_path())
    long_words._index.expect_many()
    assert _word_caches(long_words, lines) == (words, by_rows, largest)
