"""What the judgement model sees of a task line: its words, pairs of words, and pieces of
words, the same way at training time (``training/train.py``) and at run time.

CMs write "rép coms insta", "Répondre aux commentaires Instagram" and "repondre au
comms IG": lower case, no accents, digits folded (``14h-15h`` → ``00h 00h``), handles
and links reduced to a mark. Pieces of words (3 to 5 letters, with the word's edges)
let a misspelt or unknown word still meet the words the model knows; whole words and
pairs of words carry the meaning.

A line's features are counts, scaled by ``1 / sqrt(number of features)``; since pieces
never cross a word boundary, a line is the sum of its words' pieces plus its words and
pairs, so each distinct word is split once per process (:func:`word_pieces`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain, pairwise

MIN_PIECE = 3
MAX_PIECE = 5
HANDLE = "@h"
LINK = "url"

_LINK = re.compile(r"(?:https?://|www\.)\S+")
_HANDLE = re.compile(r"(?<!\w)@[\w.]+")
_WORD = re.compile(r"[a-z0-9@+#%€$&]+")
_DIGITS = re.compile(r"\d")


class _Plain(dict):
    """``str.translate`` table for the letters of non-ASCII lines: accents (combining marks)
    dropped, any decimal digit as ``0``, everything else kept. Each character is decided once
    per process, on first sight; after that translating a line is a C loop."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        plain = None if unicodedata.combining(char) else "0" if _DIGITS.match(char) else char
        self[code] = plain
        return plain


_PLAIN = _Plain()
_ASCII_DIGITS = str.maketrans("0123456789", "0000000000")


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lower case without accents, digits as ``0``, handles and links as marks."""
    if "://" in text or "www." in text:  # the only ways _LINK can match
        text = _LINK.sub(f" {LINK} ", text)
    if "@" in text:
        text = _HANDLE.sub(f" {HANDLE} ", text)
    if text.isascii():  # most lines: nothing to take apart
        return text.lower().translate(_ASCII_DIGITS)
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return unicodedata.normalize("NFKD", text.lower()).translate(_PLAIN)


def words(text: str) -> list[str]:
    """The words of a line as the model reads them: ``_WORD.findall(fold(text))``, computed
    token by token (folding never joins or splits what spaces separate, see
    :class:`_TokenWords`), so that a token met before costs one dictionary look-up."""
    return list(_chain(map(TOKEN_WORDS.__getitem__, text.split())))


def words_of_tokens(tokens: list[str]) -> list[str]:
    """:func:`words` of a line already split (``text.split()``)."""
    return list(_chain(map(TOKEN_WORDS.__getitem__, tokens)))


class _TokenWords(dict):
    """A token (what ``str.split`` separates) → its words, computed on first sight. Folding a
    line is folding its tokens: links and handles never span a space, lower case and the
    decomposition of accents are decided within a token (a space is neither cased nor a
    combining mark), and ``_WORD`` never matches a space."""

    def __missing__(self, token: str) -> tuple[str, ...]:
        if len(self) >= TOKEN_CACHE:
            self.clear()
        found = self[token] = tuple(_WORD.findall(fold.__wrapped__(token)))
        return found


TOKEN_CACHE = 200_000
TOKEN_WORDS = _TokenWords()
_chain = chain.from_iterable


@lru_cache(maxsize=200_000)
def word_pieces(word: str) -> tuple[str, ...]:
    """The pieces (3 to 5 letters) of one word with its edges marked: ``"coms"`` →
    ``" co", "com", "oms", "ms ", " com", …``. A one- or two-letter word is its own piece."""
    padded = f" {word} "
    if len(padded) <= MIN_PIECE:
        return (f"c:{padded}",)
    return tuple(
        f"c:{padded[start : start + size]}"
        for size in range(MIN_PIECE, MAX_PIECE + 1)
        for start in range(len(padded) - size + 1)
    )


def line_features(text: str) -> dict[str, float]:
    """The scaled feature counts of one line (what the model multiplies by its weights)."""
    found = words(text)
    counts: dict[str, float] = {}
    for word in found:
        for piece in word_pieces(word):
            counts[piece] = counts.get(piece, 0.0) + 1.0
        key = f"w:{word}"
        counts[key] = counts.get(key, 0.0) + 1.0
    for first, second in pairwise(found):
        key = f"b:{first}_{second}"
        counts[key] = counts.get(key, 0.0) + 1.0
    total = sum(counts.values())
    if not total:
        return counts
    scale = 1.0 / total**0.5
    return {key: value * scale for key, value in counts.items()}
