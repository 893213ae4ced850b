"""The judgement model at run time: weights read from ``content/model/judgements.model``,
scores computed in plain Python (no NumPy, no scikit-learn on the command path).

Three linear models share one set of features (:mod:`cm_coach.core.features`): the
*family* of a task (community, advertising, customer service, another profession, own
business), its *category* (which gives the human reason) and its *activity*. A line's
scores are the sum of its words' contributions, so each distinct word's contribution is
computed once per process and a batch costs a few additions per task.

The file is written by ``python -m training.train``: a JSON header (classes, biases,
quantisation scale, the SHA-256 of the corpus it was trained on), the feature names,
then the weights as little-endian 16-bit integers, one row of all outputs per feature.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cm_coach.core.content import content_dir
from cm_coach.core.features import HANDLE, LINK, word_pieces, words
from cm_coach.errors import ContentError

MAGIC = b"CMJ1"
FORMAT_VERSION = 1
WORD_WEIGHT = 2.0  # whole words and pairs of words count twice as much as pieces of words
UNKNOWN_WORD_MATCH = 88  # rapidfuzz ratio for an unknown word to stand for a known one
MIN_UNKNOWN_LENGTH = 5


_LITTLE_WORDS = frozenset(
    {
        "les",
        "des",
        "une",
        "aux",
        "sur",
        "pour",
        "par",
        "avec",
        "dans",
        "que",
        "qui",
        "est",
        "son",
        "ses",
        "mes",
        "tes",
        "nos",
        "vos",
        "leur",
        "the",
        "and",
        "for",
        "with",
        "from",
        "this",
        "that",
        "into",
        "our",
        "your",
        "their",
    }
)  # words that never explain a verdict, however much they weighed


def model_path() -> Path:
    return content_dir() / "model" / "judgements.model"


@dataclass(frozen=True)
class Scores:
    """One line's raw scores (before any softmax), per output of each model."""

    family: tuple[float, ...]
    category: tuple[float, ...]
    activity: tuple[float, ...]
    known_words: int  # words of the line the model knows as whole words (or misspelt ones)


class Model:
    """A loaded model; :meth:`scores` is the hot path."""

    def __init__(self, header: dict, names: list[str], weights: Sequence[int]) -> None:
        self.header = header
        self.families: tuple[str, ...] = tuple(header["families"])
        self.categories: tuple[str, ...] = tuple(header["categories"])
        self.activities: tuple[str, ...] = tuple(header["activities"])
        self.temperature: float = header["temperature"]
        self.unsure_below: float = header["unsure_below"]
        self.corpus_sha256: str = header["corpus_sha256"]
        self._width = len(self.families) + len(self.categories) + len(self.activities)
        self._bias: list[float] = header["bias"]
        self._scale: float = header["scale"]
        self._index = dict(zip(names, range(len(names)), strict=True))
        self._weights = weights
        self._names = names
        self._known_words: list[str] | None = None  # built on the first unknown word
        self._word_cache: dict[str, tuple[tuple[float, ...], int]] = {}
        self._pair_cache: dict[str, tuple[float, ...] | None] = {}
        self._stand_in: dict[str, str | None] = {}
        self._known: set[str] = set()  # words met so far that have a whole-word weight

    # --- features → numbers -----------------------------------------------------------------

    def _row(self, feature: str, factor: float = 1.0) -> tuple[float, ...] | None:
        index = self._index.get(feature)
        if index is None:
            return None
        start = index * self._width
        scale = self._scale * factor
        return tuple(value * scale for value in self._weights[start : start + self._width])

    def _word(self, word: str) -> tuple[tuple[float, ...], int]:
        """A word's summed pieces and whole-word weights, and how many features it counts for."""
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        total = [0.0] * self._width
        pieces = word_pieces(word)
        for piece in pieces:
            row = self._row(piece)
            if row is not None:
                total = [a + b for a, b in zip(total, row, strict=True)]
        whole = self._row(f"w:{word}", WORD_WEIGHT)
        if whole is None:
            stand_in = self._stand_in_for(word)
            whole = self._row(f"w:{stand_in}", WORD_WEIGHT) if stand_in else None
        if whole is not None:
            self._known.add(word)
            total = [a + b for a, b in zip(total, whole, strict=True)]
        result = (tuple(total), len(pieces) + 1)
        if len(self._word_cache) > 100_000:
            self._word_cache.clear()
        self._word_cache[word] = result
        return result

    def _stand_in_for(self, word: str) -> str | None:
        """A known word for an unknown one that is only misspelt ("moderaton" → "moderation"):
        rapidfuzz's ratio, the same first letter, a length within two letters."""
        if len(word) < MIN_UNKNOWN_LENGTH or word in (HANDLE, LINK) or word.isdigit():
            return None
        if word in self._stand_in:
            return self._stand_in[word]
        from rapidfuzz import fuzz, process  # only for unknown words: most lines have none

        if self._known_words is None:
            self._known_words = [name[2:] for name in self._names if name.startswith("w:")]
        candidates = [w for w in self._known_words if w[:1] == word[:1] and abs(len(w) - len(word)) <= 2]
        found = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=UNKNOWN_WORD_MATCH)
        self._stand_in[word] = found[0] if found else None
        return self._stand_in[word]

    def _pair(self, first: str, second: str) -> tuple[float, ...] | None:
        key = f"b:{first}_{second}"
        if key not in self._pair_cache:
            if len(self._pair_cache) > 200_000:
                self._pair_cache.clear()
            self._pair_cache[key] = self._row(key, WORD_WEIGHT)
        return self._pair_cache[key]

    def scores(self, text: str) -> Scores:
        """The three models' raw scores for one line."""
        found = words(text)
        total = [0.0] * self._width
        count = known = 0
        for word in found:
            vector, size = self._word(word)
            count += size
            known += word in self._known
            total = [a + b for a, b in zip(total, vector, strict=True)]
        for first, second in itertools.pairwise(found):
            count += 1
            pair = self._pair(first, second)
            if pair is not None:
                total = [a + b for a, b in zip(total, pair, strict=True)]
        norm = 1.0 / math.sqrt(count) if count else 0.0
        final = [bias + value * norm for bias, value in zip(self._bias, total, strict=True)]
        f, c = len(self.families), len(self.categories)
        return Scores(tuple(final[:f]), tuple(final[f : f + c]), tuple(final[f + c :]), known)

    def weighing_words(self, text: str, category: str, limit: int = 3) -> list[str]:
        """The words of ``text`` that pushed it most towards ``category``, in their order in
        the line (what the verdict shows as "spotted")."""
        found = words(text)
        column = len(self.families) + self.categories.index(category)
        weight: dict[str, float] = {}
        for word in found:
            weight[word] = weight.get(word, 0.0) + self._word(word)[0][column]
        for first, second in itertools.pairwise(found):
            pair = self._pair(first, second)
            if pair is not None:
                for word in (first, second):
                    weight[word] += pair[column] / 2
        strongest = sorted(
            (w for w in weight if weight[w] > 0 and len(w) > 2 and w not in _LITTLE_WORDS),
            key=lambda w: -weight[w],
        )[:limit]
        return [w for w in dict.fromkeys(found) if w in strongest]

    def family_of_category(self, category: str) -> str:
        return self.header["category_family"][category]


