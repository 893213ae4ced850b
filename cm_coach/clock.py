"""What "today" is. ``CM_COACH_TODAY=YYYY-MM-DD`` fixes it for demos, tests and benchmarks.

A module of its own, importing nothing heavy, because the shell start-up path needs it.
"""

from __future__ import annotations

import os
from datetime import date

TODAY_ENV = "CM_COACH_TODAY"


def today_from_env() -> date:
    fixed = os.environ.get(TODAY_ENV)
    return date.fromisoformat(fixed) if fixed else date.today()
