"""A long batch on two processes: the lines of a batch are independent, and a second core
decides half of them at nearly the speed of the first.

:meth:`Judge.classify_many` and :meth:`Judge.classify_batches` take the lines
:data:`~cm_coach.core.boundaries.BATCH_LINES` at a time. With two processes they take two
chunks at a time: a forked child decides the second chunk while this process decides the
first. The child inherits the judge and the chunk (nothing to send it), sends back each
verdict's fields with :mod:`marshal` (the text left out: this process has it), and ends with
``os._exit`` (no atexit handler, no flush of the stdout buffers it inherited, no inherited
SQLite connection touched). Why a fork per pair rather than ``multiprocessing`` or a
long-lived child: ``multiprocessing`` costs more to import than a whole ``check "…"``, and a
fork per pair needs no protocol to send work (a fork costs a few milliseconds, a pair of
chunks a few hundred).

Nothing is lost and nothing differs: if the fork fails, the child dies, or its answer is
short or garbled, this process decides that chunk itself (the same answers); the child is
always reaped, also when the caller is interrupted. Two processes only where it is safe and
pays (:func:`workers`); ``CM_COACH_BATCH_WORKERS=1`` forces one.
"""

from __future__ import annotations

import marshal
import operator
import os
import signal
import struct
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import fields
from itertools import count
from typing import Any

from cm_coach.core.boundaries import Verdict, _verdict

WORKERS_VARIABLE = "CM_COACH_BATCH_WORKERS"
_FIELDS = frozenset(field.name for field in fields(Verdict))
_OWN = ("text", "matched")  # each line's own fields; the others are shared by many lines
_READ_SIZE = 1 << 20
_SHORTEST_HALF = 500  # lines: below, a last chunk is decided here alone


def workers() -> int:
    """How many processes a long batch uses: 2 where a fork is possible and safe (at least
    two CPUs usable, no other thread alive: never inside the app), else 1, and 1 when
    :data:`WORKERS_VARIABLE` says so."""
    import threading  # here: ``check "…"`` never needs it

    if os.environ.get(WORKERS_VARIABLE, "").strip() == "1" or not hasattr(os, "fork"):
        return 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return 2 if usable >= 2 and threading.active_count() == 1 else 1


def in_pairs(
    chunks: Iterator[list[str]],
    decide: Callable[[list[str]], list[Verdict]],
    remember: Callable[[list[str], list[Verdict]], None],
) -> Iterator[list[Verdict]]:
    """``map(decide, chunks)``, two chunks at a time on two processes when :func:`workers`
    allows it: a child decides the second chunk of each pair while this process decides
    the first, and starts on the next pair's while this one's verdicts are given out (and
    printed, for ``check``). ``remember`` keeps the child's verdicts in this process's
    caches, as ``decide`` keeps its own."""
    child = _Child(decide) if workers() == 2 else None
    try:
        pair = _next_pair(chunks, child)
        while pair is not None:
            first, second = pair
            found = decide(first)
            theirs = child.answer(second) if child is not None and second is not None else None
            if theirs is None and child is not None and second is not None:  # it failed: no more
                child.stop()
                child = None
            pair = _next_pair(chunks, child)
            yield found
            if second is None:
                continue
            if theirs is None:  # no child, or it failed: the same answers, decided here
                yield decide(second)
            else:
                remember(second, theirs)
                yield theirs
    finally:
        if child is not None:
            child.stop()


