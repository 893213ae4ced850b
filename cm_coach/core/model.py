"""The judgement model at run time: weights read from ``content/model/judgements.model``,
scores computed in plain Python (no NumPy, no scikit-learn on the command path).

Three linear models share one set of features (:mod:`cm_coach.core.features`): the
*family* of a task (community, advertising, customer service, another profession, own
business), its *category* (which gives the human reason) and its *activity*. A line's
scores are the sum of its words' contributions, so each distinct word's contribution is
computed once per process and a batch costs a few additions per task.

The file is written by ``python -m training.train``: a JSON header (classes, biases,
quantisation scale, the SHA-256 of the corpus it was trained on), the feature names,
then the weights as little-endian 16-bit integers, one row of all outputs per feature,
then a ready-made index of the names (:func:`feature_index`): loading the model builds
nothing, a feature is found by reading that table in place.
"""

from __future__ import annotations

import json
import math
import mmap
import operator
import sys
import weakref
import zlib
from array import array
from collections import deque, namedtuple
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, partial
from itertools import accumulate, chain, compress, islice, pairwise, repeat
from pathlib import Path

from cm_coach.core.catalogue import content_dir
from cm_coach.core.features import HANDLE, LINK, word_pieces, words
from cm_coach.errors import ContentError
from cm_coach.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `check "…"` never does
if TYPE_CHECKING:
    from typing import Any, Literal, NamedTuple

MAGIC = b"CMJ1"
FORMAT_VERSION = 2  # 2: the names' hash table is in the file
WORD_WEIGHT = 2.0  # whole words and pairs of words count twice as much as pieces of words
WORD_FACTOR = 2  # the same, applied to the integer weights
LANE_OFFSET = 1 << 62  # added to every lane of a sum before reading it: no lane is negative then
NARROW_LIMIT = 1 << 31  # a batch's sums fit 32-bit lanes while every lane stays below this
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


class Scores(Record):
    """One line's raw scores (before any softmax), per output of each model."""

    family: tuple[float, ...]
    category: tuple[float, ...]
    activity: tuple[float, ...]
    known_words: int  # words of the line the model knows as whole words (or misspelt ones)


