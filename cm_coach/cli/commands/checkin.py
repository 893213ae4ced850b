"""``cm-coach checkin [--if-needed]``: the morning check-in.

Example, in ``~/.bashrc``: ``cm-coach checkin --if-needed``

With ``--if-needed`` and today's check-in already saved, it prints nothing and exits at
once: only ``sqlite3`` is used for that test (no Textual, no sqlite-utils), read-only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # argparse costs ~8 ms: not on the shell start-up path
    import argparse


def run(args: argparse.Namespace, ctx) -> int:
    """``cm-coach checkin``: the app on the morning check-in; ``--if-needed``: silent once done,
    and silent where there is no terminal (a shell that reads ``~/.bashrc`` for ``ssh host
    cmd``, ``scp`` or cron must not wait on an app nobody sees)."""
    from cm_coach.cli.commands.app import on_a_terminal
    from cm_coach.store.probe import checkin_saved

    if args.if_needed and (not on_a_terminal() or checkin_saved(ctx.db_path, ctx.today)):
        return 0
    from cm_coach.cli.commands.app import open_app

    return open_app(ctx, db_path=ctx.db_path, mode="checkin", theme=getattr(args, "theme", None))
