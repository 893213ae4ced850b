"""People in the journal: exchanges link entries to people, counted once; follow-ups,
key people gone quiet, ideas from conversations and the platform's dated figures."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cm_coach.core import entries, people
from cm_coach.core.dates import month_period, parse_due_date
from cm_coach.core.indicators import compute
from cm_coach.core.missions import add_mission
from cm_coach.core.signals import signals
from cm_coach.models import Person
from cm_coach.store.db import connect
from tests.conftest import table_rows


@pytest.fixture
def journal(cli):
    assert cli("missions", "add", "Boulangerie Dupont", "--start", "2026-01-01").code == 0
    assert (
        cli(
            "people",
            "add",
            "@lea.cuisine",
            "--platform",
            "Instagram",
            "--tags",
            "Ambassador, member",
            "-m",
            "Boulangerie Dupont",
        ).code
        == 0
    )
    assert cli("people", "add", "Marc du forum", "--platform", "forum").code == 0
    return cli


def test_log_with_links_the_entry_to_people_found_by_name_or_unique_start(journal, db_path):
    result = journal(
        "log",
        "répondre aux commentaires",
        "-d",
        "30",
        "-m",
        "Boulangerie Dupont",
        "--with",
        "@LEA, marc du forum",
        "--json",
    )
    assert result.code == 0, result.err
    assert json.loads(result.out)["with"] == ["@lea.cuisine", "Marc du forum"]
    assert len(table_rows(db_path, "entry_people")) == 2
    listed = json.loads(journal("entries", "--json").out)
    assert listed[0]["with"] == ["@lea.cuisine", "Marc du forum"]


def test_an_unknown_name_is_refused_with_the_closest_and_nothing_is_written(journal, db_path):
    result = journal("log", "live", "-d", "45", "--with", "@lea.cuisine, Marcc du forum")
    assert result.code == 2
    assert "Marcc du forum" in result.err and "Marc du forum" in result.err and "--new" in result.err
    assert table_rows(db_path, "entries") == [] and table_rows(db_path, "entry_people") == []
    assert len(table_rows(db_path, "people")) == 2


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_names_ending_with_a_full_stop_read_well_in_the_refusal(journal, lang):
    assert journal("people", "add", "Yan D.").code == 0
    result = journal("--lang", lang, "log", "live", "-d", "45", "--with", "Yann D.")
    assert result.code == 2 and "Yann D." in result.err and "Yan D." in result.err
    assert ".." not in result.err


def test_a_name_that_starts_several_people_is_ambiguous(journal):
    assert journal("people", "add", "Marc-André").code == 0
    result = journal("log", "live", "-d", "45", "--with", "Marc")
    assert result.code == 2 and "Marc du forum" in result.err and "Marc-André" in result.err


def test_new_creates_the_unknown_ones_in_the_same_transaction(journal, db_path):
    result = journal("log", "live", "-d", "45", "-m", "Boulangerie Dupont", "--with", "Zoé, lea", "--new")
    assert result.code == 0, result.err
    assert "Zoé" in result.out
    names = sorted(row["name"] for row in table_rows(db_path, "people"))
    assert names == ["@lea.cuisine", "Marc du forum", "Zoé"]
    zoe = next(p for p in people.list_people(connect(db_path)) if p.name == "Zoé")
    assert zoe.missions == ("Boulangerie Dupont",) and zoe.exchanges == 1  # met on the mission


def test_same_name_rule_refuses_a_second_lea(journal):
    assert journal("people", "add", "@LEA.cuisine").code == 2
    assert journal("people", "add", "Bad, name").code == 2


def test_show_gives_history_follow_ups_and_ideas(journal):
    journal("log", "dm", "-d", "10", "--date", "2026-11-02", "--with", "lea")
    journal("log", "live", "-d", "30", "--date", "2026-11-20", "--with", "lea")
    journal("people", "follow", "lea", "lui répondre pour l'atelier", "--due", "vendredi")
    journal("idea", "atelier levain pour enfants", "--from", "lea", "-m", "Boulangerie Dupont")
    shown = json.loads(journal("people", "show", "@lea", "--json").out)
    assert shown["exchanges"] == 2
    assert shown["first_exchange"] == "2026-11-02" and shown["last_exchange"] == "2026-11-20"
    assert [e["task"] for e in shown["history"]] == ["live", "dm"]
    assert shown["follow_ups"][0]["due"] == "2026-11-27"  # the next Friday: due dates look forward
    assert shown["ideas"][0]["text"] == "atelier levain pour enfants"
    text = journal("people", "show", "lea").out
    assert "lui répondre pour l'atelier" in text and "Échanges\u00a0: 2" in text


def test_list_sorts_by_last_exchange_and_filters(journal):
    journal("log", "dm", "-d", "10", "--date", "2026-11-02", "--with", "lea")
    journal("log", "dm", "-d", "10", "--date", "2026-11-20", "--with", "marc")
    listed = json.loads(journal("people", "list", "--json").out)
    assert [p["name"] for p in listed] == ["Marc du forum", "@lea.cuisine"]
    assert [
        p["name"] for p in json.loads(journal("people", "list", "--tag", "ambassador", "--json").out)
    ] == ["@lea.cuisine"]
    assert [p["name"] for p in json.loads(journal("people", "list", "-s", "forum", "--json").out)] == [
        "Marc du forum"
    ]
    assert "Marc du forum" in journal("people", "list").out


def test_forget_unlinks_entries_keeps_minutes_in_one_transaction(journal, db_path):
    journal("log", "dm", "-d", "10", "--with", "lea, marc")
    journal("people", "follow", "lea", "relancer")
    journal("idea", "un concours", "--from", "lea")
    result = journal("people", "forget", "lea")
    assert result.code == 0 and "@lea.cuisine" in result.out
    assert [r["minutes"] for r in table_rows(db_path, "entries")] == [10]
    assert [r["person_id"] for r in table_rows(db_path, "entry_people")] == [
        next(p["id"] for p in table_rows(db_path, "people") if p["name"] == "Marc du forum")
    ]
    assert table_rows(db_path, "follow_ups") == [] and table_rows(db_path, "person_missions") == []
    assert [i["person_id"] for i in table_rows(db_path, "ideas")] == [None]
    assert journal("people", "show", "lea").code == 2


def test_edit_entry_replaces_people_and_delete_undo_keeps_them(tmp_path):
    conn = connect(tmp_path / "j.db")
    add_mission(conn, "M")
    people.add_person(conn, "Léa")
    people.add_person(conn, "Marc")
    logged = entries.log_entry(conn, "dm", 10, day=date(2026, 11, 2), mission="M", with_people="lea")
    edited = entries.edit_entry(conn, logged.entry.id, with_people="Marc, Léa")
    assert edited.with_people == ("Léa", "Marc")
    row = entries.delete_entry(conn, logged.entry.id)  # an entry linked to people can be deleted
    assert people.require_person(conn, "Marc").exchanges == 0
    restored = entries.restore_entry(conn, row)
    assert restored.with_people == ("Léa", "Marc")
    assert entries.edit_entry(conn, logged.entry.id, with_people="").with_people == ()


def test_stats_count_people_once_new_returning_relationships_and_keep_the_headcount_apart(journal):
    journal("log", "dm", "-d", "10", "--date", "2026-10-20", "--with", "lea")
    for day in ("2026-11-02", "2026-11-09"):
        journal("log", "réponses", "-d", "30", "--date", day, "--with", "lea, marc")
    journal("log", "live", "-d", "60", "--date", "2026-11-12", "--people", "40")
    stats = json.loads(journal("stats", "--month", "2026-11", "--json").out)
    assert stats["people"] == {
        "exchanged_with": 2,
        "new": 1,
        "returning": 1,
        "relationships": 2,
        "unnamed_headcount": 40,
    }
    assert "people_reached" not in stats
    text = journal("stats", "--month", "2026-11").out
    assert (
        "Personnes avec qui tu as échangé\u00a0: 2 (nouvelles\u00a0: 1\u202f; déjà rencontrées\u00a0: 1)"
        in text
    )
    assert "40" in text and "sans dédoublonnage" in text
    assert "touchées" not in text
    english = journal("--lang", "en", "stats", "--month", "2026-11").out
    assert "People you exchanged with: 2" in english and "reached" not in english


def test_ideas_are_offered_then_counted_when_a_post_uses_them(journal):
    journal("idea", "atelier levain", "--from", "lea", "-m", "Boulangerie Dupont", "--date", "2026-11-03")
    journal("idea", "photos des clients", "--from", "Nina", "--new")
    listed = json.loads(journal("ideas", "--json").out)
    assert [i["text"] for i in listed] == ["photos des clients", "atelier levain"]
    idea = listed[1]["id"]
    assert (
        journal(
            "log", "post atelier", "-d", "30", "-a", "content", "--date", "2026-11-05", "--idea", "99"
        ).code
        == 2
    )
    assert (
        journal(
            "log", "post atelier", "-d", "30", "-a", "content", "--date", "2026-11-05", "--idea", str(idea)
        ).code
        == 0
    )
    journal("log", "post promo", "-d", "30", "-a", "content", "--date", "2026-11-06")
    assert [i["text"] for i in json.loads(journal("ideas", "--json").out)] == ["photos des clients"]
    stats = json.loads(journal("stats", "--month", "2026-11", "--json").out)
    assert stats["posts"] == {"total": 2, "from_community_ideas": 1}


def test_follow_ups_waiting_and_done(journal):
    journal("people", "follow", "marc", "envoyer le règlement", "--due", "2026-11-20")
    journal("people", "follow", "lea", "la remercier")
    waiting = json.loads(journal("people", "waiting", "--json").out)
    assert [w["text"] for w in waiting["waiting"]] == ["envoyer le règlement", "la remercier"]
    assert "en retard de 5 j" in journal("people", "waiting").out
    first = waiting["waiting"][0]["id"]
    assert journal("people", "done", str(first)).code == 0
    assert [w["text"] for w in json.loads(journal("people", "waiting", "--json").out)["waiting"]] == [
        "la remercier"
    ]
    assert journal("people", "done", "999").code == 2
    assert journal("people", "done", str(first), "--undo").code == 0
    assert len(json.loads(journal("people", "waiting", "--json").out)["waiting"]) == 2


def test_key_people_gone_quiet_follow_the_days_set_per_tag(journal):
    journal("log", "dm", "-d", "10", "--date", "2026-11-01", "--with", "lea")  # 24 days before today
    quiet = json.loads(journal("people", "waiting", "--json").out)["quiet"]
    assert quiet == [{"name": "@lea.cuisine", "tags": ["ambassador", "member"], "days": 24, "limit": 14}]
    assert journal("people", "quiet", "--tag", "ambassador", "--days", "30").code == 0
    assert json.loads(journal("people", "waiting", "--json").out)["quiet"] == []
    assert journal("people", "quiet", "--tag", "member", "--days", "x").code == 2
    assert journal("people", "quiet", "--tag", "member").code == 2
    assert json.loads(journal("people", "quiet", "--json").out)["ambassador"] == 30


def test_the_ambassadors_of_a_mission_going_quiet_raise_a_signal(tmp_path):
    conn = connect(tmp_path / "j.db")
    add_mission(conn, "M", start=date(2026, 1, 1))
    people.add_person(conn, "Léa", tags=["ambassador"], missions=["M"])
    people.add_person(conn, "Ana", tags=["ambassador"], missions=["M"])
    entries.log_entry(conn, "dm", 30, day=date(2026, 11, 2), mission="M", with_people="Léa")
    entries.log_entry(conn, "post", 30, day=date(2026, 11, 20), mission="M", activity="content")

    def found(end: date) -> dict:
        ind = compute(conn, month_period(2026, 11), mission="M", today=end)
        return {s.id: s for s in signals(conn, ind, "fr")}

    signal = found(date(2026, 11, 30))["ambassadors_quiet"]  # 28 days since Léa, Ana never
    assert signal.values == {"mission": "M", "ambassadors": ["Ana", "Léa"], "days": 14}
    entries.log_entry(conn, "dm", 10, day=date(2026, 11, 25), mission="M", with_people="Ana")
    assert "ambassadors_quiet" not in found(date(2026, 11, 30))


def test_missions_figures_are_dated_per_month(journal):
    result = journal(
        "missions",
        "figures",
        "Boulangerie Dupont",
        "--month",
        "2026-10",
        "--followers",
        "3 500",
        "--interacting",
        "50",
    )
    assert result.code == 0, result.err
    journal("missions", "figures", "Boulangerie Dupont", "--followers", "3600")
    journal("missions", "figures", "Boulangerie Dupont", "--interacting", "140")
    series = json.loads(journal("missions", "figures", "Boulangerie Dupont", "--json").out)
    assert series == [
        {"month": "2026-10", "followers": 3500, "interacting": 50, "ratio": round(50 / 3500, 4)},
        {"month": "2026-11", "followers": 3600, "interacting": 140, "ratio": round(140 / 3600, 4)},
    ]
    assert (
        journal("missions", "figures", "Boulangerie Dupont", "--month", "treize", "--followers", "1").code
        == 2
    )
    assert journal("missions", "figures", "Boulangerie Dupont", "--followers", "-4").code == 2
    assert journal("missions", "figures", "Nulle part", "--followers", "4").code == 2
    missions = json.loads(journal("missions", "list", "--json").out)
    assert missions[0]["followers"] == 3600  # the latest month noted
    journal("log", "dm", "-d", "10", "-m", "Boulangerie Dupont")
    stats = json.loads(journal("stats", "--month", "2026-11", "--json").out)
    assert stats["platform"] == [{"mission": "Boulangerie Dupont", "months": series}]
    assert stats["followers"] == 3600
    october = json.loads(journal("stats", "--month", "2026-10", "--json").out)
    assert october["platform"] == []  # no work on the mission in October


def test_missions_edit_followers_notes_this_months_figure(journal, db_path):
    assert journal("missions", "edit", "Boulangerie Dupont", "--followers", "2400").code == 0
    figures = table_rows(db_path, "mission_figures")
    assert [(f["month"], f["followers"]) for f in figures] == [("2026-11", 2400)]


def _person(name: str, **kw) -> Person:
    return Person(id=hash(name), uid=name, name=name, **kw)


def test_search_as_you_type_finds_starts_first_without_accents_or_at():
    index = people.PeopleIndex(
        [
            _person("Marc du forum", platform="forum"),
            _person("@léa.cuisine", tags=("ambassador",)),
            _person("Salomé", note="parle de léa"),
            _person("Annelea"),
        ]
    )
    assert [p.name for p in index.search("lea")] == ["@léa.cuisine", "Annelea", "Salomé"]
    assert index.search("@Léa")[0].name == "@léa.cuisine"
    assert [p.name for p in index.search("ambass")] == ["@léa.cuisine"]
    assert [p.name for p in index.search("marc forum")] == ["Marc du forum"]
    assert len(index.search("")) == 4 and index.search("", limit=2) == index.people[:2]


def test_due_dates_look_forward():
    wednesday = date(2026, 11, 25)
    assert parse_due_date("vendredi", wednesday) == date(2026, 11, 27)
    assert parse_due_date("mercredi", wednesday) == wednesday
    assert parse_due_date("demain", wednesday) == date(2026, 11, 26)
    assert parse_due_date("04/12", wednesday) == date(2026, 12, 4)


def test_every_people_command_has_help_in_both_languages(cli):
    for command in (
        ["people"],
        ["people", "add"],
        ["people", "list"],
        ["people", "show"],
        ["people", "forget"],
        ["people", "follow"],
        ["people", "done"],
        ["people", "waiting"],
        ["people", "quiet"],
        ["idea"],
        ["ideas"],
        ["missions", "figures"],
    ):
        for lang in ("fr", "en"):
            result = cli("--lang", lang, *command, "--help")
            assert result.code == 0 and "cm-coach" in result.out, (command, lang)


def test_the_demo_has_a_believable_community(cli, tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    assert cli("demo", "--years", "1", db=first).code == 0
    assert cli("demo", "--years", "1", db=second).code == 0
    names = [p["name"] for p in table_rows(first, "people")]
    assert names == [p["name"] for p in table_rows(second, "people")]  # seeded
    assert 200 <= len(names) <= 600 and len({n.casefold() for n in names}) == len(names)
    tags = [p["tags"] for p in table_rows(first, "people")]
    assert tags.count("ambassador") >= 10 and tags.count("client_contact") >= 3
    assert len(table_rows(first, "entry_people")) > 1000
    follow_ups = table_rows(first, "follow_ups")
    assert sum(1 for f in follow_ups if f["done"] is None) >= 5
    ideas = table_rows(first, "ideas")
    assert len(ideas) > 20 and any(i["entry_id"] for i in ideas) and any(not i["entry_id"] for i in ideas)
    months = {(f["mission_id"], f["month"]) for f in table_rows(first, "mission_figures")}
    assert len(months) >= 12
    stats = json.loads(cli("stats", "--month", "--json", db=first).out)
    assert stats["people"]["exchanged_with"] > 20 and stats["people"]["relationships"] > 5
    assert {"few_interacting", "ambassadors_quiet"} <= {s["id"] for s in stats["signals"]}
    waiting = json.loads(cli("people", "waiting", "--json", db=first).out)
    assert waiting["waiting"] and waiting["quiet"]


def test_people_list_quick_path_prints_what_the_full_command_prints(journal, db_path, capsys):
    from cm_coach.cli import _people_list_quickly
    from cm_coach.store import copies, db, probe

    journal("log", "dm", "-d", "10", "--date", "2026-11-20", "--with", "lea, marc")
    journal("people", "follow", "lea", "relancer")
    for name in ("Zoé", "Anna", "Bruno"):
        assert journal("people", "add", name, "--tags", "member" if name == "Anna" else "").code == 0
    journal("log", "live", "-d", "10", "--date", "2026-11-02", "--with", "Anna")
    full = journal("people", "list", "--search", "")  # a filter: the full path
    quick = journal("people", "list")
    assert quick.out == full.out and "✉" in quick.out
    # the latest exchange first, a tie by name, then those never met, by name
    order = [line.split()[0] for line in quick.out.splitlines()[1:-1]]
    assert order == ["@lea.cuisine", "Marc", "Anna", "Bruno", "Zoé"]
    assert json.loads(journal("people", "list", "--json").out) == json.loads(
        journal("people", "list", "--json", "--search", "").out
    )
    assert _people_list_quickly(["--db", str(db_path), "people", "list"], "fr") == 0  # it was taken
    capsys.readouterr()
    assert _people_list_quickly(["--db", str(db_path), "people", "list", "--tag", "x"], "fr") is None
    assert _people_list_quickly(["--db", str(db_path.with_name("nothing.db")), "people"], "fr") is None
    assert probe.SCHEMA_VERSION == db.CURRENT_SCHEMA_VERSION
    day = date(2026, 11, 25)
    assert probe.daily_backup_made(db_path, day) == copies.daily_path(db_path, day).exists() == True  # noqa: E712


def test_last_exchange_in_a_mission_skips_the_other_missions_and_the_days_after(journal, db_path):
    """The quiet ambassadors' read (one person's links newest first, stopping at the first on
    the mission) agrees with the whole mission's read."""
    from cm_coach.store import people as store

    assert journal("missions", "add", "Mairie", "--start", "2026-01-01").code == 0
    for day, mission in (
        ("2026-10-01", "Boulangerie Dupont"),
        ("2026-10-20", "Mairie"),
        ("2026-11-03", "Mairie"),
    ):
        assert journal("log", "dm", "-d", "10", "-m", mission, "--date", day, "--with", "lea, marc").code == 0
    conn = connect(db_path)
    try:
        ids = [row[0] for row in conn.execute("SELECT id FROM people ORDER BY name_key")]
        missions = dict(conn.execute("SELECT name, id FROM missions"))
        for name, until, expected in (
            ("Boulangerie Dupont", date(2026, 11, 25), "2026-10-01"),
            ("Mairie", date(2026, 11, 25), "2026-11-03"),
            ("Mairie", date(2026, 10, 25), "2026-10-20"),
            ("Mairie", date(2026, 10, 5), None),
        ):
            some = store.last_exchanges_in_mission(conn, missions[name], until, ids)
            everyone = store.last_exchanges_in_mission(conn, missions[name], until)
            assert some == everyone
            assert sorted(set(some.values())) == ([expected] if expected else [])
    finally:
        conn.close()