class Model:
    """A loaded model; :meth:`scores` is the hot path."""

    def __init__(self, header: dict, index: FeatureIndex, weights: Sequence[int]) -> None:
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
        self._index = index
        self._weights = weights
        self._known_words: dict[str, tuple[list[str], list[int]]] | None = (
            None  # by first letter, built when needed
        )
        self._word_packed: dict[str, int] = _Computed(self._new_word)
        # the same sums in 32-bit lanes, for :meth:`decide_many` (half the digits to add)
        self._word_narrow: dict[str, int] = _Computed(self._narrow_of_word)
        # a step (a word with the pair it ends, see decide_columns): the pair's sum in 32-bit
        # lanes with its word's (one look-up and one addition a word), the pair's lanes (its
        # share of the weighing of the word before), and the word's doubled outputs with them
        self._steps: dict[tuple[str, str], tuple[int, tuple[int, ...], tuple[int, ...]]] = _Computed(
            self._new_step
        )
        # a feature's row in 32-bit lanes (``sum(weight << 32 * i)``), by row
        self._row_narrow: dict[int, int] = _Computed(self._narrow_of_row)
        self._count_shift = 32 * self._width  # the lane that counts a word's features
        self._row_bias = int.from_bytes(array("I", [1 << 15] * self._width).tobytes(), sys.byteorder)
        self._largest_word = 0  # the largest |lane| of any word's sum so far (see decide_many)
        self._word_weights: dict[str, tuple[int, ...]] = _Computed(self._weights_of_word)
        self._pair_packed: dict[tuple[str, str], int] = _Computed(self._new_pair)
        self._pair_lanes: dict[tuple[str, str], tuple[int, ...]] = _Computed(self._lanes_of_pair)
        self._no_lanes = (0,) * self._width
        self._never = (NEVER_SHOWN,) * self._width
        self._stand_in: dict[str, str | None] = {}
        self._candidates: dict[tuple[str, int], list[str]] = {}  # known words by first letter and length
        lanes = self._width + 2  # the outputs, then how many features, then "a known word"
        self._bytes = lanes * 8
        self._offsets = [LANE_OFFSET] * lanes
        self._lanes_of = partial(array, "q")
        self._unpack_base = int.from_bytes(array("q", [LANE_OFFSET] * lanes).tobytes(), sys.byteorder)
        self._sign_bits = int.from_bytes(array("Q", [1 << 63] * lanes).tobytes(), sys.byteorder)
        self._narrow_bytes = lanes * 4
        self._narrow_sign_bits = int.from_bytes(array("I", [1 << 31] * lanes).tobytes(), sys.byteorder)
        self._family_of = header["category_family"]
        self._n_families = len(self.families)
        self._first_activity = self._n_families + len(self.categories)
        self._columns_of_family = {
            family: [
                self._n_families + i for i, c in enumerate(self.categories) if self._family_of[c] == family
            ]
            for family in self.families
        }
        inside_activity_columns = [
            self._first_activity + i for i, name in enumerate(self.activities) if name in INSIDE_ACTIVITIES
        ]
        self._inside_activities = [self.activities[i - self._first_activity] for i in inside_activity_columns]
        self._inside_activity_columns = inside_activity_columns
        # for :meth:`decide`: which lanes to read, and their biases
        self._family_outputs = self._reader(range(self._n_families))
        self._category_outputs = [
            (columns, self._reader(columns)) for columns in self._columns_of_family.values()
        ]
        self._activity_outputs = self._reader(inside_activity_columns)

    def _reader(self, columns: Sequence[int]) -> tuple[Callable[[Sequence[int]], Any], tuple[float, ...]]:
        """A function that takes these columns' lanes (a tuple, even for one), and their biases."""
        take = operator.itemgetter(*columns) if len(columns) > 1 else lambda lanes: (lanes[columns[0]],)
        return take, tuple(self._bias[i] for i in columns)

    # --- features → numbers -----------------------------------------------------------------
    # A word's (or a pair's) weights are packed into one Python integer, one signed 64-bit lane
    # per output plus two lanes that count its features and whether the model knows it as a
    # whole word: adding packed integers adds every output at once, in C, so a line costs one
    # ``sum(map(...))`` over its words and one over its pairs. A sum is read back by adding
    # ``LANE_OFFSET`` to every lane (``self._unpack_base``) so that no lane is negative.

    def _pack(self, lanes: Sequence[int]) -> int:
        """Signed lanes → one integer equal to ``sum(lane << 64 * i)``."""
        shifted = array("q", [value + LANE_OFFSET for value in lanes])
        return int.from_bytes(shifted.tobytes(), sys.byteorder) - self._unpack_base

    def _unpack(self, packed: int) -> Sequence[int]:
        """A packed sum → its lanes, each still carrying ``LANE_OFFSET``."""
        return self._lanes_of((packed + self._unpack_base).to_bytes(self._bytes, sys.byteorder))

    def _row(self, feature: str) -> Sequence[int] | None:
        index = self._index.get(feature)
        if index is None:
            return None
        return self._weights_at(index)

    def _weights_at(self, index: int) -> Sequence[int]:
        """The weights of the feature at row ``index``, one per output (read in place)."""
        start = index * self._width
        return self._weights[start : start + self._width]

    def _new_word(self, word: str) -> int:
        """A word seen for the first time: its pieces and whole word (or the known word it is
        a misspelling of) summed, packed and remembered; its outputs kept for the "spotted"
        words."""
        pieces = word_pieces(word)
        find = self._index.finder()
        whole = find(f"w:{word}")
        if whole is None:
            stand_in = self._stand_in_for(word)
            whole = find(f"w:{stand_in}") if stand_in else None
        known = whole is not None
        if self._index.many_expected() and len(pieces) + WORD_FACTOR < MOST_ROWS_NARROW:
            # a batch: the rows' 32-bit sums added (one addition a piece; a row is spread
            # once, then met again in other words), then read back as lanes
            rows = [row for row in map(find, pieces) if row is not None]
            if whole is not None:
                rows += [whole] * WORD_FACTOR
            total = sum(map(self._row_narrow.__getitem__, rows))
            total += (len(pieces) + 1 << self._count_shift) + (known << self._count_shift + 32)
            narrow: int | None = total
            signs = self._narrow_sign_bits
            every = list(
                array(_NARROW, ((total + signs) ^ signs).to_bytes(self._narrow_bytes, sys.byteorder))
            )
            lanes = every[: self._width]
        else:  # a single line (each row met once), or a word of thousands of letters (its
            # lanes could pass 2 ** 31): the weights summed one by one
            weights = [row for row in map(self._row, pieces) if row is not None]
            lanes = list(map(sum, zip(*weights, strict=True))) if weights else [0] * self._width
            if whole is not None:
                row = self._weights_at(whole)
                lanes = [a + b * WORD_FACTOR for a, b in zip(lanes, row, strict=True)]
            every = [*lanes, len(pieces) + 1, known]
            narrow = None
        if len(self._word_packed) > 100_000:
            self._word_packed.clear()
            self._word_weights.clear()
            self._word_narrow.clear()
        packed = self._word_packed[word] = self._pack(every)
        largest = max(max(every), -min(every))
        self._word_narrow[word] = narrow if narrow is not None else _narrow(every, largest)
        if largest > self._largest_word:
            self._largest_word = largest
        explains = len(word) > 2 and word not in _LITTLE_WORDS
        self._word_weights[word] = tuple(value * 2 for value in lanes) if explains else self._never
        return packed

    def _narrow_of_word(self, word: str) -> int:
        """A word's sum in 32-bit lanes, when its cache entry is gone."""
        self._new_word(word)
        return self._word_narrow[word]

    def _narrow_of_row(self, row: int) -> int:
        """A feature's weights in 32-bit lanes: the file's 16-bit lanes spread into 32 bits
        (each read with ``2 ** 15`` added: its top bit flipped, then those taken off)."""
        weights = self._weights_at(row)
        if isinstance(weights, memoryview) and sys.byteorder == "little":
            raw = weights.tobytes()
            spread = bytearray(4 * self._width)
            spread[0::4] = raw[0::2]
            spread[1::4] = raw[1::2].translate(_FLIP_TOP_BIT)
            found = self._row_narrow[row] = int.from_bytes(spread, "little") - self._row_bias
        else:
            found = self._row_narrow[row] = sum(map(operator.lshift, weights, range(0, 32 * self._width, 32)))
        return found

    def _new_step(self, pair: tuple[str, str]) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
        """A pair's sum in 32-bit lanes plus its second word's, the pair's lanes, and its
        second word's doubled outputs plus the pair's lanes (see :meth:`decide_columns`).
        Most pairs are new and unknown to the model: this is most of their cost, so the
        pair's own caches (for a single line) are left alone."""
        first, second = pair
        index = self._index.finder()(f"b:{first}_{second}")
        weights = self._word_weights[second]
        narrow = self._word_narrow[second]
        if index is None:
            shares = self._no_lanes
        else:
            shares = self._lanes_of_row(index)
            narrow += self._row_narrow[index] * WORD_FACTOR
            weights = tuple(map(operator.add, weights, shares))
        if len(self._steps) > STEP_CACHE:
            self._steps.clear()
        found = self._steps[pair] = (narrow, shares, weights)
        return found

    def _lanes_of_row(self, index: int) -> tuple[int, ...]:
        """A pair's outputs: its feature's weights, doubled (see :data:`WORD_FACTOR`)."""
        return tuple(value * WORD_FACTOR for value in self._weights_at(index))

    def _weights_of_word(self, word: str) -> tuple[int, ...]:
        """A word's doubled outputs (for the "spotted" words), when its cache entry is gone."""
        self._new_word(word)
        return self._word_weights[word]

    def _new_pair(self, pair: tuple[str, str]) -> int:
        """A pair of words seen for the first time, packed without its count (every pair
        counts as one feature, known or not: :meth:`_lanes` adds them); 0 when the model
        does not know it, which :meth:`_lanes` skips."""
        first, second = pair
        index = self._index.finder()(f"b:{first}_{second}")
        if len(self._pair_packed) > 200_000:
            self._pair_packed.clear()
            self._pair_lanes.clear()
        if index is None:
            self._pair_lanes[pair] = self._no_lanes
            packed = self._pair_packed[pair] = 0
            return packed
        lanes = self._pair_lanes[pair] = self._lanes_of_row(index)
        packed = self._pair_packed[pair] = self._pack([*lanes, 0, 0])
        return packed

    def _lanes_of_pair(self, pair: tuple[str, str]) -> tuple[int, ...]:
        """A pair's outputs, when its cache entry is gone."""
        self._new_pair(pair)
        return self._pair_lanes[pair]

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
            for name in self._index.names():
                if name.startswith("w:"):
                    known, lengths = self._known_words.setdefault(name[2:3], ([], []))
                    known.append(name[2:])
                    lengths.append(len(name) - 2)
        candidates = self._candidates.get((word[:1], len(word)))
        if candidates is None:
            known, lengths = self._known_words.get(word[:1], ([], []))
            near = range(len(word) - 2, len(word) + 3).__contains__  # a length within two letters
            candidates = self._candidates[word[:1], len(word)] = list(compress(known, map(near, lengths)))
        found = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=UNKNOWN_WORD_MATCH)
        self._stand_in[word] = found[0] if found else None
        return self._stand_in[word]

    def _lanes(self, found: list[str], pairs: list[tuple[str, str]]) -> tuple[Sequence[int], int]:
        """The summed outputs of a line's words and its known pairs, each lane still carrying
        ``LANE_OFFSET`` (then the count of the words' features, then the count of known
        words), and the line's count of features."""
        total = sum(map(self._word_packed.__getitem__, found))
        if pairs:
            total += sum(filter(None, map(self._pair_packed.__getitem__, pairs)))
        lanes = self._unpack(total)
        return lanes, lanes[self._width] - LANE_OFFSET + len(pairs)

    def _sums(self, found: list[str]) -> tuple[list[float], list[tuple[str, str]], int]:
        """The raw scores of a line's words (every output), its pairs of words, and how many
        of its words the model knows."""
        pairs = list(pairwise(found))
        lanes, count = self._lanes(found, pairs)
        norm = self._scale / math.sqrt(count) if count else 0.0
        # bias + (value - LANE_OFFSET) * norm for every output, the arithmetic done in C
        final = list(
            map(
                operator.add,
                self._bias,
                map(operator.mul, map(operator.sub, lanes, self._offsets), repeat(norm, self._width)),
            )
        )
        return final, pairs, lanes[self._width + 1] - LANE_OFFSET

    def _weighing(self, found: list[str], pairs: list[tuple[str, str]], column: int) -> tuple[str, ...]:
        """The words of the line that pushed most towards output ``column`` (see
        :func:`_strongest`): each word's own weight, and half of each pair it is part of.

        Weights are integers (the quantised weights), so they are kept doubled (a pair
        counts whole, a word twice) and the sums are exact whatever their order."""
        take = operator.itemgetter(column)
        weights = list(map(take, map(self._word_weights.__getitem__, found)))
        if pairs:
            shares = list(map(take, map(self._pair_lanes.__getitem__, pairs)))
            if any(shares):
                weights = list(map(operator.add, map(operator.add, weights, [0, *shares]), [*shares, 0]))
        if len(set(found)) < len(found):  # a word said twice: its weights add up
            found, weights = _merged(found, weights)
        return _strongest(found, weights)

    def scores(self, text: str) -> Scores:
        """The three models' raw scores for one line."""
        final, _, known = self._sums(words(text))
        f, c = len(self.families), len(self.categories)
        return Scores(tuple(final[:f]), tuple(final[f : f + c]), tuple(final[f + c :]), known)

    def weighing_words(self, text: str, category: str, limit: int = 3) -> list[str]:
        """The words of ``text`` that pushed it most towards ``category``, in their order in
        the line (what the verdict shows as "spotted")."""
        found = words(text)
        column = len(self.families) + self.categories.index(category)
        return list(self._weighing(found, list(pairwise(found)), column)[:limit])

    def decide(self, text: str) -> Decision:
        """The model's answer for one line, and the words that weighed most for it (one pass:
        the hot path of a batch)."""
        return self.decide_words(words(text))

    def decide_words(self, found: list[str]) -> Decision:
        """:meth:`decide` for a line's words (:func:`~cm_coach.core.features.words`). Only
        the outputs it needs are turned into scores: the families', then the categories of
        the chosen family, then (inside) the activities, each by the arithmetic of
        :meth:`_sums` (the same floats). The hot path of a batch: :meth:`_lanes`,
        :meth:`_outputs`, :func:`softmax` and :meth:`_weighing` written out in one body."""
        add, sub, mul, take = operator.add, operator.sub, operator.mul, operator.itemgetter
        pairs = list(pairwise(found))
        total = sum(map(self._word_packed.__getitem__, found))
        if pairs:
            total += sum(filter(None, map(self._pair_packed.__getitem__, pairs)))
        lanes = self._lanes_of((total + self._unpack_base).to_bytes(self._bytes, sys.byteorder))
        count = lanes[self._width] - LANE_OFFSET + len(pairs)
        norm = self._scale / math.sqrt(count) if count else 0.0
        # the families' probabilities (softmax)
        outputs, bias = self._family_outputs
        scores = list(map(add, bias, map(mul, map(sub, outputs(lanes), _OFFSETS), repeat(norm))))
        top = max(scores)
        exps = list(
            map(math.exp, map(operator.truediv, map(sub, scores, repeat(top)), repeat(self.temperature)))
        )
        probabilities = list(map(operator.truediv, exps, repeat(sum(exps))))
        best = probabilities.index(max(probabilities))
        family = self.families[best]
        # the best category of that family
        columns, (outputs, bias) = self._category_outputs[best]
        scores = list(map(add, bias, map(mul, map(sub, outputs(lanes), _OFFSETS), repeat(norm))))
        column = columns[scores.index(max(scores))]
        if family == INSIDE_FAMILY:  # the best of the role's own activities
            outputs, bias = self._activity_outputs
            scores = list(map(add, bias, map(mul, map(sub, outputs(lanes), _OFFSETS), repeat(norm))))
            activity = self._inside_activities[scores.index(max(scores))]
        else:
            activity = FAMILY_ACTIVITY[family]
        # the words that weighed most towards that category (see _weighing)
        weight_of = take(column)
        weights = list(map(weight_of, map(self._word_weights.__getitem__, found)))
        if pairs:
            shares = list(map(weight_of, map(self._pair_lanes.__getitem__, pairs)))
            if any(shares):
                weights = list(map(add, map(add, weights, [0, *shares]), [*shares, 0]))
        if len(set(found)) < len(found):  # a word said twice: its weights add up
            found, weights = _merged(found, weights)
        weighing = _strongest(found, weights)
        confidence = probabilities[best]
        return Decision(
            family,
            self.categories[column - self._n_families],
            activity,
            confidence,
            confidence < self.unsure_below or lanes[self._width + 1] == LANE_OFFSET,  # no known word
            weighing,
        )

    def decide_many(self, lines: Sequence[list[str]]) -> list[Decision]:
        """``[self.decide_words(found) for found in lines]``, computed output by output
        across the lines rather than line by line: each step (a lane's scores, the
        softmax, a word's weight) is one ``map`` over every line or every word of the
        batch, so the interpreter's cost of a step is paid once per batch, not once per
        line. The arithmetic is :meth:`decide_words`'s, operation for operation (the
        same floats, the same ties)."""
        decisions: list[Decision | None] = [None] * len(lines)
        wordless = [i for i, found in enumerate(lines) if not found]
        for i in wordless:  # no feature at all: the biases alone decide
            decisions[i] = self.decide_words(lines[i])
        if wordless:
            lines = [found for found in lines if found]
        if not lines:
            return decisions  # type: ignore[return-value]
        found = list(map(Decision, *self.decide_columns(lines)[:6]))
        if not wordless:
            return found
        answers = iter(found)
        return [decision if decision is not None else next(answers) for decision in decisions]

    def decide_columns(self, lines: Sequence[list[str]]) -> tuple[list[Any], ...]:
        """:meth:`decide_many` for lines that each have a word, one list per field of
        :class:`Decision` (families, categories, activities, confidences, unsure flags,
        words shown), then where each line's shown words are among its words (``None``
        for a line whose shown words add up the weights of a word said twice): what the
        judge reads, without a :class:`Decision` per line."""
        add, sub, mul, truediv, getitem = (
            operator.add,
            operator.sub,
            operator.mul,
            operator.truediv,
            operator.getitem,
        )
        if len(lines) >= LINES_FOR_DICT:
            self._index.expect_many()
        sizes = list(map(len, lines))
        ends = list(accumulate(sizes))
        starts = [0, *ends[:-1]]
        # every word of the batch as a step: the pair it ends (("", word) for a line's first
        # word, a pair the model cannot know: there is no empty word) with the word itself.
        # The pairs are zipped from the batch's words and the words before them (no pairwise
        # object a line, and zip reuses its pair when the look-up kept none)
        words_flat = list(_chain(lines))
        before = ["", *words_flat[:-1]]
        _run_all(map(before.__setitem__, starts, repeat("")))
        steps = list(map(self._steps.__getitem__, zip(before, words_flat, strict=True)))
        # each line's sum in 32-bit lanes (half the digits of the 64-bit ones to add and to
        # read) when no lane can reach 2 ** 31: a line's lane is at most its words' largest
        # |lane| and its pairs' (two 16-bit weights) for each of its words. The steps are
        # added up once across the batch, the running sum kept at each line's last word; a
        # line's sum is the difference of two of those (Python integers: exact, however the
        # lanes of a running sum overflow)
        last_word = [False] * len(steps)
        _run_all(map(last_word.__setitem__, map(sub, ends, _ONES), repeat(True)))
        running = list(compress(accumulate(map(_STEP_SUM, steps)), last_word))
        totals = list(map(sub, running, [0, *running[:-1]]))
        if max(sizes) * (self._largest_word + PAIR_BOUND) < NARROW_LIMIT:
            signed, size, code = self._narrow_sign_bits, self._narrow_bytes, _NARROW
        else:  # a line too long for 32 bits: the 64-bit sums (exact for any line)
            signed, size, code = self._sign_bits, self._bytes, "q"
            pairs = list(map(pairwise, lines))
            totals = list(
                map(
                    add,
                    map(sum, map(map, repeat(self._word_packed.__getitem__), lines)),
                    map(
                        sum, map(filter, repeat(None), map(map, repeat(self._pair_packed.__getitem__), pairs))
                    ),
                )
            )
        # each lane read as a signed integer: 2 ** 31 (or 63) added to every lane (none is
        # negative then), that bit flipped back (two's complement); no offset to take off
        signs = repeat(signed)
        raw = list(
            map(
                int.to_bytes,
                map(operator.xor, map(add, totals, signs), signs),
                repeat(size),
                repeat(sys.byteorder),
            )
        )
        flat = array(code, b"".join(raw))
        lanes = self._width + 2
        counts = list(map(add, flat[self._width :: lanes], map(sub, sizes, _ONES)))  # and the pairs
        scale, sqrt = self._scale, math.sqrt
        norms = [scale / sqrt(count) for count in counts]  # every line here has a feature

        def scores(column: int, rows_lanes: array = flat, row_norms: list[float] = norms) -> list[float]:
            """``bias + lane * norm`` of one output for the lines whose lanes are ``rows_lanes``
            (the lane read signed is the same integer as :meth:`decide_words`'s
            ``lane - LANE_OFFSET``). ``norm * lane``, not ``lane * norm``: the same product,
            without asking the integer first (it cannot multiply by a float)."""
            return list(map(add, repeat(self._bias[column]), map(mul, row_norms, rows_lanes[column::lanes])))

        # the families' probabilities (softmax), family by family across the lines
        family_scores = [scores(column) for column in range(self._n_families)]
        top = list(map(max, *family_scores))
        temperature = repeat(self.temperature)
        exps = [
            list(map(math.exp, map(truediv, map(sub, values, top), temperature))) for values in family_scores
        ]
        sums = list(map(sum, zip(*exps, strict=True)))
        probabilities = [list(map(truediv, values, sums)) for values in exps]
        # the highest probability is 1 / sum, no max a line: the top family's exp is
        # exp(0.0) == 1.0 exactly, every other is exp(x <= 0) <= 1.0, and a division
        # (correctly rounded) keeps that order
        confidence = list(map(truediv, repeat(1.0), sums))
        best = list(map(tuple.index, zip(*probabilities, strict=True), confidence))
        # the best category of each line's family, and (inside) the best activity: each
        # family's answers in its lines' order, then each line takes the next of its family's
        family_columns: list[Iterator[int]] = []
        family_activities: list[Iterator[str]] = []
        for family_index, family in enumerate(self.families):
            activity = _ACTIVITY_OF_FAMILY[family]
            columns = self._columns_of_family[family]
            if len(columns) == 1 and family != INSIDE_FAMILY:  # one category: no score to compare
                family_columns.append(repeat(columns[0]))
                family_activities.append(repeat(activity))
                continue
            rows = list(compress(range(len(lines)), map(operator.eq, best, repeat(family_index))))
            if not rows:
                family_columns.append(iter(()))
                family_activities.append(repeat(activity))
                continue
            row_norms = list(map(norms.__getitem__, rows))
            # the lanes of this family's lines side by side: each output's are one slice
            rows_lanes = array(code, b"".join(map(raw.__getitem__, rows))) if len(rows) < len(lines) else flat
            chosen = self._argmax([scores(c, rows_lanes, row_norms) for c in columns], len(rows))
            family_columns.append(map(columns.__getitem__, chosen))
            if family == INSIDE_FAMILY:
                chosen = self._argmax(
                    [scores(c, rows_lanes, row_norms) for c in self._inside_activity_columns],
                    len(rows),
                )
                family_activities.append(map(self._inside_activities.__getitem__, chosen))
            else:
                family_activities.append(repeat(activity))
        column_of = list(map(next, map(family_columns.__getitem__, best)))
        activity_of = list(map(next, map(family_activities.__getitem__, best)))
        # the words that weighed most towards each line's category (see _weighing), every
        # word of the batch in one list: a word's weight, and half of each pair around it
        columns_flat = list(_chain(map(repeat, column_of, sizes)))
        # a word's weight and its own step's pair's share (none for a line's first word) come
        # with its step; the next step's share is added (the next line's first step, or
        # none, adds 0)
        shares = list(map(getitem, map(_STEP_LANES, steps), columns_flat))
        own: Iterator[int] = map(getitem, map(_STEP_WEIGHTS, steps), columns_flat)
        weights = list(map(add, own, chain(islice(shares, 1, None), (0,))) if any(shares) else own)
        # the three heaviest of each line's words of positive weight (the only ones shown:
        # see _strongest), which are a slice of the batch's positive words
        positive = list(map(operator.gt, weights, _ZEROS))
        strong = list(compress(range(len(weights)), positive))
        # how many come before each line, and up to its end
        strong_to_end = list(compress(accumulate(positive), last_word))
        strong_before = [0, *strong_to_end[:-1]]
        picked: list[Any] = list(
            map(
                sorted,  # back in the line's order
                map(
                    operator.itemgetter(slice(0, 3)),
                    map(
                        partial(sorted, key=weights.__getitem__, reverse=True),
                        map(
                            strong.__getitem__,
                            map(
                                slice,
                                strong_before,
                                strong_to_end,
                            ),
                        ),
                    ),
                ),
            )
        )
        weighings = list(map(tuple, map(map, repeat(words_flat.__getitem__), picked)))
        # where they are in their line (the judge finds the tokens that hold them)
        at: Iterator[Callable[[int, int], int]] = repeat(sub)
        positions: list[tuple[int, ...] | None] = list(map(tuple, map(map, at, picked, map(repeat, starts))))
        for row in compress(range(len(lines)), map(operator.lt, map(len, map(set, lines)), sizes)):
            start, end = starts[row], ends[row]  # a word said twice: its weights add up
            line = lines[row]
            if all(map((1).__eq__, map(line.count, compress(line, positive[start:end])))):
                continue  # every word that weighs for the category is said once: nothing to add up
            weighings[row] = _strongest(*_merged(words_flat[start:end], weights[start:end]))
            positions[row] = None
        return (
            list(map(self.families.__getitem__, best)),
            list(map(self.categories.__getitem__, map(sub, column_of, repeat(self._n_families)))),
            activity_of,
            confidence,
            list(
                map(
                    operator.or_,
                    map(operator.lt, confidence, repeat(self.unsure_below)),
                    map(operator.not_, flat[self._width + 1 :: lanes]),
                )
            ),
            weighings,
            positions,
        )

    @staticmethod
    def _argmax(columns: list[list[float]], size: int) -> list[int]:
        """For each line, the index of its first highest score (``scores.index(max(scores))``)."""
        if len(columns) == 1:
            return [0] * size
        return list(map(tuple.index, zip(*columns, strict=True), map(max, *columns)))

    @staticmethod
    def _outputs(
        lanes: Sequence[int], outputs: tuple[Callable[[Sequence[int]], Any], tuple[float, ...]], norm: float
    ) -> list[float]:
        """Some outputs' scores from a line's lanes: ``bias + (lane - LANE_OFFSET) * norm``."""
        take, bias = outputs
        return list(
            map(operator.add, bias, map(operator.mul, map(operator.sub, take(lanes), _OFFSETS), repeat(norm)))
        )

    def family_of_category(self, category: str) -> str:
        """The family ``category`` belongs to, as the model file's header says."""
        return self._family_of[category]


