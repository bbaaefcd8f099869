"""Masking personal data in exports: the helpers live in `tousu.default_plugins.doors.privacy` (shared with ``show``,
``list`` and ``due``); this module keeps the names the bulk paths import.
"""

from __future__ import annotations

from tousu.default_plugins.doors.privacy import (
    mask_address,
    mask_contact,
    mask_email,
    mask_fields,
    mask_name,
    mask_phone,
    mask_text,
)

__all__ = ["mask_address", "mask_contact", "mask_email", "mask_fields", "mask_name", "mask_phone", "mask_text"]
