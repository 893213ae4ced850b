"""The activities of ``content/activities.toml`` (dialogue, moderation, content…), read and checked once.

Apart from :mod:`cm_coach.core.content` (which re-exports them) because ``check "…"`` names
a task's activity and loads none of the other catalogues.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from cm_coach.core.catalogue import bilingual, content_dir, read_toml, unique_ids
from cm_coach.errors import ContentError
from cm_coach.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any


class Activity(Record):
    """One kind of work a task is counted as (dialogue, moderation, content…): its label, its chart colour,
    the other names the user may type, and whether it is time with people."""

    id: str
    label: dict[str, str]
    with_people: bool
    colour: str = "#7b7f86"  # "#rrggbb": the activity's one colour in every chart
    aliases: tuple[str, ...] = ()  # other names the user may type, in either language


@cache
def activities() -> dict[str, Activity]:
    """The activities of ``activities.toml`` by id, in the file's order, read and checked once."""
    path = content_dir() / "activities.toml"
    data = read_toml(path)
    items = data.get("activity")
    if not isinstance(items, list) or not items:
        raise ContentError(str(path), None, "no [[activity]] entries")
    unique_ids(items, path, "activity")
    result: dict[str, Activity] = {}
    for item in items:
        entry = f"activity '{item['id']}'"
        result[item["id"]] = Activity(
            id=item["id"],
            label=bilingual(item.get("label"), path, entry, "label"),
            with_people=bool(item.get("with_people", False)),
            colour=_colour(item.get("colour", "#7b7f86"), path, entry),
            aliases=_aliases(item.get("aliases", []), path, entry),
        )
    return result


def _colour(value: object, path: Path, entry: str) -> str:
    if not isinstance(value, str) or len(value) != 7 or value[0] != "#":
        raise ContentError(str(path), None, f'{entry}: colour must be "#rrggbb"')
    try:
        int(value[1:], 16)
    except ValueError:
        raise ContentError(str(path), None, f'{entry}: colour must be "#rrggbb"') from None
    return value.lower()


def _aliases(value: Any, path: Path, entry: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(name, str) and name.strip() for name in value):
        raise ContentError(str(path), entry, "aliases must be a list of non-empty strings")
    return tuple(value)
