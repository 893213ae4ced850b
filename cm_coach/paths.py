"""Every file location cm-coach uses, in one place.

Nothing here touches the disk at import time: folders are created by
:func:`ensure_private_dir` when a command really needs them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cm_coach.errors import CoachError

APP_NAME = "cm-coach"
DB_ENV = "CM_COACH_DB"
CONFIG_ENV = "CM_COACH_CONFIG_DIR"
DATA_ENV = "CM_COACH_DATA_DIR"


def _xdg(variable: str, default: str) -> Path:
    """What platformdirs answers on Linux, without its import: ~15 ms on every command,
    since content and settings are read before anything else (a test keeps them equal).

    An empty or relative ``$HOME`` is refused: ``~`` would become ``/`` (the journal at
    ``/.local/share``) or a folder relative to wherever the command runs."""
    base = os.environ.get(variable, "").strip()
    if not base:
        home = os.environ.get("HOME")
        if home is not None and not os.path.isabs(home):
            raise CoachError("safety.no_home", variable=variable)
        base = os.path.expanduser(default)
    return Path(base) / APP_NAME


def data_dir() -> Path:
    """Folder of the journal database (``CM_COACH_DATA_DIR`` overrides it)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform.startswith("linux"):
        return _xdg("XDG_DATA_HOME", "~/.local/share")
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """Folder of settings and user boundaries (``CM_COACH_CONFIG_DIR`` overrides it)."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform.startswith("linux"):
        return _xdg("XDG_CONFIG_HOME", "~/.config")
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Disposable files (parsed content); ``CM_COACH_CACHE_DIR`` overrides it."""
    override = os.environ.get("CM_COACH_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform.startswith("linux"):
        return _xdg("XDG_CACHE_HOME", "~/.cache")
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def user_path(text: str | os.PathLike[str]) -> Path:
    """A path the user typed, ``~`` expanded; one that cannot name a file (``~nobody-here``,
    a NUL byte) is refused with a message rather than a crash."""
    raw = os.fspath(text)
    try:
        if "\x00" in raw:
            raise ValueError("NUL byte")
        return Path(raw).expanduser()
    except (RuntimeError, ValueError):
        raise CoachError("errors.bad_path", path=raw.replace("\x00", "\\0")) from None


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The journal file: ``--db`` first, then ``CM_COACH_DB``, then the data folder. An
    empty ``--db ""`` (a variable left unset in a script) is refused, not read as the default."""
    if explicit is not None:
        if not os.fspath(explicit).strip():
            raise CoachError("errors.bad_path", path=os.fspath(explicit))
        return user_path(explicit)
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return user_path(from_env)
    return data_dir() / "journal.db"


def backups_dir(db_path: Path) -> Path:
    """Backups live beside the database they protect."""
    return db_path.parent / "backups"


def settings_path() -> Path:
    """The user's remembered choices (theme, language, the name on reports), in the config folder."""
    return config_dir() / "settings.toml"


def user_boundaries_path() -> Path:
    """The user's own phrases and categories, added to the shipped boundaries, in the config folder."""
    return config_dir() / "boundaries.toml"


def log_dir() -> Path:
    """Where unexpected errors are written, so the user can send them to us."""
    return data_dir() / "logs"


def ensure_private_dir(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) readable by the owner only.

    An existing folder keeps its mode: ``--db /tmp/x.db`` must never chmod ``/tmp``.
    """
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for created in reversed(missing):
        created.mkdir(mode=0o700, exist_ok=True)
        created.chmod(0o700)  # mkdir's mode is masked by the umask
    return folder
