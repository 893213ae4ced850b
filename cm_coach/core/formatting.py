"""Numbers, percentages, durations and plurals in the reader's language, French typography,
and a line wrapper that honours it.

A small module on purpose: Babel would cost every command tens of milliseconds to import,
and cm-coach needs two languages and a handful of formats. What it produces follows CLDR
(``tests/test_formatting.py`` compares a sample with Babel's output):

================  ============================  ==========================
                  French                        English
================  ============================  ==========================
number            ``27 900`` (U+202F), ``2,5``  ``27,900``, ``2.5``
percentage        ``37 %`` (U+00A0)             ``37%``
duration          ``45 min``, ``1 h 30``        ``45m``, ``1h 30m``
plural ``one``    0 and 1                       1
================  ============================  ==========================

Durations: French writes them as people do (``1 h 30``, ``34 h 55``), with no-break spaces
(U+00A0, CLDR's space before ``min``) so that a duration never splits across lines; English
uses CLDR's narrow units (``45m``, ``1h 30m``). Both forms parse back
(:func:`cm_coach.core.dates.parse_duration`).

French typography (:func:`typeset`) is applied once, when a content file is loaded, to our
templates only — never to the values filled in, nor to anything the user typed: a narrow
no-break space (U+202F) before ``; ! ?`` and inside ``« »``, a no-break space (U+00A0) before
``:`` and ``%``, and the apostrophe ``’`` between letters (in English too). Terminals and
Textual break lines at any Unicode space, no-break ones included, so :func:`wrap` is the
wrapper that keeps them: the app's prose widgets use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

NNBSP = "\u202f"  # narrow no-break space: « », ; ! ?, digit groups in French
NBSP = "\u00a0"  # no-break space: before : and %, inside durations and dates

PLURAL_FORMS = ("one", "other")


# --- numbers ------------------------------------------------------------------------------------


def number(value: float, lang: str, digits: int = 0) -> str:
    """``27900`` → ``27 900`` (U+202F) in French, ``27,900`` in English; ``digits`` after the
    decimal mark (a comma in French), rounded half up. Years and identifiers are not numbers:
    never pass them. (The grouping itself is :func:`cm_coach.core.numbers.decimal`'s, which
    the money and hours of the reports use too: one rule.)"""
    from cm_coach.core.numbers import decimal

    return decimal(value, lang, digits)


def percent(fraction: float, lang: str, digits: int = 0) -> str:
    """``0.372`` → ``37 %`` (U+00A0) in French, ``37%`` in English."""
    shown = number(fraction * 100, lang, digits)
    return f"{shown}{NBSP}%" if lang == "fr" else f"{shown}%"


def duration(minutes: int, lang: str) -> str:
    """A span of time to read: ``45 min``, ``1 h``, ``1 h 30``, ``34 h 55`` in French (no-break
    spaces), ``45m``, ``1h``, ``1h 30m`` in English. Zero and totals above a day are accepted."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise ValueError(f"a duration is a non-negative number of minutes, not {minutes!r}")
    hours, rest = divmod(minutes, 60)
    if lang == "fr":
        if not hours:
            return f"{rest}{NBSP}min"
        return f"{hours}{NBSP}h{NBSP}{rest:02d}" if rest else f"{hours}{NBSP}h"
    if not hours:
        return f"{rest}m"
    return f"{hours}h{NBSP}{rest}m" if rest else f"{hours}h"


def plural_form(count: float, lang: str) -> str:
    """CLDR's cardinal plural category, for the two we use: French says *one* for 0 and 1
    (« 0 jour », « 1 jour »), English only for 1 (“0 days”, “1 day”)."""
    if lang == "fr":
        return "one" if 0 <= count < 2 and count == int(count) else "other"
    return "one" if count == 1 else "other"


# --- typography ---------------------------------------------------------------------------------

_SPACES = frozenset(f" {NBSP}{NNBSP}")
_TIGHT = frozenset(";!?")
_MARKS = re.compile("[;!?:%«»']")  # one C-speed scan finds the few places to look at
# A mark gets its space after a word, a closing mark or a placeholder, and when followed by a
# space, the end or a closing mark: "?q=1", "10:30" and "-o FILE:x" are left alone.
_AFTER_WORD = frozenset('»)]}…’"*%')
_BEFORE_END = frozenset('»)]"*')


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_" or char in _AFTER_WORD


