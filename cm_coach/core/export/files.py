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


def write_text_atomically(path: Path, text: str, *, durable: bool = True) -> None:
    with atomic_text_file(path, durable=durable) as handle:
        handle.write(text)
