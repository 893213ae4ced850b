"""The reflection prompt of the day: a pure function of the date and the catalogue.

* The ordinary prompts run in a fixed cycle that interleaves themes, so two days in a row
  never share a theme and a week touches many of them; the cycle is longer than 30 days,
  so no prompt comes back within 30 days.
* The "three words" prompt takes one day in each month, at least 30 days after the
  previous one (a fixed day of the month cannot do that across February).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from cm_coach.core.content import THREE_WORDS_THEME, Prompt, PromptCatalogue, prompt_catalogue

EPOCH = date(2000, 1, 1)
MIN_GAP_DAYS = 30


@dataclass(frozen=True)
class DailyPrompt:
    date: date
    prompt: Prompt
    theme_label: str
    text: str

    def as_json(self) -> dict[str, str]:
        return {
            "date": self.date.isoformat(),
            "id": self.prompt.id,
            "theme": self.prompt.theme,
            "text": self.text,
        }


def _stable_key(prompt_id: str) -> str:
    return hashlib.sha256(prompt_id.encode()).hexdigest()


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
def _cycle(catalogue: PromptCatalogue) -> tuple[Prompt, ...]:
    return tuple(build_cycle(catalogue.prompts))


_three_words_days: list[date] = [EPOCH]  # one per month from January 2000, grown on demand


def three_words_day(year: int, month: int) -> date:
    """The day of ``year-month`` given to the "three words" prompt: the first of the
    month, or later if needed to stay 30 days after the previous month's."""
    index = (year - EPOCH.year) * 12 + month - 1
    if index < 0:
        return date(year, month, 1)
    while len(_three_words_days) <= index:
        n = len(_three_words_days)
        first = date(EPOCH.year + n // 12, n % 12 + 1, 1)
        _three_words_days.append(max(first, _three_words_days[-1] + timedelta(days=MIN_GAP_DAYS)))
    return _three_words_days[index]


def prompt_for(day: date, lang: str, catalogue: PromptCatalogue | None = None) -> DailyPrompt:
    catalogue = catalogue or prompt_catalogue()
    if day == three_words_day(day.year, day.month):
        prompt = next(p for p in catalogue.prompts if p.theme == THREE_WORDS_THEME)
    else:
        cycle = _cycle(catalogue)
        prompt = cycle[(day - EPOCH).days % len(cycle)]
    return DailyPrompt(day, prompt, catalogue.themes[prompt.theme][lang], prompt.text[lang])


def prompt_by_id(prompt_id: str) -> Prompt | None:
    return next((p for p in prompt_catalogue().prompts if p.id == prompt_id), None)
