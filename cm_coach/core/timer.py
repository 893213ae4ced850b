"""The timer: start a task now, stop it later, and the entry is written as ``log`` writes one.

One timer at a time (the ``timer`` table holds one row), kept in the journal so that it
survives a restart and is the same for the command line and the app. A timer forgotten
overnight would write a 14-hour entry: past ``LONG_AFTER``, or past midnight, stopping
asks for the end time (:class:`TimerTooLong`) unless the caller accepts the whole span.

Only light modules are imported at the top: ``cm-coach status`` runs in a shell prompt and
loads this module alone; what writes imports the rest where it is used.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from cm_coach.errors import CoachError, Moment

TYPE_CHECKING = False  # not typing's: even typing, re and dataclasses cost a prompt ~30 ms
if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path

    from cm_coach.core.entries import Logged
    from cm_coach.models import RunningTimer

LONG_AFTER = timedelta(hours=10)


class TimerTooLong(CoachError):
    """The timer ran past the limit: the user says when it ended (or accepts the span)."""

    def __init__(self, timer: RunningTimer, now: datetime) -> None:
        from cm_coach.models import Minutes  # not at import: `cm-coach status` stays light

        super().__init__(
            "workday.errors.timer_too_long",
            task=timer.task,
            since=shown_moment(timer.started_at, now.date()),
            duration=Minutes(elapsed_minutes(timer.started_at, now)),
        )
        self.timer = timer
        self.now = now


class Stopped:
    """A stopped timer and the entry it became (a plain class: see ``TYPE_CHECKING``)."""

    __slots__ = ("ended_at", "logged", "timer")

    def __init__(self, timer: RunningTimer, logged: Logged, ended_at: datetime) -> None:
        self.timer = timer
        self.logged = logged
        self.ended_at = ended_at


def _timer_from_row(row: dict) -> RunningTimer:
    from cm_coach.models import RunningTimer

    return RunningTimer(
        task=row["task"],
        started_at=datetime.fromisoformat(row["started_at"]),
        mission=row["mission"],
        activity=row["activity"],
        people=row["people"],
        plan_item_id=row["plan_item_id"],
    )


def current(conn: sqlite3.Connection) -> RunningTimer | None:
    """The running timer, if any."""
    from cm_coach.store import timer as store

    row = store.running(conn)
    return _timer_from_row(row) if row else None


def people_names(text: str | None) -> tuple[str, ...]:
    """``"@lea, Marc"`` → ``("lea", "Marc")``: the names given with ``--with``."""
    names = (part.strip().lstrip("@").strip() for part in (text or "").split(","))
    return tuple(name for name in names if name)


def _checked_start(
    task: str, activity: str | None, with_people: str | None, started_at: datetime | None, now: datetime
) -> tuple[str, str | None, str | None, datetime]:
    """A new timer's task, activity, people and start, checked (refused as :func:`log_entry`
    refuses them)."""
    from cm_coach.core import validate
    from cm_coach.models import MAX_NAME_LENGTH

    task = validate.task_text(task)
    chosen = validate.activity(activity) if activity else None
    people = validate.free_text(" ".join((with_people or "").split()), MAX_NAME_LENGTH * 5) or None
    begin = (started_at or now).replace(microsecond=0)
    if begin > now:
        raise CoachError("workday.errors.at_future", at=shown_moment(begin, now.date()))
    return task, chosen, people, begin


def start_timer(
    conn: sqlite3.Connection,
    task: str,
    *,
    now: datetime,
    mission: str | None = None,
    activity: str | None = None,
    with_people: str | None = None,
    started_at: datetime | None = None,
    plan_item_id: int | None = None,
) -> RunningTimer:
    """Start ``task`` (at ``started_at``, default ``now``); refused while another timer runs."""
    from cm_coach.core.missions import require_mission
    from cm_coach.store import timer as store
    from cm_coach.store.db import transaction

    task, chosen, people, begin = _checked_start(task, activity, with_people, started_at, now)
    with transaction(conn):
        running = store.running(conn)
        if running is not None:
            raise CoachError(
                "workday.errors.timer_running",
                task=running["task"],
                since=shown_moment(datetime.fromisoformat(running["started_at"]), now.date()),
            )
        found = require_mission(conn, mission) if mission else None
        store.start(
            conn,
            {
                "task": task,
                "mission_id": found.id if found else None,
                "activity": chosen,
                "people": people,
                "started_at": begin.isoformat(),
                "plan_item_id": plan_item_id,
            },
        )
    timer = current(conn)
    assert timer is not None
    return timer


def switch_timer(
    conn: sqlite3.Connection,
    task: str,
    *,
    now: datetime,
    mission: str | None = None,
    activity: str | None = None,
    with_people: str | None = None,
    started_at: datetime | None = None,
    lang: str = "fr",
    user_boundaries: Path | None = None,
    new_people: bool = False,
) -> tuple[Stopped | None, RunningTimer]:
    """Start ``task``; a timer already running is stopped first and logged, ending when the
    new one starts (``started_at``, default ``now``): no minute counted twice.

    The new timer is checked first (its task, activity, people, moment and mission): bad
    input stops nothing. The people named must be known, as for ``log``, unless
    ``new_people`` (they are created when the timer stops). Returns the stopped timer, if
    any, and the new one."""
    from cm_coach.core.missions import require_mission
    from cm_coach.core.people import resolve, split_names

    begin = _checked_start(task, activity, with_people, started_at, now)[3]
    if mission:
        require_mission(conn, mission)
    if with_people and not new_people:
        resolve(conn, split_names(with_people))  # refused, with the closest names, if unknown
    stopped = None
    running = current(conn)
    if running is not None:
        if started_at is not None and begin <= running.started_at:
            raise CoachError(
                "workday.errors.at_before_start",
                at=shown_moment(begin, now.date()),
                since=shown_moment(running.started_at, now.date()),
            )
        stopped = stop_timer(
            conn,
            now=now,
            ended_at=begin if started_at is not None else None,
            lang=lang,
            user_boundaries=user_boundaries,
        )
    timer = start_timer(
        conn,
        task,
        now=now,
        mission=mission,
        activity=activity,
        with_people=with_people,
        started_at=started_at,
    )
    return stopped, timer


def elapsed_minutes(started_at: datetime, end: datetime) -> int:
    """Whole minutes from ``started_at`` to ``end``, rounded, at least one."""
    return max(1, round((end - started_at).total_seconds() / 60))


def is_too_long(started_at: datetime, now: datetime) -> bool:
    """Whether stopping at ``now`` needs the user's word: past the limit or past midnight."""
    return now - started_at > LONG_AFTER or now.date() != started_at.date()


