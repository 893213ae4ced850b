"""Files the user hands to a command (an import, an answers file, a boundaries file): read
only when they are regular files, and never beyond a limit.

A FIFO would make the command wait for a writer for ever (in a shell start-up file, the
shell with it), a device such as ``/dev/zero`` never ends, and a file's reported size may
be 0 or grow while it is read. So the file is opened without blocking, its type checked on
the open descriptor (no race with a rename), and the limit counted on the bytes read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cm_coach.errors import CoachError

CHUNK = 1024 * 1024


def read_limited(path: Path, limit: int, *, source: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`CoachError` ``safety.not_a_file`` for a FIFO, a device or a socket and
    ``safety.too_big`` past the limit; ``OSError`` (missing, not allowed, a folder) is left
    to the caller, whose message names what the file was for."""
    shown = source or str(path)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise CoachError("safety.not_a_file", path=shown)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(descriptor, min(CHUNK, limit + 1 - total))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise CoachError("safety.too_big", path=shown, max=_size(limit))
    finally:
        os.close(descriptor)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} Mo" if limit >= 1024 * 1024 else f"{limit} o"
