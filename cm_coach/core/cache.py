"""The parse cache: the shipped content files, already parsed, kept in the user's cache folder.

``tomllib`` is pure Python: parsing the catalogues would cost every command ~30 ms, so
their parsed form is kept (``marshal``) and used while the file's size and modification
time are unchanged. The rules, since a cache is a copy:

* only files shipped with cm-coach are cached, never the user's own (``boundaries.toml``
  is private: no copy of it lies anywhere else);
* files are written 0600 in a 0700 folder whatever the umask, whole or not at all;
* one copy per file: storing a new version deletes the older ones, and anything else in
  the folder that is not a current copy (older formats, writes cut short) goes too;
* the folder is never made above a home that does not exist, and a cache that cannot be
  written or read is simply not used: it must never stop a command.
"""

from __future__ import annotations

import marshal
import os
import re
from functools import cache
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~3 ms)
if TYPE_CHECKING:
    from typing import Any

try:  # the built-in SHA-1: the same digests as hashlib's, without loading OpenSSL (~2.5 ms)
    from _sha1 import sha1  # type: ignore[import-not-found]
except ImportError:  # a Python built without it
    from hashlib import sha1

SUFFIX = ".marshal"
_NAME = re.compile(r"(?P<stem>.+)-(?P<source>[0-9a-f]{12})-(?P<version>[0-9a-f]{8})\.marshal")
# Older copies and writes cut short, ours by their names (and only those: the folder may be
# shared through CM_COACH_CACHE_DIR): the old "stem-<20 hex>.marshal" and its temporary,
# and this module's ".name.marshal.<pid>.tmp".
_OURS = re.compile(r".+-[0-9a-f]{20}\.marshal|.+-[0-9a-f]{20}\.\d+\.tmp|\..+\.marshal\.\d+\.tmp")


def _folder() -> Path | None:
    """The cache folder, or ``None`` when there must be none (disabled, no usable home)."""
    if os.environ.get("CM_COACH_NO_CACHE"):
        return None
    from cm_coach.errors import CoachError
    from cm_coach.paths import cache_dir

    try:
        folder = cache_dir()
    except CoachError:  # HOME="" and the like: paths refuses it, the cache just stays away
        return None
    if not os.environ.get("CM_COACH_CACHE_DIR") and not os.environ.get("XDG_CACHE_HOME", "").strip():
        home = Path(os.path.expanduser("~"))
        if not home.is_dir():  # never make a home folder for a cache
            return None
    return folder


def cacheable(source: Path) -> bool:
    """Only the content shipped with cm-coach: the user's files are never copied."""
    try:
        return source.resolve().is_relative_to(_shipped())
    except (OSError, RuntimeError):
        return False


@cache
def _shipped() -> Path:
    """The shipped content's real folder, resolved once (a system call per folder)."""
    from cm_coach.core.catalogue import content_dir

    return content_dir().resolve()


def _keys(source: Path, version: tuple[int, ...]) -> tuple[str, str]:
    where = sha1(str(source.resolve()).encode()).hexdigest()[:12]
    when = sha1("|".join(str(part) for part in version).encode()).hexdigest()[:8]
    return where, when


def _path(folder: Path, source: Path, version: tuple[int, ...]) -> Path:
    where, when = _keys(source, version)
    return folder / f"{source.stem}-{where}-{when}{SUFFIX}"


def load(source: Path, *, version: tuple[int, ...]) -> dict[str, Any] | None:
    """The parsed form of ``source`` at ``version`` (its size and mtime, and whatever else
    the form depends on), if cached."""
    folder = _folder()
    if folder is None or not cacheable(source):
        return None
    try:
        value = marshal.loads(_path(folder, source, version).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return value if isinstance(value, dict) else None


def store(source: Path, data: dict[str, Any], *, version: tuple[int, ...]) -> None:
    """Keep the parsed form of ``source`` at ``version``, and drop every stale copy."""
    folder = _folder()
    if folder is None or not cacheable(source):
        return
    try:
        payload = marshal.dumps(data)
    except ValueError:
        return  # dates and such cannot be marshalled: no cache for this file
    target = _path(folder, source, version)
    try:
        from cm_coach.paths import ensure_private_dir

        ensure_private_dir(folder)
        if not os.environ.get("CM_COACH_CACHE_DIR") and folder.stat().st_mode & 0o077:
            folder.chmod(0o700)  # our own folder, made by an older version with the umask's mode
        _write_private(target, payload)
        _prune(folder, keep=target)
    except OSError:
        pass  # a cache is an optimisation: a read-only home must not stop the command


def _write_private(target: Path, payload: bytes) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _prune(folder: Path, *, keep: Path) -> None:
    """Delete the older copies of ``keep``'s source, and whatever is not a current copy."""
    kept = _NAME.fullmatch(keep.name)
    assert kept is not None
    for path in folder.iterdir():
        if path == keep or not path.is_file():
            continue
        match = _NAME.fullmatch(path.name)
        if (match is not None and match["source"] == kept["source"]) or (
            match is None and _OURS.fullmatch(path.name)
        ):
            path.unlink(missing_ok=True)
