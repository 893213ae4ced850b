"""The People key's reads (issue 16, point 7): everyone by index seeks, read again only
into a new list when something changed, a person's page by id, the search keys folded at
the first search."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable

from cm_coach.core import entries, people
from cm_coach.models import name_key
from cm_coach.store import people as store
from cm_coach.store import queries
from cm_coach.store.db import connect
from tests.tui.conftest import TODAY
from tests.tui.helpers import settle, until


@pytest.fixture
def crowded(demo_journal):
    """A year of demo work (a copy of the worker's), then people who tie on their last day
    (their order is by name), people never spoken to, accents, a mission and an open follow-up."""
    path = demo_journal
    conn = connect(path)
    try:
        mission = queries.missions(conn)[0].name
        for name in ("zoé du live", "Bastien", "@anna.k", "Émile"):
            people.add_person(conn, name, missions=[mission] if name == "Bastien" else ())
        for name in ("zoé du live", "Bastien", "@anna.k"):
            entries.log_entry(conn, "répondre", 10, day=date(2026, 11, 24), with_people=name)
        people.add_follow_up(conn, "Bastien", "lui envoyer le lien")
    finally:
        conn.close()
    return path


def grouped(conn) -> list[people.Person]:
    """Everyone as the GROUP BY over every exchange reads them (the one-person read)."""
    return [people._person(row) for row in store.person_summaries(conn)]


def test_everyone_is_the_grouped_summary_in_its_order(crowded):
    conn = connect(crowded)
    try:
        found = people.everyone(conn)
        assert found == grouped(conn)
        assert people.list_people(conn) == found
        assert people.names_by_recency(conn) == [p.name for p in found]
    finally:
        conn.close()
    tied = [p.name for p in found if p.last_exchange == date(2026, 11, 24)]
    assert {"@anna.k", "Bastien", "zoé du live"} <= set(tied)
    assert tied == sorted(tied, key=name_key)  # the same day: by name
    assert found[-1].last_exchange is None and found[-1].exchanges == 0
    bastien = next(p for p in found if p.name == "Bastien")
    assert len(bastien.missions) == 1 and bastien.open_follow_ups == 1


def test_two_reads_of_everyone_are_equal_until_something_changes(crowded):
    conn = connect(crowded)
    try:
        before = people.read_everyone(conn)
        assert people.read_everyone(conn) == before and before.people == people.everyone(conn)
        for change in (
            lambda: entries.log_entry(conn, "live", 30, day=TODAY, with_people="Émile"),
            lambda: people.edit_person(conn, "Émile", note="vient du live"),
            lambda: people.complete_follow_up(conn, people.follow_ups(conn, "Bastien")[0].id, TODAY),
        ):
            change()
            after = people.read_everyone(conn)
            assert after != before and after.people == people.everyone(conn) != before.people
            before = after
    finally:
        conn.close()


def test_a_persons_page_is_read_by_id_and_a_person_gone_meanwhile_is_refused(crowded):
    conn = connect(crowded)
    try:
        bastien = next(p for p in people.everyone(conn) if p.name == "Bastien")
        person, follow_ups, ideas, history = people.person_page(
            conn, bastien, ideas_limit=5, history_limit=12
        )
        assert person == people.require_person(conn, "Bastien")
        assert follow_ups == people.follow_ups(conn, "Bastien", open_only=False)
        assert ideas == people.ideas(conn, person="Bastien", unused_only=False, limit=5)
        assert history == people.person_history(conn, "Bastien", limit=12)
        people.forget_person(conn, "Bastien")
        with pytest.raises(people.UnknownPeople):
            people.person_page(conn, bastien)
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("zoe", ["zoé du live"]), ("EMILE", ["Émile"]), ("anna", ["@anna.k"]), ("lien maison", [])],
)
def test_the_search_folds_accents_and_case_at_its_first_search(typed, expected):
    crowd_index = people.PeopleIndex(
        [
            people.Person(1, "a", "zoé du live"),
            people.Person(2, "b", "Émile", note="Vient du LIVE"),
            people.Person(3, "c", "@anna.k", missions=("Maison Lune",)),
        ]
    )
    assert crowd_index.search("") == crowd_index.people  # no search typed: everyone, nothing folded
    assert [p.name for p in crowd_index.search(typed)] == expected
    assert [p.name for p in crowd_index.search("live")] == ["zoé du live", "Émile"]  # name, then note


async def test_people_shown_again_keep_their_list_until_someone_changes(crowded, app_for):
    """F7 again with nothing changed: the list read at once and found the same (its rows are
    not built again); someone added from the command line meanwhile is in the next one."""
    app = app_for(crowded, mode="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await until(pilot, lambda: getattr(app.screen, "loaded", False))
        await settle(pilot)
        screen = app.screen
        listed = screen.people
        for _ in range(2):
            await pilot.press("f4")
            await settle(pilot)
            await pilot.press("f7")
            await settle(pilot)
        assert screen.people is listed
        assert app.reads_at_once["people-load"] >= 1  # quick enough to be read before the switch
        conn = connect(crowded)
        try:
            people.add_person(conn, "Nina du stand")
        finally:
            conn.close()
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert screen.people is not listed and "Nina du stand" in [p.name for p in screen.people]
        table = screen.query_one(DataTable)
        shown = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert shown == [p.name for p in screen.people][: len(shown)]
