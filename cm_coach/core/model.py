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
WORD_FACTOR = 2  # the same, applied to the integer weights
LANE_OFFSET = 1 << 40  # keeps every packed lane positive (a line sums far fewer than 2**22 rows)
LANE_MASK = (1 << 64) - 1
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
    """The shipped judgement model, the file ``python -m training.train`` writes (see ``training/``)."""
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
        self._known_words: dict[str, list[str]] | None = None  # by first letter, built when needed
        self._word_cache: dict[str, tuple[int, int, int]] = {}
        self._pair_cache: dict[str, int | None] = {}
        self._stand_in: dict[str, str | None] = {}
        self._known: set[str] = set()  # words met so far that have a whole-word weight
        self._bytes = self._width * 8
        little = sys.byteorder == "little"  # where each output's lane sits in a packed integer
        self._shifts = [64 * (i if little else self._width - 1 - i) for i in range(self._width)]
        self._family_of = header["category_family"]
        self._n_families = len(self.families)
        self._first_activity = self._n_families + len(self.categories)
        self._columns_of_family = {
            family: [
                self._n_families + i for i, c in enumerate(self.categories) if self._family_of[c] == family
            ]
            for family in self.families
        }
        self._inside_activity_columns = [
            self._first_activity + i for i, name in enumerate(self.activities) if name in INSIDE_ACTIVITIES
        ]

    # --- features → numbers -----------------------------------------------------------------
    # A feature's weights are packed into one Python integer, one 64-bit lane per output, each
    # lane offset by LANE_OFFSET so that it stays positive: adding two packed integers adds
    # all outputs at once, and a line costs one addition per word instead of one per output.

    def _packed_row(self, feature: str, factor: int = 1) -> int | None:
        index = self._index.get(feature)
        if index is None:
            return None
        start = index * self._width
        lanes = array(
            "q", [value * factor + LANE_OFFSET for value in self._weights[start : start + self._width]]
        )
        return int.from_bytes(lanes.tobytes(), sys.byteorder)

    def _word(self, word: str) -> tuple[int, int, int]:
        """A word's packed weights (pieces and whole word), how many packed rows it holds
        (each brought one lane offset) and how many features it counts for."""
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        total = rows = 0
        pieces = word_pieces(word)
        for piece in pieces:
            row = self._packed_row(piece)
            if row is not None:
                total += row
                rows += 1
        whole = self._packed_row(f"w:{word}", WORD_FACTOR)
        if whole is None:
            stand_in = self._stand_in_for(word)
            whole = self._packed_row(f"w:{stand_in}", WORD_FACTOR) if stand_in else None
        if whole is not None:
            self._known.add(word)
            total += whole
            rows += 1
        result = (total, rows, len(pieces) + 1)
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
            self._known_words = {}
            for name in self._names:
                if name.startswith("w:"):
                    self._known_words.setdefault(name[2:3], []).append(name[2:])
        candidates = [w for w in self._known_words.get(word[:1], ()) if abs(len(w) - len(word)) <= 2]
        found = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=UNKNOWN_WORD_MATCH)
        self._stand_in[word] = found[0] if found else None
        return self._stand_in[word]

    def _pair(self, first: str, second: str) -> int | None:
        key = f"b:{first}_{second}"
        found: int | None = self._pair_cache.get(key, -1)
        if found == -1:
            if len(self._pair_cache) > 200_000:
                self._pair_cache.clear()
            found = self._pair_cache[key] = self._packed_row(key, WORD_FACTOR)
        return found

    def _lanes(self, packed: int) -> array:
        lanes = array("q")
        lanes.frombytes(packed.to_bytes(self._bytes, sys.byteorder))
        return lanes

    def _lane(self, packed: int, rows: int, column: int) -> int:
        """One output of a packed sum of ``rows`` rows."""
        return ((packed >> self._shifts[column]) & LANE_MASK) - rows * LANE_OFFSET

    def scores(self, text: str) -> Scores:
        """The three models' raw scores for one line."""
        found = words(text)
        total = rows = count = known = 0
        word_of = self._word
        for word in found:
            packed, held, size = word_of(word)
            total += packed
            rows += held
            count += size
            known += word in self._known
        pair_of = self._pair
        for first, second in itertools.pairwise(found):
            count += 1
            pair = pair_of(first, second)
            if pair is not None:
                total += pair
                rows += 1
        norm = self._scale / math.sqrt(count) if count else 0.0
        offset = rows * LANE_OFFSET
        final = [
            bias + (value - offset) * norm for bias, value in zip(self._bias, self._lanes(total), strict=True)
        ]
        f, c = len(self.families), len(self.categories)
        return Scores(tuple(final[:f]), tuple(final[f : f + c]), tuple(final[f + c :]), known)

    def weighing_words(self, text: str, category: str, limit: int = 3) -> list[str]:
        """The words of ``text`` that pushed it most towards ``category``, in their order in
        the line (what the verdict shows as "spotted")."""
        found = words(text)
        column = len(self.families) + self.categories.index(category)
        weight: dict[str, float] = {}
        for word in found:
            packed, held, _ = self._word(word)
            weight[word] = weight.get(word, 0.0) + self._lane(packed, held, column)
        for first, second in itertools.pairwise(found):
            pair = self._pair(first, second)
            if pair is not None:
                share = self._lane(pair, 1, column) / 2
                weight[first] += share
                weight[second] += share
        return list(_strongest(found, weight, limit))

    def decide(self, text: str) -> Decision:
        """The model's answer for one line, and the words that weighed most for it (one pass:
        the hot path of a batch)."""
        found = words(text)
        word_of = self._word
        looked = [word_of(word) for word in found]
        total = rows = count = 0
        for packed, held, size in looked:
            total += packed
            rows += held
            count += size
        known = sum(1 for word in found if word in self._known)
        pair_of = self._pair
        pairs = [pair_of(first, second) for first, second in itertools.pairwise(found)]
        count += len(pairs)
        for pair in pairs:
            if pair is not None:
                total += pair
                rows += 1
        norm = self._scale / math.sqrt(count) if count else 0.0
        offset = rows * LANE_OFFSET
        final = [
            bias + (value - offset) * norm for bias, value in zip(self._bias, self._lanes(total), strict=True)
        ]
        probabilities = softmax(final[: self._n_families], self.temperature)
        best = max(range(self._n_families), key=probabilities.__getitem__)
        family = self.families[best]
        column = max(self._columns_of_family[family], key=final.__getitem__)
        category = self.categories[column - self._n_families]
        if family == INSIDE_FAMILY:
            activity = self.activities[
                max(self._inside_activity_columns, key=final.__getitem__) - self._first_activity
            ]
        else:
            activity = FAMILY_ACTIVITY[family]
        weight: dict[str, float] = {}
        for word, (packed, held, _) in zip(found, looked, strict=True):
            weight[word] = weight.get(word, 0.0) + self._lane(packed, held, column)
        for (first, second), pair in zip(itertools.pairwise(found), pairs, strict=True):
            if pair is not None:
                share = self._lane(pair, 1, column) / 2
                weight[first] += share
                weight[second] += share
        confidence = probabilities[best]
        return Decision(
            family,
            category,
            activity,
            confidence,
            confidence < self.unsure_below or not known,  # no word means anything to it
            _strongest(found, weight),
        )

    def family_of_category(self, category: str) -> str:
        """The family ``category`` belongs to, as the model file's header says."""
        return self._family_of[category]


def _strongest(found: list[str], weight: dict[str, float], limit: int = 3) -> tuple[str, ...]:
    """The ``limit`` words with the most positive weight, in their order in the line."""
    strongest = sorted(
        (w for w in weight if weight[w] > 0 and len(w) > 2 and w not in _LITTLE_WORDS),
        key=lambda w: -weight[w],
    )[:limit]
    return tuple(w for w in dict.fromkeys(found) if w in strongest)


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
    weighing: tuple[str, ...] = ()  # the words (folded) that pushed most towards the category


def decide(model: Model, text: str) -> Decision:
    """Family first (its probability is the confidence), then the category within that
    family, then the activity: among the role's own activities for an inside task, the
    family's for an outside one."""
    return model.decide(text)


def softmax(values: Sequence[float], temperature: float) -> list[float]:
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
