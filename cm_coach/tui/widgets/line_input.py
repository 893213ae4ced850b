"""A one-line field that keeps the whole of a paste.

Textual's ``Input`` keeps only the first line of pasted text: a task copied from a note or a
to-do app over two lines lost its end without a word. Here the lines are joined by spaces,
as the command line does with a task that holds line breaks."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class LineInput(Input):
    """An ``Input`` whose paste keeps every line, joined by a space."""

    def on_paste(self, event: events.Paste) -> None:
        """The pasted lines as one, in place of the selection or at the cursor."""
        event.prevent_default()  # Input's own handler keeps the first line only
        event.stop()
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if not text:
            return
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)
