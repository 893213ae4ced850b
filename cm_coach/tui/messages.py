"""Small messages: the app and the widgets say what happened, screens decide."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class ContextLoaded(Message):
    """The app knows the missions and the current one (sent to the active screen)."""
