"""The shipped judgement model is the one the corpus gives, and reads as it should."""

from __future__ import annotations

import pytest

from cm_coach.core import model
from cm_coach.core.boundaries import load_categories
from cm_coach.errors import ContentError
from training.corpus_io import corpus_hash, read_corpus


def test_the_shipped_model_was_trained_on_the_corpus_as_it_is():
    """Edit the corpus, then run `python -m training.train` (see training/README.md)."""
    assert model.shipped_model().corpus_sha256 == corpus_hash()


def test_the_corpus_follows_the_labelling_rules():
    catalogue = {c.id: (c.side, c.family) for c in load_categories(None)}
    lines = read_corpus(categories=catalogue)
    assert len(lines) >= 3000
    assert {line.lang for line in lines} == {"fr", "en", "mix"}
    assert all(line.source for line in lines)  # provenance on every line


def test_the_model_knows_the_catalogue_s_categories():
    shipped = model.shipped_model()
    assert set(shipped.categories) == {c.id for c in load_categories(None)}
    assert set(shipped.families) == {"community", "advertising", "customer_service", "other", "own_business"}


def test_a_damaged_model_file_is_a_clear_content_error(tmp_path):
    path = tmp_path / "broken.model"
    for content in (
        b"",
        b"CMJ1" + (5).to_bytes(4, "little") + b"{nope",
        model.model_path().read_bytes()[:5000],
    ):
        path.write_bytes(content)
        with pytest.raises(ContentError) as error:
            model.read_model(path)
        assert str(path) in str(error.value)


def test_case_accents_and_marks_do_not_change_the_answer():
    shipped = model.shipped_model()
    assert model.decide(shipped, "modération discord").category == "moderation"
    assert shipped.scores("modération discord") == shipped.scores("MODERATION  discord !!")
