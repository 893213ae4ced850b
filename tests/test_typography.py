"""Every text we ship, as the user reads it: French typography, and no punctuation alone at
the start of a line whatever the width.

The texts are taken through the loaders (so with the typography applied on load), their
placeholders filled, then wrapped at every width from 40 to 100 columns by the wrapper the
app and the CLI use on a terminal. A new strings file (another feature's) is covered as soon
as it is in content/strings.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

import pytest

from cm_coach.core import content
from cm_coach.core.boundaries import classifier
from cm_coach.core.content import (
    LANGS,
    about_page,
    activities,
    prompt_catalogue,
    retired_prompts,
    rubric,
    signal_texts,
    strings,
)
from cm_coach.core.formatting import NBSP, NNBSP, wrap

SAMPLE = "Maison Lune"  # a placeholder's value: a name with a space, as most are
# Texts that show what to type: an ISO date there is an example of input, not a sentence.
INPUT_EXAMPLES = {"cli.help.opt_date", "dates.expected_date", "tui.missions.start", "people.cli.help.opt_due"}
ARTICLE_TITLE = re.compile(r"Le community management\s*:\s*l’anti-définition")  # French, quoted


def shipped_texts(lang: str) -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every text of ``lang`` the content files give the user."""
    for key, texts in strings().items():
        forms = texts[lang]
        for form in forms.values() if isinstance(forms, dict) else [forms]:
            yield key, form
    catalogue = prompt_catalogue()
    for prompt in catalogue.prompts:
        yield f"prompt {prompt.id}", prompt.text[lang]
    for table in (catalogue.themes, catalogue.ideas, catalogue.phrases):
        for key, texts in table.items():
            yield f"prompts {key}", texts[lang]
    for key, texts in retired_prompts().items():
        yield f"retired {key}", texts[lang]
    for question in rubric().questions:
        yield f"rubric {question.id}", question.text[lang]
        yield f"rubric {question.id} hint", question.hint[lang]
    for label in rubric().scale[lang]:
        yield "rubric scale", label
    for signal in signal_texts().values():
        for part in (signal.title, signal.measured, signal.advice, *signal.variants.values()):
            yield f"signal {signal.id}", part[lang]
    for name, texts in about_page().items():
        yield f"about {name}", texts[lang]
    for activity in activities().values():
        yield f"activity {activity.id}", activity.label[lang]
    for category in classifier(None).categories:
        yield f"boundary {category.id}", category.label[lang]
        yield f"boundary {category.id}", category.explanation[lang]


def filled(text: str) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return text.format_map({name: SAMPLE for name in names}) if names else text


def typography_problems(lang: str, text: str, where: str = "") -> list[str]:
    problems = []
    if lang == "en":
        text = ARTICLE_TITLE.sub("", text)
    if re.search(r"(?<=[^\W\d_])'(?=[^\W\d_])", text):
        problems.append("straight apostrophe between letters (’ expected)")
    if re.search(r"\b\d{4}-\d{2}-\d{2}\b", text) and not where.startswith(("cli.example", *INPUT_EXAMPLES)):
        problems.append("ISO date in a sentence")
    if "(s)" in text:
        problems.append("“(s)” instead of a plural form")
    if lang == "fr":
        if re.search(r"(?<=[\w»)}%]) ?[;!?]", text) or re.search(rf"[ {NBSP}][;!?]", text):
            problems.append("; ! ? need a narrow no-break space (U+202F) before them")
        if re.search(rf"(?<=[\w»)}}%])[ {NNBSP}]?:(?=\s|$)", text):
            problems.append(": needs a no-break space (U+00A0) before it")
        if re.search(rf"«(?!{NNBSP})|(?<!{NNBSP})»", text):
            problems.append("« » need narrow no-break spaces inside")
    else:
        if "«" in text or "»" in text:
            problems.append("French quotes in English")
        if re.search(rf"[ {NBSP}{NNBSP}][;:!?](?=\s|$)", text):
            problems.append("space before punctuation in English")
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_follows_the_typography_of_its_language(lang):
    found = [
        (where, text, problem)
        for where, text in shipped_texts(lang)
        for problem in typography_problems(lang, text, where)
    ]
    assert not found, found[:5]


def test_no_line_starts_with_punctuation_at_any_width():
    starts = []
    for where, text in shipped_texts("fr"):
        for width in range(40, 101):
            for line in wrap(filled(text), width)[1:]:
                if line.lstrip()[:1] in ("?", ":", ";", "!", "»", "%"):
                    starts.append((where, width, line[:40]))
    assert not starts, starts[:5]


def test_every_content_file_is_covered():
    """A content file with texts but no loader above would escape these checks."""
    covered = {"about", "activities", "boundaries", "prompts", "prompts_retired", "rubric", "signals"}
    journal_material = {"demo"}  # the demo journal's own entries: what a user would type
    settings = {"people"}  # numbers only (quiet days per tag)
    shipped = {path.stem for path in content.content_dir().glob("*.toml")}
    assert shipped - covered - journal_material - settings == set()


def test_the_checks_can_fail():
    assert typography_problems("fr", "Bonjour ? C'est : « ici ».")
    assert typography_problems("fr", "1 jour(s)")
    assert typography_problems("en", "Hello ? « here »")
    assert not typography_problems("fr", f"Bonjour{NNBSP}? C’est{NBSP}: «{NNBSP}ici{NNBSP}».")
    assert wrap(f"un deux trois{NNBSP}?", 13) == ["un deux", f"trois{NNBSP}?"]
