"""What is typed in a form and not yet saved (the log form), kept across a quit or a closed
terminal: one small private JSON file per journal and form, in the cache folder."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from cm_coach.paths import cache_dir, ensure_private_dir


def draft_path(db_path: Path, form: str) -> Path:
    """The draft file of ``form`` for this journal: named by a hash of the journal's path, so two journals
    never share a draft."""
    digest = hashlib.sha256(str(db_path.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / "drafts" / f"{digest}-{form}.json"


def save_form_draft(db_path: Path, form: str, values: dict[str, str]) -> None:
    """Keep ``values`` (written atomically, readable by the owner only); empty values clear it."""
    path = draft_path(db_path, form)
    if not any(value.strip() for value in values.values()):
        clear_form_draft(db_path, form)
        return
    ensure_private_dir(path.parent)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(values, handle, ensure_ascii=False)
    os.replace(temporary, path)


def load_form_draft(db_path: Path, form: str) -> dict[str, str]:
    """The values kept, or ``{}`` (none, or a file that cannot be read: never an error)."""
    try:
        data = json.loads(draft_path(db_path, form).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(key): value for key, value in data.items() if isinstance(value, str)}


def clear_form_draft(db_path: Path, form: str) -> None:
    """Drop the form's draft (saved, or emptied); no draft is not an error."""
    with contextlib.suppress(FileNotFoundError):
        draft_path(db_path, form).unlink()