INSIDE_FAMILY = "community"
INSIDE_ACTIVITIES = ("dialogue", "moderation", "content", "listening", "strategy", "reporting", "other")
FAMILY_ACTIVITY = {
    "advertising": "advertising",
    "customer_service": "customer_service",
    "other": "other",
    "own_business": "other",
}


@dataclass(frozen=True)
class Decision:
    """What the model decides for one line, before any correction of the user's."""

    family: str
    category: str
    activity: str
    confidence: float  # the family's probability, 0..1
    unsure: bool  # too close to call: the app asks, the CLI says it picked the likeliest


def decide(model: Model, text: str) -> Decision:
    """Family first (its probability is the confidence), then the category within that
    family, then the activity: among the role's own activities for an inside task, the
    family's for an outside one."""
    scores = model.scores(text)
    probabilities = softmax(scores.family, model.temperature)
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    family = model.families[best]
    category = max(
        (value, name)
        for name, value in zip(model.categories, scores.category, strict=True)
        if model.family_of_category(name) == family
    )[1]
    if family == INSIDE_FAMILY:
        activity = max(
            (value, name)
            for name, value in zip(model.activities, scores.activity, strict=True)
            if name in INSIDE_ACTIVITIES
        )[1]
    else:
        activity = FAMILY_ACTIVITY[family]
    confidence = probabilities[best]
    unsure = confidence < model.unsure_below or not scores.known_words  # no word means anything to it
    return Decision(family, category, activity, confidence, unsure)


def softmax(values: tuple[float, ...], temperature: float) -> list[float]:
    """Scores → probabilities that add up to 1 (a higher temperature spreads them)."""
    top = max(values)
    exps = [math.exp((value - top) / temperature) for value in values]
    total = sum(exps)
    return [value / total for value in exps]


def read_model(path: Path) -> Model:
    """Load a model file, refusing anything that is not one (a clear ContentError)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ContentError(str(path), None, f"cannot read the judgement model: {error}") from None
    if raw[:4] != MAGIC:
        raise ContentError(str(path), None, "not a cm-coach judgement model")
    try:
        header_size = int.from_bytes(raw[4:8], "little")
        header = json.loads(raw[8 : 8 + header_size])
        if header.get("format") != FORMAT_VERSION:
            raise ValueError(f"format {header.get('format')}")
        names_end = 8 + header_size + header["names_bytes"]
        names = raw[8 + header_size : names_end].decode("utf-8").split("\n")
        weights: Sequence[int]
        if sys.byteorder == "little":  # read in place: no copy of the weights
            weights = memoryview(raw)[names_end:].cast("h")
        else:
            swapped = array("h")
            swapped.frombytes(raw[names_end:])
            swapped.byteswap()
            weights = swapped
        width = len(header["families"]) + len(header["categories"]) + len(header["activities"])
        if len(weights) != width * len(names) or len(header["bias"]) != width:
            raise ValueError("sizes do not match")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise ContentError(str(path), None, f"damaged judgement model: {error}") from None
    return Model(header, names, weights)


@cache
def shipped_model() -> Model:
    """The model shipped with cm-coach, loaded once per process."""
    return read_model(model_path())
