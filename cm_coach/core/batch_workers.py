"""A long batch on two processes: the lines of a batch are independent, and a second core
decides half of them at nearly the speed of the first.

:meth:`Judge.classify_many` and :meth:`Judge.classify_batches` take the lines
:data:`~cm_coach.core.boundaries.BATCH_LINES` at a time. With two processes, one forked
child decides chunks too: each process takes the next chunk whenever it is free (the child
is kept one chunk ahead where the pipes have room for it), and the verdicts are given out
in the input's order. The child inherits the judge (nothing to send but the lines), sends
back each verdict's fields with :mod:`marshal` (the text left out: this process has it), and
ends with ``os._exit`` (no atexit handler, no flush of the stdout buffers it inherited, no
inherited SQLite connection touched). One child for the whole batch: after a fork, the first
write to each memory page copies it, which cost a fork per pair of chunks as much as it
saved; and ``multiprocessing`` costs more to import than a whole ``check "…"``.

Nothing is lost and nothing differs: if the fork fails, the child dies, or its answer is
short or garbled, this process decides its chunks itself (the same answers); the child is
always reaped, also when the caller is interrupted. Two processes only where it is safe and
pays (:func:`workers`); ``CM_COACH_BATCH_WORKERS=1`` forces one.
"""

from __future__ import annotations

import marshal
import operator
import os
import struct
from collections import deque
from collections.abc import Callable, Iterator
from itertools import count
from typing import Any

from cm_coach.core.boundaries import Verdict, _verdict
from cm_coach.core.second_process import end, second_cpu, widen_pipe, write_all

WORKERS_VARIABLE = "CM_COACH_BATCH_WORKERS"
_FIELDS = frozenset(Verdict.FIELDS)
_OWN = ("text", "matched")  # each line's own fields; the others are shared by many lines
_READ_SIZE = 1 << 20
_SHORTEST_HALF = 500  # lines: below, a last chunk is decided here alone


def workers() -> int:
    """How many processes a long batch uses: 2 where a fork is safe and pays
    (:func:`~cm_coach.core.second_process.second_cpu`: never inside the app, whose threads
    run), else 1, and 1 when :data:`WORKERS_VARIABLE` says so."""
    if os.environ.get(WORKERS_VARIABLE, "").strip() == "1":
        return 1
    return 2 if second_cpu() else 1


def in_pairs(
    chunks: Iterator[list[str]],
    decide: Callable[[list[str]], list[Verdict]],
    remember: Callable[[list[str], list[Verdict]], None],
) -> Iterator[list[Verdict]]:
    """``map(decide, chunks)`` on two processes when :func:`workers` allows it: each process
    takes the next chunk whenever it is free (the child is kept one chunk ahead, so that it
    never waits for this process to notice its answer), and the verdicts are given out in the
    chunks' order as soon as the first ones are all there. So neither process waits for the
    other when one is slower (a busy core, a chunk of new words), and a last chunk alone is
    cut in halves, one for each. ``remember`` keeps the child's verdicts in this process's
    caches, as ``decide`` keeps its own."""
    child = _Child(decide) if workers() == 2 else None
    source = _Ahead(chunks)
    jobs: deque[_Job] = deque()  # every chunk taken, in the input's order
    sent: deque[_Job] = deque()  # the child's, oldest first
    try:
        while True:
            while child is not None and sent and child.ready():  # answers already there
                if not _take_answer(child, sent, remember):
                    child = None
            job = next((job for job in jobs if job.verdicts is None and not job.sent), None)
            if job is None:
                job = _new_job(source, jobs, sent, child)
            if child is not None and not _keep_busy(child, source, jobs, sent):
                child = None
            if job is not None:
                job.verdicts = decide(job.chunk)
            elif child is not None and sent:  # nothing left for this process: wait for the child
                if not _take_answer(child, sent, remember):
                    child = None
            elif not jobs:
                return
            while jobs and (done := jobs[0].verdicts) is not None:  # in the input's order
                jobs.popleft()
                yield done
    finally:
        if child is not None:
            child.stop()


class _Job:
    """A chunk, and its verdicts once decided (here or by the child)."""

    __slots__ = ("chunk", "sent", "verdicts")

    def __init__(self, chunk: list[str]) -> None:
        self.chunk = chunk
        self.sent = False  # to the child
        self.verdicts: list[Verdict] | None = None


