"""What the two places that hand work to a forked process share: the batch's second process
(:mod:`cm_coach.core.batch_workers`) and the app's first reads (:mod:`cm_coach.tui.prefetch`).
When a fork is safe and pays, the room of a pipe, writing a whole message, ending a child."""

from __future__ import annotations

import os
import sys
from contextlib import suppress


def second_cpu() -> bool:
    """A forked process is safe and pays: ``os.fork`` exists, no other thread is alive (a lock
    one of them holds would stay held in the child; ``threading`` not loaded yet means none),
    and two CPUs are usable."""
    if not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return usable >= 2


def widen_pipe(fd: int, size: int) -> int:
    """The pipe's size in bytes, made ``size`` where the system allows it (Linux: 1 MiB for
    anyone); 64 KiB, Linux's default, where it cannot say."""
    try:
        import fcntl

        with suppress(OSError):
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, size)
        return fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ)
    except (ImportError, AttributeError, OSError):
        return 1 << 16


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` (a pipe takes it in parts)."""
    with memoryview(data) as view:
        while view:
            view = view[os.write(fd, view) :]


def end(pid: int, *, kill: bool = True) -> bool:
    """Reap the child ``pid``, killed first if ``kill`` (its work no longer wanted): no zombie
    is left. Whether it had ended well on its own (exit code 0)."""
    import signal

    if kill:
        with suppress(ProcessLookupError):  # ended already: waitpid still reaps it
            os.kill(pid, signal.SIGKILL)
    try:
        done, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return False
    return done == pid and os.waitstatus_to_exitcode(status) == 0
