"""What every command receives: language, clock, database and output streams."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import date, datetime
from pathlib import Path

from cm_coach.cli.output import GuardedOutput
from cm_coach.clock import now_from_env, today_from_env
from cm_coach.core.i18n import t
from cm_coach.core.terminal_text import printable
from cm_coach.errors import CoachError
from cm_coach.paths import database_path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `check "…"` never does
if TYPE_CHECKING:
    from typing import TextIO


class Context:
    """What every command needs: the language, the clock, the journal (opened once) and the output.

    A plain class rather than a dataclass: every command builds one, and generating a
    dataclass's methods costs ~3.5M instructions a process."""

    def __init__(
        self,
        lang: str,
        db_option: str | None = None,
        today: date | None = None,
        now: datetime | None = None,
        out: TextIO | None = None,
        err: TextIO | None = None,
    ) -> None:
        self.lang = lang
        self.db_option = db_option
        self.today: date = today_from_env() if today is None else today
        self.now: datetime = now_from_env() if now is None else now
        self.out: TextIO = GuardedOutput(sys.stdout) if out is None else out  # type: ignore[assignment]
        self.err: TextIO = sys.stderr if err is None else err
        self._conn: sqlite3.Connection | None = None
        self._on_terminal: bool | None = None  # asked once: a command's output stays where it is
        self._color: bool | None = None

    @property
    def db_path(self) -> Path:
        """The journal's file, from ``--db`` or else the usual place."""
        return database_path(self.db_option)

    def conn(self, *, create: bool = True) -> sqlite3.Connection:
        """The journal, opened once. Commands that write create a missing file and say so
        on stderr; commands that only read pass ``create=False`` and refuse it, so that a
        mistyped ``--db`` is not answered with an empty journal."""
        if self._conn is None:
            from cm_coach.store.db import connect

            path = self.db_path
            new = not path.exists()
            if new and not create:
                raise CoachError("workday.errors.db_missing", path=str(path))
            self._conn = connect(path, today=self.today)
            if new:
                print(self.t("workday.db.created", path=str(path)), file=self.err)
        return self._conn

    def reader(self) -> sqlite3.Connection:
        """The journal for a command that only reads it (refused when the file is missing)."""
        return self.conn(create=False)

    @property
    def saved_something(self) -> bool:
        """Whether this command changed the journal (then its output failing must not fail it)."""
        return self._conn is not None and self._conn.total_changes > 0

    def close(self) -> None:
        """Close the journal if the command opened it."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def t(self, key: str, **params: object) -> str:
        """The string ``key`` in the user's language."""
        return t(key, self.lang, **params)

    def print(self, text: str = "") -> None:
        """One line of output, made harmless for a terminal (core.validate.printable): text
        from the journal is shown, never obeyed; only our own colours pass."""
        print(printable(text, colours=self.color), file=self.out)

    def say(self, text: str = "") -> None:
        """Print prose. On a terminal it is wrapped at the terminal's width the French way (no
        line starts with ``?`` or ``:``), each continuation line keeping its line's indent;
        piped or redirected, lines are left whole for the reader's own tools."""
        width = self.width
        if width:
            from cm_coach.core.formatting import wrap

            text = "\n".join(wrap(text, width, _cells))
        self.print(text)

    @property
    def on_terminal(self) -> bool:
        """Whether the output is a terminal, asked once per command (``check -`` prints
        five lines a task: it asked the system for each of them)."""
        if self._on_terminal is None:
            self._on_terminal = hasattr(self.out, "isatty") and bool(self.out.isatty())
        return self._on_terminal

    @property
    def width(self) -> int | None:
        """The terminal's width when writing to one (now: it may be resized), else None."""
        if not self.on_terminal:
            return None
        import shutil

        return shutil.get_terminal_size().columns

    @property
    def color(self) -> bool:
        """Whether to colour: only on a terminal, and never when ``NO_COLOR`` is set (both
        read once per command)."""
        if self._color is None:
            self._color = "NO_COLOR" not in os.environ and self.on_terminal
        return self._color

    def style(self, text: str, code: str) -> str:
        """ANSI colour when writing to a terminal and ``NO_COLOR`` is not set."""
        return f"\033[{code}m{text}\033[0m" if self.color else text


def _cells(text: str) -> int:
    """Columns ``text`` takes in a terminal: colour codes take none, wide characters two."""
    import re
    import unicodedata

    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in plain
    )
