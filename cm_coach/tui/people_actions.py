"""What the People feature does from any section: capture an idea heard in a conversation
(F8), write something "with" people (an entry, a plan row) and offer to create the ones not
known yet, note a month's platform figures. Every read and write goes through :func:`in_journal`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from cm_coach.core.i18n import render_error, t
from cm_coach.errors import CoachError
from cm_coach.tui.localize import localized

if TYPE_CHECKING:
    import sqlite3

    from textual.dom import DOMNode

    from cm_coach.tui.app import CoachApp
    from cm_coach.tui.screens.people_forms import FiguresForm, IdeaForm

T = TypeVar("T")


def in_journal(
    node: DOMNode,
    action: Callable[[sqlite3.Connection], T],
    on_done: Callable[[T], object] | None,
    on_refused: Callable[[CoachError], object],
    *,
    group: str,
) -> None:
    """The screens' one worker helper (:func:`cm_coach.tui.journal.run_in_journal`), for the
    dialogs and widgets that are not a section of their own."""
    from cm_coach.tui.journal import run_in_journal

    run_in_journal(node, action, on_done, on_refused, group=group)


def capture_idea(app: CoachApp) -> None:
    """F8 anywhere: the idea dialog (names completed once read), then the idea saved and a word said."""
    from cm_coach.tui.screens.people_forms import IdeaFormScreen

    def refused(error: CoachError) -> None:
        app.notify(render_error(error, app.lang), severity="error", timeout=8)

    missions = [m.name for m in app.missions if m.is_active(app.today())]
    current = app.current_mission.name if app.current_mission else None
    # At once: the names it completes are read by the dialog once shown (a worker's round trip
    # before the dialog was most of the key's time), long before a name is typed.
    app.push_screen(
        localized(IdeaFormScreen, app.lang)(None, missions, current),
        lambda form: save(form) if form else None,
    )

    def save(form: IdeaForm, create: bool = False) -> None:
        from cm_coach.core.people import add_idea

        today = app.today()
        in_journal(
            app,
            lambda conn: add_idea(
                conn, form.text, day=today, person=form.person or None, mission=form.mission, create=create
            )[0],
            lambda idea: app.notify(t("people.tui.idea_saved", app.lang, text=idea.text)),
            refused_or_offered(app, refused, create, lambda: save(form, create=True)),
            group="people-idea",
        )


def refused_or_offered(
    app: CoachApp,
    refused: Callable[[CoachError], object],
    creating: bool,
    create: Callable[[], object],
) -> Callable[[CoachError], None]:
    """The refusal handler of a write that names people ("with whom"): the refusal is shown
    by ``refused`` (inline: unknown names with the closest known ones), and when names were
    unknown the user is offered to create them, ``create`` then writing again with them.
    Every form with a "with whom" field goes through here, so all follow one rule."""

    def handle(error: CoachError) -> None:
        from cm_coach.core.people import UnknownPeople

        refused(error)
        if isinstance(error, UnknownPeople) and not creating:  # nothing written: ask first
            offer_to_create(app, error, create)

    return handle


def offer_to_create(app: CoachApp, error: CoachError, then: Callable[[], object]) -> None:
    """Names not found: ask whether to create them (with the closest known names shown)."""
    from cm_coach.tui.screens.people_forms import ConfirmScreen

    names = ", ".join(getattr(error, "names", []))
    near = [n for found in getattr(error, "closest", {}).values() for n in found]
    question = t(
        "people.tui.create_question",
        app.lang,
        names=names,
        closest=", ".join(dict.fromkeys(near)) or t("people.errors.nobody_close", app.lang),
    )
    app.push_screen(localized(ConfirmScreen, app.lang)(question), lambda yes: then() if yes else None)


def note_figures(
    node: DOMNode, mission: str, done: Callable[[str], object], refused: Callable[[CoachError], object]
) -> None:
    """The month's platform figures for ``mission``: the dialog, then the core records them."""
    from cm_coach.tui.screens.people_forms import FiguresFormScreen

    app = cast("CoachApp", node.app)
    today = app.today()

    def save(form: FiguresForm) -> None:
        from cm_coach.core import dates, figures

        def record(conn: sqlite3.Connection) -> str:
            month = (
                dates.parse_month(form.month, today)
                if form.month
                else dates.month_period(today.year, today.month)
            )
            figures.record_figures(
                conn,
                mission,
                month,
                followers=figures.figure(form.followers, name="followers") if form.followers else None,
                interacting=figures.figure(form.interacting, name="interacting")
                if form.interacting
                else None,
            )
            return dates.format_month(month, app.lang)

        in_journal(node, record, done, refused, group="people-figures")

    app.push_screen(
        localized(FiguresFormScreen, app.lang)(mission, f"{today.year:04d}-{today.month:02d}"),
        lambda form: save(form) if form else None,
    )
