"""The first screen's reads made by a second process while this one starts the app.

Opening ``cm-coach`` spends most of its first paint importing Textual and composing the
screen: one core busy, the other idle. The screen's figures were then read after that first
frame, in a thread, importing the core and querying the journal on the same core (about as
long again on a large journal). So, where it is safe and pays (``os.fork``, two CPUs usable,
no other thread yet: before Textual is imported), a forked child reads them at once on the
other core with its own read-only connection, and hands them over through a pipe (the
records as plain values in ``marshal``'s format, rebuilt here from cm-coach's own record
classes only: :func:`_plain`, :func:`_rebuilt`). The screen takes them instead of reading:
on the UI thread, without a worker, once the child has ended (:meth:`Answered.now`, through
:func:`cm_coach.tui.journal.run_in_journal`), else in its worker, waiting for the child
(:func:`take`); so the figures come with the frame right after the first.

Nothing depends on it: a read the child did not make, made for another day, language or
period, or that failed, or that is not there within :data:`WAIT_SECONDS`, is read as before.
The child never writes, never touches this process's connections, and leaves with
``os._exit`` (no atexit handler, no buffered output of this process written twice).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from cm_coach.core.second_process import end, second_cpu, widen_pipe, write_all
from cm_coach.record import Record

T = TypeVar("T")

PREFETCH_ENV = "CM_COACH_PREFETCH"  # "0": read after the first frame, in this process
WAIT_SECONDS = 2.0  # a child slower than this is not waited for: the screen reads itself
FRESH_SECONDS = 5.0  # what the child read is for the first screen, not for a later visit
PIPE_BYTES = 1 << 20  # the pipe's room asked for (Linux allows 1 MiB unprivileged)

_child: tuple[int, int] | None = None  # (pid, read end of the pipe)
_answers: dict[str, tuple[tuple, Any]] | None = None  # read name -> (what it was read for, result)
_started = 0.0  # time.monotonic() at the fork
_lock: Any = None  # a threading.Lock once a child is started (the workers take in turn)


def worth_it() -> bool:
    """A second process helps: it can be forked safely (no other thread: a lock held by one
    would stay held in the child) and has a CPU of its own."""
    return os.environ.get(PREFETCH_ENV) != "0" and second_cpu()


def start(db_path: Path, mode: str, today: date, lang: str, *, force: bool = False) -> bool:
    """Fork a child that makes ``mode``'s first reads on ``db_path``; ``False`` when not
    worth it (see :func:`worth_it`; ``force``: tests, whose runner has threads of its own)."""
    global _child, _answers, _started, _lock
    if not (force or worth_it()) or mode not in FIRST_READS:
        return False
    forget()
    import threading  # Textual imports it anyway; its lock is made before any thread exists
    import time

    _lock = threading.Lock()
    _started = time.monotonic()
    read_end, write_end = os.pipe()
    widen_pipe(write_end, PIPE_BYTES)  # room for the whole answer: the child can end before it is read
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return False
    if pid == 0:  # the child: read, hand over, leave without running anything of the parent's
        code = 1
        try:
            os.close(read_end)
            with suppress(OSError):  # behind the app's own process when both want the same CPU
                os.nice(10)
            write_all(write_end, _read_all(db_path, mode, today, lang))
            os.close(write_end)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    _child, _answers = (pid, read_end), None
    return True


def take(name: str, made_for: tuple, *, wait: bool = True) -> Any | None:
    """The child's result of the read ``name`` if it was made ``made_for`` (the same day,
    language, period...), once; ``None`` otherwise: the caller reads the journal itself.
    The first call waits for the child (a worker thread's); without ``wait`` (the UI
    thread's), ``None`` while the child is still at work, its answer left for later."""
    found = _taken(name, made_for, wait=wait)
    return None if found is None else found[0]


def _taken(name: str, made_for: tuple, *, wait: bool) -> tuple[Any] | None:
    """:func:`take`'s answer in a 1-tuple (an answer may itself be None: no timer running)."""
    global _answers
    if _lock is None:
        return None
    import time

    with _lock:
        if _child is not None:
            ended = _ended() if not wait else None
            if not wait and ended is None:
                return None
            _answers = _collect(ended)
        found = (_answers or {}).pop(name, None)
        if time.monotonic() - _started > FRESH_SECONDS:
            _answers = None  # too old now for any screen
    if found is None or found[0] != made_for or time.monotonic() - _started > FRESH_SECONDS:
        return None
    return (found[1],)


class Answered:
    """A read (a function of the connection) that the child may have made already: called,
    it takes the child's answer or reads; :meth:`now` gives the answer only if it is there."""

    def __init__(self, name: str, made_for: tuple, read: Callable[[Any], Any]) -> None:
        self.name, self.made_for, self.read = name, made_for, read

    def __call__(self, conn: Any) -> Any:
        """In a worker: the child's answer (waited for), else the read made on ``conn``."""
        found = _taken(self.name, self.made_for, wait=True)
        return self.read(conn) if found is None else found[0]

    def now(self) -> tuple[Any] | None:
        """The child's answer in a 1-tuple if the child has ended (on the UI thread: no
        wait, no worker), else None."""
        return _taken(self.name, self.made_for, wait=False)


def or_read(name: str, made_for: tuple, read: Callable[[Any], T]) -> Callable[[Any], T]:
    """``read`` (a function of the connection), answered by the child's read ``name`` when it
    made it ``made_for`` (see :func:`take`, :class:`Answered`)."""
    return Answered(name, made_for, read)


def forget() -> None:
    """Drop what the child read or would read (the app is leaving, or a new start)."""
    global _child, _answers
    if _child is not None:
        pid, read_end = _child
        _child = None
        os.close(read_end)
        end(pid)
    _answers = None


# --- the reads ---------------------------------------------------------------------------------


def _dashboard(conn, today: date, lang: str) -> dict[str, tuple[tuple, Any]]:
    from cm_coach.core.dates import week_period
    from cm_coach.tui.reads import load_dashboard

    period = week_period(today)
    return {"dashboard-load": ((period, today, lang), load_dashboard(conn, period, today, lang))}


def _checkin(conn, today: date, lang: str) -> dict[str, tuple[tuple, Any]]:
    from cm_coach.tui.reads import load_checkin, people_names, read_morning

    return {
        "checkin-load": ((today, lang), load_checkin(conn, today, lang)),
        "checkin-people": ((today,), read_morning(conn, today)),
        "people-names": ((), people_names(conn)),
    }


# The reads a first screen makes at once, besides the app's context and timer (every screen's).
FIRST_READS: dict[str, Callable[..., dict[str, tuple[tuple, Any]]]] = {
    "dashboard": _dashboard,
    "checkin": _checkin,
}


def _read_all(db_path: Path, mode: str, today: date, lang: str) -> bytes:
    import marshal

    from cm_coach.core.timer import current
    from cm_coach.store.db import connect
    from cm_coach.tui.reads import read_context

    conn = connect(db_path, create=False, read_only=True)
    try:
        found = FIRST_READS[mode](conn, today, lang)
        found["context"] = ((today,), read_context(conn, today))
        found["timer"] = ((), current(conn))
    finally:
        conn.close()
    return marshal.dumps(_plain(found))


# --- the pipe ----------------------------------------------------------------------------------


def _ended() -> int | None:
    """The child's exit code once it has ended (reaped then), else None."""
    assert _child is not None
    try:
        done, status = os.waitpid(_child[0], os.WNOHANG)
    except ChildProcessError:
        return 1
    return os.waitstatus_to_exitcode(status) if done else None


def _collect(ended: int | None = None) -> dict[str, tuple[tuple, Any]]:
    """The child's answer (empty when it failed or was too slow), the child reaped
    (``ended``: its exit code, when it is reaped already)."""
    import marshal
    import select
    import time

    global _child
    assert _child is not None
    pid, read_end = _child
    _child = None
    chunks: list[bytes] = []
    deadline = time.monotonic() + WAIT_SECONDS
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                end(pid)  # too slow: the screen reads itself
                return {}
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
    ended_well = ended == 0 if ended is not None else end(pid, kill=False)
    if not ended_well or not chunks:
        return {}
    try:
        answers = _rebuilt(marshal.loads(b"".join(chunks)))
    except (ValueError, EOFError, TypeError, LookupError, ImportError):  # garbled: read again here
        return {}
    return answers if isinstance(answers, dict) else {}


# --- records as plain values ---------------------------------------------------------------------
# Every container or record becomes a tuple whose first item says what it was; str, int,
# float, bool and None stay as they are. A record is rebuilt only from a class of cm-coach's
# own package that is a dataclass, a named tuple or a :class:`~cm_coach.record.Record`,
# with its fields as the child gave them.


def _plain(value: Any) -> Any:
    import dataclasses

    if value is None or isinstance(value, str | int | float):  # bool is an int
        return value
    if type(value) is datetime:  # a datetime is a date too: its time of day must not be lost
        return ("datetime", value.isoformat())
    if type(value) is date:
        return ("date", value.toordinal())
    if isinstance(value, list):
        return ("list", *map(_plain, value))
    if isinstance(value, dict):
        return ("dict", *(_plain(item) for pair in value.items() for item in pair))
    kind = type(value)
    name = f"{kind.__module__}:{kind.__qualname__}"
    if dataclasses.is_dataclass(value):
        fields = [getattr(value, field.name) for field in dataclasses.fields(value)]
        return ("record", name, *map(_plain, fields))
    if isinstance(value, Record):
        return ("record", name, *map(_plain, value.fields()))
    if isinstance(value, tuple):
        return ("tuple", *map(_plain, value)) if kind is tuple else ("named", name, *map(_plain, value))
    raise TypeError(f"not handed over: {name}")


def _rebuilt(value: Any) -> Any:
    if not isinstance(value, tuple):
        return value
    kind, *items = value
    if kind == "date":
        return date.fromordinal(items[0])
    if kind == "datetime":
        return datetime.fromisoformat(items[0])
    if kind == "list":
        return list(map(_rebuilt, items))
    if kind == "tuple":
        return tuple(map(_rebuilt, items))
    if kind == "dict":
        values = list(map(_rebuilt, items))
        return dict(zip(values[::2], values[1::2], strict=True))
    if kind == "named":
        return _record_class(items[0])(*map(_rebuilt, items[1:]))
    if kind == "record":
        return _record(_record_class(items[0]), list(map(_rebuilt, items[1:])))
    raise ValueError(kind)


def _record_class(name: str) -> type:
    """A record class of cm-coach's own package by its ``module:qualname``, nothing else."""
    import dataclasses
    import importlib

    module, _, qualname = name.partition(":")
    if not module.startswith("cm_coach."):
        raise LookupError(name)
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    if not isinstance(found, type) or not (
        dataclasses.is_dataclass(found) or issubclass(found, tuple | Record)
    ):
        raise LookupError(name)
    return found


def _record(kind: type, values: list[Any]) -> Any:
    """A record from its fields' values. A dataclass takes those it takes at creation, and
    the others are set after."""
    import dataclasses

    if issubclass(kind, Record):
        return kind(*values)
    fields = dataclasses.fields(kind)
    made = kind(**{f.name: v for f, v in zip(fields, values, strict=True) if f.init})
    for field, value in zip(fields, values, strict=True):
        if not field.init:
            object.__setattr__(made, field.name, value)
    return made
