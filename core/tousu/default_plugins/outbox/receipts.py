"""Receipt codes: what a complainant quotes to find their case, without an account.

Twelve symbols of Crockford's base32 (no I, L, O, U: nothing to misread aloud) give 60 random
bits from `secrets`, written in three groups: ``K7Q4-M2XD-9FJP``. Guessing one among a
million live cases takes about 2^40 tries on average. Typing is forgiving: case, spaces and
dashes are ignored, and O/I/L read as 0/1/1.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from typing import Any

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
BITS = LENGTH * 5
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
#: A code as it appears in a subject line or a sentence.
CODE_PATTERN = re.compile(r"\b([0-9A-Za-z]{4})-([0-9A-Za-z]{4})-([0-9A-Za-z]{4})\b")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def normalize(text: str) -> str | None:
    """The canonical form of a typed code, or None when it cannot be one."""
    raw = re.sub(r"[\s\-]", "", text or "").upper().translate(_READ_AS)
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def find_code(text: str) -> str | None:
    """The first receipt code written in `text` (a subject line), normalized."""
    for match in CODE_PATTERN.finditer(text or ""):
        code = normalize("".join(match.groups()))
        if code is not None:
            return code
    return None


def receipt_for(outbox: Any, complaint_id: str, org: str, at: datetime) -> str:
    """The complaint's receipt code, drawn now if it has none (inside the caller's transaction)."""
    code = outbox.receipt_of(complaint_id)
    while code is None:
        candidate = new_code()
        if outbox.add_receipt(candidate, complaint_id, org, at):
            code = candidate
    return code
