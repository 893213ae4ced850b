"""``cm-coach report``: a mission's monthly report for the client, as PDF or HTML.

Examples: ``cm-coach report "Boulangerie Dupont" --month "le mois dernier" -o novembre.pdf`` ·
``cm-coach report "Boulangerie Dupont" --as "Léa Martin — CM freelance"``
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cm_coach.cli.context import Context
from cm_coach.errors import CoachError


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Write the report (``-o -``: to standard output), never over an existing file without
    ``--force``, never over the journal or a device; ``--as`` and ``--currency`` are remembered."""
    from cm_coach.core import dates
    from cm_coach.core.export.files import STDOUT
    from cm_coach.core.missions import require_mission
    from cm_coach.core.report import (
        build_report,
        choose_format,
        choose_paper,
        clean_author,
        clean_currency,
        default_file_name,
        render,
        write_report,
    )
    from cm_coach.core.settings import load_settings, update_settings

    fmt = choose_format(args.format, args.output)
    paper = choose_paper(args.paper)
    period = dates.parse_month(args.month or "this month", ctx.today)
    changes: dict[str, str | None] = {}
    if args.author is not None:
        changes["report_as"] = clean_author(args.author)
    if args.currency is not None:
        changes["report_currency"] = clean_currency(args.currency)
    if "\x00" in (args.output or ""):
        raise CoachError("export.errors.bad_path", path=args.output.replace("\x00", "\\0"))
    conn = ctx.conn()
    mission = require_mission(conn, args.mission)  # refused before anything is remembered
    if changes:
        update_settings(**changes)
        if changes.get("report_as"):
            print(ctx.t("report.cli.as_saved", name=changes["report_as"]), file=ctx.err)
    if args.output == STDOUT:
        from cm_coach.store.timeline import snapshot

        settings = load_settings()
        with snapshot(conn):
            report = build_report(
                conn,
                mission,
                period,
                lang=ctx.lang,
                today=ctx.today,
                author=settings.report_as,
                currency=settings.report_currency,
            )
        data = render(report, fmt, paper)
        stream = getattr(ctx.out, "buffer", None)
        if stream is None or ctx.out.isatty():  # a text stream (tests) or a terminal: HTML as text
            if fmt != "html":  # a PDF's bytes on a terminal garble it
                raise CoachError("timesheet.errors.binary_stdout")
            ctx.out.write(data.decode("utf-8"))
            return 0
        ctx.out.flush()
        stream.write(data)
        stream.flush()
        return 0
    name = args.output or default_file_name(mission, period, ctx.lang, fmt)
    write_report(
        conn,
        mission.name,
        period,
        Path(name).expanduser(),
        journal=ctx.db_path,
        lang=ctx.lang,
        today=ctx.today,
        fmt=fmt,
        paper=paper,
        force=args.force,
    )
    print(ctx.t("report.cli.written", format=fmt.upper(), path=name), file=ctx.err)
    return 0
