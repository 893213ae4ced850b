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


def test_strings_have_the_same_placeholders_in_both_languages():
    for key, texts in strings().items():
        assert _placeholders(texts["fr"]) == _placeholders(texts["en"]), key


def test_every_string_key_used_in_code_exists():
    root = Path(__file__).resolve().parents[1] / "cm_coach"
    known = set(strings())
    pattern = re.compile(
        r"""(?:t|CoachError|StorageError)\(\s*f?["']((?:cli|errors|stats|assess|dates|export|maintenance|tui)\.[a-z_.]+)["']"""
    )
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
        "low_people_reached": {"people", "followers", "mission"},
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


BAD_PROMPTS = [
    (
        "missing language",
        {
            "themes": {"a": {"fr": "A", "en": "A"}, "three_words": {"fr": "T", "en": "T"}},
            "prompt": [
                {"id": "a-01", "theme": "a", "fr": "Bonjour ?"},
                {"id": "t", "theme": "three_words", "fr": "x", "en": "y"},
            ],
        },
        "prompt 'a-01'",
        "'en'",
    ),
    (
        "duplicate id",
        {
            "themes": {"a": {"fr": "A", "en": "A"}, "three_words": {"fr": "T", "en": "T"}},
            "prompt": [
                {"id": "a-01", "theme": "a", "fr": "x", "en": "y"},
                {"id": "a-01", "theme": "a", "fr": "x", "en": "y"},
            ],
        },
        "prompt 'a-01'",
        "duplicate",
    ),
    (
        "unknown theme",
        {
            "themes": {"a": {"fr": "A", "en": "A"}},
            "prompt": [{"id": "a-01", "theme": "zzz", "fr": "x", "en": "y"}],
        },
        "prompt 'a-01'",
        "zzz",
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
