"""The reflection prompt of the day: a pure function of the date, the catalogue and, for a
freelancer with several clients, the mission it is about.

* Monday to Friday, the ordinary prompts run in a fixed cycle that interleaves themes, so
  two working days in a row never share a theme; the cycle is far longer than the 22 working
  days a 30-day window can hold, so no prompt comes back within 30 days.
* Saturday and Sunday get the light set (``days = "weekend"`` in ``content/prompts.toml``):
  a short look back on the week, a step aside. Its own cycle, its own themes, the same
  30-day guarantee (a 30-day window holds at most 10 weekend days).
* The "three words" prompt takes one working day in each month (never 1 January or 1 May),
  the first one at least 30 days after the previous month's, and asks about the month that
  just ended.
* ``{community}`` and ``{client}`` in a text name the mission when one is given: « la
  communauté d’Atelier Brun », "your client" for a freelancer, "your manager" for an employee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Protocol

from cm_coach.core.content import THREE_WORDS_THEME, Prompt, PromptCatalogue, prompt_catalogue

EPOCH = date(2000, 1, 1)
_A_MONDAY = date(1999, 12, 27)  # counts working days and weekend days from here
MIN_GAP_DAYS = 30
WORKING_DAYS = 5
_MONTH_IDS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


class MissionLike(Protocol):
    """What a prompt needs to know about a mission: ``cm_coach.models.Mission`` fits."""

    @property
    def name(self) -> str:
        """The mission's name, as the prompt's text may use it."""

    @property
    def kind(self) -> str | None:
        """``"freelance"``, ``"employee"`` or None: whom the prompt speaks of as the client."""


@dataclass(frozen=True)
class MissionRef:
    """A mission named without the journal (``kind``: "freelance", "employee" or None)."""

    name: str
    kind: str | None = None


@dataclass(frozen=True)
class DailyPrompt:
    """The question of one day as shown: the prompt, its theme's label and its text filled in for the
    mission."""

    date: date
    prompt: Prompt
    theme_label: str
    text: str
    mission: str | None = None

    def as_json(self) -> dict[str, str]:
        """The day's question as ``prompt --json`` prints it (``mission`` only when there is one)."""
        data = {
            "date": self.date.isoformat(),
            "id": self.prompt.id,
            "theme": self.prompt.theme,
            "text": self.text,
        }
        if self.mission is not None:
            data["mission"] = self.mission
        return data


# --- which prompt, which day ----------------------------------------------------------------


def _stable_key(prompt_id: str) -> str:
    try:  # the built-in SHA-256: the same digests as hashlib's, without loading OpenSSL (~2 ms)
        from _sha256 import sha256  # type: ignore[import-not-found]
    except ImportError:  # a Python built without it
        from hashlib import sha256

    return sha256(prompt_id.encode()).hexdigest()


def build_cycle(prompts: tuple[Prompt, ...]) -> list[Prompt]:
    """Interleave themes: take one prompt of each theme in turn, fullest themes first."""
    by_theme: dict[str, list[Prompt]] = {}
    for prompt in sorted(prompts, key=lambda p: _stable_key(p.id)):
        if prompt.theme != THREE_WORDS_THEME:
            by_theme.setdefault(prompt.theme, []).append(prompt)
    cycle: list[Prompt] = []
    while any(by_theme.values()):
        ready = sorted(
            (theme for theme, left in by_theme.items() if left),
            key=lambda theme: (-len(by_theme[theme]), _stable_key(theme)),
        )
        for theme in ready:
            if cycle and cycle[-1].theme == theme:
                continue
            cycle.append(by_theme[theme].pop(0))
    if len(cycle) > 2 and cycle[-1].theme == cycle[0].theme:
        # the cycle wraps around: move the leftover to a place with other neighbours
        last = cycle.pop()
        for index in range(1, len(cycle)):
            if last.theme not in (cycle[index - 1].theme, cycle[index].theme):
                cycle.insert(index, last)
                break
        else:
            cycle.append(last)
    return cycle


@cache
def _cycle(catalogue: PromptCatalogue, days: str) -> tuple[Prompt, ...]:
    return tuple(build_cycle(tuple(p for p in catalogue.prompts if p.days == days)))


def is_weekend(day: date) -> bool:
    """Whether ``day`` is a Saturday or a Sunday: those days draw from the light weekend prompts."""
    return day.weekday() >= WORKING_DAYS


def _slot(day: date) -> tuple[str, int]:
    """Which set a day draws from, and its rank among the days of that set."""
    week, weekday = divmod((day - _A_MONDAY).days, 7)
    if weekday < WORKING_DAYS:
        return "weekdays", week * WORKING_DAYS + weekday
    return "weekend", week * (7 - WORKING_DAYS) + weekday - WORKING_DAYS


_DAYS_OFF = frozenset({(1, 1), (5, 1)})  # New Year's Day and 1 May: off nearly everywhere


def _first_working_day(day: date) -> date:
    while is_weekend(day) or (day.month, day.day) in _DAYS_OFF:
        day += timedelta(days=1)
    return day


_three_words_days: list[date] = [_first_working_day(EPOCH)]  # from January 2000, grown on demand


