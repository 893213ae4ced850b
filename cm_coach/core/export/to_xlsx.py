"""XLSX timesheet (XlsxWriter): a summary sheet, then one sheet per mission with a row per
entry and a total row, ready to attach to an invoice.

Dates are real dates, minutes whole numbers and hours decimal numbers that Excel, LibreOffice
or Numbers can sum (the total rows are ``SUM`` formulas, with their values cached for readers
that do not compute). With a rate on the mission, an amount column too. Every text is written
as a string cell, so a task starting with ``=`` is never run as a formula.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import BinaryIO

from cm_coach.core.dates import format_period
from cm_coach.core.export import register
from cm_coach.core.export.journal import EntryLine, Scope, entry_lines, resolve_period
from cm_coach.core.export.spreadsheet import with_hours
from cm_coach.core.export.to_markdown import activity_label, verdict_label
from cm_coach.core.i18n import t
from cm_coach.core.numbers import hours_value
from cm_coach.core.rates import amount
from cm_coach.models import Mission
from cm_coach.store.timeline import snapshot

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class MissionSheet:
    """The entries of one mission (or of none), for its own worksheet."""

    name: str | None
    mission: Mission | None
    entries: list[EntryLine] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        """The sheet's minutes, all entries together."""
        return sum(e.minutes for e in self.entries)


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet name: at most 31 characters, none of ``[]:*?/\\``."""
    base = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'") or "-"
    base = base[:31]
    candidate, number = base, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.casefold())
    return candidate


@register("xlsx", binary=True)
def write(conn: sqlite3.Connection, scope: Scope, out: BinaryIO) -> None:
    """The XLSX timesheet of the scope: a summary sheet, then a sheet per mission with its total row (and
    amounts when the mission has a rate)."""
    import xlsxwriter

    from cm_coach.core.missions import list_missions

    lang = scope.lang
    with snapshot(conn):
        period = resolve_period(conn, scope)
        known = {m.name: m for m in list_missions(conn)}
        sheets: dict[str | None, MissionSheet] = {}
        for entry in entry_lines(conn, scope):
            if entry.mission not in sheets:
                sheets[entry.mission] = MissionSheet(entry.mission, known.get(entry.mission or ""))
            sheets[entry.mission].entries.append(entry)
    ordered = sorted(sheets.values(), key=lambda s: (s.name is None, (s.name or "").casefold()))

    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties(  # dated by the export's day, not the clock: the same journal gives the same bytes
        {
            "title": t("timesheet.title", lang, period=format_period(period, lang)),
            "author": "cm-coach",
            "created": datetime.combine(scope.today, time(0, 0)),
        }
    )
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format({"bold": True, "bottom": 1, "bg_color": "#eef1f4", "text_wrap": True})
    day = book.add_format({"num_format": "dd/mm/yyyy" if lang == "fr" else "yyyy-mm-dd", "align": "left"})
    whole = book.add_format({"num_format": "0"})
    hours = book.add_format({"num_format": "0.00"})
    money = book.add_format({"num_format": "#,##0.00"})
    total_label = book.add_format({"bold": True, "top": 1})
    total_whole = book.add_format({"bold": True, "top": 1, "num_format": "0"})
    total_hours = book.add_format({"bold": True, "top": 1, "num_format": "0.00"})
    total_money = book.add_format({"bold": True, "top": 1, "num_format": "#,##0.00"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    taken: set[str] = set()
    summary = book.add_worksheet(sheet_name(t("timesheet.summary", lang), taken))
    summary.write_string(0, 0, t("timesheet.title", lang, period=format_period(period, lang)), title)
    labels = ["mission", "client", "minutes", "hours", "rate", "amount"]
    for column, key in enumerate(labels):
        summary.write_string(2, column, t(f"timesheet.col.{key}", lang), head)
    summary.set_column(0, 1, 28)
    summary.set_column(2, 5, 12)

    grand_minutes = 0
    grand_amount = Decimal(0)
    for index, sheet in enumerate(ordered):
        mission = sheet.mission
        label = sheet.name or t("export.no_mission", lang)
        rated = mission is not None and mission.rate is not None
        page = book.add_worksheet(sheet_name(label, taken))
        page.write_string(0, 0, label, title)
        subtitle = format_period(period, lang)
        if mission and mission.client:
            subtitle = f"{mission.client} — {subtitle}"
        page.write_string(1, 0, subtitle)
        columns = ["date", "task", "activity", "verdict", "minutes", "hours"] + (["amount"] if rated else [])
        for column, key in enumerate(columns):
            page.write_string(3, column, t(f"timesheet.col.{key}", lang), head)
        page.set_column(0, 0, 11)
        page.set_column(1, 1, 52)
        page.set_column(2, 3, 18)
        page.set_column(4, 6, 10)
        page.freeze_panes(4, 0)
        first = 4
        row = first
        running_amount = Decimal(0)
        minutes_so_far = 0
        for line in with_hours(iter(sheet.entries)):
            entry = line.entry
            page.write_datetime(row, 0, _as_datetime(entry.date), day)
            page.write_string(row, 1, entry.task, wrap)
            page.write_string(row, 2, activity_label(entry.activity, lang))
            page.write_string(row, 3, verdict_label(entry, lang))
            page.write_number(row, 4, entry.minutes, whole)
            page.write_number(row, 5, line.hundredths / 100, hours)
            if rated:
                assert mission is not None and mission.rate is not None
                minutes_so_far += entry.minutes
                so_far = amount(minutes_so_far, mission.rate, mission.rate_unit)
                page.write_number(row, 6, float(so_far - running_amount), money)
                running_amount = so_far
            row += 1
        last = row - 1
        page.write_string(row, 3, t("timesheet.total", lang), total_label)
        page.write_formula(row, 4, f"=SUM(E{first + 1}:E{last + 1})", total_whole, sheet.minutes)
        page.write_formula(
            row, 5, f"=SUM(F{first + 1}:F{last + 1})", total_hours, float(hours_value(sheet.minutes))
        )
        if rated:
            page.write_formula(row, 6, f"=SUM(G{first + 1}:G{last + 1})", total_money, float(running_amount))

        at = 3 + index
        summary.write_string(at, 0, label)
        summary.write_string(at, 1, mission.client if mission and mission.client else "")
        summary.write_number(at, 2, sheet.minutes, whole)
        summary.write_number(at, 3, float(hours_value(sheet.minutes)), hours)
        if rated:
            assert mission is not None and mission.rate is not None
            unit = t(f"report.per.{mission.rate_unit or 'hour'}", lang)
            summary.write_string(at, 4, f"{mission.rate:g} {unit}")
            summary.write_number(at, 5, float(running_amount), money)
            grand_amount += running_amount
        grand_minutes += sheet.minutes
    at = 3 + len(ordered)
    summary.write_string(at, 0, t("timesheet.total", lang), total_label)
    if ordered:
        summary.write_formula(at, 2, f"=SUM(C4:C{at})", total_whole, grand_minutes)
        summary.write_formula(at, 3, f"=SUM(D4:D{at})", total_hours, float(hours_value(grand_minutes)))
        summary.write_formula(at, 5, f"=SUM(F4:F{at})", total_money, float(grand_amount))
    else:
        summary.write_string(at + 1, 0, t("export.nothing", lang), bold)
    book.close()


def _as_datetime(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)
