"""Load and validate the content files (prompts, boundaries, rubric, signals, UI strings).

Content is data: every text the user reads lives in ``content/`` as TOML, in French and
English. Each file is checked on load; a broken file stops with a :class:`ContentError`
naming the file and the entry, never with a KeyError deep in the code.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

from cm_coach.core import activity_catalogue, catalogue
from cm_coach.core.formatting import typeset
from cm_coach.errors import ContentError
from cm_coach.record import Record, field

# The UI strings' files and the reading of any content file live in catalogue (light to
# import); they are this module's too, for everyone who reads content.
LANGS = catalogue.LANGS
MAX_TOML_BYTES = catalogue.MAX_TOML_BYTES
Localized = catalogue.Localized
bilingual = catalogue.bilingual
content_dir = catalogue.content_dir
localized = catalogue.localized
read_toml = catalogue.read_toml
strings = catalogue.strings
unique_ids = catalogue.unique_ids

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any


# --- activities -----------------------------------------------------------------------

# In their own light module (``check "…"`` reads them without this one); re-exported here.
Activity = activity_catalogue.Activity
activities = activity_catalogue.activities


# --- prompts --------------------------------------------------------------------------

# When a prompt is shown: Monday to Friday, or the light set of Saturday and Sunday.
PROMPT_DAYS: tuple[str, ...] = ("weekdays", "weekend")
# The {placeholders} a prompt text may use, filled in by cm_coach.core.prompts.
PROMPT_PLACEHOLDERS = frozenset({"community", "client", "last_month"})
# The phrases those placeholders are made of, in prompts.toml's [phrases] table;
# "community_named" holds {of_name}: "de Maison Lune" / "d’Atelier Brun" / "Maison Lune’s".
PROMPT_PHRASES: tuple[str, ...] = (
    "community",
    "community_named",
    "client_freelance",
    "client_employee",
    "client_unknown",
)


class Prompt(Record):
    """One morning question: its theme, its text in both languages (with placeholders), the article's ideas it
    draws on, and whether it is for weekdays or the weekend."""

    id: str
    theme: str
    text: dict[str, str]  # templates: see PROMPT_PLACEHOLDERS
    ideas: tuple[str, ...] = ()  # ids of the article's ideas (docs/article-coverage.md)
    days: str = "weekdays"


class PromptCatalogue(Record, eq=False):  # hashed by identity: it keys the cycle cache
    """Everything ``prompts.toml`` holds: the themes' and ideas' labels, the prompts, and the phrases their
    placeholders are filled with."""

    themes: dict[str, dict[str, str]]
    prompts: tuple[Prompt, ...]
    ideas: dict[str, dict[str, str]] = field(default_factory=dict)
    phrases: dict[str, dict[str, str]] = field(default_factory=dict)


THREE_WORDS_THEME = "three_words"


@cache
def prompt_catalogue() -> PromptCatalogue:
    """The shipped prompts, read and checked once per process."""
    path = content_dir() / "prompts.toml"
    return parse_prompts(read_toml(path), path)


def _labels(data: dict[str, Any], table: str, path: Path) -> dict[str, dict[str, str]]:
    raw = data.get(table)
    if not isinstance(raw, dict) or not raw:
        raise ContentError(str(path), None, f"no [{table}.*] tables")
    return {key: bilingual(value, path, f"{table[:-1]} '{key}'", "label") for key, value in raw.items()}


def _placeholder_names(text: str, path: Path, entry: str, lang: str) -> set[str]:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise ContentError(str(path), entry, f"'{lang}' text has a broken {{placeholder}}: {error}") from None
    unknown = names - PROMPT_PLACEHOLDERS
    if unknown:
        raise ContentError(
            str(path),
            entry,
            f"unknown placeholder {{{sorted(unknown)[0]}}} (known: {sorted(PROMPT_PLACEHOLDERS)})",
        )
    return names


def _prompt_ideas(item: dict[str, Any], ideas: dict[str, Any], path: Path, entry: str) -> tuple[str, ...]:
    raw = item.get("idea")
    listed = [raw] if isinstance(raw, str) else raw
    if not isinstance(listed, list) or not listed or not all(isinstance(i, str) and i for i in listed):
        raise ContentError(str(path), entry, "'idea' must name at least one idea of the article")
    for idea in listed:
        if idea not in ideas:
            raise ContentError(str(path), entry, f"unknown idea {idea!r}")
    return tuple(listed)


def parse_prompts(data: dict[str, Any], path: Path) -> PromptCatalogue:
    """Check ``prompts.toml``'s tables and build the catalogue: known themes, ideas and placeholders, the same
    placeholders in both languages, exactly one three-words prompt, and prompts for weekdays and for the
    weekend."""
    themes = _labels(data, "themes", path)
    ideas = _labels(data, "ideas", path)
    raw_phrases = data.get("phrases")
    if not isinstance(raw_phrases, dict):
        raise ContentError(str(path), None, "no [phrases] table")
    phrases = {name: bilingual(raw_phrases.get(name), path, "phrases", name) for name in PROMPT_PHRASES}
    for lang in LANGS:
        if "{of_name}" not in phrases["community_named"][lang]:
            raise ContentError(
                str(path), "phrases", f"'community_named' needs {{of_name}} in its '{lang}' text"
            )
    items = data.get("prompt")
    if not isinstance(items, list) or not items:
        raise ContentError(str(path), None, "no [[prompt]] entries")
    unique_ids(items, path, "prompt")
    prompts = []
    for item in items:
        entry = f"prompt '{item['id']}'"
        theme = item.get("theme")
        if theme not in themes:
            raise ContentError(str(path), entry, f"unknown theme {theme!r}")
        text = bilingual({lang: item.get(lang) for lang in LANGS}, path, entry, "text")
        names = {lang: _placeholder_names(text[lang], path, entry, lang) for lang in LANGS}
        if names["fr"] != names["en"]:
            raise ContentError(str(path), entry, "the fr and en texts use different placeholders")
        days = item.get("days", "weekdays")
        if days not in PROMPT_DAYS:
            raise ContentError(str(path), entry, f"'days' must be one of {list(PROMPT_DAYS)}, not {days!r}")
        ideas_of = _prompt_ideas(item, ideas, path, entry)
        prompts.append(Prompt(id=item["id"], theme=theme, text=text, ideas=ideas_of, days=days))
    if sum(p.theme == THREE_WORDS_THEME for p in prompts) != 1:
        raise ContentError(str(path), None, f"exactly one prompt of theme '{THREE_WORDS_THEME}' is needed")
    for days in PROMPT_DAYS:
        if not any(p.days == days and p.theme != THREE_WORDS_THEME for p in prompts):
            raise ContentError(str(path), None, f"no prompt for days = {days!r}")
    return PromptCatalogue(themes=themes, prompts=tuple(prompts), ideas=ideas, phrases=phrases)


@cache
def retired_prompts() -> dict[str, dict[str, str]]:
    """Texts of prompts taken out of the catalogue, by id: old check-ins keep their question
    in exports. Never shown as a prompt of the day."""
    path = content_dir() / "prompts_retired.toml"
    items = read_toml(path).get("retired", [])
    unique_ids(items, path, "retired")
    return {
        item["id"]: bilingual(
            {lang: item.get(lang) for lang in LANGS}, path, f"retired '{item['id']}'", "text"
        )
        for item in items
    }


# --- UI strings -----------------------------------------------------------------------


# --- rubric ---------------------------------------------------------------------------

INDICATOR_IDS = frozenset(
    {
        "dialogue_share",
        "content_share",
        "listening_share",
        "strategy_share",
        "advertising_share",
        "customer_service_share",
        "outside_unagreed_share",
        "automated_replies_minutes",
        "recipe_repetition_share",
        "people_reached_ratio",
    }
)


class Contradiction(Record):
    """A rubric rule: a score of at least ``min_score`` is at odds with the ``indicator`` being ``below`` or
    ``above`` the ``threshold``."""

    indicator: str
    when: str  # "below" | "above"
    threshold: float
    min_score: int


class RubricQuestion(Record):
    """One question of the self-assessment, its hint, and the rule (if any) that checks the answer against the
    journal's figures."""

    id: str
    text: dict[str, str]
    hint: dict[str, str]
    contradiction: Contradiction | None