class _Computed(dict):
    """A cache whose missing entries are computed on first use: looking an entry up stays
    a C call (``dict.__getitem__``), so ``sum(map(cache.__getitem__, words))`` never enters
    Python for a word seen before. It holds its model's method weakly: a model dropped is
    freed at once, not at the next garbage collection (it holds megabytes)."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        super().__init__()
        self._compute = weakref.WeakMethod(compute)

    def __missing__(self, key: Any) -> Any:
        compute = self._compute()
        assert compute is not None  # the model owns this cache: it is alive while used
        return compute(key)


def _strongest(found: list[str], weights: list[int], limit: int = 3) -> tuple[str, ...]:
    """The ``limit`` words with the most positive weight, in their order in the line (a stable
    sort: among equal weights, the first in the line wins). Little words and words of one or
    two letters weigh far below 0 (see :meth:`Model._new_word`): they never explain a verdict.

    The positive words rank first, so the ``limit`` first of all the words, kept when
    positive, are the ``limit`` first of the positive ones (``sorted`` is stable with
    ``reverse=True`` too)."""
    if len(weights) > limit:
        first = sorted(range(len(weights)), key=weights.__getitem__, reverse=True)[:limit]
        first.sort()
        return tuple(
            compress(map(found.__getitem__, first), map(operator.gt, map(weights.__getitem__, first), _ZEROS))
        )
    return tuple(compress(found, map(operator.gt, weights, _ZEROS)))


def _merged(found: list[str], weights: list[int]) -> tuple[list[str], list[int]]:
    """A line's words once each (in the order they first come) with their weights added up."""
    weight = dict.fromkeys(found, 0)
    for word, value in zip(found, weights, strict=True):
        weight[word] += value
    return list(weight), list(weight.values())


