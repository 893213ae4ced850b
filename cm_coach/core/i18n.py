"""Pick the user's language and render UI strings from ``content/strings``.

French first: when nothing says otherwise (no ``--lang``, no ``CM_COACH_LANG``, a ``C``
or empty locale) cm-coach speaks French; an explicit non-French locale gives English.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from cm_coach.core.content import LANGS, strings
from cm_coach.errors import CoachError

DEFAULT_LANG = "fr"
LANG_ENV = "CM_COACH_LANG"


def language_from_locale(environ: Mapping[str, str]) -> str:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(variable, "")
        if not value or value.split(".")[0] in ("C", "POSIX"):
            continue
        return "fr" if value.lower().startswith("fr") else "en"
    return DEFAULT_LANG


def resolve_language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """``--lang`` first, then ``CM_COACH_LANG``, then the locale."""
    environ = os.environ if environ is None else environ
    for candidate in (explicit, environ.get(LANG_ENV)):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGS:
                return code
            raise CoachError("errors.unknown_language", value=candidate, choices=", ".join(LANGS))
    return language_from_locale(environ)


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def t(key: str, lang: str, /, **params: object) -> str:
    """The text of ``key`` in ``lang`` with its ``{placeholders}`` filled."""
    entry = strings(key.split(".", 1)[0]).get(key)
    if entry is None:
        return key  # a missing key shows itself rather than crashing; a test checks none is
    return entry[lang].format_map(_KeepMissing(params))


def render_error(error: CoachError, lang: str, *, in_app: bool = False) -> str:
    """The error's message; ``in_app``: its ``<key>_in_app`` variant when there is one, for
    the messages whose usual text names a command line that the app user does not type."""
    params = {name: _plain(value, lang) for name, value in error.params.items()}
    if in_app:
        variant = f"{error.key}_in_app"
        shown = t(variant, lang, **params)
        if shown != variant:
            return shown
    return t(error.key, lang, **params)


def _plain(value: object, lang: str) -> object:
    """Parameters may themselves be message keys (``"@dates.expected_date"``): translate them."""
    if isinstance(value, str) and value.startswith("@"):
        return t(value[1:], lang)
    return value


def percent(fraction: float, lang: str, digits: int = 0) -> str:
    """``0.225`` → ``"23 %"`` in French, ``"23%"`` in English."""
    number = f"{fraction * 100:.{digits}f}"
    if lang == "fr":
        return number.replace(".", ",") + "\u00a0%"
    return number + "%"