class Rubric(Record):
    """The self-assessment: the five labels of its scale in each language, and its questions."""

    scale: dict[str, list[str]]
    questions: tuple[RubricQuestion, ...] = field(default_factory=tuple)


@cache
def rubric() -> Rubric:
    """The shipped self-assessment, read and checked once per process."""
    path = content_dir() / "rubric.toml"
    return parse_rubric(read_toml(path), path)


def parse_rubric(data: dict[str, Any], path: Path) -> Rubric:
    """Check ``rubric.toml`` and build the rubric: five scale labels a language, bilingual questions and
    hints, contradiction rules on known indicators only."""
    scale = data.get("scale")
    if not isinstance(scale, dict) or any(
        not isinstance(scale.get(lang), list) or len(scale[lang]) != 5 for lang in LANGS
    ):
        raise ContentError(str(path), "scale", "needs 5 labels in fr and in en")
    items = data.get("question")
    if not isinstance(items, list) or not items:
        raise ContentError(str(path), None, "no [[question]] entries")
    unique_ids(items, path, "question")
    questions = []
    for item in items:
        entry = f"question '{item['id']}'"
        text = bilingual({lang: item.get(lang) for lang in LANGS}, path, entry, "text")
        hint = bilingual(item.get("hint"), path, entry, "hint")
        contradiction = None
        raw = item.get("contradiction")
        if raw is not None:
            if raw.get("indicator") not in INDICATOR_IDS:
                raise ContentError(str(path), entry, f"unknown indicator {raw.get('indicator')!r}")
            if raw.get("when") not in ("below", "above"):
                raise ContentError(str(path), entry, "'when' must be 'below' or 'above'")
            threshold = raw.get("threshold")
            if not isinstance(threshold, int | float) or isinstance(threshold, bool):
                raise ContentError(str(path), entry, "'threshold' must be a number")
            min_score = raw.get("min_score", 4)
            if min_score not in range(1, 6):
                raise ContentError(str(path), entry, "'min_score' must be 1 to 5")
            contradiction = Contradiction(raw["indicator"], raw["when"], float(threshold), min_score)
        questions.append(RubricQuestion(item["id"], text, hint, contradiction))
    return Rubric(
        scale={lang: [typeset(label, lang) for label in scale[lang]] for lang in LANGS},
        questions=tuple(questions),
    )


