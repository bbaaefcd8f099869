"""What every door writes with, domain plugins' commands included: `clean` (text safe for a
terminal) and `dumps` (a ``--json`` document).

Anything a user typed is stripped of control characters before it reaches a terminal, so
stored text can never move the cursor or recolour the screen; JSON is written by
`tousu.serialize`, one way for every door. The masking of personal data in the lines a door
writes (`mask_text`: the CLI's error line, the API's error body, an import's rejected record),
who may see it in clear, the masked views and the audit of views in clear are the default
plugins' doors' (`tousu.default_plugins.doors.privacy`), and so are the complaint's document
and its history lines (`tousu.default_plugins.doors.render`).
"""

from __future__ import annotations

import re
from typing import Any

from tousu.serialize import to_json

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean(text: Any) -> str:
    """Text safe for a terminal on one line: control, line-break and bidi-override characters
    become visible escapes, so stored text can neither recolour the screen nor forge a line."""
    return _CONTROL.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return "\\n"
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def dumps(document: Any) -> str:
    """A ``--json`` document: indented for people reading it, written by `tousu.serialize`."""
    return to_json(document, indent=2)


__all__ = ["clean", "dumps"]