def _narrow(lanes: Sequence[int], largest: int) -> int:
    """Signed lanes whose largest ``|lane|`` is ``largest`` → one integer equal to
    ``sum(lane << 32 * i)`` (see :meth:`Model.decide_many`): each lane read with ``2 ** 31``
    added, then those taken off in one subtraction."""
    if largest >= NARROW_LIMIT:  # too wide for a lane (never seen): added up exactly
        return sum(map(operator.lshift, lanes, range(0, 32 * len(lanes), 32)))
    base = _NARROW_BASES.get(len(lanes))
    if base is None:
        base = _NARROW_BASES[len(lanes)] = int.from_bytes(
            array("I", [1 << 31] * len(lanes)).tobytes(), sys.byteorder
        )
    return int.from_bytes(array("I", map(operator.add, lanes, _HALF_NARROW)).tobytes(), sys.byteorder) - base


_NARROW_BASES: dict[int, int] = {}  # by number of lanes: 2 ** 31 in each
_HALF_NARROW = repeat(1 << 31)  # endless: ``map`` stops with the lanes


_chain = chain.from_iterable
_FLIP_TOP_BIT = bytes(range(0x80, 0x100)) + bytes(range(0x80))  # a 16-bit lane's high byte, + 2 ** 15
MOST_ROWS_NARROW = 1 << 16  # fewer rows of 16-bit weights than this: every lane sum < 2 ** 31
_NARROW = "i"  # a 32-bit signed lane
STEP_CACHE = 200_000  # steps kept (a batch of 100,000 distinct lines meets about 22,000)
PAIR_BOUND = 2 << 15  # a pair's largest |lane|: a 16-bit weight, doubled
_STEP_SUM = operator.itemgetter(0)
_STEP_LANES = operator.itemgetter(1)
_STEP_WEIGHTS = operator.itemgetter(2)
_run_all: Callable[[Iterable[Any]], None] = deque(
    maxlen=0
).extend  # runs an iterator to its end, keeping nothing
_ONES = repeat(1)  # endless: ``map`` stops with the sizes
_ZEROS = repeat(0)  # endless: ``map`` stops with the weights
_OFFSETS = repeat(LANE_OFFSET)  # endless: ``map`` stops with the lanes
NEVER_SHOWN = -(1 << 29)  # the weight of a word that never explains a verdict: far below any
# share of pairs a word can get (< 2 ** 18), and small enough for ``sorted``'s fast path for ints


