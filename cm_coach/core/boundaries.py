"""Role boundaries: say whether a task is community management, and why.

The catalogue (``content/boundaries.toml`` plus the user's own file) lists categories
inside and outside the role, each with example phrases in French and English. A task is
normalised (:mod:`cm_coach.core.textnorm`) and compared word by word with the phrases
that share a word with it. Word similarity uses rapidfuzz and is cached per word, so a
batch of tasks costs a few dictionary look-ups each once the vocabulary is warm.

Rules that matter more than scores:
* an outside part wins in a mixed task ("reply to comments and process complaints");
* a category may *override* an outside family (e-reputation stays inside even when the
  trigger is an unhappy customer going viral);
* nothing good enough → ``unsure``, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from cm_coach.core import textnorm
from cm_coach.core.content import LANGS, bilingual, content_dir, read_toml
from cm_coach.core.textnorm import STOP_WORDS, tokens, words
from cm_coach.errors import ContentError

SIDES = ("inside", "outside")
FAMILIES = {"inside": ("community",), "outside": ("advertising", "customer_service", "other")}
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

INSIDE_THRESHOLD = 75
OUTSIDE_THRESHOLD = 80
PREFIX_SIMILARITY = 90
FUZZY_CUTOFF = 84
MIN_PREFIX = 4
MIN_FUZZY = 5
PREFIX_MIN_RATIO = 0.75  # "chat" must not pass for "chatbot"
CUE_SCORE = 82  # one word found only in one outside category's phrases
CUE_BONUS = 8  # each further such word
CUE_MIN_PHRASES = 2


@dataclass
class Category:
    id: str
    side: str
    family: str
    activity: str
    always_warn: bool
    label: dict[str, str]
    explanation: dict[str, str]
    phrases: dict[str, list[str]]
    overrides: tuple[str, ...] = ()
    source: str = "built-in"
    extended_by: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Verdict:
    """What the classifier says of one task."""

    text: str
    verdict: str  # inside | outside | unsure
    category: str | None
    family: str | None
    activity: str | None
    score: int
    matched: str | None  # the words of the task that matched, « campagnes … ads »
    phrase: str | None  # the catalogue phrase they matched
    label: str | None
    reason: str | None
    always_warn: bool = False

    def as_json(self) -> dict[str, Any]:
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
        }


# --- loading --------------------------------------------------------------------------------


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
            overrides=tuple(item.get("overrides", ())),
        )
    phrases = item.get("phrases", {})
    if not isinstance(phrases, dict) or set(phrases) - set(LANGS):
        raise ContentError(str(path), entry, "'phrases' must be a table with fr and en lists")
    parsed["phrases"] = {}
    for lang in LANGS:
        values = phrases.get(lang, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise ContentError(str(path), entry, f"'phrases.{lang}' must be a list of texts")
        if not partial and not values:
            raise ContentError(str(path), entry, f"'phrases.{lang}' is empty")
        for value in values:
            if not tokens(value):
                raise ContentError(str(path), entry, f"phrase {value!r} has no meaningful word")
        parsed["phrases"][lang] = list(values)
    return parsed


def parse_catalogue(data: dict[str, Any], path: Path) -> list[Category]:
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


# --- the classifier ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Phrase:
    category: int
    text: str
    tokens: tuple[str, ...]
    weights: tuple[int, ...]


class Classifier:
    """Built once per process from a catalogue; :meth:`classify` is cheap afterwards."""

    def __init__(self, categories: list[Category], neutral: frozenset[str] = frozenset()) -> None:
        self.categories = categories
        self.phrases: list[_Phrase] = []
        self.by_token: dict[str, list[int]] = {}
        self.by_prefix: dict[str, set[str]] = {}
        for index, category in enumerate(categories):
            for lang in LANGS:
                for text in category.phrases[lang]:
                    stems = tuple(tokens(text))
                    phrase = _Phrase(index, text, stems, tuple(len(s) for s in stems))
                    phrase_id = len(self.phrases)
                    self.phrases.append(phrase)
                    for stem in stems:
                        self.by_token.setdefault(stem, []).append(phrase_id)
                        self.by_prefix.setdefault(stem[:MIN_PREFIX], set()).add(stem)
        self.vocabulary = list(self.by_token)
        self._word_cache: dict[str, tuple[tuple[str, int], ...]] = {}
        self.cues = self._find_cues(neutral or frozenset())

    def _find_cues(self, neutral: frozenset[str]) -> dict[str, int]:
        """Words that, alone, point at one category: used in several of its phrases and in
        no phrase of any other category (platform names and such are declared neutral)."""
        cues: dict[str, int] = {}
        for stem, phrase_ids in self.by_token.items():
            owners = {self.phrases[i].category for i in phrase_ids}
            if len(owners) != 1 or stem in neutral or len(stem) < 3:
                continue
            if len(phrase_ids) >= CUE_MIN_PHRASES:
                cues[stem] = owners.pop()
        return cues

    def _similar_vocabulary(self, stem: str) -> tuple[tuple[str, int], ...]:
        """Catalogue words close to ``stem``: itself, a shared prefix, or a typo away."""
        cached = self._word_cache.get(stem)
        if cached is not None:
            return cached
        found: dict[str, int] = {}
        if stem in self.by_token:
            found[stem] = 100
        if len(stem) >= MIN_PREFIX:
            for other in self.by_prefix.get(stem[:MIN_PREFIX], ()):
                short, long_ = sorted((stem, other), key=len)
                if other != stem and long_.startswith(short) and len(short) >= PREFIX_MIN_RATIO * len(long_):
                    found[other] = max(found.get(other, 0), PREFIX_SIMILARITY)
        if len(stem) >= MIN_FUZZY:
            for other in self.vocabulary:
                if len(other) >= MIN_FUZZY and abs(len(other) - len(stem)) <= 2 and other not in found:
                    similarity = fuzz.ratio(stem, other, score_cutoff=FUZZY_CUTOFF)
                    if similarity:
                        found[other] = int(similarity)
        result = tuple(found.items())
        if len(self._word_cache) > 200_000:
            self._word_cache.clear()
        self._word_cache[stem] = result
        return result

    def scores(self, text: str) -> list[tuple[int, int, _Phrase, dict[str, str]]]:
        """Best ``(score, n_words, phrase, hits)`` per category, best first."""
        task_stems = tokens(text)
        hits: dict[str, tuple[int, str]] = {}  # catalogue stem → (similarity, task stem)
        for task_stem in task_stems:
            for other, similarity in self._similar_vocabulary(task_stem):
                if similarity > hits.get(other, (0, ""))[0]:
                    hits[other] = (similarity, task_stem)
        candidates: set[int] = set()
        for other in hits:
            candidates.update(self.by_token[other])
        best: dict[int, tuple[int, int, _Phrase, dict[str, str]]] = {}
        for phrase_id in candidates:
            phrase = self.phrases[phrase_id]
            total = sum(phrase.weights)
            got = 0
            used: dict[str, str] = {}
            for stem, weight in zip(phrase.tokens, phrase.weights, strict=True):
                hit = hits.get(stem)
                if hit:
                    got += hit[0] * weight
                    used[stem] = hit[1]
            score = round(got / total)
            key = (score, len(phrase.tokens))
            current = best.get(phrase.category)
            if current is None or key > current[:2]:
                best[phrase.category] = (score, len(phrase.tokens), phrase, used)
        cue_hits: dict[int, dict[str, str]] = {}
        for other, (similarity, task_stem) in hits.items():
            category = self.cues.get(other)
            if category is not None and similarity >= PREFIX_SIMILARITY:
                cue_hits.setdefault(category, {})[other] = task_stem
        for category, used in cue_hits.items():
            score = min(100, CUE_SCORE + CUE_BONUS * (len(used) - 1))
            current = best.get(category)
            if current is None or score > current[0]:
                phrase_id = self.by_token[next(iter(used))][0]
                best[category] = (score, 1, self.phrases[phrase_id], used)
        return sorted(best.values(), key=lambda item: item[:2], reverse=True)

    def classify(self, text: str, lang: str = "fr") -> Verdict:
        ranked = self.scores(text)
        inside = next((r for r in ranked if self._category(r).side == "inside"), None)
        outside = next((r for r in ranked if self._category(r).side == "outside"), None)
        chosen = None
        if outside and outside[0] >= OUTSIDE_THRESHOLD:
            chosen = outside
            if inside and inside[0] >= OUTSIDE_THRESHOLD:
                overriding = self._category(inside).overrides
                if self._category(outside).family in overriding:
                    chosen = inside
        elif inside and inside[0] >= INSIDE_THRESHOLD:
            chosen = inside
        if chosen is None:
            best_score = ranked[0][0] if ranked else 0
            return Verdict(text, "unsure", None, None, None, best_score, None, None, None, None)
        category = self._category(chosen)
        score, _, phrase, used = chosen
        return Verdict(
            text=text,
            verdict=category.side,
            category=category.id,
            family=category.family,
            activity=category.activity,
            score=score,
            matched=_matched_words(text, set(used.values())),
            phrase=phrase.text,
            label=category.label[lang],
            reason=category.explanation[lang],
            always_warn=category.always_warn,
        )

    def _category(self, ranked_item: tuple) -> Category:
        return self.categories[ranked_item[2].category]


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _matched_words(text: str, stems: set[str]) -> str:
    """The task's own words (as typed) behind the matched stems, « … » for the gaps."""
    pieces: list[str] = []
    gap = False
    for match in _WORD.finditer(text):
        original = match.group()
        normalised = words(original)
        hit = bool(normalised) and normalised[-1] not in STOP_WORDS and textnorm.stem(normalised[-1]) in stems
        if hit:
            if gap and pieces:
                pieces.append("…")
            pieces.append(original)
            gap = False
        else:
            gap = True
    return " ".join(pieces)


@cache
def builtin_catalogue_path() -> Path:
    return content_dir() / "boundaries.toml"


def load_categories(user_file: Path | None) -> tuple[list[Category], frozenset[str]]:
    path = builtin_catalogue_path()
    data = read_toml(path)
    categories = parse_catalogue(data, path)
    neutral = data.get("neutral", {}).get("words", [])
    if not isinstance(neutral, list) or not all(isinstance(w, str) for w in neutral):
        raise ContentError(str(path), "neutral", "'words' must be a list of texts")
    if user_file is not None:
        categories = merge_user_catalogue(categories, user_file)
    return categories, frozenset(stem for word in neutral for stem in tokens(word))


_classifiers: dict[str | None, Classifier] = {}


def classifier(user_file: Path | None = None) -> Classifier:
    """The process-wide classifier (the catalogue is read and indexed once)."""
    key = str(user_file) if user_file else None
    if key not in _classifiers:
        categories, neutral = load_categories(user_file)
        _classifiers[key] = Classifier(categories, neutral)
    return _classifiers[key]