# --- coaching signals -------------------------------------------------------------------


class SignalText(Record):
    """What a signal says, in both languages: its title, what was measured (with a variant per case), the
    advice, and the numbers it fires at (``params``)."""

    id: str
    params: dict[str, float]
    title: dict[str, str]
    measured: dict[str, str]
    advice: dict[str, str]
    variants: dict[str, dict[str, str]] = field(default_factory=dict)  # measured_<case> → texts


@cache
def signal_texts() -> dict[str, SignalText]:
    """The signals' texts and thresholds of ``signals.toml`` by id, read and checked once."""
    path = content_dir() / "signals.toml"
    data = read_toml(path)
    result = {}
    for signal_id, table in data.items():
        if not isinstance(table, dict):
            raise ContentError(str(path), signal_id, "must be a table")
        entry = f"signal '{signal_id}'"
        params = {
            key: float(value)
            for key, value in table.items()
            if isinstance(value, int | float) and not isinstance(value, bool)
        }
        result[signal_id] = SignalText(
            id=signal_id,
            params=params,
            title=bilingual(table.get("title"), path, entry, "title"),
            measured=bilingual(table.get("measured"), path, entry, "measured"),
            advice=bilingual(table.get("advice"), path, entry, "advice"),
            variants={
                key.removeprefix("measured_"): bilingual(value, path, entry, key)
                for key, value in table.items()
                if key.startswith("measured_")
            },
        )
    return result


@cache
def about_page() -> dict[str, dict[str, str]]:
    """The About page's title and body in both languages."""
    path = content_dir() / "about.toml"
    data = read_toml(path)
    return {
        "title": bilingual(data.get("title"), path, "about", "title"),
        "body": bilingual(data.get("body"), path, "about", "body"),
    }
