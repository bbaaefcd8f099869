"""The message catalog: every string a desk reads, in each organization's language.

``text(lang, message_id, **values)`` formats the entry of `message_id` in `lang` (``zh`` or
``en``) with `values` (``str.format`` fields). Every id carries both languages; a test fails
when one lacks either, so a ``zh`` desk never meets an English line because somebody forgot
a translation. Other parts of tousu and plugins add their own ids with `register` (ids are
dotted by area: ``list.header.status``, ``error.not_found``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from typing import Any

from tousu.messages.desk import MESSAGES as _DESK

#: The languages every id must have.
LANGUAGES = ("zh", "en")

CATALOG: dict[str, dict[str, str]] = {}


def register(messages: Mapping[str, Mapping[str, str]], *, replace: bool = False) -> None:
    """Add message ids (``{id: {"zh": ..., "en": ...}}``); an id already taken is refused
    unless `replace`, so two areas cannot silently fight over one id."""
    for message_id, entry in messages.items():
        if message_id in CATALOG and not replace and CATALOG[message_id] != dict(entry):
            raise ValueError(f"message id {message_id!r} is already registered")
        CATALOG[message_id] = dict(entry)


class _Formatter(string.Formatter):
    """``str.format`` plus conversions for vocabulary: ``{status!l}`` is the label of the value
    in the message's language (``closed`` → 已结案), ``{allowed!L}`` labels each item of a
    comma-separated list, ``{steps!i}`` shows each as ``label（id）`` (ids a user must type
    back), ``{text!t}`` reads a nested rule text (`tousu.messages.said`)."""

    def __init__(self, lang: str, labeller: Callable[[str], str] | None = None) -> None:
        self.lang = lang
        self.labeller = labeller

    def _label(self, value: str) -> str:
        from tousu.labels import label

        return self.labeller(value) if self.labeller is not None else label(value, self.lang)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "l":
            return self._label(str(value)) if value not in (None, "") else "-"
        if conversion == "L":
            sep = "、" if self.lang == "zh" else ", "
            items = re.split(r",\s*|\s+or\s+|\s+and\s+", str(value))
            return sep.join(self._label(v.strip()) for v in items if v.strip())
        if conversion == "i":  # ids a user types back: each as "label（id）", or the id alone
            sep = "、" if self.lang == "zh" else ", "
            items = [v.strip() for v in str(value).split(",") if v.strip()]
            return sep.join(_with_id(self._label(v), v, self.lang) for v in items)
        if conversion == "t":  # a nested text a rule wrote (tousu.messages.said)
            from tousu.messages.said import localize

            return localize(self.lang, str(value), self.labeller)
        return super().convert_field(value, conversion)


def _with_id(shown: str, value: str, lang: str) -> str:
    if shown in (value, value.replace("_", " ")):
        return value
    return f"{shown}（{value}）" if lang == "zh" else f"{shown} ({value})"


def text(lang: str, message_id: str, _labeller: Callable[[str], str] | None = None, **values: Any) -> str:
    """The message `message_id` in `lang` (an unknown language reads English), formatted;
    `_labeller` labels ``!l`` fields with a domain's own labels (else the core's)."""
    entry = CATALOG[message_id]
    template = entry.get(lang) or entry["en"]
    return _Formatter(lang, _labeller).format(template, **values) if values else template


def has(message_id: str) -> bool:
    return message_id in CATALOG


def incomplete() -> dict[str, list[str]]:
    """Ids lacking a language (or holding an empty entry): what the catalog test forbids."""
    return {
        mid: [lang for lang in LANGUAGES if not entry.get(lang)]
        for mid, entry in CATALOG.items()
        if any(not entry.get(lang) for lang in LANGUAGES)
    }


register(_DESK)

__all__ = ["CATALOG", "LANGUAGES", "has", "incomplete", "register", "text"]
