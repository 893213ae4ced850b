"""The domain's error types.

Errors carry a message *key* and named parameters rather than a sentence, so that
the edge (CLI or TUI) renders them in the user's language from ``content/strings``.
"""

from __future__ import annotations

from cm_coach.record import TYPE_CHECKING, Record

if TYPE_CHECKING:
    from datetime import date, datetime


class MessageKey(str):
    """A parameter that is itself a message key, translated when the message is shown
    (``known=MessageKey("errors.no_missions_yet")``). Only the code makes one: text the user
    typed is never looked up, whatever it starts with."""

    __slots__ = ()


class Moment(Record):
    """A moment as a message's parameter: ``9h05`` in French, ``09:05`` in English, with the
    day in front when it is not ``today`` (rendered by ``cm_coach.core.i18n.render_param``)."""

    at: datetime
    today: date

    def __str__(self) -> str:  # logs and test failures
        clock = self.at.strftime("%H:%M")
        return clock if self.at.date() == self.today else f"{self.at:%d/%m} {clock}"


class CoachError(Exception):
    """Bad input or a state the user can fix: shown as a clean message, exit code 2."""

    exit_code = 2

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # useful in logs and test failures
        details = ", ".join(f"{name}={value!r}" for name, value in self.params.items())
        return f"{self.key}({details})" if details else self.key


class ContentError(Exception):
    """A content file is broken. Raised with a ready English+file message: content
    errors happen before any translation is available, so they cannot use the catalogue."""

    exit_code = 3

    def __init__(self, path: str, entry: str | None, problem: str) -> None:
        where = f"{path}: {entry}" if entry else path
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.entry = entry
        self.problem = problem


class StorageError(CoachError):
    """The database cannot be used as it is (not SQLite, too new, read-only, full...)."""


# The operating system's reasons, as message keys (``errors.os.EACCES``) rather than its own
# English words: ``Permission denied`` would otherwise show in a French sentence.
OS_REASONS = frozenset(
    {"EACCES", "EPERM", "ENOENT", "ENOTDIR", "EISDIR", "EEXIST", "ENOSPC", "EROFS", "EIO",
     "ENAMETOOLONG", "ELOOP", "EBUSY", "EDQUOT"}
)  # fmt: skip


def os_reason(error: OSError) -> str:
    """Why ``error`` happened, as a parameter of a :class:`CoachError`: a message key the edge
    translates (``MessageKey("errors.os.EACCES")``) for the common cases, else the system's own text."""
    import errno

    name = errno.errorcode.get(error.errno or -1, "")
    if name in OS_REASONS:
        return MessageKey(f"errors.os.{name}")
    return error.strerror or str(error)
