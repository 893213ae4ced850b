"""CSV: one row per time entry, RFC 4180 (CRLF, quoted when needed), UTF-8, a header row.

Columns a spreadsheet or a timesheet tool takes as they are: date, mission, client, task,
minutes, hours as a decimal (point separator), activity, verdict, family, agreed.
"""

from __future__ import annotations

import csv
import sqlite3
from typing import TextIO

from cm_coach.core.export import register
from cm_coach.core.export.journal import Scope, entry_lines
from cm_coach.core.export.to_markdown import activity_label
from cm_coach.core.i18n import t
from cm_coach.store.timeline import snapshot

COLUMNS = ("date", "mission", "client", "task", "minutes", "hours", "activity", "verdict", "family", "agreed")


@register("csv")
def write(conn: sqlite3.Connection, scope: Scope, out: TextIO) -> None:
    lang = scope.lang
    rows = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    rows.writerow([t(f"export.csv.{column}", lang) for column in COLUMNS])
    yes, no = t("export.csv.yes", lang), t("export.csv.no", lang)
    with snapshot(conn):
        for entry in entry_lines(conn, scope):
            rows.writerow(
                [
                    entry.date.isoformat(),
                    entry.mission or "",
                    entry.client or "",
                    entry.task,
                    entry.minutes,
                    f"{entry.minutes / 60:.2f}",
                    activity_label(entry.activity, lang),
                    t(
                        f"export.verdict.{'outside_plain' if entry.verdict == 'outside' else entry.verdict}",
                        lang,
                    ),
                    t(f"cli.family.{entry.family}", lang) if entry.family else "",
                    (yes if entry.agreed else no) if entry.verdict == "outside" else "",
                ]
            )
