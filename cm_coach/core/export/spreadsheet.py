"""What the CSV and XLSX timesheets share: stable column ids, the hours derived from whole
minutes so that totals add up exactly, and cells that a spreadsheet never runs as formulas.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cm_coach.core.export.journal import EntryLine
from cm_coach.core.numbers import hundredths

# Column ids: the same in every language (a script or a timesheet tool can rely on them).
COLUMNS = ("date", "mission", "client", "task", "minutes", "hours", "activity", "verdict", "family", "agreed")

# excel-fr: what French Excel opens as it is (";", UTF-8 with a BOM, decimal comma);
# rfc4180: the standard (",", no BOM, decimal point).
CSV_DIALECTS = ("excel-fr", "rfc4180")

# OWASP's CSV injection rule: a cell that starts with one of these may be run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def default_dialect(lang: str) -> str:
    """The CSV dialect a language gets unless the user chooses one (``--csv``): French Excel's
    for French, RFC 4180 for English."""
    return "excel-fr" if lang == "fr" else "rfc4180"


def neutralise(text: str, raw: bool = False) -> str:
    """A text cell that no spreadsheet will run: a leading ``'`` before = + - @ tab or CR
    (OWASP's rule; spreadsheets show the text, not the quote). ``raw`` keeps it exact."""
    if raw or not text or not text.startswith(FORMULA_STARTS):
        return text
    return "'" + text


@dataclass(frozen=True)
class TimesheetRow:
    """An entry with its hours, as the CSV and the XLSX timesheets write it."""

    entry: EntryLine
    hundredths: int  # this row's hours × 100: its share of the running total, so the column sums exactly

    @property
    def hours(self) -> str:
        """``1.25``: the row's hours with two decimals (a point; the CSV swaps it for a comma)."""
        return f"{self.hundredths // 100}.{self.hundredths % 100:02d}"


def with_hours(entries: Iterator[EntryLine]) -> Iterator[TimesheetRow]:
    """Each entry with its hours, rounded on the running total (not row by row): the hours
    column always adds up to the total minutes / 60 rounded to 0.01, whatever the rows
    (rounded row by row, 91 h 00 could come out as 90.98 h). Each row stays within 0.01 h
    of its exact value; one pass, nothing held in memory."""
    minutes_so_far = 0
    hundredths_so_far = 0
    for entry in entries:
        minutes_so_far += entry.minutes
        total = hundredths(minutes_so_far)
        yield TimesheetRow(entry, total - hundredths_so_far)
        hundredths_so_far = total