INSIDE_FAMILY = "community"
INSIDE_ACTIVITIES = ("dialogue", "moderation", "content", "listening", "strategy", "reporting", "other")
FAMILY_ACTIVITY = {
    "advertising": "advertising",
    "customer_service": "customer_service",
    "other": "other",
    "own_business": "other",
}
_ACTIVITY_OF_FAMILY = {**FAMILY_ACTIVITY, INSIDE_FAMILY: ""}  # inside: decided among the activities


if TYPE_CHECKING:

    class Decision(NamedTuple):
        """What the model decides for one line, before any correction of the user's (a named
        tuple: one is made for every line of a batch)."""

        family: str
        category: str
        activity: str
        confidence: float  # the family's probability, 0..1
        unsure: bool  # too close to call: the app asks, the CLI says it picked the likeliest
        weighing: tuple[str, ...] = ()  # the words (folded) that pushed most towards the category

else:  # the same named tuple, made without importing typing (`check "…"` never does)
    Decision = namedtuple(
        "Decision", ("family", "category", "activity", "confidence", "unsure", "weighing"), defaults=((),)
    )
    Decision.__doc__ = """What the model decides for one line, before any correction of the user's."""


def decide(model: Model, text: str) -> Decision:
    """Family first (its probability is the confidence), then the category within that
    family, then the activity: among the role's own activities for an inside task, the
    family's for an outside one."""
    return model.decide(text)


