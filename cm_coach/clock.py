"""The only place that reads the machine's clock.

``CM_COACH_TODAY=YYYY-MM-DD`` fixes "today" for demos, tests and benchmarks. Everything
else receives the day as a parameter, so that no result depends on the date a test runs
(a test keeps every other module off ``date.today()`` and ``datetime.now()``).
A module of its own, importing nothing heavy, because the shell start-up path needs it.
"""

from __future__ import annotations

import os
from datetime import date, datetime

TODAY_ENV = "CM_COACH_TODAY"


def today_from_env() -> date:
    """The user's "today": the fixed day if one is set, else the machine's date."""
    fixed = os.environ.get(TODAY_ENV)
    return date.fromisoformat(fixed) if fixed else date.today()


def now() -> datetime:
    """The moment, for time stamps (creation times, backup and log file names): never
    used to decide which day something belongs to."""
    return datetime.now()
