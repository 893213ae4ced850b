"""A table of time entries, keyed by entry id, with edit and delete keys."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable

from cm_coach.core.content import activities
from cm_coach.core.formatting import duration
from cm_coach.core.i18n import t
from cm_coach.models import Entry
from cm_coach.tui.typed import typed_cell
from cm_coach.tui.widgets.verdict import SYMBOLS


class EntriesTable(DataTable):
    """The day's entries: task, duration, activity, mission and verdict; E edits, D deletes, C corrects."""

    BINDINGS = [  # noqa: RUF012
        Binding("e", "edit", "tui.keys.edit", id="entry_edit", tooltip="tui.tips.edit"),
        Binding("delete,d", "delete", "tui.keys.delete", id="entry_delete", tooltip="tui.tips.delete"),
        Binding(
            "c",
            "correct",
            "boundaries.tui.keys.correct",
            id="entry_correct",
            tooltip="boundaries.tui.tips.correct",
        ),
        # Another day of the journal (the log screen's table): ←/→ a day, ⇧←/⇧→ a week.
        Binding("left", "move(-1)", "workday.tui.keys.day_before", show=False, id="entry_day_before"),
        Binding("right", "move(1)", "workday.tui.keys.day_after", show=False, id="entry_day_after"),
        Binding("shift+left", "move(-7)", "workday.tui.keys.week_before", show=False, id="entry_week_before"),
        Binding("shift+right", "move(7)", "workday.tui.keys.week_after", show=False, id="entry_week_after"),
    ]

    class Move(Message):
        """Show the entries ``days`` away from the day shown."""

        def __init__(self, days: int) -> None:
            super().__init__()
            self.days = days

    class Action(Message):
        """The user asked to edit, delete or correct the entry ``entry_id``; the screen does it."""

        def __init__(self, entry_id: int, what: str) -> None:
            super().__init__()
            self.entry_id = entry_id
            self.what = what  # "edit" | "delete" | "correct"

    @classmethod
    def mounted_under(cls, anchor: Widget, table_id: str, lang: str, *, actions: bool = True) -> EntriesTable:
        """The table ``table_id`` right after ``anchor``, mounted the first time it is asked for.

        Screens mount their tables with the first data rather than in ``compose``: a table
        costs the first paint, and before the data it has nothing to show.
        """
        from cm_coach.tui.localize import localized

        found = anchor.screen.query(f"#{table_id}")
        if found:
            return found.first(cls)
        table = localized(cls, lang)(lang, actions=actions, id=table_id)
        table.can_focus = actions  # read-only tables stay out of the focus chain
        anchor.parent.mount(table, after=anchor)
        return table

    def __init__(self, lang: str, *, actions: bool = True, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.lang = lang
        self.actions = actions
        self.shown: list[Entry] | None = None
        self._waiting: list[Entry] | None = None  # entries given before the columns exist
        self._columns_added = False

    def on_mount(self) -> None:
        """The columns, narrower on small terminals; entries given before they existed are shown now."""
        # Narrow terminals: activity and mission are cut short so the task stays readable.
        width = self.app.size.width
        narrow = width < 100
        widths = {
            "task": max(20, width - (47 if narrow else 72)),
            "activity": 12 if narrow else None,
            "mission": 12 if narrow else None,
        }
        for key in ("task", "duration", "activity", "mission", "verdict"):
            self.add_column(t(f"tui.entries.{key}", self.lang), key=key, width=widths.get(key))
        self._columns_added = True
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self.show_entries(waiting)

    def show_entries(self, entries: list[Entry]) -> None:
        """Show ``entries``, the cursor kept on the same entry; the same list is not drawn again."""
        if not self._columns_added:  # just mounted: the rows follow the columns
            self._waiting = list(entries)
            return
        if self.shown == entries:
            return  # nothing changed: keep the table (and its cursor) as it is
        self.shown = list(entries)
        labels = activities()
        selected = self.selected_id()
        self.clear()
        for entry in entries:
            activity = labels[entry.activity].label[self.lang] if entry.activity in labels else entry.activity
            self.add_row(
                typed_cell(entry.task),
                duration(entry.minutes, self.lang),
                activity,
                typed_cell(entry.mission) if entry.mission else "—",
                SYMBOLS.get(entry.verdict, "?"),
                key=str(entry.id),
            )
        if selected is not None and str(selected) in self.rows:
            self.move_cursor(row=self.get_row_index(str(selected)))

    def selected_id(self) -> int | None:
        """The id of the entry under the cursor (None when the table is empty)."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The entry keys only where the table has actions and rows, so the footer offers only what works."""
        if action in ("edit", "delete", "correct"):
            return self.actions and self.row_count > 0
        if action == "move":
            return self.actions
        return True

    def action_move(self, days: int) -> None:
        """←/→ (⇧ for a week): ask the screen for the entries of another day."""
        self.post_message(self.Move(days))

    def action_edit(self) -> None:
        """E: ask the screen to edit the selected entry."""
        entry_id = self.selected_id()
        if entry_id is not None:
            self.post_message(self.Action(entry_id, "edit"))

    def action_correct(self) -> None:
        """C: ask the screen to correct the judgement of the selected entry."""
        entry_id = self.selected_id()
        if entry_id is not None:
            self.post_message(self.Action(entry_id, "correct"))

    def action_delete(self) -> None:
        """Delete or D: ask the screen to delete the selected entry."""
        entry_id = self.selected_id()
        if entry_id is not None:
            self.post_message(self.Action(entry_id, "delete"))
