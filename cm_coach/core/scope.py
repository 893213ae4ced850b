"""Where a task sits against the mission: the one rule for "agreed", used everywhere.

An outside task is *agreed* when the mission's client agreed to that family of work
(``missions edit --agreed customer_service``), except for the categories that are never
agreed (automated replies to customers: the article excludes them even for a freelancer
whose mission stretches). Statistics, entry lists, exports and verdict lines all ask here,
so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from cm_coach.core.catalogue import content_dir, read_toml

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `check "…"` never does
if TYPE_CHECKING:  # only in annotations: `check` never loads the journal's records
    from cm_coach.models import Entry


@cache
def never_agreed_categories() -> frozenset[str]:
    """Categories flagged every time, whatever the mission says (``always_warn``)."""
    data = read_toml(content_dir() / "boundaries.toml")
    return frozenset(c["id"] for c in data.get("category", []) if c.get("always_warn"))


def is_agreed(verdict: str, family: str | None, category: str | None, mission_agreed: Iterable[str]) -> bool:
    """Whether an outside task falls within what the mission's client agreed to."""
    return (
        verdict == "outside"
        and family is not None
        and family in tuple(mission_agreed)
        and category not in never_agreed_categories()
    )


def scoped(entry: Entry) -> Entry:
    """``entry`` with ``agreed`` decided by :func:`is_agreed` (the store leaves it unset)."""
    agreed = is_agreed(entry.verdict, entry.family, entry.category, entry.mission_agreed)
    return entry.replace(agreed=agreed) if agreed != entry.agreed else entry
