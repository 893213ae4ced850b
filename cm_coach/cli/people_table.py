"""How ``people list`` prints people: one module that the full command and its quick path
share (the quick path answers before the parser, the journal check or the core load)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cm_coach.core.people_text import Text, since, tag_labels


def person_dict(
    name: str,
    platform: str | None,
    tags: Sequence[str],
    missions: Sequence[str],
    note: str | None,
    first: date | None,
    last: date | None,
    exchanges: int,
    open_follow_ups: int,
) -> dict:
    """One person as ``--json`` writes it."""
    return {
        "name": name,
        "platform": platform,
        "tags": list(tags),
        "missions": list(missions),
        "note": note,
        "first_exchange": first.isoformat() if first else None,
        "last_exchange": last.isoformat() if last else None,
        "exchanges": exchanges,
        "open_follow_ups": open_follow_ups,
    }


def table(
    rows: Sequence[tuple[str, str | None, Sequence[str] | str | None, date | str | None, int, int]],
    today: date,
    t: Text,
) -> list[str]:
    """Header, one line per ``(name, platform, tags, last exchange, exchanges, open
    follow-ups)`` and the count. Tags may come joined by commas (or None) and days as ISO
    text (the quick path's raw rows): each distinct day and tag set is worked out once."""
    headers = [t(f"people.col_{key}") for key in ("name", "last", "count", "platform", "tags")]
    width = min(28, max(len(headers[0]), *(len(row[0]) for row in rows)))
    last_width = max(len(headers[1]), 12)
    count_width = max(len(headers[2]), 5)
    lines = [
        f"{headers[0]:<{width}}  {headers[1]:>{last_width}}  {headers[2]:>{count_width}}  {headers[3]:<14}  {headers[4]}"
    ]
    shown_since: dict[object, str] = {}
    shown_tags: dict[object, str] = {}
    # One template for every line: its widths are worked out once, not on each of 5,000 rows
    # (a precision cuts a text as [:width] did). %-formatting: the same text as str.format's
    # "{:<w.w}  {:>w}…" for these strings and counts, at two thirds of its cost.
    line = f"%-{width}.{width}s  %{last_width}s  %{count_width}s  %-14.14s  %s%s"
    append = lines.append
    for name, platform, tags, last, exchanges, open_follow_ups in rows:
        when = shown_since.get(last)
        if when is None:
            day = date.fromisoformat(last) if isinstance(last, str) else last
            when = shown_since[last] = since(day, today, t)
        labels = shown_tags.get(tags)
        if labels is None:
            raw = tags is None or isinstance(tags, str)
            split = [tag for tag in (tags or "").split(",") if tag] if raw else tags
            labels = shown_tags[tags] = tag_labels(split, t)
        append(
            (
                line % (name, when, exchanges, platform or "—", labels, " ✉" if open_follow_ups else "")
            ).rstrip()
        )
    lines.append(t("people.total", count=len(rows)))
    return lines


def quick_list(db_option: str | None, lang: str, as_json: bool) -> int | None:
    """``cm-coach people list [--json]`` without the parser, the journal's daily check or the
    core: one read-only query. None when the journal needs the full path (missing, another
    schema, or today's backup not made yet), which then runs as usual."""
    from cm_coach.clock import today_from_env
    from cm_coach.errors import CoachError
    from cm_coach.paths import database_path
    from cm_coach.store.probe import daily_backup_made, people_listing

    try:
        path = database_path(db_option)
    except CoachError:
        return None  # the full path says what is wrong with it
    today = today_from_env()
    if not path.is_file() or not daily_backup_made(path, today):
        return None
    found = people_listing(path, table=not as_json)
    if found is None:
        return None
    from cm_coach.core.i18n import t as text

    def t(key: str, **params: object) -> str:
        return text(key, lang, **params)

    if as_json:
        import json

        print(json.dumps([_row_dict(row) for row in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(t("people.none"))
        return 0
    print("\n".join(table(found, today, t)))
    return 0


def _row_dict(row: tuple) -> dict:
    _id, _uid, name, platform, tags, note, _created, first, last, exchanges, missions, open_follow_ups = row
    return person_dict(
        name,
        platform,
        [tag for tag in (tags or "").split(",") if tag],
        sorted(missions.split("\x1f"), key=str.casefold) if missions else [],
        note,
        date.fromisoformat(first) if first else None,
        date.fromisoformat(last) if last else None,
        exchanges,
        open_follow_ups,
    )
