"""Checks shared by the CLI and the TUI: one place decides what is acceptable input."""

from __future__ import annotations

import unicodedata

from cm_coach.core.content import activities
from cm_coach.errors import CoachError
from cm_coach.models import (
    MAX_NAME_LENGTH,
    MAX_PEOPLE,
    MAX_RATE,
    MAX_TASK_LENGTH,
    MAX_TEXT_LENGTH,
    MISSION_KINDS,
    OUTSIDE_FAMILIES,
    RATE_UNITS,
)

_ALLOWED_CONTROLS = {"\n", "\t"}


def _has_controls(text: str, allow_newlines: bool) -> bool:
    return any(
        unicodedata.category(char) in ("Cc", "Cs") and not (allow_newlines and char in _ALLOWED_CONTROLS)
        for char in text
    )


def task_text(text: str) -> str:
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise CoachError("errors.task_empty")
    if len(cleaned) > MAX_TASK_LENGTH:
        raise CoachError("errors.task_too_long", length=len(cleaned), max=MAX_TASK_LENGTH)
    if _has_controls(cleaned, allow_newlines=False):
        raise CoachError("errors.task_control_chars")
    return cleaned


def free_text(text: str | None, max_length: int = MAX_TEXT_LENGTH) -> str:
    """Answers and notes: newlines kept, other control characters refused."""
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > max_length:
        raise CoachError("errors.text_too_long", max=max_length)
    if _has_controls(text, allow_newlines=True):
        raise CoachError("errors.task_control_chars")
    return text


def mission_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise CoachError("errors.mission_name_empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise CoachError("errors.mission_name_too_long", max=MAX_NAME_LENGTH)
    if _has_controls(cleaned, allow_newlines=False):
        raise CoachError("errors.task_control_chars")
    return cleaned


def activity(value: str) -> str:
    known = activities()
    key = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    if key not in known:
        raise CoachError("errors.unknown_activity", value=value, choices=", ".join(known))
    return key


def mission_kind(value: str) -> str:
    key = str(value).strip().lower()
    if key not in MISSION_KINDS:
        raise CoachError("errors.unknown_kind", value=value, choices=", ".join(MISSION_KINDS))
    return key


def families(value: str | None) -> tuple[str, ...]:
    """``"advertising,customer_service"`` → a tuple in canonical order."""
    if not value:
        return ()
    chosen = []
    for part in str(value).split(","):
        key = part.strip().lower().replace("-", "_")
        if not key:
            continue
        if key not in OUTSIDE_FAMILIES:
            raise CoachError("errors.unknown_family", value=part.strip(), choices=", ".join(OUTSIDE_FAMILIES))
        chosen.append(key)
    return tuple(f for f in OUTSIDE_FAMILIES if f in chosen)


def whole_number(value: object, *, low: int, high: int, key: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise CoachError(key, value=value, max=high) from None
    if not low <= number <= high:
        raise CoachError(key, value=value, max=high)
    return number


def people(value: object) -> int:
    return whole_number(value, low=0, high=MAX_PEOPLE, key="errors.bad_people")


def energy(value: object) -> int:
    return whole_number(value, low=1, high=5, key="errors.bad_energy")


def rate(value: object) -> float:
    """A mission's rate: a number ≥ 0 with at most two decimals, ``45``, ``45.5`` or ``45,5``
    (the French comma), and no currency sign: the report prints amounts in the rate's unit."""
    import math

    text = str(value).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise CoachError("report.errors.bad_rate", value=value, max=MAX_RATE) from None
    if not math.isfinite(number) or not 0 <= number <= MAX_RATE or round(number, 2) != number:
        raise CoachError("report.errors.bad_rate", value=value, max=MAX_RATE)
    return number


def rate_unit(value: object) -> str:
    """``hour`` or ``day`` (``heure``, ``jour``, ``h``, ``j``, ``d`` are understood too)."""
    key = str(value).strip().lower()
    aliases = {
        "h": "hour",
        "heure": "hour",
        "hours": "hour",
        "heures": "hour",
        "d": "day",
        "j": "day",
        "jour": "day",
        "days": "day",
        "jours": "day",
    }
    key = aliases.get(key, key)
    if key not in RATE_UNITS:
        raise CoachError("report.errors.bad_rate_unit", value=value, choices=", ".join(RATE_UNITS))
    return key


def person_name(name: str) -> str:
    """A handle or a first name as the CM knows them (``@lea.cuisine``, « Marc du forum »).
    No comma: ``--with "@lea, Marc"`` separates names with commas."""
    cleaned = " ".join(str(name).split())
    if not cleaned or cleaned == "@":
        raise CoachError("people.errors.name_empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise CoachError("people.errors.name_too_long", max=MAX_NAME_LENGTH)
    if "," in cleaned:
        raise CoachError("people.errors.name_comma", name=cleaned)
    if _has_controls(cleaned, allow_newlines=False):
        raise CoachError("errors.task_control_chars")
    return cleaned


def platform(value: str | None) -> str | None:
    """Where the CM meets the person (Instagram, the forum, Discord…): short free text."""
    cleaned = " ".join(str(value or "").split())
    if len(cleaned) > MAX_NAME_LENGTH:
        raise CoachError("people.errors.name_too_long", max=MAX_NAME_LENGTH)
    if _has_controls(cleaned, allow_newlines=False):
        raise CoachError("errors.task_control_chars")
    return cleaned or None


def tags(values: object) -> tuple[str, ...]:
    """``"Ambassador, client contact"`` (or a list) → ``("ambassador", "client_contact")``:
    lower case, no accents, words joined by ``_``; any tag is allowed, each kept once."""
    parts = values.split(",") if isinstance(values, str) else [p for v in values for p in str(v).split(",")]  # type: ignore[attr-defined]
    found: list[str] = []
    for part in parts:
        folded = unicodedata.normalize("NFKD", part.strip().casefold())
        plain = "".join(c for c in folded if not unicodedata.combining(c))
        key = "_".join("".join(c if c.isalnum() else " " for c in plain).split())
        if not part.strip():
            continue
        if not key or len(key) > 40:
            raise CoachError("people.errors.bad_tag", value=part.strip())
        if key not in found:
            found.append(key)
    return tuple(found)
