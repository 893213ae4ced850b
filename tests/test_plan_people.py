"""The people of a plan row (« répondre à @lea sur l'atelier »): stored with the row, found by
the rule of ``log --with``, carried to the entry the row becomes, and through export/import."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from cm_coach.core.checkins import get_checkin, save_checkin
from cm_coach.core.export.journal import Scope
from cm_coach.core.export.to_json import dump
from cm_coach.core.importer import import_file, parse
from cm_coach.core.people import UnknownPeople, add_person, forget_person, named_people
from cm_coach.core.plan import log_plan_row, plan_of, plan_recap, start_plan_row
from cm_coach.core.timer import stop_timer
from cm_coach.models import Checkin, PlanItem
from cm_coach.store.db import connect
from tests.conftest import table_rows

DAY = date(2026, 11, 24)


@pytest.fixture
def journal(db_path):
    conn = connect(db_path)
    add_person(conn, "@lea.cuisine", platform="Instagram")
    add_person(conn, "Marc du forum")
    yield conn
    conn.close()


def plan_with(*rows: tuple[str, tuple[str, ...]]) -> Checkin:
    return Checkin(
        DAY, "kpis-01", "", 60, 3, tuple(PlanItem(task, "keep", with_people=who) for task, who in rows)
    )


def linked_names(db_path: Path) -> list[tuple[str, str]]:
    """``(task, person)`` pairs read straight from the file."""
    tasks = {row["id"]: row["task"] for row in table_rows(db_path, "plan_items")}
    names = {row["id"]: row["name"] for row in table_rows(db_path, "people")}
    return [
        (tasks[row["plan_item_id"]], names[row["person_id"]])
        for row in table_rows(db_path, "plan_item_people")
    ]


def test_a_plan_row_keeps_its_people_by_the_log_rule(journal, db_path):
    saved = save_checkin(
        journal,
        plan_with(("répondre à @lea sur l'atelier", ("lea", "marc du FORUM")), ("écrire le post", ())),
        today=DAY,
    )
    assert linked_names(db_path) == [
        ("répondre à @lea sur l'atelier", "@lea.cuisine"),
        ("répondre à @lea sur l'atelier", "Marc du forum"),
    ]
    assert [item.with_people for item in saved.plan] == [("@lea.cuisine", "Marc du forum"), ()]
    assert [row.with_people for row in plan_of(journal, DAY)] == [("@lea.cuisine", "Marc du forum"), ()]
    # Saved again (the check-in edited): the people stay, once each.
    save_checkin(journal, saved, today=DAY)
    assert len(table_rows(db_path, "plan_item_people")) == 2


def test_an_unknown_name_refuses_the_checkin_with_the_closest_and_writes_nothing(journal, db_path):
    with pytest.raises(UnknownPeople) as refused:
        save_checkin(journal, plan_with(("répondre", ("@lea.cusine", "Zoé"))), today=DAY)
    assert refused.value.names == ["@lea.cusine", "Zoé"]
    assert refused.value.closest["@lea.cusine"] == ["@lea.cuisine"]
    for table in ("checkins", "plan_items", "plan_item_people"):
        assert table_rows(db_path, table) == []
    assert len(table_rows(db_path, "people")) == 2
    save_checkin(journal, plan_with(("répondre", ("Zoé",))), today=DAY, new_people=True)
    assert linked_names(db_path) == [("répondre", "Zoé")]


def test_named_people_checks_a_with_field_before_anything_is_saved(journal, db_path):
    assert named_people(journal, "lea, Marc") == ("@lea.cuisine", "Marc du forum")
    with pytest.raises(UnknownPeople):
        named_people(journal, "Lucie")
    assert len(table_rows(db_path, "people")) == 2
    assert named_people(journal, "Lucie", create=True) == ("Lucie",)
    assert len(table_rows(db_path, "people")) == 3


def test_the_entry_a_plan_row_becomes_is_an_exchange_with_its_people(journal, db_path):
    save_checkin(
        journal,
        plan_with(("répondre à Léa", ("@lea.cuisine",)), ("live avec Marc", ("Marc du forum",))),
        today=DAY,
    )
    first, second = plan_of(journal, DAY)
    logged = log_plan_row(journal, first.id, 20)
    assert logged.entry.with_people == ("@lea.cuisine",)
    timer = start_plan_row(journal, second.id, now=datetime(2026, 11, 24, 14, 0))
    assert timer.people == "Marc du forum"
    stopped = stop_timer(journal, now=datetime(2026, 11, 24, 14, 30))
    exchanges = {(row["entry_id"], row["person_id"]) for row in table_rows(db_path, "entry_people")}
    people = {row["name"]: row["id"] for row in table_rows(db_path, "people")}
    assert exchanges == {
        (logged.entry.id, people["@lea.cuisine"]),
        (stopped.logged.entry.id, people["Marc du forum"]),
    }
    assert len(people) == 2  # nobody created on the way
    recap = plan_recap(journal, date(2026, 11, 25))
    assert recap is not None and (recap.planned, recap.done) == (2, 2)


def test_forgetting_someone_takes_them_off_the_plan_rows(journal, db_path):
    save_checkin(journal, plan_with(("répondre", ("@lea.cuisine", "Marc du forum"))), today=DAY)
    forget_person(journal, "@lea.cuisine")
    assert linked_names(db_path) == [("répondre", "Marc du forum")]
    saved = get_checkin(journal, DAY)
    assert saved is not None and saved.plan[0].with_people == ("Marc du forum",)


def export_all(conn) -> bytes:
    out = io.StringIO(newline="")
    dump(conn, Scope(None, None, "fr", DAY), out)
    return out.getvalue().encode("utf-8")


def test_the_people_of_plan_rows_travel_through_export_and_import(journal, db_path, tmp_path):
    save_checkin(journal, plan_with(("répondre", ("@lea.cuisine", "Marc du forum")), ("post", ())), today=DAY)
    first = export_all(journal)
    data = json.loads(first)
    assert len(data["plan_item_people"]) == 2
    other = connect(tmp_path / "other.db")
    try:
        import_file(other, tmp_path / "other.db", parse(first, "all.json"))
        assert sorted(linked_names(tmp_path / "other.db")) == sorted(linked_names(db_path))
        assert json.loads(export_all(other))["plan_item_people"] == data["plan_item_people"]
        # Imported again into a journal that planned the day its own way: its plan is kept whole.
        planned = connect(tmp_path / "planned.db")
        try:
            save_checkin(
                planned,
                Checkin(DAY, "kpis-01", "", None, None, (PlanItem("autre chose", "keep"),)),
                today=DAY,
            )
            report = import_file(planned, tmp_path / "planned.db", parse(first, "all.json"))
            assert report.tables["plan_item_people"] == (0, 2)
            assert [row["task"] for row in table_rows(tmp_path / "planned.db", "plan_items")] == [
                "autre chose"
            ]
            assert table_rows(tmp_path / "planned.db", "plan_item_people") == []
        finally:
            planned.close()
    finally:
        other.close()