@pytest.mark.parametrize("today", ["2026-11-25", "2026-12-20", "2027-02-01"])
def test_the_quiet_people_read_narrowly_are_those_found_among_everyone(demo_journal, today):
    """The check-in reads only the tagged people's columns, then builds the records of the
    quiet ones: the same people, in the same order, as when everyone is built and looked at
    (a closed mission, a tag turned off and a person never spoken to included)."""
    from cm_coach.core import people
    from cm_coach.store.db import connect, transaction

    conn = connect(demo_journal)
    try:
        with transaction(conn):
            conn.execute(
                "INSERT INTO people (uid, name, name_key, tags) VALUES ('n', 'Nouveau', 'nouveau', 'ambassador')"
            )
            conn.execute("INSERT INTO settings (key, value) VALUES ('quiet_days.creator', '0')")
            conn.execute(
                """UPDATE missions SET "end" = '2026-02-01' WHERE id = (SELECT min(id) FROM missions)"""
            )
        day = date.fromisoformat(today)
        narrow = people.quiet_people(conn, day)
        assert narrow == people.quiet_people(conn, day, people.everyone(conn))
        assert len(narrow) > 3 and any(quiet.days is None for quiet in narrow)
    finally:
        conn.close()


def test_refusals_name_what_is_missing_and_the_way_out_that_exists(cli):
    """An empty idea or follow-up was called "the task"; ``show`` suggested a --new it has not."""
    assert cli("people", "add", "@lea").code == 0
    idea = cli("idea", "")
    assert idea.code == 2 and "L’idée est vide" in idea.err
    follow = cli("people", "follow", "@lea", "")
    assert follow.code == 2 and "Le suivi est vide" in follow.err
    shown = cli("people", "show", "nobody")
    assert shown.code == 2 and "cm-coach people add" in shown.err and "--new" not in shown.err
    logged = cli("log", "répondre", "-d", "10", "--with", "nobody")
    assert logged.code == 2 and "--new" in logged.err  # log has it
