"""An input for "who was it with": names separated by commas, the last one completed as
you type from the people in the journal (→ or End accepts the suggestion)."""

from __future__ import annotations

from textual.suggester import Suggester
from textual.widgets import Input


class PeopleSuggester(Suggester):
    """Completes the name being typed after the last comma with a known person's name
    (the most recently met first), by the same loose rule the core uses to find them."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names: list[str] = []
        self._keys: list[str] = []

    def set_names(self, names: list[str]) -> None:
        """The names to complete from, the most recently met first, with their matching keys."""
        from cm_coach.core.people import match_key  # with the names, not for the first paint

        self.names = list(names)
        self._keys = [match_key(name) for name in self.names]

    async def get_suggestion(self, value: str) -> str | None:
        """The value with the last name completed: what was typed is kept as typed and the
        rest of the known name follows (an inline suggestion must extend the value)."""
        head, _, typed = value.rpartition(",")
        stripped = typed.lstrip()
        if not stripped:
            return None
        from cm_coach.core.people import match_key

        folded = stripped.casefold()
        already = {match_key(part) for part in head.split(",") if part.strip()}
        for name, key in zip(self.names, self._keys, strict=True):
            if name.casefold().startswith(folded) and len(name) > len(stripped) and key not in already:
                return value + name[len(stripped) :]
        return None


class PeopleInput(Input):
    """``@lea, Marc du forum``: completion from :meth:`set_names` (loaded by the screen)."""

    def __init__(self, value: str = "", **kwargs: object) -> None:
        self.people = PeopleSuggester()
        super().__init__(value, suggester=self.people, **kwargs)  # type: ignore[arg-type]

    def set_names(self, names: list[str]) -> None:
        """The names to complete from, once the screen has read them."""
        self.people.set_names(names)

    def load_names(self) -> None:
        """Read the names to complete from the journal (in a worker), the most recently met
        first; a journal that cannot be read leaves the completion as it was."""
        from cm_coach.tui import prefetch
        from cm_coach.tui.people_actions import in_journal
        from cm_coach.tui.reads import people_names

        read = prefetch.or_read("people-names", (), people_names)
        in_journal(self, read, self.set_names, lambda _error: None, group=f"people-names-{self.id}")
