"""The catalog's completeness as the tests check it: every id in both languages.

Only the tests ask it (the catalog itself, `tousu.messages`, is the mechanism), so it lives here.
"""

from __future__ import annotations

from tousu import messages


def incomplete() -> dict[str, list[str]]:
    """Ids lacking a language (or holding an empty entry): what the catalog test forbids."""
    messages.words()  # the core's words registered first, as any use of the catalog does
    return {
        mid: [lang for lang in messages.LANGUAGES if not entry.get(lang)]
        for mid, entry in messages.CATALOG.items()
        if any(not entry.get(lang) for lang in messages.LANGUAGES)
    }
