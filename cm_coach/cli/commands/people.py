"""``cm-coach people …``, ``idea``, ``ideas`` and ``missions figures``: who the CM exchanges
with, who is waiting, who has gone quiet, what they inspire, and the platform's own figures."""

from __future__ import annotations

import argparse
from datetime import date

from cm_coach.cli import people_table
from cm_coach.cli.commands.common import optional_date, print_json
from cm_coach.cli.context import Context
from cm_coach.core import people, people_quiet
from cm_coach.core.dates import format_date, format_date_short
from cm_coach.models import FollowUp, Idea, MonthFigures, Person


def person_json(person: Person) -> dict:
    """A person as ``--json`` shows it, the same as the quick path of ``people list``."""
    return people_table.person_dict(
        person.name,
        person.platform,
        person.tags,
        person.missions,
        person.note,
        person.first_exchange,
        person.last_exchange,
        person.exchanges,
        person.open_follow_ups,
    )


def follow_up_json(item: FollowUp) -> dict:
    """A follow-up as ``--json`` shows it."""
    return {
        "id": item.id,
        "person": item.person,
        "text": item.text,
        "due": item.due.isoformat() if item.due else None,
        "done": item.done.isoformat() if item.done else None,
    }


def idea_json(item: Idea) -> dict:
    """An idea as ``--json`` shows it, with the entry that used it."""
    return {
        "id": item.id,
        "date": item.date.isoformat(),
        "text": item.text,
        "from": item.person,
        "mission": item.mission,
        "used_by_entry": item.entry_id,
    }


def figures_json(item: MonthFigures) -> dict:
    """A month's audience figures as ``--json`` shows them."""
    return {
        "month": item.month,
        "followers": item.followers,
        "interacting": item.interacting,
        "ratio": round(item.ratio, 4) if item.ratio is not None else None,
    }


def since(day: date | None, ctx: Context) -> str:
    """How long ago ``day`` was ("12 d ago", "never"), as the people table says it."""
    return people_table.since(day, ctx.today, ctx.t)


def tag_labels(tags: tuple[str, ...], ctx: Context) -> str:
    """The tags in the user's language, as the people table shows them."""
    return people_table.tag_labels(tags, ctx.t)


def _tags_option(text: str | None) -> tuple[str, ...] | None:
    from cm_coach.core import validate

    return None if text is None else validate.tags(text)


def describe(person: Person, ctx: Context) -> str:
    """A person on one line: name, platform, tags and missions."""
    parts = [ctx.style(person.name, "1")]
    if person.platform:
        parts.append(f"({person.platform})")
    if person.tags:
        parts.append("· " + tag_labels(person.tags, ctx))
    if person.missions:
        parts.append("· " + ", ".join(person.missions))
    return " ".join(parts)


def linked_line(linked, ctx: Context) -> str:  # type: ignore[no-untyped-def]
    """« avec @lea.cuisine, Marc du forum (nouvelle fiche : Zoé) »: who an entry was with."""
    names = ", ".join(
        item.name if item.name == item.typed else f"{item.name} ({item.typed})" for item in linked
    )
    line = ctx.t("people.linked", names=names)
    created = [item.name for item in linked if item.created]
    if created:
        line += " · " + ctx.t("people.created", names=", ".join(created))
    return line


# --- people ---------------------------------------------------------------------------------


