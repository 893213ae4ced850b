"""Role boundaries: say whether a task is community management, and why.

The catalogue (``content/boundaries.toml`` plus the user's own file) lists categories
inside and outside the role, each with example phrases in French and English. A task is
normalised (:mod:`cm_coach.core.textnorm`: words, stop words, plural and endings) and its
words are looked up in an inverted index of the phrases' words; each phrase scores the
weighted share of its words found in the task (0–100).

How words count:
* exact stems, a stem with a leftover one-letter ending, or a near-spelling (rapidfuzz,
  cached per word) that keeps the first two letters and is not merely a longer or shorter
  word: "publicité" is not "publication", "mécontent" is not "content";
* a word weighs its length clamped to 4..8 letters (jargon such as "SAV", "CPC" or "ads"
  is not drowned), doubled when only one side of the boundary uses it and it is not
  declared neutral: a platform name alone does not make "LinkedIn Ads";
* a word used by several phrases of one family, spelt exactly, is a cue on its own.

Rules that matter more than scores:
* an outside part wins in a mixed task ("reply to comments and process complaints");
* but task words completing an inside phrase are explained by it, and an outside match
  then needs an unexplained, non-neutral word (or two unexplained words) of its own:
  "remonter les retours de la communauté à l'équipe produit" is not about returns;
* a category may *override* outside families when one of its phrases matches fully
  (e-reputation stays inside even when the trigger is an unhappy customer going viral);
* nothing good enough → ``unsure``, never a guess.

Speed: the validated, normalised index is kept in the cache folder between runs (see the
index cache below), decisions are remembered per set of meaningful task words and verdicts
per exact text, so a batch costs a few dictionary look-ups per task once warm.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from cm_coach.core import textnorm
from cm_coach.core.content import LANGS, bilingual, content_dir, read_toml
from cm_coach.core.textnorm import stems_of, tokens
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

INSIDE_THRESHOLD = 75  # an inside phrase must score this much
OUTSIDE_THRESHOLD = 80  # an outside phrase must score this much
FULL_MATCH = 90  # an inside phrase this complete explains the task words it uses
VARIANT_SIMILARITY = 95  # the same stem with a leftover one-letter ending
LEFTOVER_ENDINGS = ("e", "s", "x")
MIN_STEM_VARIANT = 4
FUZZY_CUTOFF = 84  # rapidfuzz ratio for a near-spelling
MIN_FUZZY = 5  # shorter words must be spelt right
FUZZY_KEEP = 2  # a near-spelling must keep the first letters
SHORT_WEIGHT = 4  # word weight = length clamped to SHORT_WEIGHT..LONG_WEIGHT
LONG_WEIGHT = 8
CUE_SIMILARITY = 95  # a word decides alone only when spelled as in the catalogue
CUE_SCORE = 82  # one cue word
CUE_BONUS = 8  # each further cue word of the same category
CUE_MIN_PHRASES = 2  # a cue is used by at least this many phrases of its family
DECISION_CACHE = 100_000  # decisions remembered per set of meaningful task words
VERDICT_CACHE = 50_000  # verdicts remembered per exact task text


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


class _Phrase(NamedTuple):
    category: int
    text: str
    tokens: tuple[str, ...]
    weights: tuple[int, ...]


class Match(NamedTuple):
    """One catalogue phrase (or a category's cue words) found in a task."""

    score: int  # 0–100: the weighted share of the phrase's words found in the task
    n_words: int
    phrase: _Phrase
    used: dict[str, str]  # catalogue stem → the task stem that matched it

    @property
    def key(self) -> tuple[int, int]:
        return (self.score, self.n_words)


class Classifier:
    """Built once per process from a catalogue; :meth:`classify` is cheap afterwards.

    Scoring goes through the inverted index: each catalogue word the task contains adds
    its weight × similarity to every phrase that uses it, so a task costs one addition per
    (word, phrase) pair rather than a fuzzy comparison per phrase.
    """

    def __init__(
        self,
        categories: list[Category],
        neutral: frozenset[str] = frozenset(),
        index: dict[str, Any] | None = None,
    ) -> None:
        """``index`` is what :meth:`index` returned for the same catalogue (kept in the cache
        folder between runs); without it the catalogue is normalised and indexed here."""
        self.categories = categories
        self.neutral = neutral
        self._side = [category.side == "outside" for category in categories]
        if index is None:
            index = self._build_index()
        self.phrases: list[_Phrase] = list(map(_Phrase._make, index["phrases"]))
        self.by_token: dict[str, list[int]] = index["by_token"]
        self.weight: dict[str, int] = index["weight"]
        self.cues: dict[str, int] = index["cues"]
        self._total: list[int] = index["total"]
        self._needed: list[float] = index["needed"]
        self._cue_phrase: dict[str, int] = index["cue_phrase"]
        self.by_start: dict[str, list[str]] = index["by_start"]
        self.vocabulary = list(self.by_token)
        self._by_stem_weighted = {stem: (self.weight[stem], ids) for stem, ids in self.by_token.items()}
        self._cue_words = frozenset(self.cues)
        self._word_cache: dict[str, tuple[tuple[str, int], ...]] = dict(index.get("similar", {}))
        self._decisions: dict[tuple[str, ...], Match | int] = {}
        self._verdicts: dict[tuple[str, str], Verdict] = {}

    def _build_index(self) -> dict[str, Any]:
        drafts = [
            (index, text, tuple(tokens(text)))
            for index, category in enumerate(self.categories)
            for lang in LANGS
            for text in category.phrases[lang]
        ]
        by_token: dict[str, list[int]] = {}
        for phrase_id, (_, _, stems) in enumerate(drafts):
            for stem in stems:
                by_token.setdefault(stem, []).append(phrase_id)
        weight = {
            stem: self._weight(stem, [drafts[i][0] for i in ids], self.neutral)
            for stem, ids in by_token.items()
        }
        phrases = [(index, text, stems, tuple(weight[s] for s in stems)) for index, text, stems in drafts]
        total = [sum(phrase[3]) for phrase in phrases]
        # the gain a phrase needs to count at all (scores are rounded to whole numbers)
        needed = [
            ((OUTSIDE_THRESHOLD if self._side[phrase[0]] else INSIDE_THRESHOLD) - 0.5) * phrase_total
            for phrase, phrase_total in zip(phrases, total, strict=True)
        ]
        cues = self._find_cues(by_token, [phrase[0] for phrase in phrases])
        by_start: dict[str, list[str]] = {}
        for stem in by_token:
            if len(stem) >= MIN_FUZZY:
                by_start.setdefault(stem[:FUZZY_KEEP], []).append(stem)
        return {
            "phrases": phrases,
            "by_token": by_token,
            "weight": weight,
            "cues": cues,
            "total": total,
            "needed": needed,
            # the phrase shown for a cue: the first of its category that uses the word
            "cue_phrase": {
                stem: next(i for i in by_token[stem] if phrases[i][0] == category)
                for stem, category in cues.items()
            },
            "by_start": by_start,
        }

    def index(self) -> dict[str, Any]:
        """The index as plain data, for the cache: phrases, weights, cues, and the
        near-spellings of every catalogue word (so that a task made of catalogue words
        never needs rapidfuzz)."""
        return {
            "phrases": [tuple(phrase) for phrase in self.phrases],
            "by_token": self.by_token,
            "weight": self.weight,
            "cues": self.cues,
            "total": self._total,
            "needed": self._needed,
            "cue_phrase": self._cue_phrase,
            "by_start": self.by_start,
            "similar": {stem: self._similar_vocabulary(stem) for stem in self.vocabulary},
        }

    def _weight(self, stem: str, owners: list[int], neutral: frozenset[str]) -> int:
        """How much a word counts in the phrases it belongs to.

        Longer words say more than short ones, but jargon and acronyms ("ads", "CPC", "SAV")
        mean a lot in few letters, so length is clamped to 4..8. A word found on both sides
        of the boundary, or declared neutral (platform names, everyday verbs), says nothing
        about the side and weighs half as much as one that only one side uses: "LinkedIn"
        alone does not make "LinkedIn Ads".
        """
        base = min(max(len(stem), SHORT_WEIGHT), LONG_WEIGHT)
        sides = {self._side[owner] for owner in owners}
        if len(sides) > 1 or stem in neutral:
            return base
        return base * 2

    def _find_cues(self, by_token: dict[str, list[int]], owner: list[int]) -> dict[str, int]:
        """Words that, alone, point at one category: used in several phrases, all of them in
        one family ("SAV" in after-sales and in automated replies), and in no phrase of
        another family. The cue goes to the category that uses it most. Platform names and
        everyday words are declared neutral and never act as cues."""
        cues: dict[str, int] = {}
        for stem, phrase_ids in by_token.items():
            if stem in self.neutral or len(stem) < 2 or stem.isdigit() or len(phrase_ids) < CUE_MIN_PHRASES:
                continue
            owners = Counter(owner[i] for i in phrase_ids)
            families = {(self.categories[c].side, self.categories[c].family) for c in owners}
            if len(families) == 1:
                cues[stem] = owners.most_common(1)[0][0]
        return cues

    def _similar_vocabulary(self, stem: str) -> tuple[tuple[str, int], ...]:
        """Catalogue words close to ``stem``: itself, itself with a leftover ending, or a
        typo away.

        A word that merely extends another is a different word, not a near-spelling:
        "publicité" is not "publication", "compta" not "compte", "commande" not "comm",
        "mécontent" not "content". Only a one-letter ending the stemmer left (« e », « s »,
        « x ») is forgiven. A typo keeps the first letters of the word.
        """
        cached = self._word_cache.get(stem)
        if cached is not None:
            return cached
        found: dict[str, int] = {}
        if stem in self.by_token:
            found[stem] = 100
        if len(stem) >= MIN_STEM_VARIANT:
            variants = [stem + end for end in LEFTOVER_ENDINGS]
            if stem[-1] in LEFTOVER_ENDINGS:
                variants.append(stem[:-1])
            for variant in variants:
                if variant in self.by_token:
                    found[variant] = VARIANT_SIMILARITY
        if len(stem) >= MIN_FUZZY:
            for other in self.by_start.get(stem[:FUZZY_KEEP], ()):
                if abs(len(other) - len(stem)) <= 2 and other not in found:
                    if other.startswith(stem) or stem.startswith(other):
                        continue
                    if other.endswith(stem) or stem.endswith(other):
                        continue
                    similarity = _ratio()(stem, other, score_cutoff=FUZZY_CUTOFF)
                    if similarity:
                        found[other] = int(similarity)
        result = tuple(found.items())
        if len(self._word_cache) > 200_000:
            self._word_cache.clear()
        self._word_cache[stem] = result
        return result

    def _hits(self, task_stems: Iterable[str]) -> dict[str, tuple[int, str]]:
        """Catalogue stem → (similarity, task stem) for every catalogue word in the task."""
        hits: dict[str, tuple[int, str]] = {}
        for task_stem in task_stems:
            for other, similarity in self._similar_vocabulary(task_stem):
                if similarity > hits.get(other, (0, ""))[0]:
                    hits[other] = (similarity, task_stem)
        return hits

    def _own_evidence(self, match: Match, covered: set[str]) -> bool:
        """Whether an outside match stands on its own once the inside phrases found in the
        task have explained their words: it must keep a word that is neither explained nor
        an everyday (neutral) word, or two unexplained words. In "gestion des retours de la
        communauté", "retours" is explained by "retours de la communauté" and "gestion" is
        neutral: no returns here. In "répondre aux commentaires puis booster le post",
        "booster" is left: outside. In "répondre aux avis négatifs sur la livraison",
        "négatifs … livraison" is left: outside."""
        free = [stem for stem, word in match.used.items() if word not in covered]
        if len(free) == len(match.used) or len(free) >= 2:
            return True
        return any(stem not in self.neutral for stem in free)

    def _gains(self, hits: dict[str, tuple[int, str]]) -> dict[int, int]:
        """Phrase id → weighted similarity gathered, for every phrase sharing a word with the
        task (divide by the phrase's total weight for a 0–100 score)."""
        got: dict[int, int] = {}
        add = got.get
        weighted = self._by_stem_weighted
        for stem, (similarity, _) in hits.items():
            weight, phrase_ids = weighted[stem]
            gain = similarity * weight
            for phrase_id in phrase_ids:
                got[phrase_id] = add(phrase_id, 0) + gain
        return got

    def _scores(self, hits: dict[str, tuple[int, str]]) -> dict[int, float]:
        total = self._total
        return {phrase_id: value / total[phrase_id] for phrase_id, value in self._gains(hits).items()}

    def _match(self, phrase_id: int, score: float, hits: dict[str, tuple[int, str]]) -> Match:
        phrase = self.phrases[phrase_id]
        used = {stem: hits[stem][1] for stem in phrase.tokens if stem in hits}
        return Match(round(score), len(phrase.tokens), phrase, used)

    def _cue_matches(self, hits: dict[str, tuple[int, str]]) -> list[Match]:
        """One match per category whose cue words appear in the task."""
        found: list[Match] = []
        present = hits.keys() & self._cue_words
        if not present:
            return found
        by_category: dict[int, dict[str, str]] = {}
        for other, (similarity, task_stem) in hits.items():  # in task order: stable output
            if other in present and similarity >= CUE_SIMILARITY:
                by_category.setdefault(self.cues[other], {})[other] = task_stem
        for used in by_category.values():
            score = min(100, CUE_SCORE + CUE_BONUS * (len(used) - 1))
            found.append(Match(score, 1, self.phrases[self._cue_phrase[next(iter(used))]], used))
        return found

    def matches(self, text: str) -> list[Match]:
        """Every catalogue phrase that shares a word with ``text``, plus cue matches."""
        hits = self._hits(tokens(text))
        found = [self._match(i, score, hits) for i, score in self._scores(hits).items()]
        return found + self._cue_matches(hits)

    def scores(self, text: str) -> list[Match]:
        """Best match per category, best first (for inspection and tests)."""
        best: dict[int, Match] = {}
        for match in self.matches(text):
            current = best.get(match.phrase.category)
            if current is None or match.key > current.key:
                best[match.phrase.category] = match
        return sorted(best.values(), key=lambda m: m.key, reverse=True)

    def classify(self, text: str, lang: str = "fr") -> Verdict:
        """The verdict for one task. Verdicts are immutable, so a task typed again (the
        same text, the same language) gets the same object back."""
        verdict = self._verdicts.get((text, lang))
        if verdict is None:
            verdict = self._classify(text, lang)
            if len(self._verdicts) >= VERDICT_CACHE:
                self._verdicts.clear()
            self._verdicts[text, lang] = verdict
        return verdict

    def _classify(self, text: str, lang: str) -> Verdict:
        # Only the task words that resemble catalogue words decide the verdict, so the
        # decision is remembered per set of such words: "répondre aux DM (Maison Dupont,
        # vendredi)" reuses the decision taken for "Répondre aux DM".
        known = self._word_cache
        pairs = stems_of(text)
        relevant = tuple(
            [
                s
                for s in dict.fromkeys(found for _, found in pairs if found)
                if (known[s] if s in known else self._similar_vocabulary(s))
            ]
        )
        decision = self._decisions.get(relevant)
        if decision is None:
            decision = self._decide(relevant)
            if len(self._decisions) >= DECISION_CACHE:
                self._decisions.clear()
            self._decisions[relevant] = decision
        if isinstance(decision, int):
            return Verdict(text, "unsure", None, None, None, decision, None, None, None, None)
        category = self.categories[decision.phrase.category]
        return Verdict(
            text=text,
            verdict=category.side,
            category=category.id,
            family=category.family,
            activity=category.activity,
            score=decision.score,
            matched=_matched_words(pairs, set(decision.used.values())),
            phrase=decision.phrase.text,
            label=category.label[lang],
            reason=category.explanation[lang],
            always_warn=category.always_warn,
        )

    def _decide(self, task_stems: tuple[str, ...]) -> Match | int:
        """The match that carries the verdict, or the best score seen when none is good
        enough (the verdict is then ``unsure``). The hot path of a batch: kept flat."""
        hits = self._hits(task_stems)
        gains = self._gains(hits)
        needed, total, phrases, side = self._needed, self._total, self.phrases, self._side
        strong: list[Match] = []
        for phrase_id, got in gains.items():
            if got >= needed[phrase_id]:
                phrase = phrases[phrase_id]
                used = {stem: hits[stem][1] for stem in phrase.tokens if stem in hits}
                strong.append(Match(round(got / total[phrase_id]), len(phrase.tokens), phrase, used))
        cues = self._cue_matches(hits)
        if cues:
            strong += cues
        if not strong:
            return round(max((got / total[i] for i, got in gains.items()), default=0))
        inside: list[Match] = []
        outside_all: list[Match] = []
        for match in strong:
            (outside_all if side[match.phrase.category] else inside).append(match)
        # Task words that complete inside phrases are explained: an outside phrase made only
        # of them is a coincidence ("retours de la communauté … équipe produit" is not
        # "retours produits"). An outside verdict then needs evidence of its own.
        covered = {word for m in inside if m.score >= FULL_MATCH for word in m.used.values()}
        outside = [m for m in outside_all if self._own_evidence(m, covered)]
        best_inside = max(inside, key=_key, default=None)
        best_outside = max(outside, key=_key, default=None)
        chosen = None
        if best_outside is not None and best_outside.score >= OUTSIDE_THRESHOLD:
            chosen = best_outside
            # A category may claim an outside family when it matches fully (e-reputation
            # beats customer service: the complaint went viral, the brand's image is at stake).
            family = self.categories[best_outside.phrase.category].family
            overriding = [
                m
                for m in inside
                if m.score >= FULL_MATCH and family in self.categories[m.phrase.category].overrides
            ]
            if overriding:
                chosen = max(overriding, key=_key)
        elif best_inside is not None and best_inside.score >= INSIDE_THRESHOLD:
            chosen = best_inside
        if chosen is None:
            return round(max((got / total[i] for i, got in gains.items()), default=0))
        # Show every task word the chosen category recognised, not just one phrase's.
        used = dict(chosen.used)
        explained = covered if side[chosen.phrase.category] else set()
        for match in strong:
            if match.phrase.category == chosen.phrase.category and match.score >= FULL_MATCH:
                used.update((stem, word) for stem, word in match.used.items() if word not in explained)
        return chosen._replace(used=used)


@cache
def _ratio() -> Callable[..., float]:
    """rapidfuzz's normalised Indel similarity, imported on the first near-spelling to
    check: most tasks only use words of the catalogue, and `check` should not pay ~20 ms
    of import for nothing."""
    from rapidfuzz import fuzz

    return fuzz.ratio


def _key(match: Match) -> tuple[int, int]:
    return (match.score, match.n_words)


def _matched_words(pairs: list[tuple[str, str]], stems: set[str]) -> str:
    """The task's own words (as typed) behind the matched stems, « … » for the gaps."""
    pieces: list[str] = []
    gap = False
    for original, found in pairs:
        if found in stems:
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
        _classifiers[key] = _load_classifier(user_file)
    return _classifiers[key]


# --- the index cache ---------------------------------------------------------------------
# Reading, validating and normalising ~1,500 phrases costs ~45 ms, too much for
# `cm-coach check` called from a shell loop. The validated, normalised catalogue is kept in
# the cache folder (marshal), keyed by the size and mtime of both catalogue files and of the
# code that normalises them; any change rebuilds it, and a broken cache is ignored.

_INDEX_VERSION = 2


def _stamp(user_file: Path | None) -> str | None:
    parts = []
    for path in (builtin_catalogue_path(), user_file, Path(textnorm.__file__), Path(__file__)):
        if path is None:
            parts.append("-")
            continue
        try:
            info = path.stat()
        except OSError:
            if path is user_file:
                parts.append("-")  # no user file: the same index as without one
                continue
            return None
        parts.append(f"{path.resolve()}|{info.st_size}|{info.st_mtime_ns}")
    return f"{_INDEX_VERSION}#" + "#".join(parts)


def _index_file(stamp: str) -> Path | None:
    import hashlib
    import os

    if os.environ.get("CM_COACH_NO_CACHE"):
        return None
    from cm_coach.paths import cache_dir

    return cache_dir() / f"boundaries-index-{hashlib.sha1(stamp.encode()).hexdigest()[:20]}.marshal"


def _load_classifier(user_file: Path | None) -> Classifier:
    import marshal

    stamp = _stamp(user_file)
    target = _index_file(stamp) if stamp else None
    if target is not None:
        try:
            state = marshal.loads(target.read_bytes())
            if state["stamp"] == stamp:
                categories = [
                    Category(**{**item, "overrides": tuple(item["overrides"])})
                    for item in state["categories"]
                ]
                return Classifier(categories, frozenset(state["neutral"]), state["index"])
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass  # no cache, or an unreadable one: build from the catalogue
    categories, neutral = load_categories(user_file)
    engine = Classifier(categories, neutral)
    if target is not None and stamp is not None:
        _store_index(target, stamp, engine, neutral)
    return engine


def _store_index(target: Path, stamp: str, engine: Classifier, neutral: frozenset[str]) -> None:
    import marshal
    import os
    from dataclasses import asdict

    state = {
        "stamp": stamp,
        "categories": [asdict(category) for category in engine.categories],
        "neutral": sorted(neutral),
        "index": engine.index(),
    }
    try:
        payload = marshal.dumps(state)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(payload)
        os.replace(temporary, target)
    except (OSError, ValueError):
        pass  # a cache is an optimisation: a read-only home must not stop the command
