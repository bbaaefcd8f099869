"""How the core's recording and reading commands read what was typed: a complaint id as
typed (``c5``), ``--field K=V`` pairs and a ``--facts FILE.toml``.

Only their commands take these (``intake``, ``act``, ``compensate``, ``show``), so they live
here rather than with what every command of the group shares (`tousu.door`).
"""

from __future__ import annotations

import tomllib
from typing import Any

import click

from tousu.default_plugins.doors.fields import parse_fields
from tousu.default_plugins.ids import complaint_id
from tousu.errors import InputError

FIELD_OPTION = click.option("--field", "fields", multiple=True, metavar="K=V", help="A fact, repeatable.")


def fields_of(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``--field K=V`` pairs as facts."""
    return parse_fields(pairs)


def typed_id(value: str) -> str:
    """A complaint id as typed (``c5``, `` C00000005 ``) in its stored form (`tousu.default_plugins.ids`)."""
    return complaint_id(value)


def read_facts(path: str | None) -> dict[str, Any]:
    """Facts from a ``--facts FILE.toml`` (arrays of tables such as ``[[dependants]]`` allowed)."""
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise InputError(f"--facts {path}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"--facts {path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise InputError(f"--facts {path}: not valid TOML: nested too deeply") from None
    except (OSError, ValueError) as exc:  # a folder, no permission, a NUL in the name
        raise InputError(f"--facts {path}: cannot read it: {getattr(exc, 'strerror', None) or exc}") from None


__all__ = ["FIELD_OPTION", "fields_of", "read_facts", "typed_id"]
