"""Bindings in the user's language.

Textual reads binding descriptions from the class, so each screen or widget is used
through a subclass whose ``BINDINGS`` carry the texts of one language (made once and
cached). Descriptions and tooltips are written as ``tui.…`` keys in the code.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import TypeVar

from textual.binding import ActiveBinding, Binding, BindingsMap
from textual.dom import DOMNode

from cm_coach.core.i18n import t

N = TypeVar("N", bound=DOMNode)


KEY_PREFIXES = (
    "tui.",
    "report.tui.",
    "people.",
    "workday.",
    "boundaries.tui.",
)  # the app's texts, and a feature's own file of them


def _text(value: str, lang: str) -> str:
    return t(value, lang) if value.startswith(KEY_PREFIXES) else value


@cache
def localized(cls: type[N], lang: str) -> type[N]:
    """``cls`` with every inherited binding's description and tooltip in ``lang``."""
    keys: dict[str, list[Binding]] = {}
    for base in cls.__mro__:  # the class's own keys first: they lead in the footer
        if isinstance(base, type) and issubclass(base, DOMNode):
            for key, key_bindings in BindingsMap(base.__dict__.get("BINDINGS", [])).key_to_bindings.items():
                keys.setdefault(key, key_bindings)
    bindings = [
        replace(binding, description=_text(binding.description, lang), tooltip=_text(binding.tooltip, lang))
        for key_bindings in keys.values()
        for binding in key_bindings
    ]
    namespace = {
        "BINDINGS": bindings,
        "LANG": lang,
        "__module__": cls.__module__,
    }
    # Not inheriting: ours already hold every inherited key, in our order (own keys first).
    return type(cls.__name__, (cls,), namespace, inherit_bindings=False)


# The descriptions Textual gives the keys of its own widgets that a footer can show (a
# Select's open list, the palette key), as our string keys.
TEXTUAL_KEYS = {
    "Dismiss menu": "textual.keys.dismiss_menu",
    "palette": "textual.keys.palette",
}


def in_language(bindings: dict[str, ActiveBinding], lang: str) -> dict[str, ActiveBinding]:
    """A screen's active bindings with Textual's own descriptions in ``lang``."""
    return {
        key: (
            active._replace(binding=replace(active.binding, description=t(TEXTUAL_KEYS[description], lang)))
            if (description := active.binding.description) in TEXTUAL_KEYS
            else active
        )
        for key, active in bindings.items()
    }
