"""``cm-coach`` with no command: open the app (``--demo``: on a temporary demo journal).

Example: ``cm-coach --demo --lang en``
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from cm_coach.store.probe import checkin_saved

if TYPE_CHECKING:  # the app's options are read without argparse (see cli.app_args)
    import argparse


def run_app(args: argparse.Namespace, ctx) -> int:
    """``cm-coach`` alone: open the app on the user's journal, or with ``--demo`` on a throwaway one."""
    theme = getattr(args, "theme", None)
    if getattr(args, "demo", False):
        require_terminal()  # before a year of demo data is made for nothing
        import tempfile  # with shutil, ~3 ms: only for the demo

        with tempfile.TemporaryDirectory(prefix="cm-coach-demo-") as folder:
            db_path = Path(folder) / "demo.db"
            from cm_coach.core.demo import generate
            from cm_coach.store.db import connect

            conn = connect(db_path)
            try:  # written in the language the app will speak: one language per journal
                generate(conn, years=1, today=ctx.today, lang=app_language(ctx, args.lang))
            finally:
                conn.close()
            return open_app(ctx, db_path=db_path, mode=None, theme=theme, explicit_lang=args.lang)
    return open_app(ctx, db_path=ctx.db_path, mode=None, theme=theme, explicit_lang=args.lang)


def app_language(ctx, explicit_lang: str | None) -> str:
    """``--lang``, else ``CM_COACH_LANG``, else the language last chosen in the app, else the locale."""
    from cm_coach.core.i18n import LANG_ENV
    from cm_coach.core.settings import load_settings

    remembered = load_settings().lang
    if not explicit_lang and not os.environ.get(LANG_ENV) and remembered:
        return remembered
    return ctx.lang


def on_a_terminal() -> bool:
    """Whether the app can run here: it reads keys from its input and draws on its output.
    Started without a terminal (from a script, a pipe, or ``ssh host cmd`` reading
    ``~/.bashrc``), Textual never exits and spins a CPU."""
    return os.isatty(0) and os.isatty(1)


def require_terminal() -> None:
    """Refuse, in the user's language, to open the app where it cannot run."""
    if not on_a_terminal():
        from cm_coach.errors import CoachError

        raise CoachError("errors.no_terminal")


def open_app(
    ctx,
    *,
    db_path: Path,
    mode: str | None,
    theme: str | None = None,
    explicit_lang: str | None = None,
) -> int:
    """Check the terminal and the journal, pick the first screen and language, then run the app."""
    from cm_coach.core.settings import load_settings, update_settings
    from cm_coach.store.db import connect

    require_terminal()  # before anything is created or changed

    # Creates or migrates now, so that errors are reported cleanly; the day's backup is made
    # by the app's first worker, after the first frame.
    connect(db_path).close()
    settings = load_settings()
    lang = app_language(ctx, explicit_lang)
    if theme:
        update_settings(theme=theme)
    if mode is None:
        mode = "dashboard" if checkin_saved(db_path, ctx.today) else "checkin"
    from cm_coach.tui import prefetch

    prefetch.start(db_path, mode, ctx.today, lang)  # its figures read on the other core meanwhile
    from cm_coach.tui.app import make_app

    try:
        app = make_app(db_path, lang, ctx.today, mode=mode, theme=theme or settings.theme)
        app.run()
    finally:
        prefetch.forget()
    return int(app.return_code or 0)