class _Ahead:
    """The chunks, read two ahead: whether the next one is the last."""

    def __init__(self, chunks: Iterator[list[str]]) -> None:
        self._chunks = chunks
        self._ahead: deque[list[str]] = deque()
        self._fill()

    def _fill(self) -> None:
        while len(self._ahead) < 2 and (chunk := next(self._chunks, None)) is not None:
            self._ahead.append(chunk)

    def take(self) -> list[str] | None:
        """The next chunk, ``None`` at the end."""
        if not self._ahead:
            return None
        found = self._ahead.popleft()
        self._fill()
        return found

    @property
    def before_last(self) -> bool:
        """Another chunk follows the next one."""
        return len(self._ahead) >= 2

    @property
    def empty(self) -> bool:
        return not self._ahead


def _keep_busy(child: _Child, source: _Ahead, jobs: deque[_Job], sent: deque[_Job]) -> bool:
    """New chunks sent so that the child holds :attr:`_Child.depth` of them, the last
    chunk excepted (whoever is free then cuts it in halves, see :func:`_new_job`).
    ``False`` once the child has failed (its chunks are then decided here)."""
    while len(sent) < child.depth and source.before_last:
        chunk = source.take()
        assert chunk is not None
        job = _Job(chunk)
        jobs.append(job)
        asked = child.ask(chunk, ahead=bool(sent))
        if asked is None:  # too big to wait in the pipe: this process decides it
            return True
        if not asked:
            _failed(child, sent)
            return False
        job.sent = True
        sent.append(job)
    return True


def _new_job(source: _Ahead, jobs: deque[_Job], sent: deque[_Job], child: _Child | None) -> _Job | None:
    """The next chunk for this process; the last one cut in halves when the child has at
    most one chunk left to decide (the second half sent to it)."""
    chunk = source.take()
    if chunk is None:
        return None
    if child is not None and source.empty and len(sent) <= 1 and len(chunk) >= 2 * _SHORTEST_HALF:
        half = len(chunk) // 2
        mine, theirs = _Job(chunk[:half]), _Job(chunk[half:])
        jobs.extend((mine, theirs))
        if child.ask(theirs.chunk, ahead=bool(sent)):  # not sent: this process decides it next
            theirs.sent = True
            sent.append(theirs)
        return mine
    job = _Job(chunk)
    jobs.append(job)
    return job


def _take_answer(
    child: _Child, sent: deque[_Job], remember: Callable[[list[str], list[Verdict]], None]
) -> bool:
    """The child's answer to its oldest chunk, kept in this process's caches; ``False``
    (the child stopped, its chunks left for this process) if it failed."""
    job = sent[0]
    theirs = child.answer(job.chunk)
    if theirs is None:
        _failed(child, sent)
        return False
    sent.popleft()
    job.verdicts = theirs
    remember(job.chunk, theirs)
    return True


def _failed(child: _Child, sent: deque[_Job]) -> None:
    """The child is gone or garbled: stopped, and its chunks left for this process."""
    child.stop()
    for job in sent:
        job.sent = False
    sent.clear()
    return None


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
        # Room in each pipe (Linux) for a chunk waiting behind the one being decided, and for
        # answers not read yet: the child then goes from one chunk to the next without
        # waiting for this process to notice its answer. Elsewhere, one chunk at a time.
        self.room = min(widen_pipe(to_child, _PIPE_BYTES), widen_pipe(from_child, _PIPE_BYTES))
        self.depth = 2 if self.room >= _PIPE_BYTES else 1
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

    def ask(self, chunk: list[str], *, ahead: bool) -> bool | None:
        """Send the child a chunk to decide: ``True``; ``False`` if it is gone; ``None``
        (nothing sent) for a chunk sent ``ahead`` of one it may not have read yet that is
        too big to wait in the pipe beside it (half the pipe at most): this process then
        never waits on a full pipe, whatever the child is doing."""
        if self.to_child is None:
            return False
        data = marshal.dumps(chunk)
        if ahead and _SIZE.size + len(data) > self.room // 2:
            return None
        try:
            _send(self.to_child, data)
        except OSError:  # the child ended (BrokenPipeError): the parent decides
            return False
        return True

    def ready(self) -> bool:
        """Whether the child's next answer has begun to arrive (no wait)."""
        import select

        return self.from_child is not None and bool(select.select([self.from_child], [], [], 0)[0])

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
            end(self.pid)  # its work is not wanted any more
            self.pid = None


_SIZE = struct.Struct("<Q")
_PIPE_BYTES = 1 << 20  # asked for each pipe (Linux lets anyone have 1 MiB); a chunk is ~0.3 MB


def _send(fd: int, data: bytes) -> None:
    """Write ``data`` after its length."""
    write_all(fd, _SIZE.pack(len(data)) + data)


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
