"""Text made harmless for a terminal, in a module of its own: every command prints through
it, and it needs none of the journal's rules (:mod:`cm_coach.core.validate` re-exports it)."""

from __future__ import annotations

import re
from functools import cache


@cache
def unsafe_in_free_text() -> re.Pattern[str]:
    """The characters a stored text may not hold, tab and line feed aside. Compiled on first
    use (its ranges take ~1 ms to compile): many commands never print a stored text."""
    return re.compile(
        "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
        "\u2060-\u2064\u2066-\u2069\ufeff]"
    )


# What printable() lets through in text shown on a terminal: line breaks, tabs, and (only
# when the CLI colours its own output) SGR colour sequences.
_SGR = r"\x1b\[[0-9;]{0,12}m"


def printable(text: str, *, colours: bool = False) -> str:
    """``text`` safe to write on a terminal: every character a stored text may not hold is
    shown as its escape (``\\x1b``, ``\\u202e``), so that it is seen rather than obeyed.
    Line breaks and tabs stay; with ``colours``, so do SGR colour sequences (the CLI's own)."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if colours and char == "\x1b" and re.compile(_SGR).match(text, match.start()):
            return char
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return unsafe_in_free_text().sub(escape, text)
