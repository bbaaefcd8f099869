"""Reading requests: a JSON object body with known keys of the right types, or a 400.

Every malformed input — not JSON, not an object, nested too deeply, NaN, an unknown key, a
value of the wrong type — is an `InputError` (400 ``{"error": "one line"}``) naming the key,
so a client's mistake can never reach the App half-understood.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from tousu.errors import InputError

#: Nesting a body may have (a real intake's ``fields`` are two or three levels deep).
MAX_DEPTH = 16


def _no_constants(name: str) -> Any:
    raise InputError(f"the body is not valid JSON: {name} is not a number JSON allows")


async def read_json(request: Request) -> Any:
    """The request's body as a JSON object (an empty body is an empty object)."""
    raw = await request.body()
    if not raw.strip():
        return {}
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if kind not in ("application/json", "text/json", ""):
        raise InputError(f"the body must be JSON (Content-Type: application/json), not {kind[:60]}")
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise InputError("the body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"the body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise InputError("the body is not valid JSON: nested too deeply") from None
    if not isinstance(document, dict):
        raise InputError(f"the body must be a JSON object, not {_kind(document)}")
    _check(document, 0)
    return document


def _check(value: Any, level: int) -> None:
    """Refuse a document nested deeper than `MAX_DEPTH`, or with text that is not Unicode
    (a lone surrogate such as ``"\\ud800"`` parses, but cannot be stored or printed)."""
    if level > MAX_DEPTH:
        raise InputError(f"the body is nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("the body holds text that is not valid Unicode (a lone surrogate)") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, level)
            _check(item, level + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, level + 1)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "true or false", type(None): "null"}.get(
        type(value), "a number"
    )


def fields_of(
    body: dict[str, Any], types: dict[str, Any], *, required: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The body's values checked against `types` (key → type or tuple of types); unknown keys refused.

    ``null`` is the same as leaving a key out. `bool` is never accepted for `int`.
    """
    unknown = sorted(set(body) - set(types))
    if unknown:
        raise InputError(f"unknown key {unknown[0]!r} in the body (keys: {', '.join(types)})")
    values: dict[str, Any] = {}
    for key, expected in types.items():
        value = body.get(key)
        if value is None:
            if key in required:
                raise InputError(f"{key!r} is required")
            continue
        allowed = expected if isinstance(expected, tuple) else (expected,)
        if isinstance(value, bool) and bool not in allowed:
            ok = False
        else:
            ok = isinstance(value, allowed)
        if not ok:
            names = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in allowed)
            raise InputError(f"{key!r} must be {names}, not {_kind(value)}")
        if isinstance(value, str) and "\x00" in value:
            raise InputError(f"{key!r} contains a NUL character")
        values[key] = value
    return values


_TYPE_NAMES = {str: "a string", bool: "true or false", int: "a whole number", dict: "an object", list: "an array"}


def query(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    """The query parameters of `names` (unknown ones refused, each given at most once)."""
    params = request.query_params
    unknown = sorted(set(params.keys()) - set(names))
    if unknown:
        raise InputError(f"unknown query parameter {unknown[0]!r} (parameters: {', '.join(names)})")
    out: dict[str, str] = {}
    for name in names:
        given = params.getlist(name)
        if len(given) > 1:
            raise InputError(f"query parameter {name!r} is given {len(given)} times")
        if given and given[0] != "":
            if "\x00" in given[0]:
                raise InputError(f"query parameter {name!r} contains a NUL character")
            out[name] = given[0]
    return out


__all__ = ["MAX_DEPTH", "fields_of", "query", "read_json"]