def typeset(text: str, lang: str) -> str:
    """Our template ``text`` with the typography of ``lang`` (see the module notes).

    Idempotent; it leaves alone what is not prose (``10:30``, ``?q=1``, shell quotes, which
    are not between two letters). It runs on every text loaded, so it scans for the few
    characters it may change instead of running one pattern per rule.
    """
    pieces: list[str] = []
    kept = 0  # text[:kept] is in pieces
    size = len(text)
    for match in _MARKS.finditer(text):
        at = match.start()
        mark = text[at]
        if mark == "'":
            if (
                0 < at < size - 1
                and text[at - 1].isalpha()
                and (text[at + 1].isalpha() or text[at + 1] == "«")
            ):
                pieces.append(text[kept:at] + "’")
                kept = at + 1
            continue
        if lang != "fr" or at < kept:
            continue
        if mark == "«":
            after = at + 1
            while after < size and text[after] in _SPACES:
                after += 1
            pieces.append(text[kept:at] + "«" + NNBSP)
            kept = after
            continue
        before = at
        while before > kept and text[before - 1] in _SPACES:
            before -= 1
        if mark == "»":
            space = NNBSP
        elif mark == "%":
            if before == at or before == 0 or not (text[before - 1].isalnum() or text[before - 1] in ")}"):
                continue
            space = NBSP
        else:
            if mark in _TIGHT and at > 0 and text[at - 1] in _TIGHT:
                continue  # the rest of a run like « ?! »: the space went before its first mark
            end = at + 1
            while end < size and text[end] in _TIGHT and mark in _TIGHT:
                end += 1
            if before == 0 or not _is_word(text[before - 1]):
                continue
            if end < size and not (text[end].isspace() or text[end] in _BEFORE_END):
                continue
            space = NNBSP if mark in _TIGHT else NBSP
        pieces.append(text[kept:before] + space + mark)
        kept = at + 1
    if not pieces:
        return text
    pieces.append(text[kept:])
    return "".join(pieces)


# --- wrapping -----------------------------------------------------------------------------------

_BULLET = re.compile(r"( *)((?:[•⚠✓✗→*-]|\d+[.)]) )?")
_CHUNK = re.compile(r"[^ \t]+[ \t]*|[ \t]+")  # a break may fall only at a plain space or a tab


def wrap_offsets(text: str, width: int, measure: Callable[[str], int] = len, hang: int = 0) -> list[int]:
    """Where to cut one line of ``text`` so that no piece is wider than ``width`` cells.

    Lines break only at plain spaces, never at the no-break ones that French typography puts
    before ``?`` or inside ``« »`` (Textual and Rich break at any Unicode space); a word wider
    than the line is cut. Pieces after the first are ``hang`` cells narrower (they will be
    indented). ``measure`` gives a piece's width in cells (the app passes Rich's ``cell_len``;
    ``len`` is right for text without wide characters).
    """
    offsets: list[int] = []
    room = max(width, 1)
    used = 0
    for match in _CHUNK.finditer(text):
        start, chunk = match.start(), match.group()
        word = chunk.rstrip(" \t")
        if used and word and used + measure(word) > room:
            offsets.append(start)
            room, used = max(width - hang, 1), 0
        while word and measure(word) > room:  # a word longer than a line: cut it
            cut = _fitting(word, room, measure)
            start += cut
            offsets.append(start)
            room, used = max(width - hang, 1), 0
            word, chunk = word[cut:], chunk[cut:]
        used += measure(chunk)
    return offsets


def _fitting(word: str, width: int, measure: Callable[[str], int]) -> int:
    size = 1
    while size < len(word) and measure(word[: size + 1]) <= width:
        size += 1
    return size


def hanging_indent(line: str) -> int:
    """How far a wrapped ``line`` continues from the left: its own indent, plus the width of
    a leading bullet (``• ``, ``⚠ ``, ``- ``, ``1. ``) so that the text hangs under itself."""
    match = _BULLET.match(line)
    return len(match[1]) + len(match[2] or "") if match else 0


def wrap(text: str, width: int, measure: Callable[[str], int] = len) -> list[str]:
    """``text`` as lines of at most ``width`` cells, broken by :func:`wrap_offsets`; a
    paragraph's continuation lines keep its indent and hang under a leading bullet."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        hang = hanging_indent(paragraph)
        offsets = wrap_offsets(paragraph, width, measure, hang)
        bounds = [0, *offsets, len(paragraph)]
        for index, (a, b) in enumerate(pairwise(bounds)):
            piece = paragraph[a:b].rstrip(" \t")
            lines.append(" " * hang + piece.lstrip(" \t") if index else piece)
    return lines
