"""Add or edit a mission in a dialog; returns the checked fields, or None when cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList

from cm_coach.core.dates import parse_date
from cm_coach.core.i18n import t
from cm_coach.errors import CoachError
from cm_coach.models import MISSION_KINDS, OUTSIDE_FAMILIES, Mission
from cm_coach.tui.screens.base import MessageLine
from cm_coach.tui.widgets.prose import Prose


@dataclass(frozen=True)
class MissionForm:
    name: str
    client: str
    kind: str
    start: date | None
    agreed: tuple[str, ...]
    followers: int | None
    notes: str


class MissionFormScreen(MessageLine, ModalScreen[MissionForm | None]):
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
        return t(f"tui.{key}", self.LANG, **params)

    def compose(self) -> ComposeResult:
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
        self.query_one("#mission-name", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#mission-apply")
    def action_apply(self) -> None:
        def value(selector: str) -> str:
            return self.query_one(selector, Input).value.strip()

        try:
            if not value("#mission-name"):
                raise CoachError("tui.missions.name_missing")
            start = parse_date(value("#mission-start"), self.today) if value("#mission-start") else None
        except CoachError as error:
            self.show_error(error)
            return
        followers = value("#mission-followers")
        kind = self.query_one("#mission-kind", Select).value
        self.dismiss(
            MissionForm(
                name=value("#mission-name"),
                client=value("#mission-client"),
                kind=kind if isinstance(kind, str) else "freelance",
                start=start,
                agreed=tuple(self.query_one("#mission-agreed", SelectionList).selected),
                followers=int(followers) if followers else None,
                notes=value("#mission-notes"),
            )
        )

    @on(Button.Pressed, "#mission-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
