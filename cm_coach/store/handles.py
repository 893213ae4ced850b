"""Every SQLite connection this process opens on a file, counted, so that plain Python never
closes a descriptor on a journal that one of them is using.

POSIX drops *all* the locks a process holds on a file as soon as the process closes *any*
descriptor on it. SQLite guards its own descriptors against that, but a plain
``open(journal).read()`` closed in one thread silently releases the locks of a connection
living in another: a second program then believes itself the journal's last user, deletes
the ``-wal`` and ``-shm`` files, and the first connection later writes a stale page over
that program's rows (SQLite's "How To Corrupt An SQLite Database File", § 2.2).

So every connection the application opens comes from :func:`open_sqlite` (a
``sqlite3.Connection`` subclass that counts itself, per file identity, and uncounts itself
once really closed), and plain reads go through :func:`read_start` or :func:`plain_access`,
which refuse while the process holds a connection on that file. Both sides take one lock,
so a read cannot overlap the moment a connection starts using its file. Only ``os``,
``stat``, ``sqlite3`` and ``_thread`` (``threading.Lock`` itself, without the ``threading``
module) are imported: the shell start-up path and ``people list`` use this module.
"""

from __future__ import annotations

import _thread
import os
import sqlite3
import stat
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
_LOCK = _thread.allocate_lock()  # threading.Lock is this very function
_OPEN: dict[tuple[int, int], int] = {}


class NotARegularFile(OSError):
    """A FIFO, a device, a socket: never opened as a journal or read as one."""


def _stat(path: str | os.PathLike[str]) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """The file's (device, inode): a lock belongs to the file, whatever the path that names it."""
    info = _stat(path)
    return None if info is None else (info.st_dev, info.st_ino)


def is_regular(path: str | os.PathLike[str]) -> bool:
    """A regular file (a FIFO would hang a read, a device would never end it)."""
    info = _stat(path)
    return info is not None and stat.S_ISREG(info.st_mode)


class CountedConnection(sqlite3.Connection):
    """A connection that counts itself open on its file until it is closed (or collected)."""

    _counted: tuple[int, int] | None = None

    def _count(self, path: Path) -> None:
        with _LOCK:
            key = _identity(path)
            if key is not None:
                _OPEN[key] = _OPEN.get(key, 0) + 1
                self._counted = key

    def _uncount(self) -> None:
        with _LOCK:
            key, self._counted = self._counted, None
            if key is not None:
                remaining = _OPEN.get(key, 1) - 1
                if remaining > 0:
                    _OPEN[key] = remaining
                else:
                    _OPEN.pop(key, None)

    def close(self) -> None:
        """Close, and only then stop counting the file as open, so that no one thinks it free while SQLite
        still holds its locks."""
        super().close()  # first close (locks released by SQLite), then uncount
        self._uncount()

    def __del__(self) -> None:
        if self._counted is not None:
            try:  # noqa: SIM105 -- contextlib.suppress would load contextlib for this alone
                super().close()
            except sqlite3.Error:  # another thread's: the collector closes it next
                pass
            self._uncount()


def open_sqlite(
    path: Path,
    *,
    read_only: bool = False,
    immutable: bool = False,
    timeout: float = 5.0,
    check_same_thread: bool = True,
) -> sqlite3.Connection:
    """A counted connection on ``path`` (read-only, or immutable for a folder SQLite cannot
    write its ``-shm`` in). It is counted before it runs a single statement, so before it
    can hold any lock."""
    if read_only or immutable:
        query = "mode=ro&immutable=1" if immutable else "mode=ro"
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?{query}",
            uri=True,
            timeout=timeout,
            check_same_thread=check_same_thread,
            factory=CountedConnection,
        )
    else:
        conn = sqlite3.connect(
            path, timeout=timeout, check_same_thread=check_same_thread, factory=CountedConnection
        )
    assert isinstance(conn, CountedConnection)
    conn._count(path)
    return conn


def open_readable(path: Path, *, timeout: float = 5.0, check_same_thread: bool = True) -> sqlite3.Connection:
    """A read-only connection that has read the header: ``mode=ro`` (which reads an existing
    ``-wal`` too), else ``immutable`` when no ``-wal`` holds anything (a read-only folder,
    where SQLite cannot make the ``-shm``: immutable would not see what a ``-wal`` holds, so
    then the ``mode=ro`` error is raised). Raises ``sqlite3.Error``."""
    wal = Path(f"{path}-wal")
    try:
        wal_holds_data = wal.stat().st_size > 0
    except OSError:
        wal_holds_data = False
    first: sqlite3.Error | None = None
    for immutable in (False, True):
        if immutable and wal_holds_data:
            break
        conn = open_sqlite(
            path, read_only=True, immutable=immutable, timeout=timeout, check_same_thread=check_same_thread
        )
        try:
            conn.execute("PRAGMA user_version").fetchone()
        except sqlite3.OperationalError as error:
            conn.close()
            first = first or error
            continue
        except BaseException:
            conn.close()
            raise
        return conn
    assert first is not None
    raise first


def open_count(path: Path) -> int:
    """How many connections this process holds on ``path``'s file (for tests and ``doctor``)."""
    with _LOCK:
        key = _identity(path)
        return _OPEN.get(key, 0) if key is not None else 0


def read_start(path: Path, size: int) -> bytes | None:
    """The first ``size`` bytes of ``path`` read with plain Python, or ``None`` when this
    process holds a connection on that file (closing our descriptor would drop its locks:
    SQLite, which opened the file already, checks it instead).

    Raises :class:`NotARegularFile` for a FIFO or a device (a read could hang or never end)
    and the usual ``OSError`` otherwise."""
    with plain_access(path) as allowed:
        if not allowed:
            return None
        with path.open("rb") as handle:
            return handle.read(size)


class plain_access:  # lower case: used like the function it was, ``with plain_access(path) as allowed``
    """Hold off every new connection of this process while the caller reads ``path`` with
    plain Python; gives ``False`` (read nothing) when a connection is already open on it.
    A class rather than ``contextlib.contextmanager``: contextlib is not loaded for this."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> bool:
        _LOCK.acquire()
        try:
            info = _stat(self.path)
            if info is not None and stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(21, "Is a directory", str(self.path))
            if info is not None and not stat.S_ISREG(info.st_mode):
                raise NotARegularFile(22, "not a regular file", str(self.path))
            return info is None or not _OPEN.get((info.st_dev, info.st_ino))
        except BaseException:
            _LOCK.release()
            raise

    def __exit__(self, *exc_info: object) -> None:
        _LOCK.release()
