"""The only place that reads the machine's clock.

``CM_COACH_TODAY=YYYY-MM-DD`` fixes "today" for demos, tests and benchmarks, and
``CM_COACH_NOW=YYYY-MM-DDTHH:MM`` the moment (the timer's start and stop). Everything
else receives the day as a parameter, so that no result depends on the date a test runs
(a test keeps every other module off ``date.today()`` and ``datetime.now()``).
A module of its own, importing nothing heavy, because the shell start-up path needs it.
"""

from __future__ import annotations

import os
from datetime import date, datetime

TODAY_ENV = "CM_COACH_TODAY"
NOW_ENV = "CM_COACH_NOW"


def today_from_env() -> date:
    """The user's "today": the fixed day if one is set, else the machine's date."""
    fixed = os.environ.get(TODAY_ENV)
    if fixed:
        return date.fromisoformat(fixed)
    moment = os.environ.get(NOW_ENV)
    return datetime.fromisoformat(moment).date() if moment else date.today()


def now() -> datetime:
    """The moment, for time stamps (creation times, backup and log file names): never
    used to decide which day something belongs to."""
    return datetime.now()


def now_from_env() -> datetime:
    """The user's "now", to the second, for what is decided by the time of day (the
    timer): the fixed moment if one is set; else the fixed day (if any) at the machine's
    time of day, so that a timer started under a fixed day lands on that day."""
    fixed = os.environ.get(NOW_ENV)
    if fixed:
        return datetime.fromisoformat(fixed).replace(tzinfo=None, microsecond=0)
    moment = datetime.now().replace(microsecond=0)
    return datetime.combine(today_from_env(), moment.time())