def stop_timer(
    conn: sqlite3.Connection,
    *,
    now: datetime,
    ended_at: datetime | None = None,
    accept_long: bool = False,
    lang: str = "fr",
    user_boundaries: Path | None = None,
) -> Stopped:
    """Stop the timer and write its entry on the day it started, through ``log_entry``.

    Without ``ended_at`` the entry ends ``now``; a timer past the limit raises
    :class:`TimerTooLong` unless ``accept_long``. The timer is claimed first, so that two
    processes stopping it at once write one entry; if the entry cannot be written the
    timer is put back and nothing is lost.
    """
    from cm_coach.core.dates import MAX_DURATION
    from cm_coach.core.entries import log_entry
    from cm_coach.store import plan as plan_store
    from cm_coach.store import timer as store
    from cm_coach.store.db import transaction

    timer = current(conn)
    if timer is None:
        raise CoachError("workday.errors.no_timer")
    end = (ended_at or now).replace(microsecond=0)
    if ended_at is None and not accept_long and is_too_long(timer.started_at, now):
        raise TimerTooLong(timer, now)
    if ended_at is not None and end <= timer.started_at:
        raise CoachError(
            "workday.errors.at_before_start",
            at=shown_moment(end, now.date()),
            since=shown_moment(timer.started_at, now.date()),
        )
    if end > now:
        raise CoachError("workday.errors.at_future", at=shown_moment(end, now.date()))
    minutes = elapsed_minutes(timer.started_at, end)  # stopped at once: one minute
    if minutes > MAX_DURATION:
        from cm_coach.models import Minutes

        raise CoachError("workday.errors.span_too_long", duration=Minutes(minutes))
    with transaction(conn):
        row = store.claim(conn, timer.started_at.isoformat())
    if row is None:  # stopped meanwhile, from another window
        raise CoachError("workday.errors.no_timer")
    try:
        logged = log_entry(
            conn,
            timer.task,
            minutes,
            day=timer.started_at.date(),
            mission=timer.mission,
            activity=timer.activity,
            # The names typed at the start (--with): accepted then, so new ones are created.
            with_people=timer.people,
            new_people=True,
            lang=lang,
            user_boundaries=user_boundaries,
        )
    except BaseException:
        with transaction(conn):
            store.put_back(conn, row)
        raise
    if timer.plan_item_id is not None:
        with transaction(conn):
            plan_store.link_entry(conn, timer.plan_item_id, logged.entry.id)
    return Stopped(timer, logged, end)


