"""A mission's rate turned into amounts: the one rule for what a number of minutes costs.

An amount is always the quantity shown on the bill times the rate — hours to the hundredth
for an hourly rate, days to the hundredth for a daily one (a day being ``DAY_HOURS`` hours) —
so that a client who multiplies the two finds the same figure. Lines are added up as shown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DAY_HOURS = 7  # a working day, for daily rates (said in the report next to the amounts)
CENT = Decimal("0.01")


def quantity(minutes: int, unit: str | None) -> Decimal:
    """What is billed: hours (``hour``, the default) or days (``day``), to the hundredth."""
    if unit == "day":
        return (Decimal(minutes) / 60 / DAY_HOURS).quantize(CENT, rounding=ROUND_HALF_UP)
    return (Decimal(minutes) / 60).quantize(CENT, rounding=ROUND_HALF_UP)


def amount(minutes: int, rate: float, unit: str | None) -> Decimal:
    """The quantity of ``minutes`` times ``rate``, to the cent."""
    return (quantity(minutes, unit) * Decimal(str(rate))).quantize(CENT, rounding=ROUND_HALF_UP)


def days(minutes: int) -> Decimal:
    """Minutes as working days (two decimals), for a daily rate's quantity."""
    return quantity(minutes, "day")
