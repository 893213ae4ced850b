"""The invoice-ready timesheet: a CSV that French Excel opens as it is, stable column ids,
hours that add up exactly, formula-safe cells (issue 12, point 13), and an XLSX read back
the way a spreadsheet reads it (openpyxl)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from cm_coach.core import entries, missions
from cm_coach.core.export.spreadsheet import COLUMNS, neutralise
from cm_coach.store.db import connect

# (A task cannot start with a tab or CR: the core folds whitespace; neutralise() is checked for them.)
HOSTILE = ('=HYPERLINK("http://x.example","clic")', "+33 6 12", "-5 abonnés", "@lea_martin merci", "=1+1")


@pytest.fixture
def sheet_journal(db_path):
    conn = connect(db_path)
    try:
        missions.add_mission(conn, "Dupont", client="Dupont SARL", start=date(2026, 1, 1), rate=45)
        missions.add_mission(
            conn, "=Mairie", client="@Ville", start=date(2026, 1, 1), rate="400", rate_unit="day"
        )
        for day in range(1, 21):  # 20 entries of 7 minutes: 140 min = 2.33 h (2.40 h rounded row by row)
            entries.log_entry(
                conn,
                f"répondre aux commentaires {day}",
                7,
                day=date(2026, 10, day),
                mission="Dupont",
                activity="dialogue",
            )
        for index, task in enumerate(HOSTILE):
            entries.log_entry(
                conn, task, 30, day=date(2026, 10, 22 + index), mission="=Mairie", activity="content"
            )
    finally:
        conn.close()
    return db_path


def read_csv(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_french_csv_opens_in_french_excel(cli, sheet_journal):
    text = cli("export", "--month", "2026-10", "-f", "csv").out
    assert text.startswith("\ufeff")  # the BOM tells Excel it is UTF-8
    rows = read_csv(text.removeprefix("\ufeff"), ";")
    assert rows[0] == list(COLUMNS)
    assert all(len(row) == len(COLUMNS) for row in rows)
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert (first["minutes"], first["hours"]) == ("7", "0,12")
    english = cli("--lang", "en", "export", "--month", "2026-10", "-f", "csv").out
    assert not english.startswith("\ufeff")
    assert read_csv(english, ",")[0] == list(COLUMNS)  # ids, whatever the language
    chosen = cli("export", "--month", "2026-10", "-f", "csv", "--csv", "rfc4180").out
    assert read_csv(chosen, ",")[1][5] == "0.12"
    assert cli("export", "-f", "csv", "--csv", "semicolons").code == 2


def test_hours_add_up_to_the_exact_total(cli, sheet_journal):
    rows = read_csv(
        cli("export", "--month", "2026-10", "-f", "csv", "--csv", "rfc4180", "-m", "Dupont").out, ","
    )[1:]
    minutes = sum(int(row[4]) for row in rows)
    hours = sum(Decimal(row[5]) for row in rows)
    assert minutes == 140
    assert hours == Decimal("2.33")  # not 20 × 0.12 = 2.40
    assert all(abs(Decimal(row[5]) - Decimal(int(row[4])) / 60) <= Decimal("0.01") for row in rows)


def test_formula_cells_are_neutralised_unless_raw(cli, sheet_journal):
    rows = read_csv(cli("export", "--month", "2026-10", "-f", "csv", "--csv", "rfc4180").out, ",")[1:]
    tasks = [row[3] for row in rows if row[1].lstrip("'") == "=Mairie"]
    assert tasks == ["'" + task for task in HOSTILE]
    assert {row[1] for row in rows} == {"Dupont", "'=Mairie"}
    assert {row[2] for row in rows} == {"Dupont SARL", "'@Ville"}
    raw = read_csv(cli("export", "--month", "2026-10", "-f", "csv", "--csv", "rfc4180", "--raw").out, ",")[1:]
    assert [row[3] for row in raw if row[1] == "=Mairie"] == list(HOSTILE)
    assert neutralise("répondre = ok") == "répondre = ok"
    assert neutralise("\tcaché") == "'\tcaché" and neutralise("\rretour") == "'\rretour"
    assert neutralise("\tcaché", raw=True) == "\tcaché"
    assert neutralise("") == ""


def test_xlsx_is_a_timesheet_a_spreadsheet_can_sum(cli, sheet_journal, tmp_path):
    target = tmp_path / "octobre.xlsx"
    result = cli("export", "--month", "2026-10", "-f", "xlsx", "-o", str(target))
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(target, data_only=True)
    assert book.sheetnames == ["Récapitulatif", "=Mairie", "Dupont"]
    dupont = book["Dupont"]
    values = list(dupont.iter_rows(min_row=5, values_only=True))
    body, total = values[:-1], values[-1]
    assert len(body) == 20
    assert isinstance(body[0][0], datetime) and body[0][0].date() == date(2026, 10, 1)
    assert all(isinstance(row[4], int) and isinstance(row[5], float) for row in body)
    assert total[4] == 140 and total[5] == pytest.approx(2.33)
    assert sum(Decimal(str(row[5])) for row in body) == Decimal("2.33")
    assert sum(Decimal(str(row[6])) for row in body) == Decimal("104.85")  # 2.33 h billed at 45 an hour
    assert total[6] == pytest.approx(104.85)
    mairie = book["=Mairie"]
    tasks = [row[1] for row in mairie.iter_rows(min_row=5, values_only=True)][:-1]
    assert tasks == list(HOSTILE)  # text cells, never formulas
    formulas = openpyxl.load_workbook(target)
    assert formulas["Dupont"].cell(row=25, column=5).value == "=SUM(E5:E24)"
    assert formulas["=Mairie"].cell(row=5, column=2).data_type == "s"
    summary = list(book["Récapitulatif"].iter_rows(min_row=4, values_only=True))
    assert summary[0][0] == "=Mairie" and summary[0][5] == pytest.approx(0.36 * 400)  # 150 min = 0.36 d
    assert summary[-1][2] == 140 + 150


def test_xlsx_bytes_are_reproducible(cli, sheet_journal, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert cli("export", "--month", "2026-10", "-f", "xlsx", "-o", str(first)).code == 0
    assert cli("export", "--month", "2026-10", "-f", "xlsx", "-o", str(second)).code == 0
    assert first.read_bytes() == second.read_bytes()
