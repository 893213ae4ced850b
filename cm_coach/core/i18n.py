"""Pick the user's language and render UI strings from ``content/strings``.

French first: when nothing says otherwise (no ``--lang``, no ``CM_COACH_LANG``, a ``C``
or empty locale) cm-coach speaks French; an explicit non-French locale gives English.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from datetime import date, datetime

from cm_coach.core import formatting
from cm_coach.core.catalogue import LANGS, strings
from cm_coach.core.formatting import number, plural_form
from cm_coach.errors import CoachError, MessageKey, Moment

DEFAULT_LANG = "fr"
LANG_ENV = "CM_COACH_LANG"


def language_from_locale(environ: Mapping[str, str]) -> str:
    """``fr_FR.UTF-8`` → ``"fr"``, ``en_GB`` → ``"en"``: the first locale variable set to a real locale
    decides; none (or only ``C``/``POSIX``) gives French."""
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
    """The text of ``key`` in ``lang`` with its ``{placeholders}`` filled.

    A text with plural forms is picked by the ``count`` parameter (French: 0 and 1 are
    singular; English: 1 is), and a whole ``count`` is shown as a number of the reader's
    language (``27 900``). Other values are filled in as given: format them first.
    """
    entry = strings(key.split(".", 1)[0]).get(key)
    if entry is None:
        return key  # a missing key shows itself rather than crashing; a test checks none is
    text = entry[lang]
    count = params.get("count")
    if isinstance(count, int | float) and not isinstance(count, bool):
        if isinstance(text, dict):
            text = text[plural_form(count, lang)]
        if isinstance(count, int):
            params["count"] = number(count, lang)
    elif isinstance(text, dict):
        text = text["other"]  # a caller without a count: a test checks there is none
    return text.format_map(_KeepMissing(params))


def render_error(error: CoachError, lang: str, *, in_app: bool = False) -> str:
    """The error's message; ``in_app``: its ``<key>_in_app`` variant when there is one, for
    the messages whose usual text names a command line that the app user does not type."""
    params = {name: render_param(value, lang) for name, value in error.params.items()}
    if in_app:
        variant = f"{error.key}_in_app"
        shown = t(variant, lang, **params)
        if shown != variant:
            return shown
    return t(error.key, lang, **params)


def render_param(value: object, lang: str) -> object:
    """A parameter as the reader sees it: the ones the code marked as message keys
    (:class:`MessageKey`) translated, a nested error rendered, a date written as in a
    sentence of the reader's language (« le 14 mai 2026 »), a duration as a duration;
    anything else, user text included (« @cli.help.log »), shown as it is."""
    if isinstance(value, MessageKey):
        return t(str(value), lang)
    if isinstance(value, CoachError):
        return render_error(value, lang)
    if isinstance(value, Moment):
        return clock_text(value.at, lang, value.today)
    if isinstance(value, date):
        from cm_coach.core.dates import format_date  # dates builds on this module

        return format_date(value, lang)
    models = sys.modules.get("cm_coach.models")  # no Minutes exist until it is loaded: `check` never is
    if models is not None and isinstance(value, models.Minutes):
        return formatting.duration(value, lang)
    return value


def clock_text(moment: datetime, lang: str, today: date) -> str:
    """``9h05`` (fr) or ``09:05`` (en), with the day in front when it is not ``today``."""
    from cm_coach.core.dates import format_date_short  # dates builds on this module

    clock = f"{moment.hour}h{moment.minute:02d}" if lang == "fr" else moment.strftime("%H:%M")
    return clock if moment.date() == today else f"{format_date_short(moment.date(), lang)} {clock}"


def percent(fraction: float, lang: str, digits: int = 0) -> str:
    """``0.225`` → ``"23 %"`` (no-break space) in French, ``"23%"`` in English."""
    return formatting.percent(fraction, lang, digits)
