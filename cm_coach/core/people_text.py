"""How a person's facts read in a list (the CLI's table, its quick path, the People screen):
kept light, with no journal and no Textual, so that the quick path of ``people list`` can
use it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

KNOWN_TAGS = ("member", "ambassador", "creator", "moderator", "client_contact")

Text = Callable[..., str]  # t(key, **params): a string of content/strings in the user's language


def since(day: date | None, today: date, t: Text) -> str:
    """« aujourd'hui », « il y a 12 j » / "today", "12 d ago"; « jamais » for never."""
    if day is None:
        return t("people.never")
    days = (today - day).days
    return t("people.today") if days <= 0 else t("people.days_ago", days=days)


def tag_labels(tags: Iterable[str], t: Text) -> str:
    """``member, ambassador`` in the reader's words: known tags translated, the user's own as typed."""
    return ", ".join(t(f"people.tag.{tag}") if tag in KNOWN_TAGS else tag for tag in tags)