def discard_timer(conn: sqlite3.Connection) -> RunningTimer:
    """Drop the running timer without writing anything."""
    from cm_coach.store import timer as store
    from cm_coach.store.db import transaction

    timer = current(conn)
    if timer is None:
        raise CoachError("workday.errors.no_timer")
    with transaction(conn):
        if store.claim(conn, timer.started_at.isoformat()) is None:
            raise CoachError("workday.errors.no_timer")
    return timer


# --- what the user reads and types ---------------------------------------------------------


def stopwatch(minutes: int) -> str:
    """``0:07``, ``1:05``, ``14:30``: a running timer's elapsed time, as a stopwatch shows it."""
    hours, rest = divmod(max(0, minutes), 60)
    return f"{hours}:{rest:02d}"


def status_line(task: str, started_at: datetime, mission: str | None, now: datetime) -> str:
    """One short line for a shell prompt or the app's header: ``⏱ 1:05 task · mission``,
    with ``⚠`` once the timer runs past the limit."""
    shown = task if len(task) <= 40 else task[:39] + "…"
    elapsed = max(0, int((now - started_at).total_seconds() // 60))
    line = f"⏱ {stopwatch(elapsed)} {shown}"
    if mission:
        line += f" · {mission}"
    return line + (" ⚠" if is_too_long(started_at, now) else "")


def shown_moment(moment: datetime, today: date) -> Moment:
    """A moment for a message: ``9h05`` (fr) or ``09:05`` (en), with its day when it is not
    ``today``, as :func:`format_clock` writes it, in the reader's language."""
    return Moment(moment, today)


def format_clock(moment: datetime, lang: str, today: date) -> str:
    """``9h05`` (fr) or ``09:05`` (en), with the day in front when it is not ``today``."""
    from cm_coach.core.i18n import clock_text

    return clock_text(moment, lang, today)


def _clock_time(text: str) -> time:
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")
    match = re.fullmatch(r"([0-9]{1,2})(?:(?:h|:)([0-9]{2})?)?", plain)
    if not match or int(match[1]) > 23 or int(match[2] or 0) > 59:
        raise CoachError("workday.errors.bad_time", value=text.strip()[:40])
    return time(int(match[1]), int(match[2] or 0))


def parse_moment(text: str, *, after: datetime | None, now: datetime) -> datetime:
    """A moment typed by the user: ``15h30``, ``15:30``, ``15h``, or a day then a time
    (``hier 18h``, ``2026-11-24 18:00``). A bare time is the first such time after ``after``
    (the timer's start: ``--at 0h15`` on a timer started at 23:00 is past midnight), or
    today's when there is no ``after``."""
    import re

    from cm_coach.core.dates import parse_date

    words = re.sub(r"(?<=[0-9])T(?=[0-9])", " ", str(text)).split()
    if not words or len(str(text)) > 100:
        raise CoachError("workday.errors.bad_time", value=str(text).strip()[:40])
    clock = _clock_time(words[-1])
    if len(words) > 1:
        day: date = parse_date(" ".join(words[:-1]), now.date())
        return datetime.combine(day, clock)
    if after is None:
        return datetime.combine(now.date(), clock)
    moment = datetime.combine(after.date(), clock)
    while moment <= after and moment + timedelta(days=1) <= now:
        moment += timedelta(days=1)
    if moment <= after:
        raise CoachError(
            "workday.errors.at_before_start",
            at=shown_moment(moment, now.date()),
            since=shown_moment(after, now.date()),
        )
    return moment
