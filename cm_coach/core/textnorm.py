"""Normalise task texts so that « Répondre aux commentaires » and "repondre au commentaire"
meet: lower case, no accents, no punctuation, no elisions, no stop words, light stemming.

The same function prepares the boundary catalogue and the tasks, so both sides agree.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "chez",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "ils",
        "je",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "sous",
        "via",
        "puis",
        "afin",
        "tout",
        "tous",
        "toute",
        "toutes",
        "tres",
        "plus",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "so",
        "that",
        "the",
        "their",
        "them",
        "then",
        "these",
        "this",
        "those",
        "to",
        "was",
        "we",
        "were",
        "will",
        "with",
        "your",
        "my",
        "me",
        "i",
        "us",
        "up",
        "out",
        "per",
    ]
)

_ELISION = re.compile(r"\b(?:l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu)['’`´]", re.IGNORECASE)
_SPLIT = re.compile(r"[^0-9a-z]+")
# Longest first; applied once, only to words long enough to keep a recognisable stem.
_SUFFIXES = (
    "ements",
    "ement",
    "ations",
    "ation",
    "ateurs",
    "ateur",
    "atrices",
    "atrice",
    "euses",
    "euse",
    "ings",
    "ing",
    "ments",
    "ment",
    "ers",
    "ees",
    "ies",
    "es",
    "er",
    "ez",
    "ee",
    "ed",
    "re",
    "s",
    "x",
    "e",
)
_ACCENTS = str.maketrans("àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ", "aaaaaaceeeeiiiinooooouuuuyyoa")


def strip_accents(text: str) -> str:
    text = text.translate(_ACCENTS)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """The raw lower-case, accent-free words of ``text``, elisions removed (for display)."""
    lowered = strip_accents(_ELISION.sub(" ", text.lower()))
    return [word for word in _SPLIT.split(lowered) if word]


def tokens(text: str) -> list[str]:
    """Meaningful stems of ``text``, in order, without duplicates."""
    seen: dict[str, None] = {}
    for word in words(text):
        if word in STOP_WORDS:
            continue
        seen.setdefault(stem(word), None)
    return list(seen)
