"""CSV timesheet: one row per time entry, a header row of column ids that never change with
the language.

Two dialects: ``excel-fr`` (the French default: ``;``, UTF-8 with a BOM, decimal comma, so
that French Excel opens it as it is) and ``rfc4180`` (the English default: ``,``, no BOM,
decimal point). Rows end with CRLF, fields are quoted when needed. Minutes are whole
numbers; hours are derived from them so that the column adds up to the exact total. A text
cell that a spreadsheet would run as a formula is neutralised unless ``--raw``.
"""

from __future__ import annotations

import csv
import sqlite3
from typing import TextIO

from cm_coach.core.export import register
from cm_coach.core.export.journal import Scope, entry_lines
from cm_coach.core.export.spreadsheet import COLUMNS, default_dialect, neutralise, with_hours
from cm_coach.core.export.to_markdown import activity_label
from cm_coach.core.i18n import t
from cm_coach.store.timeline import snapshot

BOM = "\ufeff"


@register("csv")
def write(conn: sqlite3.Connection, scope: Scope, out: TextIO) -> None:
    """The CSV timesheet of the scope: a row per entry, the column ids first."""
    lang = scope.lang
    dialect = scope.csv_dialect or default_dialect(lang)
    french = dialect == "excel-fr"
    if french:
        out.write(BOM)
    rows = csv.writer(out, delimiter=";" if french else ",", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    rows.writerow(COLUMNS)
    yes, no = t("export.csv.yes", lang), t("export.csv.no", lang)

    def text(value: str | None) -> str:
        return neutralise(value or "", scope.raw)

    with snapshot(conn):
        for row in with_hours(entry_lines(conn, scope)):
            entry = row.entry
            hours = row.hours
            rows.writerow(
                [
                    entry.date.isoformat(),
                    text(entry.mission),
                    text(entry.client),
                    text(entry.task),
                    entry.minutes,
                    hours.replace(".", ",") if french else hours,
                    activity_label(entry.activity, lang),
                    t(
                        f"export.verdict.{'outside_plain' if entry.verdict == 'outside' else entry.verdict}",
                        lang,
                    ),
                    t(f"cli.family.{entry.family}", lang) if entry.family else "",
                    (yes if entry.agreed else no) if entry.verdict == "outside" else "",
                ]
            )
