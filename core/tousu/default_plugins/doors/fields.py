"""How a door reads facts typed as ``K=V`` pairs: the command line's ``--field`` and the web
desk's form lines (once `tousu.facts.parse_fields`: only doors parse them).

The pairs arrive as strings; the App and the plugins read each value with `tousu.facts`
(``fact_bool``, ``fact_amount``, …), so a value typed here and one from a ``--facts`` file
mean the same.
"""

from __future__ import annotations

from typing import Any

from tousu.errors import InputError


def parse_fields(pairs: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """``("a=1", "b=x")`` → ``{"a": "1", "b": "x"}``; a pair without ``=`` is an input error."""
    facts: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(f"--field {pair!r}: expected KEY=VALUE, e.g. --field satisfied=true")
        facts[key] = value
    return facts
