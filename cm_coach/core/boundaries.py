"""Role boundaries: is a task community management, which kind of work is it, and why.

Three sources decide, in this order:

1. the user's own **corrections** (``cm-coach teach``, a key in the app, an explicit
   ``--activity``), kept in the journal: a task worded the same or nearly the same way
   takes the corrected answer;
2. the user's own **phrases** (``boundaries.toml`` in the config folder): a task that
   contains one of them closely takes that category;
3. the **judgement model** (:mod:`cm_coach.core.model`), learned from a labelled corpus of
   the ways CMs write (``training/``).

The catalogue (``content/boundaries.toml``) gives every category its human words: label,
and why the article puts it inside or outside the role (who owns it instead). A verdict
too close to call is ``unsure``: it still carries the likeliest answer, and the shells say
so and ask.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from itertools import chain, compress, count, islice, repeat
from pathlib import Path

from cm_coach.core.catalogue import LANGS, bilingual, content_dir, read_toml
from cm_coach.core.features import TOKEN_WORDS, fold, line_features, words, words_of_tokens
from cm_coach.errors import CoachError, ContentError
from cm_coach.record import Record, field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `check "…"` never does
if TYPE_CHECKING:
    from typing import Any

    from cm_coach.core.model import Decision

SIDES = ("inside", "outside")
FAMILIES = {"inside": ("community",), "outside": ("advertising", "customer_service", "other", "own_business")}
ACTIVITIES = (
    "dialogue",
    "moderation",
    "content",
    "listening",
    "strategy",
    "reporting",
    "advertising",
    "customer_service",
    "other",
)
CORRECTION_SIMILARITY = 0.55  # cosine of the features: paraphrases of a corrected task follow it
PHRASE_MATCH = 90  # rapidfuzz partial ratio for one of the user's phrases
VERDICT_CACHE = 50_000  # per language
BATCH_LINES = 5_000  # lines decided together by classify_many
DECISION_CACHE = 100_000  # per language: distinct sequences of words met in batches


class Category(Record, frozen=False):
    """One kind of task in the catalogue: inside or outside the role, its family and activity, its words for
    the user, and the phrases that point to it (with where they came from: built in or the user's file)."""

    id: str
    side: str
    family: str
    activity: str
    always_warn: bool
    label: dict[str, str]
    explanation: dict[str, str]
    phrases: dict[str, list[str]] = field(default_factory=lambda: {lang: [] for lang in LANGS})
    source: str = "built-in"
    extended_by: list[str] = field(default_factory=list)


class Verdict(Record):
    """What cm-coach says of one task."""

    text: str
    verdict: str  # inside | outside | unsure (an unsure verdict still names the likeliest answer)
    category: str | None
    family: str | None
    activity: str | None
    score: int  # how sure, 0–100
    matched: str | None  # the task's words that weighed most, « coms … insta »
    phrase: str | None  # the user's phrase or corrected task that decided, if one did
    label: str | None
    reason: str | None
    always_warn: bool = False
    source: str = "model"  # model | phrase | correction

    def as_json(self) -> dict[str, Any]:
        """The verdict as ``check --json`` prints it, one key a field (``check`` adds ``agreed``)."""
        return {
            "text": self.text,
            "verdict": self.verdict,
            "family": self.family,
            "category": self.category,
            "activity": self.activity,
            "score": self.score,
            "matched": self.matched,
            "reason": self.reason,
            "label": self.label,
            "phrase": self.phrase,
            "always_warn": self.always_warn,
            "source": self.source,
        }


class Correction(Record):
    """The user's answer for a task's wording; ``None`` fields keep the model's answer
    (an activity-only correction keeps the verdict)."""

    text: str
    family: str | None
    category: str | None
    activity: str | None
    uid: str = ""


def text_key(text: str) -> str:
    """Two wordings that only differ by case, accents, punctuation or spacing are one."""
    return " ".join(words(text))


# --- the catalogue ----------------------------------------------------------------------------


def _parse_category(item: dict[str, Any], path: Path, *, partial: bool) -> dict[str, Any]:
    """Check one ``[[category]]``. ``partial`` allows a user entry that only adds phrases."""
    category_id = item.get("id")
    entry = f"category '{category_id}'"
    if not isinstance(category_id, str) or not category_id.strip():
        raise ContentError(str(path), "category", "missing 'id'")
    parsed: dict[str, Any] = {"id": category_id}
    if not partial or "side" in item:
        side = item.get("side")
        if side not in SIDES:
            raise ContentError(str(path), entry, "'side' must be 'inside' or 'outside'")
        family = item.get("family")
        if family not in FAMILIES[side]:
            raise ContentError(
                str(path), entry, f"'family' must be one of {', '.join(FAMILIES[side])} for {side}"
            )
        activity = item.get("activity")
        if activity not in ACTIVITIES:
            raise ContentError(str(path), entry, f"unknown activity {activity!r}")
        parsed.update(
            side=side,
            family=family,
            activity=activity,
            always_warn=bool(item.get("always_warn", False)),
            label=bilingual(item.get("label"), path, entry, "label"),
            explanation=bilingual(item.get("explanation"), path, entry, "explanation"),
        )
    phrases = item.get("phrases", {})
    if not isinstance(phrases, dict) or set(phrases) - set(LANGS):
        raise ContentError(str(path), entry, "'phrases' must be a table with fr and en lists")
    parsed["phrases"] = {}
    for lang in LANGS:
        values = phrases.get(lang, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise ContentError(str(path), entry, f"'phrases.{lang}' must be a list of texts")
        for value in values:
            from cm_coach.core.textnorm import tokens  # only for the user's own phrases

            if not tokens(value):  # stop words only: it would match anything
                raise ContentError(str(path), entry, f"phrase {value!r} has no meaningful word")
        parsed["phrases"][lang] = list(values)
    return parsed


def parse_catalogue(data: dict[str, Any], path: Path) -> list[Category]:
    """Check the built-in catalogue (at least one category, no id twice) and build its categories."""
    items = data.get("category")
    if not isinstance(items, list) or not items:
        raise ContentError(str(path), None, "no [[category]] entries")
    seen: set[str] = set()
    categories = []
    for item in items:
        parsed = _parse_category(item, path, partial=False)
        if parsed["id"] in seen:
            raise ContentError(str(path), f"category '{parsed['id']}'", "duplicate id")
        seen.add(parsed["id"])
        categories.append(Category(**parsed))
    return categories


def merge_user_catalogue(categories: list[Category], path: Path) -> list[Category]:
    """Add the user's phrases and categories. Unknown ids must be complete categories."""
    if not path.exists():
        return categories
    data = read_toml(path)
    items = data.get("category", [])
    if not isinstance(items, list):
        raise ContentError(str(path), None, "[[category]] entries expected")
    by_id = {category.id: category for category in categories}
    for item in items:
        if not isinstance(item, dict):
            raise ContentError(str(path), None, "[[category]] entries expected")
        known = item.get("id") in by_id
        parsed = _parse_category(item, path, partial=known)
        if known:
            target = by_id[parsed["id"]]
            for lang in LANGS:
                target.phrases[lang] = target.phrases[lang] + parsed["phrases"][lang]
            target.extended_by.append(str(path))
        else:
            category = Category(**parsed, source=str(path))
            categories.append(category)
            by_id[category.id] = category
    return categories


@cache
def builtin_catalogue_path() -> Path:
    """The shipped ``boundaries.toml``."""
    return content_dir() / "boundaries.toml"


def load_categories(user_file: Path | None) -> list[Category]:
    """The built-in categories, with the user's phrases and categories added when ``user_file`` is given."""
    path = builtin_catalogue_path()
    categories = parse_catalogue(read_toml(path), path)
    if user_file is not None:
        try:
            categories = merge_user_catalogue(categories, user_file)
        except ContentError as error:  # the user's own file: their input, said in their language
            raise user_file_error(error) from None
    return categories


def user_file_error(error: ContentError) -> CoachError:
    """A broken boundaries file of the user's as a refusal (exit code 2) in their language,
    the line and column of a syntax error given in it; the parser's detail is kept as it is."""
    from cm_coach.core.catalogue import placed_problem

    where, problem = placed_problem(error)
    return CoachError(
        "boundaries.errors.user_file_broken", path=error.path, where=where or "", problem=problem
    )


# --- the judge ------------------------------------------------------------------------------


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(key, 0.0) for key, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


class Judge:
    """Built once per process; :meth:`classify` is cheap afterwards."""

    def __init__(self, categories: list[Category]) -> None:
        from cm_coach.core.model import shipped_model

        self.categories = categories
        self.by_id = {category.id: category for category in categories}
        self.model = shipped_model()
        missing = set(self.model.categories) - set(self.by_id)
        if missing:
            raise ContentError(str(builtin_catalogue_path()), None, f"the model knows {sorted(missing)}")
        self._phrases = [
            (fold(phrase), phrase, category)
            for category in categories
            for lang in LANGS
            for phrase in category.phrases[lang]
        ]
        self._corrections: dict[str, tuple[Correction, dict[str, float]]] = {}
        self._model_fields = {  # the fields of a model's verdict that follow from its category
            (category.id, lang, unsure): {
                "verdict": "unsure" if unsure else category.side,
                "category": category.id,
                "family": category.family,
                "phrase": None,
                "label": category.label[lang],
                "reason": category.explanation[lang],
                "always_warn": category.always_warn,
                "source": "model",
            }
            for category in categories
            for lang in LANGS
            for unsure in (False, True)
        }
        self._verdicts: dict[str, dict[str, Verdict]] = {}  # by language, then text (no key tuple a line)
        self._batch_fields = _BatchFields(self._model_fields)
        self._decided: dict[
            str, dict[tuple[tuple[str, ...], ...], tuple[dict[str, Any], tuple[int, ...]]]
        ] = {}

    # --- corrections --------------------------------------------------------------------------

    def learn(self, corrections: Iterable[Correction]) -> None:
        """Use these corrections from now on (they replace the previous ones)."""
        self._corrections = {
            text_key(item.text): (item, line_features(item.text))
            for item in corrections
            if text_key(item.text)
        }
        self._verdicts.clear()
        self._decided.clear()

    @property
    def corrections(self) -> list[Correction]:
        """The corrections in use, as last given to :meth:`learn`."""
        return [item for item, _ in self._corrections.values()]

    def _correction_for(self, text: str) -> Correction | None:
        if not self._corrections:
            return None
        exact = self._corrections.get(text_key(text))
        if exact is not None:
            return exact[0]
        features = line_features(text)
        best, similarity = None, CORRECTION_SIMILARITY
        for item, known in self._corrections.values():
            value = _cosine(features, known)
            if value >= similarity:
                best, similarity = item, value
        return best

    def _phrase_for(self, text: str) -> tuple[str, Category] | None:
        if not self._phrases:
            return None
        from rapidfuzz import fuzz

        folded = fold(text)
        best = None
        for folded_phrase, phrase, category in self._phrases:
            score = fuzz.partial_ratio(folded_phrase, folded) if len(folded_phrase) <= len(folded) else 0
            if score >= PHRASE_MATCH and (best is None or score > best[0]):
                best = (score, phrase, category)
        return (best[1], best[2]) if best else None

    # --- classifying ----------------------------------------------------------------------------

    def classify(self, text: str, lang: str = "fr") -> Verdict:
        """The verdict for one task (the same text gives the same object back)."""
        verdicts = self._verdicts.get(lang)
        if verdicts is None:
            verdicts = self._verdicts[lang] = {}
        verdict = verdicts.get(text)
        if verdict is None:
            verdict = self._classify(text, lang)
            if len(verdicts) >= VERDICT_CACHE:
                verdicts.clear()
            verdicts[text] = verdict
        return verdict

    def classify_many(self, texts: Iterable[str], lang: str = "fr") -> list[Verdict]:
        """``[self.classify(text, lang) for text in texts]``, faster for a batch (an import,
        a whole journal, a benchmark): lines are taken :data:`BATCH_LINES` at a time, the
        model decides each distinct sequence of words once (:meth:`Model.decide_many`,
        output by output across the lines), and the cyclic garbage collector is paused
        while it runs (a batch makes many small objects and frees none of them in cycles)."""
        if self._phrases or self._corrections:  # each line looks at the user's own words
            return [self.classify(text, lang) for text in texts]
        found: list[Verdict] = []
        with _collector_paused():
            for verdicts in self._chunks_decided(texts, lang):
                found += verdicts
        return found

    def classify_batches(self, texts: Iterable[str], lang: str = "fr") -> Iterator[Verdict]:
        """The verdicts of :meth:`classify_many`, given out batch by batch
        (:data:`BATCH_LINES` lines at a time): a long input (``check - < FILE``) is answered
        at the batch speed without waiting for its end, nor holding all its verdicts."""
        if self._phrases or self._corrections:  # each line looks at the user's own words
            yield from map(self.classify, texts, repeat(lang))
            return
        chunks = self._chunks_decided(texts, lang)
        try:
            while True:
                with _collector_paused():  # while a batch is decided, not while it is printed
                    found = next(chunks, None)
                if found is None:
                    return
                yield from found
        finally:
            chunks.close()

    def _chunks_decided(self, texts: Iterable[str], lang: str) -> Generator[list[Verdict], None, None]:
        """The verdicts of ``texts`` chunk by chunk (:data:`BATCH_LINES` lines), two chunks
        at a time on two processes where that is safe and pays
        (:mod:`cm_coach.core.batch_workers`): the same verdicts either way."""
        chunks = _batches(texts, BATCH_LINES)
        first = next(chunks, None)
        if first is None:
            return
        second = next(chunks, None)
        if second is None:  # one chunk: no second process to share it with
            yield self._classify_chunk(first, lang)
            return
        from cm_coach.core.batch_workers import in_pairs  # only for long batches

        def decide(chunk: list[str]) -> list[Verdict]:
            return self._classify_chunk(chunk, lang)

        def remember(chunk: list[str], verdicts: list[Verdict]) -> None:
            self._remember(chunk, verdicts, lang)

        yield from in_pairs(chain((first, second), chunks), decide, remember)

    def _remember(self, texts: list[str], verdicts: list[Verdict], lang: str) -> None:
        """Keep verdicts decided elsewhere (another process) as :meth:`_classify_chunk`
        keeps its own: the same text gives the same object back afterwards."""
        known = self._verdicts.setdefault(lang, {})
        if len(known) + len(texts) > VERDICT_CACHE:
            known.clear()
        known.update(zip(texts, verdicts, strict=True))

    def _classify_chunk(self, texts: Sequence[str], lang: str) -> list[Verdict]:
        """:meth:`classify_many` for a few thousand lines: the verdicts already given come
        from the cache, the model decides the new sequences of words together, then each
        line's verdict is its sequence's fields with its own text and typed words."""
        verdicts = self._verdicts.setdefault(lang, {})
        known = list(map(verdicts.get, texts))
        if None not in known:
            return known  # type: ignore[return-value]
        decided = self._decided.setdefault(lang, {})
        if len(decided) >= DECISION_CACHE:
            decided.clear()
        words_of = TOKEN_WORDS.__getitem__
        rows = list(compress(range(len(texts)), map(operator.is_, known, repeat(None))))
        tokens_of = list(map(str.split, map(texts.__getitem__, rows)))
        parts_of = list(map(tuple, map(map, repeat(words_of), tokens_of)))
        new = [parts for parts in dict.fromkeys(parts_of) if parts not in decided]
        if new:
            self._decide_new(new, lang, decided)
        if len(verdicts) + len(rows) > VERDICT_CACHE:
            verdicts.clear()
        for row, tokens, parts in zip(rows, tokens_of, parts_of, strict=True):
            text = texts[row]
            known[row] = verdicts[text] = _verdict_of(decided[parts], text, tokens)
        return known  # type: ignore[return-value]

    def _decide_new(
        self,
        new: list[tuple[tuple[str, ...], ...]],
        lang: str,
        decided: dict[tuple[tuple[str, ...], ...], tuple[dict[str, Any], tuple[int, ...]]],
    ) -> None:
        """:meth:`_fields_of` of many sequences of words, stored in ``decided``: the model
        decides them together (:meth:`Model.decide_columns`, no decision object a line) and
        says where each line's shown words are, so the tokens that hold them are found
        without looking at every token (:func:`_shown_at`)."""
        lines = list(map(list, map(_chain, new)))
        if not all(lines):  # no word at all: the biases alone decide
            for parts, found in zip(new, lines, strict=True):
                if not found:
                    decided[parts] = self._fields_of(parts, self.model.decide_words(found), lang)
            new = [parts for parts, found in zip(new, lines, strict=True) if found]
            lines = [found for found in lines if found]
            if not new:
                return
        _, categories, activities, confidences, unsure, weighings, positions = self.model.decide_columns(
            lines
        )
        scores = map(round, map(operator.mul, confidences, repeat(100)))
        fields = map(
            self._batch_fields.__getitem__, zip(categories, repeat(lang), unsure, activities, scores)
        )
        if len(_GAPPED) > GAPPED_CACHE:
            _GAPPED.clear()
        sizes = list(map(len, lines))
        tokens = list(map(len, new))
        # most lines: each token holds one word, and each shown word is said once: the k-th
        # word is the k-th token, so the shown tokens are the shown words' positions (with
        # their gaps); the others go through _shown_at
        direct = list(
            map(
                operator.and_,
                map(operator.and_, map(operator.eq, tokens, sizes), map(all, new)),
                map(operator.is_not, positions, repeat(None)),
            )
        )
        ways = (
            map(_shown_at, *_others(direct, new, sizes, weighings, positions)),
            map(_GAPPED.__getitem__, zip(compress(positions, direct), compress(tokens, direct), strict=True)),
        )
        shown = map(next, map(ways.__getitem__, direct))
        decided.update(zip(new, zip(fields, shown, strict=True), strict=True))

    def iter_classify(self, texts: Iterable[str], lang: str = "fr") -> Iterator[Verdict]:
        """The verdicts of ``texts`` one by one as they come (``check -`` reads them from a
        pipe), the same as :meth:`classify` gives. Lines that differ only by case, accents
        or punctuation inside a word (a fifth of a real batch) are the same words: the
        model decides once per distinct sequence of words, and the words shown as
        "spotted" are found once too (which of the line's tokens hold them)."""
        if self._phrases or self._corrections:  # each line looks at the user's own words
            yield from map(self.classify, texts, repeat(lang))
            return
        verdicts = self._verdicts.setdefault(lang, {})
        decided = self._decided.setdefault(lang, {})
        split, words_of = str.split, TOKEN_WORDS.__getitem__
        for text in texts:
            verdict = verdicts.get(text)
            if verdict is not None:
                yield verdict
                continue
            tokens = split(text)
            parts = tuple(map(words_of, tokens))
            known = decided.get(parts)
            if known is None:
                if len(decided) >= DECISION_CACHE:
                    decided.clear()
                found = list(_chain(parts))
                known = decided[parts] = self._fields_of(parts, self.model.decide_words(found), lang)
            verdict = _verdict_of(known, text, tokens)
            if len(verdicts) >= VERDICT_CACHE:
                verdicts.clear()
            verdicts[text] = verdict
            yield verdict

    def _fields_of(
        self, parts: tuple[tuple[str, ...], ...], decision: Decision, lang: str
    ) -> tuple[dict[str, Any], tuple[int, ...]]:
        """For a line whose tokens hold the words ``parts`` and the model's decision: the
        fields of its verdict but its text and "spotted" words (as :meth:`_classify` sets
        them), and the indices of the tokens to show (:func:`_shown_tokens`), ``len(parts)``
        where a gap « … » is."""
        score = round(decision.confidence * 100)
        fields = self._batch_fields[decision.category, lang, decision.unsure, decision.activity, score]
        return fields, _shown_tokens(parts, decision.weighing)

    def _classify(self, text: str, lang: str) -> Verdict:
        if not self._phrases and not self._corrections:  # the usual case: the model decides
            tokens = text.split()
            decision = self.model.decide_words(words_of_tokens(tokens))
            return _verdict(
                {
                    **self._model_fields[decision.category, lang, decision.unsure],
                    "text": text,
                    "activity": decision.activity,
                    "score": round(decision.confidence * 100),
                    "matched": _typed_words(text, tokens, decision.weighing) or None,
                }
            )
        decision = self.model.decide(text)
        category = self.by_id[decision.category]
        activity = decision.activity
        unsure = decision.unsure
        score = round(decision.confidence * 100)
        source, phrase = "model", None
        found = self._phrase_for(text)
        if found is not None:
            phrase, category = found
            activity = category.activity if category.family != decision.family else activity
            unsure, score, source = False, 100, "phrase"
        correction = self._correction_for(text)
        if correction is not None:
            if correction.category is not None:
                category = self.by_id.get(correction.category, category)
            elif correction.family is not None and correction.family != category.family:
                category = self._likeliest_of_family(text, correction.family)
            activity = correction.activity or (activity if category.side == "inside" else category.activity)
            if category.side == "outside":
                activity = category.activity
            unsure, score, source, phrase = False, 100, "correction", correction.text
        weighing: tuple[str, ...] | list[str] = decision.weighing
        if category.id != decision.category:  # the user's phrase or correction chose another
            weighing = (
                self.model.weighing_words(text, category.id) if category.id in self.model.categories else []
            )
        return Verdict(
            text=text,
            verdict="unsure" if unsure else category.side,
            category=category.id,
            family=category.family,
            activity=activity,
            score=score,
            matched=_as_typed(text, weighing) or None,
            phrase=phrase,
            label=category.label[lang],
            reason=category.explanation[lang],
            always_warn=category.always_warn,
            source=source,
        )

    def _likeliest_of_family(self, text: str, family: str) -> Category:
        scores = self.model.scores(text)
        ranked = sorted(
            zip(scores.category, self.model.categories, strict=True), reverse=True
        )  # the model's best guess within the family the user chose
        for _, category_id in ranked:
            if self.by_id[category_id].family == family:
                return self.by_id[category_id]
        return next(c for c in self.categories if c.family == family)


def _verdict(fields: dict[str, Any]) -> Verdict:
    """The same frozen :class:`Verdict` as ``Verdict(**fields)``, without the dataclass's
    ``__init__`` (one ``object.__setattr__`` per field: a sixth of a batch's time).
    ``fields`` must name every field (a test checks both ways agree)."""
    verdict = _new_object(Verdict)
    _set_attribute(verdict, "__dict__", fields)
    return verdict


_new_object = object.__new__
_set_attribute = object.__setattr__


def _verdict_of(decided: tuple[dict[str, Any], tuple[int, ...]], text: str, tokens: list[str]) -> Verdict:
    """A line's verdict from its words' decision (the fields every line with these words
    shares, and which of its tokens hold the "spotted" words), its own text and tokens."""
    fields, shown = decided
    fields = fields.copy()
    fields["text"] = text
    if shown:
        fields["matched"] = _joined(tokens, shown) or None
    verdict = _new_object(Verdict)
    _set_attribute(verdict, "__dict__", fields)
    return verdict


_PUNCTUATION = ",;:.!?()[]«»\"'"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a batch is decided: a batch makes many small
    objects and frees none of them in cycles, so the collector's walks find nothing."""
    import gc  # here: ``check "…"`` never imports it

    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class _BatchFields(dict):
    """(category, language, unsure, activity, score) → the fields of a model's verdict but
    its text and "spotted" words, built on first use (a few hundred in all: each line copies
    its sequence's fields)."""

    def __init__(self, model_fields: Mapping[tuple[str, str, bool], Mapping[str, Any]]) -> None:
        super().__init__()
        self._model_fields = model_fields

    def __missing__(self, key: tuple[str, str, bool, str, int]) -> dict[str, Any]:
        category, lang, unsure, activity, score = key
        fields = self[key] = {
            **self._model_fields[category, lang, unsure],
            "text": "",
            "activity": activity,
            "score": score,
            "matched": None,
        }
        return fields


def _shown_at(
    parts: tuple[tuple[str, ...], ...], size: int, folded: tuple[str, ...], positions: tuple[int, ...] | None
) -> tuple[int, ...]:
    """:func:`_shown_tokens` of a line of ``size`` words whose shown words ``folded`` are
    its words at ``positions`` (each said once: ``None`` otherwise). When no token holds
    two words, the ``k``-th word is in the ``k``-th token that holds one: the shown tokens
    are those, and no other token needs a look."""
    if positions is not None:
        holding = list(compress(count(), parts))
        if len(holding) == size:
            return _GAPPED[tuple(map(holding.__getitem__, positions)), len(parts)]
    return _shown_tokens(parts, folded)


def _others(chosen: list[bool], *columns: Sequence[Any]) -> list[Iterator[Any]]:
    """Each column's items at the rows not ``chosen``."""
    left = list(map(operator.not_, chosen))
    return [compress(column, left) for column in columns]


class _Gapped(dict):
    """(the indices of the shown tokens, how many tokens) → the same indices with the
    number of tokens where a gap « … » is (see :func:`_shown_tokens`), built on first use."""

    def __missing__(self, key: tuple[tuple[int, ...], int]) -> tuple[int, ...]:
        found = self[key] = _with_gaps(*key)
        return found


_GAPPED = _Gapped()
GAPPED_CACHE = 100_000
_MARKS = repeat(_PUNCTUATION)  # endless: ``map`` stops with the tokens
_chain = chain.from_iterable


def _batches(items: Iterable[str], size: int) -> Iterator[list[str]]:
    """``items`` ``size`` at a time (``itertools.batched`` from Python 3.12 on)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _as_typed(text: str, folded: list[str] | tuple[str, ...]) -> str:
    """The words of ``text`` as the user typed them whose folded form is in ``folded``,
    in order, « … » for the gaps."""
    return _typed_words(text, text.split(), folded)


def _typed_words(text: str, tokens: list[str], folded: list[str] | tuple[str, ...]) -> str:
    """:func:`_as_typed` with ``text.split()`` already done."""
    if not folded:
        return ""
    return _joined(tokens, _shown_tokens(tuple(map(TOKEN_WORDS.__getitem__, tokens)), folded))


def _shown_tokens(parts: Sequence[tuple[str, ...]], folded: Iterable[str]) -> tuple[int, ...]:
    """Which tokens hold one of the ``folded`` words (``parts``: each token's words), in
    order, with ``len(parts)`` where a gap « … » is marked (see :func:`_joined`)."""
    holding = compress(count(), map(operator.not_, map(frozenset(folded).isdisjoint, parts)))
    return _with_gaps(holding, len(parts))


def _with_gaps(indices: Iterable[int], size: int) -> tuple[int, ...]:
    """Increasing token indices with ``size`` (the index of « … ») between two that do not
    follow each other."""
    shown: list[int] = []
    previous = -2
    for index in indices:
        if shown and index > previous + 1:
            shown.append(size)
        shown.append(index)
        previous = index
    return tuple(shown)


def _joined(tokens: list[str], shown: tuple[int, ...]) -> str:
    """The tokens at ``shown`` as the user typed them, without their punctuation, « … » for
    the gaps (the index ``len(tokens)``)."""
    return " ".join(filter(None, map(str.strip, map([*tokens, "…"].__getitem__, shown), _MARKS)))


_judges: dict[str | None, Judge] = {}


def classifier(user_file: Path | None = None) -> Judge:
    """The process-wide judge (catalogue and model read once)."""
    key = str(user_file) if user_file else None
    if key not in _judges:
        _judges[key] = Judge(load_categories(user_file))
    return _judges[key]
