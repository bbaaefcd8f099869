"""The one cattrs converter and the one JSON writer: config, settings and every JSON tousu
writes (``--json``, the API, exports, reports, the outbox, the access log) pass through here.

Money is structured from strings or ints only (never floats) and unstructured as a two-place
decimal string; durations read as ``"10m"``, ``"2d"`` and are written the same way.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from tousu.calendar import Duration, as_duration
from tousu.calendar import parse as parse_span
from tousu.money import format_amount, parse_amount
from tousu.timeutil import parse_duration

converter = cattrs.Converter(forbid_extra_keys=True)


def _structure_decimal(value: Any, _type: Any) -> Decimal:
    return parse_amount(value)


def _structure_duration(value: Any, _type: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    try:  # a value that is not text fails to match as a malformed text does: one error for both
        return parse_duration(value, what="duration")
    except Exception:
        raise ValueError(f"expected a duration such as \"10m\", \"2h\" or \"3d\", got {value!r}") from None


def _structure_working_duration(value: Any, _type: Any) -> Duration:
    """A setting typed `tousu.calendar.Duration` also takes working units (``15wd``, ``8wh``)."""
    if isinstance(value, timedelta):
        return as_duration(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a duration such as \"10m\", \"3d\" or \"15wd\", got {value!r}")
    try:
        return parse_span(value)
    except Exception:
        raise ValueError(
            f"expected a duration such as \"10m\", \"2h\", \"3d\", or working time \"15wd\", \"8wh\", got {value!r}"
        ) from None


def format_duration(value: timedelta) -> str:
    """The config form of a duration: the largest whole unit (``"10m"``, ``"3d"``), or as written
    (``"15wd"``): `tousu.calendar.as_duration`'s text."""
    return as_duration(value).text


def _structure_str(value: Any, _type: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _structure_int(value: Any, _type: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r}")
    return value


def _structure_bool(value: Any, _type: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_unstructure_hook(Decimal, format_amount)
converter.register_structure_hook(timedelta, _structure_duration)
converter.register_unstructure_hook(timedelta, format_duration)
converter.register_structure_hook(Duration, _structure_working_duration)
converter.register_unstructure_hook(Duration, format_duration)
converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(bool, _structure_bool)
converter.register_unstructure_hook(datetime, lambda d: d.isoformat())


def to_json(value: Any, *, indent: int | None = None, sort_keys: bool = False, compact: bool = False) -> str:
    """JSON as tousu writes it everywhere: UTF-8 text as typed (never ``\\u`` escapes), instants
    in whole seconds with their offset, anything else that is not JSON (a Decimal, a path) as
    its text. `compact` drops the spaces (the API: json's indenting encoder is five times slower)."""
    separators = (",", ":") if compact else None
    return json.dumps(
        value, ensure_ascii=False, indent=indent, sort_keys=sort_keys, separators=separators, default=json_default
    )


def json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")  # JSON holds whole seconds (see timeutil.show)
    return str(value)


def error_lines(exc: BaseException, path: str) -> list[str]:
    """Turn a cattrs structuring error into ``path.to.key: what was expected`` lines."""
    lines: list[str] = []
    _walk(exc, path, lines)
    return lines or [f"{path}: {exc}"]


def _walk(exc: BaseException, path: str, lines: list[str]) -> None:
    if isinstance(exc, ClassValidationError | IterableValidationError):
        for sub in exc.exceptions:
            notes = getattr(sub, "__notes__", [])
            sub_path = path
            for note in notes:
                name = getattr(note, "name", None)
                index = getattr(note, "index", None)
                if name is not None:
                    sub_path = f"{path}.{name}" if path else name
                elif index is not None:
                    sub_path = f"{path}[{index!r}]" if not isinstance(index, str) else f"{path}.{index}"
            _walk(sub, sub_path, lines)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            lines.append(f"{path}.{key}: unknown key (check the spelling; allowed: {_allowed(exc)})")
    elif isinstance(exc, KeyError):
        lines.append(f"{path}: required key is missing")
    elif isinstance(exc, ValueError | TypeError):
        message = str(exc)
        if "expected" not in message:
            message = f"invalid value ({message})"
        lines.append(f"{path}: {message}")
    else:
        lines.append(f"{path}: {exc}")


def _allowed(exc: ForbiddenExtraKeysError) -> str:
    import attrs

    cls = exc.cl
    if attrs.has(cls):
        return ", ".join(a.name for a in attrs.fields(cls))
    return "see the documentation"
