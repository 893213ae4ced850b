"""Role boundaries: the verdicts that must hold, the catalogue's validation, the user's own
phrases and corrections, and ``check`` / ``boundaries`` / ``teach`` on the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from cm_coach.core.boundaries import Correction, Judge, classifier, load_categories, parse_catalogue
from cm_coach.core.content import read_toml
from cm_coach.errors import ContentError
from cm_coach.paths import user_boundaries_path


@pytest.fixture
def engine() -> Judge:
    """A fresh judge on the built-in catalogue (no user phrases, no corrections)."""
    return Judge(load_categories(None))


def verdict_of(engine: Judge, text: str, lang: str = "fr") -> tuple[str, str | None, str | None]:
    v = engine.classify(text, lang)
    return v.verdict, v.family, v.category


# --- what the judgement must get right -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict", "family"),
    [
        ("répondre aux commentaires", "inside", "community"),
        ("répondre aux réclamations", "outside", "customer_service"),
        ("reply to comments", "inside", "community"),
        ("reply to complaints", "outside", "customer_service"),
        ("rédiger les posts de la semaine", "inside", "community"),
        ("posts sponsorisés", "outside", "advertising"),
        ("sponsored posts for the launch", "outside", "advertising"),
        ("gérer le budget des campagnes Facebook Ads", "outside", "advertising"),
        ("répondre aux questions des abonnés", "inside", "community"),
        ("relancer la discussion sous le post", "inside", "community"),
        ("12 tickets Zendesk en attente 😅", "outside", "customer_service"),
        ("Mairie — FB — réponses coms", "inside", "community"),
        ("[ ] valider visuels carrousel", "inside", "community"),
        ("rép coms fb", "inside", "community"),
        ("facturer Maison Lune pour novembre", "outside", "own_business"),
        ("saisir les factures fournisseurs de la boutique", "outside", "other"),
    ],
)
def test_words_that_flip_the_meaning(engine, text, verdict, family):
    assert verdict_of(engine, text)[:2] == (verdict, family)


@pytest.mark.parametrize(
    ("text", "activity"),
    [
        ("14h-15h répondre aux coms Insta", "dialogue"),
        ("modé discord soirée, 3 bans", "moderation"),
        ("fini le carrousel pour Maison Lune", "content"),
        ("veille concurrentielle TikTok", "listening"),
        ("export stats octobre pour le bilan client", "reporting"),
    ],
)
def test_the_activity_is_what_the_time_was_spent_on(engine, text, activity):
    assert engine.classify(text).activity == activity


def test_a_verdict_carries_every_field_in_both_languages(engine):
    for lang in ("fr", "en"):
        v = engine.classify("répondre aux commentaires sous le post", lang)
        assert v.verdict == "inside" and v.category and v.family == "community"
        assert v.label and v.reason and v.matched and 0 <= v.score <= 100
    assert (
        engine.classify("reply to comments", "en").reason != engine.classify("reply to comments", "fr").reason
    )


def test_the_spotted_words_are_the_task_s_own(engine):
    v = engine.classify("Relancer les ambassadrices pour le challenge de mars")
    assert v.matched and all(
        word in "Relancer les ambassadrices pour le challenge de mars"
        for word in v.matched.split()
        if word != "…"
    )


def test_a_line_with_no_known_word_is_unsure_and_still_names_the_likeliest(engine):
    v = engine.classify("zxqv plorf")
    assert v.verdict == "unsure"
    assert v.category and v.family and v.activity  # the likeliest, shown as such


@pytest.mark.parametrize(
    "text", ["configurer un chatbot SAV", "set up auto-replies for customer refund requests"]
)
def test_automated_replies_always_warn(engine, text):
    v = engine.classify(text)
    assert (v.category, v.always_warn) == ("automated_replies", True)


def test_only_automated_replies_always_warn(engine):
    assert [c.id for c in engine.categories if c.always_warn] == ["automated_replies"]


def test_the_catalogue_explains_every_category_the_model_knows(engine):
    known = set(engine.model.categories)
    assert known == {c.id for c in engine.categories}
    for category in engine.categories:
        assert category.label["fr"] and category.label["en"]
        assert category.explanation["fr"] and category.explanation["en"]


VALID = """
[[category]]
id = "dialogue"
side = "inside"
family = "community"
activity = "dialogue"
label = { fr = "Dialogue", en = "Dialogue" }
explanation = { fr = "Parler avec les gens.", en = "Talking with people." }
phrases.fr = ["répondre aux commentaires"]
phrases.en = ["reply to comments"]
"""


def _parse(tmp_path: Path, text: str):
    path = tmp_path / "boundaries.toml"
    path.write_text(text, encoding="utf-8")
    return path, (lambda: parse_catalogue(read_toml(path), path))


def test_valid_catalogue_parses(tmp_path):
    _, parse = _parse(tmp_path, VALID)
    assert [c.id for c in parse()] == ["dialogue"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda t: t.replace(', en = "Talking with people."', ""), "missing its 'en' text"),
        (lambda t: t + t, "duplicate id"),
        (lambda t: t.replace('family = "community"', 'family = "marketing"'), "'family' must be one of"),
        (lambda t: t.replace('side = "inside"', 'side = "both"'), "'side'"),
        (lambda t: t.replace('activity = "dialogue"', 'activity = "sales"'), "unknown activity"),
        (
            lambda t: t.replace('phrases.fr = ["répondre aux commentaires"]', 'phrases.fr = ["et les"]'),
            "no meaningful",
        ),
    ],
)
def test_invalid_catalogue_names_file_and_entry(tmp_path, change, problem):
    path, parse = _parse(tmp_path, change(VALID))
    with pytest.raises(ContentError) as error:
        parse()
    message = str(error.value)
    assert str(path) in message and problem in message
    assert "category 'dialogue'" in message


def test_toml_syntax_error_names_file_and_line(tmp_path):
    path, parse = _parse(tmp_path, VALID.replace('id = "dialogue"', 'id = "dialogue'))
    with pytest.raises(ContentError) as error:
        parse()
    assert str(path) in str(error.value) and "line 3" in str(error.value)


# --- the user's boundaries file ------------------------------------------------------------


def write_user_file(text: str) -> Path:
    path = user_boundaries_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_adds_phrases_and_categories(cli):
    path = write_user_file(
        """