def _next_pair(
    chunks: Iterator[list[str]], child: _Child | None
) -> tuple[list[str], list[str] | None] | None:
    """The next two chunks, the second sent to the child; a last chunk alone is cut in
    halves when there is a child (the second ``None`` otherwise)."""
    first = next(chunks, None)
    if first is None:
        return None
    second = next(chunks, None)
    if second is None and child is not None and len(first) >= 2 * _SHORTEST_HALF:  # the last: halves
        first, second = first[: len(first) // 2], first[len(first) // 2 :]
    if second is not None and child is not None:
        child.ask(second)  # if it is gone, its answer will be missing: decided here then
    return first, second


class _Child:
    """A forked process that decides the chunks it is sent, one at a time, and answers
    each with :func:`_packed`; it ends when its input pipe closes. One child for a whole
    batch: after a fork, the first writes to each memory page copy it (in both processes),
    which costs a fork per pair as much as the time it saves."""

    def __init__(self, decide: Callable[[list[str]], list[Verdict]]) -> None:
        self.pid: int | None = None
        self.to_child: int | None = None
        self.from_child: int | None = None
        its_input, to_child = os.pipe()
        from_child, its_output = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no fork today (memory, process limit): the parent does it all
            pid = -1
        if pid == 0:  # the child: never returns into the caller's code
            status = 1
            try:
                os.close(to_child)
                os.close(from_child)
                while (message := _receive(its_input)) is not None:
                    _send(its_output, _packed(decide(marshal.loads(message))))
                status = 0
            finally:
                os._exit(status)
        os.close(its_input)
        os.close(its_output)
        if pid < 0:
            os.close(to_child)
            os.close(from_child)
            return
        self.pid, self.to_child, self.from_child = pid, to_child, from_child

    def ask(self, chunk: list[str]) -> bool:
        """Send the child a chunk to decide; ``False`` if it is gone."""
        if self.to_child is None:
            return False
        try:
            _send(self.to_child, marshal.dumps(chunk))
        except OSError:  # the child ended (BrokenPipeError): the parent decides
            return False
        return True

    def answer(self, chunk: list[str]) -> list[Verdict] | None:
        """The child's verdicts for the chunk last sent; ``None`` if it failed."""
        if self.from_child is None:
            return None
        message = _receive(self.from_child)
        return None if message is None else _unpacked(message, chunk)

    def stop(self) -> None:
        """Close the child's input (it ends), or end it if it still works (the caller
        stopped early or was interrupted), and reap it: no zombie is left behind."""
        for fd in (self.to_child, self.from_child):
            if fd is not None:
                os.close(fd)
        self.to_child = self.from_child = None
        if self.pid is not None:
            with suppress(ProcessLookupError):  # ended already: waitpid still reaps it
                os.kill(self.pid, signal.SIGKILL)  # its work is not wanted any more
            os.waitpid(self.pid, 0)
            self.pid = None


_SIZE = struct.Struct("<Q")


def _send(fd: int, data: bytes) -> None:
    """Write ``data`` after its length."""
    with memoryview(_SIZE.pack(len(data)) + data) as view:
        while view:
            view = view[os.write(fd, view) :]


def _receive(fd: int) -> bytes | None:
    """The next message written by :func:`_send`; ``None`` at the end or when cut short."""
    head = _read_exactly(fd, _SIZE.size)
    if head is None:
        return None
    return _read_exactly(fd, _SIZE.unpack(head)[0])


def _read_exactly(fd: int, size: int) -> bytes | None:
    parts = []
    while size > 0:
        part = os.read(fd, min(size, _READ_SIZE))
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _packed(verdicts: list[Verdict]) -> bytes:
    """The verdicts' fields but their texts, compactly: the fields' names in order (the same
    for every verdict of a batch), the distinct sets of shared fields, and for each line
    which set it has and its "spotted" words."""
    dicts = list(map(vars, verdicts))
    names = tuple(dicts[0]) if dicts else tuple(_FIELDS)
    if not all(map(names.__eq__, map(tuple, dicts))):
        raise ValueError("verdicts with fields in different orders")  # the parent decides them
    shared_of = operator.itemgetter(*(name for name in names if name not in _OWN))
    shared = list(map(shared_of, dicts))
    distinct = dict(zip(dict.fromkeys(shared), count()))
    rows = list(map(distinct.__getitem__, shared))
    matched = list(map(operator.itemgetter("matched"), dicts))
    return marshal.dumps((names, list(distinct), rows, matched))


def _unpacked(data: bytes, texts: list[str]) -> list[Verdict] | None:
    """The verdicts of :func:`_packed` with their ``texts``, the same objects as the
    child's (the same fields in the same order); ``None`` if the bytes are not a whole
    answer for these texts."""
    try:
        names, distinct, rows, matched = marshal.loads(data)
        if set(names) != _FIELDS or len(names) != len(_FIELDS) or not len(rows) == len(matched) == len(texts):
            return None
        if rows and min(rows) < 0:
            return None
        shared = [name for name in names if name not in _OWN]
        bases = []
        for values in distinct:
            base: dict[str, Any] = dict.fromkeys(names)
            base.update(zip(shared, values, strict=True))
            bases.append(base)
        found = []
        for row, text, words in zip(rows, texts, matched, strict=True):
            line = bases[row].copy()
            line["text"] = text
            line["matched"] = words
            found.append(_verdict(line))
    except (ValueError, EOFError, TypeError, IndexError):  # short or garbled: decided here
        return None
    return found
