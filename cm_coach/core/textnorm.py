"""Normalise task texts so that « Répondre aux commentaires » and "repondre au commentaire"
meet: lower case, no accents, no punctuation, no elided articles, no stop words (French and
English), light stemming that treats singular and plural alike ("ads"/"ad", "DMs"/"DM",
"stories"/"story", "réseaux sociaux"/"réseau social").

The same functions prepare the boundary catalogue and the tasks, so both sides agree; each
distinct word is normalised once per process (:func:`stems_of`).
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
        "j",
        "n",
        "c",
        "m",
        "t",
        "jusqu",
        "lorsqu",
        "puisqu",
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
        "non",
        "oui",
        "si",
        "sans",
        "comme",
        "entre",
        "vers",
        "chaque",
        "aussi",
        "apres",
        "avant",
        "pendant",
        "about",
        "all",
        "any",
        "some",
        "each",
        "if",
        "not",
        "no",
        "yes",
        "been",
        "do",
        "does",
        "can",
        "s",
    ]
)

_ELISION = re.compile(r"\b(?:l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu)['’`´]", re.IGNORECASE)
_SPLIT = re.compile(r"[^0-9a-z]+")
_IT = re.compile(r"\bIT\b")
# Applied after the plural, first match only, if at least four letters remain.
_ENDINGS = (
    "ement",
    "ation",
    "ateur",
    "atrice",
    "ator",
    "ated",
    "ate",
    "euse",
    "ing",
    "ant",
    "ment",
    "er",
    "ee",
    "ez",
    "ed",
    "re",
    "e",
)
_UNDOUBLE_AFTER = ("ing", "ed", "er")
# non-letters outside ASCII (dashes, quotes, bullets, currency…) separate words
_SIGNS = re.compile(r"[^\x00-\x7f\w\u0300-\u036f]")


def strip_accents(text: str) -> str:
    """ASCII letters only: accents dropped, typographic signs turned into spaces."""
    if text.isascii():
        return text
    if "œ" in text or "æ" in text:
        text = text.replace("œ", "oe").replace("æ", "ae")
    # NFKD splits "é" into "e" + accent; what is still not ASCII then (accents, dashes,
    # quotes, bullets) becomes a space, which only ever separates words.
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    return _SIGNS.sub(" ", decomposed).encode("ascii", "ignore").decode("ascii")


# Short words whose final "s" is part of the word (acronyms mostly), kept as they are.
_KEEP_S = frozenset(["cms", "sms", "sos", "ios", "aws", "dns", "gps", "news", "bus", "plus"])
_UNDOUBLE = frozenset("bdgmnpt")
# Words whose ending is not an ending: "customer" is not "custom", "poster" not "post".
_PROTECTED = {
    "customer": "customer",
    "customers": "customer",
    "poster": "poster",
    "posters": "poster",
    "printer": "printer",
    "printers": "printer",
    "footer": "footer",
    "poste": "poste",  # la Poste, un poste de travail: not a social media post
    "postes": "poste",
    "footers": "footer",
}


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A light, symmetric stem: plural first, then one common ending, nothing clever.

    Short words only lose a plural « s » ("ads" → "ad", "DMs" → "dm"), so jargon and
    acronyms meet in both numbers. Longer words lose their plural (« s », « x », « aux » →
    « al ») and then one ending from :data:`_ENDINGS`, keeping at least four letters:
    "commentaires" and "commentaire" both give "commentai", "shipping" gives "ship",
    "stories" and "story" give "stori". Tasks and catalogue go through the same function,
    so consistency matters more than linguistics.
    """
    if word.isdigit():
        return word
    protected = _PROTECTED.get(word)
    if protected:
        return protected
    if len(word) <= 4:
        if (
            len(word) >= 3
            and word.endswith("s")
            and not word.endswith(("ss", "us", "is"))
            and word not in _KEEP_S
        ):
            return word[:-1]
        return word
    if word.endswith("aux") and not word.endswith("eaux"):
        word = word[:-3] + "al"
    elif word[-1] in "sx" and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("y"):
        return word[:-1] + "i"
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            base = word[: -len(ending)]
            if ending in _UNDOUBLE_AFTER and base[-1] == base[-2] and base[-1] in _UNDOUBLE:
                base = base[:-1]
            return base
    return word


def words(text: str) -> list[str]:
    """The raw lower-case, accent-free words of ``text``, elisions removed (for display)."""
    if "IT" in text:  # the acronym, not the English stop word "it"
        text = _IT.sub(" informatique ", text)
    lowered = text.lower()
    if "'" in lowered or "’" in lowered or "`" in lowered or "´" in lowered:
        lowered = _ELISION.sub(" ", lowered)
    return [word for word in _SPLIT.split(strip_accents(lowered)) if word]


def stems_of(text: str) -> list[tuple[str, str]]:
    """Each word of ``text`` as typed, with its stem ("" for a stop word).

    Words are runs of letters and digits, so « l'équipe » gives « l » (a stop word, like
    every elided article) and « équipe ». Each distinct word is normalised once per process.
    """
    known = _WORD_STEMS
    pairs = []
    for original in _WORD.findall(text):
        found = known.get(original)
        if found is None:
            found = _stem_of(original)
            if len(known) > 100_000:
                known.clear()
            known[original] = found
        pairs.append((original, found))
    return pairs


def _stem_of(original: str) -> str:
    if original == "IT":  # the acronym, not the English stop word "it"
        return stem("informatique")
    word = "".join(_SPLIT.split(strip_accents(original.lower())))
    return "" if not word or word in STOP_WORDS else stem(word)


def tokens(text: str) -> list[str]:
    """Meaningful stems of ``text``, in order, without duplicates."""
    return list(dict.fromkeys(found for _, found in stems_of(text) if found))


_WORD = re.compile(r"[^\W_]+")
_WORD_STEMS: dict[str, str] = {}  # word as typed → its stem, "" for a stop word
