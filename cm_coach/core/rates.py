"""A mission's rate turned into amounts: the one rule for what a number of minutes costs.

A daily rate counts a day as ``DAY_HOURS`` hours of work. Amounts are rounded to the cent
on running totals, so that the lines of a timesheet or a report add up to the total.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DAY_HOURS = 7  # a working day, for daily rates (said in the report next to the amounts)
CENT = Decimal("0.01")


def amount(minutes: int, rate: float, unit: str | None) -> Decimal:
    """What ``minutes`` of work cost at ``rate`` per ``unit`` (hour by default), to the cent."""
    hours = Decimal(minutes) / 60
    per_hour = Decimal(str(rate)) / (DAY_HOURS if unit == "day" else 1)
    return (hours * per_hour).quantize(CENT, rounding=ROUND_HALF_UP)


def days(minutes: int) -> Decimal:
    """Minutes as working days (two decimals), for a daily rate's quantity."""
    return (Decimal(minutes) / 60 / DAY_HOURS).quantize(CENT, rounding=ROUND_HALF_UP)