def softmax(values: Sequence[float], temperature: float) -> list[float]:
    """Scores → probabilities that add up to 1 (a higher temperature spreads them)."""
    top = max(values)  # exp((value - top) / temperature), then each divided by their sum, in C
    exps = list(
        map(math.exp, map(operator.truediv, map(operator.sub, values, repeat(top)), repeat(temperature)))
    )
    return list(map(operator.truediv, exps, repeat(sum(exps))))


def feature_index(names: Sequence[str]) -> bytes:
    """The index written after the weights: where each name starts in the names (``n + 1``
    offsets, the last one past the end), then an open-addressing hash table of
    ``2 ** k >= 2 n`` slots keyed by the CRC-32 of the name's UTF-8 bytes, each slot holding
    the feature's row + 1 (0: empty); all little-endian 32-bit unsigned integers."""
    encoded = [name.encode("utf-8") for name in names]
    offsets = array("I", [0])
    for name in encoded:
        offsets.append(offsets[-1] + len(name) + 1)  # and the "\n" that follows it
    slots = 1 << max(4, (2 * len(encoded) - 1).bit_length())
    table = array("I", bytes(4 * slots))
    for row, name in enumerate(encoded):
        slot = zlib.crc32(name) & (slots - 1)
        while table[slot]:
            slot = (slot + 1) & (slots - 1)
        table[slot] = row + 1
    if sys.byteorder != "little":
        offsets.byteswap()
        table.byteswap()
    return offsets.tobytes() + table.tobytes()


