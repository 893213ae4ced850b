"""A table filled with its columns already as wide as their widest cell.

Textual sizes a ``DataTable``'s columns to their cells on the table's next idle moment, and a
line drawn before that, with each column as wide as its heading, stays in the table's cache
and is drawn again afterwards: on a loaded machine the Missions section showed ``Associa``
for "Association Les Jardins" until the cursor moved. Sized before the rows go in, every line
is drawn at its final width from the first frame on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

Cell = str | Text


def fill_table(
    table: DataTable,
    columns: Sequence[tuple[str, str]],
    rows: Iterable[tuple[Sequence[Cell], str | None]],
) -> None:
    """Replace the table's columns (``(key, heading)``) and rows (``(cells, row key)``), each
    column as wide as its heading or its widest cell."""
    rows = list(rows)
    widths = [cell_len(heading) for _, heading in columns]
    for cells, _ in rows:
        for index, cell in enumerate(cells):
            widths[index] = max(widths[index], cell_len(cell.plain if isinstance(cell, Text) else cell))
    table.clear(columns=True)
    for (key, heading), width in zip(columns, widths, strict=True):
        table.add_column(heading, key=key, width=width)
    for cells, key in rows:
        table.add_row(*cells, key=key)