def three_words_day(year: int, month: int) -> date:
    """The day of ``year-month`` given to the "three words" prompt: its first working day,
    or a later one if needed to stay 30 days after the previous month's."""
    index = (year - EPOCH.year) * 12 + month - 1
    if index < 0:
        return _first_working_day(date(year, month, 1))
    while len(_three_words_days) <= index:
        n = len(_three_words_days)
        first = date(EPOCH.year + n // 12, n % 12 + 1, 1)
        earliest = max(first, _three_words_days[-1] + timedelta(days=MIN_GAP_DAYS))
        _three_words_days.append(_first_working_day(earliest))
    return _three_words_days[index]


def prompt_of_the_day(day: date, catalogue: PromptCatalogue | None = None) -> Prompt:
    """The catalogue entry for ``day``, before its placeholders are filled."""
    catalogue = catalogue or prompt_catalogue()
    if day == three_words_day(day.year, day.month):
        return next(p for p in catalogue.prompts if p.theme == THREE_WORDS_THEME)
    days, rank = _slot(day)
    cycle = _cycle(catalogue, days)
    return cycle[rank % len(cycle)]


def prompt_for(
    day: date,
    lang: str,
    catalogue: PromptCatalogue | None = None,
    *,
    mission: MissionLike | None = None,
) -> DailyPrompt:
    """The prompt of ``day`` in ``lang``, about ``mission``'s community if one is given.

    The choice of prompt depends on the date only: the mission changes the wording, never
    the question, so every mission of the same day gets the same prompt id.
    """
    catalogue = catalogue or prompt_catalogue()
    prompt = prompt_of_the_day(day, catalogue)
    return DailyPrompt(
        day,
        prompt,
        catalogue.themes[prompt.theme][lang],
        render(prompt.text[lang], lang, day, mission, catalogue),
        mission.name if mission is not None else None,
    )


def prompt_by_id(prompt_id: str) -> Prompt | None:
    """The catalogue's prompt with this id, or None (a retired one is not there)."""
    return next((p for p in prompt_catalogue().prompts if p.id == prompt_id), None)


# --- filling the placeholders --------------------------------------------------------------

_FRENCH_VOWELS = frozenset("aeiouàâäéèêëîïôöùûüœæ")


def _of_name(name: str, lang: str) -> str:
    """fr: « de Maison Lune », « d’Atelier Brun », « du Petit Four », « des Délices »;
    en: "Maison Lune’s", "Les Délices’".

    French elides before a vowel sound: a vowel letter, or a "y" before a consonant
    (« d’Yves Rocher », « de YouTube »). Not before "h": brand names starting with h are
    mostly read with an aspirated h (« de Hachette », « de H&M »).
    """
    if lang != "fr":
        return f"{name}’" if name[-1:].lower() == "s" else f"{name}’s"
    first, _, rest = name.partition(" ")
    if rest and first.lower() == "le":
        return f"du {rest}"
    if rest and first.lower() == "les":
        return f"des {rest}"
    initial, following = name[:1].lower(), name[1:2].lower()
    if initial in _FRENCH_VOWELS or (
        initial == "y" and following.isalpha() and following not in _FRENCH_VOWELS
    ):
        return f"d’{name}"
    return f"de {name}"


def community_phrase(lang: str, mission: MissionLike | None, catalogue: PromptCatalogue | None = None) -> str:
    """« ta communauté » / "your community", or the named mission's community."""
    phrases = (catalogue or prompt_catalogue()).phrases
    name = " ".join(mission.name.split()) if mission is not None else ""
    if not name:
        return phrases["community"][lang]
    return phrases["community_named"][lang].replace("{of_name}", _of_name(name, lang))


def client_phrase(lang: str, mission: MissionLike | None, catalogue: PromptCatalogue | None = None) -> str:
    """Who the work is for: « ton client » (freelance), « ta direction » (employee), or both
    when the kind of mission is not known."""
    phrases = (catalogue or prompt_catalogue()).phrases
    kind = getattr(mission, "kind", None)
    if kind in ("freelance", "employee"):
        return phrases[f"client_{kind}"][lang]
    return phrases["client_unknown"][lang]


def month_name(month: int, lang: str) -> str:
    """The name of month ``month`` (1–12) in ``lang``, for the ``{last_month}`` placeholder."""
    from cm_coach.core.i18n import t

    return t(f"dates.month.{_MONTH_IDS[month - 1]}", lang)


def render(
    template: str,
    lang: str,
    day: date,
    mission: MissionLike | None = None,
    catalogue: PromptCatalogue | None = None,
) -> str:
    """A prompt text with its placeholders filled for ``day`` and ``mission``."""
    if "{" not in template:
        return template
    values: dict[str, str] = {}
    if "{community}" in template:
        values["community"] = community_phrase(lang, mission, catalogue)
    if "{client}" in template:
        values["client"] = client_phrase(lang, mission, catalogue)
    if "{last_month}" in template:  # only then are the month names read
        values["last_month"] = month_name((day.replace(day=1) - timedelta(days=1)).month, lang)
    return template.format(**values)


def render_prompt(prompt_id: str, lang: str, day: date) -> str | None:
    """The text an old check-in was asked, for exports: current or retired prompt, without
    a mission (check-ins do not record one); None for an id no catalogue knows."""
    from cm_coach.core.content import retired_prompts

    prompt = prompt_by_id(prompt_id)
    if prompt is not None:
        return render(prompt.text[lang], lang, day)
    retired = retired_prompts().get(prompt_id)
    return retired[lang] if retired else None
