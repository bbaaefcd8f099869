"""What every door writes with, domain plugins' commands included: `clean` (text safe for a
terminal), `mask_text` (free text with personal data masked) and `dumps` (a ``--json`` document).

Anything a user typed is stripped of control characters before it reaches a terminal, so
stored text can never move the cursor or recolour the screen; phone numbers and e-mail
addresses are masked in any line a door writes that may quote one (the CLI's error line, the
API's error body, an import's rejected record); JSON is written by `tousu.serialize`, one way
for every door. Who may see a complaint's personal data in clear, the masked views and the
audit of views in clear are the default plugins' doors' (`tousu.default_plugins.doors.privacy`),
and so are the complaint's document and its history lines (`tousu.default_plugins.doors.render`).

Masking is one-way and deliberately coarse: names ``张*``, phone numbers ``138****5678``,
addresses ``北京市****``. How phone numbers are written is a country's, registered by plugins
(`tousu.locales`; China's by ``cn_calendar``); e-mail addresses look alike everywhere and stay here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tousu.locales import phone_patterns
from tousu.serialize import to_json

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: Bounded parts (RFC 5321 lengths) keep the scan linear: an unbounded local part made a
#: 100 kB value without "@" take half a minute to scan (every start backtracked to the end).
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")


def clean(text: Any) -> str:
    """Text safe for a terminal on one line: control, line-break and bidi-override characters
    become visible escapes, so stored text can neither recolour the screen nor forge a line."""
    return _CONTROL.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return "\\n"
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def mask_email(match: re.Match[str]) -> str:
    local, _, host = match.group().partition("@")
    return f"{local[:1]}***@{host}"


def mask_text(text: str, known: Iterable[str] = ()) -> str:
    """Free text with every phone number and e-mail address masked, and each of the `known`
    personal strings (the complainant's name, the parts of the contact) where it is quoted."""
    masked = text
    for phone in phone_patterns():  # the numbers plugins say people write (`tousu.locales`)
        masked = phone.pattern.sub(phone.mask, masked)
    masked = _EMAIL.sub(mask_email, masked) if "@" in masked else masked
    for secret in known:
        if secret in masked:
            masked = masked.replace(secret, mask_name(secret) if len(secret) <= 4 else mask_address(secret))
    return masked


def mask_name(name: str) -> str:
    """``张三`` → ``张*``: the family name (or first letter) stays, the rest and its length go."""
    name = name.strip()
    return f"{name[0]}*" if name else ""


def mask_address(text: str) -> str:
    """``北京市朝阳区建国路88号`` → ``北京市****``: the first three characters stay."""
    text = text.strip()
    if not text:
        return ""
    return text[:3] + "****" if len(text) > 3 else text[:1] + "*" * (len(text) - 1)


def dumps(document: Any) -> str:
    """A ``--json`` document: indented for people reading it, written by `tousu.serialize`."""
    return to_json(document, indent=2)


__all__ = ["clean", "dumps", "mask_address", "mask_email", "mask_name", "mask_text"]
