"""The user's remembered choices (theme, language, the name on client reports) in ``settings.toml``.

The dialogue target is not here: it lives in the journal (``core.signals.dialogue_target``)
so that it travels with export/import; a ``dialogue_target`` key left by an older version
is ignored and dropped on the next write.

The file is small and written by hand-formatted ``key = "value"`` lines, atomically
(temp file + ``os.replace``) and readable by the owner only. A broken or unreadable file
never stops the app: it is treated as empty and rewritten on the next change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from cm_coach.paths import ensure_private_dir, settings_path


@dataclass(frozen=True)
class Settings:
    """The user's remembered choices; None means not chosen (the default applies)."""

    theme: str | None = None
    lang: str | None = None
    report_as: str | None = None  # the CM's name or business, at the top of client reports
    report_currency: str | None = None  # the currency of the report's amounts (default €)


def _clean(data: dict) -> Settings:
    theme = data.get("theme")
    lang = data.get("lang")
    report_as = data.get("report_as")
    return Settings(
        theme=theme if isinstance(theme, str) and theme else None,
        lang=lang if lang in ("fr", "en") else None,
        report_as=_one_line(report_as),
        report_currency=_one_line(data.get("report_currency")),
    )


def _one_line(value: object) -> str | None:
    """A name for a report header: one line of printable text, or nothing (a hand-edited
    file with a control character or a huge value is ignored rather than printed)."""
    if not isinstance(value, str):
        return None
    cleaned = " ".join(value.split())
    if not cleaned or len(cleaned) > 200 or not cleaned.isprintable():
        return None
    return cleaned


def load_settings(path: Path | None = None) -> Settings:
    """The settings on disk; defaults when the file is missing or unreadable.

    Read through the content loader's parse cache: the app reads them before its first
    frame, and importing tomllib alone costs ~9 ms there.
    """
    from cm_coach.core.content import read_toml
    from cm_coach.errors import ContentError

    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        return _clean(read_toml(path))
    except (OSError, ContentError):
        return Settings()


def settings_problem(path: Path | None = None) -> object | None:
    """Why the settings file cannot be read (the parser's error, or the system's reason as a
    message parameter), or None: the commands fall back to the defaults without a word,
    ``doctor`` says so."""
    from cm_coach.core.content import read_toml
    from cm_coach.errors import ContentError, os_reason

    path = path or settings_path()
    if not path.exists():
        return None
    try:
        read_toml(path)
    except ContentError as error:  # the doctor says where (cm_coach.core.catalogue.placed_problem)
        return error
    except OSError as error:
        return os_reason(error)
    return None


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'


def render_settings(settings: Settings) -> str:
    """The settings file's text: a comment line, then one ``key = "value"`` line per setting chosen."""
    lines = ["# cm-coach settings (written by the app; safe to edit)"]
    for item in fields(settings):
        value = getattr(settings, item.name)
        if value is None:
            continue
        lines.append(f"{item.name} = {_quote(value)}")
    return "\n".join(lines) + "\n"


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write ``settings`` atomically, owner-only."""
    path = path or settings_path()
    ensure_private_dir(path.parent)
    import tempfile

    descriptor, temp_name = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(render_settings(settings))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path


def update_settings(path: Path | None = None, **changes: object) -> Settings:
    """Change some settings, keep the others; returns what was saved."""
    unknown = set(changes) - {item.name for item in fields(Settings)}
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    settings = _clean({**load_settings(path).__dict__, **changes})
    save_settings(settings, path)
    return settings
