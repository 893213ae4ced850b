"""Files written whole or not at all, readable by their owner only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from cm_coach.errors import CoachError


@contextmanager
def atomic_text_file(path: Path, *, durable: bool = True) -> Iterator[TextIO]:
    """Yield a text handle on a temporary file next to ``path`` (mode 0600), then rename it
    over ``path`` once it is complete: an interrupted export leaves no half-written file.
    Lines are written exactly as given (``newline=""``), so the bytes are deterministic.
    ``durable`` also waits for the disk (fsync): skipped for notes that can be regenerated,
    where thousands of fsyncs would make a whole-journal export crawl."""
    import tempfile  # only when something is written: an unchanged Obsidian note costs nothing

    folder = path.parent
    if not folder.is_dir():
        raise CoachError("export.errors.no_folder", path=str(folder))
    try:
        descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    except PermissionError:
        raise CoachError("export.errors.not_writable", path=str(path)) from None
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """``data`` into ``path`` whole or not at all (temp file 0600, fsync, rename)."""
    import tempfile

    folder = path.parent
    if not folder.is_dir():
        raise CoachError("export.errors.no_folder", path=str(folder))
    try:
        descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    except PermissionError:
        raise CoachError("export.errors.not_writable", path=str(path)) from None
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str, *, durable: bool = True) -> None:
    """``text`` into ``path`` whole or not at all (see :func:`atomic_text_file`); ``durable=False`` skips the
    fsync for files that can be written again."""
    with atomic_text_file(path, durable=durable) as handle:
        handle.write(text)


STDOUT = "-"


def output_target(path: Path, *, force: bool, journal: Path) -> Path:
    """The regular file an export may write for ``-o path``, or a refusal.

    - never the journal (nor its ``-wal``/``-shm``/``-journal`` files) or a backup of it,
      whatever the spelling of the path (a symlink, ``..``, a hard link), even with ``--force``;
    - never something that is not a regular file (a folder, a device such as ``/dev/stdout``,
      a FIFO, a socket): ``-o -`` is how to write to standard output;
    - an existing file, or a symlink (even a dangling one), only with ``--force``;
    - a symlink is followed, never replaced: the file it points to is written, the link stays.
    """
    import stat

    try:
        if path.is_symlink():
            if not force:
                raise CoachError("export.errors.exists", path=str(path))
            target = path.resolve()
        else:
            target = path.absolute()
        _refuse_journal_files(target, journal)
    except (OSError, RuntimeError):  # a symlink loop, an unreadable folder on the way
        raise CoachError("export.errors.not_writable", path=str(path)) from None
    try:
        status = target.stat()
    except FileNotFoundError:
        return target
    except OSError:
        raise CoachError("export.errors.not_writable", path=str(path)) from None
    if stat.S_ISDIR(status.st_mode):
        raise CoachError("export.errors.is_folder", path=str(path))
    if not stat.S_ISREG(status.st_mode):
        raise CoachError("safe_output.not_regular", path=str(path))
    if not force and not path.is_symlink():
        raise CoachError("export.errors.exists", path=str(path))
    return target


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _refuse_journal_files(target: Path, journal: Path) -> None:
    from cm_coach.paths import backups_dir

    journal = journal.absolute()
    real_journal = journal.resolve()
    protected = [
        real_journal.with_name(real_journal.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")
    ]
    real_target = target.resolve()
    backups = backups_dir(real_journal).resolve()
    if real_target in protected or real_target.parent == backups:
        raise CoachError("safe_output.journal", path=str(target))
    found = _identity(real_target)
    if found is None:
        return
    if any(found == _identity(candidate) for candidate in protected):
        raise CoachError("safe_output.journal", path=str(target))
    if backups.is_dir() and found[0] == backups.stat().st_dev:
        for copy in backups.iterdir():
            if _identity(copy) == found:
                raise CoachError("safe_output.journal", path=str(target))
