"""What the user typed, shown as typed.

Textual reads ``[…]`` in a string label as markup: a to-do line ``[x] valider visuels`` lost its
``[x]``, and a mission called ``Client [/b] Paris`` (a closing tag with nothing to close) crashed
the app wherever it was drawn. A user's text goes into a choice, a button or a label as
:func:`typed` content and into a table cell as :func:`typed_cell`, never as a string; in a line
built with markup, through ``rich.markup.escape``."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content


def typed(text: str) -> Content:
    """``text`` as content that no bracket in it can style, hide or break."""
    return Content(text)


def typed_cell(text: str) -> Text:
    """``text`` for a ``DataTable`` cell: what the table makes of a string, markup aside (the
    table sizes its columns by measuring Rich text; it measures Textual's content wrong)."""
    return Text(text, no_wrap=True, end="")
