"""Role boundaries (issue 3): the verdicts that must hold, the catalogue's validation, the
user's own boundaries file, and ``check`` / ``boundaries`` on the command line."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from cm_coach.core import boundaries
from cm_coach.core.boundaries import Classifier, classifier, load_categories, parse_catalogue
from cm_coach.core.content import read_toml
from cm_coach.core.textnorm import stem, tokens
from cm_coach.errors import ContentError
from cm_coach.paths import user_boundaries_path


@pytest.fixture(scope="module")
def engine() -> Classifier:
    categories, neutral = load_categories(None)
    return Classifier(categories, neutral)


def verdict_of(engine: Classifier, text: str, lang: str = "fr") -> tuple[str, str | None, str | None]:
    v = engine.classify(text, lang)
    return v.verdict, v.family, v.category


# --- the pairs of the issue -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict", "family"),
    [
        ("répondre aux commentaires", "inside", "community"),
        ("répondre aux réclamations", "outside", "customer_service"),
        ("reply to comments", "inside", "community"),
        ("reply to complaints", "outside", "customer_service"),
        ("posts", "inside", "community"),
        ("rédiger les posts de la semaine", "inside", "community"),
        ("posts sponsorisés", "outside", "advertising"),
        ("programmer les posts sponsorisés", "outside", "advertising"),
        ("sponsored posts for the launch", "outside", "advertising"),
        ("gérer le budget des campagnes Facebook Ads", "outside", "advertising"),
    ],
)
def test_words_that_flip_the_meaning(engine, text, verdict, family):
    v = engine.classify(text)
    assert (v.verdict, v.family) == (verdict, family), v


@pytest.mark.parametrize(
    "text",
    [
        "e-réputation : une réclamation client devenue virale",
        "gérer le bad buzz après la plainte d'un client",
        "une plainte devenue virale sur X, préparer la réponse publique",
        "complaint gone viral on TikTok, handle the backlash",
    ],
)
def test_e_reputation_stays_inside_even_when_a_complaint_triggers_it(engine, text):
    v = engine.classify(text)
    assert (v.verdict, v.category) == ("inside", "e_reputation"), v


@pytest.mark.parametrize(
    ("text", "family", "word"),
    [
        ("répondre aux commentaires et traiter les réclamations", "customer_service", "réclamations"),
        ("modérer le forum puis booster le post", "advertising", "booster"),
        ("reply to comments and process refunds", "customer_service", "refunds"),
        ("planning édito + suivi des colis perdus", "customer_service", "colis"),
    ],
)
def test_mixed_tasks_surface_the_outside_part(engine, text, family, word):
    v = engine.classify(text)
    assert (v.verdict, v.family) == ("outside", family), v
    assert word in v.matched


@pytest.mark.parametrize("text", ["aller chercher du pain", "réunion", "déjeuner", "walk the dog", "???"])
def test_unsure_when_nothing_matches_well(engine, text):
    v = engine.classify(text)
    assert v.verdict == "unsure", v
    assert v.category is None and v.family is None and v.activity is None and v.matched is None
    assert 0 <= v.score < boundaries.INSIDE_THRESHOLD


def test_a_verdict_carries_every_field_in_both_languages(engine):
    fr = engine.classify("traiter les demandes de remboursement", "fr")
    en = engine.classify("traiter les demandes de remboursement", "en")
    assert fr.verdict == "outside" and fr.family == "customer_service"
    assert fr.category == "refunds_returns" and fr.activity == "customer_service"
    assert isinstance(fr.score, int) and 0 <= fr.score <= 100
    assert "remboursement" in fr.matched and fr.phrase
    assert fr.reason != en.reason and fr.label != en.label
    assert "client" in fr.reason.lower() and "customer" in en.reason.lower()
    data = fr.as_json()
    for key in ("text", "verdict", "family", "category", "activity", "score", "matched", "reason"):
        assert key in data
    json.dumps(data)


@pytest.mark.parametrize(
    "text",
    ["configurer un chatbot SAV", "set up ManyChat auto-replies", "message d'absence automatique Messenger"],
)
def test_automated_replies_always_warn(engine, text):
    v = engine.classify(text)
    assert (v.verdict, v.category, v.always_warn) == ("outside", "automated_replies", True), v


def test_only_automated_replies_always_warn(engine):
    assert [c.id for c in engine.categories if c.always_warn] == ["automated_replies"]


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # a near-spelling keeps the start of the word: "mécontent" is not "content"
        ("clients mécontents en DM", "outside"),
        ("idées de contenus", "inside"),
        # a longer word is another word: "publicité" is not "publication", "compta" not "compte"
        ("relecture des posts avant publication", "inside"),
        ("réfléchir à la ligne édito du compte TikTok", "inside"),
        # "retours" are feedback next to the community, returns next to products to process
        ("remonter les retours de la communauté à l'équipe produit", "inside"),
        ("gérer les retours et échanges", "outside"),
        # short jargon counts: "ads", "CPC", "SAV"
        ("CPC trop élevé", "outside"),
        ("SAV insta", "outside"),
        ("LinkedIn poll about remote work", "inside"),
        ("LinkedIn Ads for the webinar", "outside"),
        # pointing someone to customer service is part of the conversation
        ("rediriger les réclamations vers le service client", "inside"),
        # an outside phrase needs a word of its own once inside phrases explain the rest
        ("gestion des retours de la communauté", "inside"),
        ("gestion des retours produits", "outside"),
        ("booster l'engagement de la communauté", "inside"),
        ("répondre aux commentaires puis booster le meilleur post", "outside"),
        # bots for the community are moderation; bots answering customers are not
        ("set up the Discord bot for roles", "inside"),
        ("chatbot Discord pour répondre aux clients", "outside"),
        ("ChatGPT pour rédiger les posts", "inside"),
        ("ChatGPT pour répondre aux clients", "outside"),
        # "IT" is an acronym, not the English stop word; "La Poste" is not a post
        ("IT support for the new hires", "outside"),
        ("relancer La Poste pour un colis égaré", "outside"),
        # "customer" is not "custom" (audiences)
        ("customer community forum", "inside"),
    ],
)
def test_mechanism_near_misses(engine, text, verdict):
    assert engine.classify(text).verdict == verdict, engine.classify(text)


def test_stemming_treats_singular_and_plural_alike():
    assert tokens("ads") == tokens("ad") == ["ad"]
    assert tokens("pubs") == tokens("pub")
    assert tokens("DMs") == tokens("DM")
    assert tokens("posts") == tokens("post")
    assert tokens("réclamations") == tokens("réclamation")
    assert stem("shipping") == stem("ship")
    assert tokens("CMS") == ["cms"]  # acronyms ending in s keep it
    assert tokens("Répondre aux commentaires !") == tokens("repondre au commentaire")
    assert tokens("stories") == tokens("story")
    assert tokens("réseaux sociaux") == tokens("réseau social")
    assert tokens("l’équipe « produit » — suite") == ["equip", "produit", "suit"]


def test_typos_are_forgiven(engine):
    assert engine.classify("répondre aux comentaires").verdict == "inside"
    assert engine.classify("gérer les rembousements").verdict == "outside"
    assert engine.classify("engagment report for the client").verdict == "inside"


# --- the catalogue ------------------------------------------------------------------------


def test_builtin_catalogue_is_complete(engine):
    ids = [c.id for c in engine.categories]
    assert len(ids) == len(set(ids)) >= 20
    families = {c.family for c in engine.categories}
    assert families == {"community", "advertising", "customer_service", "other"}
    for category in engine.categories:
        assert category.label["fr"] and category.label["en"]
        assert category.explanation["fr"] and category.explanation["en"]
        assert len(category.phrases["fr"]) >= 5 and len(category.phrases["en"]) >= 5
        assert category.source == "built-in"
    jargon = " ".join(p for c in engine.categories for lang in ("fr", "en") for p in c.phrases[lang])
    for word in ("SAV", "ads", "boost", "CPC", "lookalike", "Zendesk", "modo", "UGC", "veille"):
        assert word.lower() in jargon.lower()


def test_no_phrase_is_repeated_within_a_category(engine):
    for category in engine.categories:
        seen = set()
        for lang in ("fr", "en"):
            for phrase in category.phrases[lang]:
                key = tuple(tokens(phrase))
                assert key not in seen, (category.id, phrase)
                seen.add(key)


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
        (
            lambda t: t.replace('phrases.en = ["reply to comments"]', "phrases.en = []"),
            "'phrases.en' is empty",
        ),
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
    rows = {row["id"]: row for row in json.loads(result.out)}
    assert rows["moderation"]["source"] == "built-in"
    assert rows["moderation"]["extended_by"] == [str(path)]
    assert rows["event_logistics"]["source"] == str(path)
    assert rows["event_logistics"]["extended_by"] == []
    assert rows["dialogue"]["extended_by"] == []

    out = cli("check", "--json", "tri des signalements Twitch", "réserver la salle pour le meetup")
    first, second = (json.loads(line) for line in out.out.splitlines())
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
        ('[[category]]\nid = "moderation"\nphrases.fr = ["ok",, "x"]\n', "line 3"),
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
        assert result.code != 0
        assert str(path) in result.err and expected in result.err
        assert "Traceback" not in result.err


# --- check on the command line -------------------------------------------------------------

KEYS = {"text", "verdict", "family", "category", "activity", "score", "matched", "reason"}


def test_check_json_streams_stdin_in_order(cli, monkeypatch):
    lines = "répondre aux commentaires\n\n   \nprocess refunds on the marketplace\nréunion\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    result = cli("check", "--json", "-")
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert [row["text"] for row in rows] == [
        "répondre aux commentaires",
        "process refunds on the marketplace",
        "réunion",
    ]
    assert all(set(row) >= KEYS for row in rows)
    assert [row["verdict"] for row in rows] == ["inside", "outside", "unsure"]
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
    ads, bot, complaints, comments = (json.loads(line) for line in result.out.splitlines())
    assert (ads["family"], ads["agreed"]) == ("advertising", True)
    assert (bot["category"], bot["agreed"]) == ("automated_replies", False)
    assert (complaints["family"], complaints["agreed"]) == ("customer_service", False)
    assert comments["agreed"] is False

    assert cli("missions", "add", "Tout", "--agreed", "advertising,customer_service").code == 0
    result = cli("check", "--json", "-m", "Tout", "configurer un chatbot SAV", "traiter les réclamations")
    bot, complaints = (json.loads(line) for line in result.out.splitlines())
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


# --- the index cache ---------------------------------------------------------------------


def test_index_cache_gives_the_same_verdicts(tmp_path, monkeypatch):
    monkeypatch.setenv("CM_COACH_CACHE_DIR", str(tmp_path / "cache"))
    built = boundaries._load_classifier(None)
    assert list((tmp_path / "cache").glob("boundaries-index-*.marshal"))
    cached = boundaries._load_classifier(None)
    assert cached.phrases == built.phrases and cached.cues == built.cues
    tasks = [
        "répondre aux commentaires et traiter les réclamations",
        "posts sponsorisés",
        "réunion",
        "gestion des retours de la communauté",
        "engagment report for the client",
    ]
    for task in tasks:
        assert cached.classify(task).as_json() == built.classify(task).as_json()


def test_index_cache_follows_the_user_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CM_COACH_CACHE_DIR", str(tmp_path / "cache"))
    path = write_user_file('[[category]]\nid = "moderation"\nphrases.fr = ["tri des signalements Twitch"]\n')
    first = boundaries._load_classifier(path)
    assert first.classify("tri des signalements Twitch").category == "moderation"
    path.write_text(
        '[[category]]\nid = "listening"\nphrases.fr = ["écoute des podcasts du secteur"]\n', encoding="utf-8"
    )
    os.utime(path, ns=(1, 1))  # a different stamp even within the same clock tick
    second = boundaries._load_classifier(path)
    listening = next(c for c in second.categories if c.id == "listening")
    assert listening.extended_by == [str(path)]
    assert (
        "tri des signalements Twitch"
        not in next(c for c in second.categories if c.id == "moderation").phrases["fr"]
    )


def test_a_broken_index_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("CM_COACH_CACHE_DIR", str(tmp_path / "cache"))
    boundaries._load_classifier(None)
    for file in (tmp_path / "cache").glob("boundaries-index-*.marshal"):
        file.write_bytes(b"not marshal")
    assert boundaries._load_classifier(None).classify("posts sponsorisés").verdict == "outside"


def test_no_cache_when_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("CM_COACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CM_COACH_NO_CACHE", "1")
    boundaries._load_classifier(None)
    assert not list((tmp_path / "cache").glob("boundaries-index-*"))


@pytest.mark.parametrize(
    "word",
    [
        "préparer",
        "gestion",
        "équipe",
        "client",
        "post",
        "semaine",
        "réunion",
        "projet",
        "entreprise",
        "site",
        "page",
        "bureau",
        "job",
        "conditions",
        "acquisition",
        "attribution",
        "web",
        "promotion",
        "envoyer",
        "planifier",
        "lancer",
        "budget",
        "campagne",
        "support",
        "service",
        "produit",
        "retours",
        "livraison",
        "question",
        "demande",
        "ticket",
        "contrat",
        "compte",
        "offre",
        "prix",
        "stock",
        "agence",
        "format",
        "accès",
    ],
)
def test_everyday_words_never_send_a_task_outside_alone(engine, word):
    """Guards the [neutral] list: a new phrase must not turn an everyday word into a cue."""
    assert engine.classify(word).verdict != "outside", engine.classify(word)
