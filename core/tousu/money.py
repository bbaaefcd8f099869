"""Exact money: amounts are `Decimal` yuan quantized to the fen, rounded half-up.

Floats never carry money: a value that arrives as a float is refused, because 0.1 + 0.2
already differs from 0.3 by the time it reaches us.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
#: No amount reaches a quadrillion yuan; larger input is a typo or an attack.
LARGEST = Decimal(10) ** 15
_AMOUNT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
#: Commas only as thousands separators ("12,345.60"): "500,00" (a decimal comma) is not 50000.
_GROUPED = re.compile(r"^[^,]*$|^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def to_fen(amount: Decimal) -> Decimal:
    """Round an amount to the fen, half-up (0.005 → 0.01), as the desk pays it."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def parse_amount(value: object, *, allow_negative: bool = False) -> Decimal:
    """Read a money amount from a string, int or Decimal; refuse floats, bools and junk.

    Raises ValueError with a message fit for the user ("expected a decimal amount ...").
    """
    if isinstance(value, bool | float):
        raise ValueError(
            f"expected a decimal amount as a string such as \"500.00\", got {value!r} "
            "(floats are not exact)"
        )
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str) and _AMOUNT.match(value.strip().replace(",", "")) and _GROUPED.match(value.strip()):
        try:
            amount = Decimal(value.strip().replace(",", ""))
        except InvalidOperation as exc:  # pragma: no cover - regex already guards
            raise ValueError(f"expected a decimal amount, got {value!r}") from exc
    else:
        raise ValueError(f"expected a decimal amount, got {value!r}")
    if not amount.is_finite():
        raise ValueError(f"expected a finite amount, got {value!r}")
    if abs(amount) >= LARGEST:  # beyond this, rounding to the fen overflows the decimal context
        raise ValueError(f"expected an amount below {LARGEST:,} yuan, got {value!r}")
    if amount < 0 and not allow_negative:
        raise ValueError(f"expected an amount of zero or more, got {value!r}")
    if amount.as_tuple().exponent < -2 and amount != to_fen(amount):  # type: ignore[operator]
        raise ValueError(f"expected an amount with at most 2 decimal places (fen), got {value!r}")
    return to_fen(amount)


def format_amount(amount: Decimal) -> str:
    """The JSON form of money: a decimal string with exactly two places ("1234.50")."""
    return str(to_fen(amount))
