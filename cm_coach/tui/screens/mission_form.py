"""Add or edit a mission in a dialog that writes it; returns the saved mission, or None when
cancelled.

The fields go to the core as typed (``core.missions``, which checks them with
``core.validate``): a refusal (« - » followers, a date out of range) is shown in the
dialog, where the user can fix it, and nothing is written.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList

from cm_coach.core.i18n import t
from cm_coach.errors import CoachError
from cm_coach.models import MISSION_KINDS, OUTSIDE_FAMILIES, Mission
from cm_coach.tui.journal import run_in_journal
from cm_coach.tui.screens.base import MessageLine
from cm_coach.tui.widgets.prose import Prose

if TYPE_CHECKING:
    import sqlite3


class MissionFormScreen(MessageLine, ModalScreen[Mission | None]):
    """The dialog that adds or edits a mission and writes it; a refusal stays in it, to be fixed."""

    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "tui.keys.cancel", id="mission_cancel"),
        Binding("ctrl+s", "apply", "tui.keys.apply", priority=True, id="mission_apply"),
    ]

    def __init__(self, mission: Mission | None, today: date) -> None:
        super().__init__()
        self.mission = mission
        self.today = today

    def tr(self, key: str, **params: object) -> str:
        """The ``tui.`` string ``key`` in the dialog's language."""
        return t(f"tui.{key}", self.LANG, **params)

    def compose(self) -> ComposeResult:
        """Name, client, kind, start, followers, agreed extensions and notes (filled when editing)."""
        m = self.mission
        with VerticalScroll(id="mission-dialog", classes="dialog"):
            yield Label(
                self.tr("missions.edit_title" if m else "missions.add_title"), classes="section-title"
            )
            yield Input(m.name if m else "", placeholder=self.tr("missions.name"), id="mission-name")
            with Horizontal(classes="form-row"):
                yield Input(
                    (m.client or "") if m else "", placeholder=self.tr("missions.client"), id="mission-client"
                )
                yield Select(
                    [(self.tr(f"missions.kind_{kind}"), kind) for kind in MISSION_KINDS],
                    value=m.kind if m else "freelance",
                    allow_blank=False,
                    id="mission-kind",
                )
            with Horizontal(classes="form-row"):
                yield Input(
                    m.start.isoformat() if m and m.start else "",
                    placeholder=self.tr("missions.start"),
                    id="mission-start",
                )
                yield Input(
                    str(m.followers) if m and m.followers is not None else "",
                    placeholder=self.tr("missions.followers"),
                    type="integer",
                    id="mission-followers",
                )
            yield Label(self.tr("missions.agreed_label"), classes="field-label")
            yield SelectionList[str](
                *[
                    (self.tr(f"family.{family}"), family, bool(m and family in m.agreed))
                    for family in OUTSIDE_FAMILIES
                ],
                id="mission-agreed",
            )
            yield Input(
                (m.notes or "") if m else "", placeholder=self.tr("missions.notes"), id="mission-notes"
            )
            yield Prose("", id="mission-message", classes="message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.tr("edit.apply"), variant="primary", id="mission-apply")
                yield Button(self.tr("edit.cancel"), id="mission-cancel")

    def on_mount(self) -> None:
        """The name field has the cursor."""
        self.query_one("#mission-name", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#mission-apply")
    def action_apply(self) -> None:
        """Enter, Ctrl+S or Apply: write the mission as typed (the core checks it), then return it."""
        from cm_coach.core.missions import add_mission, edit_mission

        def value(selector: str) -> str:
            return self.query_one(selector, Input).value

        if not value("#mission-name").strip():
            self.show_error(CoachError("tui.missions.name_missing"))
            return
        kind = self.query_one("#mission-kind", Select).value
        fields = {  # as typed: the core reads and checks them
            "client": value("#mission-client"),
            "kind": kind if isinstance(kind, str) else "freelance",
            "start": value("#mission-start") or None,  # blank: unchanged
            "notes": value("#mission-notes"),
            "agreed": tuple(self.query_one("#mission-agreed", SelectionList).selected),
            "followers": value("#mission-followers") or None,  # blank: unchanged
            "on": self.today,
        }
        name, current = value("#mission-name"), self.mission

        def save(conn: sqlite3.Connection) -> Mission:
            if current is None:
                return add_mission(conn, name, **fields)
            return edit_mission(conn, current.name, new_name=name, **fields)

        def saved(mission: Mission) -> None:
            if self.is_current:
                self.dismiss(mission)  # not awaited: called from this screen's own worker

        run_in_journal(self, save, saved, self.show_error, group="mission-write", exclusive=False, once=True)

    @on(Button.Pressed, "#mission-cancel")
    def action_cancel(self) -> None:
        """Escape or Cancel: close without writing."""
        self.dismiss(None)
