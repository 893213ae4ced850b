"""What the CLI writes: readable on any terminal, and never the reason an action fails.

* A terminal that is not UTF-8 (``LC_ALL=fr_FR.ISO-8859-1``, ``PYTHONIOENCODING=ascii``)
  gets the closest text it can show: « é » stays where the encoding has it, else becomes
  « e »; typographic spaces and quotes their plain forms; symbols a letter; the rest « ? ».
  Nothing raises ``UnicodeEncodeError``. ``--json`` escapes what the terminal cannot hold
  (``\\u2713``: the same JSON), and an export to the standard output is written in UTF-8
  whatever the terminal, since it is a file's content, not a message.
* Output that cannot be written (a full disk behind ``>``, a closed terminal) is recorded
  rather than raised: once a command has saved something, failing to say so must not make
  it look failed (a retry would save it twice). ``main`` reports it on stderr.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
import unicodedata

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # typing costs ~3 ms at start: people list and exports never need it at run time
    from typing import Any, TextIO

FALLBACK = "cm_coach_closest"
# What a symbol the terminal cannot show becomes: plain ASCII, so that any terminal has it.
_CLOSEST = {
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2026": "...", "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00b7": ".", "\u2022": "*",
    "\u2713": "v", "\u2714": "v", "\u2717": "x", "\u2718": "x", "\u25cf": "*", "\u25cb": "o",
    "\u25d0": "~", "\u25b2": "^", "\u2588": "#", "\u2192": "->", "\u2190": "<-", "\u2264": "<=",
    "\u2265": ">=", "\u00d7": "x", "\u0152": "OE", "\u0153": "oe", "\u00c6": "AE", "\u00e6": "ae",
    "\u00df": "ss", "\u20ac": "EUR", "\u00a9": "(c)", "\u2122": "(TM)", "\u00b0": "o",
}  # fmt: skip


def _closest(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    shown = []
    for char in error.object[error.start : error.end]:
        replacement = _CLOSEST.get(char)
        if replacement is None:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            replacement = base if base.isascii() and base.isprintable() and base else "?"
        shown.append(replacement)
    return "".join(shown), error.end


def _is_utf(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None)
    if not encoding:  # a StringIO: text stays text
        return True
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def prepare_streams() -> None:
    """Make the standard streams safe for any terminal encoding (see the module notes)."""
    codecs.register_error(FALLBACK, _closest)
    for stream in (sys.stdout, sys.stderr):
        if not _is_utf(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=FALLBACK)
    if sys.stdin is not None and not _is_utf(sys.stdin) and hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="surrogateescape")  # then refused by the checks, with a message


def can_show_everything(stream: object) -> bool:
    """Whether ``stream`` writes every character as it is (else ``--json`` escapes them)."""
    return _is_utf(getattr(stream, "stream", stream))


class GuardedOutput:
    """The standard output, with a failed write recorded instead of raised; later writes go
    nowhere. Everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO, owner: GuardedOutput | None = None) -> None:
        self.stream = stream
        self._owner = owner
        self._failure: OSError | None = None

    @property
    def failure(self) -> OSError | None:
        """The first write that failed, shared between a stream and its wrappers."""
        return self._owner.failure if self._owner is not None else self._failure

    def record_failure(self, error: OSError) -> None:
        """Keep the first failure only: the one the user is told about."""
        if self._owner is not None:
            self._owner.record_failure(error)
        elif self._failure is None:
            self._failure = error

    def write(self, text: str) -> int:
        """Write ``text``, or swallow it once a write has failed (the failure is reported at the end)."""
        if self.failure is None:
            try:
                return self.stream.write(text)
            except OSError as error:
                self.record_failure(error)
        return len(text)

    def flush(self) -> None:
        """Flush, recording a failure instead of raising it."""
        if self.failure is None:
            try:
                self.stream.flush()
            except OSError as error:
                self.record_failure(error)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)

    def utf8(self) -> GuardedOutput:
        """This output as UTF-8 text (an export's content), sharing its failure record;
        :meth:`release` it when done."""
        if _is_utf(self.stream) or not hasattr(self.stream, "buffer"):
            return self
        self.flush()
        wrapper = io.TextIOWrapper(self.stream.buffer, encoding="utf-8", newline="")
        return GuardedOutput(wrapper, owner=self)

    def release(self) -> None:
        """Flush a :meth:`utf8` view and give the underlying buffer back to the terminal's stream."""
        if self._owner is None:
            return
        self.flush()
        if isinstance(self.stream, io.TextIOWrapper):
            try:
                self.stream.detach()
            except (OSError, ValueError) as error:  # the buffer's own flush failed
                self.record_failure(OSError(str(error)))


def silence_stdout() -> None:
    """Point the standard output at /dev/null: once writing to it failed, the interpreter's
    own last flush must not fail again (Python would exit 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no file descriptor (tests): nothing to fear
        pass
