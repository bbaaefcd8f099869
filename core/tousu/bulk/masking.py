"""Masking personal data in exports: names ``张*``, phone numbers ``138****5678``, addresses ``北京市****``.

Masking is one-way and deliberately coarse: an export is for sharing figures and histories,
not identities. Phone numbers are masked wherever they appear in free text (a summary that
quotes a number, a handling note); names and addresses where the register keeps them.
"""

from __future__ import annotations

import re
from typing import Any

#: Chinese mobile numbers (optionally +86 and 3-4-4 separators) and landlines with an area code.
_PHONE = re.compile(
    r"(?<![\d*])(?:\+?86[ -]?)?(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]?\d{7,8})(?![\d*])"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Domain field keys that hold an address.
_ADDRESS_KEY = re.compile(r"address|addr|地址|住址|住所", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,，;；、/]+")


def mask_phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_email(match: re.Match[str]) -> str:
    local, _, host = match.group().partition("@")
    return f"{local[:1]}***@{host}"


def mask_text(text: str) -> str:
    """Free text with every phone number and e-mail address masked."""
    return _EMAIL.sub(mask_email, _PHONE.sub(mask_phone, text))


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


def mask_contact(contact: str) -> str:
    """Phone numbers and e-mails masked as such; any other part of a contact is an address."""
    parts = []
    for token in _SEPARATORS.split(contact.strip()):
        if not token:
            continue
        masked = mask_text(token)
        parts.append(masked if masked != token else mask_address(token))
    return " ".join(parts)


def mask_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """A complaint's domain fields: address keys masked whole, phone numbers in any text."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, str):
            out[key] = mask_address(value) if _ADDRESS_KEY.search(key) else mask_text(value)
        elif isinstance(value, dict):
            out[key] = mask_fields(value)
        elif isinstance(value, list):
            out[key] = [mask_fields(v) if isinstance(v, dict) else mask_text(v) if isinstance(v, str) else v for v in value]
        else:
            out[key] = value
    return out
