"""The People section (F7), the log's « avec qui », the check-in's people, figures and the idea key (F8)."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable

from cm_coach.core import entries, people
from cm_coach.store.db import connect
from tests.conftest import table_rows
from tests.tui.helpers import settle, until


def seed(path) -> None:
    conn = connect(path)
    try:
        people.add_person(
            conn, "@lea.cuisine", platform="Instagram", tags=["ambassador"], missions=["Maison Lune"]
        )
        people.add_person(conn, "Marc du forum", platform="forum")
        people.add_person(conn, "Salomé", note="parle souvent de Léa")
        entries.log_entry(
            conn, "répondre", 20, day=date(2026, 11, 20), mission="Maison Lune", with_people="lea"
        )
    finally:
        conn.close()


def names(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_search_as_you_type_narrows_the_list_and_shows_the_person(journal, app_for):
    seed(journal)
    app = app_for(journal, mode="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert names(app)[0] == "@lea.cuisine"  # the most recent exchange first
        assert len(names(app)) == 3
        app.screen.query_one("#people-search").value = "léa"
        await settle(pilot)
        assert names(app) == ["@lea.cuisine", "Salomé"]  # the name first, then the note
        detail = str(app.screen.query_one("#people-detail-text").render())
        assert "@lea.cuisine" in detail and "répondre" in detail
        app.screen.query_one("#people-search").value = "zzz"
        await settle(pilot)
        assert names(app) == []


async def test_add_follow_up_and_forget_from_the_screen(journal, app_for):
    seed(journal)
    app = app_for(journal, mode="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#people-search").value = "Zoé"
        await settle(pilot)
        app.screen.query_one(DataTable).focus()
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#person-name").value == "Zoé"  # what was searched for
        dialog.query_one("#person-tags").value = "ambassador, member"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {p["name"] for p in table_rows(journal, "people")} == {
            "@lea.cuisine",
            "Marc du forum",
            "Salomé",
            "Zoé",
        }
        assert names(app) == ["Zoé"]

        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#follow-text").value = "lui envoyer le règlement"
        app.screen.query_one("#follow-due").value = "vendredi"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [follow_up] = table_rows(journal, "follow_ups")
        assert follow_up["text"] == "lui envoyer le règlement" and follow_up["due"] == "2026-11-27"
        await pilot.press("d")
        await settle(pilot)
        assert table_rows(journal, "follow_ups")[0]["done"] == "2026-11-25"

        await pilot.press("delete")
        await pilot.pause()
        await pilot.click("#people-dialog-apply")
        await settle(pilot)
        assert "Zoé" not in {p["name"] for p in table_rows(journal, "people")}
        assert table_rows(journal, "follow_ups") == []


async def test_done_acts_on_the_person_under_the_cursor_before_their_detail_is_read(
    journal, app_for, monkeypatch
):
    import threading

    from cm_coach.tui.screens import people as people_screen

    seed(journal)
    conn = connect(journal)
    try:
        people.add_follow_up(conn, "@lea.cuisine", "lui renvoyer le brief")
        people.add_follow_up(conn, "Marc du forum", "répondre sur le fil des horaires")
    finally:
        conn.close()
    release = threading.Event()
    read_detail = people_screen.load_detail

    def slow_for_marc(conn, person):  # Marc's detail stays unread until the test says so
        if person.name == "Marc du forum":
            release.wait(timeout=30)
        return read_detail(conn, person)

    monkeypatch.setattr(people_screen, "load_detail", slow_for_marc)
    app = app_for(journal, mode="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.detail.person.name == names(app)[0] == "@lea.cuisine"
        table = screen.query_one(DataTable)
        table.focus()
        table.move_cursor(row=names(app).index("Marc du forum"))
        await pilot.pause(0)
        assert screen.selected().name == "Marc du forum"
        assert screen.detail.person.name == "@lea.cuisine"  # the pane still shows Léa
        await pilot.press("d")
        await until(pilot, lambda: any(row["done"] for row in table_rows(journal, "follow_ups")))
        release.set()
        await settle(pilot)
        done = {row["text"]: row["done"] for row in table_rows(journal, "follow_ups")}
        assert done == {"lui renvoyer le brief": None, "répondre sur le fil des horaires": "2026-11-25"}


async def test_f8_notes_an_idea_from_any_section_and_offers_to_create_its_author(journal, app_for):
    seed(journal)
    app = app_for(journal, mode="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#idea-text").value = "un atelier pour les enfants"
        dialog.query_one("#idea-from").value = "Nina"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Nina" in str(app.screen.query_one("#confirm-question").render())
        await pilot.click("#people-dialog-apply")
        await settle(pilot)
        [idea] = table_rows(journal, "ideas")
        assert idea["text"] == "un atelier pour les enfants"
        assert {p["name"] for p in table_rows(journal, "people")} >= {"Nina"}


async def test_f8_shows_its_dialog_at_once_and_completes_names_once_read(journal, app_for, monkeypatch):
    """The dialog is pushed by the key itself, not after a read of the journal: the names it
    completes are read by the dialog once shown."""
    import threading

    from cm_coach.tui import reads
    from cm_coach.tui.screens.people_forms import IdeaFormScreen
    from cm_coach.tui.widgets.people_input import PeopleInput

    seed(journal)
    release = threading.Event()
    read_names = reads.people_names

    def slow_names(conn):  # the names stay unread until the test says so
        release.wait(timeout=30)
        return read_names(conn)

    monkeypatch.setattr(reads, "people_names", slow_names)
    app = app_for(journal, mode="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, IdeaFormScreen))  # names still unread
        field = app.screen.query_one("#idea-from", PeopleInput)
        assert field.people.names == []
        release.set()
        await until(pilot, lambda: "Marc du forum" in field.people.names)
        field.focus()
        await pilot.press(*"Mar")
        await settle(pilot)  # the suggestion is asked for in the input's own worker
        await pilot.press("right")  # → takes the grey completion
        assert field.value == "Marc du forum"


async def test_the_with_field_completes_known_names():
    from cm_coach.tui.widgets.people_input import PeopleSuggester

    suggester = PeopleSuggester()
    suggester.set_names(["@lea.cuisine", "Marc du forum", "Marc-André"])
    assert await suggester.get_suggestion("@le") == "@lea.cuisine"
    assert await suggester.get_suggestion("@lea.cuisine, ma") == "@lea.cuisine, marc du forum"
    assert await suggester.get_suggestion("Marc du forum, Marc") == "Marc du forum, Marc-André"
    assert await suggester.get_suggestion("zz") is None


async def test_log_with_people_links_them_and_offers_to_create_the_unknown(journal, app_for):
    seed(journal)
    app = app_for(journal, mode="log")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "@lea.cuisine" in screen.query_one("#log-with").people.names
        screen.query_one("#log-task").value = "live questions-réponses"
        screen.query_one("#log-with").value = "lea, Zoé"
        screen.query_one("#log-duration").value = "45"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Zoé" in str(app.screen.query_one("#confirm-question").render())
        assert len(table_rows(journal, "entries")) == 1  # nothing written before the answer
        await pilot.click("#people-dialog-apply")
        await settle(pilot)
        assert len(table_rows(journal, "entries")) == 2
        linked = {row["person_id"] for row in table_rows(journal, "entry_people")}
        by_name = {p["name"]: p["id"] for p in table_rows(journal, "people")}
        assert {by_name["@lea.cuisine"], by_name["Zoé"]} <= linked
        assert app.screen.query_one("#log-with").value == ""


async def test_the_checkin_shows_who_is_waiting_who_went_quiet_and_offers_ideas(journal, app_for):
    from cm_coach.tui.widgets.plan import PlanRow

    seed(journal)
    conn = connect(journal)
    try:
        people.add_follow_up(conn, "Marc du forum", "envoyer le règlement", due=date(2026, 11, 24))
        people.add_idea(conn, "un atelier pour les enfants", day=date(2026, 11, 23), person="Salomé")
        people.add_person(conn, "Ana", tags=["ambassador"], missions=["Maison Lune"])  # never spoken to
    finally:
        conn.close()
    app = app_for(journal, mode="checkin")
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        shown = str(app.screen.query_one("#people-today").render())
        assert "Marc du forum" in shown and "envoyer le règlement" in shown
        assert (
            "Ana" in shown and "@lea.cuisine" not in shown
        )  # Léa was met 5 days ago; an ambassador's N is 14
        assert (
            "pour le 24\u00a0novembre" in shown and "2026-11-24" not in shown
        )  # as the People screen says it
        await pilot.click(".idea-button")
        await settle(pilot)
        tasks = [row.item.task for row in app.screen.query(PlanRow)]
        assert tasks == ["un atelier pour les enfants (idée de Salomé)"]


async def test_the_checkin_says_when_its_people_cannot_be_read(journal, app_for, monkeypatch):
    from cm_coach.errors import CoachError

    def refused(conn, today, **_options):
        raise CoachError("errors.db_not_sqlite", path=str(journal))

    monkeypatch.setattr(people, "morning", refused)
    app = app_for(journal, mode="checkin")
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        line = app.screen.query_one("#checkin-message")
        assert line.has_class("-error")
        assert "pas un journal cm-coach lisible" in str(line.render())


async def test_the_missions_screen_notes_a_months_platform_figures(journal, app_for):
    app = app_for(journal, mode="missions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#figures-month").value == "2026-11"
        dialog.query_one("#figures-followers").value = "3 600"
        dialog.query_one("#figures-interacting").value = "140"
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = [
            (r["month"], r["followers"], r["interacting"]) for r in table_rows(journal, "mission_figures")
        ]
        assert ("2026-11", 3600, 140) in rows


async def test_f8_on_a_journal_without_missions_opens_the_idea_dialog(tmp_path, app_for):
    """The mission list is then empty: the dialog must open with nothing selected, not crash."""
    from cm_coach.store.db import connect

    empty = tmp_path / "empty.db"
    connect(empty).close()
    app = app_for(empty, mode="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert app.screen.query_one("#idea-text").has_focus


async def test_people_shown_again_unchanged_keep_their_list_and_cursor_and_changes_show(journal, app_for):
    """Back on People with nothing changed meanwhile, the list is not built again (the cursor
    stays where it was); with an exchange logged meanwhile, the list is read and shown anew."""
    seed(journal)
    app = app_for(journal, mode="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(DataTable)
        table.move_cursor(row=2)
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert app.screen is screen and table.cursor_row == 2
        conn = connect(journal)
        try:
            entries.log_entry(
                conn, "appel", 15, day=date(2026, 11, 24), mission="Maison Lune", with_people="Marc"
            )
        finally:
            conn.close()
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert names(app)[0] == "Marc du forum"  # the most recent exchange first
