"""Numbers in the reader's language: ``27 900`` and ``12,5`` in French, ``27,900`` and ``12.5``
in English.

French groups thousands with a narrow no-break space (U+202F) and writes the decimal comma;
the unit after a number is held to it with a no-break space, so that a printed line never
breaks between ``12,5`` and ``h``. Hours are derived from whole minutes in one place, so that
a total in hours always equals the sum of its lines' minutes.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def _group(digits: str, lang: str) -> str:
    separator = NARROW_NBSP if lang == "fr" else ","
    head, rest = digits[: len(digits) % 3 or 3], digits[len(digits) % 3 or 3 :]
    return separator.join([head, *(rest[i : i + 3] for i in range(0, len(rest), 3))])


def decimal(value: float | int | Decimal, lang: str, digits: int = 0) -> str:
    """``value`` rounded half up to ``digits`` decimals, grouped and punctuated for ``lang``."""
    quantum = Decimal(1).scaleb(-digits)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = sign + _group(whole, lang)
    if fraction:
        text += ("," if lang == "fr" else ".") + fraction
    return text


def integer(value: int, lang: str) -> str:
    """``27900`` → ``27 900`` (fr) or ``27,900`` (en)."""
    return decimal(value, lang, 0)


def hours_value(minutes: int) -> Decimal:
    """Whole minutes as exact hours with two decimals (what a timesheet bills).

    Rounded once, from the minutes: 91 h 00 stays 91.00 whatever the lines were."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def hours(minutes: int, lang: str) -> str:
    """``750`` minutes → ``12,5 h`` (fr) / ``12.5 h`` (en); whole hours without decimals."""
    value = hours_value(minutes)
    digits = (
        0
        if value == value.to_integral_value()
        else (1 if value * 10 == (value * 10).to_integral_value() else 2)
    )
    return decimal(value, lang, digits) + NBSP + "h"


def money(amount: float | Decimal, lang: str, currency: str | None = None) -> str:
    """``1234.5`` → ``1 234,50`` (fr) / ``1,234.50`` (en); whole amounts without cents.
    With a currency: ``1 234,50 €`` in French, ``€1,234.50`` in English."""
    value = Decimal(str(amount))
    digits = 0 if value == value.to_integral_value() else 2
    text = decimal(value, lang, digits)
    if not currency:
        return text
    if lang == "fr" or len(currency) > 1:
        return text + NBSP + currency
    return currency + text
