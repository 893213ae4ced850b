"""Content files: complete in both languages, validated with messages naming file and entry."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from cm_coach.core import content
from cm_coach.core.content import (
    LANGS,
    about_page,
    activities,
    parse_prompts,
    parse_rubric,
    prompt_catalogue,
    read_toml,
    rubric,
    signal_texts,
    strings,
)
from cm_coach.errors import ContentError

ARTICLE_NAME = "000_13fa606add0c65f1.txt"
# The article our texts answer is someone else's text: it stays out of the repository, in the
# shared/seed folder beside the checkout (CI, the main checkout) or above it (a worktree).
ARTICLE = next(
    (
        folder / "shared" / "seed" / ARTICLE_NAME
        for folder in Path(__file__).resolve().parents
        if (folder / "shared" / "seed" / ARTICLE_NAME).is_file()
    ),
    None,
)


def test_all_shipped_content_loads():
    assert len(prompt_catalogue().prompts) >= 40
    assert len(activities()) == 9
    assert 8 <= len(rubric().questions) <= 12
    assert {"low_dialogue", "automated_replies", "same_recipe"} <= set(signal_texts())
    assert about_page()["body"]["fr"]


def test_prompts_cover_every_theme():
    catalogue = prompt_catalogue()
    used = {p.theme for p in catalogue.prompts}
    assert used == set(catalogue.themes)
    assert sum(1 for p in catalogue.prompts if p.theme == "three_words") == 1


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _forms(text: str | dict[str, str]) -> list[str]:
    return list(text.values()) if isinstance(text, dict) else [text]


def test_strings_have_the_same_placeholders_in_both_languages():
    for key, texts in strings().items():
        expected = _placeholders(_forms(texts["fr"])[0])
        for lang in LANGS:
            for form in _forms(texts[lang]):
                assert _placeholders(form) == expected, (key, lang, form)
        if any(isinstance(texts[lang], dict) for lang in LANGS):
            assert "count" in expected, f"{key}: plural forms are picked by {{count}}"


def test_every_string_key_used_in_code_exists():
    root = Path(__file__).resolve().parents[1] / "cm_coach"
    known = set(strings())
    namespaces = "|".join(sorted(path.stem for path in (content.content_dir() / "strings").glob("*.toml")))
    pattern = re.compile(rf"""(?:t|CoachError|StorageError)\(\s*f?["']((?:{namespaces})\.[a-z_.]+)["']""")
    missing = set()
    for path in root.rglob("*.py"):
        for key in pattern.findall(path.read_text(encoding="utf-8")):
            if not key.endswith(".") and key not in known:
                missing.add(f"{path.name}: {key}")
    assert not missing, sorted(missing)


def test_signal_placeholders_are_the_documented_ones():
    expected = {
        "low_dialogue": {"share", "target"},
        "posts_without_conversation": {"days"},
        "outside_unagreed": {"mission", "family", "share"},
        "automated_replies": {"minutes"},
        "complaints_growing": {"weeks", "first", "last"},
        "same_recipe": {"task", "weeks"},
        "few_interacting": {"mission", "month", "interacting", "followers", "ratio", "before"},
        "ambassadors_quiet": {"mission", "names", "days"},
    }
    for signal_id, names in expected.items():
        for lang in LANGS:
            assert _placeholders(signal_texts()[signal_id].measured[lang]) == names, (signal_id, lang)


@pytest.mark.skipif(
    ARTICLE is None, reason=f"shared/seed/{ARTICLE_NAME}, the article, is not beside this checkout"
)
def test_no_sentence_of_the_article_is_quoted():
    """Our texts are written in our own words: no run of 8 words from the article."""

    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower().replace("’", "'"))

    article = words(ARTICLE.read_text(encoding="utf-8"))
    shingles = {" ".join(article[i : i + 8]) for i in range(len(article) - 7)}
    folder = content.content_dir()
    for path in folder.rglob("*.toml"):
        ours = words(path.read_text(encoding="utf-8"))
        for i in range(len(ours) - 7):
            assert " ".join(ours[i : i + 8]) not in shingles, f"{path.name} quotes the article"


def _prompts(first: dict | None = None, **tables: object) -> dict:
    """A small valid prompts.toml, its first prompt replaced by ``first``."""
    both = {"fr": "x", "en": "y"}
    data = {
        "themes": {"a": both, "w": both, "three_words": both},
        "ideas": {"idea_a": both},
        "phrases": {
            "community": both,
            "community_named": {"fr": "la communauté {of_name}", "en": "{of_name} community"},
            "client_freelance": both,
            "client_employee": both,
            "client_unknown": both,
        },
        "prompt": [
            {"id": "a-01", "theme": "a", "idea": ["idea_a"], "fr": "x", "en": "y"},
            {"id": "w-01", "theme": "w", "days": "weekend", "idea": "idea_a", "fr": "x", "en": "y"},
            {"id": "t", "theme": "three_words", "idea": ["idea_a"], "fr": "x", "en": "y"},
        ],
    }
    data.update(tables)
    if first is not None:
        data["prompt"][0] = {"id": "a-01", "theme": "a", "idea": ["idea_a"], **first}
    return data


def test_the_smallest_catalogue_loads():
    catalogue = parse_prompts(_prompts(), Path("prompts.toml"))
    assert [p.days for p in catalogue.prompts] == ["weekdays", "weekend", "weekdays"]
    assert catalogue.prompts[1].ideas == ("idea_a",)


BAD_PROMPTS = [
    ("missing language", _prompts({"fr": "Bonjour ?"}), "prompt 'a-01'", "'en'"),
    (
        "duplicate id",
        _prompts(prompt=[{"id": "a-01", "theme": "a", "fr": "x", "en": "y"}] * 2),
        "prompt 'a-01'",
        "duplicate",
    ),
    ("unknown theme", _prompts({"theme": "zzz", "fr": "x", "en": "y"}), "prompt 'a-01'", "zzz"),
    ("no idea", _prompts({"idea": [], "fr": "x", "en": "y"}), "prompt 'a-01'", "'idea'"),
    ("unknown idea", _prompts({"idea": ["idea_a", "kpi"], "fr": "x", "en": "y"}), "prompt 'a-01'", "'kpi'"),
    ("bad days", _prompts({"days": "sunday", "fr": "x", "en": "y"}), "prompt 'a-01'", "'sunday'"),
    (
        "unknown placeholder",
        _prompts({"fr": "{communaute} ?", "en": "{communaute}?"}),
        "prompt 'a-01'",
        "{communaute}",
    ),
    (
        "broken brace",
        _prompts({"fr": "Ta {community ?", "en": "Your {community?"}),
        "prompt 'a-01'",
        "placeholder",
    ),
    (
        "placeholders differ",
        _prompts({"fr": "Dans {community} ?", "en": "In the community?"}),
        "prompt 'a-01'",
        "different placeholders",
    ),
    (
        "no weekend prompt",
        _prompts(
            prompt=[
                {"id": "a-01", "theme": "a", "idea": ["idea_a"], "fr": "x", "en": "y"},
                {"id": "t", "theme": "three_words", "idea": ["idea_a"], "fr": "x", "en": "y"},
            ],
        ),
        "prompts.toml",
        "'weekend'",
    ),
    ("no ideas table", _prompts(ideas={}), "prompts.toml", "[ideas.*]"),
    (
        "phrase without name",
        _prompts(
            phrases={
                **_prompts()["phrases"],
                "community_named": {"fr": "la communauté", "en": "{of_name} community"},
            }
        ),
        "phrases",
        "{of_name}",
    ),
]


@pytest.mark.parametrize(("case", "data", "entry", "problem"), BAD_PROMPTS, ids=[c[0] for c in BAD_PROMPTS])
def test_bad_prompts_are_reported_with_file_and_entry(case, data, entry, problem):
    with pytest.raises(ContentError) as error:
        parse_prompts(data, Path("prompts.toml"))
    message = str(error.value)
    assert "prompts.toml" in message and entry in message and problem in message


def test_toml_syntax_error_names_the_file(tmp_path):
    broken = tmp_path / "prompts.toml"
    broken.write_text('[[prompt]]\nid = "x\n', encoding="utf-8")
    with pytest.raises(ContentError) as error:
        read_toml(broken)
    assert str(broken) in str(error.value) and "TOML" in str(error.value)


def test_rubric_contradiction_must_name_a_known_indicator():
    data = {
        "scale": {"fr": list("abcde"), "en": list("abcde")},
        "question": [
            {
                "id": "q",
                "fr": "x",
                "en": "y",
                "hint": {"fr": "h", "en": "h"},
                "contradiction": {"indicator": "followers", "when": "below", "threshold": 1},
            }
        ],
    }
    with pytest.raises(ContentError, match=r"question 'q'.*followers"):
        parse_rubric(data, Path("rubric.toml"))


def test_parsed_content_cache_is_invalidated_when_the_file_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("CM_COACH_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "x.toml"
    path.write_text('a = "1"\n', encoding="utf-8")
    assert read_toml(path) == {"a": "1"}
    assert read_toml(path) == {"a": "1"}  # from the cache
    path.write_text('a = "22"\n', encoding="utf-8")
    assert read_toml(path) == {"a": "22"}


def test_checked_strings_are_cached_and_made_again_when_the_code_that_checks_them_changes(
    tmp_path, monkeypatch
):
    """A strings file's checked and typeset form is kept; a new file or new checking code
    (a later cm-coach) makes a new one."""
    from cm_coach.core import catalogue

    monkeypatch.setenv("CM_COACH_CACHE_DIR", str(tmp_path / "cache"))
    path = catalogue.content_dir() / "strings" / "people.toml"
    fresh = catalogue._checked_strings(path)
    assert fresh["people.col_name"]["fr"] and any(
        p.name.startswith("people.toml-") for p in (tmp_path / "cache").iterdir()
    )

    def never(*args: object) -> None:
        raise AssertionError("checked again")

    monkeypatch.setattr(catalogue, "_flatten_strings", never)
    assert catalogue._checked_strings(path) == fresh  # the kept copy
    monkeypatch.setattr(catalogue, "_checking_code", lambda: (1, 2))  # a later cm-coach
    with pytest.raises(AssertionError, match="checked again"):
        catalogue._checked_strings(path)


# Files whose every text follows French typography (the others are brought in as they are rewritten).
TYPESET = ("prompts.toml", "prompts_retired.toml", "signals.toml", "rubric.toml")


def _texts(value: object, lang: str | None = None):
    """Every (lang, text) of a parsed content file: values under ``fr`` / ``en`` keys."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, key if key in LANGS else lang)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, lang)
    elif isinstance(value, str) and lang is not None:
        yield lang, value


def typography_problems(lang: str, text: str) -> list[str]:
    problems = []
    if "'" in text:
        problems.append("straight apostrophe (’ expected)")
    if re.search(r"\b\d{4}-\d{2}-\d{2}\b", text):
        problems.append("ISO date in a sentence")
    if lang == "fr":
        if re.search(r"(?<!\u202f)[;!?]", text):
            problems.append("; ! ? need a narrow no-break space (U+202F) before them")
        if re.search(r"(?<!\u00a0):(?=\s|$)", text):
            problems.append(": needs a no-break space (U+00A0) before it")
        if re.search(r"«(?!\u202f)|(?<!\u202f)»", text):
            problems.append("« » need narrow no-break spaces inside")
    else:
        if "«" in text or "»" in text:
            problems.append("French quotes in English")
        if re.search(r"\s[;:!?]", text):
            problems.append("space before punctuation in English")
    return problems


@pytest.mark.parametrize("name", TYPESET)
def test_french_typography(name):
    path = content.content_dir() / name
    found = [
        (lang, text, problem)
        for lang, text in _texts(read_toml(path))
        for problem in typography_problems(lang, text)
    ]
    assert not found, found[:5]


def test_typography_check_can_fail():
    assert typography_problems("fr", "Bonjour ? C'est : « ici ».")
    assert typography_problems("en", "Hello ? « here »")
    assert not typography_problems("fr", "Bonjour\u202f? C’est\u00a0: «\u202fici\u202f».")


COACHING_TEXTS = ("signals.toml", "rubric.toml", "strings/assess.toml")


@pytest.mark.parametrize("name", COACHING_TEXTS)
def test_coaching_texts_say_tu_and_never_scold(name):
    """Signals and the self-assessment say what was measured and invite a look: « tu »,
    no warning sign, no "contradiction" shown to the CM (an app that says « un écart n'est
    pas une faute » does not flag one as a fault)."""
    for lang, text in _texts(read_toml(content.content_dir() / name)):
        assert "⚠" not in text and "ontradiction" not in text, text
        if lang == "fr":
            assert not re.search(r"\b(vous|votre|vos)\b", text, re.I), text
            assert not re.search(r"\b(?!chez\b|assez\b)\w+ez\b", text, re.I), text  # no "convenez"
