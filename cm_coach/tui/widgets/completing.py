"""An input whose greyed completion is taken by Enter, Tab and End, not only by →.

"Boul" with "Boulangerie Dupont" shown in grey used to submit "Boul": people read the grey
text as what they chose. The suggester is asked again (its public API), so this keeps no
private state of Textual's input.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class CompletingInput(Input):
    """An input whose grey completion is taken by Enter, Tab and End too, not only by →."""

    BINDINGS = [  # noqa: RUF012
        Binding("tab", "complete('next')", show=False),
        Binding("end,ctrl+e", "complete('end')", show=False),
    ]

    async def completion(self) -> str | None:
        """The suggestion for what is typed, if it adds something."""
        if self.suggester is None or not self.value:
            return None
        typed = self.value if self.suggester.case_sensitive else self.value.casefold()
        suggestion = await self.suggester.get_suggestion(typed)
        return suggestion if suggestion and suggestion != self.value else None

    async def accept_completion(self) -> bool:
        """Take the completion when the cursor is at the end; whether there was one."""
        suggestion = await self.completion() if self.cursor_at_end else None
        if suggestion is None:
            return False
        self.value = suggestion
        self.cursor_position = len(suggestion)
        return True

    async def action_complete(self, then: str) -> None:
        """Tab: take the completion, then go to the next field; End: take it, or just go to the end."""
        accepted = await self.accept_completion()
        if then == "next":
            self.screen.focus_next()
        elif not accepted:
            self.action_end()

    async def action_submit(self) -> None:
        """Enter: take the completion, then submit, so what is submitted is what was shown."""
        await self.accept_completion()
        await super().action_submit()
