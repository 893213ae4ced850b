"""Numbers in the reader's language: ``27 900`` and ``12,5`` in French, ``27,900`` and ``12.5``
in English.

French groups thousands with a narrow no-break space (U+202F) and writes the decimal comma;
the unit after a number is held to it with a no-break space, so that a printed line never
breaks between ``12,5`` and ``h``. Hours are derived from whole minutes in one place, so that
a total in hours always equals the sum of its lines' minutes.
"""

from __future__ import annotations

import math

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~3 ms)

if TYPE_CHECKING:  # decimal costs an import the journal exports do without
    from decimal import Decimal

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def _group(digits: str, lang: str) -> str:
    separator = NARROW_NBSP if lang == "fr" else ","
    head, rest = digits[: len(digits) % 3 or 3], digits[len(digits) % 3 or 3 :]
    return separator.join([head, *(rest[i : i + 3] for i in range(0, len(rest), 3))])


def _half_up(value: float, digits: int) -> int:
    """``value`` × 10^digits rounded half away from zero (the tiny epsilon undoes binary
    fractions such as 2.675 being stored as 2.67499…)."""
    scaled = abs(float(value)) * 10**digits
    return int(math.copysign(math.floor(scaled + 0.5 + 1e-9), float(value)))


def decimal(value: float | int | Decimal, lang: str, digits: int = 0) -> str:
    """``value`` rounded half up to ``digits`` decimals, grouped and punctuated for ``lang``."""
    units = _half_up(float(value), digits)
    sign = "-" if units < 0 else ""
    whole, fraction = divmod(abs(units), 10**digits)
    text = sign + _group(str(whole), lang)
    if digits:
        text += ("," if lang == "fr" else ".") + f"{fraction:0{digits}d}"
    return text


def integer(value: int, lang: str) -> str:
    """``27900`` → ``27 900`` (fr) or ``27,900`` (en)."""
    return decimal(value, lang, 0)


def hundredths(minutes: int) -> int:
    """Whole minutes as hours in hundredths, rounded half up (what a timesheet bills):
    rounded once, from the minutes, so 91 h 00 stays 91.00 whatever the lines were."""
    return (minutes * 200 + 60) // 120


def hours_value(minutes: int) -> Decimal:
    """:func:`hundredths` as an exact ``Decimal`` (the amounts and the spreadsheet)."""
    from decimal import Decimal

    return Decimal(hundredths(minutes)) / 100


def hours(minutes: int, lang: str) -> str:
    """``750`` minutes → ``12,5 h`` (fr) / ``12.5 h`` (en); whole hours without decimals."""
    return hours_text(hundredths(minutes), lang)


def hours_text(value: int, lang: str) -> str:
    """Hours given in hundredths (``1250``) as ``12,5 h``: as few decimals as they need."""
    digits = 0 if value % 100 == 0 else (1 if value % 10 == 0 else 2)
    return decimal(value / 100, lang, digits) + NBSP + "h"


def money(amount: float | Decimal, lang: str, currency: str | None = None, *, cents: bool = False) -> str:
    """``1234.5`` → ``1 234,50`` (fr) / ``1,234.50`` (en); whole amounts without cents unless
    ``cents`` (a bill's column). With a currency: ``1 234,50 €`` in French, ``€1,234.50`` in English."""
    whole = _half_up(float(amount), 2) % 100 == 0
    text = decimal(float(amount), lang, 0 if whole and not cents else 2)
    if not currency:
        return text
    if lang == "fr" or len(currency) > 1:
        return text + NBSP + currency
    return currency + text
