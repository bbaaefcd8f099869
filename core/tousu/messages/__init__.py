"""The message catalog: every string a desk reads, in each organization's language.

``text(lang, message_id, **values)`` formats the entry of `message_id` in `lang` (``zh`` or
``en``) with `values` (``str.format`` fields). Every id carries both languages; a test fails
when one lacks either (`tests/usability/catalog_check.py`), so a ``zh`` desk never meets an English line because somebody forgot
a translation. Other parts of tousu and plugins add their own ids with `register` (ids are
dotted by area: ``list.header.status``, ``error.not_found``).

This is the mechanism only. The core's own words (its messages, its English refusal lines and
their translations, the labels of its statuses, actions and roles) and the formatter's
conversions (``{status!l}``: a label; ``!L``, ``!i``, ``!t``) are the default plugin named by
`tousu.plugins.DEFAULT_WORDS`, imported the first time the catalog is used (`words`), as a
domain plugin's words are registered when its messages module is imported.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

#: The languages every id must have.
LANGUAGES = ("zh", "en")

CATALOG: dict[str, dict[str, str]] = {}

_words: ModuleType | None = None
_loading = False
_lock = threading.RLock()  # a second thread waits for the words; the importing one goes on


def _load() -> None:
    """Import the core's words (`tousu.plugins.DEFAULT_WORDS`) once, on first use: its import
    registers the core's entries, so they come first, before any plugin's."""
    global _words, _loading
    if _words is not None:
        return
    with _lock:
        if _words is None and not _loading:
            _loading = True  # its own `register` calls must not import it again
            try:
                from tousu.plugins import DEFAULT_WORDS, named

                _words = named(DEFAULT_WORDS)
            finally:
                _loading = False


def words() -> ModuleType:
    """The core's words: the formatter (`format_text`), `localize`, the labels (`Labeller`,
    `org_domains`) a door reads a message with."""
    _load()
    if _words is None:
        raise RuntimeError("the core's words are used while they are being imported")
    return _words


def register(messages: Mapping[str, Mapping[str, str]], *, replace: bool = False) -> None:
    """Add message ids (``{id: {"zh": ..., "en": ...}}``); an id already taken is refused
    unless `replace`, so two areas cannot silently fight over one id."""
    _load()
    for message_id, entry in messages.items():
        if message_id in CATALOG and not replace and CATALOG[message_id] != dict(entry):
            raise ValueError(f"message id {message_id!r} is already registered")
        CATALOG[message_id] = dict(entry)


def text(lang: str, message_id: str, _labeller: Callable[[str], str] | None = None, **values: Any) -> str:
    """The message `message_id` in `lang` (an unknown language reads English), formatted;
    `_labeller` labels ``!l`` fields with a domain's own labels (else the core's)."""
    formatter = words()
    entry = CATALOG[message_id]
    template = entry.get(lang) or entry["en"]
    return formatter.format_text(lang, template, _labeller, values) if values else template


def has(message_id: str) -> bool:
    _load()
    return message_id in CATALOG


__all__ = ["CATALOG", "LANGUAGES", "has", "register", "text", "words"]