[[category]]
id = "moderation"
phrases.fr = ["tri des signalements Twitch"]

[[category]]
id = "event_logistics"
side = "outside"
family = "other"
activity = "other"
label = { fr = "Logistique d'événements", en = "Event logistics" }
explanation = { fr = "Réserver les salles revient à l'office manager.", en = "Booking venues is the office manager's job." }
phrases.fr = ["réserver la salle", "traiteur du salon"]
phrases.en = ["book the venue", "catering for the fair"]
"""
    )
    result = cli("boundaries", "--json")
    assert result.code == 0, result.err
    rows = {row["id"]: row for row in json.loads(result.raw_out)}
    assert rows["moderation"]["source"] == "built-in"
    assert rows["moderation"]["extended_by"] == [str(path)]
    assert rows["event_logistics"]["source"] == str(path)
    assert rows["event_logistics"]["extended_by"] == []
    assert rows["dialogue"]["extended_by"] == []

    out = cli("check", "--json", "tri des signalements Twitch", "réserver la salle pour le meetup")
    first, second = (json.loads(line) for line in out.raw_out.splitlines())
    assert (first["verdict"], first["category"]) == ("inside", "moderation")
    assert (second["verdict"], second["category"], second["family"]) == (
        "outside",
        "event_logistics",
        "other",
    )

    listing = cli("boundaries")
    assert listing.code == 0 and str(path) in listing.out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[category]]\nid = "moderation"\nphrases.fr = ["ok",, "x"]\n', "ligne 3"),
        ('[[category]]\nid = "brand_new"\nphrases.fr = ["une phrase"]\n', "category 'brand_new'"),
        ('[[category]]\nid = "moderation"\nphrases.de = ["Moderation"]\n', "category 'moderation'"),
        (
            '[[category]]\nid = "moderation"\nside = "inside"\nfamily = "advertising"\n',
            "'family' must be one of",
        ),
    ],
)
def test_invalid_user_file_stops_with_a_clear_message(cli, text, expected):
    path = write_user_file(text)
    for args in (("check", "répondre aux commentaires"), ("boundaries",)):
        result = cli(*args)
        assert result.code == 2  # the user's own file: refused as bad input, in their language
        assert str(path) in result.err and expected in result.err and "Ton fichier de limites" in result.err
        assert "Traceback" not in result.err


# --- check on the command line -------------------------------------------------------------

KEYS = {"text", "verdict", "family", "category", "activity", "score", "matched", "reason"}


def test_check_json_streams_stdin_in_order(cli, monkeypatch):
    lines = "répondre aux commentaires\n\n   \nprocess refunds on the marketplace\nréunion\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    result = cli("check", "--json", "-")
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.raw_out.splitlines()]
    assert [row["text"] for row in rows] == [
        "répondre aux commentaires",
        "process refunds on the marketplace",
        "réunion",
    ]
    assert all(set(row) >= KEYS for row in rows)
    assert [row["verdict"] for row in rows][:2] == ["inside", "outside"]
    assert rows[1]["family"] == "customer_service"


def test_check_with_mission_reports_agreed_outside_work(cli):
    assert cli("missions", "add", "M", "--agreed", "advertising").code == 0
    result = cli(
        "check",
        "--json",
        "--mission",
        "M",
        "gérer le budget des campagnes Facebook Ads",
        "configurer un chatbot SAV",
        "traiter les réclamations",
        "répondre aux commentaires",
    )
    assert result.code == 0, result.err
    ads, bot, complaints, comments = (json.loads(line) for line in result.raw_out.splitlines())
    assert (ads["family"], ads["agreed"]) == ("advertising", True)
    assert (bot["category"], bot["agreed"]) == ("automated_replies", False)
    assert (complaints["family"], complaints["agreed"]) == ("customer_service", False)
    assert comments["agreed"] is False

    assert cli("missions", "add", "Tout", "--agreed", "advertising,customer_service").code == 0
    result = cli("check", "--json", "-m", "Tout", "configurer un chatbot SAV", "traiter les réclamations")
    bot, complaints = (json.loads(line) for line in result.raw_out.splitlines())
    assert bot["agreed"] is False, "automated replies always warn"
    assert complaints["agreed"] is True

    text = cli("check", "-m", "M", "gérer le budget des campagnes Facebook Ads")
    assert text.code == 0 and "✗" not in text.out


def test_check_respects_no_color(cli, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("sys.stdout", Terminal())
    from cm_coach.cli import main

    main(["check", "posts sponsorisés"])
    assert "\033[" not in __import__("sys").stdout.getvalue()

    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr("sys.stdout", Terminal())
    main(["check", "posts sponsorisés"])
    assert "\033[" in __import__("sys").stdout.getvalue()


def test_process_wide_classifier_is_built_once():
    assert classifier(None) is classifier(None)


# --- corrections teach ------------------------------------------------------------------------


def test_one_correction_is_followed_by_paraphrases(engine):
    assert engine.classify("répondre aux avis Google").category != "e_reputation"
    engine.learn([Correction("répondre aux avis Google", "community", "e_reputation", "dialogue")])
    for text in ("Répondre aux avis google", "réponses aux avis Google", "répondu à 3 avis Google ce matin"):
        v = engine.classify(text)
        assert (v.category, v.source) == ("e_reputation", "correction"), text
    assert engine.classify("booster le post Google Ads").source == "model"


def test_an_activity_correction_keeps_the_verdict(engine):
    before = engine.classify("préparer le live de jeudi")
    engine.learn([Correction("préparer le live de jeudi", None, None, "dialogue")])
    after = engine.classify("préparer le live de jeudi")
    assert (after.verdict, after.family, after.activity) == (before.verdict, before.family, "dialogue")


def test_teach_on_the_command_line(cli):
    assert cli("log", "répondre aux avis Google", "-d", "30").code == 0
    result = cli("teach", "répondre aux avis Google", "--inside", "--category", "e_reputation")
    assert result.code == 0, result.err
    rows = [
        json.loads(line) for line in cli("check", "--json", "réponses aux avis Google").raw_out.splitlines()
    ]
    assert (rows[0]["category"], rows[0]["source"]) == ("e_reputation", "correction")
    mine = json.loads(cli("boundaries", "--mine", "--json").raw_out)
    assert [(m["text"], m["category"]) for m in mine] == [("répondre aux avis Google", "e_reputation")]
    assert cli("teach", "--forget", "répondre aux avis Google").code == 0
    assert json.loads(cli("boundaries", "--mine", "--json").raw_out) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("teach", "x y z"), "--inside"),
        (("teach", "répondre", "--outside", "marketing"), "marketing"),
        (("teach", "répondre", "--inside", "--outside", "advertising"), "pas les deux"),
        (("teach", "répondre", "--outside", "advertising", "--activity", "dialogue"), "dialogue"),
        (("teach", "répondre", "--category", "nope"), "nope"),
        (("teach", "--forget", "jamais corrigé"), "jamais corrigé"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(cli, args, message):
    result = cli(*args)
    assert result.code == 2 and message in result.err
    assert json.loads(cli("boundaries", "--mine", "--json").raw_out) == []


def test_an_explicit_activity_that_contradicts_the_suggestion_teaches(cli):
    suggested = json.loads(cli("check", "--json", "préparer le live de jeudi").raw_out)["activity"]
    other = "dialogue" if suggested != "dialogue" else "content"
    assert cli("log", "préparer le live de jeudi", "-d", "20", "-a", other).code == 0
    again = json.loads(cli("check", "--json", "préparer le live de jeudi prochain").raw_out)
    assert again["activity"] == other


def test_correcting_an_entry_fixes_it_and_teaches_its_wording(cli, db_path):
    from cm_coach.core.corrections import correct_entry
    from cm_coach.store.db import connect

    assert cli("log", "répondre aux avis Google du resto", "-d", "30").code == 0
    entry = json.loads(cli("entries", "--json").out)[0]
    conn = connect(db_path)
    try:
        correct_entry(conn, entry["id"], family="community", category="e_reputation", activity="dialogue")
    finally:
        conn.close()
    fixed = json.loads(cli("entries", "--json").out)[0]
    assert (fixed["category"], fixed["activity"], fixed["verdict"]) == ("e_reputation", "dialogue", "inside")
    similar = json.loads(cli("check", "--json", "réponses aux avis Google du resto").out)
    assert (similar["category"], similar["source"]) == ("e_reputation", "correction")


def test_a_correction_names_its_category_in_the_reader_s_language(cli):
    """``teach … --category e_reputation`` echoed the id; the category's name is what a user reads."""
    learned = cli("teach", "veille e-réputation", "--inside", "--category", "e_reputation")
    assert learned.code == 0, learned.err
    assert "E-réputation" in learned.out and "e_reputation" not in learned.out
    mine = cli("--lang", "en", "boundaries", "--mine")
    assert "reputation" in mine.out and "e_reputation" not in mine.out
