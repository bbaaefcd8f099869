"""Reading ``--field K=V`` facts: values arrive as strings from the CLI, typed from TOML files.

Plugins use these helpers so that ``--field amount=500.00`` and ``amount = "500.00"`` in a
``--facts`` file mean the same, and so that a bad value is an `InputError` naming the field.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any

from tousu.errors import InputError
from tousu.locales import answer
from tousu.money import parse_amount
from tousu.timeutil import parse_instant

_TRUE = {"true", "yes", "1", "y", "是"}
_FALSE = {"false", "no", "0", "n", "否"}


def fact_str(facts: dict[str, Any], key: str, default: str | None = None) -> str | None:
    value = facts.get(key, default)
    return None if value is None else str(value)


def fact_bool(facts: dict[str, Any], key: str, default: bool | None = None) -> bool | None:
    if key not in facts:
        return default
    value = facts[key]
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    meaning = answer(text)  # the words plugins register (``满意``: `tousu.locales`)
    if meaning is not None:
        return meaning
    raise InputError(f"--field {key}={value}: expected true or false")


def fact_int(facts: dict[str, Any], key: str, default: int | None = None, *, low: int | None = None, high: int | None = None) -> int | None:
    if key not in facts:
        return default
    value = facts[key]
    try:
        if isinstance(value, bool | float):
            raise ValueError
        number = int(str(value).strip())
    except ValueError:
        raise InputError(f"--field {key}={value}: expected a whole number") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise InputError(f"--field {key}={value}: expected a whole number from {low} to {high}")
    return number


def fact_amount(facts: dict[str, Any], key: str, default: Decimal | None = None) -> Decimal | None:
    if key not in facts:
        return default
    try:
        return parse_amount(facts[key])
    except ValueError as exc:
        raise InputError(f"--field {key}: {exc}") from None


def fact_instant(facts: dict[str, Any], key: str, tz: tzinfo, default: datetime | None = None) -> datetime | None:
    if key not in facts:
        return default
    value = facts[key]
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    return parse_instant(str(value), tz, what=f"--field {key}")