def run_add(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach people add``: a new person, with platform, tags, missions and note."""
    person = people.add_person(
        ctx.conn(),
        args.name,
        platform=args.platform,
        tags=_tags_option(args.tags) or (),
        missions=args.mission or (),
        note=args.note,
    )
    ctx.print(ctx.t("people.added") + " " + describe(person, ctx))
    return 0


def run_edit(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach people edit``: change or rename a person; options not given stay as they are."""
    person = people.edit_person(
        ctx.conn(),
        args.name,
        new_name=args.new_name,
        platform=args.platform,
        tags=_tags_option(args.tags),
        missions=args.mission,
        note=args.note,
    )
    ctx.print(ctx.t("people.updated") + " " + describe(person, ctx))
    return 0


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach people list``: the people table, narrowed by search, tag or mission."""
    found = people.list_people(
        ctx.reader(),
        search=getattr(args, "search", None),
        tag=getattr(args, "tag", None),
        mission=getattr(args, "mission", None),
    )
    if getattr(args, "json", False):
        print_json(ctx, [person_json(p) for p in found])
        return 0
    if not found:
        ctx.print(ctx.t("people.none"))
        return 0
    rows = [(p.name, p.platform, p.tags, p.last_exchange, p.exchanges, p.open_follow_ups) for p in found]
    ctx.print("\n".join(people_table.table(rows, ctx.today, ctx.t)))
    return 0


def run_show(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach people show``: one person, their follow-ups, ideas and latest exchanges."""
    from cm_coach.cli.commands.entries import entry_json
    from cm_coach.core.formatting import duration

    conn = ctx.reader()
    person = people.require_person(conn, args.name)
    history = people.person_history(conn, person.name, limit=None if args.all else 20)
    pending = people.follow_ups(conn, person.name, open_only=False)
    heard = people.ideas(conn, person=person.name, unused_only=False)
    if args.json:
        print_json(
            ctx,
            {
                **person_json(person),
                "follow_ups": [follow_up_json(f) for f in pending],
                "ideas": [idea_json(i) for i in heard],
                "history": [entry_json(e) for e in history],
            },
        )
        return 0
    ctx.print(describe(person, ctx))
    if person.note:
        ctx.print("  " + ctx.t("people.note", note=person.note))
    if person.last_exchange and person.first_exchange:
        ctx.print(
            "  "
            + ctx.t(
                "people.exchanges_line",
                count=person.exchanges,
                first=format_date(person.first_exchange, ctx.lang),
                last=since(person.last_exchange, ctx),
            )
        )
    else:
        ctx.print("  " + ctx.t("people.no_exchange"))
    if pending:
        ctx.print()
        ctx.print(ctx.style(ctx.t("people.follow_ups"), "1"))
        for item in pending:
            ctx.print("  " + follow_up_line(item, ctx))
    if heard:
        ctx.print()
        ctx.print(ctx.style(ctx.t("people.ideas"), "1"))
        for idea in heard:
            ctx.print("  " + idea_line(idea, ctx, with_person=False))
    if history:
        ctx.print()
        ctx.print(ctx.style(ctx.t("people.history"), "1"))
        for entry in history:
            ctx.print(
                f"  {format_date_short(entry.date, ctx.lang):<10} "
                f"{duration(entry.minutes, ctx.lang):>7}  {(entry.mission or '—')[:20]:<20}  {entry.task}"
            )
        if not args.all and person.exchanges > len(history):
            ctx.print("  " + ctx.t("people.more_history", count=person.exchanges - len(history)))
    return 0


def run_forget(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach people forget``: remove a person and say how much went with them."""
    gone = people.forget_person(ctx.conn(), args.name)
    ctx.print(
        ctx.t(
            "people.forgotten",
            name=gone.name,
            exchanges=gone.exchanges,
            follow_ups=gone.follow_ups,
            ideas=gone.ideas,
        )
    )
    return 0


# --- follow-ups, and who is waiting -------------------------------------------------------------


def follow_up_line(item: FollowUp, ctx: Context, *, with_person: bool = False) -> str:
    """A follow-up on one line: done or not, its number, and how late it is (late in colour)."""
    mark = "✓" if item.done else "·"
    due = ""
    if item.due and not item.done:
        late = (ctx.today - item.due).days
        key = "people.due_late" if late > 0 else "people.due_today" if late == 0 else "people.due_on"
        due = " — " + ctx.t(key, date=format_date(item.due, ctx.lang), days=late)
        if late > 0:
            due = ctx.style(due, "33")
    who = (
        f"{item.person} : " if with_person and ctx.lang == "fr" else f"{item.person}: " if with_person else ""
    )
    who = who.replace(" :", "\u00a0:")
    return f"{mark} #{item.id} {who}{item.text}{due}"


def run_follow(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach people follow``: something to get back to someone about, with an optional due day."""
    from cm_coach.core.dates import parse_due_date

    due = parse_due_date(args.due, ctx.today) if args.due else None
    item = people.add_follow_up(ctx.conn(), args.name, args.text, due=due)
    ctx.print(ctx.t("people.follow_added") + " " + follow_up_line(item, ctx, with_person=True))
    return 0


def run_done(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach people done``: a follow-up is done today (``--undo`` opens it again)."""
    from cm_coach.core import validate

    number = validate.whole_number(args.id, low=1, high=2**62, key="people.errors.no_follow_up_id")
    item = people.complete_follow_up(ctx.conn(), number, None if args.undo else ctx.today)
    key = "people.follow_reopened" if args.undo else "people.follow_done"
    ctx.print(ctx.t(key) + " " + follow_up_line(item, ctx, with_person=True))
    return 0


def quiet_line(quiet: people.Quiet, ctx: Context) -> str:
    """Someone not heard from for too long, and for how long (or never)."""
    if quiet.days is None:
        return ctx.t("people.quiet_never", name=quiet.person.name, tags=tag_labels(quiet.person.tags, ctx))
    return ctx.t(
        "people.quiet_line",
        name=quiet.person.name,
        tags=tag_labels(quiet.person.tags, ctx),
        days=quiet.days,
    )


def run_waiting(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach people waiting``: the open follow-ups, then the people gone quiet."""
    conn = ctx.reader()
    pending = people.follow_ups(conn)
    quiet = people.quiet_people(conn, ctx.today)
    if args.json:
        print_json(
            ctx,
            {
                "waiting": [follow_up_json(f) for f in pending],
                "quiet": [
                    {"name": q.person.name, "tags": list(q.person.tags), "days": q.days, "limit": q.limit}
                    for q in quiet
                ],
            },
        )
        return 0
    ctx.print(ctx.style(ctx.t("people.waiting_title"), "1"))
    if not pending:
        ctx.print("  " + ctx.t("people.waiting_none"))
    for item in pending:
        ctx.print("  " + follow_up_line(item, ctx, with_person=True))
    ctx.print()
    ctx.print(ctx.style(ctx.t("people.quiet_title"), "1"))
    if not quiet:
        ctx.print("  " + ctx.t("people.quiet_none"))
    for item in quiet:
        ctx.print("  " + quiet_line(item, ctx))
    return 0


def run_quiet(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach people quiet``: the days of silence after which each tag's people count as quiet."""
    conn = ctx.conn()
    if (args.tag is None) != (args.days is None):
        from cm_coach.errors import CoachError

        raise CoachError("people.errors.tag_and_days")
    days = people.set_quiet_days(conn, args.tag, args.days) if args.tag else people_quiet.quiet_days(conn)
    if args.json:
        print_json(ctx, days)
        return 0
    ctx.print(ctx.style(ctx.t("people.quiet_settings"), "1"))
    for tag, value in days.items():
        label = tag_labels((tag,), ctx)
        ctx.print(
            "  "
            + (
                ctx.t("people.quiet_setting", tag=label, days=value)
                if value
                else ctx.t("people.quiet_off", tag=label)
            )
        )
    return 0


# --- ideas ------------------------------------------------------------------------------------


def idea_line(item: Idea, ctx: Context, *, with_person: bool = True) -> str:
    """An idea on one line: number, day, the words, who gave it, mission, the entry that used it."""
    parts = [
        f"#{item.id}",
        format_date_short(item.date, ctx.lang),
        f"« {item.text} »" if ctx.lang == "fr" else f"“{item.text}”",
    ]
    if with_person and item.person:
        parts.append(ctx.t("people.idea_from", name=item.person))
    if item.mission:
        parts.append(f"[{item.mission}]")
    if item.entry_id:
        parts.append(ctx.t("people.idea_used", id=item.entry_id))
    return " ".join(parts).replace("« ", "«\u202f").replace(" »", "\u202f»")


def run_idea(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach people idea``: note an idea heard in a conversation (``--new`` creates the person)."""
    idea, linked = people.add_idea(
        ctx.conn(),
        args.text,
        day=optional_date(args.date, ctx),
        person=args.person,
        mission=args.mission,
        create=args.new,
    )
    ctx.print(ctx.t("people.idea_added") + " " + idea_line(idea, ctx))
    created = [item.name for item in linked if item.created]
    if created:
        ctx.print("  " + ctx.t("people.created", names=", ".join(created)))
    return 0


def run_ideas(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach people ideas``: the ideas not used yet (``--all``: every one)."""
    found = people.ideas(ctx.reader(), unused_only=not args.all, mission=args.mission)
    if args.json:
        print_json(ctx, [idea_json(i) for i in found])
        return 0
    if not found:
        ctx.print(ctx.t("people.ideas_none"))
        return 0
    ctx.print(ctx.style(ctx.t("people.ideas_title"), "1"))
    for item in found:
        ctx.print("  " + idea_line(item, ctx))
    return 0


# --- a mission's platform figures --------------------------------------------------------------


def run_figures(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach people figures``: a mission's audience month by month; numbers given are saved first."""
    from cm_coach.core import dates, figures
    from cm_coach.core.i18n import percent

    if args.followers is None and args.interacting is None:
        if args.month:
            dates.parse_month(args.month, ctx.today)  # a bad month is refused even when only reading
        found = figures.mission_series(ctx.reader(), args.name)
    else:
        month = dates.parse_month(args.month, ctx.today) if args.month else ctx.today
        found = figures.record_figures(
            ctx.conn(),
            args.name,
            month,
            followers=figures.figure(args.followers, name="followers")
            if args.followers is not None
            else None,
            interacting=figures.figure(args.interacting, name="interacting")
            if args.interacting is not None
            else None,
        )
        ctx.print(ctx.t("people.figures_saved", month=figures.month_key(month)))
    if args.json:
        print_json(ctx, [figures_json(f) for f in found])
        return 0
    if not found:
        ctx.print(ctx.t("people.figures_none", mission=args.name))
        return 0
    ctx.print(ctx.style(ctx.t("people.figures_title", mission=args.name), "1"))
    ctx.print(
        f"  {ctx.t('people.col_month'):<8}  {ctx.t('people.col_followers'):>10}  "
        f"{ctx.t('people.col_interacting'):>12}  {ctx.t('people.col_ratio'):>8}"
    )
    for item in found:
        ratio = percent(item.ratio, ctx.lang, 1) if item.ratio is not None else "—"
        ctx.print(
            f"  {item.month:<8}  {_number(item.followers, ctx):>10}  "
            f"{_number(item.interacting, ctx):>12}  {ratio:>8}"
        )
    return 0


def _number(value: int | None, ctx: Context) -> str:
    if value is None:
        return "—"
    text = f"{value:,}"
    return text.replace(",", "\u202f") if ctx.lang == "fr" else text
