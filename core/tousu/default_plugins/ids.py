"""Complaint ids as people type them: ``c5``, ``C5`` and `` C00000005 `` all mean ``C00000005``.

A door normalizes what was typed before asking the App, so a receptionist reading an id off
a form or a phone call need not count zeros. Anything that is not a complaint id's shape is
passed on trimmed and answers "not found" as before. Shared by the default plugins that read
a typed id (the core's commands, the desk's API, merge's target); the kernel reads none.
"""

from __future__ import annotations

import re

_ID = re.compile(r"[Cc]\s*0*(\d{1,9})")
#: Digits of a stored id (``C`` + 8 digits; wider once the counter passes 99,999,999).
DIGITS = 8


def complaint_id(text: str) -> str:
    """The canonical form of a typed complaint id (``C`` and eight digits)."""
    raw = text.strip()
    match = _ID.fullmatch(raw)
    if match is None:
        return raw
    return f"C{int(match.group(1)):0{DIGITS}d}"


__all__ = ["complaint_id"]