class FeatureIndex:
    """A feature's name → its row, read in the model file's hash table (:func:`feature_index`):
    nothing is built when the model is loaded, which is what a single ``cm-coach check``
    needs. Past :data:`LOOKUPS_BEFORE_DICT` look-ups (a batch), a plain dict is built once."""

    def __init__(self, names_blob: memoryview, offsets: Sequence[int], table: Sequence[int]) -> None:
        self._blob = names_blob
        self._offsets = offsets
        self._table = table
        self._mask = len(table) - 1
        self._left = LOOKUPS_BEFORE_DICT
        self._dict: dict[str, int] | None = None
        self._names: list[str] | None = None

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def names(self) -> list[str]:
        """Every name, in row order (decoded when first asked)."""
        if self._names is None:
            self._names = bytes(self._blob).decode("utf-8").split("\n") if self._blob else []
        return self._names

    def expect_many(self) -> None:
        """Build the dict now: a batch is about to look up many names (each a C look-up
        then, not a CRC-32 and a probe in Python)."""
        if self._dict is None:
            self._dict = dict(zip(self.names(), range(len(self)), strict=True))

    def many_expected(self) -> bool:
        """Whether a batch is being decided (:meth:`expect_many` was called)."""
        return self._dict is not None

    def finder(self) -> Callable[[str], int | None]:
        """:meth:`get` itself, or the dict's own ``get`` once the dict is built (a C call)."""
        return self._dict.get if self._dict is not None else self.get

    def get(self, name: str) -> int | None:
        """The row of ``name``, or None when the model does not know it."""
        if self._dict is not None:
            return self._dict.get(name)
        self._left -= 1
        if not self._left:
            self.expect_many()
            return self.get(name)
        key = name.encode("utf-8")
        table, offsets, blob, mask = self._table, self._offsets, self._blob, self._mask
        slot = zlib.crc32(key) & mask
        while row := table[slot]:
            row -= 1
            if blob[offsets[row] : offsets[row + 1] - 1] == key:
                return row
            slot = (slot + 1) & mask
        return None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None


LOOKUPS_BEFORE_DICT = 20_000  # a check looks up a few hundred names; a batch, many more
LINES_FOR_DICT = 1_000  # a batch of new lines this long looks up thousands of names


def _numbers(raw: bytes | mmap.mmap, start: int, count: int, code: Literal["h", "I"]) -> Sequence[int]:
    """``count`` little-endian numbers of type ``code`` at ``raw[start:]``, read in place."""
    size = array(code).itemsize
    end = start + count * size
    if end > len(raw):
        raise ValueError("the file is too short")
    if sys.byteorder == "little":  # no copy
        return memoryview(raw)[start:end].cast(code)
    swapped = array(code)
    swapped.frombytes(raw[start:end])
    swapped.byteswap()
    return swapped


def _mapped(path: Path) -> bytes | mmap.mmap:
    """The file's bytes, mapped rather than read: a process reads only the pages of the rows
    it uses (a single ``check`` touches a few dozen of the file's thousand pages)."""
    with path.open("rb") as handle:
        try:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):  # an empty file, or one that cannot be mapped
            return handle.read()


def read_model(path: Path) -> Model:
    """Load a model file, refusing anything that is not one (a clear ContentError)."""
    try:
        raw = _mapped(path)
    except OSError as error:
        raise ContentError(str(path), None, f"cannot read the judgement model: {error}") from None
    if raw[:4] != MAGIC:
        raise ContentError(str(path), None, "not a cm-coach judgement model")
    try:
        header_size = int.from_bytes(raw[4:8], "little")
        header = json.loads(raw[8 : 8 + header_size])
        if header.get("format") != FORMAT_VERSION:
            raise ValueError(f"format {header.get('format')}")
        names_start = 8 + header_size
        names_end = names_start + header["names_bytes"]
        features, slots = header["features"], header["index_slots"]
        width = len(header["families"]) + len(header["categories"]) + len(header["activities"])
        weights = _numbers(raw, names_end, width * features, "h")
        offsets = _numbers(raw, names_end + 2 * width * features, features + 1, "I")
        table = _numbers(raw, names_end + 2 * width * features + 4 * (features + 1), slots, "I")
        if (
            names_end + 2 * width * features + 4 * (features + 1 + slots) != len(raw)
            or len(header["bias"]) != width
            or slots & (slots - 1)
            or offsets[features] != header["names_bytes"] + 1
        ):
            raise ValueError("sizes do not match")
    except (ValueError, KeyError, TypeError) as error:
        raise ContentError(str(path), None, f"damaged judgement model: {error}") from None
    return Model(header, FeatureIndex(memoryview(raw)[names_start:names_end], offsets, table), weights)


@cache
def shipped_model() -> Model:
    """The model shipped with cm-coach, loaded once per process."""
    return read_model(model_path())
